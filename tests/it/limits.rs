//! No user can starve the others (issue 15 point 4), as users meet it: the real service and
//! Binance client against the simulator, which counts every request and its status.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dustpan::service::Caller;
use dustpan::service::reply::Reply;
use dustpan::sim::Fault;
use futures_util::future::join_all;

use crate::app::{TestApp, spawn_app, text};
use crate::replies::{Texts as _, assert_args, assert_key, assert_no_key, has_key, keys, show};

const PAIRS: &str = "/sapi/v1/convert/exchangeInfo";
const DUST_BTC: &str = "/sapi/v1/asset/dust-btc";

fn throttled(t: &TestApp) -> usize {
    t.sim
        .requests()
        .iter()
        .filter(|r| matches!(r.status, Some(429 | 418)))
        .count()
}

async fn timed_dust(t: &TestApp, who: &Caller) -> (Duration, Reply) {
    let start = Instant::now();
    let out = t.send(who, "/dust").await;
    (start.elapsed(), out)
}

/// What a reply says, texts and button labels, apart from the texts with key `except`.
fn meaning(r: &Reply, except: &str) -> Vec<String> {
    r.texts()
        .into_iter()
        .filter(|t| t.key != except)
        .map(show)
        .chain(r.buttons().into_iter().map(|b| show(&b.label)))
        .collect()
}

