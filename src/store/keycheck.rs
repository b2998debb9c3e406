//! The master-key checks at start-up, on either engine (shared/security.md §1.2 item 5):
//! every configured key against its key-check row, every stored credential's version
//! configured, and a key-check row recorded for each new version.

use crate::config::MasterKeys;
use crate::store::crypto;
use crate::store::engine::{Engine, Exec, Sql, StoreRow, TOGETHER, TxWork};
use crate::store::error::{StoreError, now_ms};

/// Checks every configured key against its key-check row, and that every stored
/// credential's version is configured, without writing anything. `tables` lists which of
/// `key_check` and `credentials` exist (none on a fresh database).
pub(crate) async fn verify_on<R: StoreRow>(
    conn: &mut dyn Exec<R>,
    tables: &[String],
    keys: Option<&MasterKeys>,
) -> Result<(), StoreError> {
    if tables.iter().any(|t| t == "key_check")
        && let Some(keys) = keys
    {
        let rows = conn
            .all(Sql::new("SELECT key_version, ciphertext FROM key_check"))
            .await?;
        for row in rows {
            let version: i64 = row.cell(0)?;
            let Ok(version) = u32::try_from(version) else {
                continue;
            };
            if let Some(key) = keys.get(version) {
                crypto::decrypt(
                    key,
                    &crypto::keycheck_aad(version),
                    &row.cell::<Vec<u8>, _>(1)?,
                )
                .map_err(|_| StoreError::KeyCheckFailed(version))?;
            }
        }
    }
    if tables.iter().any(|t| t == "credentials") {
        let rows = conn
            .all(Sql::new(
                "SELECT key_version, COUNT(*) FROM credentials GROUP BY key_version",
            ))
            .await?;
        let mut total = 0;
        for row in &rows {
            let version: i64 = row.cell(0)?;
            let count: i64 = row.cell(1)?;
            total += count;
            if let Some(keys) = keys {
                let configured = u32::try_from(version)
                    .ok()
                    .and_then(|v| keys.get(v))
                    .is_some();
                if !configured {
                    return Err(StoreError::UnconfiguredKeyVersion {
                        version: u32::try_from(version).unwrap_or(0),
                        rows: count,
                    });
                }
            }
        }
        if keys.is_none() && total > 0 {
            return Err(StoreError::MissingMasterKey(total));
        }
    }
    Ok(())
}

/// Records a key-check row for each configured version that has none, and checks the rows
/// that exist (again: another instance may have written one meanwhile). Two instances
/// starting together both succeed: the second's insert does nothing, and its key is
/// checked against the first's row.
pub(crate) async fn record_key_checks<E: Engine>(
    db: &E,
    keys: &MasterKeys,
) -> Result<(), StoreError> {
    let keys = keys.clone();
    let work: TxWork<Result<(), StoreError>, E::Row> = Box::new(move |c| {
        Box::pin(async move {
            for version in keys.versions() {
                let Some(key) = keys.get(version) else {
                    continue;
                };
                let aad = crypto::keycheck_aad(version);
                let ct = match crypto::encrypt(key, &aad, crypto::KEYCHECK_PLAINTEXT) {
                    Ok(ct) => ct,
                    Err(e) => return Ok(Err(e.into())),
                };
                c.run(
                    Sql::new(
                        "INSERT INTO key_check (key_version, ciphertext, created_at)
                         VALUES (?, ?, ?) ON CONFLICT (key_version) DO NOTHING",
                    )
                    .bind(i64::from(version))
                    .bind(ct)
                    .bind(now_ms()),
                )
                .await?;
                let row = c
                    .first(
                        Sql::new("SELECT ciphertext FROM key_check WHERE key_version = ?")
                            .bind(i64::from(version)),
                    )
                    .await?;
                let stored: Vec<u8> = row.ok_or(sqlx::Error::RowNotFound)?.cell(0)?;
                if crypto::decrypt(key, &aad, &stored).is_err() {
                    return Ok(Err(StoreError::KeyCheckFailed(version)));
                }
            }
            Ok(Ok(()))
        })
    });
    db.transaction(work, TOGETHER).await?
}
