//! The gateway transport: serenity `Interaction`s built from Discord's documented JSON,
//! handed to the gateway's handler, answered through the fake REST API with the very
//! responses the HTTP endpoint gives; and `dustpan run` without an interactions address
//! asking for the gateway, and stopping cleanly on SIGTERM.

use std::process::Stdio;
use std::time::{Duration, Instant};

use dustpan::frontends::discord::gateway::Handler;
use dustpan::frontends::discord::rest::Rest;
use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET};
use secrecy::SecretString;
use serde_json::{Value, json};
use serenity::all::Interaction;

use super::fake_api::{APP_ID, Route, TOKEN};
use super::{Discord, Place, buttons, command, modal_submit, press};
use crate::app::TestApp;
use crate::helpers::{TempDb, dustpan, key_b64};

/// Hands `ix` to the gateway's handler; the callback it POSTed for it.
pub(super) async fn via_gateway(handler: &Handler, d: &Discord, ix: &Value) -> Value {
    let interaction: Interaction =
        serde_json::from_value(ix.clone()).expect("serenity reads Discord's JSON");
    handler
        .handle(&interaction)
        .await
        .expect("callback accepted");
    let path = format!(
        "interactions/{}/{}/callback",
        ix["id"].as_str().unwrap(),
        ix["token"].as_str().unwrap()
    );
    let calls = d
        .fake
        .wait_for("the callback", |c| c.iter().any(|c| c.path == path))
        .await;
    let call = calls.into_iter().find(|c| c.path == path).unwrap();
    assert_eq!(call.route, Route::Callback);
    assert!(call.authorized);
    call.body
}

/// The buttons of the last follow-up to `ix` that has any (waited for).
async fn last_buttons(d: &Discord, ix: &Value) -> Vec<(String, u64, String)> {
    let path = format!("webhooks/{APP_ID}/{}", ix["token"].as_str().unwrap());
    let with_buttons = |c: &super::fake_api::Call| {
        c.route == Route::FollowUp && c.path == path && !buttons(&c.body).is_empty()
    };
    let calls = d
        .fake
        .wait_for("a follow-up with buttons", |c| c.iter().any(with_buttons))
        .await;
    let last = calls.into_iter().rfind(with_buttons).unwrap();
    buttons(&last.body)
}

