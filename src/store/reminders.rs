//! The `ReminderStore` port on either engine: one reminder row per user per exchange,
//! claimed before sending.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::ports::{
    OutboxRecord, OutboxStatus, Preferences, ReminderRecord, ReminderSettings, ReminderStatus,
    ReminderStore, StoreFailure, SweepCount, UserRecord,
};
use crate::store::engine::{Engine, SYNCED, Sql, StoreRow, TOGETHER, TxWork};
use crate::store::rows::{
    USER_COLUMNS, USER_FROM, arm_query, bad, fail, ms, new_token, time, user_from,
};

fn reminder_from(row: &impl StoreRow) -> Result<ReminderRecord, StoreFailure> {
    let status: String = row.cell("status").map_err(fail("reading a reminder row"))?;
    Ok(ReminderRecord {
        id: row.cell("id").map_err(fail("reading a reminder row"))?,
        user_id: row
            .cell("user_id")
            .map_err(fail("reading a reminder row"))?,
        token: row.cell("token").map_err(fail("reading a reminder row"))?,
        due_at: time(row.cell("due_at").map_err(fail("reading a reminder row"))?),
        status: ReminderStatus::parse(&status)
            .ok_or_else(|| bad(format!("bad reminder status {status}")))?,
        attempts: u32::try_from(
            row.cell::<i64, _>("attempts")
                .map_err(fail("reading a reminder row"))?,
        )
        .unwrap_or(0),
        exchange: {
            let name: String = row
                .cell("exchange")
                .map_err(fail("reading a reminder row"))?;
            crate::domain::ExchangeId::parse(&name)
                .ok_or_else(|| bad(format!("bad reminder exchange {name}")))?
        },
    })
}

fn outbox_from(row: &impl StoreRow) -> Result<OutboxRecord, StoreFailure> {
    let status: String = row.cell("status").map_err(fail("reading an outbox row"))?;
    Ok(OutboxRecord {
        id: row.cell("id").map_err(fail("reading an outbox row"))?,
        user_id: row.cell("user_id").map_err(fail("reading an outbox row"))?,
        status: OutboxStatus::parse(&status)
            .ok_or_else(|| bad(format!("bad outbox status {status}")))?,
        message: row.cell("message").map_err(fail("reading an outbox row"))?,
        silent: row.cell("silent").map_err(fail("reading an outbox row"))?,
        operation_id: row
            .cell("operation_id")
            .map_err(fail("reading an outbox row"))?,
        attempts: u32::try_from(
            row.cell::<i64, _>("attempts")
                .map_err(fail("reading an outbox row"))?,
        )
        .unwrap_or(0),
        created_at: time(
            row.cell("created_at")
                .map_err(fail("reading an outbox row"))?,
        ),
    })
}

/// The auto-sweep outcome counted on the current settings row (every SET expression reads
/// the row as it was before the update); returns whether auto-sweep is still on.
const COUNT_SWEEP: &str = "UPDATE users SET
        auto_sweep_failures = CASE WHEN ? THEN 0
            WHEN auto_sweep_failures + 1 >= ? THEN 0
            ELSE auto_sweep_failures + 1 END,
        auto_sweep = CASE WHEN NOT ? AND auto_sweep_failures + 1 >= ? THEN FALSE
            ELSE auto_sweep END
     WHERE id = ? RETURNING auto_sweep";

const REMINDER_COLUMNS: &str = "id, user_id, token, due_at, status, attempts, exchange";

/// The auto-sweep count of [`COUNT_SWEEP`], bound.
fn count_sweep(user_id: i64, succeeded: bool, max_failures: u32) -> Sql {
    Sql::new(COUNT_SWEEP)
        .bind(succeeded)
        .bind(i64::from(max_failures))
        .bind(succeeded)
        .bind(i64::from(max_failures))
        .bind(user_id)
}

/// The first column of the first row, if any.
fn first_cell<R: StoreRow, T: crate::store::engine::Cell>(
    rows: &[R],
) -> Result<Option<T>, sqlx::Error> {
    rows.first().map(|r| r.cell(0)).transpose()
}

