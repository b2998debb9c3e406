//! The `Store` port on either engine: users, operations, conversion records, dialogues.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::Platform;
use crate::ports::{
    ConversionSource, DustConversionRecord, Finished, ForgetReport, OperationRecord,
    OperationStatus, Recorded, Store, StoreFailure, Transition, UserRecord,
};
use crate::store::engine::{DEFERRED, Engine, SYNCED, Sql, StoreRow, TOGETHER, TxWork};
use crate::store::rows::{
    OPERATION_COLUMNS, USER_COLUMNS, USER_FROM, arm_query, bad, conversion_from, fail, find_user,
    finish_query, ms, operation_from, time, user_from,
};
use crate::store::users::upsert_user_in;
use crate::store::writer::{Durability, WriteKind};

#[async_trait]
impl<E: Engine> Store for E {
    async fn user(
        &self,
        platform: Platform,
        platform_user_id: &str,
        create: bool,
    ) -> Result<Option<UserRecord>, StoreFailure> {
        // Read first: most commands come from known users, and a read takes no write lock.
        let found = find_user(self, platform, platform_user_id).await?;
        if found.is_some() || !create {
            return Ok(found);
        }
        // English: the column's default, the reference language.
        upsert_user_in(self, platform, platform_user_id, "en")
            .await
            .map_err(fail("user"))?;
        find_user(self, platform, platform_user_id).await
    }

