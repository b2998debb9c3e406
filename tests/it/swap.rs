//! `/swap` (Spot Convert) and the plan from `/dust`, through the real client against the
//! simulator: quote → confirm → accept → balances, expiry and re-quote, minimums, missing
//! quote id, -1002, PROCESS polling, a dropped accept reconciled with one order.

use std::time::Duration;

use dustpan::sim::{self, Fault, SimConfig};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{TestApp, button, spawn_app, text};

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
    let out = text(&screen);
    // Rate, amount out, spread against spot, seconds left.
    assert!(out.contains("0.001 ETH → 3.4735889 USDT"), "{out}");
    assert!(out.contains("rate 1 ETH = 3473.5889 USDT"), "{out}");
    assert!(out.contains("0.20 % below"), "{out}");
    assert!(out.contains("holds for 57 s"), "{out}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    // Someone else's press does nothing.
    let other = t.connected_user("301").await;
    let confirm = button(&screen, "Confirm");
    assert!(text(&t.press(&other, &confirm).await).contains("someone else"));
    let done = text(&t.press(&who, &confirm).await);
    assert!(
        done.contains("Swapped 0.001 ETH → 3.4735889 USDT"),
        "{done}"
    );
    assert_eq!(bal(&t, "ETH"), dec!(0.249));
    assert_eq!(bal(&t, "USDT"), usdt_before + dec!(3.4735889));
    // Single use.
    assert!(text(&t.press(&who, &confirm).await).contains("already done"));
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
}

