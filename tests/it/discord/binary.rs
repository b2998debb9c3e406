//! `dustpan run` itself with only the Discord settings: the binary serves the signed
//! endpoint against the fake REST API and the simulator (without an interactions address
//! it takes the gateway: tests/it/discord/gateway.rs).

use std::process::Stdio;

use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET, SimConfig};

use super::fake_api::Route;
use super::{Discord, Place, command, is_ephemeral, modal_submit};
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
    let sim = dustpan::sim::start(SimConfig::demo(), "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let d = Discord::start().await;
    let db = TempDb::new();
    let mut cmd = dustpan(db.dir.path());
    cmd.arg("run")
        .env("BINANCE_API_URL", sim.base_url())
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(9))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    for (k, v) in d.settings() {
        cmd.env(k, v);
    }
    let _bot = Running(cmd.spawn().expect("start dustpan run"));

    let ping = serde_json::json!({"id": "1", "application_id": "1", "type": 1, "token": "FAKE-t", "version": 1});
    assert_eq!(d.interact(&ping).await, serde_json::json!({"type": 1}));
    d.registration().await;

    const USER: &str = "300000000000000077";
    let response = d
        .interact(&command(USER, Place::Server, "connect", &[]))
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
    assert!(d.fake.calls().iter().all(|c| c.authorized));
    assert_eq!(d.fake.calls_to(Route::Application).len(), 1);
}
