//! Autocomplete of asset options through the signed endpoint: Discord's AUTOCOMPLETE
//! payload (the option being typed marked `focused`) answered with type 8 and at most 25
//! choices matching what was typed — the caller's dust for /convert, their balances for
//! /swap's source, the exchange's listed assets for its target — read from the exchange at
//! most once a while, never an error, nothing stored.

use std::time::{Duration, Instant};

use dustpan::domain::Platform;
use serde_json::Value;

use super::{Discord, Place, autocomplete};
use crate::app::TestApp;

const ALICE: &str = "300000000000000301";
const STRANGER: &str = "300000000000000302";

/// The choices of an autocomplete answer, each checked against Discord's limits.
async fn choices(
    d: &Discord,
    command: &str,
    others: &[(&str, &str)],
    focused: &str,
    typed: &str,
) -> Vec<String> {
    let response = d
        .interact(&autocomplete(
            ALICE,
            Place::Server,
            command,
            others,
            focused,
            typed,
        ))
        .await;
    values_of(&response)
}

fn values_of(response: &Value) -> Vec<String> {
    assert_eq!(response["type"], 8, "{response}");
    let choices = response["data"]["choices"].as_array().expect("choices");
    assert!(choices.len() <= 25, "{response}");
    choices
        .iter()
        .map(|c| {
            let (name, value) = (c["name"].as_str().unwrap(), c["value"].as_str().unwrap());
            assert!((1..=100).contains(&name.chars().count()), "{c}");
            assert!((1..=100).contains(&value.chars().count()), "{c}");
            assert_eq!(name, value);
            value.to_owned()
        })
        .collect()
}

