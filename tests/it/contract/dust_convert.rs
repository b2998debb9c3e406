//! Dust Convert to a chosen target (shared/exchange/binance-dust-convert.md), the real client
//! against the real simulator: both endpoints, every error the client classifies, the
//! weights, the signature of a comma-joined asset list, and the simulator's switches for
//! what the facts leave UNCONFIRMED (our choices, in binance::assumptions).

use dustpan::binance::assumptions::{self, DustConvertCooldown, RepeatedClientId};
use dustpan::binance::protocol;
use dustpan::ports::{Exchange, ExchangeError, Refusal};
use dustpan::sim::{DEMO_API_SECRET, SimConfig};
use hmac::{Hmac, KeyInit, Mac};
use rust_decimal::{Decimal, RoundingStrategy};
use sha2::Sha256;

use super::{Env, KEY, asset, creds, dec};

/// The demo balances Dust Convert to USDT offers: worth < 10 USDT (our reading of
/// `dribbletBase`), listed, not the target; BNB is a source here (§2 example).
const DEMO_DUST_TO_USDT: [&str; 11] = [
    "ACT", "ADA", "ATOM", "BNB", "DOGE", "DOT", "LINK", "PEPE", "SHIB", "TRX", "XRP",
];

fn round8(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero)
}

fn sign(payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(DEMO_API_SECRET.as_bytes()).expect("key");
    mac.update(payload.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// A raw signed POST to the simulator: `signed` is the payload the signature covers,
/// `sent` the query string that goes out.
async fn raw_post(env: &Env, path: &str, sent: &str, signed: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!(
            "{}{path}?{sent}&signature={}",
            env.sim.base_url(),
            sign(signed)
        ))
        .header(protocol::HEADER_API_KEY, KEY)
        .send()
        .await
        .expect("the simulator answers")
}

fn rejected_with(res: Result<impl std::fmt::Debug, ExchangeError>, code: i64) -> Refusal {
    match res {
        Err(ExchangeError::Rejected {
            code: c, reason, ..
        }) if c == code.to_string() => reason,
        other => panic!("expected Rejected {{ code: {code} }}, got {other:?}"),
    }
}

fn with(f: impl FnOnce(&mut SimConfig)) -> SimConfig {
    let mut c = SimConfig::demo();
    f(&mut c);
    c
}

#[tokio::test]
async fn dust_convert_lists_what_each_balance_yields_in_the_target_with_a_two_percent_fee() {
    let env = Env::demo().await;
    let usdt = asset("USDT");
    let dust = env
        .client
        .dust_candidates_to(&env.creds, &usdt)
        .await
        .expect("query-convertible-assets");
    let names: Vec<&str> = dust.details.iter().map(|d| d.asset.as_str()).collect();
    assert_eq!(names, DEMO_DUST_TO_USDT);
    assert_eq!(dust.fee_rate, dec(protocol::DUST_FEE_RATE));
    let prices = env.client.prices().await.expect("prices");
    for d in &dust.details {
        let a = d.asset.as_str();
        assert_eq!(d.amount_free, env.bal(a), "{a}: the whole free balance");
        assert_eq!((&d.target_asset, &d.fee_asset), (&usdt, &usdt), "{a}");
        let price = prices.by_symbol[&format!("{a}USDT")];
        assert_eq!(d.gross, round8(d.amount_free * price), "{a}: value in USDT");
        assert_eq!(d.fee, round8(d.gross * dust.fee_rate), "{a}: 2 %");
        assert_eq!(d.received, d.gross - d.fee, "{a}");
    }
    let ada = &dust.details[1];
    assert_eq!(
        (ada.gross, ada.fee, ada.received),
        (dec("0.81216"), dec("0.0162432"), dec("0.7959168"))
    );
    assert_eq!(
        dust.total_gross,
        dust.details.iter().map(|d| d.gross).sum::<Decimal>()
    );
    // To BNB the classic endpoint answers, as without a target.
    let bnb = env
        .client
        .dust_candidates_to(&env.creds, &asset("BNB"))
        .await
        .expect("dust-btc");
    assert_eq!(
        bnb,
        env.client
            .dust_candidates(&env.creds)
            .await
            .expect("dust-btc")
    );
    assert_eq!(env.statuses(&protocol::DUST_CONVERT_QUERY), [Some(200)]);
    assert_eq!(env.statuses(&protocol::DUST_BTC), [Some(200), Some(200)]);
}

#[tokio::test]
async fn dust_convert_moves_the_balances_and_the_dust_log_shows_the_batch_with_its_target() {
    let env = Env::demo().await;
    let usdt_before = env.bal("USDT");
    let conv = env
        .client
        .convert_dust_to(
            &env.creds,
            &[asset("ADA"), asset("XRP")],
            &asset("USDT"),
            "op-1",
        )
        .await
        .expect("dust-convert");
    assert_eq!(conv.transfers.len(), 2);
    for t in &conv.transfers {
        assert_eq!(t.target_asset.as_str(), "USDT");
        assert_eq!(t.fee_asset.as_str(), "USDT");
        assert_eq!(
            t.batch_id, conv.transfers[0].batch_id,
            "one tranId per call"
        );
        assert!(env.bal(t.from_asset.as_str()).is_zero(), "{}", t.from_asset);
    }
    assert_eq!(conv.transfers[0].amount, dec("1.8"));
    assert_eq!(conv.transfers[0].gross, dec("0.81216"));
    assert_eq!(conv.total_received, conv.total_gross - conv.total_fee);
    assert_eq!(env.bal("USDT"), usdt_before + conv.total_received);
    assert_eq!(env.statuses(&protocol::DUST_CONVERT), [Some(200)]);

    let log = env
        .client
        .dust_log(&env.creds, Some(env.sim_now() - chrono::Duration::hours(1)))
        .await
        .expect("dribblet");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].batch_id, conv.transfers[0].batch_id);
    assert!(log[0].has_part_to("USDT") && !log[0].has_part_to("BNB"));
    assert_eq!(log[0].total_gross, conv.total_gross);
    assert_eq!(log[0].total_fee, conv.total_fee);
}

