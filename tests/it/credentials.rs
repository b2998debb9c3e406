//! Credentials keyed by user and exchange: the passphrase some exchanges need, stored
//! encrypted beside key and secret; rows written before it existed; shapes checked by the
//! exchange's adapter.

use dustpan::domain::{Credentials, ExchangeId};
use dustpan::ports::Exchange;
use dustpan::sim;
use dustpan::store::crypto;
use dustpan::store::{CredentialError, Database, EncryptedKeyStore};
use secrecy::{ExposeSecret, SecretString};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

use crate::app::{private_user, spawn_app, text};
use crate::helpers::{BINANCE, TempDb, creds, fake_creds, keys_v, seed_users};
use crate::replies::{assert_asks, assert_key, keys};
use dustpan::service::reply::CredentialField;

const PASSPHRASE: &str = "FAKEpassPHRASE0001zzzz";

fn with_passphrase(n: u32) -> Credentials {
    creds(n).with_passphrase(SecretString::from(format!("FAKEpassPHRASE{n:04}zzzz")))
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

async fn passphrase_ct(db: &Database, user_id: i64) -> Option<Vec<u8>> {
    sqlx::query_scalar("SELECT api_passphrase_ct FROM credentials WHERE user_id = ?")
        .bind(user_id)
        .fetch_one(db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_key_stored_before_passphrases_existed_still_decrypts_after_the_upgrade() {
    let db = TempDb::new();
    // The schema as it stood before 0010, from the migration files themselves.
    let old = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < "0010" {
            std::fs::copy(&path, old.path().join(&name)).unwrap();
        }
    }
    let pool = SqlitePoolOptions::new()
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&db.path)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    sqlx::migrate::Migrator::new(old.path())
        .await
        .unwrap()
        .run(&pool)
        .await
        .unwrap();
    let user_id: i64 = sqlx::query_scalar(
        "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('tg', '1001', 0)
         RETURNING id",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    // A row as the store wrote it then, its associated data spelled out byte for byte.
    let keys = keys_v(&[(1, 1)], 1);
    let master = keys.get(1).unwrap();
    let (k, s) = fake_creds(1);
    let key_ct = crypto::encrypt(
        master,
        b"dustpan/v1|platform=2:tg|user=4:1001|exchange=7:binance|field=7:api_key|kv=1",
        k.as_bytes(),
    )
    .unwrap();
    let secret_ct = crypto::encrypt(
        master,
        b"dustpan/v1|platform=2:tg|user=4:1001|exchange=7:binance|field=10:api_secret|kv=1",
        s.as_bytes(),
    )
    .unwrap();
    sqlx::query(
        "INSERT INTO credentials (user_id, exchange, key_version, api_key_ct, api_secret_ct, created_at, updated_at)
         VALUES (?, 'binance', 1, ?, ?, 0, 0)",
    )
    .bind(user_id)
    .bind(&key_ct)
    .bind(&secret_ct)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    // Today's binary opens it (0010 applied) and reads the key back.
    let upgraded = Database::open(&db.path, Some(&keys)).await.unwrap();
    assert_eq!(passphrase_ct(&upgraded, user_id).await, None);
    let store = EncryptedKeyStore::new(upgraded.clone(), Some(keys));
    let got = store.load(user_id, BINANCE).await.unwrap().expect("stored");
    assert_eq!(got.api_key().expose_secret(), k);
    assert_eq!(got.api_secret().expose_secret(), s);
    assert!(got.passphrase().is_none());
    // The stored bytes were only read.
    let still: (Vec<u8>, Vec<u8>) =
        sqlx::query_as("SELECT api_key_ct, api_secret_ct FROM credentials WHERE user_id = ?")
            .bind(user_id)
            .fetch_one(upgraded.pool())
            .await
            .unwrap();
    assert_eq!(still, (key_ct, secret_ct));
    // And it rotates like any other row.
    let both = keys_v(&[(1, 1), (2, 2)], 2);
    let report = EncryptedKeyStore::new(upgraded.clone(), Some(both))
        .rotate(10, |_, _| {})
        .await
        .unwrap();
    assert_eq!(report.rotated, 1);
    let got = EncryptedKeyStore::new(upgraded, Some(keys_v(&[(2, 2)], 2)))
        .load(user_id, BINANCE)
        .await
        .unwrap()
        .expect("stored");
    assert_eq!(got.api_secret().expose_secret(), s);
    assert!(got.passphrase().is_none());
}

#[tokio::test]
async fn a_passphrase_is_stored_encrypted_and_a_replacement_without_one_clears_it() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 2).await;
    store
        .save(ids[0], BINANCE, &with_passphrase(1))
        .await
        .unwrap();
    let got = store.load(ids[0], BINANCE).await.unwrap().unwrap();
    assert_eq!(got.api_key().expose_secret(), &fake_creds(1).0);
    assert_eq!(
        got.passphrase().map(|p| p.expose_secret().to_owned()),
        Some(PASSPHRASE.to_owned())
    );
    assert!(!format!("{got:?}").contains(PASSPHRASE));
    // The other user's row has none.
    assert!(
        store
            .load(ids[1], BINANCE)
            .await
            .unwrap()
            .unwrap()
            .passphrase()
            .is_none()
    );
    let bytes = db.all_bytes();
    assert!(!contains(&bytes, PASSPHRASE.as_bytes()));
    assert!(!contains(&bytes, &PASSPHRASE.as_bytes()[..12]));
    // The key entered again without a passphrase: the old one does not linger.
    store.save(ids[0], BINANCE, &creds(1)).await.unwrap();
    assert_eq!(passphrase_ct(&db_, ids[0]).await, None);
    let got = store.load(ids[0], BINANCE).await.unwrap().unwrap();
    assert!(got.passphrase().is_none());
    assert!(store.delete(ids[0], BINANCE).await.unwrap());
    assert!(store.load(ids[0], BINANCE).await.unwrap().is_none());
}

