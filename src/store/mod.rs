//! Storage adapters: SQLite (sqlx), the AES-GCM crypto and the encrypted key store.

pub mod backup;
pub mod crypto;
pub mod engine;
pub mod error;
pub mod export;
pub mod keycheck;
pub mod keystore;
pub mod migrate_db;
pub mod pg;
pub mod records;
pub mod reminders;
pub mod rows;
pub mod sqlite;
pub mod stats;
pub mod turns;
pub mod users;
pub mod writer;

pub use keystore::{CredentialError, EncryptedKeyStore};
pub use pg::PgStore;
pub use sqlite::{Database, StoreError};

/// The database the settings name: SQLite (the default) or PostgreSQL
/// (`DUSTPAN_DATABASE_URL=postgres://…`). The service sees only the ports it hands out.
#[derive(Debug, Clone)]
pub enum Storage {
    /// An embedded SQLite file.
    Sqlite(Database),
    /// A PostgreSQL database, shared by several instances.
    Postgres(PgStore),
}

impl Storage {
    /// Opens the configured database: checks the master keys, migrates, records key checks.
    pub async fn open(settings: &crate::config::Settings) -> Result<Self, StoreError> {
        let keys = settings.master_keys.as_ref();
        Ok(match &settings.postgres_url {
            Some(url) => Self::Postgres(PgStore::open(url.expose(), keys).await?),
            None => Self::Sqlite(Database::open(&settings.database_path, keys).await?),
        })
    }

    /// The store port.
    pub fn store(&self) -> std::sync::Arc<dyn crate::ports::Store> {
        match self {
            Self::Sqlite(db) => std::sync::Arc::new(db.clone()),
            Self::Postgres(pg) => std::sync::Arc::new(pg.clone()),
        }
    }

    /// Turns across instances: advisory locks on PostgreSQL; on SQLite (one process) every
    /// turn at once.
    pub fn turns(&self) -> std::sync::Arc<dyn crate::ports::Turns> {
        match self {
            Self::Sqlite(_) => std::sync::Arc::new(crate::ports::turns::InProcess),
            Self::Postgres(pg) => std::sync::Arc::new(turns::PgTurns::beside(pg.pool())),
        }
    }

    /// Whether several instances may share this database (PostgreSQL).
    pub fn is_shared(&self) -> bool {
        matches!(self, Self::Postgres(_))
    }

    /// The encrypted key store on this database.
    pub fn key_store(
        &self,
        keys: Option<crate::config::MasterKeys>,
    ) -> std::sync::Arc<dyn crate::ports::KeyStore> {
        match self {
            Self::Sqlite(db) => std::sync::Arc::new(EncryptedKeyStore::new(db.clone(), keys)),
            Self::Postgres(pg) => std::sync::Arc::new(EncryptedKeyStore::new(pg.clone(), keys)),
        }
    }

    /// The SQLite database. Panics on PostgreSQL: for the SQLite benchmarks and the tests
    /// that look into the file.
    pub fn sqlite(&self) -> &Database {
        match self {
            Self::Sqlite(db) => db,
            Self::Postgres(_) => panic!("this is a PostgreSQL store, not SQLite"),
        }
    }

    /// The SQLite maintenance pool (see [`Storage::sqlite`]).
    pub fn pool(&self) -> &sqlx::SqlitePool {
        self.sqlite().pool()
    }

    /// The SQLite writer's counts; zero on PostgreSQL, which has no group-commit writer.
    pub fn write_stats(&self) -> writer::WriteStats {
        match self {
            Self::Sqlite(db) => db.write_stats(),
            Self::Postgres(_) => writer::WriteStats::default(),
        }
    }

    /// Closes every connection.
    pub async fn close(&self) {
        match self {
            Self::Sqlite(db) => db.close().await,
            Self::Postgres(pg) => pg.close().await,
        }
    }
}

impl std::ops::Deref for Storage {
    type Target = dyn crate::ports::Store;

    fn deref(&self) -> &Self::Target {
        match self {
            Self::Sqlite(db) => db,
            Self::Postgres(pg) => pg,
        }
    }
}
