//! Every documented error the adapter classifies: the key (10003, 10004, 10005, 10010), the
//! clock (10002, one resync), the limits (10006 with its headers, the 403 IP ban), Bybit's
//! own failures (10016, 5xx) and timeouts of a money call, which are never retried.

use std::time::Duration;

use dustpan::ports::{Exchange, ExchangeError};
use dustpan::sim::Permissions;
use dustpan::sim::bybit::{BybitFault, BybitSimConfig};

use super::{EXECUTE, Env, KEY, QUOTE, WALLET, asset, creds, dec};

#[tokio::test]
async fn a_wrong_secret_or_an_unknown_key_means_fix_the_key() {
    let env = Env::demo().await;
    let e = env
        .client
        .balances(&creds(KEY, "not-the-secret"))
        .await
        .expect_err("bad sign");
    assert!(
        matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "10004"),
        "{e:?}"
    );
    let e = env
        .client
        .balances(&creds("UNKNOWNkey00000000", "x"))
        .await
        .expect_err("unknown key");
    assert!(
        matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "10003"),
        "{e:?}"
    );
    assert_eq!(
        env.sim.answers(WALLET.0, WALLET.1),
        vec![(200, 10004), (200, 10003)]
    );
}

#[tokio::test]
async fn a_key_without_the_convert_permission_or_from_another_ip_is_refused_and_nothing_converts() {
    let env = Env::demo().await;
    env.sim.set_permissions(KEY, Permissions::default(), false);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("no convert permission");
    assert!(
        matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "10005"),
        "{e:?}"
    );
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 0);
    env.sim.set_ips(KEY, vec!["10.1.2.3".parse().expect("ip")]);
    let e = env.client.balances(&env.creds).await.expect_err("other IP");
    assert!(
        matches!(e, ExchangeError::Unauthorized { ref code, .. } if code == "10010"),
        "{e:?}"
    );
    assert_eq!(env.bal("XRP"), dec("0.9"));
}

#[tokio::test]
async fn a_clock_outside_the_receive_window_is_resynced_once_and_the_call_succeeds() {
    let env = Env::demo().await;
    env.sim.set_clock_offset_ms(120_000);
    let b = env
        .client
        .balances(&env.creds)
        .await
        .expect("after one resync");
    assert!(!b.is_empty());
    assert_eq!(
        env.sim.answers(WALLET.0, WALLET.1),
        vec![(200, 10002), (200, 0)]
    );
    assert_eq!(env.sim.request_count("GET", "/v5/market/time"), 1);
}

