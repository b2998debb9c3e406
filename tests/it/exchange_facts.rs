//! Issue 15 points 7–8 as a user meets them: the real app (service, client, store) against
//! the simulator. Spot Convert's quote quotas read as a sentence, assets that cannot trade
//! are described by what the user can do, a dust conversion the exchange's app made to
//! another asset is not a BNB conversion, and absurd numbers from the exchange get a
//! sentence, never a panic.

use dustpan::binance::protocol;
use dustpan::sim::{self, ConvertQuotas, Fault, Listing, SimConfig};
use rust_decimal_macros::dec;

use crate::app::{TestApp, spawn_app, text};

fn quotas(per_hour: u32, per_day: u32) -> SimConfig {
    let mut config = SimConfig::demo();
    config.convert_quotas = ConvertQuotas { per_hour, per_day };
    config
}

#[tokio::test]
async fn a_swap_past_the_hourly_quote_quota_says_to_try_again_in_an_hour() {
    let t = TestApp::builder().sim(quotas(1, 10)).build().await;
    let who = t.connected_user("1501").await;
    let first = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(first.contains("0.001 ETH →"), "{first}");
    let second = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(
        second.contains("limit on Spot Convert quotes for this hour is reached (error 345103)")
            && second.contains("Try again in an hour"),
        "{second}"
    );
    assert!(!second.contains("Confirm"), "{second}");
}

#[tokio::test]
async fn a_swap_past_the_daily_quote_quota_says_to_try_again_tomorrow() {
    let t = TestApp::builder().sim(quotas(10, 1)).build().await;
    let who = t.connected_user("1502").await;
    t.send(&who, "/swap ETH USDT 0.001").await;
    let out = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(
        out.contains("daily limit on Spot Convert quotes is reached (error 345239)")
            && out.contains("Try again tomorrow"),
        "{out}"
    );
}

#[tokio::test]
async fn dust_describes_an_asset_that_cannot_trade_by_what_the_user_can_do() {
    let t = spawn_app().await;
    assert!(t.sim.set_listing("ADA", Listing::Halted));
    assert!(t.sim.set_listing("XRP", Listing::EndOfDay));
    assert!(t.sim.set_listing("DOGE", Listing::CancelOnly));
    let who = t.connected_user("1503").await;
    let out = text(&t.send(&who, "/dust").await);
    let line = |asset: &str| {
        out.lines()
            .find(|l| l.starts_with(&format!("• {asset} ")))
            .unwrap_or_else(|| panic!("no {asset} line in\n{out}"))
            .to_owned()
    };
    assert!(
        line("ADA").contains("trading is paused on Binance: try again later"),
        "{out}"
    );
    assert!(
        line("XRP").contains("market is closed for the day: try again when it reopens"),
        "{out}"
    );
    assert!(
        line("DOGE").contains("accepts only cancellations")
            && line("DOGE").contains("try again later"),
        "{out}"
    );
    assert!(line("MATIC").contains("delisted or not open yet"), "{out}");
    // Still the normal lines for what trades.
    assert!(line("TRX").contains("BNB"), "{out}");
}

#[tokio::test]
async fn a_dust_conversion_the_app_made_to_another_asset_is_not_a_bnb_conversion() {
    let t = spawn_app().await;
    let who = t.connected_user("1504").await;
    assert!(t.sim.record_app_dust_conversion(
        sim::DEMO_API_KEY,
        "XRP",
        dec!(0.9),
        "USDC",
        dec!(0.47)
    ));
    let cooldown = text(&t.send(&who, "/cooldown").await);
    assert!(cooldown.contains("you can convert now"), "{cooldown}");
    let history = text(&t.send(&who, "/history").await);
    assert!(history.contains("No conversions yet"), "{history}");
    let dust = text(&t.send(&who, "/dust").await);
    assert!(
        dust.contains("Small Asset Convert is available now."),
        "{dust}"
    );
    // The same conversion to BNB counts, for the cooldown and the history.
    assert!(t.sim.record_app_dust_conversion(
        sim::DEMO_API_KEY,
        "DOGE",
        dec!(4.2),
        "BNB",
        dec!(0.001)
    ));
    let cooldown = text(&t.send(&who, "/cooldown").await);
    assert!(
        cooldown.contains("Next conversion possible in"),
        "{cooldown}"
    );
    let history = text(&t.send(&who, "/history").await);
    assert!(
        history.contains("DOGE") && history.contains("made outside dustpan"),
        "{history}"
    );
    assert!(!history.contains("XRP"), "{history}");
}

#[tokio::test]
async fn dust_with_absurd_exchange_numbers_answers_a_sentence_and_keeps_serving() {
    let t = spawn_app().await;
    let who = t.connected_user("1505").await;
    for absurd in ["79228162514264337593543950335", "1000000000000000001"] {
        t.sim
            .inject_fault(protocol::DUST_BTC.path, Fault::ReplaceDecimals(absurd), 1);
        let out = text(&t.send(&who, "/dust").await);
        assert!(out.contains("Binance cannot be reached right now"), "{out}");
    }
    // Balances of 28 decimals: a report.
    t.sim.inject_fault(
        protocol::USER_ASSET.path,
        Fault::ReplaceDecimals("0.0000000000000000000000000001"),
        1,
    );
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Your dust"), "{out}");
    // Past the window in which a repeated /dust is answered from the last report.
    t.clock
        .advance(dustpan::service::throttle::DUST_REPEAT_WINDOW);
    // Balances and BTC values at the largest value the client accepts: their product does
    // not fit a Decimal, so the answer is invalid, and said so.
    t.sim.inject_fault(
        protocol::USER_ASSET.path,
        Fault::ReplaceDecimals("1000000000000000000"),
        1,
    );
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Binance cannot be reached right now"), "{out}");
    // And the next /dust is served as usual.
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Convertible to BNB"), "{out}");
}

#[tokio::test]
async fn dust_with_every_price_zero_answers_a_report_and_huge_prices_a_sentence() {
    let t = spawn_app().await;
    t.sim.inject_fault(
        protocol::TICKER_PRICE_PATH,
        Fault::ReplaceDecimals("0"),
        1000,
    );
    let who = t.connected_user("1506").await;
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Your dust"), "{out}");
    let out = text(&t.send(&who, "/swap ETH USDT 0.001").await);
    assert!(!out.is_empty());

    // Prices and balances both at 10^18: every order value overflows.
    let t = spawn_app().await;
    let huge = "1000000000000000000";
    t.sim.inject_fault(
        protocol::TICKER_PRICE_PATH,
        Fault::ReplaceDecimals(huge),
        1000,
    );
    let who = t.connected_user("1507").await;
    t.sim
        .inject_fault(protocol::USER_ASSET.path, Fault::ReplaceDecimals(huge), 1);
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Binance cannot be reached right now"), "{out}");
    let out = text(&t.send(&who, "/dust").await);
    assert!(out.contains("Your dust"), "{out}");
}
