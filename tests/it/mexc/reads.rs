//! The read endpoints: time, account, exchangeInfo, prices, the dust list, key checks.

use dustpan::ports::{Exchange, ExchangeError, QuoteAmount, QuoteRequest, Refusal, SymbolStatus};
use dustpan::sim::Permissions;

use super::{Env, KEY, asset, dec};

#[tokio::test]
async fn server_time_is_the_simulators_clock_and_sets_the_signing_offset() {
    let env = Env::demo().await;
    env.sim.set_clock_offset_ms(30_000);
    let t = env.client.server_time().await.expect("time");
    let diff = (t.timestamp_millis() - env.sim.now_ms()).abs();
    assert!(diff < 2_000, "server time off by {diff} ms");
    let offset = env.client.time_offset_ms();
    assert!((28_000..32_000).contains(&offset), "offset {offset}");
}

#[tokio::test]
async fn balances_come_from_the_account_with_the_simulators_amounts() {
    let env = Env::demo().await;
    let b = env.client.balances(&env.creds).await.expect("balances");
    let ada = b
        .iter()
        .find(|b| b.asset.as_str() == "ADA")
        .expect("ADA held");
    assert_eq!(ada.free, env.bal("ADA"));
    assert_eq!(ada.locked, Decimal::ZERO);
    assert!(b.iter().all(|b| !b.free.is_zero()));
    assert_eq!(env.sim.request_count("GET", "/api/v3/account"), 1);
}

use rust_decimal::Decimal;

#[tokio::test]
async fn user_assets_are_balances_valued_in_btc_from_ticker_prices() {
    let env = Env::demo().await;
    let a = env.client.user_assets(&env.creds).await.expect("assets");
    let eth = a.iter().find(|a| a.asset.as_str() == "ETH").expect("ETH");
    // 0.25 ETH × 3000 USDT / 60000 USDT per BTC.
    assert_eq!(eth.btc_valuation, dec("0.0125"));
    let usdt = a.iter().find(|a| a.asset.as_str() == "USDT").expect("USDT");
    assert_eq!(
        usdt.btc_valuation,
        (dec("152.43") / dec("60000")).round_dp(8)
    );
}

#[tokio::test]
async fn trading_rules_read_mexcs_plain_field_limits_and_numeric_statuses() {
    let env = Env::demo().await;
    let rules = env.client.trading_rules().await.expect("rules");
    let ada = &rules.symbols["ADAUSDT"];
    assert_eq!(ada.base, asset("ADA"));
    assert_eq!(ada.quote, asset("USDT"));
    assert_eq!(ada.status, SymbolStatus::Trading);
    assert_eq!(ada.min_qty, dec("0.01"));
    assert_eq!(ada.step_size, dec("0.01"));
    assert_eq!(ada.min_notional, dec("1"));
    assert_eq!(ada.max_notional, Some(dec("100000")));
    assert_eq!(rules.symbols["LUNAUSDT"].status, SymbolStatus::Halted);
    assert_eq!(rules.symbols["MATICUSDT"].status, SymbolStatus::Offline);
    // Cached: a second read sends nothing.
    env.client.trading_rules().await.expect("rules again");
    assert_eq!(env.sim.request_count("GET", "/api/v3/exchangeInfo"), 1);
}

#[tokio::test]
async fn prices_are_the_tickers_last_prices_and_are_shared_from_the_cache() {
    let env = Env::demo().await;
    let p = env.client.prices().await.expect("prices");
    assert_eq!(p.by_symbol["MXUSDT"], dec("2.5"));
    assert_eq!(p.by_symbol["SHIBUSDT"], dec("0.000018"));
    env.client.prices().await.expect("prices again");
    assert_eq!(env.sim.request_count("GET", "/api/v3/ticker/price"), 1);
}

