//! The SQLite database: WAL, `synchronous=FULL` (and `NORMAL` on the writer's connection
//! for deferred writes), a busy timeout and foreign keys, asserted at start-up; migrations applied with `sqlx::migrate!`; the master-key check done on a
//! read-only connection before anything is written (shared/security.md §1.2 item 5, §6).

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use futures_util::TryStreamExt;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteRow,
    SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::config::MasterKeys;
use crate::ports::StoreFailure;
use crate::store::engine::{Engine, Exec, Sql, TxWork, sqlite_query};
use crate::store::rows::fail;
use crate::store::writer::{Durability, Work, WriteKind, WriteStats, Writer};

/// How long a writer waits for the lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);
/// Read-only connections: reads run in parallel with each other and with the writer (WAL).
const READERS: u32 = 4;

pub use crate::store::error::{StoreError, now_ms};

/// The shared database handle: the group-commit writer, a pool of read-only connections,
/// and a small read-write pool for maintenance.
///
/// Every write the running bot makes goes through [`Database::write`] or
/// [`Database::write_as`] (see [`writer`](super::writer)): one task, writes queued in order
/// and committed in groups, fsync'd or not as each asks. Reads go to the readers, which WAL
/// lets run beside the writer; a read started after a write returned sees it.
#[derive(Debug, Clone)]
pub struct Database {
    writer: Writer,
    reader: SqlitePool,
    maintenance: SqlitePool,
    path: PathBuf,
}

impl Database {
    /// Opens (creating if missing) the database at `path`: checks the master keys on a
    /// read-only connection first, then migrates and records key-check rows for new versions.
    pub async fn open(path: &Path, keys: Option<&MasterKeys>) -> Result<Self, StoreError> {
        // SQLite's migrator takes no lock: two instances opening one fresh file at once
        // would both create the tables ("table … already exists"). Held until migrated.
        let migrating = migration_lock(path).await?;
        if path.exists() {
            verify_keys_read_only(path, keys).await?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        let maintenance = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        assert_settings(&maintenance, Access::Write).await?;
        sqlx::migrate!("./migrations").run(&maintenance).await?;
        drop(migrating);
        let mut synced = options.connect().await?;
        assert_settings_on(&mut synced, Access::Write).await?;
        let deferred_options = options.clone().synchronous(SqliteSynchronous::Normal);
        let mut deferred = deferred_options.connect().await?;
        assert_settings_on(&mut deferred, Access::Deferred).await?;
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let writer = Writer::start(
            (synced, options.clone()),
            (deferred, deferred_options),
            PathBuf::from(wal),
        );
        // Opened after the file exists and is in WAL mode.
        let reader_options = SqliteConnectOptions::from_str("sqlite:")?
            .filename(path)
            .read_only(true)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true);
        // No ping before each use: a local file does not hang up, and the ping is one more
        // round trip to the connection's thread on every read.
        let reader = SqlitePoolOptions::new()
            .max_connections(READERS)
            .test_before_acquire(false)
            .connect_with(reader_options)
            .await?;
        assert_settings(&reader, Access::Read).await?;
        let db = Self {
            writer,
            reader,
            maintenance,
            path: path.to_path_buf(),
        };
        if let Some(keys) = keys {
            crate::store::keycheck::record_key_checks(&db, keys).await?;
        }
        Ok(db)
    }

    /// Runs `work` on the writer in the next group commit; returns once it is on disk.
    pub async fn write<T: Send + 'static>(&self, work: Work<T>) -> Result<T, sqlx::Error> {
        self.write_with(work, WriteKind::together(Durability::Synced))
            .await
    }

    /// Runs `work` on the writer in the next group commit, as `kind` says; returns once it
    /// is as durable as that asks.
    pub async fn write_with<T: Send + 'static>(
        &self,
        work: Work<T>,
        kind: WriteKind,
    ) -> Result<T, sqlx::Error> {
        self.writer.write(work, kind).await
    }

    /// How many writes the writer ran, in how many commits.
    pub fn write_stats(&self) -> WriteStats {
        self.writer.stats()
    }

    /// The read-only connections, for every read outside a write.
    pub fn reader(&self) -> &SqlitePool {
        &self.reader
    }

    /// A read-write pool of one connection for maintenance that is not the bot's own
    /// traffic (migrations, key rotation, benchmark set-up, tests); it meets the writer in
    /// SQLite's busy timeout as another process would.
    pub fn pool(&self) -> &SqlitePool {
        &self.maintenance
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection (checkpointing the WAL).
    pub async fn close(&self) {
        self.writer.close().await;
        self.reader.close().await;
        self.maintenance.close().await;
    }
}