#[tokio::test]
async fn the_per_key_limit_is_read_from_the_headers_and_the_next_call_waits_without_sending() {
    let config = BybitSimConfig {
        uid_limit: Some(1),
        ..BybitSimConfig::demo()
    };
    let env = Env::with(config, |_| {}).await;
    env.client.balances(&env.creds).await.expect("first");
    let e = env.client.balances(&env.creds).await.expect_err("limited");
    let ExchangeError::RateLimited {
        retry_after,
        banned,
    } = e
    else {
        panic!("{e:?}");
    };
    assert!(
        !banned && retry_after <= Duration::from_secs(1),
        "{retry_after:?}"
    );
    assert_eq!(env.sim.request_count(WALLET.0, WALLET.1), 1, "nothing sent");
    // Another endpoint has its own window.
    env.client.dust_candidates(&env.creds).await.expect("list");
    // The simulator's own refusal, hand-sent: 10006 with the limit headers.
    let raw = env.raw();
    let a = raw.list(env.sim.now_ms()).await;
    assert_eq!(a.ret_code(), 10006);
    assert_eq!(a.body["retMsg"], "Too many visits!");
    assert_eq!(a.headers["X-Bapi-Limit-Status"], "0");
    assert_eq!(a.headers["X-Bapi-Limit"], "1");
    let reset: i64 = a.headers["X-Bapi-Limit-Reset-Timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(reset > env.sim.now_ms() - 1_000);
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    env.client
        .balances(&env.creds)
        .await
        .expect("the window rolled");
    assert!(env.client.rate_limits_seen().is_some());
}

#[tokio::test]
async fn over_the_ip_limit_bybit_answers_403_and_the_client_keeps_away() {
    let config = BybitSimConfig {
        ip_limit: 3,
        ..BybitSimConfig::demo()
    };
    let env = Env::with(config, |_| {}).await;
    env.client.balances(&env.creds).await.expect("1");
    env.client
        .dust_candidates(&env.creds)
        .await
        .expect("2 and 3");
    let e = env
        .client
        .key_permissions(&env.creds)
        .await
        .expect_err("banned");
    assert!(
        matches!(e, ExchangeError::RateLimited { banned: true, .. }),
        "{e:?}"
    );
    let before = env.sim.request_count("GET", "/v5/user/query-api");
    let e = env.client.balances(&env.creds).await.expect_err("gated");
    assert!(matches!(e, ExchangeError::RateLimited { .. }), "{e:?}");
    assert_eq!(env.sim.request_count("GET", "/v5/user/query-api"), before);
    assert_eq!(env.client.stats().banned, 1);
}

#[tokio::test]
async fn a_lost_answer_to_an_execution_is_an_unknown_outcome_never_sent_twice() {
    let env = Env::demo().await;
    env.sim
        .inject_fault(EXECUTE.0, EXECUTE.1, BybitFault::ServerErrorAfterApply, 1);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("lost");
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
    // It did happen: the history knows it.
    assert_eq!(env.sim.conversions(KEY).map(|c| c.len()), Some(1));
}

#[tokio::test]
async fn a_timed_out_execution_is_an_unknown_outcome_never_sent_twice() {
    let config = BybitSimConfig {
        slow_ms: 2_000,
        ..BybitSimConfig::demo()
    };
    let env = Env::with(config, |c| c.request_timeout = Duration::from_millis(700)).await;
    env.sim
        .inject_fault(EXECUTE.0, EXECUTE.1, BybitFault::SlowAfterApply, 1);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("timeout");
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
}

#[tokio::test]
async fn bybit_server_errors_leave_money_calls_unknown_and_reads_retryable() {
    let env = Env::demo().await;
    env.sim
        .inject_fault(EXECUTE.0, EXECUTE.1, BybitFault::RetCodeServerError, 1);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("10016");
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    env.sim
        .inject_fault(WALLET.0, WALLET.1, BybitFault::RetCodeServerError, 1);
    let e = env.client.balances(&env.creds).await.expect_err("10016");
    assert!(matches!(e, ExchangeError::Unavailable(_)), "{e:?}");
    env.sim
        .inject_fault(WALLET.0, WALLET.1, BybitFault::ServerErrorBeforeApply, 1);
    let e = env.client.balances(&env.creds).await.expect_err("500");
    assert!(matches!(e, ExchangeError::Unavailable(_)), "{e:?}");
    // A failed quote moves nothing: an ordinary failure, and nothing executed.
    env.sim
        .inject_fault(QUOTE.0, QUOTE.1, BybitFault::ServerErrorBeforeApply, 1);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("500");
    assert!(matches!(e, ExchangeError::Unavailable(_)), "{e:?}");
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
}

#[tokio::test]
async fn coins_bybit_refuses_in_a_quote_are_its_documented_refusals() {
    let env = Env::demo().await;
    // LUNA's market is closed: 700013; a coin not held: 700005; ETH is worth 750 USDT.
    for (coin, code) in [("LUNA", "700013"), ("BTC", "700005"), ("ETH", "700013")] {
        let e = env
            .client
            .convert_dust(&env.creds, &[asset(coin)])
            .await
            .expect_err("refused");
        assert!(
            matches!(e, ExchangeError::Rejected { code: ref c, .. } if c == code),
            "{coin}: {e:?}"
        );
    }
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 0);
}
