//! The encrypted key store and the master-key start-up checks.

use dustpan::domain::{ExchangeId, Platform};
use dustpan::store::{CredentialError, Database, EncryptedKeyStore, StoreError};
use secrecy::ExposeSecret;

use crate::helpers::{
    BINANCE, TempDb, creds, dustpan, fake_creds, key_b64, keys_v, seed_users, text,
};

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[tokio::test]
async fn credentials_round_trip_per_user() {
    let db = TempDb::new();
    let (_db, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 3).await;
    for (i, id) in ids.iter().enumerate() {
        let got = store.load(*id, BINANCE).await.unwrap().expect("stored");
        let (k, s) = fake_creds(i as u32 + 1);
        assert_eq!(got.api_key().expose_secret(), k);
        assert_eq!(got.api_secret().expose_secret(), s);
    }
    assert!(store.delete(ids[0], BINANCE).await.unwrap());
    assert!(store.load(ids[0], BINANCE).await.unwrap().is_none());
}

/// An exchange beside Binance, for keys stored under another name.
const BYBIT: ExchangeId = ExchangeId::Bybit;

#[tokio::test]
async fn one_user_holds_keys_on_two_exchanges_each_kept_apart() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 1).await;
    let user = ids[0];
    store.save(user, BYBIT, &creds(2)).await.unwrap();
    let secret_on = |got: Option<dustpan::domain::Credentials>| {
        got.expect("stored").api_secret().expose_secret().to_owned()
    };
    assert_eq!(
        secret_on(store.load(user, BINANCE).await.unwrap()),
        fake_creds(1).1
    );
    assert_eq!(
        secret_on(store.load(user, BYBIT).await.unwrap()),
        fake_creds(2).1
    );
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT exchange FROM credentials WHERE user_id = ? ORDER BY exchange")
            .bind(user)
            .fetch_all(db_.pool())
            .await
            .unwrap();
    assert_eq!(rows, ["binance", "bybit"]);

    // Replacing one exchange's key leaves the other's.
    store.save(user, BINANCE, &creds(3)).await.unwrap();
    assert_eq!(
        secret_on(store.load(user, BYBIT).await.unwrap()),
        fake_creds(2).1
    );

    // Rotation re-encrypts both rows; each still reads under its own exchange.
    let both = keys_v(&[(1, 1), (2, 2)], 2);
    let report = EncryptedKeyStore::new(db_.clone(), Some(both))
        .rotate(10, |_, _| {})
        .await
        .unwrap();
    assert_eq!(report.rotated, 2);
    let v2 = EncryptedKeyStore::new(db_.clone(), Some(keys_v(&[(2, 2)], 2)));
    assert_eq!(
        secret_on(v2.load(user, BINANCE).await.unwrap()),
        fake_creds(3).1
    );
    assert_eq!(
        secret_on(v2.load(user, BYBIT).await.unwrap()),
        fake_creds(2).1
    );

    // A ciphertext is bound to its exchange: Bybit's secret on the Binance row is refused.
    sqlx::query(
        "UPDATE credentials SET api_secret_ct =
           (SELECT api_secret_ct FROM credentials WHERE user_id = ?1 AND exchange = 'bybit')
         WHERE user_id = ?1 AND exchange = 'binance'",
    )
    .bind(user)
    .execute(db_.pool())
    .await
    .unwrap();
    assert!(matches!(
        v2.load(user, BINANCE).await,
        Err(CredentialError::Undecryptable { .. })
    ));

    // Deleting one exchange's key leaves the other's.
    assert!(v2.delete(user, BINANCE).await.unwrap());
    assert!(v2.load(user, BINANCE).await.unwrap().is_none());
    assert_eq!(
        secret_on(v2.load(user, BYBIT).await.unwrap()),
        fake_creds(2).1
    );
}

#[tokio::test]
async fn a_flipped_byte_in_a_stored_row_is_undecryptable() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 1).await;
    let ct: Vec<u8> = sqlx::query_scalar("SELECT api_secret_ct FROM credentials WHERE user_id = ?")
        .bind(ids[0])
        .fetch_one(db_.pool())
        .await
        .unwrap();
    for i in [0, 5, 12, ct.len() / 2, ct.len() - 1] {
        let mut t = ct.clone();
        t[i] ^= 0x20;
        sqlx::query("UPDATE credentials SET api_secret_ct = ? WHERE user_id = ?")
            .bind(&t)
            .bind(ids[0])
            .execute(db_.pool())
            .await
            .unwrap();
        let err = store.load(ids[0], BINANCE).await.unwrap_err();
        assert!(matches!(err, CredentialError::Undecryptable { user_id } if user_id == ids[0]));
    }
}

