//! Deploying on PostgreSQL (issue 21), through the real binary: `dustpan migrate-db` copies
//! a running SQLite deployment, `dustpan run` opens PostgreSQL and checks the master key
//! against it, `dustpan backup` points to pg_dump; and instances starting together migrate
//! once, on either engine.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::Utc;
use dustpan::domain::{Credentials, ExchangeId, Platform};
use dustpan::ports::{ConversionSource, Store as _};
use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET};
use dustpan::store::{Database, EncryptedKeyStore, PgStore};
use secrecy::{ExposeSecret, SecretString};

use crate::app::{TestApp, private_user};
use crate::helpers::{TempDb, dustpan, key_b64, keys_v, text};
use crate::replies::assert_key;

/// A SQLite deployment, still open (the bot "running"), with one user who stored the demo
/// key and made one conversion.
async fn deployment(tmp: &TempDb) -> (Database, i64) {
    let keys = keys_v(&[(1, 1)], 1);
    let db = Database::open(&tmp.path, Some(&keys)).await.unwrap();
    let id = db.upsert_user(Platform::Telegram, "5001").await.unwrap();
    let creds = Credentials::new(
        SecretString::from(DEMO_API_KEY.to_owned()),
        SecretString::from(DEMO_API_SECRET.to_owned()),
    );
    EncryptedKeyStore::new(db.clone(), Some(keys))
        .save(id, ExchangeId::Binance, &creds)
        .await
        .unwrap();
    let mut rec = crate::store_contract::conversion("90001", ExchangeId::Binance, Utc::now());
    rec.source = ConversionSource::Exchange;
    db.record_dust_conversion(id, &rec, Some(Utc::now()), None)
        .await
        .unwrap();
    (db, id)
}

fn migrate(tmp: &TempDb, from: &str, to: &str) -> std::process::Output {
    migrate_in(tmp.dir.path(), from, to)
}

fn migrate_in(dir: &std::path::Path, from: &str, to: &str) -> std::process::Output {
    dustpan(dir)
        .args(["migrate-db", "--from", from, "--to", to])
        .env("DUSTPAN_MASTER_KEY", key_b64(1))
        .output()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrate_db_copies_a_running_sqlite_deployment_and_the_bot_reads_its_keys_on_postgresql() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    let tmp = TempDb::new();
    let (running, id) = deployment(&tmp).await;
    let from = format!("sqlite://{}", tmp.path.display());
    // The bot keeps writing while the copy is taken.
    let stop = Arc::new(AtomicBool::new(false));
    let writes = tokio::spawn({
        let (db, stop) = (running.clone(), stop.clone());
        async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                db.upsert_user(Platform::Discord, &format!("w{n}"))
                    .await
                    .unwrap();
                n += 1;
            }
            n
        }
    });
    let out = tokio::task::spawn_blocking({
        let (tmp_dir, from, url) = (tmp.dir.path().to_owned(), from.clone(), url.clone());
        move || migrate_in(&tmp_dir, &from, &url)
    })
    .await
    .unwrap();
    stop.store(true, Ordering::Relaxed);
    assert!(
        writes.await.unwrap() > 0,
        "the source was written meanwhile"
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    let users: i64 = stdout
        .lines()
        .find_map(|l| l.strip_prefix("  users: "))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no users count in:\n{stdout}"));
    assert!(users >= 1);
    for line in [
        "  key_check: 1",
        "  credentials: 1",
        "  dust_conversions: 1",
        "  reminders: 1",
        "  operations: 0",
    ] {
        assert!(stdout.contains(line), "{line:?} missing from:\n{stdout}");
    }
    assert!(!stdout.contains(DEMO_API_SECRET) && !stderr.contains(DEMO_API_SECRET));

    // Again: the target is not empty any more.
    let again = migrate(&tmp, &from, &url);
    let (_, stderr) = text(&again);
    assert_eq!(again.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--to") && stderr.contains("not empty"),
        "{stderr}"
    );
    running.close().await;

    // The same master key opens the copied key on PostgreSQL…
    let pg = PgStore::open(&url, Some(&keys_v(&[(1, 1)], 1)))
        .await
        .unwrap();
    let creds = EncryptedKeyStore::new(pg.clone(), Some(keys_v(&[(1, 1)], 1)))
        .load(id, ExchangeId::Binance)
        .await
        .unwrap()
        .expect("the key was copied");
    assert_eq!(creds.api_secret().expose_secret(), DEMO_API_SECRET);
    // …and a wrong one is refused, as on SQLite.
    let wrong = PgStore::open(&url, Some(&keys_v(&[(1, 9)], 1))).await;
    assert!(
        wrong.unwrap_err().to_string().contains("key-check failed"),
        "a wrong master key must not open the copy"
    );
    // Every user of the snapshot, and new rows continue after the copied ids.
    let (_, copied) = pg.row_counts().await.unwrap()[0];
    assert_eq!(copied, users);
    let newcomer = pg.user(Platform::Telegram, "5002", true).await.unwrap();
    assert!(newcomer.unwrap().id > users);
    pg.close().await;

    // The bot on PostgreSQL: the migrated user's /dust reads the exchange with that key.
    let t = TestApp::builder()
        .setting("DUSTPAN_DATABASE_URL", &url)
        .build()
        .await;
    assert_key(&t.send(&private_user("5001"), "/dust").await, "dust-title");
    let history = t.app.db.dust_conversions(id, 10).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].batch_id, "90001");
}

