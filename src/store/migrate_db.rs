//! `dustpan migrate-db --from sqlite://old.db --to postgres://…` (issue 21): copies every
//! table of a SQLite deployment, possibly running, into a freshly migrated PostgreSQL
//! database. The source is read in one read transaction on a read-only connection (WAL: a
//! snapshot, while the bot keeps writing). Ciphertexts are copied byte for byte, so the
//! master key does not change; the configured keys are checked against the key-check rows
//! on both sides. The copy commits as one transaction, and the row count of every table is
//! compared with the source's.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::postgres::PgConnectOptions;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, PgConnection, SqliteConnection};

use crate::config::MasterKeys;
use futures_util::TryStreamExt;

use crate::store::engine::{Arg, Sql, StoreRow, pg_query, sqlite_query};
use crate::store::pg::{PgStore, TABLES};
use crate::store::sqlite::{BUSY_TIMEOUT, StoreError, verify_on};

/// Why nothing (or not everything) was copied.
#[derive(Debug, thiserror::Error)]
pub enum MigrateDbError {
    /// `--from` names no SQLite database.
    #[error("--from: there is no SQLite database at {0}")]
    NoSource(PathBuf),
    /// `--from` is a database of another dustpan version.
    #[error(
        "--from: the database is at schema version {found}, this dustpan expects {expected}: run this version of dustpan on it once (or stop and upgrade) before migrating"
    )]
    SourceVersion {
        /// What the source has.
        found: i64,
        /// What this build migrates to.
        expected: i64,
    },
    /// `--to` already holds data.
    #[error("--to: the PostgreSQL database is not empty ({0}); migrate into a new, empty database")]
    TargetNotEmpty(String),
    /// The counts differ after the copy.
    #[error("table {table}: {source_rows} row(s) in the source but {target_rows} in the copy")]
    CountMismatch {
        /// The table.
        table: &'static str,
        /// Rows read.
        source_rows: i64,
        /// Rows found after the commit.
        target_rows: i64,
    },
    /// A database or the key check failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for MigrateDbError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(StoreError::Sqlx(e))
    }
}

/// Rows per INSERT: at most 20 columns a table, well under PostgreSQL's 65,535 parameters.
const BATCH_ROWS: usize = 1000;

/// Rows copied, per table, in copy order.
pub type CopyReport = Vec<(&'static str, i64)>;

/// Copies `from` into the empty PostgreSQL database `to`; see the module documentation.
pub async fn copy_sqlite_to_postgres(
    from: &Path,
    to: &str,
    keys: Option<&MasterKeys>,
) -> Result<CopyReport, MigrateDbError> {
    if !from.is_file() {
        return Err(MigrateDbError::NoSource(from.to_path_buf()));
    }
    let mut source: SqliteConnection = SqliteConnectOptions::from_str("sqlite:")?
        .filename(from)
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT)
        .connect()
        .await?;
    // The snapshot: every read below sees the database as of the first one.
    let mut snapshot = source.begin().await?;
    let expected = sqlx::migrate!("./migrations")
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap_or(0);
    let found: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&mut *snapshot)
            .await
            .unwrap_or(None);
    let found = found.unwrap_or(0);
    if found != expected {
        return Err(MigrateDbError::SourceVersion { found, expected });
    }
    verify_on(&mut snapshot, keys).await?;

    refuse_non_empty(to).await?;
    // Migrated, with no key-check row recorded: the source's rows are copied instead.
    let target = PgStore::open(to, None).await?;
    let mut conn = target.pool().acquire().await?;
    let mut tx = conn.begin().await?;
    let mut report = Vec::new();
    for table in TABLES {
        let n = copy_table(&mut snapshot, &mut tx, table).await?;
        report.push((table, n));
    }
    for table in ["users", "dust_conversions", "reminders", "outbox"] {
        // Identity columns continue after the copied ids.
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}"
        )))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    drop(conn);
    snapshot.rollback().await?;
    source.close().await?;

    for ((table, copied), (_, found)) in report.iter().zip(target.row_counts().await?) {
        if *copied != found {
            return Err(MigrateDbError::CountMismatch {
                table,
                source_rows: *copied,
                target_rows: found,
            });
        }
    }
    let source_counts = report.clone();
    target.close().await;
    // The configured keys open the copied key-check rows, as a start would check them.
    PgStore::open(to, keys).await?.close().await;
    Ok(source_counts)
}

/// Fails when any dustpan table at `to` holds a row.
async fn refuse_non_empty(to: &str) -> Result<(), MigrateDbError> {
    let mut conn: PgConnection = PgConnectOptions::from_str(to)?.connect().await?;
    let present: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::TEXT FROM information_schema.tables WHERE table_schema = current_schema()",
    )
    .fetch_all(&mut conn)
    .await?;
    let mut full = Vec::new();
    for table in TABLES.iter().filter(|t| present.iter().any(|p| p == *t)) {
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {table})");
        let any: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .fetch_one(&mut conn)
            .await?;
        if any {
            full.push(format!("table {table} has rows"));
        }
    }
    conn.close().await?;
    if full.is_empty() {
        Ok(())
    } else {
        Err(MigrateDbError::TargetNotEmpty(full.join(", ")))
    }
}

/// Copies one table, its columns as PostgreSQL's schema lists them; returns the rows read.
async fn copy_table(
    source: &mut SqliteConnection,
    target: &mut PgConnection,
    table: &'static str,
) -> Result<i64, MigrateDbError> {
    let columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut *target)
    .await?;
    // SQLite's values are read as the target's types: text columns through CAST (an id
    // SQLite stored as an integer becomes its digits), flags as integers.
    let select = columns
        .iter()
        .map(|(name, ty)| match ty.as_str() {
            "text" => format!("CAST({name} AS TEXT)"),
            _ => name.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ");
    let names = columns
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let row_values = format!("({})", vec!["?"; columns.len()].join(", "));
    let insert = |rows: usize| {
        format!(
            "INSERT INTO {table} ({names}) VALUES {}",
            vec![row_values.as_str(); rows].join(", ")
        )
    };
    let mut rows = sqlite_query(Sql::new(format!("SELECT {select} FROM {table}"))).fetch(source);
    let mut copied = 0;
    let mut batch: Vec<Arg> = Vec::new();
    let mut in_batch = 0;
    loop {
        let row = rows.try_next().await?;
        if let Some(row) = &row {
            for (i, (_, ty)) in columns.iter().enumerate() {
                batch.push(match ty.as_str() {
                    "bigint" => Arg::Int(row.cell(i)?),
                    "boolean" => Arg::Bool(row.cell::<Option<i64>, _>(i)?.unwrap_or(0) != 0),
                    "bytea" => Arg::Bytes(row.cell(i)?),
                    _ => Arg::Text(row.cell(i)?),
                });
            }
            in_batch += 1;
        }
        // Many rows per statement: one round trip per batch, not per row.
        if in_batch > 0 && (row.is_none() || in_batch == BATCH_ROWS) {
            let sql = Sql {
                text: insert(in_batch).into(),
                args: std::mem::take(&mut batch),
            };
            pg_query(sql).execute(&mut *target).await?;
            copied += i64::try_from(in_batch).unwrap_or(i64::MAX);
            in_batch = 0;
        }
        if row.is_none() {
            break;
        }
    }
    Ok(copied)
}