#[tokio::test]
async fn a_ciphertext_moved_to_another_user_or_field_is_undecryptable() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 2).await;
    // Move user 1's secret onto user 2's row.
    sqlx::query(
        "UPDATE credentials SET api_secret_ct = (SELECT api_secret_ct FROM credentials WHERE user_id = ?)
         WHERE user_id = ?",
    )
    .bind(ids[0])
    .bind(ids[1])
    .execute(db_.pool())
    .await
    .unwrap();
    assert!(matches!(
        store.load(ids[1], BINANCE).await,
        Err(CredentialError::Undecryptable { .. })
    ));
    // Swap key and secret within user 1's row.
    sqlx::query("UPDATE credentials SET api_key_ct = api_secret_ct, api_secret_ct = api_key_ct WHERE user_id = ?")
        .bind(ids[0])
        .execute(db_.pool())
        .await
        .unwrap();
    assert!(matches!(
        store.load(ids[0], BINANCE).await,
        Err(CredentialError::Undecryptable { .. })
    ));
}

#[tokio::test]
async fn the_same_platform_id_on_another_platform_cannot_read_the_row() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 1).await;
    let other = db_.upsert_user(Platform::Discord, "1001").await.unwrap();
    sqlx::query("UPDATE credentials SET user_id = ? WHERE user_id = ?")
        .bind(other)
        .bind(ids[0])
        .execute(db_.pool())
        .await
        .unwrap();
    assert!(matches!(
        store.load(other, BINANCE).await,
        Err(CredentialError::Undecryptable { .. })
    ));
}

#[tokio::test]
async fn wrong_master_key_refuses_in_the_library_without_writing() {
    let db = TempDb::new();
    let (db_, _store, _) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 2).await;
    db_.close().await;
    let before = std::fs::read(&db.path).unwrap();
    let err = Database::open(&db.path, Some(&keys_v(&[(1, 9)], 1)))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::KeyCheckFailed(1)), "{err}");
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
    let err = Database::open(&db.path, None).await.unwrap_err();
    assert!(matches!(err, StoreError::MissingMasterKey(2)), "{err}");
    assert!(err.to_string().contains("DUSTPAN_MASTER_KEY"));
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[tokio::test]
async fn wrong_master_key_makes_the_binary_refuse_and_leaves_the_file_identical() {
    let db = TempDb::new();
    let (db_, _store, _) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 2).await;
    db_.close().await;
    let before = std::fs::read(&db.path).unwrap();
    for command in ["run", "rotate-keys"] {
        let out = dustpan(db.dir.path())
            .arg(command)
            .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
            .env("DUSTPAN_MASTER_KEY", key_b64(9))
            .output()
            .unwrap();
        let (_, stderr) = text(&out);
        assert!(!out.status.success());
        assert!(
            stderr.contains("master key for version 1 does not match this database"),
            "{command}: {stderr}"
        );
        assert!(!stderr.contains(&key_b64(9)));
        assert_eq!(
            std::fs::read(&db.path).unwrap(),
            before,
            "{command} changed the file"
        );
    }
    // And no key at all while credentials exist.
    let out = dustpan(db.dir.path())
        .arg("run")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        text(&out).1.contains("no master key is configured"),
        "{}",
        text(&out).1
    );
    assert_eq!(std::fs::read(&db.path).unwrap(), before);
}

#[tokio::test]
async fn rotation_v1_to_v2_then_dropping_v1_keeps_every_row_readable() {
    let db = TempDb::new();
    let (db_, _store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 250).await;
    db_.close().await;
    let out = dustpan(db.dir.path())
        .args(["rotate-keys", "--batch", "100"])
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY_V1", key_b64(1))
        .env("DUSTPAN_MASTER_KEY_V2", key_b64(2))
        .env("DUSTPAN_MASTER_KEY_ACTIVE", "2")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stdout.contains("250 row(s) re-encrypted to key version 2"),
        "{stdout}"
    );
    assert!(
        stderr.contains("re-encrypted 100 of 250") && stderr.contains("re-encrypted 250 of 250")
    );

    // v1 removed from the configuration: the binary starts and every row reads.
    let out = dustpan(db.dir.path())
        .arg("run")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY_V2", key_b64(2))
        .output()
        .unwrap();
    assert!(text(&out).1.contains("check out"), "{}", text(&out).1);
    let keys = keys_v(&[(2, 2)], 2);
    let db2 = Database::open(&db.path, Some(&keys)).await.unwrap();
    let store = EncryptedKeyStore::new(db2, Some(keys));
    for (i, id) in ids.iter().enumerate() {
        let got = store.load(*id, BINANCE).await.unwrap().unwrap();
        assert_eq!(
            got.api_secret().expose_secret(),
            &fake_creds(i as u32 + 1).1
        );
    }
}

