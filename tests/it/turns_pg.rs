//! Turns across instances on PostgreSQL (issue 21): two `PgTurns` (two instances' lock
//! pools) on one database. A user's turn is held by one at a time; it comes back when the
//! holder's future is dropped, cancelled mid-wait, or panics; a background job's turn is
//! taken by one instance only.

use std::sync::Arc;
use std::time::Duration;

use dustpan::domain::Platform;
use dustpan::ports::Turns;
use dustpan::ports::turns::user_turn_key;
use dustpan::store::pg::PgStore;
use dustpan::store::turns::PgTurns;

async fn two_instances() -> Option<(PgStore, PgTurns, PgTurns)> {
    let url = crate::pg::fresh_database().await?;
    let store = PgStore::open(&url, None).await.unwrap();
    let (a, b) = (PgTurns::beside(store.pool()), PgTurns::beside(store.pool()));
    Some((store, a, b))
}

/// Whether `turns` gets the user's turn within a short while.
async fn free_within(turns: &PgTurns, key: i64, within: Duration) -> bool {
    let deadline = tokio::time::Instant::now() + within;
    loop {
        if turns.try_user_turn(key).await.is_some() {
            return true;
        }
        if tokio::time::Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_users_turn_is_held_by_one_instance_at_a_time_and_comes_back_however_the_holder_ends() {
    let Some((store, a, b)) = two_instances().await else {
        return;
    };
    let alice = user_turn_key(Platform::Telegram, "1001");
    let bob = user_turn_key(Platform::Telegram, "1002");

    // Held on A: B neither gets it nor is kept from another user's.
    let held = a.user_turn(alice).await;
    assert!(b.try_user_turn(alice).await.is_none());
    assert!(b.try_user_turn(bob).await.is_some());
    // B waits for it, and gets it once A's turn is dropped.
    let b = Arc::new(b);
    let waiter = {
        let b = b.clone();
        tokio::spawn(async move {
            let _turn = b.user_turn(alice).await;
            tokio::time::Instant::now()
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!waiter.is_finished(), "B took the turn A holds");
    let released = tokio::time::Instant::now();
    drop(held);
    let got = tokio::time::timeout(Duration::from_secs(20), waiter)
        .await
        .expect("B gets the turn once A gives it back")
        .unwrap();
    assert!(got >= released);
    assert!(free_within(&a, alice, Duration::from_secs(20)).await);

    // A holder that panics gives the turn back.
    let a = Arc::new(a);
    let panicked = {
        let a = a.clone();
        tokio::spawn(async move {
            let _turn = a.user_turn(alice).await;
            panic!("a handler failed while holding the turn");
        })
    };
    assert!(panicked.await.is_err());
    assert!(free_within(&b, alice, Duration::from_secs(20)).await);

    // A waiter cancelled mid-wait (its request timed out) leaves nothing held behind:
    // the lock it was about to get goes with its closed connection.
    let held = a.user_turn(alice).await;
    let cancelled = tokio::time::timeout(Duration::from_millis(300), b.user_turn(alice)).await;
    assert!(cancelled.is_err(), "B got a turn A holds");
    drop(held);
    assert!(free_within(&a, alice, Duration::from_secs(20)).await);
    assert!(free_within(&b, alice, Duration::from_secs(20)).await);
    store.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_background_job_runs_on_one_instance_at_a_time() {
    let Some((store, a, b)) = two_instances().await else {
        return;
    };
    let job = a.try_job("reconcile").await.expect("free at first");
    assert!(b.try_job("reconcile").await.is_none());
    assert!(
        b.try_job("purge").await.is_some(),
        "another job is not held"
    );
    drop(job);
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    while b.try_job("reconcile").await.is_none() {
        assert!(tokio::time::Instant::now() < deadline, "never given back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    store.close().await;
}
