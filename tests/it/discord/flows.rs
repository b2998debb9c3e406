//! Conversations through the endpoint: replies with account data shown to the caller
//! alone in a server, /connect as a modal whose submit connects (nothing of the key sent
//! anywhere), a press by someone else refused, a double press of Confirm converting once,
//! and a slow exchange answered with a deferral and an edit.

use std::time::Duration;

use dustpan::domain::Platform;
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET};

use super::fake_api::{Route, message_problem};
use super::{Discord, Place, buttons, command, is_ephemeral, modal_submit, press};
use crate::app::TestApp;

const ALICE: &str = "300000000000000001";
const MALLORY: &str = "300000000000000002";

/// Connects `user` with the demo key through the service (as a modal submit would).
async fn connected(t: &TestApp, user: &str) {
    let who = Caller::new(Platform::Discord, user, ChannelKind::DirectMessage);
    let reply = t
        .send(&who, &format!("/connect {DEMO_API_KEY} {DEMO_API_SECRET}"))
        .await;
    crate::replies::assert_key(&reply, "connect-done");
}

/// Sends `ix` and returns (response, the message it leads to), the message checked
/// against Discord's limits.
async fn exchange(d: &Discord, ix: &serde_json::Value) -> (serde_json::Value, serde_json::Value) {
    let response = d.interact(ix).await;
    let message = d.message(ix, &response).await;
    assert_eq!(message_problem(&message), None, "{message}");
    (response, message)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dust_in_a_server_channel_is_shown_to_the_caller_alone_and_help_to_everyone() {
    let mut t = TestApp::builder().discord().build().await;
    connected(&t, ALICE).await;
    let d = t.discord();

    let (response, message) = exchange(d, &command(ALICE, Place::Server, "dust", &[])).await;
    let flags_at = if response["type"] == 5 {
        &response["data"]
    } else {
        &message
    };
    assert!(is_ephemeral(flags_at), "{response}");
    let content = message["content"].as_str().unwrap();
    assert!(content.contains("Your dust"), "{content}");
    assert!(content.encode_utf16().count() <= 2000);
    assert_eq!(message["allowed_mentions"]["parse"], serde_json::json!([]));

    // Nothing of the account in /help: the whole channel may see it.
    let (response, message) = exchange(d, &command(ALICE, Place::Server, "help", &[])).await;
    assert_eq!(response["type"], 4);
    assert!(!is_ephemeral(&message), "{message}");

    // In the bot's DM nobody else reads along: no flag needed.
    let (response, message) = exchange(d, &command(ALICE, Place::Dm, "dust", &[])).await;
    assert!(
        !is_ephemeral(&message) && !is_ephemeral(&response["data"]),
        "{response}"
    );
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_opens_a_modal_whose_submit_connects_and_the_key_is_echoed_nowhere() {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();

    let response = d
        .interact(&command(
            ALICE,
            Place::Server,
            "connect",
            &[("exchange", "binance")],
        ))
        .await;
    assert_eq!(response["type"], 9, "{response}");
    let modal = &response["data"];
    assert_eq!(modal["custom_id"], "credentials");
    assert!(modal["title"].as_str().unwrap().chars().count() <= 45);
    let inputs: Vec<(&str, &str)> = modal["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let input = &row["components"][0];
            assert_eq!(input["type"], 4);
            assert!(input["label"].as_str().unwrap().chars().count() <= 45);
            (
                input["custom_id"].as_str().unwrap(),
                input["label"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(inputs, [("key", "API key"), ("secret", "API secret")]);

    let submit = modal_submit(ALICE, Place::Server, DEMO_API_KEY, DEMO_API_SECRET);
    let (response, message) = exchange(d, &submit).await;
    let flags_at = if response["type"] == 5 {
        &response["data"]
    } else {
        &message
    };
    assert!(is_ephemeral(flags_at), "{response}");
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("Connected key"),
        "{message}"
    );
    let who = Caller::new(Platform::Discord, ALICE, ChannelKind::ServerChannel);
    assert!(t.app.service.is_connected(&who).await);

    // Neither the responses nor any call to Discord carries the key or the secret.
    let everything = format!(
        "{response}{message}{:?}",
        d.fake
            .calls()
            .iter()
            .map(|c| c.body.to_string())
            .collect::<Vec<_>>()
    );
    assert!(!everything.contains(DEMO_API_KEY) && !everything.contains(DEMO_API_SECRET));
    assert!(!everything.contains(&DEMO_API_KEY[..12]));
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_press_by_someone_else_is_refused_and_a_double_press_of_confirm_converts_once() {
    let mut t = TestApp::builder().discord().build().await;
    connected(&t, ALICE).await;
    let d = t.discord();

    let ix = command(ALICE, Place::Server, "convert", &[("assets", "ADA XRP")]);
    let (_, screen) = exchange(d, &ix).await;
    let confirm = buttons(&screen)
        .into_iter()
        .find(|(_, style, _)| *style == 3)
        .unwrap_or_else(|| panic!("no Confirm button: {screen}"));
    assert_eq!(confirm.0, "Confirm");
    assert!(!confirm.2.is_empty() && confirm.2.len() <= 100);

    // Mallory sees the button (say the screen was shared) and presses it: refused.
    let (response, message) = exchange(d, &press(MALLORY, Place::Server, &confirm.2)).await;
    assert_eq!(response["type"], 4, "{response}");
    assert!(is_ephemeral(&message));
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("belongs to someone else"),
        "{message}"
    );
    assert_eq!(t.dust_posts(), 0);

    // Alice double-taps Confirm: both presses are answered, one conversion is made.
    let first = press(ALICE, Place::Server, &confirm.2);
    let second = press(ALICE, Place::Server, &confirm.2);
    let (a, b) = tokio::join!(exchange(d, &first), exchange(d, &second));
    for (response, _) in [&a, &b] {
        assert!(
            [4, 6, 7].contains(&response["type"].as_u64().unwrap()),
            "{response}"
        );
    }
    assert_eq!(t.dust_posts(), 1);
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_exchange_gets_a_deferral_within_discords_3_seconds_and_the_reply_as_an_edit() {
    let mut t = TestApp::builder().discord().build().await;
    connected(&t, ALICE).await;
    let d = t.discord();
    let ix = command(ALICE, Place::Server, "convert", &[("assets", "ADA XRP")]);
    let (_, screen) = exchange(d, &ix).await;
    let confirm = buttons(&screen)
        .into_iter()
        .find(|(_, style, _)| *style == 3)
        .unwrap();
    // Each exchange call now takes longer than the endpoint waits before deferring.
    t.sim.set_latency(Duration::from_millis(2100));

    // Discord's answer to the first edit: 429, retry after 0.3 s.
    d.fake.fail_next(
        Route::EditOriginal,
        super::fake_api::errors::rate_limited(0.3),
    );
    let ix = command(ALICE, Place::Server, "dust", &[]);
    let started = std::time::Instant::now();
    let response = d.interact(&ix).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response["type"], 5, "{response}");
    assert!(is_ephemeral(&response["data"]));
    let calls = d
        .fake
        .wait_for("the edit, again after the 429", |c| {
            c.iter().filter(|c| c.route == Route::EditOriginal).count() == 2
        })
        .await;
    let edits: Vec<_> = calls
        .iter()
        .filter(|c| c.route == Route::EditOriginal)
        .collect();
    assert_eq!(
        edits[0].body, edits[1].body,
        "the same edit, sent once more"
    );
    assert!(
        edits[1].body["content"]
            .as_str()
            .unwrap()
            .contains("Your dust")
    );
    let edit = &d.fake.calls_to(Route::EditOriginal)[0];
    assert_eq!(edit.method, axum::http::Method::PATCH);
    assert!(edit.path.ends_with("/messages/@original") && edit.authorized);
    assert!(
        edit.body.get("flags").is_none(),
        "an edit cannot change the flags"
    );

    // A press: acknowledged without a loading message (6), the result edited in.
    let ix = press(ALICE, Place::Server, &confirm.2);
    let started = std::time::Instant::now();
    let response = d.interact(&ix).await;
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response, serde_json::json!({"type": 6}));
    let message = d.message(&ix, &response).await;
    assert_eq!(message_problem(&message), None);
    assert_eq!(t.dust_posts(), 1);
    t.sim.set_latency(Duration::ZERO);
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reminder_reaches_the_user_as_a_dm_when_the_test_clock_passes_the_cooldown() {
    let mut t = TestApp::builder().discord().build().await;
    connected(&t, ALICE).await;
    let d = t.discord();
    d.registration().await;
    // Two assets only, so dust worth a reminder is left.
    let ix = command(ALICE, Place::Dm, "convert", &[("assets", "ADA XRP")]);
    let (_, screen) = exchange(d, &ix).await;
    let confirm = buttons(&screen)
        .into_iter()
        .find(|(_, style, _)| *style == 3)
        .unwrap();
    exchange(d, &press(ALICE, Place::Dm, &confirm.2)).await;
    assert_eq!(t.dust_posts(), 1);

    t.advance(crate::app::COOLDOWN + Duration::from_secs(60));
    let channel = format!("channels/7{ALICE}/messages");
    let calls = d
        .fake
        .wait_for("the reminder DM", |c| {
            c.iter()
                .any(|c| c.route == Route::Send && c.path == channel)
        })
        .await;
    let opened: Vec<_> = calls.iter().filter(|c| c.route == Route::OpenDm).collect();
    assert_eq!(opened.len(), 1);
    assert_eq!(opened[0].body["recipient_id"], ALICE);
    let dm = calls.iter().find(|c| c.route == Route::Send).unwrap();
    let content = dm.body["content"].as_str().unwrap();
    assert!(content.contains("cooldown is over"), "{content}");
    assert!(
        buttons(&dm.body)
            .iter()
            .any(|(label, _, _)| label == "Convert now"),
        "{}",
        dm.body
    );
    t.stop().await;
}