#[tokio::test]
async fn an_interrupted_rotation_loses_nothing_and_finishes_when_run_again() {
    let db = TempDb::new();
    let (db_, _store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 30).await;
    let both = keys_v(&[(1, 1), (2, 2)], 2);
    let store = EncryptedKeyStore::new(db_.clone(), Some(both.clone()));
    // The process "dies" right after the first batch commits.
    let crashed = tokio::spawn(async move {
        store
            .rotate(10, |done, _| {
                if done >= 10 {
                    panic!("simulated crash after the first batch");
                }
            })
            .await
    })
    .await;
    assert!(crashed.is_err());
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT key_version FROM credentials ORDER BY user_id")
            .fetch_all(db_.pool())
            .await
            .unwrap();
    assert_eq!(versions.iter().filter(|v| **v == 2).count(), 10);
    let store = EncryptedKeyStore::new(db_.clone(), Some(both));
    for (i, id) in ids.iter().enumerate() {
        let got = store.load(*id, BINANCE).await.unwrap().unwrap();
        assert_eq!(got.api_key().expose_secret(), &fake_creds(i as u32 + 1).0);
    }
    let report = store.rotate(10, |_, _| {}).await.unwrap();
    assert_eq!((report.rotated, report.already_current), (20, 10));
}

#[tokio::test]
async fn the_database_file_and_wal_never_hold_a_secret() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 5).await;
    // Replace, rotate, delete: the full life of a credential.
    store.save(ids[0], BINANCE, &creds(1)).await.unwrap();
    let both = keys_v(&[(1, 1), (2, 2)], 2);
    EncryptedKeyStore::new(db_.clone(), Some(both))
        .rotate(2, |_, _| {})
        .await
        .unwrap();
    store.delete(ids[4], BINANCE).await.unwrap();
    let bytes = db.all_bytes();
    assert!(bytes.len() > 4096);
    for n in 1..=5 {
        let (k, s) = fake_creds(n);
        assert!(
            !contains(&bytes, k.as_bytes()),
            "api key {n} found in the database"
        );
        assert!(
            !contains(&bytes, s.as_bytes()),
            "api secret {n} found in the database"
        );
        assert!(!contains(&bytes, &k.as_bytes()[..16]));
    }
    db_.close().await;
    let bytes = db.all_bytes();
    for n in 1..=5 {
        assert!(!contains(&bytes, fake_creds(n).1.as_bytes()));
    }
}

#[tokio::test]
async fn the_database_runs_wal_with_full_sync_and_foreign_keys() {
    let db = TempDb::new();
    let (db_, _, _) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 1).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(db_.pool())
        .await
        .unwrap();
    let sync: i64 = sqlx::query_scalar("PRAGMA synchronous")
        .fetch_one(db_.pool())
        .await
        .unwrap();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(db_.pool())
        .await
        .unwrap();
    assert_eq!((mode.as_str(), sync, fk), ("wal", 2, 1));
    // Deleting a user deletes their credentials (foreign keys really on).
    sqlx::query("DELETE FROM users")
        .execute(db_.pool())
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM credentials")
        .fetch_one(db_.pool())
        .await
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn debug_output_of_config_and_credential_types_shows_no_secret() {
    let mut raw = dustpan::config::RawSettings::default();
    raw.set("DUSTPAN_MASTER_KEY", &key_b64(4));
    raw.set("TELEGRAM_BOT_TOKEN", "123456:FAKEtelegramTOKEN");
    raw.set("DISCORD_BOT_TOKEN", "FAKEdiscordTOKEN");
    let settings = raw.parse().unwrap();
    let c = creds(7);
    let (k, s) = fake_creds(7);
    let keys = settings.master_keys.clone().unwrap();
    let store_dbg = {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let db = TempDb::new();
        rt.block_on(async {
            let d = Database::open(&db.path, Some(&keys)).await.unwrap();
            format!("{:?}", EncryptedKeyStore::new(d, Some(keys.clone())))
        })
    };
    let secret_bytes = format!("{:?}", helpers_key_bytes());
    for dbg in [
        format!("{raw:?}"),
        format!("{settings:?}"),
        format!("{:?}", settings.telegram),
        format!("{:?}", settings.discord),
        format!("{keys:?}"),
        format!("{c:?}"),
        store_dbg,
    ] {
        for secret in [
            key_b64(4).as_str(),
            "FAKEtelegramTOKEN",
            "FAKEdiscordTOKEN",
            &k,
            &s,
            &secret_bytes[1..20],
        ] {
            assert!(!dbg.contains(secret), "{dbg}");
        }
    }
}

fn helpers_key_bytes() -> [u8; 32] {
    crate::helpers::key_bytes(4)
}