/// Sets a reminder's status (and due time, error, attempt count); with `only_claimed`,
/// only while it is still claimed. True when the row changed.
async fn update_reminder<E: Engine>(
    db: &E,
    id: i64,
    status: ReminderStatus,
    due_at: Option<DateTime<Utc>>,
    error: Option<&str>,
    count_attempt: bool,
    only_claimed: bool,
) -> Result<bool, StoreFailure> {
    let sql = Sql::new(
        "UPDATE reminders SET status = ?, due_at = COALESCE(?, due_at), last_error = ?,
                    attempts = attempts + ?, claimed_at = NULL
             WHERE id = ? AND (NOT ? OR status = 'sending')",
    )
    .bind(status.as_str())
    .bind(due_at.map(ms))
    .bind(error)
    .bind(i64::from(count_attempt))
    .bind(id)
    .bind(only_claimed);
    let done = db
        .exec(sql, SYNCED)
        .await
        .map_err(fail("update reminder"))?;
    Ok(done == 1)
}

#[async_trait]
impl<E: Engine> ReminderStore for E {
    async fn arm_reminder(
        &self,
        user_id: i64,
        exchange: crate::domain::ExchangeId,
        due_at: DateTime<Utc>,
        cause_batch_id: &str,
    ) -> Result<bool, StoreFailure> {
        let done = self
            .exec(arm_query(user_id, exchange, due_at, cause_batch_id), SYNCED)
            .await
            .map_err(fail("arm reminder"))?;
        Ok(done > 0)
    }