#[tokio::test]
async fn migrate_db_refuses_what_it_cannot_copy_naming_the_argument() {
    let tmp = TempDb::new();
    let out = migrate(&tmp, "sqlite://nowhere.db", "postgres://u@127.0.0.1:1/x");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--from"), "{stderr}");
    let out = migrate(&tmp, "sqlite://nowhere.db", "mysql://u@h/x");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--to"), "{stderr}");
    let out = migrate(&tmp, "postgres://u:FAKE-pw@h/x", "postgres://u@h/y");
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--from"), "{stderr}");
    assert!(
        !stderr.contains("FAKE-pw"),
        "a password in --from is never shown"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_opens_postgresql_and_checks_the_master_key_and_backup_points_to_pg_dump() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    let tmp = TempDb::new();
    let run = |seed: u8| {
        dustpan(tmp.dir.path())
            .arg("run")
            .env("DUSTPAN_DATABASE_URL", &url)
            .env("DUSTPAN_MASTER_KEY", key_b64(seed))
            .output()
            .unwrap()
    };
    let first = run(1);
    let (_, stderr) = text(&first);
    assert!(
        stderr.contains("database and master keys check out"),
        "{stderr}"
    );
    let pg = PgStore::open(&url, None).await.unwrap();
    let (_, key_checks) = pg
        .row_counts()
        .await
        .unwrap()
        .into_iter()
        .find(|(t, _)| *t == "key_check")
        .unwrap();
    assert_eq!(
        key_checks, 1,
        "run migrated PostgreSQL and recorded the key check"
    );
    pg.close().await;
    let wrong = run(2);
    let (_, stderr) = text(&wrong);
    assert!(!wrong.status.success());
    assert!(stderr.contains("key-check failed"), "{stderr}");
    assert!(!tmp.path.exists(), "no SQLite file was made beside it");

    let backup = dustpan(tmp.dir.path())
        .args(["backup", "copy.db"])
        .env("DUSTPAN_DATABASE_URL", &url)
        .env("DUSTPAN_MASTER_KEY", key_b64(1))
        .output()
        .unwrap();
    let (_, stderr) = text(&backup);
    assert_eq!(backup.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("pg_dump") && stderr.contains("DUSTPAN_DATABASE_URL"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_opening_one_fresh_sqlite_file_at_once_all_start() {
    for _ in 0..5 {
        let tmp = TempDb::new();
        let keys = keys_v(&[(1, 1)], 1);
        let opens = (0..4).map(|_| Database::open(&tmp.path, Some(&keys)));
        for db in futures_util::future::join_all(opens).await {
            db.expect("every instance starts").close().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn instances_opening_one_fresh_postgresql_database_at_once_all_start() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    let keys = keys_v(&[(1, 1)], 1);
    let opens = (0..4).map(|_| PgStore::open(&url, Some(&keys)));
    for pg in futures_util::future::join_all(opens).await {
        pg.expect("every instance starts").close().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotate_keys_re_encrypts_the_keys_stored_on_postgresql() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    let v1 = keys_v(&[(1, 1)], 1);
    let pg = PgStore::open(&url, Some(&v1)).await.unwrap();
    let id = pg
        .user(Platform::Telegram, "7", true)
        .await
        .unwrap()
        .unwrap()
        .id;
    EncryptedKeyStore::new(pg.clone(), Some(v1))
        .save(id, ExchangeId::Binance, &crate::helpers::creds(7))
        .await
        .unwrap();
    pg.close().await;
    let tmp = TempDb::new();
    let out = dustpan(tmp.dir.path())
        .args(["rotate-keys", "--batch", "1"])
        .env("DUSTPAN_DATABASE_URL", &url)
        .env("DUSTPAN_MASTER_KEY_V1", key_b64(1))
        .env("DUSTPAN_MASTER_KEY_V2", key_b64(2))
        .env("DUSTPAN_MASTER_KEY_ACTIVE", "2")
        .output()
        .unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("1 row(s) re-encrypted to key version 2"),
        "{stdout}"
    );
    // Version 2 alone opens it now.
    let v2 = keys_v(&[(2, 2)], 2);
    let pg = PgStore::open(&url, Some(&v2)).await.unwrap();
    let creds = EncryptedKeyStore::new(pg.clone(), Some(v2))
        .load(id, ExchangeId::Binance)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        creds.api_secret().expose_secret(),
        crate::helpers::fake_creds(7).1
    );
    pg.close().await;
}
