//! Issue 15 points 7–8 on the wire: Spot Convert's quote quotas, today's symbol statuses,
//! the dust log's `targetAsset`, and absurd numbers in an answer, through the real client
//! against the simulator.

use std::time::Duration;

use dustpan::binance::protocol;
use dustpan::ports::{Exchange, ExchangeError, MarketSell, QuoteAmount, Refusal, SymbolStatus};
use dustpan::sim::{ConvertQuotas, Fault, Listing, SimConfig};

use super::{Env, KEY, asset, dec, usdt_to_bnb};

fn quota_refusal(res: Result<dustpan::ports::Quote, ExchangeError>) -> (String, Refusal) {
    match res {
        Err(ExchangeError::Rejected { code, reason, .. }) => (code, reason),
        other => panic!("expected a quota refusal, got {other:?}"),
    }
}

#[tokio::test]
async fn quote_quotas_are_refused_with_binances_positive_codes_and_classified() {
    let mut config = SimConfig::demo();
    config.convert_quotas = ConvertQuotas {
        per_hour: 2,
        per_day: 3,
    };
    let env = Env::with(config).await;
    let req = usdt_to_bnb(QuoteAmount::From(dec("10")));
    for _ in 0..2 {
        env.client
            .convert_quote(&env.creds, &req)
            .await
            .expect("within the hourly quota");
    }
    let hourly = quota_refusal(env.client.convert_quote(&env.creds, &req).await);
    assert_eq!(
        hourly,
        (
            protocol::CONVERT_HOURLY_QUOTE_QUOTA.code.to_string(),
            Refusal::QuoteQuotaHourly
        )
    );
    assert_eq!(hourly.0, "345103", "Convert codes are positive in the body");
    // An hour later the hourly quota is free again; the daily one is not.
    env.sim.advance_time(Duration::from_secs(3600));
    env.client
        .convert_quote(&env.creds, &req)
        .await
        .expect("a new hour");
    let daily = quota_refusal(env.client.convert_quote(&env.creds, &req).await);
    assert_eq!(daily, ("345239".to_owned(), Refusal::QuoteQuotaDaily));
    // Refused quotes did not count: a day later everything is free again.
    env.sim.advance_time(Duration::from_secs(24 * 3600));
    env.client
        .convert_quote(&env.creds, &req)
        .await
        .expect("a new day");
    // Four quotes given (each clock jump also costs one -1021 and a resync).
    let statuses = env.statuses(&protocol::CONVERT_GET_QUOTE);
    let given = statuses.iter().filter(|s| **s == Some(200)).count();
    assert_eq!(given, 4, "{statuses:?}");
}

#[tokio::test]
async fn todays_symbol_statuses_reach_the_client_and_a_paused_market_sells_nothing() {
    let env = Env::demo().await;
    assert!(env.sim.set_balance(KEY, "ADA", dec("30")));
    assert!(env.sim.set_listing("ADA", Listing::Halted));
    assert!(env.sim.set_listing("XRP", Listing::EndOfDay));
    assert!(env.sim.set_listing("DOGE", Listing::CancelOnly));
    let rules = env.client.trading_rules().await.expect("rules");
    assert_eq!(rules.symbols["ADAUSDT"].status, SymbolStatus::Halted);
    assert_eq!(rules.symbols["ADABTC"].status, SymbolStatus::Halted);
    assert_eq!(rules.symbols["XRPUSDT"].status, SymbolStatus::ClosedForDay);
    assert_eq!(rules.symbols["DOGEUSDT"].status, SymbolStatus::CancelOnly);
    assert_eq!(rules.symbols["MATICUSDT"].status, SymbolStatus::Offline);
    // Not in Small Asset Convert's list either.
    let dust = env.client.dust_candidates(&env.creds).await.expect("dust");
    for a in ["ADA", "XRP", "DOGE"] {
        assert!(dust.details.iter().all(|d| d.asset.as_str() != a), "{a}");
    }
    let res = env
        .client
        .market_sell(
            &env.creds,
            &MarketSell {
                symbol: "ADAUSDT".to_owned(),
                quantity: dec("30"),
                client_order_id: "halted-1".to_owned(),
            },
        )
        .await;
    match res {
        Err(ExchangeError::Rejected { code, msg, reason }) => {
            assert_eq!(
                (code, msg.as_str()),
                (
                    protocol::MARKET_CLOSED.code.to_string(),
                    "Market is closed."
                )
            );
            assert_eq!(reason, Refusal::Other);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(env.bal("ADA"), dec("30"));
}

#[tokio::test]
async fn the_dust_log_tells_a_conversion_to_another_target_from_a_bnb_one() {
    let env = Env::demo().await;
    env.client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("dust to BNB");
    assert!(
        env.sim
            .record_app_dust_conversion(KEY, "XRP", dec("0.9"), "USDC", dec("0.47"))
    );
    let log = env
        .client
        .dust_log(&env.creds, Some(env.sim_now() - chrono::Duration::hours(1)))
        .await
        .expect("dribblet");
    assert_eq!(log.len(), 2);
    // Newest first: the app's conversion to USDC.
    let app = &log[0];
    assert_eq!(app.details[0].from_asset.as_str(), "XRP");
    assert_eq!(app.details[0].target_asset.as_str(), "USDC");
    assert!(!app.has_part_to("BNB"));
    assert!(app.has_part_to("USDC"));
    let ours = &log[1];
    assert_eq!(ours.details[0].target_asset.as_str(), "BNB");
    assert!(ours.has_part_to("BNB"));
}

#[tokio::test]
async fn absurd_numbers_in_an_answer_are_an_invalid_response_never_a_panic() {
    const HUGE: &str = "79228162514264337593543950335";
    let env = Env::demo().await;
    env.sim
        .inject_fault(protocol::TICKER_PRICE_PATH, Fault::ReplaceDecimals(HUGE), 1);
    let res = env.client.prices().await;
    assert!(
        matches!(res, Err(ExchangeError::InvalidResponse(_))),
        "{res:?}"
    );
    env.sim.inject_fault(
        protocol::DUST_BTC.path,
        Fault::ReplaceDecimals("1000000000000000001"),
        1,
    );
    let res = env.client.dust_candidates(&env.creds).await;
    assert!(
        matches!(res, Err(ExchangeError::InvalidResponse(_))),
        "{res:?}"
    );
    // On a money answer the same is an unknown outcome (it may have executed).
    env.sim.inject_fault(
        protocol::CONVERT_GET_QUOTE.path,
        Fault::ReplaceDecimals(HUGE),
        1,
    );
    let res = env
        .client
        .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("10"))))
        .await;
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{res:?}"
    );
    // Zero and 28 decimals are real decimals: read as they are.
    env.sim
        .inject_fault(protocol::USER_ASSET.path, Fault::ReplaceDecimals("0"), 1);
    let zero = env.client.user_assets(&env.creds).await.expect("zeros");
    assert!(zero.iter().all(|a| a.free.is_zero()), "{zero:?}");
    let tiny = "0.0000000000000000000000000001";
    env.sim
        .inject_fault(protocol::USER_ASSET.path, Fault::ReplaceDecimals(tiny), 1);
    let tiny_assets = env.client.user_assets(&env.creds).await.expect("tiny");
    assert!(
        tiny_assets.iter().all(|a| a.free == dec(tiny)),
        "{tiny_assets:?}"
    );
}
