//! Discord's rate limits kept by the REST client for the whole bot, against a fake as
//! strict as Discord: never more than 50 calls in a second (across every clone), a global
//! 429 holding every call until its `retry_after`, a route's 429 or exhausted bucket
//! holding that route alone. Times are the fake's: when each request reached it.

use std::time::Duration;

use dustpan::frontends::discord::rest::{Patience, Rest, RestError};
use serde_json::json;

use super::fake_api::{APP_ID, Arrival, FakeDiscord, GLOBAL_PER_SECOND, Route, TOKEN, errors};

fn rest(fake: &FakeDiscord) -> Rest {
    Rest::new(fake.url().parse().unwrap(), TOKEN.to_owned().into()).unwrap()
}

fn hello() -> serde_json::Value {
    json!({"content": "hello"})
}

/// The one arrival answered 429.
fn the_429(arrivals: &[Arrival]) -> Arrival {
    let limited: Vec<_> = arrivals.iter().filter(|a| a.status == 429).collect();
    assert_eq!(limited.len(), 1, "{arrivals:#?}");
    limited[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_global_429_holds_every_call_of_every_clone_until_its_retry_after_but_not_interaction_replies()
 {
    let fake = FakeDiscord::start().await;
    let a = rest(&fake);
    let a2 = a.clone();
    fake.fail_next(Route::Send, errors::global_rate_limited(3.0));
    assert_eq!(
        a.send("111", &hello()).await,
        Err(RestError::RateLimited(Duration::from_secs(3))),
        "a reminder DM hands the 429 back"
    );
    let hold = the_429(&fake.arrivals());

    // A clone shares the hold: one bot, one set of limits.
    let (recipient, message) = (json!({"recipient_id": "222"}), hello());
    let (dm, send, app, reply) = tokio::join!(
        a2.call_with(
            Patience::REPLY,
            reqwest::Method::POST,
            "users/@me/channels",
            Some(&recipient),
        ),
        a2.send("333", &message),
        a.application_id(),
        a.follow_up(APP_ID, "interaction-token", &message),
    );
    dm.unwrap();
    app.unwrap();
    reply.unwrap();
    // The background DM waits within its patience (5 s) for the 3 s hold.
    send.unwrap();

    let arrivals = fake.arrivals();
    let after: Vec<_> = arrivals.iter().filter(|x| x.at > hold.at).collect();
    assert_eq!(after.len(), 4, "{arrivals:#?}");
    for x in &after {
        let since = x.at.duration_since(hold.at);
        if x.route.starts_with("POST webhooks/") {
            assert!(
                since < Duration::from_secs(3),
                "an interaction reply is outside the global limit: {since:?}"
            );
        } else {
            assert!(
                since >= Duration::from_secs(3),
                "{} reached Discord {since:?} into a 3 s global hold",
                x.route
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_more_than_fifty_calls_from_several_clones_lands_without_a_single_429() {
    let fake = FakeDiscord::start().await;
    let one = rest(&fake);
    let handles = [one.clone(), one.clone(), one];
    let calls = (0..120).map(|i| {
        let rest = handles[i % 3].clone();
        async move { rest.send(&format!("{}", 1000 + i), &hello()).await }
    });
    let started = std::time::Instant::now();
    let results = futures_util::future::join_all(calls).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(fake.too_many(), 0, "{:#?}", fake.arrivals());
    let arrivals = fake.arrivals();
    assert_eq!(arrivals.len(), 120);
    // Measured on the fake's side: no second holds more than 50 of them.
    for pair in arrivals.windows(GLOBAL_PER_SECOND + 1) {
        assert!(pair[GLOBAL_PER_SECOND].at.duration_since(pair[0].at) >= Duration::from_secs(1));
    }
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "120 calls at 50/s"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_429_holds_that_route_and_no_other_and_a_reply_waits_it_out() {
    let fake = FakeDiscord::start().await;
    let rest = rest(&fake);
    fake.fail_next(Route::Send, errors::rate_limited(2.0));
    assert_eq!(
        rest.send("111", &hello()).await,
        Err(RestError::RateLimited(Duration::from_secs(2)))
    );
    let hold = the_429(&fake.arrivals());
    rest.send("222", &hello()).await.unwrap();
    rest.send("111", &hello()).await.unwrap();
    let arrivals = fake.arrivals();
    let at = |route: &str| {
        arrivals
            .iter()
            .rfind(|a| a.route == route)
            .unwrap()
            .at
            .duration_since(hold.at)
    };
    assert!(
        at("POST channels/222/messages") < Duration::from_secs(2),
        "another channel is not held"
    );
    assert!(at("POST channels/111/messages") >= Duration::from_secs(2));

    // A follow-up to an interaction waits out its 429 and is sent again.
    fake.fail_next(Route::FollowUp, errors::rate_limited(0.5));
    rest.follow_up(APP_ID, "interaction-token", &hello())
        .await
        .unwrap();
    let tries: Vec<_> = fake
        .arrivals()
        .into_iter()
        .filter(|a| a.route.starts_with("POST webhooks/"))
        .collect();
    assert_eq!(tries.len(), 2);
    assert!(tries[1].at.duration_since(tries[0].at) >= Duration::from_millis(500));
    assert_eq!(tries[1].status, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bucket_with_nothing_remaining_is_waited_out_before_the_next_call_to_it() {
    let fake = FakeDiscord::start().await;
    let rest = rest(&fake);
    fake.exhaust_bucket("POST channels/111/messages", 1.0);
    rest.send("111", &hello()).await.unwrap();
    rest.send("111", &hello()).await.unwrap();
    let arrivals = fake.arrivals();
    assert_eq!(fake.too_many(), 0, "{arrivals:#?}");
    assert_eq!(arrivals.len(), 2);
    assert!(arrivals[1].at.duration_since(arrivals[0].at) >= Duration::from_secs(1));
}
