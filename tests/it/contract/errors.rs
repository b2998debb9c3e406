//! Every error path of the reference, surfaced as the right `ExchangeError` class
//! (binance.md §1 table, §3.4, §4; security.md §3.1 "Clock").

use dustpan::binance::assumptions;
use std::time::Duration;

use dustpan::binance::error::{Safety, classify_client_error};
use dustpan::binance::protocol;
use dustpan::ports::{Exchange, ExchangeError, OrderRef, QuoteAmount};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::StatusCode;
use sha2::Sha256;

use super::{Env, KEY, account, asset, creds, dec, demo_plus, usdt_to_bnb};

/// The port's code: Binance's, as the digits of its body.
fn code_of(e: &ExchangeError) -> Option<String> {
    match e {
        ExchangeError::Unauthorized { code, .. } | ExchangeError::Rejected { code, .. } => {
            Some(code.clone())
        }
        _ => None,
    }
}

fn unauthorized(res: Result<impl std::fmt::Debug, ExchangeError>, code: i64) {
    match res {
        Err(ExchangeError::Unauthorized { code: c, .. }) if c == code.to_string() => {}
        other => panic!("expected Unauthorized {{ code: {code} }}, got {other:?}"),
    }
}

fn rejected(res: Result<impl std::fmt::Debug, ExchangeError>, code: i64) {
    match res {
        Err(ExchangeError::Rejected { code: c, .. }) if c == code.to_string() => {}
        other => panic!("expected Rejected {{ code: {code} }}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_skewed_simulator_clock_costs_one_time_request_and_one_retry() {
    let env = Env::demo().await;
    // The exchange is 30 s ahead: our timestamps are outside the recvWindow.
    env.sim.set_clock_offset_ms(30_000);
    let balances = env.client.balances(&env.creds).await.expect("balances");
    assert!(!balances.is_empty());
    let log = env.log();
    let paths: Vec<(&str, Option<u16>)> = log.iter().map(|(_, p, s)| (p.as_str(), *s)).collect();
    assert_eq!(
        paths,
        [
            (protocol::ACCOUNT.path, Some(400)),
            (protocol::TIME.path, Some(200)),
            (protocol::ACCOUNT.path, Some(200)),
        ]
    );

    // Now 30 s behind: our timestamps are "ahead of the server"; safe to retry even a
    // money POST (rejected before execution).
    env.sim.set_clock_offset_ms(-30_000);
    env.sim.clear_request_log();
    let ada = env.bal("ADA");
    let conv = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("conversion");
    assert_eq!(conv.transfers[0].amount, ada);
    assert_eq!(env.statuses(&protocol::DUST), [Some(400), Some(200)]);
    assert_eq!(env.statuses(&protocol::TIME), [Some(200)]);
    assert!(env.bal("ADA").is_zero(), "converted exactly once");
}

#[tokio::test]
async fn concurrent_callers_hit_by_a_skew_share_one_time_request() {
    let env = Env::demo().await;
    env.sim.set_clock_offset_ms(20_000);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..5 {
        let (c, k) = (env.client.clone(), env.creds.clone());
        tasks.spawn(async move { c.balances(&k).await.map(|b| b.len()) });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.expect("task ran").expect("balances"), 16);
    }
    assert_eq!(env.statuses(&protocol::TIME), [Some(200)], "one resync");
    let account = env.statuses(&protocol::ACCOUNT);
    assert_eq!(account.len(), 10, "each caller: one refusal, one retry");
    assert_eq!(account.iter().filter(|s| **s == Some(200)).count(), 5);
}

#[tokio::test]
async fn a_skew_that_persists_is_returned_after_one_retry_without_a_third_try() {
    // Every request spends 100 ms in transit, a 1 ms recvWindow can never be met.
    let env = Env::with_client(dustpan::sim::SimConfig::demo(), |c| {
        c.recv_window = Duration::from_millis(1);
    })
    .await;
    env.sim.set_latency(Duration::from_millis(100));
    let ada = env.bal("ADA");
    let res = env.client.convert_dust(&env.creds, &[asset("ADA")]).await;
    rejected(res, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW.code);
    assert_eq!(env.statuses(&protocol::DUST), [Some(400), Some(400)]);
    assert_eq!(env.statuses(&protocol::TIME), [Some(200)]);
    assert_eq!(
        env.bal("ADA"),
        ada,
        "both attempts refused before execution"
    );
}

#[tokio::test]
async fn a_wrong_secret_is_unauthorized_with_code_minus_1022() {
    let env = Env::demo().await;
    let wrong = creds(KEY, "FAKEnotTHEdemoSECRET");
    unauthorized(
        env.client.key_permissions(&wrong).await,
        protocol::BAD_SIGNATURE.code,
    );
    unauthorized(
        env.client.convert_dust(&wrong, &[asset("ADA")]).await,
        protocol::BAD_SIGNATURE.code,
    );
    assert_eq!(env.statuses(&protocol::API_RESTRICTIONS), [Some(400)]);
    assert_eq!(env.statuses(&protocol::DUST), [Some(400)], "never retried");
    assert_eq!(env.bal("ADA"), dec("1.8"));
}

#[tokio::test]
async fn a_key_with_a_space_is_unauthorized_with_code_minus_2014() {
    let env = Env::demo().await;
    let spaced = creds("FAKE key WITH spaces", "FAKEsecret");
    unauthorized(
        env.client.balances(&spaced).await,
        protocol::API_KEY_FORMAT_INVALID.code,
    );
    assert_eq!(env.statuses(&protocol::ACCOUNT), [Some(401)]);
    // A key that cannot even travel in a header is refused before anything is sent.
    let broken = creds("FAKE\nkey", "FAKEsecret");
    unauthorized(
        env.client.balances(&broken).await,
        protocol::API_KEY_FORMAT_INVALID.code,
    );
    assert_eq!(env.sim.requests().len(), 1);
}

#[tokio::test]
async fn an_unknown_key_is_unauthorized_with_code_minus_2015() {
    let env = Env::demo().await;
    let unknown = creds("FAKEkeyNOBODYhas0000", "FAKEsecret");
    unauthorized(
        env.client.user_assets(&unknown).await,
        protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code,
    );
    assert_eq!(env.statuses(&protocol::USER_ASSET), [Some(401)]);
}

#[tokio::test]
async fn a_key_bound_to_another_ip_is_unauthorized_with_code_minus_2015() {
    let mut elsewhere = account(
        "FAKEkeyOTHERip000001",
        "FAKEsecretOTHERip0001",
        &[("ADA", "1")],
    );
    elsewhere.ip_whitelist = vec!["10.11.12.13".parse().expect("ip")];
    let env = Env::with(demo_plus(vec![elsewhere])).await;
    let c = creds("FAKEkeyOTHERip000001", "FAKEsecretOTHERip0001");
    unauthorized(
        env.client.balances(&c).await,
        protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code,
    );
    unauthorized(
        env.client.dust_log(&c, None).await,
        protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code,
    );
}

#[tokio::test]
async fn a_dust_conversion_without_trading_permission_is_unauthorized_and_moves_nothing() {
    let mut read_only = account(
        "FAKEkeyREADonly00001",
        "FAKEsecretREADonly01",
        &[("ADA", "1.8"), ("BNB", "0.01")],
    );
    read_only.permissions.spot_trading = false;
    let env = Env::with(demo_plus(vec![read_only])).await;
    let c = creds("FAKEkeyREADonly00001", "FAKEsecretREADonly01");
    let offer = env.client.dust_candidates(&c).await.expect("reading works");
    assert_eq!(offer.details.len(), 1);
    unauthorized(
        env.client.convert_dust(&c, &[asset("ADA")]).await,
        protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code,
    );
    assert_eq!(env.statuses(&protocol::DUST), [Some(401)]);
    let held = |a| env.sim.balance("FAKEkeyREADonly00001", a).expect("known");
    assert_eq!((held("ADA"), held("BNB")), (dec("1.8"), dec("0.01")));
}

#[tokio::test]
async fn a_missing_mandatory_parameter_is_rejected_with_code_minus_1102() {
    let env = Env::demo().await;
    // Through the client: an empty quote id reaches the simulator and is refused.
    rejected(
        env.client.convert_accept(&env.creds, "").await,
        protocol::MANDATORY_PARAM.code,
    );
    assert_eq!(env.statuses(&protocol::CONVERT_ACCEPT_QUOTE), [Some(400)]);
    // An empty asset list is refused by the client itself, nothing sent.
    rejected(
        env.client.convert_dust(&env.creds, &[]).await,
        protocol::MANDATORY_PARAM.code,
    );
    assert!(env.statuses(&protocol::DUST).is_empty());

    // On the raw wire: a signed /asset/dust without `asset`, classified by the client's
    // own classifier.
    let query = format!("timestamp={}", env.sim.now_ms());
    let mut mac =
        Hmac::<Sha256>::new_from_slice(dustpan::sim::DEMO_API_SECRET.as_bytes()).expect("key");
    mac.update(query.as_bytes());
    let sig = hex::encode(mac.finalize().into_bytes());
    let resp = reqwest::Client::new()
        .post(format!(
            "{}{}?{query}&signature={sig}",
            env.sim.base_url(),
            protocol::DUST.path
        ))
        .header(protocol::HEADER_API_KEY, KEY)
        .send()
        .await
        .expect("answer");
    let status = resp.status();
    let body = resp.bytes().await.expect("body");
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let e = classify_client_error(status, &body, Safety::Money);
    assert_eq!(
        code_of(&e),
        Some(protocol::MANDATORY_PARAM.code.to_string()),
        "{e:?}"
    );
    assert!(matches!(e, ExchangeError::Rejected { .. }), "{e:?}");
    assert_eq!(env.bal("ADA"), dec("1.8"));
}

#[tokio::test]
async fn a_second_dust_conversion_inside_the_cooldown_is_rejected_until_it_passes() {
    let env = Env::demo().await;
    let first = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("first conversion");
    let xrp = env.bal("XRP");
    rejected(
        env.client.convert_dust(&env.creds, &[asset("XRP")]).await,
        protocol::DUST_COOLDOWN.code,
    );
    assert_eq!(env.bal("XRP"), xrp, "refused, nothing moved");
    env.sim.advance_time(Duration::from_secs(5 * 3600));
    env.client.sync_time().await.expect("resync");
    rejected(
        env.client.convert_dust(&env.creds, &[asset("XRP")]).await,
        protocol::DUST_COOLDOWN.code,
    );
    env.sim
        .advance_time(protocol::DEFAULT_DUST_COOLDOWN - Duration::from_secs(5 * 3600));
    env.client.sync_time().await.expect("resync");
    let between = env.sim_now();
    let second = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect("after the cooldown");
    assert!(env.bal("XRP").is_zero());
    let ids = |log: Vec<dustpan::ports::DustLogEntry>| -> Vec<String> {
        log.into_iter().map(|e| e.batch_id).collect()
    };
    let all = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(
        ids(all),
        [
            second.transfers[0].batch_id.clone(),
            first.transfers[0].batch_id.clone()
        ]
    );
    let recent = env
        .client
        .dust_log(&env.creds, Some(between))
        .await
        .expect("log since");
    assert_eq!(ids(recent), [second.transfers[0].batch_id.clone()]);
}

#[tokio::test]
async fn a_quote_beyond_the_balance_has_no_quote_id() {
    let env = Env::demo().await;
    let q = env
        .client
        .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("1000"))))
        .await
        .expect("quote");
    assert_eq!(q.quote_id, None, "152.43 USDT held, 1000 asked");
    assert_eq!(q.from_amount, dec("1000"));
    assert!(q.to_amount > dec("1"));
    assert_eq!(env.bal("USDT"), dec("152.43"));
}

