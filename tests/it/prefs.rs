//! `/settings target` and `/settings currency` against the simulator: the plan converts
//! into the user's target, values are shown in the user's currency, bad values refused.
//! The currency tests are rendering tests: they read the English a user gets, where each
//! currency has its own wording and digits.

use dustpan::sim;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{spawn_app, text};
use crate::replies::{all, arg_value, assert_args, assert_key, find, find_with, keys, press_token};

const QUOTE: &str = "/sapi/v1/convert/getQuote";
const ACCEPT: &str = "/sapi/v1/convert/acceptQuote";

fn bal(t: &crate::app::TestApp, asset: &str) -> Decimal {
    t.sim.balance(sim::DEMO_API_KEY, asset).unwrap()
}

#[tokio::test]
async fn target_eth_plans_spot_convert_into_eth_and_the_plan_quotes_and_swaps_into_eth() {
    let t = spawn_app().await;
    let who = t.connected_user("400").await;
    let saved = t.send(&who, "/settings target eth").await;
    assert_key(&saved, "settings-saved");
    assert_args(&saved, "settings-target", &[("target", "ETH")]);
    // Stored: a fresh /settings reads it back from the database.
    let view = t.send(&who, "/settings").await;
    assert_args(&view, "settings-target", &[("target", "ETH")]);
    let report = t.send(&who, "/dust").await;
    let ada = find_with(&report, "plan-best-convert", "asset", "ADA");
    assert_eq!(arg_value(ada, "receive").as_deref(), Some("0.00023287"));
    assert_eq!(arg_value(ada, "receive_asset").as_deref(), Some("ETH"));
    assert_eq!(arg_value(ada, "value").as_deref(), Some("$0.81"));
    assert!(
        all(&report, "plan-best-convert")
            .iter()
            .all(|p| arg_value(p, "receive_asset").as_deref() == Some("ETH")),
        "{}",
        text(&report)
    );
    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    let legs = all(&screen, "swap-confirm-line");
    let quotes = t.sim.request_count("POST", QUOTE);
    assert!(quotes >= 5, "{:?}", keys(&screen));
    assert_eq!(legs.len(), quotes, "{}", text(&screen));
    assert!(
        legs.iter()
            .all(|l| arg_value(l, "to").as_deref() == Some("ETH")),
        "{}",
        text(&screen)
    );
    let ada = find_with(&screen, "swap-confirm-line", "from", "ADA");
    assert_eq!(arg_value(ada, "from_amount").as_deref(), Some("1.8"));
    assert_eq!(arg_value(ada, "to_amount").as_deref(), Some("0.00023287"));
    // Small rates keep their digits: never "1 SHIB = 0 ETH".
    assert!(
        legs.iter().all(|l| arg_value(l, "ratio")
            .is_some_and(|r| r.parse::<Decimal>().unwrap() > Decimal::ZERO)),
        "{}",
        text(&screen)
    );
    let eth_before = bal(&t, "ETH");
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_eq!(all(&done, "swap-done").len(), quotes, "{:?}", keys(&done));
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
    assert_eq!(bal(&t, "ADA"), Decimal::ZERO);
    assert!(
        bal(&t, "ETH") > eth_before + dec!(0.0015),
        "{}",
        text(&done)
    );
}

/// A rendering test: values in BTC read as a user reads them.
#[tokio::test]
async fn currency_btc_shows_option_values_totals_and_the_recommendation_in_btc() {
    let t = spawn_app().await;
    let who = t.connected_user("401").await;
    let saved = text(&t.send(&who, "/settings currency btc").await);
    assert!(saved.contains("Values shown in: BTC"), "{saved}");
    let out = text(&t.send(&who, "/dust").await);
    // 0.81 USDT at 67250.12 USDT/BTC; the line's BTC column is not repeated.
    assert!(out.contains("• ADA 1.8 ≈ 0.00001208 BTC → "), "{out}");
    assert!(
        out.contains("best: Spot Convert → ≈ 0.81053568 USDT (≈ 0.00001205 BTC)"),
        "{out}"
    );
    assert!(out.contains("Total convertible ≈ 0.00008152 BTC:"), "{out}");
    assert!(out.contains("in all."), "{out}");
    assert!(!out.contains('$'), "{out}");
    // The minimum stays in USD and is compared in USDT; both are shown.
    t.send(&who, "/settings min 1000").await;
    let out = text(&t.send(&who, "/dust").await);
    assert!(
        out.contains("under your minimum of $1000.00 (≈ 0.01486986 BTC), not worth it yet"),
        "{out}"
    );
}

