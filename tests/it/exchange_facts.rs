//! Issue 15 points 7–8 as a user meets them: the real app (service, client, store) against
//! the simulator. Spot Convert's quote quotas read as a sentence, assets that cannot trade
//! are described by what the user can do, a dust conversion the exchange's app made to
//! another asset is not a BNB conversion, and absurd numbers from the exchange get a
//! sentence, never a panic.

use dustpan::binance::protocol;
use dustpan::sim::{self, ConvertQuotas, Fault, Listing, SimConfig};
use rust_decimal_macros::dec;

use crate::app::{TestApp, spawn_app, text};
use crate::replies::{Texts as _, all, arg_value, assert_args, assert_key, assert_no_key};

fn quotas(per_hour: u32, per_day: u32) -> SimConfig {
    let mut config = SimConfig::demo();
    config.convert_quotas = ConvertQuotas { per_hour, per_day };
    config
}

#[tokio::test]
async fn a_swap_past_the_hourly_quote_quota_says_to_try_again_in_an_hour() {
    let t = TestApp::builder().sim(quotas(1, 10)).build().await;
    let who = t.connected_user("1501").await;
    let first = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_args(
        &first,
        "swap-confirm-line",
        &[("from_amount", "0.001"), ("from", "ETH")],
    );
    let second = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&second, "swap-quote-quota-hourly");
    assert!(second.buttons().is_empty(), "{}", text(&second));
}

#[tokio::test]
async fn a_swap_past_the_daily_quote_quota_says_to_try_again_tomorrow() {
    let t = TestApp::builder().sim(quotas(10, 1)).build().await;
    let who = t.connected_user("1502").await;
    t.send(&who, "/swap ETH USDT 0.001").await;
    let r = t.send(&who, "/swap ETH USDT 0.001").await;
    assert_key(&r, "swap-quote-quota-daily");
}

#[tokio::test]
async fn dust_describes_an_asset_that_cannot_trade_by_what_the_user_can_do() {
    let t = spawn_app().await;
    assert!(t.sim.set_listing("ADA", Listing::Halted));
    assert!(t.sim.set_listing("XRP", Listing::EndOfDay));
    assert!(t.sim.set_listing("DOGE", Listing::CancelOnly));
    let who = t.connected_user("1503").await;
    let r = t.send(&who, "/dust").await;
    // The line of each asset (exactly one each).
    let line = |asset: &str| {
        let lines: Vec<_> = r
            .texts()
            .into_iter()
            .filter(|t| {
                t.key.starts_with("dust-line-") && arg_value(t, "asset").as_deref() == Some(asset)
            })
            .collect();
        assert_eq!(lines.len(), 1, "{asset}: {}", text(&r));
        lines[0].key
    };
    assert_eq!(line("ADA"), "dust-line-halted");
    assert_eq!(line("XRP"), "dust-line-end-of-day");
    assert_eq!(line("DOGE"), "dust-line-cancel-only");
    assert_eq!(line("MATIC"), "dust-line-delisted");
    // Still the normal lines for what trades.
    assert_eq!(line("TRX"), "dust-line-convertible");
}

#[tokio::test]
async fn a_dust_conversion_the_app_made_to_another_asset_shows_with_its_target_and_shares_the_cooldown()
 {
    let t = spawn_app().await;
    let who = t.connected_user("1504").await;
    assert!(t.sim.record_app_dust_conversion(
        sim::DEMO_API_KEY,
        "XRP",
        dec!(0.9),
        "USDC",
        dec!(0.47)
    ));
    // A small-balance conversion to USDC (Dust Convert, binance-dust-convert.md §5): in
    // /history with its own target, and inside the one cooldown (our shared reading, §4).
    assert_key(&t.send(&who, "/cooldown").await, "cooldown-wait");
    let history = t.send(&who, "/history").await;
    assert_args(
        &history,
        "history-line-elsewhere-to",
        &[("assets", "XRP"), ("target", "USDC"), ("gross", "0.47")],
    );
    assert_no_key(&history, "history-line-elsewhere");
    assert_key(&t.send(&who, "/convert all").await, "convert-cooldown");
    assert_eq!(t.dust_posts(), 0);
    // One to BNB keeps its original line beside it.
    t.advance(std::time::Duration::from_secs(60));
    assert!(t.sim.record_app_dust_conversion(
        sim::DEMO_API_KEY,
        "DOGE",
        dec!(4.2),
        "BNB",
        dec!(0.001)
    ));
    let history = t.send(&who, "/history").await;
    assert_args(&history, "history-line-elsewhere", &[("assets", "DOGE")]);
    assert_eq!(all(&history, "history-line-elsewhere").len(), 1);
    assert_eq!(all(&history, "history-line-elsewhere-to").len(), 1);
}

#[tokio::test]
async fn dust_with_absurd_exchange_numbers_answers_a_sentence_and_keeps_serving() {
    let t = spawn_app().await;
    let who = t.connected_user("1505").await;
    for absurd in ["79228162514264337593543950335", "1000000000000000001"] {
        t.sim
            .inject_fault(protocol::DUST_BTC.path, Fault::ReplaceDecimals(absurd), 1);
        assert_key(&t.send(&who, "/dust").await, "error-exchange-unavailable");
    }
    // Balances of 28 decimals: a report.
    t.sim.inject_fault(
        protocol::USER_ASSET.path,
        Fault::ReplaceDecimals("0.0000000000000000000000000001"),
        1,
    );
    assert_key(&t.send(&who, "/dust").await, "dust-title");
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
    assert_key(&t.send(&who, "/dust").await, "error-exchange-unavailable");
    // And the next /dust is served as usual.
    assert_key(&t.send(&who, "/dust").await, "dust-section-convertible");
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
    assert_key(&t.send(&who, "/dust").await, "dust-title");
    let r = t.send(&who, "/swap ETH USDT 0.001").await;
    assert!(!crate::replies::keys(&r).is_empty(), "{r:?}");

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
    assert_key(&t.send(&who, "/dust").await, "error-exchange-unavailable");
    assert_key(&t.send(&who, "/dust").await, "dust-title");
}
