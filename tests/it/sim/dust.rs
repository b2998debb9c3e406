//! Small Asset Convert to BNB over the wire (binance.md §3).

use std::time::Duration;

use dustpan::sim::{DEMO_API_KEY as KEY, SimConfig};
use reqwest::Method;
use rust_decimal::Decimal;

use super::{DUST, DUST_BTC, dec, demo, spawn};

#[tokio::test]
async fn dust_btc_lists_only_eligible_dust_with_rounded_fees() {
    let s = demo().await;
    let r = s.signed(Method::POST, DUST_BTC, "").await;
    let v = r.json();
    let details = v["details"].as_array().expect("details");
    let assets: Vec<&str> = details.iter().filter_map(|d| d["asset"].as_str()).collect();
    for a in ["ACT", "ADA", "XRP", "DOGE", "TRX", "SHIB", "PEPE"] {
        assert!(assets.contains(&a), "{a} missing from {assets:?}");
    }
    for a in ["MATIC", "NEWT", "FDUSD", "BNB", "USDT", "ETH"] {
        assert!(!assets.contains(&a), "{a} must not be dust");
    }
    let r8 = |d: Decimal| {
        d.round_dp_with_strategy(8, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    };
    let ada = details.iter().find(|d| d["asset"] == "ADA").expect("ADA");
    let to_btc = r8(dec("1.8") * dec("0.4512") / dec("67250.12"));
    let to_bnb = r8(to_btc / r8(dec("598.40") / dec("67250.12")));
    let fee = r8(to_bnb * dec("0.02"));
    assert_eq!(dec(ada["toBTC"].as_str().expect("s")), to_btc);
    assert_eq!(dec(ada["toBNB"].as_str().expect("s")), to_bnb);
    assert_eq!(dec(ada["exchange"].as_str().expect("s")), fee);
    assert_eq!(
        dec(ada["toBNBOffExchange"].as_str().expect("s")),
        to_bnb - fee
    );
    let total: Decimal = details
        .iter()
        .map(|d| dec(d["toBNB"].as_str().expect("s")))
        .sum();
    assert_eq!(dec(v["totalTransferBNB"].as_str().expect("s")), total);
    assert_eq!(v["dribbletPercentage"], "0.02");
}

#[tokio::test]
async fn dust_conversion_moves_balances_exactly() {
    let s = demo().await;
    let bnb_before = s.bal("BNB");
    let r = s.signed(Method::POST, DUST, "asset=ADA%2CXRP").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    let results = v["transferResult"].as_array().expect("results");
    assert_eq!(results.len(), 2);
    assert_eq!(results[0]["tranId"], results[1]["tranId"]);
    assert!(results[0]["tranId"].is_i64());
    let gross = dec(v["totalTransfered"].as_str().expect("s"));
    let fee = dec(v["totalServiceCharge"].as_str().expect("s"));
    assert_eq!(s.bal("BNB"), bnb_before + gross - fee);
    assert_eq!((s.bal("ADA"), s.bal("XRP")), (Decimal::ZERO, Decimal::ZERO));
    assert_eq!(s.bal("DOGE"), dec("4.2"), "not named, not touched");
}

#[tokio::test]
async fn delisted_asset_fails_the_whole_dust_batch() {
    let s = demo().await;
    let r = s.signed(Method::POST, DUST, "asset=ADA&asset=MATIC").await;
    // Our choice of code (assumptions.rs): Binance documents none for this refusal.
    assert_eq!(
        (r.status, r.code()),
        (
            400,
            dustpan::binance::assumptions::DUST_ASSET_NOT_SUPPORTED.code
        )
    );
    assert!(r.text.contains("MATIC"), "{}", r.text);
    assert_eq!(
        (s.bal("ADA"), s.bal("MATIC"), s.bal("BNB")),
        (dec("1.8"), dec("12.3"), dec("0.0123"))
    );
    let r = s.signed(Method::POST, DUST, "asset=ADA,ETH").await;
    assert_eq!(r.code(), -5004, "above the threshold");
    let r = s.signed(Method::POST, DUST, "asset=ADA,SOL").await;
    assert_eq!(r.code(), -5003, "not owned");
    assert_eq!(s.bal("ADA"), dec("1.8"));
}

#[tokio::test]
async fn second_dust_conversion_inside_the_cooldown_is_refused_until_time_passes() {
    let s = demo().await;
    assert_eq!(s.signed(Method::POST, DUST, "asset=ADA").await.status, 200);
    let r = s.signed(Method::POST, DUST, "asset=XRP").await;
    assert_eq!((r.status, r.code()), (400, -5006));
    assert_eq!(s.bal("XRP"), dec("0.9"));
    s.h.advance_time(Duration::from_secs(6 * 3600));
    let r = s.signed(Method::POST, DUST, "asset=XRP").await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn dribblet_lists_batches_newest_first_capped_at_100() {
    let mut cfg = SimConfig::demo();
    cfg.dust_cooldown = Duration::ZERO;
    let s = spawn(cfg).await;
    for _ in 0..101 {
        s.h.set_balance(KEY, "ADA", dec("1.8"));
        s.h.advance_time(Duration::from_secs(1));
        assert_eq!(s.signed(Method::POST, DUST, "asset=ADA").await.status, 200);
    }
    let v = s
        .signed(Method::GET, "/sapi/v1/asset/dribblet", "")
        .await
        .json();
    let list = v["userAssetDribblets"].as_array().expect("list");
    assert_eq!((v["total"].as_u64(), list.len()), (Some(100), 100));
    assert!(list[0]["transId"].as_i64() > list[1]["transId"].as_i64());
    assert!(list[0]["operateTime"].as_i64() > list[99]["operateTime"].as_i64());
    assert_eq!(list[0]["userAssetDribbletDetails"][0]["targetAsset"], "BNB");
}
