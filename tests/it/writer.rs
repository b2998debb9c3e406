//! The group-commit writer: every write lands, each alone or with others in one commit; a
//! write that fails takes only itself back; a read after a write sees it.

use dustpan::domain::Platform;
use dustpan::store::Database;
use dustpan::store::writer::{Work, WriteKind};

use crate::helpers::TempDb;

/// A write that adds one user with this platform id.
fn add_user(id: String) -> Work<()> {
    Box::new(move |c| {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('tg', ?, 0)",
            )
            .bind(id)
            .execute(&mut *c)
            .await
            .map(|_| ())
        })
    })
}

async fn users(db: &Database) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(db.reader())
        .await
        .unwrap()
}

#[tokio::test]
async fn concurrent_writes_all_land_and_share_commits() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    let before = db.write_stats();
    let tasks: Vec<_> = (0..300)
        .map(|i| {
            let db = db.clone();
            tokio::spawn(async move {
                let id = db
                    .upsert_user(Platform::Telegram, &format!("{}", 1000 + i))
                    .await
                    .unwrap();
                // Returned only once committed: a read from another connection sees it.
                let seen: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE id = ?")
                    .bind(id)
                    .fetch_one(db.reader())
                    .await
                    .unwrap();
                assert_eq!(seen, 1, "user {i} not visible after its write returned");
                id
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.push(t.await.unwrap());
    }
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 300);
    assert_eq!(users(&db).await, 300);
    let stats = db.write_stats();
    let (writes, commits) = (stats.writes - before.writes, stats.commits - before.commits);
    assert_eq!(writes, 300);
    assert!(
        commits < writes / 10,
        "300 queued writes should share commits, took {commits}"
    );
    db.close().await;
    // Durable: a fresh open finds them all.
    let again = Database::open(&tmp.path, None).await.unwrap();
    assert_eq!(users(&again).await, 300);
    again.close().await;
}

#[tokio::test]
async fn a_failing_write_takes_back_only_itself() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            db.write(Box::new(move |c| {
                Box::pin(async move {
                    sqlx::query(
                        "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('tg', ?, 0)",
                    )
                    .bind(format!("{}", 2000 + i))
                    .execute(&mut *c)
                    .await?;
                    if i % 10 == 3 {
                        // Fails after its first statement: the insert above must not stay.
                        sqlx::query("INSERT INTO no_such_table VALUES (1)")
                            .execute(&mut *c)
                            .await?;
                    }
                    Ok(i)
                })
            }))
            .await
        }));
    }
    let mut failed = Vec::new();
    for t in tasks {
        if let Err(e) = t.await.unwrap() {
            assert!(e.to_string().contains("no_such_table"), "{e}");
            failed.push(());
        }
    }
    assert_eq!(failed.len(), 4);
    assert_eq!(users(&db).await, 36);
    let left: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM users WHERE platform_user_id IN ('2003', '2013', '2023', '2033')",
    )
    .fetch_one(db.reader())
    .await
    .unwrap();
    assert_eq!(left, 0);
    // Alone in its batch, a failing write is its own error too, and the writer goes on.
    let alone = db
        .write(Box::new(|c| {
            Box::pin(async move {
                sqlx::query(
                    "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('tg', '2000', 0)",
                )
                .execute(&mut *c)
                .await
            })
        }))
        .await;
    assert!(alone.is_err(), "a duplicate user was inserted");
    db.upsert_user(Platform::Telegram, "3000").await.unwrap();
    assert_eq!(users(&db).await, 37);
    db.close().await;
}

#[tokio::test]
async fn a_write_after_close_is_an_error_not_a_hang() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    db.upsert_user(Platform::Telegram, "1").await.unwrap();
    db.close().await;
    let late = tokio::time::timeout(
        std::time::Duration::from_secs(10),
        db.upsert_user(Platform::Telegram, "2"),
    )
    .await
    .expect("a write after close must not hang");
    assert!(late.is_err());
}

#[tokio::test]
async fn the_reader_cannot_write() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    let refused = sqlx::query(
        "INSERT INTO users (platform, platform_user_id, created_at) VALUES ('tg', 'x', 0)",
    )
    .execute(db.reader())
    .await;
    let e = refused.expect_err("a read-only connection accepted a write");
    assert!(e.to_string().contains("readonly"), "{e}");
    db.close().await;
}

#[tokio::test]
async fn deferred_writes_skip_the_fsync_and_a_synced_one_in_the_batch_syncs_them_all() {
    use dustpan::store::writer::Durability;
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    let insert = |i: u32, durability: Durability| {
        let db = db.clone();
        async move {
            db.write_with(
                add_user(format!("{}", 4000 + i)),
                WriteKind::together(durability),
            )
            .await
            .unwrap();
        }
    };
    let before = db.write_stats();
    insert(1, Durability::Deferred).await;
    let after_deferred = db.write_stats();
    assert_eq!(after_deferred.commits, before.commits + 1);
    assert_eq!(after_deferred.synced_commits, before.synced_commits);
    // Committed: another connection sees it at once.
    assert_eq!(users(&db).await, 1);
    insert(2, Durability::Synced).await;
    let after_synced = db.write_stats();
    assert_eq!(after_synced.synced_commits, before.synced_commits + 1);
    // Queued together, one synced write makes the whole batch synced: one commit.
    let batch: Vec<_> = (10..20)
        .map(|i| {
            let durability = if i == 15 {
                Durability::Synced
            } else {
                Durability::Deferred
            };
            tokio::spawn(insert(i, durability))
        })
        .collect();
    for t in batch {
        t.await.unwrap();
    }
    let end = db.write_stats();
    assert_eq!(end.synced_commits, after_synced.synced_commits + 1);
    assert_eq!(end.commits, after_synced.commits + 1);
    assert_eq!(users(&db).await, 12);
    db.close().await;
}

#[tokio::test]
async fn the_writer_reopens_its_connection_when_a_transaction_ends_behind_its_back() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    // SQLite itself rolls a transaction back on some errors (a full disk, an I/O error);
    // here a statement does it, and the writer's COMMIT then finds no transaction.
    let ended = db
        .write(Box::new(|c| {
            Box::pin(async move { sqlx::raw_sql("ROLLBACK").execute(&mut *c).await.map(|_| ()) })
        }))
        .await;
    assert!(
        ended.is_err(),
        "a commit without a transaction was reported done"
    );
    // Writes that need a transaction still work afterwards.
    for i in 0..3 {
        db.write(add_user(format!("{}", 5000 + i)))
            .await
            .expect("the writer recovered");
    }
    assert_eq!(users(&db).await, 3);
    db.close().await;
}

#[tokio::test]
async fn a_write_that_panics_fails_alone_and_the_writer_goes_on() {
    let tmp = TempDb::new();
    let db = Database::open(&tmp.path, None).await.unwrap();
    let panicked = db
        .write::<()>(Box::new(|_| panic!("a bug in a write")))
        .await;
    assert!(panicked.is_err());
    db.upsert_user(Platform::Telegram, "1").await.unwrap();
    assert_eq!(users(&db).await, 1);
    db.close().await;
}
