//! The encrypted per-user credential store (shared/security.md §1.2): each field is
//! AES-256-GCM encrypted under the active master key version, bound by its associated data
//! to (platform, user, exchange, field, key version). A user has one row per exchange.

use std::sync::Arc;

use crate::config::MasterKeys;
use crate::domain::{Credentials, ExchangeId};
use crate::store::crypto::{self, Binding, CryptoError};
use crate::store::engine::{Engine, SYNCED, Sql, StoreRow, TOGETHER, TxWork};
use crate::store::sqlite::{Database, StoreError, now_ms};
use secrecy::{ExposeSecret, SecretString};

const FIELD_KEY: &str = "api_key";
const FIELD_SECRET: &str = "api_secret";
const FIELD_PASSPHRASE: &str = "api_passphrase";

/// Why credentials could not be stored or read.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// No master key is configured, so nothing can be encrypted.
    #[error("no master key is configured; set DUSTPAN_MASTER_KEY")]
    NoMasterKey,
    /// The row does not decrypt (tampered, moved, or its key version is gone): the user
    /// must enter the key again.
    #[error("stored credentials of user {user_id} cannot be decrypted")]
    Undecryptable {
        /// The internal user id (never the ciphertext).
        user_id: i64,
    },
    /// The user does not exist.
    #[error("no such user")]
    NoSuchUser,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for CredentialError {
    fn from(e: sqlx::Error) -> Self {
        Self::Store(StoreError::Sqlx(e))
    }
}

/// What a rotation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RotationReport {
    /// Rows re-encrypted to the active version.
    pub rotated: u64,
    /// Rows already at the active version.
    pub already_current: u64,
}

/// The encrypted credential store, on either engine (SQLite by default).
#[derive(Debug, Clone)]
pub struct EncryptedKeyStore<E = Database> {
    db: E,
    keys: Option<Arc<MasterKeys>>,
}

struct Identity {
    platform: String,
    platform_user_id: String,
}

impl Identity {
    fn binding<'a>(&'a self, exchange: &'a str, field: &'a str, key_version: u32) -> Binding<'a> {
        Binding {
            platform: &self.platform,
            platform_user_id: &self.platform_user_id,
            exchange,
            field,
            key_version,
        }
    }
}

impl<E: Engine> EncryptedKeyStore<E> {
    /// A key store over `db`; without master keys it can only say so.
    pub fn new(db: E, keys: Option<MasterKeys>) -> Self {
        Self {
            db,
            keys: keys.map(Arc::new),
        }
    }

    fn keys(&self) -> Result<&MasterKeys, CredentialError> {
        self.keys.as_deref().ok_or(CredentialError::NoMasterKey)
    }

    async fn identity(&self, user_id: i64) -> Result<Identity, CredentialError> {
        let row = self
            .db
            .read_one(
                Sql::new("SELECT platform, platform_user_id FROM users WHERE id = ?").bind(user_id),
            )
            .await?
            .ok_or(CredentialError::NoSuchUser)?;
        Ok(Identity {
            platform: row.cell(0)?,
            platform_user_id: row.cell(1)?,
        })
    }

    /// Stores (or replaces) a user's credentials for `exchange`, encrypted under the
    /// active key. A replacement without a passphrase clears the old one.
    pub async fn save(
        &self,
        user_id: i64,
        exchange: ExchangeId,
        creds: &Credentials,
    ) -> Result<(), CredentialError> {
        let keys = self.keys()?;
        let version = keys.active_version();
        let key = keys.get(version).ok_or(CredentialError::NoMasterKey)?;
        let id = self.identity(user_id).await?;
        let seal = |field: &str, plain: &SecretString| {
            crypto::encrypt(
                key,
                &id.binding(exchange.as_str(), field, version).aad(),
                plain.expose_secret().as_bytes(),
            )
            .map_err(StoreError::from)
        };
        let key_ct = seal(FIELD_KEY, creds.api_key())?;
        let secret_ct = seal(FIELD_SECRET, creds.api_secret())?;
        let passphrase_ct = creds
            .passphrase()
            .map(|p| seal(FIELD_PASSPHRASE, p))
            .transpose()?;
        let now = now_ms();
        let sql = Sql::new(
            "INSERT INTO credentials (user_id, exchange, key_version, api_key_ct, api_secret_ct,
                                      api_passphrase_ct, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (user_id, exchange) DO UPDATE SET key_version = excluded.key_version,
               api_key_ct = excluded.api_key_ct, api_secret_ct = excluded.api_secret_ct,
               api_passphrase_ct = excluded.api_passphrase_ct,
               updated_at = excluded.updated_at",
        )
        .bind(user_id)
        .bind(exchange.as_str())
        .bind(i64::from(version))
        .bind(key_ct)
        .bind(secret_ct)
        .bind(passphrase_ct)
        .bind(now)
        .bind(now);
        self.db.exec(sql, SYNCED).await?;
        Ok(())
    }