#[async_trait::async_trait]
impl Engine for Database {
    type Row = SqliteRow;
    const SKIP_LOCKED: &'static str = "";

    async fn read(&self, sql: Sql) -> Result<Vec<SqliteRow>, sqlx::Error> {
        sqlite_query(sql).fetch_all(self.reader()).await
    }

    async fn read_one(&self, sql: Sql) -> Result<Option<SqliteRow>, sqlx::Error> {
        sqlite_query(sql).fetch_optional(self.reader()).await
    }

    async fn exec(&self, sql: Sql, kind: WriteKind) -> Result<u64, sqlx::Error> {
        let query = sqlite_query(sql);
        self.writer
            .write(
                Box::new(move |c| {
                    Box::pin(async move { Ok(query.execute(&mut *c).await?.rows_affected()) })
                }),
                kind,
            )
            .await
    }

    async fn exec_rows(&self, sql: Sql, kind: WriteKind) -> Result<Vec<SqliteRow>, sqlx::Error> {
        let query = sqlite_query(sql);
        self.writer
            .write(
                Box::new(move |c| Box::pin(async move { query.fetch_all(&mut *c).await })),
                kind,
            )
            .await
    }

    async fn transaction<T: Send + 'static>(
        &self,
        work: TxWork<T, SqliteRow>,
        kind: WriteKind,
    ) -> Result<T, sqlx::Error> {
        // The writer runs it in its batch transaction (or, `in_order`, alone).
        self.writer
            .write(Box::new(move |c| work(c as &mut dyn Exec<SqliteRow>)), kind)
            .await
    }

    async fn each(
        &self,
        sql: Sql,
        each: &mut (dyn for<'r> FnMut(&'r SqliteRow) -> Result<(), StoreFailure> + Send),
    ) -> Result<(), StoreFailure> {
        let mut rows = sqlite_query(sql).fetch(self.reader());
        while let Some(row) = rows.try_next().await.map_err(fail("reading rows"))? {
            each(&row)?;
        }
        Ok(())
    }
}

/// An exclusive lock (`flock`) on the database's folder, for the migrations. The folder, not
/// the file: closing a second handle to the database file would drop SQLite's own (POSIX)
/// locks on it, and a lock file beside it would be one more file to keep.
async fn migration_lock(path: &Path) -> Result<std::fs::File, StoreError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let locked = tokio::task::spawn_blocking(move || {
        let handle = std::fs::File::open(&folder)?;
        handle.lock()?;
        Ok::<_, std::io::Error>(handle)
    })
    .await
    .map_err(|e| StoreError::Settings(format!("migration lock: {e}")))?;
    locked.map_err(|e| StoreError::Sqlx(sqlx::Error::Io(e)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    Read,
    Write,
    /// The writer's connection for deferred writes: `synchronous=NORMAL`.
    Deferred,
}

async fn assert_settings(pool: &SqlitePool, access: Access) -> Result<(), StoreError> {
    assert_settings_on(&mut *pool.acquire().await?, access).await
}

/// WAL, foreign keys and a busy timeout on every connection, and `synchronous=FULL` on
/// every connection that commits.
async fn assert_settings_on(conn: &mut SqliteConnection, access: Access) -> Result<(), StoreError> {
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *conn)
        .await?;
    let synchronous: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(&mut *conn)
        .await?;
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&mut *conn)
        .await?;
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(&mut *conn)
        .await?;
    let (want_sync, sync_name) = match access {
        Access::Write => (Some(2), "2 (FULL)"),
        Access::Deferred => (Some(1), "1 (NORMAL)"),
        Access::Read => (None, "any"),
    };
    let ok = journal.eq_ignore_ascii_case("wal")
        && want_sync.is_none_or(|want| synchronous == want)
        && foreign_keys == 1
        && busy >= 1000;
    if !ok {
        return Err(StoreError::Settings(format!(
            "journal_mode={journal} synchronous={synchronous} foreign_keys={foreign_keys} busy_timeout={busy}; need wal, {sync_name}, 1 and at least 1000"
        )));
    }
    Ok(())
}

/// Checks every configured key against its key-check row, and that every stored credential's
/// version is configured, without writing anything.
async fn verify_keys_read_only(path: &Path, keys: Option<&MasterKeys>) -> Result<(), StoreError> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT);
    let mut conn: SqliteConnection = options.connect().await?;
    let result = verify_on(&mut conn, keys).await;
    conn.close().await?;
    result
}

pub(crate) async fn verify_on(
    conn: &mut SqliteConnection,
    keys: Option<&MasterKeys>,
) -> Result<(), StoreError> {
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('key_check', 'credentials')",
    )
    .fetch_all(&mut *conn)
    .await?;
    crate::store::keycheck::verify_on(conn, &tables, keys).await
}