    async fn user_by_id(&self, id: i64) -> Result<Option<UserRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE users.id = ?"
        ))
        .bind(id);
        let row = self.read_one(sql).await.map_err(fail("user by id"))?;
        row.as_ref().map(user_from).transpose()
    }

    async fn insert_operation(&self, op: &OperationRecord) -> Result<(), StoreFailure> {
        let sql = Sql::new(
            "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at,
                                     exchange)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&op.id)
        .bind(op.user_id)
        .bind(op.kind.as_str())
        .bind(op.status.as_str())
        .bind(&op.params)
        .bind(ms(op.created_at))
        .bind(ms(op.expires_at))
        .bind(op.exchange.as_str());
        self.exec(sql, DEFERRED)
            .await
            .map_err(fail("insert operation"))?;
        Ok(())
    }

    async fn operation(&self, id: &str) -> Result<Option<OperationRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {OPERATION_COLUMNS} FROM operations WHERE id = ?"
        ))
        .bind(id);
        let row = self.read_one(sql).await.map_err(fail("operation"))?;
        row.as_ref().map(operation_from).transpose()
    }

    async fn update_params(
        &self,
        id: &str,
        status: OperationStatus,
        params: &str,
        expires_at: DateTime<Utc>,
    ) -> Result<bool, StoreFailure> {
        let sql = Sql::new(
            "UPDATE operations SET params = ?, expires_at = ? WHERE id = ? AND status = ?",
        )
        .bind(params)
        .bind(ms(expires_at))
        .bind(id)
        .bind(status.as_str());
        let done = self
            .exec(sql, DEFERRED)
            .await
            .map_err(fail("update params"))?;
        Ok(done == 1)
    }

    async fn transition(
        &self,
        id: &str,
        owner: i64,
        from: OperationStatus,
        to: OperationStatus,
        now: DateTime<Utc>,
    ) -> Result<Transition, StoreFailure> {
        // One UPDATE whose WHERE is the whole check (compare-and-set): SQLite holds the
        // write lock for the statement, and PostgreSQL re-checks the WHERE on the row a
        // concurrent UPDATE left, so check and change are one atomic step on every instance;
        // no read-then-write transaction, so no BEGIN IMMEDIATE round trips.
        let submitted = (to == OperationStatus::Submitting).then_some(ms(now));
        let finished = matches!(
            to,
            OperationStatus::Cancelled | OperationStatus::Expired | OperationStatus::Failed
        )
        .then_some(ms(now));
        let sql = Sql::new(
            "UPDATE operations SET status = ?, submitted_at = COALESCE(?, submitted_at),
                    finished_at = COALESCE(?, finished_at)
             WHERE id = ? AND user_id = ? AND status = ? AND expires_at > ?",
        )
        .bind(to.as_str())
        .bind(submitted)
        .bind(finished)
        .bind(id)
        .bind(owner)
        .bind(from.as_str())
        .bind(ms(now));
        let outcome = match self.exec(sql, SYNCED).await {
            Ok(1) => Transition::Done,
            Ok(_) => Transition::NotApplicable,
            Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Transition::UserBusy,
            Err(e) => return Err(fail("transition")(e)),
        };
        Ok(outcome)
    }

    async fn finish_operation(
        &self,
        id: &str,
        status: OperationStatus,
        result: Option<&str>,
        error: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreFailure> {
        let Some(query) = finish_query(id, status, result, error, now) else {
            return Ok(false);
        };
        let done = self
            .exec(query, SYNCED)
            .await
            .map_err(fail("finish operation"))?;
        Ok(done == 1)
    }

    async fn purge_expired_operations(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure> {
        let sql = Sql::new(
            "DELETE FROM operations WHERE status IN ('selecting', 'pending') AND expires_at < ?",
        )
        .bind(ms(before));
        self.exec(sql, SYNCED)
            .await
            .map_err(fail("purge expired operations"))
    }

    async fn inflight_operations(
        &self,
        user_id: Option<i64>,
    ) -> Result<Vec<OperationRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {OPERATION_COLUMNS} FROM operations
             WHERE status IN ('submitting', 'unknown') AND (? IS NULL OR user_id = ?)
             ORDER BY created_at"
        ))
        .bind(user_id)
        .bind(user_id);
        let rows = self.read(sql).await.map_err(fail("inflight operations"))?;
        rows.iter().map(operation_from).collect()
    }

    async fn unresolved_operations(
        &self,
        user_id: i64,
        since: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OperationRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {OPERATION_COLUMNS} FROM operations
             WHERE user_id = ? AND status = 'unresolved' AND finished_at >= ?
             ORDER BY finished_at DESC LIMIT ?"
        ))
        .bind(user_id)
        .bind(ms(since))
        .bind(i64::from(limit));
        let rows = self
            .read(sql)
            .await
            .map_err(fail("unresolved operations"))?;
        rows.iter().map(operation_from).collect()
    }

    async fn record_dust_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        remind_at: Option<DateTime<Utc>>,
        finish: Option<Finished<'_>>,
    ) -> Result<Recorded, StoreFailure> {
        let assets = serde_json::to_string(&rec.assets).map_err(fail("record dust conversion"))?;
        let source = match rec.source {
            ConversionSource::Dustpan => "dustpan",
            ConversionSource::Exchange => "exchange",
        };
        let record = Sql::new(
            "INSERT INTO dust_conversions
               (user_id, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id,
                target_asset, exchange)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, exchange, tran_id) DO UPDATE SET
               operation_id = COALESCE(dust_conversions.operation_id, excluded.operation_id),
               source = CASE WHEN excluded.operation_id IS NOT NULL THEN 'dustpan'
                             ELSE dust_conversions.source END
             WHERE dust_conversions.operation_id IS NULL AND excluded.operation_id IS NOT NULL",
        )
        .bind(user_id)
        .bind(&rec.batch_id)
        .bind(ms(rec.operate_time))
        .bind(rec.total_gross.to_string())
        .bind(rec.total_fee.to_string())
        .bind(assets)
        .bind(source)
        .bind(&rec.operation_id)
        .bind(&rec.target_asset)
        .bind(rec.exchange.as_str());
        let arm = remind_at.map(|at| arm_query(user_id, rec.exchange, at, &rec.batch_id));
        // With the operation that made it, the operation's synced `submitting` row outlives
        // any crash, and reconciling it finds this conversion in the dust log again and
        // records what is missing (each statement below is idempotent). So the three need
        // not commit together, in this order, nor wait for the disk. Without one, they are
        // one synced transaction.
        let in_order = finish.is_some();
        let finish = finish.and_then(|f| {
            finish_query(
                f.id,
                OperationStatus::Succeeded,
                Some(f.result),
                None,
                f.now,
            )
        });
        let work: TxWork<Recorded, E::Row> = Box::new(move |c| {
            Box::pin(async move {
                let new = c.run(record).await? > 0;
                let armed = match arm {
                    Some(arm) => c.run(arm).await? > 0,
                    None => false,
                };
                let finished = match finish {
                    Some(finish) => c.run(finish).await? > 0,
                    None => false,
                };
                Ok(Recorded {
                    new,
                    armed,
                    finished,
                })
            })
        });
        let kind = if in_order {
            WriteKind::in_order(Durability::Deferred)
        } else {
            TOGETHER
        };
        let recorded = self.transaction(work, kind).await;
        recorded.map_err(fail("record dust conversion"))
    }

    async fn dust_conversions(
        &self,
        user_id: i64,
        limit: u32,
    ) -> Result<Vec<DustConversionRecord>, StoreFailure> {
        let sql = Sql::new(
            "SELECT tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id,
                    target_asset, exchange
             FROM dust_conversions WHERE user_id = ? ORDER BY operate_time DESC, id DESC LIMIT ?",
        )
        .bind(user_id)
        .bind(i64::from(limit));
        let rows = self.read(sql).await.map_err(fail("dust conversions"))?;
        rows.iter()
            .map(|row| conversion_from(row, "dust conversions"))
            .collect()
    }

    async fn dialogue(
        &self,
        user_id: i64,
        now: DateTime<Utc>,
    ) -> Result<Option<String>, StoreFailure> {
        let sql = Sql::new("SELECT state FROM dialogues WHERE user_id = ? AND expires_at > ?")
            .bind(user_id)
            .bind(ms(now));
        let row = self.read_one(sql).await.map_err(fail("dialogue"))?;
        row.map(|r| r.cell(0)).transpose().map_err(fail("dialogue"))
    }

    async fn set_dialogue(
        &self,
        user_id: i64,
        state: Option<&str>,
        expires_at: DateTime<Utc>,
    ) -> Result<(), StoreFailure> {
        let query = match state {
            Some(state) => Sql::new(
                "INSERT INTO dialogues (user_id, state, expires_at) VALUES (?, ?, ?)
                 ON CONFLICT (user_id) DO UPDATE SET state = excluded.state, expires_at = excluded.expires_at",
            )
            .bind(user_id)
            .bind(state)
            .bind(ms(expires_at)),
            None => Sql::new("DELETE FROM dialogues WHERE user_id = ?").bind(user_id),
        };
        self.exec(query, SYNCED)
            .await
            .map_err(fail("set dialogue"))?;
        Ok(())
    }

    async fn set_language(&self, user_id: i64, language: &str) -> Result<(), StoreFailure> {
        let sql = Sql::new("UPDATE users SET language = ? WHERE id = ?")
            .bind(language)
            .bind(user_id);
        self.exec(sql, SYNCED).await.map_err(fail("set language"))?;
        Ok(())
    }

    async fn user_or_create_in(
        &self,
        platform: Platform,
        platform_user_id: &str,
        language: &str,
    ) -> Result<UserRecord, StoreFailure> {
        if let Some(found) = find_user(self, platform, platform_user_id).await? {
            return Ok(found);
        }
        upsert_user_in(self, platform, platform_user_id, language)
            .await
            .map_err(fail("create user"))?;
        find_user(self, platform, platform_user_id)
            .await?
            .ok_or_else(|| StoreFailure::new("user vanished"))
    }

    async fn set_blocked(&self, user_id: i64, blocked: bool) -> Result<(), StoreFailure> {
        let sql = Sql::new("UPDATE users SET blocked = ? WHERE id = ?")
            .bind(blocked)
            .bind(user_id);
        self.exec(sql, SYNCED).await.map_err(fail("set blocked"))?;
        Ok(())
    }

    async fn forget_user(&self, user_id: i64) -> Result<ForgetReport, StoreFailure> {
        // One job: the counts and the delete commit together (the rows go with the user by
        // ON DELETE CASCADE).
        let work: TxWork<ForgetReport, E::Row> = Box::new(move |c| {
            Box::pin(async move {
                let mut counts = [0u64; 3];
                for (n, table) in
                    counts
                        .iter_mut()
                        .zip(["credentials", "dust_conversions", "operations"])
                {
                    let sql = Sql::new(format!("SELECT COUNT(*) FROM {table} WHERE user_id = ?"))
                        .bind(user_id);
                    let found: i64 = match c.first(sql).await? {
                        Some(row) => row.cell(0)?,
                        None => 0,
                    };
                    *n = u64::try_from(found).unwrap_or(0);
                }
                c.run(Sql::new("DELETE FROM users WHERE id = ?").bind(user_id))
                    .await?;
                let [credentials, conversions, operations] = counts;
                Ok(ForgetReport {
                    credentials,
                    conversions,
                    operations,
                })
            })
        });
        self.transaction(work, TOGETHER)
            .await
            .map_err(fail("forget user"))
    }

    async fn probe_write(&self, now: DateTime<Utc>) -> Result<(), StoreFailure> {
        let sql = Sql::new(
            "INSERT INTO health_probe (id, written_at) VALUES (1, ?)
             ON CONFLICT (id) DO UPDATE SET written_at = excluded.written_at",
        )
        .bind(ms(now));
        self.exec(sql, SYNCED)
            .await
            .map(drop)
            .map_err(fail("health probe write"))
    }

    async fn open_operations(&self) -> Result<Vec<crate::ports::OpenOperations>, StoreFailure> {
        let sql = Sql::new(
            "SELECT status, COUNT(*) AS n, MIN(COALESCE(submitted_at, created_at)) AS oldest
             FROM operations
             WHERE status IN ('selecting', 'pending', 'submitting', 'unknown')
             GROUP BY status",
        );
        let rows = self.read(sql).await.map_err(fail("open operations"))?;
        rows.iter()
            .map(|row| {
                let status: String = row.cell("status").map_err(fail("open operations"))?;
                let n: i64 = row.cell("n").map_err(fail("open operations"))?;
                let oldest: i64 = row.cell("oldest").map_err(fail("open operations"))?;
                Ok(crate::ports::OpenOperations {
                    status: OperationStatus::parse(&status)
                        .ok_or_else(|| bad(format!("bad status {status}")))?,
                    count: u64::try_from(n).unwrap_or(0),
                    oldest: time(oldest),
                })
            })
            .collect()
    }
}