#[tokio::test]
async fn an_expired_quote_is_rejected_and_moves_nothing() {
    let env = Env::demo().await;
    let mut req = usdt_to_bnb(QuoteAmount::From(dec("10")));
    req.valid_time = Duration::from_secs(10);
    let q = env.client.convert_quote(&env.creds, &req).await.expect("q");
    let id = q.quote_id.expect("funds suffice");
    env.sim.advance_time(Duration::from_secs(11));
    env.client.sync_time().await.expect("resync");
    let (usdt, bnb) = (env.bal("USDT"), env.bal("BNB"));
    rejected(
        env.client.convert_accept(&env.creds, &id).await,
        assumptions::QUOTE_EXPIRED.code,
    );
    assert_eq!(env.statuses(&protocol::CONVERT_ACCEPT_QUOTE), [Some(400)]);
    assert_eq!((env.bal("USDT"), env.bal("BNB")), (usdt, bnb));
    rejected(
        env.client
            .convert_order_status(&env.creds, &OrderRef::QuoteId(id))
            .await,
        assumptions::CONVERT_ORDER_NOT_FOUND.code,
    );
}

#[tokio::test]
async fn a_convert_quote_for_an_unapproved_account_is_unauthorized_with_code_minus_1002() {
    let env = Env::demo().await;
    assert!(env.sim.set_convert_approved(KEY, false));
    unauthorized(
        env.client
            .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("10"))))
            .await,
        protocol::UNAUTHORIZED.code,
    );
    // The rest of the key still works.
    env.client.balances(&env.creds).await.expect("balances");
}

