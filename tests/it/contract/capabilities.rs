//! The capabilities the Binance adapter announces are what its exchange does: each value is
//! checked against the simulator, through the real client.

use std::time::Duration;

use dustpan::ports::{Exchange, ExchangeError, QuoteAmount, Refusal};
use secrecy::SecretString;

use super::{Env, asset, dec, usdt_to_bnb};

#[tokio::test]
async fn the_small_balance_terms_announced_are_the_ones_the_exchange_applies() {
    let env = Env::demo().await;
    let caps = env.client.capabilities();
    assert!(caps.market_sell);
    let sb = caps
        .small_balance
        .clone()
        .expect("Binance converts small balances");
    // BNB first (the classic conversion), then Dust Convert's targets (our choice).
    assert_eq!(sb.targets, ["BNB", "USDT", "USDC", "BTC", "ETH"].map(asset));
    assert!(!sb.quote_based && !sb.asynchronous);
    assert_eq!(
        sb.max_assets_per_call, None,
        "any number of assets per call"
    );

    let dust = env.client.dust_candidates(&env.creds).await.expect("dust");
    assert_eq!(dust.fee_rate, sb.fee_rate, "the rate the exchange reports");
    let (limit, in_asset) = sb.max_asset_value.clone().expect("a threshold");
    assert_eq!(in_asset, asset("BTC"));
    assert!(dust.details.len() > 1);
    for c in &dust.details {
        assert!(sb.targets.contains(&c.target_asset), "{c:?}");
        assert_eq!(c.fee_asset, c.target_asset, "{c:?}");
        assert!(c.to_btc < limit, "{c:?}");
    }

    // Every candidate in one call, answered with its result (not asynchronous).
    let bnb = env.bal("BNB");
    let all: Vec<_> = dust.details.iter().map(|c| c.asset.clone()).collect();
    let conv = env
        .client
        .convert_dust(&env.creds, &all)
        .await
        .expect("all at once");
    assert_eq!(conv.transfers.len(), all.len());
    assert_eq!(
        env.bal("BNB"),
        bnb + conv.total_received,
        "credited by then"
    );

    // The cooldown announced is the one enforced: refused until it has passed.
    let cooldown = sb.cooldown.expect("Binance has a cooldown");
    // What the service reads when no DUSTPAN_DUST_COOLDOWN overrides it.
    assert_eq!(caps.small_balance_cooldown(), cooldown);
    assert_eq!(caps.small_balance_target(), Some(&asset("BNB")));
    env.sim.set_balance(super::KEY, "ADA", dec("1.8"));
    let ada = [asset("ADA")];
    let again = || env.client.convert_dust(&env.creds, &ada);
    let refused = |r: Result<_, ExchangeError>| {
        matches!(
            r,
            Err(ExchangeError::Rejected {
                reason: Refusal::DustCooldown,
                ..
            })
        )
    };
    assert!(refused(again().await));
    env.sim
        .advance_time(cooldown.saturating_sub(Duration::from_secs(60)));
    env.client.sync_time().await.expect("resync");
    assert!(refused(again().await), "a minute before the end");
    env.sim.advance_time(Duration::from_secs(61));
    env.client.sync_time().await.expect("resync");
    again()
        .await
        .expect("once the cooldown announced has passed");
}

#[tokio::test]
async fn keys_without_a_passphrase_are_announced_and_a_passphrase_given_is_dropped() {
    let env = Env::demo().await;
    assert!(!env.client.capabilities().key_passphrase);
    let creds = env
        .client
        .parse_credentials(
            SecretString::from(dustpan::sim::DEMO_API_KEY),
            SecretString::from(dustpan::sim::DEMO_API_SECRET),
            Some(SecretString::from("FAKEpassPHRASE0001zzzz")),
        )
        .expect("the demo key has Binance's shape");
    assert!(creds.passphrase().is_none());
    env.client
        .balances(&creds)
        .await
        .expect("the key alone signs");
}

#[tokio::test]
async fn every_quote_validity_announced_is_granted_as_asked() {
    let env = Env::demo().await;
    let qc = env
        .client
        .capabilities()
        .quote_convert
        .clone()
        .expect("Binance has Spot Convert");
    assert!(qc.asynchronous, "an accepted order may be PROCESS first");
    assert_eq!(
        qc.validities,
        [10, 30, 60].map(Duration::from_secs),
        "binance.md §4.3"
    );
    for v in qc.validities {
        let mut req = usdt_to_bnb(QuoteAmount::From(dec("10")));
        req.valid_time = v;
        let asked_at = env.sim.now_ms();
        let q = env
            .client
            .convert_quote(&env.creds, &req)
            .await
            .expect("quote");
        let granted = q.valid_until.timestamp_millis() - asked_at;
        let want = i64::try_from(v.as_millis()).unwrap();
        assert!(
            (want..want + 1_000).contains(&granted),
            "{v:?} asked, {granted} ms granted"
        );
    }
}
