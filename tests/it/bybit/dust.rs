//! Convert Small Balances: the list, quote and execute, the asynchronous execution
//! (processing → success / partial fulfilment / failure), the 20-coin and target limits, the
//! 30 s quote, and the history as the dust log.

use std::time::Duration;

use dustpan::ports::{DustProgress, Exchange, ExchangeError, Refusal};
use dustpan::sim::bybit::{BybitExecution, BybitFault, BybitSimConfig};
use rust_decimal::Decimal;

use super::{EXECUTE, Env, HISTORY, KEY, LIST, QUOTE, asset, dec};

/// An execution that ends only when the test moves the sim clock.
const LATER: Duration = Duration::from_secs(60);

#[tokio::test]
async fn the_list_offers_coins_under_ten_usdt_priced_in_the_chosen_target() {
    let env = Env::demo().await;
    let mnt = env.client.dust_candidates(&env.creds).await.expect("list");
    let coins: Vec<&str> = mnt.details.iter().map(|d| d.asset.as_str()).collect();
    for c in ["XRP", "SOL", "ADA", "PEPE"] {
        assert!(coins.contains(&c), "{c} in {coins:?}");
    }
    // ETH and USDT are worth 10 USDT or more; LUNA's market is closed (supportConvert 2);
    // MNT is the target itself.
    for c in ["ETH", "USDT", "LUNA", "MNT"] {
        assert!(!coins.contains(&c), "{c} in {coins:?}");
    }
    let xrp = mnt
        .details
        .iter()
        .find(|d| d.asset.as_str() == "XRP")
        .expect("XRP");
    // 0.9 XRP = 0.495 USDT = 0.61875 MNT at 0.8, 2 % fee (assumed until quoted).
    assert_eq!(xrp.gross, dec("0.61875"));
    assert_eq!(xrp.fee, dec("0.012375"));
    assert_eq!(xrp.target_asset, asset("MNT"));
    assert_eq!(mnt.fee_rate, dec("0.02"));
    let usdt = env
        .client
        .dust_candidates_to(&env.creds, &asset("USDT"))
        .await
        .expect("list");
    let xrp = usdt
        .details
        .iter()
        .find(|d| d.asset.as_str() == "XRP")
        .expect("XRP");
    assert_eq!(
        (xrp.gross, xrp.target_asset.as_str()),
        (dec("0.495"), "USDT")
    );
    // Public prices are cached: two lists, one ticker read.
    assert_eq!(env.sim.request_count(LIST.0, LIST.1), 2);
    assert_eq!(env.sim.request_count("GET", "/v5/market/tickers"), 1);
}

#[tokio::test]
async fn an_execution_is_processing_first_then_succeeds_and_the_history_shows_each_coin() {
    let env = Env::demo().await;
    env.sim.set_execution(BybitExecution::Success, LATER);
    let usdt_before = env.bal("USDT");
    let started = env
        .client
        .start_dust_conversion(
            &env.creds,
            &[asset("XRP"), asset("ADA")],
            Some(&asset("USDT")),
            "op1",
        )
        .await
        .expect("accepted");
    let DustProgress::Processing { id } = started else {
        panic!("Bybit answers processing: {started:?}");
    };
    assert_eq!(id.len(), 28, "a 28-digit quote id kept as text");
    // The coins left the wallet at once; nothing credited yet.
    assert_eq!(env.bal("XRP"), Decimal::ZERO);
    assert_eq!(env.bal("USDT"), usdt_before);
    let now = env
        .client
        .dust_conversion_status(&env.creds, &id)
        .await
        .expect("status");
    assert_eq!(now, DustProgress::Processing { id: id.clone() });
    assert!(
        env.client
            .dust_log(&env.creds, None)
            .await
            .expect("log")
            .is_empty(),
        "nothing final"
    );
    env.sim.advance_time(LATER + Duration::from_secs(1));
    let DustProgress::Finished(c) = env
        .client
        .dust_conversion_status(&env.creds, &id)
        .await
        .expect("status")
    else {
        panic!("finished");
    };
    assert!(c.failed.is_empty());
    let coins: Vec<&str> = c.transfers.iter().map(|t| t.from_asset.as_str()).collect();
    assert_eq!(coins, vec!["XRP", "ADA"]);
    // 0.495 + 0.81 USDT gross, 2 % fee: what the simulator credited is what is reported.
    assert_eq!(c.total_gross, dec("1.305"));
    assert_eq!(c.total_fee, dec("0.0261"));
    assert_eq!(env.bal("USDT") - usdt_before, c.total_received);
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].batch_id, id);
    assert_eq!(log[0].total_received, c.total_received);
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
}