/// A response or message with its opaque tokens (custom ids, menu options' values)
/// blanked: they differ from user to user by design.
fn shape(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("custom_id" | "value", Value::String(_)) => (k.clone(), json!("<token>")),
                    _ => (k.clone(), shape(v)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(shape).collect()),
        other => other.clone(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gateway_answers_a_command_a_modal_and_a_press_as_the_http_endpoint_does() {
    let mut t = TestApp::builder().discord().build().await;
    let d = t.discord();
    let rest = Rest::new(
        d.fake.url().parse().unwrap(),
        SecretString::from(TOKEN.to_owned()),
    )
    .unwrap();
    let gateway = Handler::new(t.app.service.clone(), rest, APP_ID).unwrap();
    // The same steps by two users, one over each transport.
    const OVER_HTTP: &str = "300000000000000101";
    const OVER_GATEWAY: &str = "300000000000000102";

    // /connect in a server: the credentials modal.
    let (h, g) = (
        command(
            OVER_HTTP,
            Place::Server,
            "connect",
            &[("exchange", "binance")],
        ),
        command(
            OVER_GATEWAY,
            Place::Server,
            "connect",
            &[("exchange", "binance")],
        ),
    );
    let (rh, rg) = (d.interact(&h).await, via_gateway(&gateway, d, &g).await);
    assert_eq!(rg["type"], 9, "{rg}");
    assert_eq!(shape(&rg), shape(&rh));

    // The modal submitted: the key checked and stored.
    let (h, g) = (
        modal_submit(OVER_HTTP, Place::Server, DEMO_API_KEY, DEMO_API_SECRET),
        modal_submit(OVER_GATEWAY, Place::Server, DEMO_API_KEY, DEMO_API_SECRET),
    );
    let (rh, rg) = (d.interact(&h).await, via_gateway(&gateway, d, &g).await);
    assert_eq!(rg["type"], rh["type"], "{rg} vs {rh}");
    let (mh, mg) = (d.message(&h, &rh).await, d.message(&g, &rg).await);
    assert!(mg["content"].as_str().unwrap().contains("Connected key"));
    assert_eq!(shape(&mg), shape(&mh));
    assert!(!rg.to_string().contains(DEMO_API_SECRET));

    // /dust in a server: the same ephemeral message with the same buttons.
    let (h, g) = (
        command(OVER_HTTP, Place::Server, "dust", &[]),
        command(OVER_GATEWAY, Place::Server, "dust", &[]),
    );
    let (rh, rg) = (d.interact(&h).await, via_gateway(&gateway, d, &g).await);
    assert_eq!(shape(&rg), shape(&rh));
    let (mh, mg) = (d.message(&h, &rh).await, d.message(&g, &rg).await);
    assert!(mg["content"].as_str().unwrap().contains("Your dust"));
    assert_eq!(shape(&mg), shape(&mh));
    let flags_at = if rg["type"] == 5 { &rg["data"] } else { &mg };
    assert!(super::is_ephemeral(flags_at), "{rg}");
    // The dust list is long: its buttons come in the last follow-up.
    let (bh, bg) = (last_buttons(d, &h).await, last_buttons(d, &g).await);
    assert_eq!(
        bg.iter().map(|b| (&b.0, b.1)).collect::<Vec<_>>(),
        bh.iter().map(|b| (&b.0, b.1)).collect::<Vec<_>>()
    );

    // The first button pressed: the same answer again.
    let (h, g) = (
        press(OVER_HTTP, Place::Server, &bh[0].2),
        press(OVER_GATEWAY, Place::Server, &bg[0].2),
    );
    let (rh, rg) = (d.interact(&h).await, via_gateway(&gateway, d, &g).await);
    assert_eq!(rg["type"], rh["type"], "{rg} vs {rh}");
    assert_eq!(shape(&rg), shape(&rh));
    t.stop().await;
}

/// Kills the bot when the test ends, pass or fail.
struct Running(std::process::Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn run_over_the_gateway(db: &TempDb, d: &Discord) -> std::process::Command {
    let mut cmd = dustpan(db.dir.path());
    cmd.arg("run")
        .env("BINANCE_API_URL", "http://127.0.0.1:9")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(9))
        .env("DISCORD_BOT_TOKEN", TOKEN)
        .env("DISCORD_API_URL", d.fake.url());
    cmd
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dustpan_run_without_an_interactions_address_asks_for_the_gateway_and_stops_on_sigterm() {
    let d = Discord::start().await;
    let db = TempDb::new();
    let mut child = run_over_the_gateway(&db, &d)
        .env("DUSTPAN_OPS_LISTEN", "127.0.0.1:0")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan run");
    // The log is read as it comes: the ops endpoint's address, then everything.
    let stderr = child.stderr.take().unwrap();
    let mut bot = Running(child);
    let (tx, rx) = std::sync::mpsc::channel();
    let log = std::thread::spawn(move || {
        use std::io::BufRead as _;
        let mut all = String::new();
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            if let Some(at) = line.find("ops endpoint listening on ") {
                let _ = tx.send(
                    line[at + "ops endpoint listening on ".len()..]
                        .trim()
                        .to_owned(),
                );
            }
            all.push_str(&line);
            all.push('\n');
        }
        all
    });
    d.registration().await;
    d.fake
        .wait_for("the gateway's address asked for", |c| {
            c.iter().any(|c| c.path == "gateway/bot")
        })
        .await;
    // The shard keeps trying the (unreachable) gateway: the bot stays up meanwhile, and
    // its health says Discord is not connected.
    let base = tokio::task::spawn_blocking(move || rx.recv_timeout(Duration::from_secs(60)))
        .await
        .unwrap()
        .expect("the ops endpoint's address is logged");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(bot.0.try_wait().unwrap().is_none(), "the bot stopped");
    let health: Value = reqwest::get(format!("{base}/healthz"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health["frontends"]["discord"], "failing", "{health}");

    let _ = std::process::Command::new("kill")
        .args(["-TERM", &bot.0.id().to_string()])
        .status();
    let stopped = Instant::now();
    let status = loop {
        if let Some(s) = bot.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(20),
            "no exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let stderr = log.join().unwrap();
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(!stderr.contains(TOKEN));
    assert!(d.fake.calls().iter().all(|c| c.authorized));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dustpan_run_exits_saying_so_when_discord_refuses_the_gateway() {
    let d = Discord::start().await;
    d.fake.fail_next(
        Route::Gateway,
        (
            401,
            vec![],
            json!({"message": "401: Unauthorized", "code": 0}),
        ),
    );
    let db = TempDb::new();
    let out = tokio::task::spawn_blocking({
        let mut cmd = run_over_the_gateway(&db, &d);
        move || cmd.output().expect("run binary")
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("gateway"), "{stderr}");
    assert!(!stderr.contains(TOKEN));
    assert_eq!(
        d.fake
            .calls_to(Route::Gateway)
            .iter()
            .map(|c| c.path.as_str())
            .collect::<Vec<_>>(),
        ["gateway/bot"]
    );
}
