//! Several `dustpan run` instances serving one Telegram webhook (issue 21): the real binary
//! against the fake Bot API, which keeps the webhook as Telegram does (getWebhookInfo's
//! fields, never the secret). SIGTERM leaves the webhook set; a second instance with the
//! same settings leaves it as it is (no setWebhook, so nothing reset and nothing dropped),
//! and the first keeps receiving updates, also after the second stopped. `dustpan
//! telegram delete-webhook` removes it on purpose.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::fake_api::{FakeBotApi, TOKEN, text_update};
use super::{Bot, Stderr, run_bot, texts_to};
use crate::helpers::{TempDb, dustpan, key_b64};

const HOOK_URL: &str = "https://example.invalid/hook";
const ALICE: i64 = 7007;
const BOB: i64 = 7008;

fn free_port() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

fn webhook_bot(db: &TempDb, fake: &FakeBotApi, listen: &str) -> (Bot, Stderr) {
    run_bot(
        db,
        &fake.url(),
        "http://127.0.0.1:9",
        &[
            ("TELEGRAM_WEBHOOK_URL", HOOK_URL),
            ("TELEGRAM_WEBHOOK_LISTEN", listen),
        ],
    )
}

/// SIGTERM, then the exit status (within a generous bound).
async fn terminate(bot: &mut Bot, stderr: &Stderr) -> std::process::ExitStatus {
    let pid = bot.0.id().to_string();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Some(s) = bot.0.try_wait().unwrap() {
            return s;
        }
        assert!(
            Instant::now() < deadline,
            "no exit after SIGTERM: {}",
            stderr.text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Delivers `update` to the webhook at `listen` as Telegram would, with the secret
/// Telegram holds; retries until the instance answers (up to 30 s).
async fn deliver(fake: &FakeBotApi, listen: SocketAddr, update: &Value) -> u16 {
    let secret = fake
        .webhook()
        .and_then(|w| w.secret)
        .expect("a webhook with a secret is set");
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let sent = client
            .post(format!("http://{listen}/hook"))
            .header("content-type", "application/json")
            .header("X-Telegram-Bot-Api-Secret-Token", &secret)
            .body(update.to_string())
            .send()
            .await;
        match sent {
            Ok(resp) => return resp.status().as_u16(),
            Err(e) => {
                assert!(Instant::now() < deadline, "{listen} never answered: {e}");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }
}

/// getWebhookInfo's `pending_update_count`, asked as any client would.
async fn pending(fake: &FakeBotApi) -> u64 {
    let info = reqwest::Client::new()
        .post(format!("{}/bot{TOKEN}/getWebhookInfo", fake.url()))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    info["result"]["pending_update_count"]
        .as_u64()
        .unwrap_or_else(|| panic!("{info}"))
}

/// Delivers a /start from `user` to `listen` and waits for the reply to it.
async fn start_is_answered(fake: &FakeBotApi, listen: SocketAddr, user: i64, update_id: i64) {
    let before = texts_to(&fake.calls(), "sendmessage", user).len();
    let mut update = text_update(fake, user, user, "/start").0;
    update["update_id"] = json!(update_id);
    let status = deliver(fake, listen, &update).await;
    assert!((200..300).contains(&status), "status {status}");
    fake.wait_for("the /start reply", |c| {
        texts_to(c, "sendmessage", user).len() > before
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_to_a_webhook_mode_bot_leaves_the_webhook_set_for_the_other_instances() {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let (mut bot, stderr) = webhook_bot(&db, &fake, "127.0.0.1:0");
    fake.wait_for("setWebhook", |c| c.iter().any(|c| c.method == "setwebhook"))
        .await;
    let held = fake.webhook().expect("set");
    assert_eq!(held.url, HOOK_URL);
    // No secret configured: one derived from the token, never the token itself.
    let secret = held.secret.clone().expect("a secret");
    assert!(!secret.contains("FAKE") && secret.len() == 64, "{secret}");

    let status = terminate(&mut bot, &stderr).await;
    let log = stderr.text();
    assert!(status.success(), "exit {status:?}: {log}");
    assert!(
        fake.calls_of("deleteWebhook").is_empty(),
        "deleteWebhook at shutdown: {log}"
    );
    assert_eq!(fake.webhook(), Some(held));
    assert!(!log.contains(&secret) && !log.contains(TOKEN), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_instance_with_the_same_settings_leaves_the_webhook_as_it_is_and_the_first_keeps_receiving_updates()
 {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let (listen_a, listen_b) = (free_port(), free_port());
    let (mut a, a_err) = webhook_bot(&db, &fake, &listen_a.to_string());
    fake.wait_for("the first setWebhook", |c| {
        c.iter().any(|c| c.method == "setwebhook")
    })
    .await;
    start_is_answered(&fake, listen_a, ALICE, 1).await;
    let held = fake.webhook().expect("set");
    let set = &fake.calls_of("setWebhook")[0].body;
    assert_eq!(set["drop_pending_updates"], json!(false), "{set}");

    // An update Telegram still holds while the second instance starts: never dropped.
    fake.push(text_update(&fake, BOB, BOB, "/help").0);
    let (mut b, b_err) = webhook_bot(&db, &fake, &listen_b.to_string());
    // Serving: it answers an update delivered to it.
    start_is_answered(&fake, listen_b, BOB, 2).await;
    assert_eq!(fake.calls_of("getWebhookInfo").len(), 2, "{}", b_err.text());
    assert_eq!(
        fake.calls_of("setWebhook").len(),
        1,
        "the second instance set the webhook again: {}",
        b_err.text()
    );
    assert_eq!(fake.webhook(), Some(held.clone()));
    assert_eq!(fake.calls_of("deleteWebhook").len(), 0);
    let info: Vec<_> = fake.calls_of("getWebhookInfo");
    assert!(
        info.iter()
            .all(|c| c.body.get("drop_pending_updates").is_none())
    );

    // Either instance takes any update; the first still does.
    start_is_answered(&fake, listen_a, ALICE, 3).await;
    // The second stops: the webhook stays, and the first keeps receiving.
    let status = terminate(&mut b, &b_err).await;
    assert!(status.success(), "exit {status:?}: {}", b_err.text());
    assert_eq!(fake.webhook(), Some(held));
    start_is_answered(&fake, listen_a, ALICE, 4).await;
    let status = terminate(&mut a, &a_err).await;
    assert!(status.success(), "exit {status:?}: {}", a_err.text());
    assert!(fake.calls_of("deleteWebhook").is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_starting_against_another_url_sets_the_webhook_without_dropping_pending_updates()
 {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    // A webhook left by another deployment: another URL, every update kind.
    let client = reqwest::Client::new();
    client
        .post(format!("{}/bot{TOKEN}/setWebhook", fake.url()))
        .json(&json!({"url": "https://old.example.invalid/hook", "secret_token": "FAKE-old"}))
        .send()
        .await
        .unwrap();
    fake.push(text_update(&fake, ALICE, ALICE, "/help").0);
    let (mut bot, stderr) = webhook_bot(&db, &fake, "127.0.0.1:0");
    fake.wait_for("our setWebhook", |c| {
        c.iter().filter(|c| c.method == "setwebhook").count() == 2
    })
    .await;
    let set = &fake.calls_of("setWebhook")[1].body;
    assert_eq!(set["url"], HOOK_URL, "{set}");
    assert_eq!(set["drop_pending_updates"], json!(false), "{set}");
    let held = fake.webhook().expect("set");
    assert_eq!(held.url, HOOK_URL);
    assert_ne!(held.secret.as_deref(), Some("FAKE-old"));
    // The update Telegram held is still there to be delivered.
    assert_eq!(pending(&fake).await, 1);
    let status = terminate(&mut bot, &stderr).await;
    assert!(status.success(), "exit {status:?}: {}", stderr.text());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dustpan_telegram_delete_webhook_removes_it_and_set_webhook_sets_it_again() {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let run = |command: &str| {
        dustpan(db.dir.path())
            .args(["telegram", command])
            .env("TELEGRAM_BOT_TOKEN", TOKEN)
            .env("TELEGRAM_API_URL", fake.url())
            .env("TELEGRAM_WEBHOOK_URL", HOOK_URL)
            .env("TELEGRAM_WEBHOOK_LISTEN", "127.0.0.1:0")
            .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
            .env("DUSTPAN_MASTER_KEY", key_b64(9))
            .output()
            .expect("run dustpan telegram")
    };
    // Blocking one of the two workers; the fake serves on the other.
    let out = run("set-webhook");
    assert!(out.status.success(), "{out:?}");
    let held = fake.webhook().expect("set");
    assert_eq!(held.url, HOOK_URL);
    let out = run("delete-webhook");
    assert!(out.status.success(), "{out:?}");
    assert_eq!(fake.webhook(), None);
    let body = &fake.calls_of("deleteWebhook")[0].body;
    assert_ne!(body["drop_pending_updates"], json!(true), "{body}");
}
