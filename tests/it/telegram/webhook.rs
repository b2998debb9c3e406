//! Webhook mode: the app in process with TELEGRAM_WEBHOOK_* against the fake Bot API
//! (setWebhook recorded), updates POSTed to the listen address with and without the
//! secret header; and `dustpan run` with a listen address that is taken (its exit and its
//! one line on stderr are the binary's).

use std::time::{Duration, Instant};

use serde_json::Value;

use super::fake_api::{FakeBotApi, TOKEN, text_update};
use super::{has_text, run_bot, texts_to};
use crate::app::TestApp;
use crate::helpers::{TempDb, capture_logs};

const ALICE: i64 = 4004;
/// An obviously fake webhook secret (Telegram's alphabet: A-Z a-z 0-9 _ -).
const SECRET: &str = "FAKE-webhook-secret_0123456789";
const HOOK_URL: &str = "https://example.invalid/hook";

/// A loopback port nobody listens on (bound to port 0, then released).
fn free_port() -> std::net::SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

/// POSTs `update` to the webhook with the given secret header; waits (up to 15 s) for the
/// server to accept connections.
async fn post(listen: std::net::SocketAddr, update: &Value, secret: Option<&str>) -> u16 {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let mut req = client
            .post(format!("http://{listen}/hook"))
            .header("content-type", "application/json")
            .body(update.to_string());
        if let Some(s) = secret {
            req = req.header("X-Telegram-Bot-Api-Secret-Token", s);
        }
        match req.send().await {
            Ok(resp) => return resp.status().as_u16(),
            Err(e) => {
                assert!(
                    Instant::now() < deadline,
                    "the webhook at {listen} never answered: {e}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

// One thread, so that every log line of the app is captured.
#[tokio::test]
async fn webhook_mode_sets_the_webhook_refuses_updates_without_the_secret_and_answers_with_it() {
    let (logs, _guard) = capture_logs();
    let listen = free_port();
    let mut t = TestApp::builder()
        .telegram()
        .settings(&[
            ("TELEGRAM_WEBHOOK_URL", HOOK_URL),
            ("TELEGRAM_WEBHOOK_LISTEN", &listen.to_string()),
            ("TELEGRAM_WEBHOOK_SECRET", SECRET),
        ])
        .build()
        .await;
    let fake = t.telegram().clone();

    // Start-up: setWebhook with the public URL, the secret and the updates the bot handles.
    let calls = fake
        .wait_for("setWebhook", |c| c.iter().any(|c| c.method == "setwebhook"))
        .await;
    let set = &calls
        .iter()
        .find(|c| c.method == "setwebhook")
        .unwrap()
        .body;
    assert_eq!(set["url"], HOOK_URL, "{set}");
    assert_eq!(set["secret_token"], SECRET, "{set}");
    let allowed = set["allowed_updates"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for kind in ["message", "callback_query", "my_chat_member"] {
        assert!(allowed.iter().any(|a| a == kind), "{kind} not in {set}");
    }

    let mut update = text_update(&fake, ALICE, ALICE, "/start").0;
    update["update_id"] = serde_json::json!(1);

    // (a) No secret header, (b) a wrong one: refused, and nothing is answered.
    let status = post(listen, &update, None).await;
    assert_eq!(
        status, 401,
        "an update without the secret header was accepted"
    );
    let status = post(listen, &update, Some("FAKE-wrong-secret")).await;
    assert_eq!(status, 401, "an update with a wrong secret was accepted");
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        texts_to(&fake.calls(), "sendmessage", ALICE).is_empty(),
        "a refused update was handled"
    );

    // (c) The right secret: accepted and answered.
    let status = post(listen, &update, Some(SECRET)).await;
    assert!((200..300).contains(&status), "status {status}");
    fake.wait_for("the /start reply", |c| {
        !texts_to(c, "sendmessage", ALICE).is_empty()
    })
    .await;
    assert!(!has_text(&fake.calls(), "sendmessage", ALICE, SECRET));

    // Shutdown: a clean stop that leaves the webhook set (other instances may serve it).
    let result = t.stop_result().await;
    let log = logs.text();
    assert!(result.is_ok(), "{result:?}: {log}");
    assert!(
        fake.calls_of("deleteWebhook").is_empty(),
        "the webhook was deleted at shutdown"
    );
    assert_eq!(fake.webhook().map(|w| w.url).as_deref(), Some(HOOK_URL));
    assert!(
        !log.contains(SECRET),
        "the webhook secret was logged: {log}"
    );
    assert!(!log.contains(TOKEN), "the bot token was logged: {log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_taken_webhook_address_fails_start_up_with_one_line_naming_it() {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    // Someone else holds the port for the whole test.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let listen = taken.local_addr().unwrap().to_string();
    let (mut bot, stderr) = run_bot(
        &db,
        &fake.url(),
        "http://127.0.0.1:9",
        &[
            ("TELEGRAM_WEBHOOK_URL", HOOK_URL),
            ("TELEGRAM_WEBHOOK_LISTEN", &listen),
            ("TELEGRAM_WEBHOOK_SECRET", SECRET),
        ],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(s) = bot.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            Instant::now() < deadline,
            "still running with its webhook address taken: {}",
            stderr.text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // The pipe closes when the process ends; give the reader thread a moment.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let log = stderr.text();
    assert!(!status.success(), "exit {status:?}: {log}");
    assert!(!log.contains("panicked"), "{log}");
    let naming: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("TELEGRAM_WEBHOOK_LISTEN") && l.contains(&listen))
        .collect();
    assert_eq!(naming.len(), 1, "{log}");
    assert!(!log.contains(SECRET) && !log.contains(TOKEN), "{log}");
    // Telegram was not told to send updates to an address nobody serves.
    assert!(fake.calls_of("setWebhook").is_empty());
    drop(taken);
}

#[tokio::test]
async fn a_webhook_update_that_does_not_parse_is_never_logged_and_the_bot_keeps_serving() {
    /// An obviously fake key, in the shape of a Binance key part.
    const FAKE_KEY: &str = "FAKEkeyNEVERinLOGS0123456789abcdefFAKEkeyNEVERinLOGS0123456789ab";
    let (stderr, _guard) = capture_logs();
    let listen = free_port();
    let t = TestApp::builder()
        .telegram()
        .settings(&[
            ("TELEGRAM_WEBHOOK_URL", HOOK_URL),
            ("TELEGRAM_WEBHOOK_LISTEN", &listen.to_string()),
            ("TELEGRAM_WEBHOOK_SECRET", SECRET),
        ])
        .build()
        .await;
    let fake = t.telegram();
    fake.wait_for("setWebhook", |c| c.iter().any(|c| c.method == "setwebhook"))
        .await;

    // No update id: not an update at all. Then one whose message is malformed.
    let text = format!("/connect {FAKE_KEY} {FAKE_KEY}");
    let no_id = serde_json::json!({"message": {"chat": {"id": ALICE}, "text": text}});
    let status = post(listen, &no_id, Some(SECRET)).await;
    assert!((200..300).contains(&status), "status {status}");
    let bad_message =
        serde_json::json!({"update_id": 1, "message": {"message_id": "x", "text": text}});
    let status = post(listen, &bad_message, Some(SECRET)).await;
    assert!((200..300).contains(&status), "status {status}");

    let mut update = text_update(fake, ALICE, ALICE, "/start").0;
    update["update_id"] = serde_json::json!(2);
    let status = post(listen, &update, Some(SECRET)).await;
    assert!((200..300).contains(&status), "status {status}");
    fake.wait_for("the /start reply", |c| {
        !texts_to(c, "sendmessage", ALICE).is_empty()
    })
    .await;
    let log = stderr.text();
    assert!(log.contains("did not parse"), "{log}");
    assert!(
        !log.contains(FAKE_KEY),
        "an unparsed update was logged: {log}"
    );
}
