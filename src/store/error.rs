//! Why a database could not be opened or used, on either engine, and the stored time unit.

use crate::store::crypto::CryptoError;

/// Why the database could not be opened or used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite or sqlx failed.
    #[error("database error: {0}")]
    Sqlx(#[from] sqlx::Error),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A configured master key does not match the key-check row of its version.
    #[error(
        "master key for version {0} does not match this database (key-check failed); refusing to start"
    )]
    KeyCheckFailed(u32),
    /// Credentials are stored but no master key is configured.
    #[error(
        "this database holds {0} encrypted credential row(s) but no master key is configured; set DUSTPAN_MASTER_KEY or DUSTPAN_MASTER_KEY_FILE"
    )]
    MissingMasterKey(i64),
    /// Credentials are encrypted with a version that is not configured.
    #[error(
        "{rows} credential row(s) are encrypted with master key version {version}, which is not configured; set DUSTPAN_MASTER_KEY_V{version}"
    )]
    UnconfiguredKeyVersion {
        /// The missing version.
        version: u32,
        /// How many rows need it.
        rows: i64,
    },
    /// The connection does not have the durability settings dustpan needs.
    #[error("the database is not configured as required: {0}")]
    Settings(String),
    /// Encryption failed.
    #[error("{0}")]
    Crypto(#[from] CryptoError),
}

/// Milliseconds since the Unix epoch, as stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}