#[tokio::test]
async fn a_partial_fulfilment_reports_converted_and_refused_coins_one_by_one() {
    let env = Env::demo().await;
    env.sim.set_execution(BybitExecution::Partial, LATER);
    let DustProgress::Processing { id } = env
        .client
        .start_dust_conversion(
            &env.creds,
            &[asset("XRP"), asset("ADA"), asset("DOGE")],
            None,
            "op",
        )
        .await
        .expect("accepted")
    else {
        panic!("processing");
    };
    env.sim.advance_time(LATER + Duration::from_secs(1));
    let DustProgress::Finished(c) = env
        .client
        .dust_conversion_status(&env.creds, &id)
        .await
        .expect("status")
    else {
        panic!("finished");
    };
    let done: Vec<&str> = c.transfers.iter().map(|t| t.from_asset.as_str()).collect();
    assert_eq!(done, vec!["XRP", "ADA"]);
    assert_eq!(c.failed.len(), 1);
    assert_eq!(c.failed[0].asset, asset("DOGE"));
    assert_eq!(c.failed[0].code, "failure");
    // The refused coin is back; the others are gone; MNT credited for two.
    assert_eq!(env.bal("DOGE"), dec("4.2"));
    assert_eq!(env.bal("XRP"), Decimal::ZERO);
    assert_eq!(env.bal("MNT") - dec("0.4"), c.total_received);
    assert_eq!(env.sim.conversions(KEY), Some(vec!["partial_fulfillment"]));
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log[0].details.len(), 2, "the log lists what converted");
}

#[tokio::test]
async fn a_failed_execution_gives_every_coin_back_and_is_absent_from_the_dust_log() {
    let env = Env::demo().await;
    env.sim.set_execution(BybitExecution::Failure, LATER);
    let DustProgress::Processing { id } = env
        .client
        .start_dust_conversion(&env.creds, &[asset("XRP"), asset("SOL")], None, "op")
        .await
        .expect("accepted")
    else {
        panic!("processing");
    };
    env.sim.advance_time(LATER + Duration::from_secs(1));
    let p = env
        .client
        .dust_conversion_status(&env.creds, &id)
        .await
        .expect("status");
    assert!(p.failed_whole(), "{p:?}");
    let DustProgress::Finished(c) = p else {
        unreachable!()
    };
    assert_eq!(c.failed.len(), 2);
    assert_eq!(c.total_received, Decimal::ZERO);
    assert_eq!((env.bal("XRP"), env.bal("SOL")), (dec("0.9"), dec("0.003")));
    assert!(
        env.client
            .dust_log(&env.creds, None)
            .await
            .expect("log")
            .is_empty()
    );
}

#[tokio::test]
async fn the_synchronous_conversion_waits_for_the_result_and_refuses_a_whole_failure() {
    let env = Env::demo().await;
    env.sim
        .set_execution(BybitExecution::Success, Duration::from_millis(300));
    let c = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect("converted within the wait");
    assert_eq!(c.transfers.len(), 1);
    assert_eq!(c.transfers[0].target_asset, asset("MNT"));
    env.sim
        .set_execution(BybitExecution::Failure, Duration::from_millis(300));
    let e = env
        .client
        .convert_dust_to(&env.creds, &[asset("ADA")], &asset("USDC"), "op")
        .await
        .expect_err("nothing converted");
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "failure"),
        "{e:?}"
    );
}

#[tokio::test]
async fn still_processing_after_the_wait_is_an_unknown_outcome_sent_only_once() {
    let env = Env::with(BybitSimConfig::demo(), |c| {
        c.execution_wait = Duration::from_millis(400);
    })
    .await;
    env.sim.set_execution(BybitExecution::Success, LATER);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("still processing");
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    assert_eq!(env.sim.request_count(EXECUTE.0, EXECUTE.1), 1);
    assert!(env.sim.request_count(HISTORY.0, HISTORY.1) >= 1);
    // A second execution while one is processing is refused by Bybit (700021).
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect_err("one at a time");
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "700021"),
        "{e:?}"
    );
}