#[tokio::test]
async fn the_simulator_can_leave_dust_convert_batches_out_of_the_dust_log() {
    let env = Env::with(with(|c| c.dust_convert_in_dust_log = false)).await;
    env.client
        .convert_dust_to(&env.creds, &[asset("ADA")], &asset("USDT"), "op-2")
        .await
        .expect("dust-convert");
    let log = env
        .client
        .dust_log(&env.creds, None)
        .await
        .expect("dribblet");
    assert!(log.is_empty(), "{log:?}");
    assert!(env.bal("ADA").is_zero());
}

#[tokio::test]
async fn a_repeated_client_id_never_converts_twice_whichever_way_the_exchange_answers() {
    for mode in [RepeatedClientId::ReturnsFirst, RepeatedClientId::Rejected] {
        let env = Env::with(with(|c| {
            c.dust_convert_repeated_client_id = mode;
            c.dust_convert_cooldown = DustConvertCooldown::None;
        }))
        .await;
        let (ada, usdt) = ([asset("ADA")], asset("USDT"));
        let first = env
            .client
            .convert_dust_to(&env.creds, &ada, &usdt, "same-id")
            .await
            .expect("first");
        let after_first = env.bal("USDT");
        env.sim.set_balance(KEY, "ADA", dec("1.8"));
        let again = env
            .client
            .convert_dust_to(&env.creds, &ada, &usdt, "same-id")
            .await;
        match mode {
            RepeatedClientId::ReturnsFirst => assert_eq!(again.expect("replayed"), first),
            RepeatedClientId::Rejected => {
                rejected_with(again, assumptions::DUST_CONVERT_DUPLICATE_CLIENT_ID.code);
            }
        }
        assert_eq!(env.bal("ADA"), dec("1.8"), "{mode:?}: not converted again");
        assert_eq!(env.bal("USDT"), after_first, "{mode:?}");
        // Another id converts.
        env.client
            .convert_dust_to(&env.creds, &ada, &usdt, "other-id")
            .await
            .expect("another id");
        assert!(env.bal("ADA").is_zero());
    }
}

