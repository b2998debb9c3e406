//! Dust to MX: the transfer, its per-asset refusals, the 15-asset and 10-a-day limits, and
//! the dust log (paged, explicit `limit`).

use dustpan::ports::{Exchange, ExchangeError};
use dustpan::sim::mexc::MexcSimConfig;
use rust_decimal::Decimal;

use super::{Env, KEY, asset, dec};

const CONVERT: (&str, &str) = ("POST", "/api/v3/capital/convert");

#[tokio::test]
async fn a_dust_transfer_converts_to_mx_and_the_dust_log_then_shows_the_batch() {
    let env = Env::demo().await;
    let mx_before = env.bal("MX");
    let assets = [asset("ADA"), asset("XRP"), asset("DOGE")];
    let conv = env
        .client
        .convert_dust(&env.creds, &assets)
        .await
        .expect("converted");
    assert_eq!(conv.transfers.len(), 3);
    assert!(conv.failed.is_empty());
    // What the simulator credited is what the client reports.
    assert_eq!(env.bal("MX") - mx_before, conv.total_received);
    assert_eq!(conv.total_gross, conv.total_received + conv.total_fee);
    for a in ["ADA", "XRP", "DOGE"] {
        assert_eq!(env.bal(a), Decimal::ZERO, "{a} left");
    }
    let ada = conv
        .transfers
        .iter()
        .find(|t| t.from_asset.as_str() == "ADA")
        .expect("ADA line");
    assert_eq!(ada.amount, dec("1.8"));
    assert_eq!(ada.received, dec("0.31752"));
    assert_eq!(ada.target_asset, asset("MX"));
    let batch = &ada.batch_id;
    assert_eq!(batch.len(), 32);
    assert!(batch.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(conv.transfers.iter().all(|t| &t.batch_id == batch));
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(&log[0].batch_id, batch);
    assert_eq!(log[0].total_received, conv.total_received);
    assert_eq!(log[0].details.len(), 3);
    assert_eq!(env.sim.request_count(CONVERT.0, CONVERT.1), 1);
}

#[tokio::test]
async fn assets_the_exchange_refuses_one_by_one_are_reported_beside_the_converted_ones() {
    let env = Env::demo().await;
    let conv = env
        .client
        .convert_dust(&env.creds, &[asset("ADA"), asset("ETH"), asset("LUNA")])
        .await
        .expect("partly converted");
    let converted: Vec<&str> = conv
        .transfers
        .iter()
        .map(|t| t.from_asset.as_str())
        .collect();
    assert_eq!(converted, vec!["ADA"]);
    let failed: Vec<&str> = conv.failed.iter().map(|f| f.asset.as_str()).collect();
    assert_eq!(failed, vec!["ETH", "LUNA"]);
    assert!(
        conv.failed
            .iter()
            .all(|f| f.code == "30021" && !f.msg.is_empty())
    );
    // ETH (worth 750 USDT) and LUNA (paused) stay.
    assert_eq!(env.bal("ETH"), dec("0.25"));
    assert_eq!(env.bal("LUNA"), dec("3"));
}

#[tokio::test]
async fn sixteen_assets_are_refused_before_anything_is_sent() {
    let env = Env::demo().await;
    let names = [
        "ADA", "XRP", "DOGE", "TRX", "DOT", "LINK", "SHIB", "PEPE", "ATOM", "ACT", "FIL", "LTC",
        "SOL", "ALGO", "OMG", "AVAX",
    ];
    let assets: Vec<_> = names.iter().map(|a| asset(a)).collect();
    assert_eq!(assets.len(), 16);
    let e = env
        .client
        .convert_dust(&env.creds, &assets)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ExchangeError::Rejected { ref msg, .. } if msg.contains("15")),
        "{e:?}"
    );
    assert_eq!(env.sim.request_count(CONVERT.0, CONVERT.1), 0);
    // Fifteen go.
    env.client
        .convert_dust(&env.creds, &assets[..15])
        .await
        .expect("15 assets are one request");
    assert_eq!(env.sim.request_count(CONVERT.0, CONVERT.1), 1);
}

#[tokio::test]
async fn the_eleventh_transfer_within_24_hours_is_refused_and_the_next_day_accepted() {
    let env = Env::demo().await;
    for i in 0..10 {
        assert!(env.sim.set_balance(KEY, "ADA", dec("1")));
        env.client
            .convert_dust(&env.creds, &[asset("ADA")])
            .await
            .unwrap_or_else(|e| panic!("transfer {i}: {e}"));
    }
    assert!(env.sim.set_balance(KEY, "ADA", dec("1")));
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .unwrap_err();
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "26"),
        "{e:?}"
    );
    assert_eq!(env.bal("ADA"), dec("1"));
    env.sim
        .advance_time(std::time::Duration::from_secs(24 * 3600 + 1));
    env.client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("a new day");
}

#[tokio::test]
async fn the_dust_log_is_read_page_by_page_with_an_explicit_limit_newest_first() {
    let env = Env::with(MexcSimConfig::demo(), |c| c.dust_log_page_limit = 2).await;
    for a in ["ADA", "XRP", "DOGE", "TRX", "DOT"] {
        env.client
            .convert_dust(&env.creds, &[asset(a)])
            .await
            .expect("converted");
        env.sim.advance_time(std::time::Duration::from_millis(5));
    }
    let before = env.sim.request_count("GET", "/api/v3/capital/convert");
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    // Five batches in pages of two: three requests.
    assert_eq!(
        env.sim.request_count("GET", "/api/v3/capital/convert") - before,
        3
    );
    let order: Vec<&str> = log
        .iter()
        .map(|b| b.details[0].from_asset.as_str())
        .collect();
    assert_eq!(order, vec!["DOT", "TRX", "DOGE", "XRP", "ADA"]);
    let ids: std::collections::BTreeSet<&str> = log.iter().map(|b| b.batch_id.as_str()).collect();
    assert_eq!(ids.len(), 5);
    // `since` filters by time.
    let since = log[1].operate_time;
    let recent = env
        .client
        .dust_log(&env.creds, Some(since))
        .await
        .expect("log");
    assert_eq!(recent.len(), 2);
}
