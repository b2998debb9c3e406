//! Rate limits (binance.md §2, security.md P12): the simulator answers 429 with
//! Retry-After and bans (418) a caller that comes back too early, so any request the
//! client sends inside the Retry-After window shows up as a 418 in the simulator's log.

use dustpan::binance::assumptions;
use std::time::{Duration, Instant};

use dustpan::binance::protocol;
use dustpan::ports::{Exchange, ExchangeError};
use dustpan::sim::{Limits, SimConfig, SimHandle};

use super::{Env, asset, client_for};

fn tight_api_budget(api_weight_1m: u32) -> SimConfig {
    let mut config = SimConfig::demo();
    config.limits = Limits {
        api_weight_1m,
        ..Limits::default()
    };
    config
}

/// Moves the sim clock so that its current minute (the weight window) is at `ms_in`.
fn set_minute_position(sim: &SimHandle, ms_in: i64) {
    let now = sim.now_ms();
    let by = (ms_in - now.rem_euclid(60_000)).rem_euclid(60_000);
    sim.advance_time(Duration::from_millis(u64::try_from(by).expect("positive")));
}

fn statuses_since(sim: &SimHandle, from: usize) -> Vec<Option<u16>> {
    sim.requests()[from..].iter().map(|r| r.status).collect()
}

#[tokio::test]
async fn a_429_holds_the_client_off_the_simulator_until_retry_after_ends() {
    // 60 weight a minute: sync (1) + two account reads (20 each) fit, the third does not.
    let env = Env::with(tight_api_budget(60)).await;
    // 1.8 s before the sim's minute ends, so Retry-After is short.
    set_minute_position(&env.sim, 58_200);
    env.client.sync_time().await.expect("sync");
    env.client.balances(&env.creds).await.expect("first");
    env.client.balances(&env.creds).await.expect("second");
    let limited = env.client.balances(&env.creds).await;
    let limited_at = Instant::now();
    let retry_after = match limited {
        Err(ExchangeError::RateLimited {
            retry_after,
            banned: false,
        }) => retry_after,
        other => panic!("expected a 429, got {other:?}"),
    };
    assert!(
        (1..=2).contains(&retry_after.as_secs()),
        "Retry-After {retry_after:?}"
    );
    assert_eq!(env.statuses(&protocol::ACCOUNT).last(), Some(&Some(429)));
    let seen = env.sim.requests().len();

    // Three callers arrive during the window: they wait instead of sending.
    let (a, b, c) = (env.client.clone(), env.client.clone(), env.client.clone());
    let k = env.creds.clone();
    let k2 = env.creds.clone();
    let waiting =
        tokio::spawn(async move { tokio::join!(a.balances(&k), b.balances(&k2), c.prices()) });
    tokio::time::sleep(retry_after / 2).await;
    assert_eq!(
        env.sim.requests().len(),
        seen,
        "nothing sent during Retry-After"
    );
    let (x, y, p) = waiting.await.expect("callers finished");
    let waited = limited_at.elapsed();
    assert!(x.is_ok() && y.is_ok() && p.is_ok(), "{x:?} {y:?} {p:?}");
    assert!(waited >= retry_after, "sent after {waited:?}");
    assert!(waited < retry_after + Duration::from_secs(1), "{waited:?}");
    // Had any of them come early, the simulator would have answered 418.
    assert_eq!(
        statuses_since(&env.sim, seen),
        [Some(200), Some(200), Some(200)]
    );
}

#[tokio::test]
async fn a_second_client_hammering_through_a_429_gets_a_418_ban_and_stops_sending() {
    let env = Env::with(tight_api_budget(50)).await;
    set_minute_position(&env.sim, 1_000);
    let other = client_for(&env.sim, |_| {});
    env.client.sync_time().await.expect("sync a");
    other.sync_time().await.expect("sync b");
    env.client.balances(&env.creds).await.expect("20 of 50");
    env.client.balances(&env.creds).await.expect("40 of 50");
    let first = env.client.balances(&env.creds).await;
    assert!(
        matches!(first, Err(ExchangeError::RateLimited { banned: false, retry_after }) if retry_after > Duration::from_secs(50)),
        "{first:?}"
    );
    let seen = env.sim.requests().len();
    // The limited client fails fast: its wait exceeds max_rate_limit_wait (3 s).
    let again = env.client.prices().await;
    assert!(
        matches!(again, Err(ExchangeError::RateLimited { banned: false, .. })),
        "{again:?}"
    );
    assert_eq!(env.sim.requests().len(), seen);

    // Another process on the same IP did not see the 429 and keeps going: banned.
    let banned = other.balances(&env.creds).await;
    match banned {
        Err(ExchangeError::RateLimited {
            banned: true,
            retry_after,
        }) => assert_eq!(retry_after, assumptions::API_BAN_DURATION),
        other => panic!("expected a 418, got {other:?}"),
    }
    assert_eq!(statuses_since(&env.sim, seen), [Some(418)]);
    // A ban closes every bucket of that client, /sapi included, without sending.
    let started = Instant::now();
    for res in [
        other.dust_log(&env.creds, None).await.map(|_| ()),
        other.prices().await.map(|_| ()),
    ] {
        assert!(
            matches!(res, Err(ExchangeError::RateLimited { banned: true, .. })),
            "{res:?}"
        );
    }
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(env.sim.requests().len(), seen + 1);
}

#[tokio::test]
async fn a_sapi_429_is_never_escalated_to_a_ban() {
    let mut config = SimConfig::demo();
    config.limits.sapi_ip_weight_1m = 2;
    let env = Env::with(config).await;
    set_minute_position(&env.sim, 1_000);
    env.client.sync_time().await.expect("sync");
    let other = client_for(&env.sim, |_| {});
    env.client.dust_log(&env.creds, None).await.expect("1 of 2");
    env.client.dust_log(&env.creds, None).await.expect("2 of 2");
    for c in [&env.client, &other] {
        let res = c.dust_log(&env.creds, None).await;
        assert!(
            matches!(res, Err(ExchangeError::RateLimited { banned: false, .. })),
            "{res:?}"
        );
    }
    assert_eq!(
        env.statuses(&protocol::DRIBBLET),
        [Some(200), Some(200), Some(429), Some(429)]
    );
    // The /sapi limit is per endpoint: other endpoints still answer.
    env.client
        .dust_candidates(&env.creds)
        .await
        .expect("own bucket");
}

#[tokio::test]
async fn a_rate_limited_dust_conversion_is_refused_before_it_moves_anything() {
    let mut config = SimConfig::demo();
    config.limits.sapi_uid_weight_1m = protocol::DUST.weight;
    config.dust_cooldown = Duration::ZERO;
    let env = Env::with(config).await;
    set_minute_position(&env.sim, 1_000);
    env.client.sync_time().await.expect("sync");
    env.client
        .convert_dust(&env.creds, &[asset("ADA")])
        .await
        .expect("fits the budget");
    let xrp = env.bal("XRP");
    let res = env.client.convert_dust(&env.creds, &[asset("XRP")]).await;
    assert!(
        matches!(res, Err(ExchangeError::RateLimited { banned: false, .. })),
        "{res:?}"
    );
    assert_eq!(env.statuses(&protocol::DUST), [Some(200), Some(429)]);
    assert_eq!(env.bal("XRP"), xrp);
    assert_eq!(
        env.client
            .dust_log(&env.creds, None)
            .await
            .expect("log")
            .len(),
        1
    );
}
