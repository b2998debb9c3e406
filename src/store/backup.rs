//! `dustpan backup PATH`: a consistent copy of the live database, taken while the bot runs.
//!
//! SQLite's `VACUUM INTO` writes one read transaction's snapshot, so writes that land
//! meanwhile are either wholly in the copy or wholly not. The copy is written beside
//! `PATH` under a temporary name, checked (`PRAGMA integrity_check`, and the configured
//! master keys against its key-check rows), flushed to disk, and only then given its name
//! with a hard link, which never replaces an existing file.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};

use crate::config::MasterKeys;
use crate::store::sqlite::{BUSY_TIMEOUT, StoreError, verify_on};

/// Why a backup was not written.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    /// The destination is unusable as given (it exists, or its folder does not): the
    /// caller's mistake, named for them.
    #[error("{0}")]
    Destination(String),
    /// There is no database at the configured place.
    #[error("there is no database at {0} (DUSTPAN_DATABASE_URL)")]
    NoDatabase(PathBuf),
    /// The copy does not pass SQLite's integrity check.
    #[error("the copy failed SQLite's integrity check: {0}")]
    Corrupt(String),
    /// SQLite, the key check or the file system failed.
    #[error("{0}")]
    Failed(String),
}

impl From<sqlx::Error> for BackupError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(format!("database error: {e}"))
    }
}

impl From<std::io::Error> for BackupError {
    fn from(e: std::io::Error) -> Self {
        Self::Failed(format!("cannot write the copy: {e}"))
    }
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReport {
    /// The copy's size in bytes.
    pub bytes: u64,
    /// Users in the copy.
    pub users: i64,
    /// Stored (encrypted) exchange keys in the copy.
    pub credentials: i64,
    /// The master key versions the copy's keys are encrypted with.
    pub key_versions: Vec<u32>,
    /// The configured master keys against the copy's key-check rows.
    pub key_check: KeyCheck,
}

/// Whether the configured master keys open the copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyCheck {
    /// No master key is configured for the command: nothing was checked.
    NotConfigured,
    /// Every configured version decrypts its key-check row and every stored key's version
    /// is configured.
    Matches,
    /// They do not: why. The copy is still a faithful copy of the database.
    Mismatch(String),
}

/// Copies the database at `source` to `dest`, which must not exist yet.
pub async fn backup(
    source: &Path,
    dest: &Path,
    keys: Option<&MasterKeys>,
) -> Result<BackupReport, BackupError> {
    if !source.is_file() {
        return Err(BackupError::NoDatabase(source.to_path_buf()));
    }
    if dest.exists() {
        return Err(BackupError::Destination(format!(
            "PATH {} already exists; a backup never overwrites a file",
            dest.display()
        )));
    }
    let name = dest.file_name().ok_or_else(|| {
        BackupError::Destination(format!("PATH {} names no file", dest.display()))
    })?;
    let folder = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !folder.is_dir() {
        return Err(BackupError::Destination(format!(
            "PATH {}: the folder {} does not exist",
            dest.display(),
            folder.display()
        )));
    }
    let mut partial_name = std::ffi::OsString::from(".");
    partial_name.push(name);
    partial_name.push(format!(".partial-{}", std::process::id()));
    let partial = folder.join(partial_name);
    let result = write_checked(source, &partial, dest, keys).await;
    // The temporary name goes whatever happened (after a success it is a second link).
    let _ = std::fs::remove_file(&partial);
    result
}

async fn write_checked(
    source: &Path,
    partial: &Path,
    dest: &Path,
    keys: Option<&MasterKeys>,
) -> Result<BackupReport, BackupError> {
    let _ = std::fs::remove_file(partial);
    // Created empty, readable by the owner alone, before SQLite fills it (`VACUUM INTO`
    // accepts an empty file): the copy holds every user's encrypted key.
    create_private(partial)?;
    let target = partial
        .to_str()
        .ok_or_else(|| BackupError::Destination(format!("PATH {} is not UTF-8", dest.display())))?
        .to_owned();
    // Read-only: the backup takes no write lock and cannot disturb the running bot.
    let mut live = SqliteConnectOptions::from_str("sqlite:")?
        .filename(source)
        .read_only(true)
        .busy_timeout(BUSY_TIMEOUT)
        .connect()
        .await?;
    let copied = sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&mut live)
        .await;
    live.close().await?;
    copied?;

    let mut copy = SqliteConnectOptions::from_str("sqlite:")?
        .filename(partial)
        .connect()
        .await?;
    let report = check(&mut copy, keys).await;
    copy.close().await?;
    let mut report = report?;

    std::fs::File::open(partial)?.sync_all()?;
    report.bytes = std::fs::metadata(partial)?.len();
    std::fs::hard_link(partial, dest).map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => BackupError::Destination(format!(
            "PATH {} already exists; a backup never overwrites a file",
            dest.display()
        )),
        _ => BackupError::from(e),
    })?;
    if let Some(folder) = dest.parent().filter(|p| !p.as_os_str().is_empty()) {
        // The new name is durable once its folder is.
        let _ = std::fs::File::open(folder).and_then(|f| f.sync_all());
    }
    Ok(report)
}

fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

async fn check(
    copy: &mut SqliteConnection,
    keys: Option<&MasterKeys>,
) -> Result<BackupReport, BackupError> {
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut *copy)
        .await?;
    if verdict != ["ok"] {
        return Err(BackupError::Corrupt(verdict.join("; ")));
    }
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *copy)
        .await?;
    let credentials: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM credentials")
        .fetch_one(&mut *copy)
        .await?;
    let key_versions: Vec<i64> =
        sqlx::query_scalar("SELECT DISTINCT key_version FROM credentials ORDER BY key_version")
            .fetch_all(&mut *copy)
            .await?;
    let key_check = match keys {
        None => KeyCheck::NotConfigured,
        Some(_) => match verify_on(copy, keys).await {
            Ok(()) => KeyCheck::Matches,
            Err(StoreError::Sqlx(e)) => return Err(e.into()),
            Err(e) => KeyCheck::Mismatch(e.to_string()),
        },
    };
    Ok(BackupReport {
        bytes: 0,
        users,
        credentials,
        key_versions: key_versions
            .into_iter()
            .filter_map(|v| u32::try_from(v).ok())
            .collect(),
        key_check,
    })
}
