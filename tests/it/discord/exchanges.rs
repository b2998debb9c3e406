//! Several exchanges on Discord (issue 20 point 4): `/connect` takes an `exchange` option and
//! opens that exchange's modal; without it, the exchanges are offered as buttons, each
//! opening its modal; the submit connects the exchange the modal was for.

use dustpan::domain::Platform;
use dustpan::service::{Caller, ChannelKind};
use dustpan::sim::mexc::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
use serde_json::{Value, json};

use super::fixtures::interaction;
use super::{Place, buttons, command, press};
use crate::app::TestApp;

const ALICE: &str = "300000000000000041";

/// The submit of the modal `custom_id` with a key and a secret.
fn submit(custom_id: &str, key: &str, secret: &str) -> Value {
    let field = |id: &str, value: &str| json!({"type": 1, "components": [{"type": 4, "custom_id": id, "value": value}]});
    interaction(
        5,
        ALICE,
        Place::Server,
        json!({"custom_id": custom_id, "components": [field("key", key), field("secret", secret)]}),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_with_the_mexc_option_opens_the_mexc_modal_whose_submit_connects_mexc() {
    let mut t = TestApp::builder()
        .discord()
        .mexc(MexcSimConfig::demo())
        .build()
        .await;
    let d = t.discord();
    let response = d
        .interact(&command(
            ALICE,
            Place::Server,
            "connect",
            &[("exchange", "mexc")],
        ))
        .await;
    assert_eq!(response["type"], 9, "{response}");
    assert_eq!(response["data"]["custom_id"], "credentials:mexc");
    let title = response["data"]["title"].as_str().unwrap();
    assert!(
        title.contains("MEXC") && title.chars().count() <= 45,
        "{title}"
    );

    let ix = submit("credentials:mexc", MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET);
    let response = d.interact(&ix).await;
    let message = d.message(&ix, &response).await;
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("Connected key"),
        "{message}"
    );
    let who = Caller::new(Platform::Discord, ALICE, ChannelKind::ServerChannel);
    assert!(
        !t.app.service.is_connected(&who).await,
        "Binance is not connected: the key went to MEXC"
    );
    let ix = command(ALICE, Place::Server, "dust", &[("exchange", "mexc")]);
    let response = d.interact(&ix).await;
    let message = d.message(&ix, &response).await;
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("MEXC: your dust"),
        "{message}"
    );
    t.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_connect_offers_each_exchange_and_its_button_opens_that_exchanges_modal() {
    let mut t = TestApp::builder()
        .discord()
        .mexc(MexcSimConfig::demo())
        .build()
        .await;
    let d = t.discord();
    let ix = command(ALICE, Place::Server, "connect", &[]);
    let response = d.interact(&ix).await;
    let message = d.message(&ix, &response).await;
    let offered = buttons(&message);
    let labels: Vec<&str> = offered.iter().map(|(l, _, _)| l.as_str()).collect();
    let registered: Vec<&str> = t
        .app
        .service
        .exchange_ids()
        .iter()
        .map(|e| e.name())
        .collect();
    assert_eq!(labels, registered, "{message}");
    assert!(registered.starts_with(&["Binance", "MEXC"]));
    let response = d
        .interact(&press(ALICE, Place::Server, &offered[1].2))
        .await;
    assert_eq!(response["type"], 9, "{response}");
    assert_eq!(response["data"]["custom_id"], "credentials:mexc");
    let response = d
        .interact(&press(ALICE, Place::Server, &offered[0].2))
        .await;
    assert_eq!(response["data"]["custom_id"], "credentials");
    t.stop().await;
}
