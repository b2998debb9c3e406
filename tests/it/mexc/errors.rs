//! Every documented error the client classifies, as the simulator answers it.

use std::time::Duration;

use dustpan::ports::{Exchange, ExchangeError};
use dustpan::sim::mexc::{MexcFault, MexcSimConfig};

use super::{Env, asset, creds};
use crate::helpers::market_sell as sell;

fn unauthorized_code(e: &ExchangeError) -> Option<&str> {
    match e {
        ExchangeError::Unauthorized { code, .. } => Some(code),
        _ => None,
    }
}

fn rejected_code(e: &ExchangeError) -> Option<&str> {
    match e {
        ExchangeError::Rejected { code, .. } => Some(code),
        _ => None,
    }
}

#[tokio::test]
async fn a_wrong_secret_is_refused_with_700002_and_means_fix_the_key() {
    let env = Env::demo().await;
    let bad = creds(super::KEY, "notTheSecretOfThisKey0000");
    let e = env.client.balances(&bad).await.unwrap_err();
    assert_eq!(unauthorized_code(&e), Some("700002"), "{e:?}");
    assert!(!e.to_string().contains("notTheSecret"));
}

#[tokio::test]
async fn an_unknown_key_is_refused_and_means_fix_the_key() {
    let env = Env::demo().await;
    let e = env
        .client
        .balances(&creds("mx0unknownKEY000000", "whatever0000"))
        .await
        .unwrap_err();
    assert_eq!(unauthorized_code(&e), Some("700001"), "{e:?}");
}

#[tokio::test]
async fn a_clock_out_of_the_window_gets_700003_then_one_resync_and_the_call_succeeds() {
    let env = Env::demo().await;
    // The exchange's clock runs 30 s ahead of ours: our timestamp is too old.
    env.sim.set_clock_offset_ms(30_000);
    env.client
        .balances(&env.creds)
        .await
        .expect("after a resync");
    assert_eq!(env.sim.statuses("GET", "/api/v3/account"), vec![400, 200]);
    assert_eq!(env.sim.request_count("GET", "/api/v3/time"), 1);
}

#[tokio::test]
async fn a_key_without_trading_permission_gets_700007_on_a_dust_transfer() {
    let env = Env::demo().await;
    env.sim.set_permissions(
        super::KEY,
        dustpan::sim::Permissions {
            reading: true,
            spot_trading: false,
            withdrawals: false,
        },
    );
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .unwrap_err();
    assert_eq!(unauthorized_code(&e), Some("700007"), "{e:?}");
}

#[tokio::test]
async fn selling_more_than_held_is_refused_with_10101_insufficient_balance() {
    let env = Env::demo().await;
    let e = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "1", "op-1"))
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), Some("10101"), "{e:?}");
    assert_eq!(env.bal("ETH"), super::dec("0.25"));
}

#[tokio::test]
async fn an_unknown_symbol_is_refused_with_10007_bad_symbol() {
    let env = Env::demo().await;
    let e = env
        .client
        .market_sell(&env.creds, &sell("NOPEUSDT", "1", "op-2"))
        .await
        .unwrap_err();
    assert_eq!(rejected_code(&e), Some("10007"), "{e:?}");
}

#[tokio::test]
async fn a_429_is_rate_limited_with_its_retry_after_and_the_next_call_waits_without_sending() {
    let mut config = MexcSimConfig::demo();
    // /account weighs 10: one call fits, the second is over.
    config.endpoint_weight_limit = 15;
    let env = Env::with(config, |_| {}).await;
    env.client.balances(&env.creds).await.expect("first fits");
    let e = env.client.balances(&env.creds).await.unwrap_err();
    let ExchangeError::RateLimited {
        retry_after,
        banned,
    } = e
    else {
        panic!("expected RateLimited, got {e:?}");
    };
    assert!(!banned);
    assert!(
        retry_after > Duration::ZERO && retry_after <= Duration::from_secs(10),
        "{retry_after:?}"
    );
    assert_eq!(env.sim.statuses("GET", "/api/v3/account"), vec![200, 429]);
    // Gated: the third call fails fast, nothing sent.
    let e = env.client.balances(&env.creds).await.unwrap_err();
    assert!(matches!(e, ExchangeError::RateLimited { .. }));
    assert_eq!(env.sim.request_count("GET", "/api/v3/account"), 2);
    // Another endpoint has its own budget.
    env.client
        .dust_candidates(&env.creds)
        .await
        .expect("own budget");
}

#[tokio::test]
async fn a_5xx_on_a_dust_transfer_is_an_unknown_outcome_never_sent_twice_and_the_log_settles_it() {
    let env = Env::demo().await;
    env.sim.inject_fault(
        "POST",
        "/api/v3/capital/convert",
        MexcFault::ServerErrorAfterApply,
        1,
    );
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("ADA"), asset("XRP")])
        .await
        .unwrap_err();
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    assert_eq!(env.sim.request_count("POST", "/api/v3/capital/convert"), 1);
    // It happened: the dust log, not a guess, says so.
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].details.len(), 2);
    assert_eq!(env.sim.request_count("POST", "/api/v3/capital/convert"), 1);
}

#[tokio::test]
async fn a_5xx_on_a_read_is_unavailable() {
    let env = Env::demo().await;
    env.sim.inject_fault(
        "GET",
        "/api/v3/account",
        MexcFault::ServerErrorBeforeApply,
        1,
    );
    let e = env.client.balances(&env.creds).await.unwrap_err();
    assert!(matches!(e, ExchangeError::Unavailable(_)), "{e:?}");
}

#[tokio::test]
async fn a_key_bound_to_another_ip_is_refused_with_700006_and_means_fix_the_key() {
    let mut config = MexcSimConfig::demo();
    config.accounts.push(dustpan::sim::AccountSpec {
        api_key: "mx0FAKEboundKEY0000".to_owned(),
        api_secret: "FAKEboundSECRET00000".to_owned(),
        balances: Default::default(),
        permissions: Default::default(),
        convert_approved: true,
        ip_whitelist: vec!["10.1.2.3".parse().expect("ip")],
        uid: 7,
    });
    let env = Env::with(config, |_| {}).await;
    let e = env
        .client
        .balances(&creds("mx0FAKEboundKEY0000", "FAKEboundSECRET00000"))
        .await
        .unwrap_err();
    assert_eq!(unauthorized_code(&e), Some("700006"), "{e:?}");
}
