//! Public data (cached, shared), the Unified wallet, the key's permissions and the clock.

use dustpan::ports::{Exchange, SymbolStatus};
use dustpan::sim::Permissions;
use rust_decimal::Decimal;

use super::{Env, KEY, WALLET, dec};

#[tokio::test]
async fn the_server_time_comes_from_the_envelope_and_sets_the_clock_offset() {
    let env = Env::demo().await;
    env.sim.set_clock_offset_ms(90_000);
    let t = env.client.server_time().await.expect("time");
    let off = env.client.time_offset_ms();
    assert!((85_000..95_000).contains(&off), "offset {off}");
    let sim_now = env.sim.now_ms();
    assert!((sim_now - t.timestamp_millis()).abs() < 5_000);
}

#[tokio::test]
async fn balances_are_the_unified_wallet_without_zero_coins() {
    let env = Env::demo().await;
    env.sim.set_balance(KEY, "ADA", Decimal::ZERO);
    let b = env.client.balances(&env.creds).await.expect("balances");
    let xrp = b.iter().find(|b| b.asset.as_str() == "XRP").expect("XRP");
    assert_eq!((xrp.free, xrp.locked), (dec("0.9"), Decimal::ZERO));
    assert!(b.iter().all(|b| b.asset.as_str() != "ADA"), "zero omitted");
    assert_eq!(env.sim.request_count(WALLET.0, WALLET.1), 1);
    // Valued in BTC from the wallet's own usdValue: 152.43 USDT at 60000.
    let assets = env.client.user_assets(&env.creds).await.expect("assets");
    let usdt = assets
        .iter()
        .find(|a| a.asset.as_str() == "USDT")
        .expect("USDT");
    assert_eq!(usdt.btc_valuation, dec("0.0025405"));
}

#[tokio::test]
async fn prices_and_rules_are_read_once_and_shared_by_every_user() {
    let env = Env::demo().await;
    for _ in 0..3 {
        let rules = env.client.trading_rules().await.expect("rules");
        let xrp = &rules.symbols["XRPUSDT"];
        assert_eq!(xrp.status, SymbolStatus::Trading);
        assert_eq!((xrp.step_size, xrp.min_notional), (dec("0.01"), dec("5")));
        // The docs' default lists Trading symbols only: LUNA (Closed) is absent.
        assert!(!rules.symbols.contains_key("LUNAUSDT"));
        let prices = env.client.prices().await.expect("prices");
        assert_eq!(prices.by_symbol["MNTUSDT"], dec("0.8"));
    }
    assert_eq!(
        env.sim.request_count("GET", "/v5/market/instruments-info"),
        1
    );
    assert_eq!(env.sim.request_count("GET", "/v5/market/tickers"), 1);
    let s = env.client.stats();
    assert_eq!((s.public_requests, s.signed_requests), (2, 0));
}

#[tokio::test]
async fn key_permissions_come_from_query_api_and_name_withdrawals_and_bound_ips() {
    let env = Env::demo().await;
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(p.reading && p.spot_trading && !p.withdrawals && !p.ip_restricted);
    env.sim.set_permissions(
        KEY,
        Permissions {
            reading: true,
            spot_trading: false,
            withdrawals: true,
        },
        false,
    );
    env.sim.set_ips(KEY, vec!["127.0.0.1".parse().expect("ip")]);
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(!p.spot_trading, "read-only: neither SpotTrade nor Convert");
    assert!(p.withdrawals && p.ip_restricted);
    // A key with the Convert permission only may convert (assumptions::CONVERT_PERMISSION).
    env.sim.set_permissions(
        KEY,
        Permissions {
            reading: true,
            spot_trading: false,
            withdrawals: false,
        },
        true,
    );
    let p = env.client.key_permissions(&env.creds).await.expect("perms");
    assert!(p.spot_trading && !p.withdrawals);
}
