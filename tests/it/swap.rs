//! `/swap` (Spot Convert) and the plan from `/dust`, through the real client against the
//! simulator: quote → confirm → accept → balances, expiry and re-quote, minimums, missing
//! quote id, -1002, PROCESS polling, a dropped accept reconciled with one order.

use std::time::Duration;

use dustpan::sim::{self, Fault, SimConfig};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{TestApp, spawn_app, text};
use crate::replies::{all, assert_args, assert_key, assert_no_key, keys, press_token};

const ACCEPT: &str = "/sapi/v1/convert/acceptQuote";
const STATUS: &str = "/sapi/v1/convert/orderStatus";
const QUOTE: &str = "/sapi/v1/convert/getQuote";

fn bal(t: &crate::app::TestApp, asset: &str) -> Decimal {
    t.sim.balance(sim::DEMO_API_KEY, asset).unwrap()
}

#[tokio::test]
async fn quote_confirm_accept_moves_balances_once() {
    let t = spawn_app().await;
    let who = t.connected_user("300").await;
    let usdt_before = bal(&t, "USDT");
    let screen = t.send(&who, "/swap eth usdt 0.001").await;
    // Rate, amount out, spread against spot, seconds left.
    assert_args(
        &screen,
        "swap-confirm-line",
        &[
            ("from_amount", "0.001"),
            ("from", "ETH"),
            ("to_amount", "3.4735889"),
            ("to", "USDT"),
            ("ratio", "3473.5889"),
        ],
    );
    assert_args(&screen, "swap-confirm-spread", &[("spread", "0.20")]);
    assert_args(&screen, "swap-confirm-expiry", &[("seconds", "57")]);
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    // Someone else's press does nothing.
    let other = t.connected_user("301").await;
    let confirm = press_token(&screen, "button-confirm");
    assert_key(&t.press(&other, &confirm).await, "button-not-yours");
    let done = t.press(&who, &confirm).await;
    assert_args(
        &done,
        "swap-done",
        &[
            ("from_amount", "0.001"),
            ("from", "ETH"),
            ("to_amount", "3.4735889"),
            ("to", "USDT"),
        ],
    );
    assert_eq!(bal(&t, "ETH"), dec!(0.249));
    assert_eq!(bal(&t, "USDT"), usdt_before + dec!(3.4735889));
    // Single use.
    assert_key(&t.press(&who, &confirm).await, "button-used");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
}

#[tokio::test]
async fn an_expired_quote_is_refused_and_requoted_for_a_new_confirm() {
    let t = spawn_app().await;
    let who = t.connected_user("302").await;
    let first = t.send(&who, "/swap ETH USDT 0.001").await;
    // Inside the safety margin before validTimestamp (60 s): no accept.
    t.advance(Duration::from_secs(58));
    let again = t.press(&who, &press_token(&first, "button-confirm")).await;
    assert_key(&again, "swap-requoted");
    assert_key(&again, "swap-confirm-title");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    assert_eq!(t.sim.request_count("POST", QUOTE), 2);
    assert_eq!(bal(&t, "ETH"), dec!(0.25));
    // The old button is spent; the new one needs its own press.
    assert_no_key(
        &t.press(&who, &press_token(&first, "button-confirm")).await,
        "swap-done",
    );
    let done = t.press(&who, &press_token(&again, "button-confirm")).await;
    assert_args(
        &done,
        "swap-done",
        &[("from_amount", "0.001"), ("from", "ETH")],
    );
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
}

#[tokio::test]
async fn below_the_minimum_says_the_minimum_and_the_top_up() {
    let t = spawn_app().await;
    let who = t.connected_user("303").await;
    let r = t.send(&who, "/swap ACT USDT all").await;
    assert_args(
        &r,
        "swap-below-minimum",
        &[
            ("amount", "0.005"),
            ("from", "ACT"),
            ("min", "0.39777248"),
            ("top_up", "0.39277248"),
            ("cost", "$0.10"),
        ],
    );
    assert_eq!(t.sim.request_count("POST", QUOTE), 0);
}