    /// A user's credentials for `exchange`, if stored. A row that does not decrypt is
    /// [`CredentialError::Undecryptable`], never a panic and never garbage.
    pub async fn load(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<Option<Credentials>, CredentialError> {
        let sql = Sql::new(
            "SELECT c.key_version, c.api_key_ct, c.api_secret_ct, u.platform, u.platform_user_id,
                    c.api_passphrase_ct
             FROM credentials c JOIN users u ON u.id = c.user_id
             WHERE c.user_id = ? AND c.exchange = ?",
        )
        .bind(user_id)
        .bind(exchange.as_str());
        let row = self.db.read_one(sql).await?;
        let Some(row) = row else { return Ok(None) };
        let keys = self.keys()?;
        let version: i64 = row.cell(0)?;
        let id = Identity {
            platform: row.cell(3)?,
            platform_user_id: row.cell(4)?,
        };
        let undecryptable = || {
            tracing::warn!(
                user_id,
                key_version = version,
                "stored credentials do not decrypt"
            );
            CredentialError::Undecryptable { user_id }
        };
        let version = u32::try_from(version).map_err(|_| undecryptable())?;
        let key = keys.get(version).ok_or_else(undecryptable)?;
        let open = |field: &str, ct: Vec<u8>| -> Result<SecretString, CryptoError> {
            let aad = id.binding(exchange.as_str(), field, version).aad();
            let plain = crypto::decrypt(key, &aad, &ct)?;
            let text = std::str::from_utf8(&plain).map_err(|_| CryptoError::Undecryptable)?;
            Ok(SecretString::from(text.to_owned()))
        };
        let api_key = open(FIELD_KEY, row.cell(1)?).map_err(|_| undecryptable())?;
        let api_secret = open(FIELD_SECRET, row.cell(2)?).map_err(|_| undecryptable())?;
        let mut creds = Credentials::new(api_key, api_secret);
        if let Some(ct) = row.cell::<Option<Vec<u8>>, _>(5)? {
            creds = creds.with_passphrase(open(FIELD_PASSPHRASE, ct).map_err(|_| undecryptable())?);
        }
        Ok(Some(creds))
    }

    /// Deletes a user's credentials for `exchange`; true when there were some.
    pub async fn delete(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<bool, CredentialError> {
        let sql = Sql::new("DELETE FROM credentials WHERE user_id = ? AND exchange = ?")
            .bind(user_id)
            .bind(exchange.as_str());
        Ok(self.db.exec(sql, SYNCED).await? > 0)
    }

    /// Re-encrypts every row to the active version, `batch` rows per transaction. Each
    /// row changes ciphertext and version together, so a crash between batches loses
    /// nothing: running it again finishes the job. `progress` gets (rows done, rows that
    /// needed it).
    pub async fn rotate(
        &self,
        batch: u32,
        mut progress: impl FnMut(u64, u64),
    ) -> Result<RotationReport, CredentialError> {
        let keys = self.keys.clone().ok_or(CredentialError::NoMasterKey)?;
        let active = keys.active_version();
        let count = |op: &'static str| {
            Sql::new(format!(
                "SELECT COUNT(*) FROM credentials WHERE key_version {op} ?"
            ))
            .bind(i64::from(active))
        };
        let pending: i64 = self.db.read(count("!=")).await?[0].cell(0)?;
        let current: i64 = self.db.read(count("=")).await?[0].cell(0)?;
        let total = u64::try_from(pending).unwrap_or(0);
        let mut report = RotationReport {
            rotated: 0,
            already_current: u64::try_from(current).unwrap_or(0),
        };
        loop {
            let keys = keys.clone();
            let work: TxWork<Result<u64, CredentialError>, E::Row> = Box::new(move |c| {
                Box::pin(async move {
                    let rows = c
                        .all(
                            Sql::new(
                                "SELECT c.user_id, c.exchange, c.key_version, c.api_key_ct,
                                        c.api_secret_ct, u.platform, u.platform_user_id,
                                        c.api_passphrase_ct
                                 FROM credentials c JOIN users u ON u.id = c.user_id
                                 WHERE c.key_version != ? ORDER BY c.user_id LIMIT ?",
                            )
                            .bind(i64::from(active))
                            .bind(i64::from(batch.max(1))),
                        )
                        .await?;
                    let mut done = 0;
                    for row in rows {
                        let update = match reseal_row(&keys, &row) {
                            Ok(update) => update,
                            Err(e) => return Ok(Err(e)),
                        };
                        c.run(update).await?;
                        done += 1;
                    }
                    Ok(Ok(done))
                })
            });
            let done = self.db.transaction(work, TOGETHER).await??;
            if done == 0 {
                break;
            }
            report.rotated += done;
            progress(report.rotated, total);
        }
        Ok(report)
    }
}

/// The UPDATE that re-encrypts one credentials row (selected as in `rotate`) to the active
/// version, each field under the binding it was stored with; only the key version changes.
fn reseal_row(keys: &MasterKeys, row: &impl StoreRow) -> Result<Sql, CredentialError> {
    let active = keys.active_version();
    let new_key = keys.get(active).ok_or(CredentialError::NoMasterKey)?;
    let user_id: i64 = row.cell(0)?;
    let exchange: String = row.cell(1)?;
    let old_version: i64 = row.cell(2)?;
    let id = Identity {
        platform: row.cell(5)?,
        platform_user_id: row.cell(6)?,
    };
    let old = u32::try_from(old_version)
        .ok()
        .and_then(|v| keys.get(v).map(|k| (v, k)))
        .ok_or(CredentialError::Undecryptable { user_id })?;
    let reseal = |field: &str, ct: Vec<u8>| -> Result<Vec<u8>, CredentialError> {
        let plain = crypto::decrypt(old.1, &id.binding(&exchange, field, old.0).aad(), &ct)
            .map_err(|_| CredentialError::Undecryptable { user_id })?;
        let aad = id.binding(&exchange, field, active).aad();
        Ok(crypto::encrypt(new_key, &aad, &plain).map_err(StoreError::from)?)
    };
    let key_ct = reseal(FIELD_KEY, row.cell(3)?)?;
    let secret_ct = reseal(FIELD_SECRET, row.cell(4)?)?;
    let passphrase_ct = row
        .cell::<Option<Vec<u8>>, _>(7)?
        .map(|ct| reseal(FIELD_PASSPHRASE, ct))
        .transpose()?;
    Ok(Sql::new(
        "UPDATE credentials SET key_version = ?, api_key_ct = ?, api_secret_ct = ?,
           api_passphrase_ct = ?, updated_at = ?
         WHERE user_id = ? AND exchange = ? AND key_version = ?",
    )
    .bind(i64::from(active))
    .bind(key_ct)
    .bind(secret_ct)
    .bind(passphrase_ct)
    .bind(now_ms())
    .bind(user_id)
    .bind(exchange)
    .bind(old_version))
}

#[async_trait::async_trait]
impl<E: Engine> crate::ports::KeyStore for EncryptedKeyStore<E> {
    async fn save(
        &self,
        user_id: i64,
        exchange: ExchangeId,
        creds: &Credentials,
    ) -> Result<(), crate::ports::KeyStoreError> {
        EncryptedKeyStore::save(self, user_id, exchange, creds)
            .await
            .map_err(port_error("storing credentials"))
    }

    async fn load(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<Option<Credentials>, crate::ports::KeyStoreError> {
        EncryptedKeyStore::load(self, user_id, exchange)
            .await
            .map_err(port_error("reading credentials"))
    }

    async fn delete(
        &self,
        user_id: i64,
        exchange: ExchangeId,
    ) -> Result<bool, crate::ports::KeyStoreError> {
        EncryptedKeyStore::delete(self, user_id, exchange)
            .await
            .map_err(port_error("deleting credentials"))
    }
}

/// The port's error; a database failure keeps `context` and its cause.
fn port_error(
    context: &'static str,
) -> impl FnOnce(CredentialError) -> crate::ports::KeyStoreError {
    use crate::ports::KeyStoreError;
    move |e| match e {
        CredentialError::NoMasterKey => KeyStoreError::NotConfigured,
        CredentialError::Undecryptable { .. } => KeyStoreError::Undecryptable,
        other => KeyStoreError::Failure(crate::ports::Cause::caused_by(context, other)),
    }
}
