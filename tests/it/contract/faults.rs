//! Faults (security.md §3.1, P9): a 5xx, a dropped connection or a timeout after a money
//! POST was applied surfaces as `OutcomeUnknown` after exactly one POST, and the
//! exchange's records (dust log, orderStatus by quoteId) show what really happened.

use std::time::{Duration, Instant};

use dustpan::binance::protocol;
use dustpan::ports::{ConvertOrderState, Exchange, ExchangeError, OrderRef, QuoteAmount};
use dustpan::sim::{Fault, SimConfig};
use rust_decimal::Decimal;

use super::{Env, asset, dec, usdt_to_bnb};

const AFTER_APPLY: [Fault; 3] = [
    Fault::UnavailableAfterApply,
    Fault::EmptyInternalErrorAfterApply,
    Fault::DropConnectionAfterApply,
];

fn unknown<T: std::fmt::Debug>(res: Result<T, ExchangeError>, what: &str) {
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{what}: {res:?}"
    );
}

/// Runs one dust conversion under `fault` and checks the exchange's records.
async fn dust_conversion_under(fault: Fault) {
    let env = Env::demo().await;
    // A pooled keep-alive connection first, so a drop hits a reused connection too.
    env.client.dust_candidates(&env.creds).await.expect("dust");
    let (ada, bnb) = (env.bal("ADA"), env.bal("BNB"));
    env.sim.inject_fault(protocol::DUST.path, fault, 1);
    let res = env.client.convert_dust(&env.creds, &[asset("ADA")]).await;
    unknown(res, &format!("{fault:?}"));
    assert_eq!(
        env.sim.request_count("POST", protocol::DUST.path),
        1,
        "{fault:?}: exactly one POST"
    );
    // It really happened: balances moved and the dust log (what reconciliation reads)
    // shows the batch.
    assert!(env.bal("ADA").is_zero(), "{fault:?}");
    assert!(env.bal("BNB") > bnb, "{fault:?}");
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), 1, "{fault:?}");
    let d = &log[0].details[0];
    assert_eq!((d.from_asset.as_str(), d.amount), ("ADA", ada), "{fault:?}");
    assert_eq!(
        log[0].total_received,
        log[0].total_gross - log[0].total_fee,
        "{fault:?}"
    );
    assert_eq!(env.bal("BNB"), bnb + log[0].total_received, "{fault:?}");
}

#[tokio::test]
async fn dust_conversion_answered_5xx_after_apply_is_outcome_unknown_with_one_post() {
    dust_conversion_under(Fault::UnavailableAfterApply).await;
    dust_conversion_under(Fault::EmptyInternalErrorAfterApply).await;
}

#[tokio::test]
async fn dust_conversion_dropped_after_apply_is_outcome_unknown_with_one_post() {
    dust_conversion_under(Fault::DropConnectionAfterApply).await;
}

#[tokio::test]
async fn quote_acceptance_lost_after_apply_is_outcome_unknown_and_found_by_quote_id() {
    for fault in AFTER_APPLY {
        let env = Env::demo().await;
        let q = env
            .client
            .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("20"))))
            .await
            .expect("quote");
        let id = q.quote_id.clone().expect("funds suffice");
        let (usdt, bnb) = (env.bal("USDT"), env.bal("BNB"));
        env.sim
            .inject_fault(protocol::CONVERT_ACCEPT_QUOTE.path, fault, 1);
        let res = env.client.convert_accept(&env.creds, &id).await;
        unknown(res, &format!("{fault:?}"));
        assert_eq!(
            env.sim
                .request_count("POST", protocol::CONVERT_ACCEPT_QUOTE.path),
            1,
            "{fault:?}: exactly one POST"
        );
        let order = env
            .client
            .convert_order_status(&env.creds, &OrderRef::QuoteId(id))
            .await
            .expect("the order exists");
        assert!(
            matches!(
                order.state,
                ConvertOrderState::Processing | ConvertOrderState::Succeeded
            ),
            "{fault:?}: {:?}",
            order.state
        );
        assert_eq!(
            (order.from_amount, order.to_amount),
            (q.from_amount, q.to_amount)
        );
        assert_eq!(env.bal("USDT"), usdt - q.from_amount, "{fault:?}");
        assert_eq!(env.bal("BNB"), bnb + q.to_amount, "{fault:?}");
    }
}