/// A rendering test: a stablecoin reads with two decimals.
#[tokio::test]
async fn a_stablecoin_currency_reads_with_two_decimals() {
    let t = spawn_app().await;
    let who = t.connected_user("402").await;
    t.send(&who, "/settings currency USDC").await;
    let out = text(&t.send(&who, "/dust").await);
    assert!(
        out.contains("• ADA 1.8 ≈ 0.81 USDC (0.00001208 BTC)"),
        "{out}"
    );
    assert!(out.contains("USDC in all."), "{out}");
}

#[tokio::test]
async fn targets_and_currencies_binance_cannot_serve_are_refused_and_nothing_changes() {
    let t = spawn_app().await;
    // As on a running bot, the default target's pairs are already cached by others' /dust:
    // this user's own share of the pairs budget goes to the MATIC check below.
    let other = t.connected_user("404").await;
    t.send(&other, "/dust").await;
    let who = t.connected_user("403").await;
    let pairs_before = t.sim.request_count("GET", "/sapi/v1/convert/exchangeInfo");
    // Unknown asset: refused from the cached rules, no weight-3000 pairs request.
    let r = t.send(&who, "/settings target NOPE").await;
    assert_args(
        &r,
        "settings-target-refused",
        &[("asset", "NOPE"), ("current", "USDT")],
    );
    assert_eq!(
        t.sim.request_count("GET", "/sapi/v1/convert/exchangeInfo"),
        pairs_before
    );
    // Delisted: listed symbols exist, but Spot Convert has no pairs into it.
    let r = t.send(&who, "/settings target MATIC").await;
    assert_args(&r, "settings-target-refused", &[("asset", "MATIC")]);
    let r = t.send(&who, "/settings target US-DT").await;
    assert_args(&r, "settings-bad", &[("setting", "target")]);
    // No EUR market in the simulator: USDT cannot be valued in it.
    let r = t.send(&who, "/settings currency EUR").await;
    assert_args(
        &r,
        "settings-currency-refused",
        &[("currency", "EUR"), ("current", "USDT")],
    );
    let r = t.send(&who, "/settings currency $$").await;
    assert_args(&r, "settings-bad", &[("setting", "currency")]);
    let view = t.send(&who, "/settings").await;
    assert_args(&view, "settings-target", &[("target", "USDT")]);
    assert_args(&view, "settings-currency", &[("currency", "USDT")]);
    let report = t.send(&who, "/dust").await;
    let ada = find_with(&report, "plan-best-convert", "asset", "ADA");
    assert_eq!(arg_value(ada, "receive_asset").as_deref(), Some("USDT"));
}

#[tokio::test]
async fn swap_top_up_cost_is_shown_in_the_users_currency() {
    let t = spawn_app().await;
    let who = t.connected_user("405").await;
    t.send(&who, "/settings currency btc").await;
    let r = t.send(&who, "/swap ACT USDT all").await;
    assert_args(&r, "swap-below-minimum", &[("top_up", "0.39277248")]);
    let cost = arg_value(find(&r, "swap-below-minimum"), "cost").unwrap();
    assert!(
        cost.starts_with("0.0000") && cost.ends_with(" BTC"),
        "{cost}"
    );
    assert!(!text(&r).contains('$'), "{}", text(&r));
}