#[tokio::test]
async fn a_quote_without_quote_id_is_explained_as_funds_short() {
    let t = spawn_app().await;
    let who = t.connected_user("304").await;
    let r = t.send(&who, "/swap ETH USDT 1").await;
    assert_args(&r, "swap-funds-short", &[("amount", "1"), ("from", "ETH")]);
    assert!(
        r.messages.iter().all(|m| m.buttons.is_empty()),
        "{}",
        text(&r)
    );
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
}

#[tokio::test]
async fn no_convert_api_access_is_explained() {
    let t = spawn_app().await;
    let who = t.connected_user("305").await;
    assert!(t.sim.set_convert_approved(sim::DEMO_API_KEY, false));
    let r = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&r, "swap-no-convert-access");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
}

#[tokio::test]
async fn process_is_polled_until_success() {
    let mut config = SimConfig::demo();
    config.convert_processing = Duration::from_millis(1600);
    let t = TestApp::builder().sim(config).build().await;
    let who = t.connected_user("306").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(
        &done,
        "swap-done",
        &[("from_amount", "0.001"), ("from", "ETH")],
    );
    assert!(t.sim.request_count("GET", STATUS) >= 2);
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
}

#[tokio::test]
async fn a_dropped_connection_after_accept_is_reconciled_with_one_order() {
    let t = spawn_app().await;
    let who = t.connected_user("307").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    t.sim
        .inject_fault(ACCEPT, Fault::DropConnectionAfterApply, 1);
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(
        &done,
        "swap-done",
        &[("from_amount", "0.001"), ("from", "ETH")],
    );
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
    assert_eq!(bal(&t, "ETH"), dec!(0.249));
    // Nothing is left in flight: the next swap goes through.
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&next, "swap-confirm-title");
}

#[tokio::test]
async fn the_plan_runs_behind_one_confirm() {
    let t = spawn_app().await;
    let who = t.connected_user("308").await;
    let report = t.send(&who, "/dust").await;
    assert_key(&report, "plan-best-convert");
    assert_key(&report, "plan-best-bnb");
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    assert_key(&screen, "plan-confirm-title");
    assert_args(
        &screen,
        "plan-confirm-bnb",
        &[("count", "1"), ("assets", "ACT")],
    );
    let quotes = t.sim.request_count("POST", QUOTE);
    assert!(quotes >= 5, "{:?}", keys(&screen));
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(&done, "convert-done", &[("count", "1")]);
    assert_eq!(all(&done, "swap-done").len(), quotes, "{:?}", keys(&done));
    assert_eq!(t.dust_posts(), 1);
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
    assert_eq!(bal(&t, "ADA"), Decimal::ZERO);
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // One execution.
    let again = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_key(&again, "button-used");
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
}

#[tokio::test]
async fn a_plan_leg_whose_quote_expired_is_stopped_not_requoted() {
    let t = spawn_app().await;
    let who = t.connected_user("309").await;
    let report = t.send(&who, "/dust").await;
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    let quotes = t.sim.request_count("POST", QUOTE);
    t.advance(Duration::from_secs(58));
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(&done, "convert-done", &[("count", "1")]);
    assert_eq!(
        all(&done, "plan-leg-expired").len(),
        quotes,
        "{:?}",
        keys(&done)
    );
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    assert_eq!(t.sim.request_count("POST", QUOTE), quotes);
    assert_eq!(bal(&t, "ADA"), dec!(1.8));
}

#[tokio::test]
async fn the_seconds_left_are_counted_on_the_exchanges_clock() {
    let t = spawn_app().await;
    let who = t.connected_user("310").await;
    // Every request waits 1.2 s: by the time the exchange's clock is read after the
    // quote, 1.2 s of the quote's 60 s are gone (60 − 1.2 − 2.5 margin = 56.3).
    t.sim.set_latency(Duration::from_millis(1200));
    let r = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_args(&r, "swap-confirm-expiry", &[("seconds", "56")]);
}

const ORDER: &str = "/api/v3/order";

/// 30 ACT at 0.2514 = 7.542 USDT: passes ACTUSDT's LOT_SIZE (step 0.1) and NOTIONAL (5 USDT)
/// yet stays under the dust threshold, so a market sell (0.1 %) beats Small Asset Convert
/// (2 %) and Spot Convert (0.2 % spread).
async fn app_with_sellable_act() -> crate::app::TestApp {
    let t = spawn_app().await;
    assert!(t.sim.set_balance(sim::DEMO_API_KEY, "ACT", dec!(30)));
    t
}

