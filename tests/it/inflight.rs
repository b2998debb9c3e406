//! No user is ever locked out by an operation whose outcome is unknown: a swap is settled
//! from the account's convert history once its quote is over (never on a guessed error
//! code), and any operation still unconfirmed when dustpan stops waiting is closed as
//! unresolved, whether or not the exchange can be asked, and shown in /history.

use std::time::Duration;

use dustpan::service::RECONCILE_GIVE_UP;
use dustpan::sim::{self, Fault};
use rust_decimal_macros::dec;

use crate::app::{TestApp, spawn_app};
use crate::helpers::capture_logs;
use crate::replies::{assert_args, assert_key, assert_no_key, button_keys, press_token};

const ACCEPT: &str = "/sapi/v1/convert/acceptQuote";
const STATUS: &str = "/sapi/v1/convert/orderStatus";
const TRADE_FLOW: &str = "/sapi/v1/convert/tradeFlow";
const DUST: &str = "/sapi/v1/asset/dust";

/// Past the quote's validity (60 s), the clock margin (120 s) and the time an accepted
/// order takes to show in the convert history (our assumption).
const QUOTE_OVER: Duration = Duration::from_secs(60 + 120 + 5)
    .saturating_add(dustpan::binance::assumptions::CONVERT_HISTORY_LAG);

async fn status_of_submitted(t: &TestApp) -> String {
    sqlx::query_scalar(
        "SELECT status FROM operations WHERE submitted_at IS NOT NULL ORDER BY submitted_at DESC LIMIT 1",
    )
    .fetch_one(t.app.db.pool())
    .await
    .unwrap()
}

#[tokio::test]
async fn a_swap_whose_accept_failed_without_executing_frees_the_user_after_the_quote_expired() {
    let t = spawn_app().await;
    let who = t.connected_user("700").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    // The accept is answered 503 without executing, and the order status never answers:
    // only the convert history can tell.
    t.sim.inject_fault(ACCEPT, Fault::UnavailableBeforeApply, 1);
    t.sim
        .inject_fault(STATUS, Fault::UnavailableBeforeApply, 1000);
    let sent = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_key(&sent, "convert-submitted-unknown");
    // "… still being confirmed … If Binance has not confirmed it by …, dustpan stops waiting"
    let wait = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&wait, "convert-still-confirming");
    assert_eq!(
        t.sim.request_count("GET", TRADE_FLOW),
        0,
        "quote not over yet"
    );

    t.advance(QUOTE_OVER);
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&next, "swap-confirm-title");
    assert!(t.sim.request_count("GET", TRADE_FLOW) >= 1);
    assert_eq!(
        t.sim.balance(sim::DEMO_API_KEY, "ETH"),
        Some(dec!(0.25)),
        "nothing converted"
    );
    assert_eq!(status_of_submitted(&t).await, "failed");
}

#[tokio::test]
async fn a_swap_whose_answer_was_lost_is_found_in_the_convert_history() {
    let t = spawn_app().await;
    let who = t.connected_user("701").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    t.sim
        .inject_fault(ACCEPT, Fault::DropConnectionAfterApply, 1);
    t.sim
        .inject_fault(STATUS, Fault::UnavailableBeforeApply, 1000);
    let sent = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_key(&sent, "convert-submitted-unknown");
    t.advance(QUOTE_OVER);
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&next, "swap-confirm-title");
    assert_eq!(status_of_submitted(&t).await, "succeeded");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
    assert_eq!(t.sim.balance(sim::DEMO_API_KEY, "ETH"), Some(dec!(0.249)));
}

/// A dust conversion whose request got a 5xx before the exchange ran it: unknown.
async fn unknown_dust_conversion(t: &TestApp, who: &dustpan::service::Caller) {
    let confirm = t.send(who, "/convert ADA XRP").await;
    t.sim.inject_fault(DUST, Fault::UnavailableBeforeApply, 1);
    let sent = t.press(who, &press_token(&confirm, "button-confirm")).await;
    assert_key(&sent, "convert-submitted-unknown");
    assert_eq!(status_of_submitted(t).await, "unknown");
}