/// Waits out the end of the exchange's weight minute when it is close, so two requests
/// meant for one window fall in one (the client's windows follow the server's clock, which
/// the simulator takes from the system clock).
async fn not_at_a_window_edge() {
    let into = chrono::Utc::now().timestamp_millis().rem_euclid(60_000);
    if into > 50_000 {
        tokio::time::sleep(Duration::from_millis((60_000 - into + 200) as u64)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_dust_from_one_user_in_a_burst_do_not_delay_another_users_dust_and_cause_no_429()
{
    let t = spawn_app().await;
    let (warm, alone, during, heavy) = (
        t.connected_user("700").await,
        t.connected_user("701").await,
        t.connected_user("702").await,
        t.connected_user("703").await,
    );
    // Shared public data is cached, as on a running bot.
    t.send(&warm, "/dust").await;
    let (alone_took, out) = timed_dust(&t, &alone).await;
    assert_key(&out, "dust-title");

    let before = t.sim.path_count(DUST_BTC);
    let burst: Vec<_> = (0..100)
        .map(|_| {
            let (service, who) = (Arc::clone(&t.app.service), heavy.clone());
            tokio::spawn(async move { service.handle_text(&who, "/dust").await })
        })
        .collect();
    let (replies, (during_took, out)) = tokio::join!(join_all(burst), timed_dust(&t, &during));
    assert_key(&out, "dust-title");
    let replies: Vec<Reply> = replies.into_iter().map(|r| r.expect("task")).collect();

    // The burst allowance is answered (one fetch, the rest from its result); the user is
    // told once to slow down; the rest get no answer and reach nothing.
    // (/connect took one of the 20 at once; one more may have refilled since.)
    let reports = replies.iter().filter(|r| has_key(*r, "dust-title")).count();
    let repeats = replies.iter().filter(|r| has_key(*r, "dust-as-of")).count();
    let told = replies
        .iter()
        .filter(|r| has_key(*r, "error-too-fast"))
        .count();
    let silent = replies.iter().filter(|r| r.messages.is_empty()).count();
    let counts = (reports, repeats, told, silent);
    assert!(
        (19..=20).contains(&reports) && counts == (reports, reports - 1, 1, 99 - reports),
        "reports, repeats, told, silent: {counts:?}"
    );
    // One exchange fetch for the whole burst, one for the other user.
    assert_eq!(t.sim.path_count(DUST_BTC) - before, 2);
    assert_eq!(throttled(&t), 0);
    // The other user's /dust was answered about as fast as alone (2 loaded cores: generous).
    assert!(
        during_took <= alone_took * 4 + Duration::from_millis(500),
        "alone {alone_took:?}, during the burst {during_took:?}"
    );
}

#[tokio::test]
async fn a_dust_repeated_within_seconds_is_answered_from_the_last_result_and_says_how_old() {
    let t = spawn_app().await;
    let who = t.connected_user("710").await;
    let first = t.send(&who, "/dust").await;
    let fetched = t.sim.path_count(DUST_BTC);
    t.clock.advance(Duration::from_secs(4));
    let again = t.send(&who, "/dust").await;
    assert_args(&again, "dust-as-of", &[("seconds", "4")]);
    assert_eq!(meaning(&again, "dust-as-of"), meaning(&first, "dust-as-of"));
    assert_no_key(&first, "dust-as-of");
    assert_eq!(t.sim.path_count(DUST_BTC), fetched);
    // Older than the window: asked again.
    t.clock.advance(Duration::from_secs(7));
    let later = t.send(&who, "/dust").await;
    assert_no_key(&later, "dust-as-of");
    assert_eq!(t.sim.path_count(DUST_BTC), fetched + 1);
    // Anything else in between (it may change balances): asked again at once.
    t.send(&who, "/cooldown").await;
    let after = t.send(&who, "/dust").await;
    assert_no_key(&after, "dust-as-of");
    assert_eq!(t.sim.path_count(DUST_BTC), fetched + 2);
}

#[tokio::test]
async fn one_key_in_many_chats_running_dust_at_once_shares_one_exchange_fetch() {
    let t = spawn_app().await;
    let who = t.connected_user("720").await;
    t.sim.clear_request_log();
    // The same user sending /dust from five chats at once.
    let replies = join_all((0..5).map(|_| t.send(&who, "/dust"))).await;
    for r in &replies {
        assert_key(r, "dust-title");
    }
    assert_eq!(t.sim.path_count(DUST_BTC), 1);
    assert_eq!(t.sim.path_count("/sapi/v3/asset/getUserAsset"), 1);
}

#[tokio::test]
async fn a_user_sending_commands_too_fast_is_told_once_to_wait_and_nothing_reaches_the_exchange() {
    let t = spawn_app().await;
    let who = t.connected_user("730").await;
    let other = t.connected_user("731").await;
    // /connect was the first of the 20 allowed at once.
    for _ in 0..19 {
        assert_key(&t.send(&who, "/help").await, "help");
    }
    let sent = t.sim.requests().len();
    let refused = t.send(&who, "/dust").await;
    // One sentence, nothing else.
    assert_eq!(keys(&refused), ["error-too-fast"], "{}", text(&refused));
    assert_args(&refused, "error-too-fast", &[("seconds", "2")]);
    assert!(refused.messages.iter().all(|m| m.buttons.is_empty()));
    for _ in 0..5 {
        assert!(t.send(&who, "/dust").await.messages.is_empty());
    }
    let press = t.press(&who, "c.AAAAAAAAAAAAAAAAAAAAAA").await;
    assert!(press.messages.is_empty() && press.notice.is_none());
    assert_eq!(t.sim.requests().len(), sent, "nothing reached the exchange");
    // The others are not affected.
    assert_key(&t.send(&other, "/dust").await, "dust-title");
}

#[tokio::test]
async fn swap_into_a_made_up_asset_repeated_sends_no_pairs_request() {
    let t = spawn_app().await;
    let who = t.connected_user("740").await;
    for _ in 0..5 {
        let r = t.send(&who, "/swap ADA ZZZZ").await;
        assert_args(&r, "swap-unknown-asset", &[("asset", "ZZZZ")]);
        let r = t.send(&who, "/swap QQQQ USDT 1").await;
        assert_args(&r, "swap-unknown-asset", &[("asset", "QQQQ")]);
    }
    assert_eq!(t.sim.path_count(PAIRS), 0);
}

#[tokio::test]
async fn a_pairs_request_costs_its_3000_weight_at_most_once_per_cache_lifetime_even_when_it_fails()
{
    let t = spawn_app().await;
    // Different users, so no one's own share is what stops the requests.
    let mut users = Vec::new();
    for i in 0..6 {
        users.push(t.connected_user(&format!("75{i}")).await);
    }
    // Listed, but Convert has no ADA → DOGE pair: the (empty) answer is kept.
    for who in &users[..3] {
        let r = t.send(who, "/swap ADA DOGE").await;
        assert_args(&r, "swap-no-pair", &[("from", "ADA"), ("to", "DOGE")]);
    }
    assert_eq!(t.sim.path_count(PAIRS), 1);
    // A failure (5xx) is kept too, for a few seconds: the next users share it.
    t.sim.inject_fault(PAIRS, Fault::UnavailableBeforeApply, 1);
    for who in &users[3..] {
        let r = t.send(who, "/swap ADA ETH").await;
        assert_key(&r, "error-exchange-unavailable");
    }
    assert_eq!(t.sim.path_count(PAIRS), 2);
    assert_eq!(throttled(&t), 0);
}

#[tokio::test]
async fn settings_target_with_an_unknown_asset_makes_no_exchange_info_call() {
    let t = spawn_app().await;
    let who = t.connected_user("760").await;
    t.send(&who, "/dust").await;
    t.sim.clear_request_log();
    let r = t.send(&who, "/settings target ZZZZ").await;
    assert_args(&r, "settings-target-refused", &[("asset", "ZZZZ")]);
    assert_eq!(t.sim.path_count(PAIRS), 0);
    assert_eq!(t.sim.path_count("/api/v3/exchangeInfo"), 0);
}

#[tokio::test]
async fn a_second_new_target_within_the_minute_is_refused_for_that_user_only_before_anything_is_sent()
 {
    let t = spawn_app().await;
    let (who, other) = (t.connected_user("770").await, t.connected_user("771").await);
    not_at_a_window_edge().await;
    let r = t.send(&who, "/settings target ETH").await;
    assert_args(&r, "settings-target", &[("target", "ETH")]);
    assert_eq!(t.sim.path_count(PAIRS), 1);
    // Weight 3000 is this user's quarter of the pairs budget for the minute.
    let r = t.send(&who, "/settings target BTC").await;
    assert_key(&r, "error-exchange-busy-for-you");
    assert_eq!(t.sim.path_count(PAIRS), 1, "nothing was sent");
    // Another user still has theirs, and the refusal was not remembered for them.
    let r = t.send(&other, "/settings target BTC").await;
    assert_args(&r, "settings-target", &[("target", "BTC")]);
    assert_eq!(t.sim.path_count(PAIRS), 2);
    assert_eq!(throttled(&t), 0);
}