#[tokio::test]
async fn the_plan_places_a_recommended_market_sell_exactly_once() {
    let t = app_with_sellable_act().await;
    let who = t.connected_user("311").await;
    let report = t.send(&who, "/dust").await;
    assert_args(&report, "plan-best-sell", &[("symbol", "ACTUSDT")]);
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    assert_args(
        &screen,
        "plan-confirm-sell",
        &[("amount", "30"), ("asset", "ACT"), ("symbol", "ACTUSDT")],
    );
    // Nothing is left for the user to sell themselves.
    assert_no_key(&screen, "advice-plan");
    assert!(!text(&screen).contains("yourself"), "{}", text(&screen));
    assert_eq!(t.sim.request_count("POST", ORDER), 0);
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(
        &done,
        "plan-sold",
        &[
            ("qty", "30"),
            ("asset", "ACT"),
            ("symbol", "ACTUSDT"),
            ("quote", "7.542"),
            ("quote_asset", "USDT"),
            ("fee", "0.007542"),
            ("fee_asset", "USDT"),
        ],
    );
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
    assert_eq!(t.sim.spot_orders_placed(sim::DEMO_API_KEY), Some(1));
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // One execution.
    let again = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_key(&again, "button-used");
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
}

#[tokio::test]
async fn a_dropped_connection_after_the_sell_is_reconciled_with_one_order() {
    let t = app_with_sellable_act().await;
    let who = t.connected_user("312").await;
    let report = t.send(&who, "/dust").await;
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    t.sim
        .inject_fault(ORDER, Fault::DropConnectionAfterApply, 1);
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    // Read back from the order, which tells no fee.
    assert_args(
        &done,
        "plan-sold-no-fee",
        &[
            ("qty", "30"),
            ("asset", "ACT"),
            ("symbol", "ACTUSDT"),
            ("quote", "7.542"),
            ("quote_asset", "USDT"),
        ],
    );
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
    assert_eq!(t.sim.request_count("GET", ORDER), 1);
    assert_eq!(t.sim.spot_orders_placed(sim::DEMO_API_KEY), Some(1));
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // Nothing is left in flight: the next swap goes through.
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&next, "swap-confirm-title");
}

#[tokio::test]
async fn a_plan_its_swaps_and_its_sell_are_each_stored_with_their_own_kind() {
    let t = app_with_sellable_act().await;
    let who = t.connected_user("313").await;
    let report = t.send(&who, "/dust").await;
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_args(&done, "plan-sold", &[("qty", "30"), ("asset", "ACT")]);
    assert_key(&done, "swap-done");
    t.send(&who, "/swap ETH USDT 0.001").await;
    // Each kind has the params' shape migration 0009 labelled the old rows by: a sell's
    // are {"market_sell": …}, a swap's carry a top-level quote_id, a plan's neither.
    let rows: Vec<(String, bool, bool)> = sqlx::query_as(
        "SELECT kind, json_type(params, '$.market_sell') = 'object',
                json_type(params, '$.quote_id') = 'text'
         FROM operations ORDER BY created_at, kind",
    )
    .fetch_all(t.app.db.pool())
    .await
    .unwrap();
    let count = |kind: &str| rows.iter().filter(|r| r.0 == kind).count();
    assert_eq!(count("plan"), 1, "{rows:?}");
    assert_eq!(count("sell"), 1, "{rows:?}");
    let quotes = t.sim.request_count("POST", QUOTE);
    assert_eq!(count("swap"), quotes, "one per quote: {rows:?}");
    assert!(
        count("swap") >= 2,
        "the plan's legs and the /swap: {rows:?}"
    );
    assert_eq!(
        count("plan") + count("sell") + count("swap"),
        rows.len() - count("dust")
    );
    for (kind, sells, quoted) in &rows {
        match kind.as_str() {
            "sell" => assert!(*sells && !*quoted, "{rows:?}"),
            "swap" => assert!(!*sells && *quoted, "{rows:?}"),
            _ => assert!(!*sells && !*quoted, "{rows:?}"),
        }
    }
}
