//! The wire itself: bybit.md's signature vectors accepted as documented, the envelope and
//! its JSON types, the auth headers' errors.

use super::{Env, QUOTE, Raw};
use dustpan::sim::bybit::{BybitSimConfig, demo_account};

/// An account with bybit.md's test key and secret, and the sim clock set to `ts`.
async fn vector_env(ts: i64) -> (Env, Raw) {
    let mut spec = demo_account();
    spec.api_key = "TESTKEY".to_owned();
    spec.api_secret = "TESTSECRET".to_owned();
    let env = Env::with(BybitSimConfig::with_accounts(vec![spec]), |_| {}).await;
    env.sim
        .set_clock_offset_ms(ts - chrono::Utc::now().timestamp_millis() + 100);
    let raw = Raw {
        base: env.sim.base_url(),
        key: "TESTKEY".to_owned(),
        secret: "TESTSECRET".to_owned(),
    };
    (env, raw)
}

#[tokio::test]
async fn the_documented_get_vector_is_signed_and_accepted_as_bybit_md_computes_it() {
    let (env, raw) = vector_env(1_766_125_546_001).await;
    let sig = dustpan::bybit::sign::signature(
        &secrecy::SecretString::from("TESTSECRET"),
        1_766_125_546_001,
        "TESTKEY",
        5000,
        b"accountType=eb_convert_uta",
    )
    .expect("signs");
    assert_eq!(
        sig,
        "859700ac9495192fd1cfbfaa0a4107720b71dc25edad1e479abc3869252c3df4"
    );
    let a = raw.list(1_766_125_546_001).await;
    assert_eq!(a.ret_code(), 0, "{}", a.body);
    assert_eq!(
        a.body["result"]["supportToCoins"],
        serde_json::json!(["MNT", "USDT", "USDC"])
    );
    drop(env);
}

#[tokio::test]
async fn the_documented_post_vector_is_signed_and_accepted_as_bybit_md_computes_it() {
    let (env, raw) = vector_env(1_766_126_592_271).await;
    let body = r#"{"accountType":"eb_convert_uta","fromCoinList":["XRP","SOL"],"toCoin":"USDC"}"#;
    let sig = dustpan::bybit::sign::signature(
        &secrecy::SecretString::from("TESTSECRET"),
        1_766_126_592_271,
        "TESTKEY",
        5000,
        body.as_bytes(),
    )
    .expect("signs");
    assert_eq!(
        sig,
        "e2dceb4e684f45bde24c628bf47ce37372dff50bfd684cfad7f24ccdaa17778e"
    );
    let a = raw.send(QUOTE.0, QUOTE.1, body, 1_766_126_592_271).await;
    assert_eq!(a.ret_code(), 0, "{}", a.body);
    drop(env);
}

#[tokio::test]
async fn every_answer_is_the_envelope_with_numbers_as_bybit_types_them() {
    let env = Env::demo().await;
    let raw = env.raw();
    let a = raw.list(env.sim.now_ms()).await;
    assert_eq!(a.status, 200);
    for k in ["retCode", "retMsg", "result", "retExtInfo", "time"] {
        assert!(a.body.get(k).is_some(), "{k} in {}", a.body);
    }
    assert!(a.body["time"].is_i64() && a.body["retExtInfo"].is_object());
    let coin = &a.body["result"]["smallAssetCoins"][0];
    assert!(coin["supportConvert"].is_i64(), "an integer: {coin}");
    assert!(coin["availableBalance"].is_string() && coin["baseValue"].is_string());
    assert!(coin["feeInfo"].is_null());
    for h in [
        "X-Bapi-Limit",
        "X-Bapi-Limit-Status",
        "X-Bapi-Limit-Reset-Timestamp",
    ] {
        assert!(a.headers.contains_key(h), "{h}");
    }
    let http = reqwest::Client::new();
    let t: serde_json::Value = http
        .get(format!(
            "{}/v5/market/tickers?category=spot&symbol=XRPUSDT",
            env.sim.base_url()
        ))
        .send()
        .await
        .expect("sends")
        .json()
        .await
        .expect("json");
    assert_eq!(t["result"]["list"][0]["lastPrice"], "0.55");
}

#[tokio::test]
async fn missing_headers_a_stale_timestamp_and_an_uppercase_signature_are_refused() {
    let env = Env::demo().await;
    let http = reqwest::Client::new();
    let r = http
        .get(format!(
            "{}/v5/account/wallet-balance?accountType=UNIFIED",
            env.sim.base_url()
        ))
        .send()
        .await
        .expect("sends");
    assert_eq!(r.status().as_u16(), 401);
    let raw = env.raw();
    let stale = raw.list(env.sim.now_ms() - 6_000).await;
    assert_eq!(stale.ret_code(), 10002);
    let ahead = raw.list(env.sim.now_ms() + 1_500).await;
    assert_eq!(ahead.ret_code(), 10002);
    let bad = Raw {
        secret: "wrong".to_owned(),
        ..env.raw()
    };
    let a = bad.list(env.sim.now_ms()).await;
    assert_eq!(a.ret_code(), 10004);
    let r = http
        .get(format!("{}/v5/nothing/here", env.sim.base_url()))
        .send()
        .await
        .expect("sends");
    assert_eq!(r.status().as_u16(), 404);
}