#[tokio::test]
async fn disconnect_during_an_unknown_conversion_does_not_lock_the_user_out() {
    let t = spawn_app().await;
    let who = t.connected_user("702").await;
    unknown_dust_conversion(&t, &who).await;
    assert_key(&t.send(&who, "/disconnect").await, "disconnect-done");
    // Without a key nobody can ask the exchange; money commands say until when they wait
    // (and point to the Binance app).
    let wait = t.send(&who, "/convert all").await;
    assert_key(&wait, "convert-still-confirming");
    // /history still answers.
    let history = t.send(&who, "/history").await;
    assert_key(&history, "convert-still-confirming");

    // The scheduler's reconcile after the waiting time closes it, key or no key.
    t.advance(RECONCILE_GIVE_UP + Duration::from_secs(1));
    t.app.service.recover().await;
    assert_eq!(status_of_submitted(&t).await, "unresolved");

    t.connected_user("702").await;
    let screen = t.send(&who, "/convert all").await;
    assert_no_key(&screen, "convert-still-confirming");
    assert!(button_keys(&screen).contains(&"button-confirm"));
    let history = t.send(&who, "/history").await;
    assert_key(&history, "history-unresolved-title");
    assert_args(
        &history,
        "history-unresolved-dust",
        &[("assets", "ADA, XRP")],
    );
    assert_eq!(t.dust_posts(), 1);
}

#[tokio::test]
async fn an_unknown_conversion_is_unresolved_after_the_waiting_time_when_the_exchange_cannot_be_asked()
 {
    let t = spawn_app().await;
    let who = t.connected_user("703").await;
    unknown_dust_conversion(&t, &who).await;
    // The exchange stops answering the dust log.
    t.sim.inject_fault(
        "/sapi/v1/asset/dribblet",
        Fault::UnavailableBeforeApply,
        1000,
    );
    t.advance(RECONCILE_GIVE_UP - Duration::from_secs(60));
    let wait = t.send(&who, "/convert all").await;
    assert_key(&wait, "convert-still-confirming");
    assert_eq!(status_of_submitted(&t).await, "unknown");
    t.advance(Duration::from_secs(61));
    t.send(&who, "/convert all").await;
    assert_eq!(status_of_submitted(&t).await, "unresolved");
    t.sim.clear_faults();
    let screen = t.send(&who, "/convert all").await;
    assert!(button_keys(&screen).contains(&"button-confirm"));
}