async fn connect(t: &TestApp, user: &str) {
    use dustpan::service::{Caller, ChannelKind};
    let who = Caller::new(Platform::Discord, user, ChannelKind::DirectMessage);
    let reply = t
        .send(
            &who,
            &format!(
                "/connect {} {}",
                dustpan::sim::DEMO_API_KEY,
                dustpan::sim::DEMO_API_SECRET
            ),
        )
        .await;
    crate::replies::assert_key(&reply, "connect-done");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asset_options_are_completed_from_the_users_dust_balances_and_the_exchanges_listing() {
    let mut t = TestApp::builder().discord().build().await;
    connect(&t, ALICE).await;
    let d = t.discord();

    // /convert: the caller's dust only, those starting with the text first.
    let dust = choices(d, "convert", &[], "assets", "").await;
    assert!(dust.contains(&"ADA".to_owned()), "{dust:?}");
    for not_dust in ["USDT", "ETH", "BNB", "MATIC"] {
        assert!(
            !dust.contains(&not_dust.to_owned()),
            "{not_dust} in {dust:?}"
        );
    }
    assert_eq!(
        choices(d, "convert", &[], "assets", "a").await,
        ["ACT", "ADA", "ATOM"]
    );
    assert_eq!(
        choices(d, "convert", &[], "assets", "t").await,
        ["TRX", "ACT", "ATOM", "DOT"]
    );
    assert_eq!(
        choices(d, "convert", &[], "assets", "Do").await,
        ["DOGE", "DOT"]
    );
    // A list is completed at its last item, without the items already in it.
    let list = choices(d, "convert", &[], "assets", "ada, d").await;
    assert_eq!(list, ["ada, DOGE", "ada, DOT"]);
    let again = choices(d, "convert", &[], "assets", "ada,a").await;
    assert!(
        !again.contains(&"ada,ADA".to_owned()) && !again.is_empty(),
        "{again:?}"
    );
    // No choice past Discord's 100 characters: a long list gets none that would overflow.
    let fits = format!("{}x", "doge,".repeat(19));
    let last = choices(d, "convert", &[], "assets", &fits).await;
    let head = "doge,".repeat(19);
    assert_eq!(last, [format!("{head}XRP"), format!("{head}TRX")]);
    assert_eq!(last[0].chars().count(), 98);
    let overflows = format!("{}x", "doge,".repeat(20));
    assert!(
        choices(d, "convert", &[], "assets", &overflows)
            .await
            .is_empty()
    );

    // /swap from: any asset held, not only dust; prefix matches before other matches.
    let from = choices(d, "swap", &[], "from", "us").await;
    assert_eq!(from, ["USDT", "FDUSD"]);
    assert_eq!(choices(d, "swap", &[], "from", "eth").await, ["ETH"]);
    // /swap to: the exchange's listed assets, at most 25.
    let to = choices(d, "swap", &[("from", "ada")], "to", "").await;
    assert_eq!(to.len(), 25, "{to:?}");
    let to_us = choices(d, "swap", &[("from", "ada")], "to", "US").await;
    assert_eq!(to_us, ["USDC", "USDT", "FDUSD"]);
    // Options that name no asset get nothing.
    assert!(choices(d, "swap", &[], "amount", "1").await.is_empty());
    assert!(choices(d, "settings", &[], "value", "").await.is_empty());

    // However fast they type, the user's lists were read from the exchange once each.
    assert_eq!(t.sim.request_count("POST", "/sapi/v1/asset/dust-btc"), 1);
    assert_eq!(
        t.sim.request_count("POST", "/sapi/v3/asset/getUserAsset"),
        1
    );
    // Answers only: nothing was sent through Discord's REST API.
    assert!(d.fake.calls_to(super::fake_api::Route::FollowUp).is_empty());
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn someone_without_a_key_is_offered_the_listing_only_and_is_not_made_a_user() {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    for (command, others, focused) in [("convert", &[][..], "assets"), ("swap", &[][..], "from")] {
        let response = d
            .interact(&autocomplete(
                STRANGER,
                Place::Dm,
                command,
                others,
                focused,
                "a",
            ))
            .await;
        assert!(values_of(&response).is_empty(), "{command} {response}");
    }
    let response = d
        .interact(&autocomplete(
            STRANGER,
            Place::Dm,
            "swap",
            &[("from", "ada")],
            "to",
            "bn",
        ))
        .await;
    assert_eq!(
        values_of(&response).first().map(String::as_str),
        Some("BNB")
    );
    assert!(
        t.app
            .db
            .user(Platform::Discord, STRANGER, false)
            .await
            .unwrap()
            .is_none(),
        "typing created a user"
    );
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_exchange_gets_an_empty_answer_within_three_seconds_and_the_next_keystroke_the_list()
{
    let mut t = TestApp::builder().discord().build().await;
    connect(&t, ALICE).await;
    let d = t.discord();
    t.sim.set_latency(Duration::from_millis(2600));
    let started = Instant::now();
    assert!(choices(d, "convert", &[], "assets", "a").await.is_empty());
    let took = started.elapsed();
    assert!(took < Duration::from_secs(3), "answered after {took:?}");
    // The read went on after the answer: once it is in, typing finds the list at once,
    // the exchange still slow.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let started = Instant::now();
        let got = choices(d, "convert", &[], "assets", "a").await;
        if !got.is_empty() {
            assert!(started.elapsed() < Duration::from_secs(2));
            break;
        }
        assert!(Instant::now() < deadline, "the list never arrived");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(t.sim.request_count("POST", "/sapi/v1/asset/dust-btc"), 1);
    t.sim.set_latency(Duration::ZERO);
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_marks_every_asset_option_autocompleted_and_no_other() {
    let mut t = TestApp::builder().discord().build().await;
    let body = t.discord().registration().await;
    let mut autocompleted = Vec::new();
    for c in body.as_array().unwrap() {
        for o in c["options"].as_array().unwrap() {
            let name = format!(
                "{} {}",
                c["name"].as_str().unwrap(),
                o["name"].as_str().unwrap()
            );
            if o["autocomplete"] == true {
                // Discord refuses an option with both.
                assert!(o.get("choices").is_none(), "{name}: {o}");
                assert_eq!(o["type"], 3, "{name}");
                autocompleted.push(name);
            } else {
                assert!(o.get("autocomplete").is_none(), "{name}: {o}");
            }
        }
    }
    assert_eq!(autocompleted, ["convert assets", "swap from", "swap to"]);
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_answers_an_autocomplete_with_the_same_choices_as_the_endpoint() {
    use dustpan::frontends::discord::gateway::Handler;
    use dustpan::frontends::discord::rest::Rest;
    use secrecy::SecretString;

    let mut t = TestApp::builder().discord().build().await;
    connect(&t, ALICE).await;
    let d = t.discord();
    let rest = Rest::new(
        d.fake.url().parse().unwrap(),
        SecretString::from(super::fake_api::TOKEN.to_owned()),
    )
    .unwrap();
    let gateway = Handler::new(t.app.service.clone(), rest, super::fake_api::APP_ID).unwrap();
    for (command, others, focused, typed) in [
        ("convert", &[][..], "assets", "ada, d"),
        ("swap", &[][..], "from", "us"),
        ("swap", &[("from", "ada")][..], "to", "bn"),
    ] {
        let ix = autocomplete(ALICE, Place::Server, command, others, focused, typed);
        let over_http = d.interact(&ix).await;
        let over_gateway = super::gateway::via_gateway(&gateway, d, &ix).await;
        assert!(!values_of(&over_http).is_empty(), "{command} {focused}");
        assert_eq!(over_gateway, over_http, "{command} {focused}");
    }
    t.stop().await;
}