#[tokio::test]
async fn a_read_answered_5xx_before_apply_is_unavailable_and_changes_nothing() {
    let env = Env::demo().await;
    for (fault, ep) in [
        (Fault::UnavailableBeforeApply, protocol::DUST_BTC),
        (Fault::EmptyInternalErrorBeforeApply, protocol::DRIBBLET),
        (Fault::UnavailableBeforeApply, protocol::EXCHANGE_INFO),
    ] {
        env.sim.inject_fault(ep.path, fault, 1);
    }
    let res = env.client.dust_candidates(&env.creds).await;
    assert!(matches!(res, Err(ExchangeError::Unavailable(_))), "{res:?}");
    let res = env.client.dust_log(&env.creds, None).await;
    assert!(matches!(res, Err(ExchangeError::Unavailable(_))), "{res:?}");
    let res = env.client.trading_rules().await;
    assert!(matches!(res, Err(ExchangeError::Unavailable(_))), "{res:?}");
    // Not retried; the user's own reads are not cached: the next ones go out and succeed.
    assert_eq!(env.statuses(&protocol::DUST_BTC), [Some(503)]);
    assert_eq!(env.statuses(&protocol::DRIBBLET), [Some(500)]);
    assert_eq!(env.statuses(&protocol::EXCHANGE_INFO), [Some(503)]);
    let offer = env.client.dust_candidates(&env.creds).await.expect("dust");
    assert_eq!(offer.details.len(), 10);
    // Shared public data remembers a transient failure for a few seconds only: a burst of
    // callers sends one request, and once they have passed the next read goes out.
    let res = env.client.trading_rules().await;
    assert!(matches!(res, Err(ExchangeError::Unavailable(_))), "{res:?}");
    assert_eq!(env.statuses(&protocol::EXCHANGE_INFO), [Some(503)]);
    tokio::time::pause();
    tokio::time::advance(dustpan::binance::TRANSIENT_FAILURE_TTL).await;
    tokio::time::resume();
    env.client.trading_rules().await.expect("rules");
    assert_eq!(env.bal("ADA"), dec("1.8"));
}

#[tokio::test]
async fn a_money_post_refused_5xx_before_apply_is_outcome_unknown_and_the_log_shows_nothing() {
    let env = Env::demo().await;
    env.sim
        .inject_fault(protocol::DUST.path, Fault::UnavailableBeforeApply, 1);
    // The client cannot tell "before" from "after": unknown, never retried...
    unknown(
        env.client.convert_dust(&env.creds, &[asset("ADA")]).await,
        "503 before apply",
    );
    assert_eq!(env.statuses(&protocol::DUST), [Some(503)]);
    // ...and reconciliation finds nothing happened.
    assert_eq!(env.bal("ADA"), dec("1.8"));
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert!(log.is_empty());
}

#[tokio::test]
async fn a_money_post_slower_than_the_request_timeout_is_outcome_unknown() {
    let timeout = Duration::from_millis(300);
    let env = Env::with_client(SimConfig::demo(), |c| c.request_timeout = timeout).await;
    env.client.dust_candidates(&env.creds).await.expect("warm");
    // The answer is held back after the conversion was applied (security.md §3.1:
    // "timeouts ... after the request was written fall in the same bucket").
    env.sim.inject_fault(
        protocol::DUST.path,
        Fault::DelayAfterApply(Duration::from_millis(900)),
        1,
    );
    let started = Instant::now();
    unknown(
        env.client.convert_dust(&env.creds, &[asset("ADA")]).await,
        "timeout after apply",
    );
    let took = started.elapsed();
    assert!(
        took >= timeout && took < Duration::from_millis(800),
        "{took:?}"
    );
    assert_eq!(env.sim.request_count("POST", protocol::DUST.path), 1);
    assert!(env.bal("ADA").is_zero());
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].details[0].amount, dec("1.8"));
}

#[tokio::test]
async fn a_money_post_timing_out_before_the_simulator_handles_it_is_outcome_unknown_and_not_applied()
 {
    let timeout = Duration::from_millis(300);
    let env = Env::with_client(SimConfig::demo(), |c| c.request_timeout = timeout).await;
    env.client.dust_candidates(&env.creds).await.expect("warm");
    // Latency comes before handling: the client gives up first.
    env.sim.set_latency(Duration::from_millis(900));
    let started = Instant::now();
    unknown(
        env.client.convert_dust(&env.creds, &[asset("ADA")]).await,
        "timeout before handling",
    );
    assert!(started.elapsed() < Duration::from_millis(800));
    env.sim.clear_faults();
    // Give a still-sleeping handler time to finish, should it not have been cancelled.
    tokio::time::sleep(Duration::from_millis(700)).await;
    // Never retried; and whatever the server did, its records agree with the balances.
    assert!(env.sim.request_count("POST", protocol::DUST.path) <= 1);
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    match log.as_slice() {
        [] => assert_eq!(env.bal("ADA"), dec("1.8")),
        [batch] => {
            assert_eq!(env.bal("ADA"), Decimal::ZERO);
            assert_eq!(batch.details[0].amount, dec("1.8"));
        }
        more => panic!("at most one POST, {} batches", more.len()),
    }
}