#[tokio::test]
async fn dust_convert_shares_the_classic_cooldown_by_default_and_follows_the_switch() {
    let (ada, xrp, usdt) = ([asset("ADA")], [asset("XRP")], asset("USDT"));
    // Shared (the default): each kind blocks the other, with the classic -5006.
    let env = Env::demo().await;
    env.client
        .convert_dust_to(&env.creds, &ada, &usdt, "c1")
        .await
        .expect("first");
    let r = env.client.convert_dust(&env.creds, &xrp).await;
    assert_eq!(
        rejected_with(r, protocol::DUST_COOLDOWN.code),
        Refusal::DustCooldown
    );
    let r = env
        .client
        .convert_dust_to(&env.creds, &xrp, &usdt, "c2")
        .await;
    assert_eq!(
        rejected_with(r, protocol::DUST_COOLDOWN.code),
        Refusal::DustCooldown
    );
    env.sim.advance_time(protocol::DEFAULT_DUST_COOLDOWN);
    env.client
        .convert_dust_to(&env.creds, &xrp, &usdt, "c3")
        .await
        .expect("after the window");

    // Separate: the classic conversion is free, a second dust-convert is not.
    let env = Env::with(with(|c| {
        c.dust_convert_cooldown = DustConvertCooldown::Separate
    }))
    .await;
    env.client
        .convert_dust_to(&env.creds, &ada, &usdt, "s1")
        .await
        .expect("first");
    env.client
        .convert_dust(&env.creds, &xrp)
        .await
        .expect("classic");
    let r = env
        .client
        .convert_dust_to(&env.creds, &[asset("DOGE")], &usdt, "s2")
        .await;
    assert_eq!(
        rejected_with(r, protocol::DUST_COOLDOWN.code),
        Refusal::DustCooldown
    );

    // None: back to back.
    let env = Env::with(with(|c| {
        c.dust_convert_cooldown = DustConvertCooldown::None
    }))
    .await;
    for (a, id) in [("ADA", "n1"), ("XRP", "n2")] {
        env.client
            .convert_dust_to(&env.creds, &[asset(a)], &usdt, id)
            .await
            .expect("no cooldown");
    }
}