#[tokio::test]
async fn twenty_one_coins_or_a_target_bybit_does_not_offer_are_refused_before_sending() {
    let env = Env::demo().await;
    let many: Vec<_> = (0..21).map(|i| asset(&format!("C{i}"))).collect();
    let e = env
        .client
        .convert_dust(&env.creds, &many)
        .await
        .expect_err("too many");
    assert!(matches!(e, ExchangeError::Rejected { .. }));
    let e = env
        .client
        .convert_dust_to(&env.creds, &[asset("XRP")], &asset("BTC"), "op")
        .await
        .expect_err("BTC is no target");
    assert!(matches!(e, ExchangeError::Rejected { .. }));
    assert_eq!(env.sim.request_count(QUOTE.0, QUOTE.1), 0);
    let caps = env
        .client
        .capabilities()
        .small_balance
        .clone()
        .expect("offered");
    assert_eq!(caps.max_assets_per_call, Some(20));
    assert_eq!(caps.max_asset_value, Some((dec("10"), asset("USDT"))));
    let targets: Vec<&str> = caps.targets.iter().map(|t| t.as_str()).collect();
    assert_eq!(targets, vec!["MNT", "USDT", "USDC"]);
    assert!(caps.quote_based && caps.asynchronous && caps.cooldown.is_none());
}

#[tokio::test]
async fn a_quote_executed_after_its_thirty_seconds_is_refused_and_nothing_moves() {
    let env = Env::demo().await;
    // The sim clock jumps 31 s once the quote is answered: a client too slow to execute.
    env.sim
        .inject_fault(QUOTE.0, QUOTE.1, BybitFault::ExpireAfter, 1);
    let e = env
        .client
        .convert_dust(&env.creds, &[asset("XRP")])
        .await
        .expect_err("expired");
    assert!(
        matches!(e, ExchangeError::Rejected { reason: Refusal::QuoteExpired, ref code, .. } if code == "700008"),
        "{e:?}"
    );
    assert_eq!(env.bal("XRP"), dec("0.9"));
    // The client's clock was behind too: one resync (10002 refuses before executing), then
    // Bybit's refusal of the expired quote.
    assert_eq!(
        env.sim.answers(EXECUTE.0, EXECUTE.1),
        vec![(200, 10002), (200, 700008)]
    );
}

#[tokio::test]
async fn a_quote_lives_thirty_seconds_on_the_sim_clock_and_executes_once() {
    let env = Env::demo().await;
    let raw = env.raw();
    let body = r#"{"accountType":"eb_convert_uta","fromCoinList":["XRP","SOL"],"toCoin":"USDC"}"#;
    let q = raw.send(QUOTE.0, QUOTE.1, body, env.sim.now_ms()).await;
    assert_eq!(q.ret_code(), 0, "{}", q.body);
    let r = &q.body["result"];
    let id = r["quoteId"].as_str().expect("a string id").to_owned();
    let created: i64 = r["result"]["quoteCreateTime"]
        .as_str()
        .expect("string")
        .parse()
        .expect("ms");
    let expires: i64 = r["result"]["quoteExpireTime"]
        .as_str()
        .expect("string")
        .parse()
        .expect("ms");
    assert_eq!(
        expires - created,
        29_999,
        "the docs' example: create + 29 999 ms"
    );
    assert!(r["result"]["exchangeCoins"][0]["supportConvert"].is_i64());
    assert_eq!(r["result"]["totalFeeInfo"]["feeRate"], "0.02");
    // 29 s later it still executes; a second execute is refused.
    env.sim.advance_time(Duration::from_secs(29));
    let exec = format!(r#"{{"quoteId":"{id}"}}"#);
    let a = raw
        .send(EXECUTE.0, EXECUTE.1, &exec, env.sim.now_ms())
        .await;
    assert_eq!(a.ret_code(), 0, "{}", a.body);
    assert_eq!(a.body["result"]["status"], "processing");
    assert_eq!(a.body["result"]["exchangeTxId"], id.as_str());
    let again = raw
        .send(EXECUTE.0, EXECUTE.1, &exec, env.sim.now_ms())
        .await;
    assert_eq!(again.ret_code(), 700009);
    // Another quote, executed 30 s after: expired.
    let q = raw
        .send(
            QUOTE.0,
            QUOTE.1,
            r#"{"accountType":"eb_convert_uta","fromCoinList":["ADA"],"toCoin":"MNT"}"#,
            env.sim.now_ms(),
        )
        .await;
    let id = q.body["result"]["quoteId"].as_str().expect("id").to_owned();
    env.sim.advance_time(Duration::from_secs(30));
    let late = raw
        .send(
            EXECUTE.0,
            EXECUTE.1,
            &format!(r#"{{"quoteId":"{id}"}}"#),
            env.sim.now_ms(),
        )
        .await;
    assert_eq!(late.ret_code(), 700008);
}