#[tokio::test]
async fn a_refused_dust_batch_moves_nothing_and_does_not_start_the_cooldown() {
    let env = Env::demo().await;
    let cases = [
        // Delisted, pre-market, excluded: the whole batch fails (binance.md §3.4, §7).
        ("MATIC", assumptions::DUST_ASSET_NOT_SUPPORTED.code),
        ("NEWT", assumptions::DUST_ASSET_NOT_SUPPORTED.code),
        ("FDUSD", assumptions::DUST_ASSET_NOT_SUPPORTED.code),
        // Above the BTC threshold.
        ("USDT", protocol::DUST_OVER_THRESHOLD.code),
        // Not held.
        ("SOL", protocol::NO_SUCH_ASSET.code),
    ];
    for (bad, code) in cases {
        rejected(
            env.client
                .convert_dust(&env.creds, &[asset("ADA"), asset(bad)])
                .await,
            code,
        );
        assert_eq!(env.bal("ADA"), dec("1.8"), "{bad}: nothing moved");
    }
    assert_eq!(env.bal("MATIC"), dec("12.3"));
    assert!(
        env.client
            .dust_log(&env.creds, None)
            .await
            .expect("log")
            .is_empty()
    );
    // None of the refusals counted as the conversion of the cooldown period.
    let conv = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("conversion");
    assert_eq!(conv.transfers[0].amount, dec("1.8"));
}

