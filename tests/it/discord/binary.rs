//! `dustpan run` itself with only the Discord settings: the binary serves the signed
//! endpoint against the fake REST API and the simulator (without an interactions address
//! it takes the gateway: tests/it/discord/gateway.rs). One conversation walks the whole
//! product: PING, a bad signature, the localized registration, /connect's modal, /dust,
//! /convert with a press by someone else and a double Confirm, /swap, /settings, and the
//! reminder DM once a short cooldown is over.

use std::process::Stdio;

use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET, SimConfig};

use std::time::Duration;

use super::fake_api::Route;
use super::{Discord, Place, buttons, command, is_ephemeral, modal_submit, press};
use crate::helpers::{TempDb, dustpan, key_b64};

/// Kills the bot when the test ends, pass or fail.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dustpan_run_with_only_discord_settings_serves_signed_interactions_end_to_end() {
    // A short cooldown, so the reminder DM comes within the test.
    const COOLDOWN_SECS: u64 = 4;
    let mut config = SimConfig::demo();
    config.dust_cooldown = Duration::from_secs(COOLDOWN_SECS);
    let sim = dustpan::sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let d = Discord::start().await;
    let db = TempDb::new();
    let mut cmd = dustpan(db.dir.path());
    cmd.arg("run")
        .env("BINANCE_API_URL", sim.base_url())
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(9))
        .env("DUSTPAN_DUST_COOLDOWN", format!("{COOLDOWN_SECS}s"))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in d.settings() {
        cmd.env(k, v);
    }
    let _bot = Running(cmd.spawn().expect("start dustpan run"));

    let ping = serde_json::json!({"id": "1", "application_id": "1", "type": 1, "token": "FAKE-t", "version": 1});
    assert_eq!(d.interact(&ping).await, serde_json::json!({"type": 1}));
    // A signature that is not Discord's: 401, nothing done.
    let body = ping.to_string();
    let ts = chrono::Utc::now().timestamp().to_string();
    let mut forged = d.sign(&ts, body.as_bytes());
    forged.replace_range(..2, if forged.starts_with("00") { "11" } else { "00" });
    let (status, _) = d.post_raw(body.as_bytes(), Some((&forged, &ts))).await;
    assert_eq!(status, 401);
    let registration = d.registration().await;
    let dust = registration
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "dust")
        .unwrap();
    assert!(
        dust["description_localizations"]["ru"].is_string()
            && dust["description_localizations"]["zh-CN"].is_string(),
        "{dust}"
    );

    const USER: &str = "300000000000000077";
    let response = d
        .interact(&command(
            USER,
            Place::Server,
            "connect",
            &[("exchange", "binance")],
        ))
        .await;
    assert_eq!(response["type"], 9, "{response}");
    let submit = modal_submit(USER, Place::Server, DEMO_API_KEY, DEMO_API_SECRET);
    let response = d.interact(&submit).await;
    let message = d.message(&submit, &response).await;
    assert!(
        message["content"]
            .as_str()
            .unwrap()
            .contains("Connected key")
    );

    let ix = command(USER, Place::Server, "dust", &[]);
    let response = d.interact(&ix).await;
    let message = d.message(&ix, &response).await;
    let flags_at = if response["type"] == 5 {
        &response["data"]
    } else {
        &message
    };
    assert!(is_ephemeral(flags_at), "{response}");
    assert!(message["content"].as_str().unwrap().contains("Your dust"));

    // /convert two assets (dust worth a reminder stays): someone else's press is refused,
    // a double Confirm converts once.
    let ix = command(USER, Place::Server, "convert", &[("assets", "ADA XRP")]);
    let response = d.interact(&ix).await;
    let screen = d.message(&ix, &response).await;
    let confirm = buttons(&screen)
        .into_iter()
        .find(|(label, _, _)| label == "Confirm")
        .unwrap_or_else(|| panic!("no Confirm: {screen}"))
        .2;
    let other = press("300000000000000078", Place::Server, &confirm);
    let refused = d.interact(&other).await;
    let refused = d.message(&other, &refused).await;
    assert!(
        refused["content"]
            .as_str()
            .unwrap()
            .contains("belongs to someone else"),
        "{refused}"
    );
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 0);
    let (first, second) = (
        press(USER, Place::Server, &confirm),
        press(USER, Place::Server, &confirm),
    );
    let (a, b) = tokio::join!(d.interact(&first), d.interact(&second));
    // Both presses answered; one conversion.
    let (a, b) = tokio::join!(d.message(&first, &a), d.message(&second, &b));
    assert!(a.is_object() && b.is_object());
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);

    // /swap opens its quote; /settings shows the settings, to the caller alone.
    let ix = command(
        USER,
        Place::Server,
        "swap",
        &[("from", "ETH"), ("to", "USDT"), ("amount", "0.01")],
    );
    let response = d.interact(&ix).await;
    let quote = d.message(&ix, &response).await;
    assert!(
        buttons(&quote)
            .iter()
            .any(|(label, _, _)| label == "Confirm"),
        "{quote}"
    );
    let ix = command(USER, Place::Server, "settings", &[]);
    let response = d.interact(&ix).await;
    let settings = d.message(&ix, &response).await;
    assert!(is_ephemeral(&settings) || is_ephemeral(&response["data"]));
    assert!(
        settings["content"].as_str().unwrap().contains("Reminders"),
        "{settings}"
    );

    // The cooldown is over: the reminder comes as a DM.
    let calls = d
        .fake
        .wait_for("the reminder DM", |c| {
            c.iter().any(|c| c.route == Route::Send)
        })
        .await;
    assert_eq!(calls.iter().filter(|c| c.route == Route::OpenDm).count(), 1);
    let dm = calls.iter().find(|c| c.route == Route::Send).unwrap();
    assert!(
        dm.body["content"]
            .as_str()
            .unwrap()
            .contains("cooldown is over"),
        "{}",
        dm.body
    );
    assert!(d.fake.calls().iter().all(|c| c.authorized));
    assert_eq!(d.fake.calls_to(Route::Application).len(), 1);
}