#[tokio::test]
async fn forget_during_an_unknown_conversion_is_not_blocked() {
    let t = spawn_app().await;
    let who = t.connected_user("704").await;
    unknown_dust_conversion(&t, &who).await;
    let screen = t.send(&who, "/forget").await;
    assert_key(&screen, "forget-inflight");
    let done = t.press(&who, &press_token(&screen, "button-forget")).await;
    assert_args(&done, "forget-done", &[("keys", "1")]);
    assert_eq!(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM operations")
            .fetch_one(t.app.db.pool())
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn a_market_sell_nobody_can_look_up_is_unresolved_after_the_waiting_time() {
    const ORDER: &str = "/api/v3/order";
    let t = spawn_app().await;
    assert!(t.sim.set_balance(sim::DEMO_API_KEY, "ACT", dec!(30)));
    let who = t.connected_user("705").await;
    let report = t.send(&who, "/dust").await;
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    // The sell is answered 503 (outcome unknown) and the order lookup never answers.
    t.sim
        .inject_fault(ORDER, Fault::UnavailableBeforeApply, 1000);
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_no_key(&done, "plan-sold");
    assert_no_key(&done, "plan-sold-no-fee");
    assert_key(
        &t.send(&who, "/swap ETH USDT 0.001").await,
        "convert-still-confirming",
    );
    t.advance(RECONCILE_GIVE_UP + Duration::from_secs(1));
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&next, "swap-confirm-title");
    let sell: String =
        sqlx::query_scalar("SELECT status FROM operations WHERE params LIKE '%market_sell%'")
            .fetch_one(t.app.db.pool())
            .await
            .unwrap();
    assert_eq!(sell, "unresolved");
    assert_eq!(t.sim.spot_orders_placed(sim::DEMO_API_KEY), Some(0));
    let history = t.send(&who, "/history").await;
    assert_args(
        &history,
        "history-unresolved-sell",
        &[("asset", "ACT"), ("symbol", "ACTUSDT")],
    );
}

#[tokio::test]
async fn the_unresolved_status_migration_keeps_every_operation_and_its_conversions() {
    let (tmp, old) = crate::helpers::database_at(6).await;
    // The schema as it was before the migration, with an operation in flight and a
    // conversion linked to a finished one.
    for sql in [
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
        "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at, submitted_at)
         VALUES ('op-a', 1, 'dust', 'succeeded', '{}', 1, 2, 1), ('op-b', 1, 'convert', 'unknown', '{}', 3, 4, 3)",
        "INSERT INTO dust_conversions (user_id, tran_id, operate_time, total_bnb, total_fee_bnb, assets, source, operation_id)
         VALUES (1, 77, 1, '0.1', '0.002', '[]', 'dustpan', 'op-a')",
    ] {
        sqlx::query(sql).execute(&old).await.unwrap();
    }
    old.close().await;

    let db = dustpan::store::Database::open(&tmp.path, None)
        .await
        .unwrap();
    let pool = db.pool();
    let linked: Option<String> =
        sqlx::query_scalar("SELECT operation_id FROM dust_conversions WHERE tran_id = 77")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(
        linked.as_deref(),
        Some("op-a"),
        "the link survives the rebuild"
    );
    let statuses: Vec<(String, String)> =
        sqlx::query_as("SELECT id, status FROM operations ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(
        statuses,
        vec![
            ("op-a".into(), "succeeded".into()),
            ("op-b".into(), "unknown".into())
        ]
    );
    sqlx::query("UPDATE operations SET status = 'unresolved' WHERE id = 'op-b'")
        .execute(pool)
        .await
        .unwrap();
    // Still one operation in flight per user, and foreign keys still enforced.
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    sqlx::query(
        "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at)
         VALUES ('op-c', 1, 'dust', 'unknown', '{}', 5, 6)",
    )
    .execute(pool)
    .await
    .unwrap();
    let second = sqlx::query(
        "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at)
         VALUES ('op-d', 1, 'dust', 'submitting', '{}', 7, 8)",
    )
    .execute(pool)
    .await;
    assert!(second.is_err(), "the one-in-flight index was rebuilt");
    assert!(
        sqlx::query(
            "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at)
             VALUES ('op-e', 42, 'dust', 'failed', '{}', 7, 8)"
        )
        .execute(pool)
        .await
        .is_err(),
        "an operation of no user is refused"
    );
}

#[tokio::test]
async fn the_operation_kinds_migration_labels_every_old_convert_row_by_its_params() {
    use dustpan::ports::{OperationKind, OperationStatus, Store};
    let (tmp, old) = crate::helpers::database_at(8).await;
    // The schema before the migration, when a swap, a plan and a plan's sell leg were all
    // stored as 'convert'; the params are as the service wrote them then. The plan carries
    // its legs' quotes, each with a quote_id one level down.
    let swap = r#"{"from":"ETH","to":"USDT","from_amount":"0.001","to_amount":"2.5","ratio":"2500","spot_ratio":null,"quote_id":"q-1","valid_until":"2026-12-06T09:00:00Z","requote":true}"#;
    let sell = r#"{"market_sell":{"asset":"ACT","symbol":"ACTUSDT","quantity":"30"}}"#;
    let plan = format!(
        r#"{{"target":"USDT","bnb":[],"swaps":[{{"asset":"ETH","amount":"0.001","symbol":null}}],"sells":[],"swap_instead":[],"quotes":[{swap}],"unquoted":[]}}"#
    );
    let dust = r#"{"candidates":[],"left_out":[]}"#;
    sqlx::query(
        "INSERT INTO users (id, platform, platform_user_id, created_at) VALUES (1, 'tg', '9', 0)",
    )
    .execute(&old)
    .await
    .unwrap();
    for (id, kind, status, params) in [
        ("op-swap", "convert", "unknown", swap),
        ("op-sell", "convert", "succeeded", sell),
        ("op-plan", "convert", "pending", plan.as_str()),
        ("op-bare", "convert", "failed", "{}"),
        ("op-text", "convert", "failed", "not json"),
        ("op-dust", "dust", "failed", dust),
        ("op-forget", "forget", "failed", "{}"),
    ] {
        sqlx::query(
            "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at, submitted_at)
             VALUES (?, 1, ?, ?, ?, 1, 2, 1)",
        )
        .bind(id)
        .bind(kind)
        .bind(status)
        .bind(params)
        .execute(&old)
        .await
        .unwrap();
    }
    old.close().await;

    let db = dustpan::store::Database::open(&tmp.path, None)
        .await
        .unwrap();
    for (id, kind, status, params) in [
        (
            "op-swap",
            OperationKind::Swap,
            OperationStatus::Unknown,
            swap,
        ),
        (
            "op-sell",
            OperationKind::Sell,
            OperationStatus::Succeeded,
            sell,
        ),
        (
            "op-plan",
            OperationKind::Plan,
            OperationStatus::Pending,
            plan.as_str(),
        ),
        (
            "op-bare",
            OperationKind::Plan,
            OperationStatus::Failed,
            "{}",
        ),
        (
            "op-text",
            OperationKind::Plan,
            OperationStatus::Failed,
            "not json",
        ),
        (
            "op-dust",
            OperationKind::Dust,
            OperationStatus::Failed,
            dust,
        ),
        (
            "op-forget",
            OperationKind::Forget,
            OperationStatus::Failed,
            "{}",
        ),
    ] {
        let op = db.operation(id).await.unwrap().expect(id);
        assert_eq!((op.kind, op.status), (kind, status), "{id}");
        assert_eq!(op.params, params, "{id}");
    }
    // The swap still counts as in flight for its user, read with its new kind.
    let inflight = db.inflight_operations(Some(1)).await.unwrap();
    assert_eq!(
        inflight
            .iter()
            .map(|o| (o.id.as_str(), o.kind))
            .collect::<Vec<_>>(),
        vec![("op-swap", OperationKind::Swap)]
    );
    let pool = db.pool();
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(fk, 1);
    let insert = |id: &'static str, kind: &'static str, status: &'static str| {
        sqlx::query(
            "INSERT INTO operations (id, user_id, kind, status, params, created_at, expires_at)
             VALUES (?, 1, ?, ?, '{}', 5, 6)",
        )
        .bind(id)
        .bind(kind)
        .bind(status)
        .execute(pool)
    };
    assert!(
        insert("op-old", "convert", "failed").await.is_err(),
        "the shared kind is gone"
    );
    assert!(
        insert("op-second", "sell", "submitting").await.is_err(),
        "the one-in-flight index was rebuilt"
    );
    insert("op-new", "sell", "failed").await.unwrap();
}