#[tokio::test]
async fn a_quote_accepted_twice_converts_once() {
    let env = Env::demo().await;
    let q = env
        .client
        .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("10"))))
        .await
        .expect("quote");
    let id = q.quote_id.expect("funds suffice");
    env.client
        .convert_accept(&env.creds, &id)
        .await
        .expect("first accept");
    let usdt = env.bal("USDT");
    rejected(
        env.client.convert_accept(&env.creds, &id).await,
        assumptions::CONVERT_ORDER_NOT_FOUND.code,
    );
    assert_eq!(env.bal("USDT"), usdt);
    assert_eq!(env.bal("USDT"), dec("142.43"));
}

#[tokio::test]
async fn a_quote_outside_the_pair_limits_is_rejected() {
    let env = Env::demo().await;
    rejected(
        env.client
            .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("0.01"))))
            .await,
        assumptions::QUOTE_AMOUNT_OUT_OF_RANGE.code,
    );
    let mut req = usdt_to_bnb(QuoteAmount::From(dec("10")));
    req.from_asset = asset("MATIC");
    rejected(
        env.client.convert_quote(&env.creds, &req).await,
        assumptions::CONVERT_PAIR_NOT_SUPPORTED.code,
    );
}

#[tokio::test]
async fn a_trade_flow_span_over_30_days_is_rejected() {
    let env = Env::demo().await;
    let now = env.sim_now();
    rejected(
        env.client
            .convert_trade_flow(&env.creds, now - chrono::Duration::days(31), now)
            .await,
        assumptions::INTERVAL_TOO_LONG.code,
    );
}
