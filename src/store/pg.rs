//! The PostgreSQL store (issue 21): the same ports as SQLite, over one connection pool,
//! for several instances on one database. Its schema has migrations of its own
//! (`migrations/postgres`), applied under sqlx's advisory lock (`pg_advisory_lock`), so
//! instances starting at the same moment migrate once. The master keys are checked before
//! anything is written, as on SQLite.

use std::str::FromStr;

use futures_util::TryStreamExt;
use sqlx::PgPool;
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgRow};

use crate::config::MasterKeys;
use crate::ports::StoreFailure;
use crate::store::engine::{Engine, Exec, Sql, TxWork, pg_query};
use crate::store::error::StoreError;
use crate::store::keycheck::{record_key_checks, verify_on};
use crate::store::rows::fail;
use crate::store::writer::WriteKind;

/// Connections per instance: the service's reads and writes, the scheduler, the frontends.
pub const POOL_SIZE: u32 = 16;

/// The tables of the schema, in an order that respects their foreign keys.
pub const TABLES: [&str; 9] = [
    "users",
    "key_check",
    "credentials",
    "operations",
    "dust_conversions",
    "dialogues",
    "reminders",
    "outbox",
    "health_probe",
];

/// A PostgreSQL database, migrated and key-checked.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects to `url`, checks the master keys against it read-only, migrates, and
    /// records key-check rows for new versions.
    pub async fn open(url: &str, keys: Option<&MasterKeys>) -> Result<Self, StoreError> {
        let options = PgConnectOptions::from_str(url)?;
        let pool = PgPoolOptions::new()
            .max_connections(POOL_SIZE)
            .connect_with(options)
            .await?;
        {
            let mut conn = pool.acquire().await?;
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT table_name::TEXT FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_name IN ('key_check', 'credentials')",
            )
            .fetch_all(&mut *conn)
            .await?;
            verify_on(&mut *conn as &mut dyn Exec<PgRow>, &tables, keys).await?;
        }
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        let store = Self { pool };
        if let Some(keys) = keys {
            record_key_checks(&store, keys).await?;
        }
        Ok(store)
    }

    /// The connection pool (maintenance, tests).
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Rows per table, in [`TABLES`] order.
    pub async fn row_counts(&self) -> Result<Vec<(&'static str, i64)>, sqlx::Error> {
        let mut counts = Vec::new();
        for table in TABLES {
            let sql = format!("SELECT COUNT(*) FROM {table}");
            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .fetch_one(&self.pool)
                .await?;
            counts.push((table, n));
        }
        Ok(counts)
    }

    /// Closes every connection.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait::async_trait]
impl Engine for PgStore {
    type Row = PgRow;
    const SKIP_LOCKED: &'static str = "FOR UPDATE SKIP LOCKED";

    async fn read(&self, sql: Sql) -> Result<Vec<PgRow>, sqlx::Error> {
        pg_query(sql).fetch_all(&self.pool).await
    }

    async fn read_one(&self, sql: Sql) -> Result<Option<PgRow>, sqlx::Error> {
        pg_query(sql).fetch_optional(&self.pool).await
    }

    // Every PostgreSQL commit is synced (synchronous_commit on): a deferred write is only
    // more durable than it asked.
    async fn exec(&self, sql: Sql, _kind: WriteKind) -> Result<u64, sqlx::Error> {
        Ok(pg_query(sql).execute(&self.pool).await?.rows_affected())
    }

    async fn exec_rows(&self, sql: Sql, _kind: WriteKind) -> Result<Vec<PgRow>, sqlx::Error> {
        pg_query(sql).fetch_all(&self.pool).await
    }

    async fn transaction<T: Send + 'static>(
        &self,
        work: TxWork<T, PgRow>,
        _kind: WriteKind,
    ) -> Result<T, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        match work(&mut *tx as &mut dyn Exec<PgRow>).await {
            Ok(value) => {
                tx.commit().await?;
                Ok(value)
            }
            Err(e) => {
                let _ = tx.rollback().await;
                Err(e)
            }
        }
    }

    async fn each(
        &self,
        sql: Sql,
        each: &mut (dyn for<'r> FnMut(&'r PgRow) -> Result<(), StoreFailure> + Send),
    ) -> Result<(), StoreFailure> {
        let mut rows = pg_query(sql).fetch(&self.pool);
        while let Some(row) = rows.try_next().await.map_err(fail("reading rows"))? {
            each(&row)?;
        }
        Ok(())
    }
}