#[tokio::test(flavor = "current_thread")]
async fn a_background_reconcile_logs_in_a_span_naming_the_operation_its_kind_and_its_user() {
    let t = spawn_app().await;
    let who = t.connected_user("705").await;
    unknown_dust_conversion(&t, &who).await;
    let (op, user): (String, i64) =
        sqlx::query_as("SELECT id, user_id FROM operations WHERE submitted_at IS NOT NULL")
            .fetch_one(t.app.db.pool())
            .await
            .unwrap();
    t.advance(RECONCILE_GIVE_UP + Duration::from_secs(1));
    let (captured, guard) = capture_logs();
    assert_eq!(t.app.service.recover().await, 1);
    drop(guard);
    let log = captured.text();
    assert!(!log.contains(sim::DEMO_API_KEY), "the API key was logged");
    assert!(
        !log.contains(sim::DEMO_API_SECRET),
        "the API secret was logged"
    );
    let span = format!("reconcile{{op={op} kind=Dust user={user}}}");
    // Its dust-log read and its verdict, both in the operation's span.
    assert!(
        log.lines()
            .any(|l| l.contains(&span) && l.contains("path=\"/sapi/v1/asset/dribblet\"")),
        "{log}"
    );
    assert!(
        log.lines()
            .any(|l| l.contains(&span) && l.contains("reconciled: not executed")),
        "{log}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn an_operation_is_logged_in_spans_naming_its_id_and_kind_when_opened_confirmed_and_reconciled_never_its_params()
 {
    let t = spawn_app().await;
    let who = t.connected_user("706").await;
    let (captured, guard) = capture_logs();
    unknown_dust_conversion(&t, &who).await;
    t.advance(RECONCILE_GIVE_UP + Duration::from_secs(1));
    assert_eq!(t.app.service.recover().await, 1);
    drop(guard);
    let (op, user): (String, i64) =
        sqlx::query_as("SELECT id, user_id FROM operations WHERE submitted_at IS NOT NULL")
            .fetch_one(t.app.db.pool())
            .await
            .unwrap();
    let log = captured.text();
    let operation = format!("operation{{op={op} kind=Dust user={user}}}");

    // Opened by the command, in the command's span.
    assert!(
        log.lines()
            .any(|l| l.contains("text{platform=Telegram command=\"convert\"")
                && l.contains(&operation)
                && l.contains("operation opened")),
        "the opening is not logged in the operation's span:\n{log}"
    );
    // Confirmed by the press: the gate's write and the request in the operation's span.
    assert!(
        log.lines().any(|l| l.contains("press{")
            && l.contains(&operation)
            && l.contains("path=\"/sapi/v1/asset/dust\"")),
        "the confirmed request is not logged in the operation's span:\n{log}"
    );
    assert!(
        log.lines().any(|l| l.contains("press{")
            && l.contains(&operation)
            && l.contains("outcome unknown")
            && l.contains("503")),
        "the unknown outcome is not logged with its cause in the operation's span:\n{log}"
    );
    // Reconciled in the background, in a span naming it too.
    let reconcile = format!("reconcile{{op={op} kind=Dust user={user}}}");
    assert!(
        log.lines()
            .any(|l| l.contains(&reconcile) && l.contains("reconciled")),
        "{log}"
    );

    // Never the parameters (assets and amounts of the batch), never a key.
    for params in ["candidates", "left_out", "\"selected\""] {
        assert!(
            !log.contains(params),
            "parameters logged ({params}):\n{log}"
        );
    }
    assert!(!log.contains(sim::DEMO_API_KEY), "the API key was logged");
    assert!(
        !log.contains(sim::DEMO_API_SECRET),
        "the API secret was logged"
    );
}
