//! `/settings target` and `/settings currency` against the simulator: the plan converts
//! into the user's target, values are shown in the user's currency, bad values refused.

use dustpan::sim;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{button, spawn_app, text};

const QUOTE: &str = "/sapi/v1/convert/getQuote";
const ACCEPT: &str = "/sapi/v1/convert/acceptQuote";

fn bal(t: &crate::app::TestApp, asset: &str) -> Decimal {
    t.sim.balance(sim::DEMO_API_KEY, asset).unwrap()
}

#[tokio::test]
async fn target_eth_plans_spot_convert_into_eth_and_the_plan_quotes_and_swaps_into_eth() {
    let t = spawn_app().await;
    let who = t.connected_user("400").await;
    let saved = text(&t.send(&who, "/settings target eth").await);
    assert!(saved.contains("Saved."), "{saved}");
    assert!(
        saved.contains("Spot Convert plans convert into: ETH"),
        "{saved}"
    );
    // Stored: a fresh /settings reads it back from the database.
    let view = text(&t.send(&who, "/settings").await);
    assert!(
        view.contains("Spot Convert plans convert into: ETH"),
        "{view}"
    );
    let report = t.send(&who, "/dust").await;
    let out = text(&report);
    assert!(
        out.contains("best: Spot Convert → ≈ 0.00023287 ETH (≈ $0.81) — /swap ADA ETH all"),
        "{out}"
    );
    assert!(!out.contains("/swap ADA USDT"), "{out}");
    let screen = t
        .press(&who, &button(&report, "Convert the rest as recommended"))
        .await;
    let s = text(&screen);
    let legs: Vec<&str> = s
        .lines()
        .filter(|l| l.contains(" → ") && l.contains("rate 1"))
        .collect();
    let quotes = t.sim.request_count("POST", QUOTE);
    assert!(quotes >= 5, "{s}");
    assert_eq!(legs.len(), quotes, "{s}");
    assert!(legs.iter().all(|l| l.contains(" ETH (rate 1 ")), "{s}");
    assert!(s.contains("1.8 ADA → 0.00023287 ETH"), "{s}");
    // Small rates keep their digits: never "1 SHIB = 0 ETH".
    assert!(!s.contains("= 0 ETH"), "{s}");
    let eth_before = bal(&t, "ETH");
    let done = text(&t.press(&who, &button(&screen, "Confirm")).await);
    assert_eq!(done.matches("Swapped").count(), quotes, "{done}");
    assert_eq!(t.sim.request_count("POST", ACCEPT), quotes);
    assert_eq!(bal(&t, "ADA"), Decimal::ZERO);
    assert!(bal(&t, "ETH") > eth_before + dec!(0.0015), "{done}");
}

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
    let out = text(&t.send(&who, "/settings target NOPE").await);
    assert!(
        out.contains("Binance's Spot Convert has no pairs into NOPE") && out.contains("stays USDT"),
        "{out}"
    );
    assert_eq!(
        t.sim.request_count("GET", "/sapi/v1/convert/exchangeInfo"),
        pairs_before
    );
    // Delisted: listed symbols exist, but Spot Convert has no pairs into it.
    let out = text(&t.send(&who, "/settings target MATIC").await);
    assert!(out.contains("no pairs into MATIC"), "{out}");
    let out = text(&t.send(&who, "/settings target US-DT").await);
    assert!(out.contains("not valid (target)"), "{out}");
    // No EUR market in the simulator: USDT cannot be valued in it.
    let out = text(&t.send(&who, "/settings currency EUR").await);
    assert!(out.contains("cannot value USDT in EUR"), "{out}");
    assert!(out.contains("Values stay in USDT"), "{out}");
    let out = text(&t.send(&who, "/settings currency $$").await);
    assert!(out.contains("not valid (currency)"), "{out}");
    let view = text(&t.send(&who, "/settings").await);
    assert!(
        view.contains("Spot Convert plans convert into: USDT"),
        "{view}"
    );
    assert!(view.contains("Values shown in: USDT"), "{view}");
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("/swap ADA USDT all"), "{out}");
}

#[tokio::test]
async fn swap_top_up_cost_is_shown_in_the_users_currency() {
    let t = spawn_app().await;
    let who = t.connected_user("405").await;
    t.send(&who, "/settings currency btc").await;
    let out = text(&t.send(&who, "/swap ACT USDT all").await);
    let cost = out
        .split("Top up 0.39277248 ACT (≈ ")
        .nth(1)
        .and_then(|rest| rest.split(')').next())
        .unwrap_or_default();
    assert!(
        cost.starts_with("0.0000") && cost.ends_with(" BTC"),
        "{out}"
    );
    assert!(!out.contains('$'), "{out}");
}