#[tokio::test]
async fn an_expired_quote_is_refused_and_requoted_for_a_new_confirm() {
    let t = spawn_app().await;
    let who = t.connected_user("302").await;
    let first = t.send(&who, "/swap ETH USDT 0.001").await;
    // Inside the safety margin before validTimestamp (60 s): no accept.
    t.advance(Duration::from_secs(58));
    let again = t.press(&who, &button(&first, "Confirm")).await;
    let out = text(&again);
    assert!(out.contains("previous price expired"), "{out}");
    assert!(out.contains("Swap at this quoted price"), "{out}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    assert_eq!(t.sim.request_count("POST", QUOTE), 2);
    assert_eq!(bal(&t, "ETH"), dec!(0.25));
    // The old button is spent; the new one needs its own press.
    assert!(!text(&t.press(&who, &button(&first, "Confirm")).await).contains("Swapped"));
    let done = text(&t.press(&who, &button(&again, "Confirm")).await);
    assert!(done.contains("Swapped 0.001 ETH"), "{done}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
}

#[tokio::test]
async fn below_the_minimum_says_the_minimum_and_the_top_up() {
    let t = spawn_app().await;
    let who = t.connected_user("303").await;
    let out = text(&t.send(&who, "/swap ACT USDT all").await);
    assert!(
        out.contains("0.005 ACT is below Binance's minimum"),
        "{out}"
    );
    assert!(out.contains("at least 0.39777248 ACT"), "{out}");
    assert!(out.contains("Top up 0.39277248 ACT (≈ $0.10)"), "{out}");
    assert_eq!(t.sim.request_count("POST", QUOTE), 0);
}

#[tokio::test]
async fn a_quote_without_quote_id_is_explained_as_funds_short() {
    let t = spawn_app().await;
    let who = t.connected_user("304").await;
    let out = text(&t.send(&who, "/swap ETH USDT 1").await);
    assert!(out.contains("do not have 1 free ETH"), "{out}");
    assert!(!out.contains("Confirm"), "{out}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
}

#[tokio::test]
async fn no_convert_api_access_is_explained() {
    let t = spawn_app().await;
    let who = t.connected_user("305").await;
    assert!(t.sim.set_convert_approved(sim::DEMO_API_KEY, false));
    let out = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(
        out.contains("has not enabled the Convert API for this account (error -1002)"),
        "{out}"
    );
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
}

#[tokio::test]
async fn process_is_polled_until_success() {
    let mut config = SimConfig::demo();
    config.convert_processing = Duration::from_millis(1600);
    let t = TestApp::builder().sim(config).build().await;
    let who = t.connected_user("306").await;
    let screen = t.send(&who, "/swap ETH USDT 0.001").await;
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(done.contains("Swapped 0.001 ETH"), "{done}");
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
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(done.contains("Swapped 0.001 ETH"), "{done}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 1);
    assert_eq!(bal(&t, "ETH"), dec!(0.249));
    // Nothing is left in flight: the next swap goes through.
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert!(text(&next).contains("Swap at this quoted price"));
}

#[tokio::test]
async fn the_plan_runs_behind_one_confirm() {
    let t = spawn_app().await;
    let who = t.connected_user("308").await;
    let report = t.send(&who, "/dust").await;
    let out = text(&report);
    assert!(out.contains("best: Spot Convert"), "{out}");
    assert!(out.contains("best: Small Asset Convert"), "{out}");
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    let s = text(&screen);
    assert!(s.contains("Convert as recommended"), "{s}");
    assert!(s.contains("Small Asset Convert of 1 asset(s) (ACT)"), "{s}");
    let quotes = t.sim.request_count("POST", QUOTE);
    assert!(quotes >= 5, "{s}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), 0);
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(done.contains("Converted 1 asset(s)"), "{done}");
    assert_eq!(done.matches("Swapped").count(), quotes, "{done}");
    assert_eq!(t.dust_posts(), 1);
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
    assert_eq!(bal(&t, "ADA"), Decimal::ZERO);
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // One execution.
    let again = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(again.contains("already done"), "{again}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
}

#[tokio::test]
async fn a_plan_leg_whose_quote_expired_is_stopped_not_requoted() {
    let t = spawn_app().await;
    let who = t.connected_user("309").await;
    let report = t.send(&who, "/dust").await;
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    let quotes = t.sim.request_count("POST", QUOTE);
    t.advance(Duration::from_secs(58));
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(done.contains("Converted 1 asset(s)"), "{done}");
    assert_eq!(done.matches("Stopped: the").count(), quotes, "{done}");
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
    let out = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(out.contains("holds for 56 s"), "{out}");
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
    let out = text(&report);
    assert!(out.contains("best: sell on ACTUSDT"), "{out}");
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    let s = text(&screen);
    assert!(
        s.contains("Sell 30 ACT on ACTUSDT at the market price"),
        "{s}"
    );
    assert!(!s.contains("yourself"), "{s}");
    assert_eq!(t.sim.request_count("POST", ORDER), 0);
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(
        done.contains("Sold 30 ACT on ACTUSDT → 7.542 USDT, fee 0.007542 USDT"),
        "{done}"
    );
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
    assert_eq!(t.sim.spot_orders_placed(sim::DEMO_API_KEY), Some(1));
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // One execution.
    let again = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(again.contains("already done"), "{again}");
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
}

#[tokio::test]
async fn a_dropped_connection_after_the_sell_is_reconciled_with_one_order() {
    let t = app_with_sellable_act().await;
    let who = t.connected_user("312").await;
    let report = t.send(&who, "/dust").await;
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    t.sim
        .inject_fault(ORDER, Fault::DropConnectionAfterApply, 1);
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(
        done.contains("Sold 30 ACT on ACTUSDT → 7.542 USDT"),
        "{done}"
    );
    assert_eq!(t.sim.request_count("POST", ORDER), 1);
    assert_eq!(t.sim.request_count("GET", ORDER), 1);
    assert_eq!(t.sim.spot_orders_placed(sim::DEMO_API_KEY), Some(1));
    assert_eq!(bal(&t, "ACT"), Decimal::ZERO);
    // Nothing is left in flight: the next swap goes through.
    let next = t.send(&who, "/swap ETH USDT 0.001").await;
    assert!(text(&next).contains("Swap at this quoted price"));
}

#[tokio::test]
async fn a_plan_its_swaps_and_its_sell_are_each_stored_with_their_own_kind() {
    let t = app_with_sellable_act().await;
    let who = t.connected_user("313").await;
    let report = t.send(&who, "/dust").await;
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert!(done.contains("Sold 30 ACT"), "{done}");
    assert!(done.contains("Swapped"), "{done}");
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