#[tokio::test]
async fn every_dust_convert_error_is_classified_by_what_the_caller_must_do() {
    let env = Env::with(with(|c| {
        c.dust_convert_cooldown = DustConvertCooldown::None
    }))
    .await;
    let usdt = asset("USDT");
    let to_usdt = |assets: Vec<&'static str>| {
        let client = env.client.clone();
        let creds = env.creds.clone();
        let usdt = usdt.clone();
        async move {
            let list: Vec<_> = assets.into_iter().map(asset).collect();
            client.convert_dust_to(&creds, &list, &usdt, "err-1").await
        }
    };
    // -5003: an asset not held.
    rejected_with(to_usdt(vec!["SOL"]).await, protocol::NO_SUCH_ASSET.code);
    // -5001 (our choice): delisted MATIC, excluded FDUSD, the target itself; nothing moves.
    for a in ["MATIC", "FDUSD", "USDT"] {
        rejected_with(
            to_usdt(vec!["ADA", a]).await,
            assumptions::DUST_ASSET_NOT_SUPPORTED.code,
        );
    }
    assert_eq!(env.bal("ADA"), dec("1.8"), "one bad asset fails the batch");
    // -5004: worth more than the threshold.
    rejected_with(
        to_usdt(vec!["ETH"]).await,
        protocol::DUST_OVER_THRESHOLD.code,
    );
    // A target the exchange does not offer: refused by the client, nothing sent; and the
    // simulator's own answer to one (our -1100 choice).
    env.sim.clear_request_log();
    for r in [
        env.client
            .dust_candidates_to(&env.creds, &asset("DOGE"))
            .await
            .map(|_| ()),
        env.client
            .convert_dust_to(&env.creds, &[asset("ADA")], &asset("DOGE"), "x")
            .await
            .map(|_| ()),
    ] {
        assert!(matches!(r, Err(ExchangeError::Rejected { .. })), "{r:?}");
    }
    // An empty list or an id Binance would not take: refused before sending.
    rejected_with(to_usdt(vec![]).await, protocol::MANDATORY_PARAM.code);
    let long = "x".repeat(assumptions::DUST_CONVERT_CLIENT_ID_MAX_LEN + 1);
    for id in ["", "has space", long.as_str()] {
        let r = env
            .client
            .convert_dust_to(&env.creds, &[asset("ADA")], &usdt, id)
            .await;
        rejected_with(r, protocol::ILLEGAL_CHARS.code);
    }
    assert!(env.sim.requests().is_empty(), "{:?}", env.log());
    let q = format!("targetAsset=DOGE&timestamp={}", env.sim.now_ms());
    let resp = raw_post(&env, protocol::DUST_CONVERT_QUERY.path, &q, &q).await;
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(
        body["code"],
        assumptions::DUST_CONVERT_TARGET_NOT_SUPPORTED.code
    );

    // Key problems: -2015 without trading permission, -1022 with a wrong secret.
    env.sim.set_permissions(
        KEY,
        dustpan::sim::Permissions {
            spot_trading: false,
            ..Default::default()
        },
    );
    match to_usdt(vec!["ADA"]).await {
        Err(ExchangeError::Unauthorized { code, .. }) => {
            assert_eq!(
                code,
                protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.code.to_string()
            );
        }
        other => panic!("{other:?}"),
    }
    // The query only reads: no trading permission needed.
    env.client
        .dust_candidates_to(&env.creds, &usdt)
        .await
        .expect("reading is enough");
    let wrong = creds(KEY, "not-the-secret");
    match env.client.dust_candidates_to(&wrong, &usdt).await {
        Err(ExchangeError::Unauthorized { code, .. }) => {
            assert_eq!(code, protocol::BAD_SIGNATURE.code.to_string());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_dust_convert_whose_answer_is_lost_is_an_unknown_outcome_after_exactly_one_post() {
    let env = Env::demo().await;
    env.sim.inject_fault(
        protocol::DUST_CONVERT.path,
        dustpan::sim::Fault::UnavailableAfterApply,
        1,
    );
    let r = env
        .client
        .convert_dust_to(&env.creds, &[asset("ADA")], &asset("USDT"), "lost-1")
        .await;
    assert!(matches!(r, Err(ExchangeError::OutcomeUnknown(_))), "{r:?}");
    assert_eq!(env.statuses(&protocol::DUST_CONVERT), [Some(503)]);
    assert!(env.bal("ADA").is_zero(), "it did happen");
    // A read that fails is only unavailable.
    env.sim.inject_fault(
        protocol::DUST_CONVERT_QUERY.path,
        dustpan::sim::Fault::UnavailableBeforeApply,
        1,
    );
    let r = env
        .client
        .dust_candidates_to(&env.creds, &asset("USDT"))
        .await;
    assert!(matches!(r, Err(ExchangeError::Unavailable(_))), "{r:?}");
}

#[tokio::test]
async fn a_signature_over_the_percent_encoded_asset_list_is_the_one_that_counts() {
    let env = Env::with(with(|c| {
        c.dust_convert_cooldown = DustConvertCooldown::None
    }))
    .await;
    env.sim.set_balance(KEY, "BTC", dec("0.00001"));
    env.sim.set_balance(KEY, "ETH", dec("0.001"));
    let now = env.sim.now_ms();
    // What goes out: `asset=BTC%2CETH…`; the payload signed must be those very bytes
    // (binance-dust-convert.md §6, spot CHANGELOG 2025-12-17).
    let sent = format!("asset=BTC%2CETH&targetAsset=USDT&clientId=sig-1&timestamp={now}");
    let plain = format!("asset=BTC,ETH&targetAsset=USDT&clientId=sig-1&timestamp={now}");
    let resp = raw_post(&env, protocol::DUST_CONVERT.path, &sent, &plain).await;
    assert_eq!(resp.status(), 400);
    let body: serde_json::Value = resp.json().await.expect("json");
    assert_eq!(body["code"], protocol::BAD_SIGNATURE.code);
    assert_eq!(env.bal("BTC"), dec("0.00001"), "refused, nothing converted");

    let resp = raw_post(&env, protocol::DUST_CONVERT.path, &sent, &sent).await;
    assert_eq!(resp.status(), 200);
    // The documented weight, in the endpoint's own UID bucket: the refused request counted
    // too.
    assert_eq!(
        resp.headers()[protocol::HEADER_SAPI_UID_WEIGHT_1M],
        (2 * protocol::DUST_CONVERT.weight).to_string()
    );
    let body: serde_json::Value = resp.json().await.expect("json");
    let result = body["transferResult"].as_array().expect("per asset");
    assert_eq!(result.len(), 2);
    // Binance's JSON types: amounts are strings, tranId and operateTime integers (§3).
    assert!(result[0]["tranId"].is_i64() && result[0]["operateTime"].is_i64());
    assert!(result[0]["amount"].is_string() && body["totalTransfered"].is_string());
    assert!(env.bal("BTC").is_zero() && env.bal("ETH").is_zero());

    // A client that sends and signs the plain comma is served too (HMAC over raw bytes).
    env.sim.set_balance(KEY, "BTC", dec("0.00001"));
    env.sim.set_balance(KEY, "ETH", dec("0.001"));
    let plain = plain.replace("sig-1", "sig-2");
    let resp = raw_post(&env, protocol::DUST_CONVERT.path, &plain, &plain).await;
    assert_eq!(resp.status(), 200);

    // The repeated `asset=A&asset=B` form, as our choice says (assumptions.rs).
    let repeated = format!(
        "asset=DOGE&asset=TRX&targetAsset=USDT&clientId=sig-3&timestamp={}",
        env.sim.now_ms()
    );
    let resp = raw_post(&env, protocol::DUST_CONVERT.path, &repeated, &repeated).await;
    if assumptions::DUST_CONVERT_ACCEPTS_REPEATED_ASSET {
        assert_eq!(resp.status(), 200);
        assert!(env.bal("DOGE").is_zero() && env.bal("TRX").is_zero());
    } else {
        assert_eq!(resp.status(), 400);
        assert_eq!(env.bal("DOGE"), dec("4.2"));
    }

    // The query endpoint weighs 1 in its own IP bucket.
    let q = format!("targetAsset=USDT&timestamp={}", env.sim.now_ms());
    let resp = raw_post(&env, protocol::DUST_CONVERT_QUERY.path, &q, &q).await;
    assert_eq!(resp.status(), 200);
    assert_eq!(
        resp.headers()[protocol::HEADER_SAPI_IP_WEIGHT_1M],
        protocol::DUST_CONVERT_QUERY.weight.to_string()
    );
    let body: serde_json::Value = resp.json().await.expect("json");
    for field in [
        "dribbletPercentage",
        "totalTransferQuotaAssetAmount",
        "totalTransferTargetAssetAmount",
        "dribbletBase",
    ] {
        assert!(body[field].is_string(), "{field}: {body}");
    }
}