    async fn due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ReminderRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders WHERE status = 'pending' AND due_at <= ?
             ORDER BY due_at LIMIT ?"
        ))
        .bind(ms(now))
        .bind(i64::from(limit));
        let rows = self.read(sql).await.map_err(fail("due reminders"))?;
        rows.iter().map(reminder_from).collect()
    }

    async fn claim_reminder(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreFailure> {
        // One atomic UPDATE: only one claimer sees the row change (on PostgreSQL a claimer
        // that meets another's lock on the row passes it by: that one claims it).
        let sql = Sql::new(format!(
            "UPDATE reminders SET status = 'sending', claimed_at = ?
             WHERE id = (SELECT id FROM reminders WHERE id = ? AND status = 'pending' {})",
            E::SKIP_LOCKED
        ))
        .bind(ms(now))
        .bind(id);
        let done = self
            .exec(sql, SYNCED)
            .await
            .map_err(fail("claim reminder"))?;
        Ok(done == 1)
    }

    async fn claim_due_reminders(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<ReminderRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "UPDATE reminders SET status = 'sending', claimed_at = ?
             WHERE id IN (SELECT id FROM reminders WHERE status = 'pending' AND due_at <= ?
                          ORDER BY due_at LIMIT ? {})
             RETURNING {REMINDER_COLUMNS}",
            E::SKIP_LOCKED
        ))
        .bind(ms(now))
        .bind(ms(now))
        .bind(i64::from(limit));
        let rows = self
            .exec_rows(sql, SYNCED)
            .await
            .map_err(fail("claim due reminders"))?;
        let mut claimed = rows
            .iter()
            .map(reminder_from)
            .collect::<Result<Vec<_>, _>>()?;
        claimed.sort_by_key(|r| (r.due_at, r.id));
        Ok(claimed)
    }

    async fn release_stale_claims(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure> {
        let sql = Sql::new(
            "UPDATE reminders SET status = 'pending', claimed_at = NULL
             WHERE status = 'sending' AND claimed_at < ?",
        )
        .bind(ms(before));
        self.exec(sql, SYNCED)
            .await
            .map_err(fail("release stale claims"))
    }

    async fn set_reminder(
        &self,
        id: i64,
        status: ReminderStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<(), StoreFailure> {
        update_reminder(self, id, status, due_at, error, count_attempt, false)
            .await
            .map(|_| ())
    }

    async fn finish_claim(
        &self,
        id: i64,
        status: ReminderStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<bool, StoreFailure> {
        update_reminder(self, id, status, due_at, error, count_attempt, true).await
    }

    async fn reminder_by_token(&self, token: &str) -> Result<Option<ReminderRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders WHERE token = ?"
        ))
        .bind(token);
        let row = self
            .read_one(sql)
            .await
            .map_err(fail("reminder by token"))?;
        row.as_ref().map(reminder_from).transpose()
    }

    async fn reminder_of_user(
        &self,
        user_id: i64,
        exchange: crate::domain::ExchangeId,
    ) -> Result<Option<ReminderRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {REMINDER_COLUMNS} FROM reminders WHERE user_id = ? AND exchange = ?"
        ))
        .bind(user_id)
        .bind(exchange.as_str());
        let row = self.read_one(sql).await.map_err(fail("reminder of user"))?;
        row.as_ref().map(reminder_from).transpose()
    }

    async fn next_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure> {
        let rows = self
            .read(Sql::new(
                "SELECT MIN(due_at) FROM reminders WHERE status = 'pending'",
            ))
            .await
            .map_err(fail("next due"))?;
        let next: Option<Option<i64>> = first_cell(&rows).map_err(fail("next due"))?;
        Ok(next.flatten().map(time))
    }

    async fn save_settings(
        &self,
        user_id: i64,
        timezone: &str,
        min_worth_usdt: Decimal,
        s: &ReminderSettings,
        prefs: &Preferences,
    ) -> Result<(), StoreFailure> {
        let sql = Sql::new(
            "UPDATE users SET timezone = ?, min_worth_usdt = ?, reminders_enabled = ?, quiet_start = ?,
                    quiet_end = ?, quiet_silent = ?, auto_sweep = ?, auto_sweep_cap_usdt = ?,
                    auto_sweep_failures = ?, convert_target = ?, display_currency = ?
             WHERE id = ?",
        )
        .bind(timezone)
        .bind(min_worth_usdt.to_string())
        .bind(s.enabled)
        .bind(s.quiet.map(|q| i64::from(q.0)))
        .bind(s.quiet.map(|q| i64::from(q.1)))
        .bind(s.quiet_silent)
        .bind(s.auto_sweep)
        .bind(s.auto_sweep_cap_usdt.to_string())
        .bind(i64::from(s.auto_sweep_failures))
        .bind(prefs.target.as_str())
        .bind(prefs.currency.as_str())
        .bind(user_id);
        self.exec(sql, SYNCED)
            .await
            .map_err(fail("save settings"))?;
        Ok(())
    }

    async fn record_auto_sweep(
        &self,
        user_id: i64,
        succeeded: bool,
        max_failures: u32,
    ) -> Result<bool, StoreFailure> {
        let rows = self
            .exec_rows(count_sweep(user_id, succeeded, max_failures), TOGETHER)
            .await
            .map_err(fail("record auto sweep"))?;
        let on: Option<bool> = first_cell(&rows).map_err(fail("record auto sweep"))?;
        Ok(on.unwrap_or(false))
    }

    async fn user_token(&self, user_id: i64) -> Result<String, StoreFailure> {
        let sql = Sql::new("UPDATE users SET token = ? WHERE id = ? AND token IS NULL")
            .bind(new_token())
            .bind(user_id);
        self.exec(sql, SYNCED).await.map_err(fail("user token"))?;
        let rows = self
            .read(Sql::new("SELECT token FROM users WHERE id = ?").bind(user_id))
            .await
            .map_err(fail("user token"))?;
        first_cell(&rows)
            .map_err(fail("user token"))?
            .ok_or_else(|| bad(format!("no user {user_id}")))
    }

    async fn user_by_token(&self, token: &str) -> Result<Option<UserRecord>, StoreFailure> {
        let sql = Sql::new(format!(
            "SELECT {USER_COLUMNS} FROM {USER_FROM} WHERE token = ?"
        ))
        .bind(token);
        let row = self.read_one(sql).await.map_err(fail("user by token"))?;
        row.as_ref().map(user_from).transpose()
    }

    async fn resume_reminder(
        &self,
        user_id: i64,
        due_at: DateTime<Utc>,
        reasons: &[&str],
    ) -> Result<bool, StoreFailure> {
        let mut changed = false;
        for reason in reasons {
            let sql = Sql::new(
                "UPDATE reminders SET status = 'pending', due_at = ?, attempts = 0,
                        claimed_at = NULL, last_error = NULL
                 WHERE user_id = ? AND status = 'disabled' AND last_error = ?",
            )
            .bind(ms(due_at))
            .bind(user_id)
            .bind(*reason);
            let done = self
                .exec(sql, SYNCED)
                .await
                .map_err(fail("resume reminder"))?;
            changed |= done > 0;
        }
        Ok(changed)
    }

    async fn open_sweep_report(
        &self,
        user_id: i64,
        operation_id: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
    ) -> Result<i64, StoreFailure> {
        let insert = Sql::new(
            "INSERT INTO outbox (user_id, status, operation_id, due_at, created_at)
             VALUES (?, 'open', ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(operation_id)
        .bind(ms(lease_until))
        .bind(ms(now));
        inserted_id(self, insert, "open sweep report").await
    }

    async fn complete_sweep_report(
        &self,
        id: i64,
        messages: (&str, &str),
        silent: bool,
        count: Option<SweepCount>,
        now: DateTime<Utc>,
    ) -> Result<Option<bool>, StoreFailure> {
        let (on, off) = (messages.0.to_owned(), messages.1.to_owned());
        let rows = self
            .read(Sql::new("SELECT user_id FROM outbox WHERE id = ?").bind(id))
            .await
            .map_err(fail("complete sweep report"))?;
        let user_id: Option<i64> = first_cell(&rows).map_err(fail("complete sweep report"))?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        let now = ms(now);
        // One transaction: the outcome is counted exactly when its report is stored.
        let work: TxWork<bool, E::Row> = Box::new(move |c| {
            Box::pin(async move {
                // Read first, in the same transaction: the "turned off" sentence only when
                // this count is what turned auto-sweep off (not when the user had already).
                let was_on: Option<bool> = c
                    .first(Sql::new("SELECT auto_sweep FROM users WHERE id = ?").bind(user_id))
                    .await?
                    .map(|r| r.cell(0))
                    .transpose()?;
                let still_on = match count {
                    Some(n) => {
                        let rows = c
                            .all(count_sweep(user_id, n.succeeded, n.max_failures))
                            .await?;
                        let on: Option<bool> = first_cell(&rows)?;
                        on.unwrap_or(false) || n.succeeded
                    }
                    None => true,
                };
                let done = c.run(Sql::new(
                    "UPDATE outbox SET status = 'pending', message = ?, silent = ?, due_at = ?
                     WHERE id = ? AND status = 'open'",
                )
                .bind(if was_on.unwrap_or(false) && !still_on {
                    off
                } else {
                    on
                })
                .bind(silent)
                .bind(now)
                .bind(id))
                .await?;
                if done == 0 {
                    // Completed by someone else: undo the count with the transaction.
                    return Err(sqlx::Error::RowNotFound);
                }
                Ok(still_on)
            })
        });
        self.transaction(work, TOGETHER)
            .await
            .map(Some)
            .or_else(|e| match e {
                sqlx::Error::RowNotFound => Ok(None),
                e => Err(fail("complete sweep report")(e)),
            })
    }

    async fn enqueue_message(
        &self,
        user_id: i64,
        message: &str,
        silent: bool,
        due_at: DateTime<Utc>,
    ) -> Result<i64, StoreFailure> {
        let insert = Sql::new(
            "INSERT INTO outbox (user_id, status, message, silent, due_at, created_at)
             VALUES (?, 'pending', ?, ?, ?, ?) RETURNING id",
        )
        .bind(user_id)
        .bind(message)
        .bind(silent)
        .bind(ms(due_at))
        .bind(ms(due_at));
        inserted_id(self, insert, "enqueue message").await
    }

    async fn due_outbox(
        &self,
        now: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<OutboxRecord>, StoreFailure> {
        let sql = Sql::new(
            "SELECT o.id, o.user_id, o.status, o.message, o.silent, o.operation_id, o.attempts,
                    o.created_at
             FROM outbox o JOIN users u ON u.id = o.user_id
             WHERE o.status IN ('open', 'pending') AND o.due_at <= ? AND NOT u.blocked
             ORDER BY o.due_at LIMIT ?",
        )
        .bind(ms(now))
        .bind(i64::from(limit));
        let rows = self.read(sql).await.map_err(fail("due outbox"))?;
        rows.iter().map(outbox_from).collect()
    }

    async fn claim_outbox(&self, id: i64, now: DateTime<Utc>) -> Result<bool, StoreFailure> {
        let sql = Sql::new(
            "UPDATE outbox SET status = 'sending', claimed_at = ? WHERE id = ? AND status = 'pending'",
        )
        .bind(ms(now))
        .bind(id);
        let done = self.exec(sql, SYNCED).await.map_err(fail("claim outbox"))?;
        Ok(done == 1)
    }

    async fn set_outbox(
        &self,
        id: i64,
        from: OutboxStatus,
        status: OutboxStatus,
        due_at: Option<DateTime<Utc>>,
        error: Option<&str>,
        count_attempt: bool,
    ) -> Result<bool, StoreFailure> {
        let sql = Sql::new(
            "UPDATE outbox SET status = ?, due_at = COALESCE(?, due_at), last_error = ?,
                    attempts = attempts + ?, claimed_at = NULL
             WHERE id = ? AND status = ?",
        )
        .bind(status.as_str())
        .bind(due_at.map(ms))
        .bind(error)
        .bind(i64::from(count_attempt))
        .bind(id)
        .bind(from.as_str());
        let done = self.exec(sql, SYNCED).await.map_err(fail("set outbox"))?;
        Ok(done == 1)
    }

    async fn release_stale_outbox(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure> {
        let sql = Sql::new(
            "UPDATE outbox SET status = 'pending', claimed_at = NULL
             WHERE status = 'sending' AND claimed_at < ?",
        )
        .bind(ms(before));
        self.exec(sql, SYNCED)
            .await
            .map_err(fail("release stale outbox"))
    }

    async fn drop_old_outbox(
        &self,
        before: DateTime<Utc>,
    ) -> Result<Vec<(i64, i64)>, StoreFailure> {
        let drop = Sql::new(
            "UPDATE outbox SET status = 'dropped', claimed_at = NULL, last_error = 'too old'
             WHERE status IN ('open', 'pending') AND created_at < ? RETURNING id, user_id",
        )
        .bind(ms(before));
        let rows = self
            .exec_rows(drop, TOGETHER)
            .await
            .map_err(fail("drop old outbox"))?;
        rows.iter()
            .map(|r| Ok((r.cell(0)?, r.cell(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(fail("drop old outbox"))
    }

    async fn purge_outbox(&self, before: DateTime<Utc>) -> Result<u64, StoreFailure> {
        let sql =
            Sql::new("DELETE FROM outbox WHERE status IN ('sent', 'dropped') AND created_at < ?")
                .bind(ms(before));
        self.exec(sql, SYNCED).await.map_err(fail("purge outbox"))
    }

    async fn next_outbox_due(&self) -> Result<Option<DateTime<Utc>>, StoreFailure> {
        let sql = Sql::new(
            "SELECT MIN(o.due_at) FROM outbox o JOIN users u ON u.id = o.user_id
             WHERE o.status IN ('open', 'pending') AND NOT u.blocked",
        );
        let rows = self.read(sql).await.map_err(fail("next outbox due"))?;
        let next: Option<Option<i64>> = first_cell(&rows).map_err(fail("next outbox due"))?;
        Ok(next.flatten().map(time))
    }
}

/// Runs an `INSERT … RETURNING id`.
async fn inserted_id<E: Engine>(
    db: &E,
    insert: Sql,
    context: &'static str,
) -> Result<i64, StoreFailure> {
    let rows = db
        .exec_rows(insert, TOGETHER)
        .await
        .map_err(fail(context))?;
    first_cell(&rows)
        .map_err(fail(context))?
        .ok_or_else(|| bad(format!("{context}: no id returned")))
}