#[tokio::test]
async fn a_passphrase_moved_to_another_field_or_user_is_undecryptable() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 2).await;
    for (i, id) in ids.iter().enumerate() {
        store
            .save(*id, BINANCE, &with_passphrase(i as u32 + 1))
            .await
            .unwrap();
    }
    // User 2's passphrase onto user 1's row.
    sqlx::query(
        "UPDATE credentials SET api_passphrase_ct =
           (SELECT api_passphrase_ct FROM credentials WHERE user_id = ?) WHERE user_id = ?",
    )
    .bind(ids[1])
    .bind(ids[0])
    .execute(db_.pool())
    .await
    .unwrap();
    assert!(matches!(
        store.load(ids[0], BINANCE).await,
        Err(CredentialError::Undecryptable { user_id }) if user_id == ids[0]
    ));
    // Passphrase and secret swapped within user 2's row.
    sqlx::query(
        "UPDATE credentials SET api_passphrase_ct = api_secret_ct, api_secret_ct = api_passphrase_ct
         WHERE user_id = ?",
    )
    .bind(ids[1])
    .execute(db_.pool())
    .await
    .unwrap();
    assert!(matches!(
        store.load(ids[1], BINANCE).await,
        Err(CredentialError::Undecryptable { .. })
    ));
}

#[tokio::test]
async fn rotation_re_encrypts_the_passphrase_with_the_key_and_secret() {
    let db = TempDb::new();
    let (db_, store, ids) = seed_users(&db.path, keys_v(&[(1, 1)], 1), 3).await;
    store
        .save(ids[1], BINANCE, &with_passphrase(2))
        .await
        .unwrap();
    let before = passphrase_ct(&db_, ids[1]).await.expect("stored");
    let report = EncryptedKeyStore::new(db_.clone(), Some(keys_v(&[(1, 1), (2, 2)], 2)))
        .rotate(2, |_, _| {})
        .await
        .unwrap();
    assert_eq!((report.rotated, report.already_current), (3, 0));
    let after = passphrase_ct(&db_, ids[1]).await.expect("stored");
    assert_ne!(before, after);
    // Version 1 gone: every row, the passphrase included, reads under version 2 alone.
    let v2 = EncryptedKeyStore::new(db_.clone(), Some(keys_v(&[(2, 2)], 2)));
    for (i, id) in ids.iter().enumerate() {
        let got = v2.load(*id, BINANCE).await.unwrap().unwrap();
        assert_eq!(
            got.api_secret().expose_secret(),
            &fake_creds(i as u32 + 1).1
        );
        let pass = got.passphrase().map(|p| p.expose_secret().to_owned());
        if i == 1 {
            assert_eq!(pass.as_deref(), Some("FAKEpassPHRASE0002zzzz"));
        } else {
            assert_eq!(pass, None);
        }
    }
}

#[tokio::test]
async fn a_key_of_the_wrong_shape_is_refused_before_the_exchange_is_asked() {
    let t = spawn_app().await;
    let who = private_user("140");
    t.sim.clear_request_log();
    for (key, secret) in [
        ("tooshort", sim::DEMO_API_SECRET),
        (
            sim::DEMO_API_KEY,
            "not-a-secret-but-long-enough-to-pass-for-one",
        ),
    ] {
        let r = t.send(&who, &format!("/connect {key} {secret}")).await;
        let out = text(&r);
        assert!(r.delete_incoming, "{out}");
        assert_eq!(keys(&r), ["connect-bad-format"], "{out}");
        assert!(!out.contains(key) && !out.contains(secret));
    }
    assert_key(&t.send(&who, "/dust").await, "error-not-connected");
    // The guided form's first step checks the key's shape too, and waits for a good one.
    t.send(&who, "/connect binance").await;
    let r = t.send(&who, "key?").await;
    assert!(r.delete_incoming);
    assert_key(&r, "connect-bad-format");
    let r = t.send(&who, sim::DEMO_API_KEY).await;
    assert!(r.delete_incoming);
    assert_asks(&r, &[CredentialField::Secret]);
    assert_eq!(t.sim.path_count("/sapi/v1/account/apiRestrictions"), 0);
    // A well-shaped pair is stored under the exchange the service talks to.
    let r = t.send(&who, sim::DEMO_API_SECRET).await;
    assert_key(&r, "connect-done");
    assert_eq!(t.app.exchange.id(), ExchangeId::Binance);
    let stored: Vec<String> = sqlx::query_scalar("SELECT exchange FROM credentials")
        .fetch_all(t.app.db.pool())
        .await
        .unwrap();
    assert_eq!(stored, ["binance"]);
}

#[tokio::test]
async fn only_text_exactly_shaped_like_a_key_is_taken_for_one_before_it_is_handled() {
    let t = spawn_app().await;
    let who = private_user("141");
    let service = &t.app.service;
    // Outside any form: the exchange's exact key and secret shapes are key material.
    assert!(service.carries_secret(&who, sim::DEMO_API_KEY).await);
    assert!(
        service
            .carries_secret(&who, &format!("  {}\n", sim::DEMO_API_SECRET))
            .await
    );
    // A transaction hash (hex, one case), an address, words: not.
    let tx_hash = "9f2c5a7e3b1d4c6e8a0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c";
    for text in [
        tx_hash,
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "hello there",
    ] {
        assert!(!service.carries_secret(&who, text).await, "{text}");
    }
    // Inside the guided form, any answer is.
    t.send(&who, "/connect binance").await;
    assert!(service.carries_secret(&who, "hello").await);
}
