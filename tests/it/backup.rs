//! `dustpan backup PATH` (issue 19 item 4): a consistent copy taken while the bot writes,
//! which passes SQLite's integrity check and, restored as the README says, serves the same
//! user with the same key.

use std::path::Path;

use sqlx::{ConnectOptions, Connection};

use crate::app::{TestApp, private_user, spawn_app};
use crate::helpers::{dustpan, key_b64, text};
use crate::replies::assert_key;

fn backup_cmd(t: &TestApp, dest: &Path, key_seed: u8) -> std::process::Command {
    let mut cmd = dustpan(t.db.dir.path());
    cmd.env("DUSTPAN_DATABASE_URL", &t.db.path)
        .env("DUSTPAN_MASTER_KEY", key_b64(key_seed))
        .arg("backup")
        .arg(dest);
    cmd
}

async fn open_copy(path: &Path) -> sqlx::SqliteConnection {
    sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .expect("the copy opens")
}

async fn users_in(path: &Path) -> i64 {
    let mut conn = open_copy(path).await;
    let n = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

#[tokio::test]
async fn a_backup_taken_during_a_burst_of_writes_is_whole_and_restores_the_same_user_and_key() {
    let mut t = spawn_app().await;
    let alice = t.connected_user("4101").await;
    let dest = t.db.dir.path().join("backups").join("dustpan-copy.db");
    std::fs::create_dir(dest.parent().unwrap()).unwrap();

    // Users connecting and changing settings before, while and after the copy is taken:
    // the backup starts after ten of them, and the burst goes on until it has finished.
    let service = t.app.service.clone();
    let finished = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let (ten_done, started) = tokio::sync::oneshot::channel::<()>();
    let burst = tokio::spawn({
        let finished = finished.clone();
        async move {
            let mut ten_done = Some(ten_done);
            for i in 0..2000u32 {
                // Seen before this user is written: this user comes after the copy.
                let after_the_copy = finished.load(std::sync::atomic::Ordering::SeqCst);
                let who = private_user(&format!("{}", 5000 + i));
                let connect = format!(
                    "/connect {} {}",
                    dustpan::sim::DEMO_API_KEY,
                    dustpan::sim::DEMO_API_SECRET
                );
                service.handle_text(&who, &connect).await;
                service.handle_text(&who, "/settings min 2").await;
                if i == 9 {
                    let _ = ten_done.take().map(|tx| tx.send(()));
                }
                if after_the_copy {
                    break;
                }
            }
        }
    });
    started.await.unwrap();
    let mut cmd = backup_cmd(&t, &dest, 1);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    finished.store(true, std::sync::atomic::Ordering::SeqCst);
    burst.await.unwrap();
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("backup written"), "{stdout}");
    assert!(stdout.contains("master key"), "{stdout}");
    assert!(stdout.contains("To restore"), "{stdout}");
    assert!(!stdout.contains(&key_b64(1)) && !stderr.contains(&key_b64(1)));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode();
        assert_eq!(
            mode & 0o077,
            0,
            "the copy is private to its owner: {mode:o}"
        );
    }

    let mut conn = open_copy(&dest).await;
    let verdict: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&mut conn)
        .await
        .unwrap();
    assert_eq!(verdict, ["ok"]);
    conn.close().await.unwrap();
    let copied = users_in(&dest).await;
    let live = users_in(&t.db.path).await;
    // Alice and the ten before it at least; not the user written after it finished.
    assert!(copied >= 11 && copied < live, "copy {copied}, live {live}");

    // The README's restore: stop, remove the database and its WAL files, put the copy in
    // its place, start with the same master key.
    t.app.db.close().await;
    for suffix in ["", "-wal", "-shm"] {
        let mut p = t.db.path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    std::fs::copy(&dest, &t.db.path).unwrap();
    t.restart().await;
    let reply = t.send(&alice, "/dust").await;
    assert_key(&reply, "dust-title");
    assert_eq!(users_in(&t.db.path).await, copied);
}

#[tokio::test]
async fn a_backup_never_overwrites_and_names_the_path() {
    let t = spawn_app().await;
    t.connected_user("4102").await;
    let dest = t.db.dir.path().join("taken.db");
    std::fs::write(&dest, b"precious").unwrap();
    let out = backup_cmd(&t, &dest, 1).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(2), "{stdout}\n{stderr}");
    assert!(
        stderr.contains("PATH") && stderr.contains("taken.db"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&dest).unwrap(), b"precious");

    // No database where the setting points: exit 2 naming the setting.
    let out = dustpan(t.db.dir.path())
        .env(
            "DUSTPAN_DATABASE_URL",
            t.db.dir.path().join("nothing-here.db"),
        )
        .args(["backup", "elsewhere.db"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("DUSTPAN_DATABASE_URL"));

    let nowhere = t.db.dir.path().join("missing-folder").join("copy.db");
    let out = backup_cmd(&t, &nowhere, 1).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("missing-folder"));
}

#[tokio::test]
async fn a_backup_says_when_the_configured_master_key_does_not_open_it() {
    let t = spawn_app().await;
    t.connected_user("4103").await;
    let dest = t.db.dir.path().join("copy.db");
    let out = backup_cmd(&t, &dest, 9).output().unwrap();
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(stderr.contains("do not open"), "{stderr}");
    // The copy itself is written and whole: only the key is wrong.
    assert_eq!(users_in(&dest).await, 1);
    let leftovers: Vec<_> = std::fs::read_dir(t.db.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".partial-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}