#[tokio::test]
async fn dust_candidates_are_the_assets_under_5_usdt_with_mx_net_of_the_fee() {
    let env = Env::demo().await;
    let c = env.client.dust_candidates(&env.creds).await.expect("list");
    let names: Vec<&str> = c.details.iter().map(|d| d.asset.as_str()).collect();
    for a in ["ADA", "XRP", "DOGE", "SHIB", "ACT"] {
        assert!(names.contains(&a), "{a} missing from {names:?}");
    }
    // Worth 5 USDT or more, MX itself, paused or delisted: not offered.
    for a in ["USDT", "ETH", "MX", "LUNA", "MATIC"] {
        assert!(!names.contains(&a), "{a} listed in {names:?}");
    }
    let ada = c
        .details
        .iter()
        .find(|d| d.asset.as_str() == "ADA")
        .expect("ADA");
    // 1.8 ADA × 0.45 = 0.81 USDT = 0.324 MX, 2 % fee (our assumed rate) = 0.00648.
    assert_eq!(ada.received, dec("0.31752"));
    assert_eq!(ada.gross, dec("0.324"));
    assert_eq!(ada.fee, dec("0.00648"));
    assert_eq!(ada.target_asset, asset("MX"));
    assert_eq!(ada.amount_free, dec("1.8"));
    assert_eq!(c.fee_rate, dec("0.02"));
}

#[tokio::test]
async fn key_permissions_are_probed_read_by_the_dust_list_and_trade_by_a_test_order() {
    let env = Env::demo().await;
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(p.reading && p.spot_trading && !p.withdrawals && !p.ip_restricted);
    assert_eq!(env.sim.request_count("POST", "/api/v3/order/test"), 1);
    assert!(env.sim.set_permissions(
        KEY,
        Permissions {
            reading: true,
            spot_trading: false,
            withdrawals: true
        }
    ));
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(p.reading && !p.spot_trading && p.withdrawals);
    assert!(env.sim.set_permissions(
        KEY,
        Permissions {
            reading: false,
            spot_trading: false,
            withdrawals: false
        }
    ));
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(!p.reading && !p.spot_trading);
    // The probe never placed an order.
    assert_eq!(env.sim.request_count("POST", "/api/v3/order"), 0);
}

#[tokio::test]
async fn capabilities_say_mx_fifteen_assets_and_no_spot_convert_whose_methods_answer_not_offered() {
    let env = Env::demo().await;
    let caps = env.client.capabilities();
    let sb = caps.small_balance.as_ref().expect("dust transfer offered");
    assert_eq!(sb.targets, vec![asset("MX")]);
    assert_eq!(sb.max_assets_per_call, Some(15));
    assert!(caps.quote_convert.is_none());
    assert!(caps.market_sell);
    let req = QuoteRequest {
        from_asset: asset("ADA"),
        to_asset: asset("USDT"),
        amount: QuoteAmount::From(dec("1")),
        valid_time: std::time::Duration::from_secs(10),
    };
    let e = env
        .client
        .convert_quote(&env.creds, &req)
        .await
        .unwrap_err();
    assert!(matches!(
        e,
        ExchangeError::Rejected {
            reason: Refusal::NotOffered,
            ..
        }
    ));
    let e = env.client.convert_pairs(&asset("USDT")).await.unwrap_err();
    assert!(matches!(
        e,
        ExchangeError::Rejected {
            reason: Refusal::NotOffered,
            ..
        }
    ));
    assert_eq!(env.client.id().as_str(), "mexc");
}

#[tokio::test]
async fn a_dusts_worth_of_reads_costs_two_signed_requests_and_public_data_is_fetched_once() {
    let env = Env::demo().await;
    // What /dust asks of the exchange (service/dust.rs), for three users at once.
    let one = || async {
        let (c, a, r, p) = tokio::join!(
            env.client.dust_candidates(&env.creds),
            env.client.user_assets(&env.creds),
            env.client.trading_rules(),
            env.client.prices(),
        );
        c.expect("candidates");
        a.expect("assets");
        r.expect("rules");
        p.expect("prices");
    };
    tokio::join!(one(), one(), one());
    let stats = env.client.stats();
    // Per /dust: the dust list (weight 1) and the account (weight 10).
    assert_eq!(stats.signed_requests, 6);
    assert_eq!(stats.signed_weight, 33);
    // Prices and rules: once for everyone.
    assert_eq!(stats.public_requests, 2);
    assert_eq!(env.sim.request_count("GET", "/api/v3/ticker/price"), 1);
    assert_eq!(env.sim.request_count("GET", "/api/v3/exchangeInfo"), 1);
}
