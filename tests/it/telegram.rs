//! The Telegram frontend against a local fake Bot API server and the simulator. Most tests
//! run the app in process (`TestApp::builder().telegram()`: `App::run` serving the fake,
//! the scheduler on the test clock); a few spawn `dustpan run` because the binary itself is
//! what they check: its exit codes and stderr, SIGTERM, the long-poll client it builds,
//! its log subscriber, and one end-to-end smoke run.

mod exchanges_e2e;
pub(crate) mod fake_api;
mod group;
mod in_process;
mod instances;
mod instances_pg;
mod key_form;
mod languages;
mod long_poll;
mod not_modified;
mod reachability;
mod reminder_e2e;
mod sender;
mod spans;
mod unparsed;
mod webhook;

use std::path::Path;
use std::process::{Child, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;

use crate::helpers::{TempDb, dustpan, key_b64};
use fake_api::{Call, FakeBotApi, TOKEN, press_update, text_update};

const ALICE: i64 = 1001;
const MALLORY: i64 = 2002;
const GROUP: i64 = -5005;

/// Kills the bot when the test ends, pass or fail.
struct Bot(Child);

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The bot's stderr, read on a thread so the pipe never fills.
#[derive(Clone, Default)]
struct Stderr(Arc<Mutex<String>>);

impl Stderr {
    fn collect(child: &mut Child) -> Self {
        let out = Self::default();
        if let Some(mut pipe) = child.stderr.take() {
            let sink = out.0.clone();
            std::thread::spawn(move || {
                use std::io::Read as _;
                let mut buf = [0u8; 4096];
                while let Ok(n) = pipe.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            });
        }
        out
    }

    fn text(&self) -> String {
        self.0.lock().unwrap().clone()
    }
}

/// `dustpan run` against the fake Bot API and the simulator, with `extra` settings; its
/// stderr is collected (for the tests that check the binary itself).
fn run_bot(db: &TempDb, api_url: &str, binance_url: &str, extra: &[(&str, &str)]) -> (Bot, Stderr) {
    let mut cmd = dustpan(db.dir.path());
    cmd.arg("run")
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", api_url)
        .env("BINANCE_API_URL", binance_url)
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(9))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    for (k, v) in extra {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("start dustpan run");
    let stderr = Stderr::collect(&mut child);
    (Bot(child), stderr)
}

/// The `blocked` column of a Telegram user's row (None: no row yet), read through a
/// read-only connection to the bot's database.
async fn blocked_flag(db: &Path, user: i64) -> Option<bool> {
    use sqlx::ConnectOptions as _;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db)
        .read_only(true)
        .connect()
        .await
        .ok()?;
    let row: Option<(bool,)> =
        sqlx::query_as("SELECT blocked FROM users WHERE platform = 'tg' AND platform_user_id = ?")
            .bind(user.to_string())
            .fetch_optional(&mut conn)
            .await
            .ok()?;
    let _ = sqlx::Connection::close(conn).await;
    row.map(|(b,)| b)
}

/// Waits (up to 15 s) until the user's row says `blocked == want`.
async fn wait_blocked(db: &Path, user: i64, want: bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    loop {
        let now = blocked_flag(db, user).await;
        if now == Some(want) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "user {user}: blocked is {now:?}, expected {want}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The simulator with its demo account, on a loopback port.
async fn demo_sim() -> dustpan::sim::SimHandle {
    dustpan::sim::start(
        dustpan::sim::SimConfig::demo(),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap()
}

/// `who` connects the demo key in their private chat; returns once the bot has answered.
async fn connect_demo(fake: &FakeBotApi, who: i64) {
    let (key, secret) = (dustpan::sim::DEMO_API_KEY, dustpan::sim::DEMO_API_SECRET);
    fake.push(text_update(fake, who, who, &format!("/connect {key} {secret}")).0);
    fake.wait_for("the connect reply", |c| {
        has_text(c, "sendmessage", who, "Connected key")
    })
    .await;
}

fn texts_to(calls: &[Call], method: &str, chat: i64) -> Vec<String> {
    calls
        .iter()
        .filter(|c| c.method == method && c.body["chat_id"].as_i64() == Some(chat))
        .map(|c| c.body["text"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn has_text(calls: &[Call], method: &str, chat: i64, needle: &str) -> bool {
    texts_to(calls, method, chat)
        .iter()
        .any(|t| t.contains(needle))
}

fn position(calls: &[Call], pred: impl Fn(&Call) -> bool) -> usize {
    calls.iter().position(pred).expect("call present")
}

fn answers_to(calls: &[Call], id: &str) -> Vec<Value> {
    calls
        .iter()
        .filter(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == id)
        .map(|c| c.body.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn telegram_end_to_end_start_connect_dust_convert_and_presses() {
    let fake = FakeBotApi::start().await;
    let sim = demo_sim().await;
    let db = TempDb::new();
    let child = dustpan(db.dir.path())
        .arg("run")
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.url())
        .env("BINANCE_API_URL", sim.base_url())
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(7))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start dustpan run");
    let mut bot = Bot(child);

    // Start-up: the command menu for every locale, then polling.
    let calls = fake
        .wait_for("setMyCommands and getUpdates", |c| {
            c.iter().filter(|c| c.method == "setmycommands").count() >= 2
        })
        .await;
    let menus: Vec<&Call> = calls
        .iter()
        .filter(|c| c.method == "setmycommands")
        .collect();
    assert!(menus.iter().any(|c| c.body["language_code"] == "en"));
    let commands = menus[0].body["commands"].as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["command"].as_str().unwrap())
        .collect();
    for name in [
        "start",
        "help",
        "connect",
        "disconnect",
        "dust",
        "convert",
        "cooldown",
        "history",
        "settings",
        "language",
        "forget",
        "privacy",
        "export",
    ] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }

    // /start in private.
    let (u, _) = text_update(&fake, ALICE, ALICE, "/start");
    fake.push(u);
    let calls = fake
        .wait_for("the /start reply", |c| {
            !texts_to(c, "sendmessage", ALICE).is_empty()
        })
        .await;
    let start = calls.iter().find(|c| c.method == "sendmessage").unwrap();
    assert_eq!(start.body["parse_mode"], "HTML");

    // /connect with the key in a group: deleted and refused, pointing to a private chat.
    let secret = dustpan::sim::DEMO_API_SECRET;
    let key = dustpan::sim::DEMO_API_KEY;
    let (u, group_mid) = text_update(&fake, GROUP, ALICE, &format!("/connect {key} {secret}"));
    fake.push(u);
    let calls = fake
        .wait_for("the group refusal", |c| {
            has_text(c, "sendmessage", GROUP, "private chat")
        })
        .await;
    assert!(calls.iter().any(|c| c.method == "deletemessage"
        && c.body["chat_id"] == GROUP
        && c.body["message_id"] == group_mid));

    // /connect in private: the message is deleted before the reply about the key.
    let (u, private_mid) = text_update(&fake, ALICE, ALICE, &format!("/connect {key} {secret}"));
    fake.push(u);
    let calls = fake
        .wait_for("the connect reply", |c| {
            has_text(c, "sendmessage", ALICE, "Connected key")
        })
        .await;
    let deleted = position(&calls, |c| {
        c.method == "deletemessage"
            && c.body["chat_id"] == ALICE
            && c.body["message_id"] == private_mid
    });
    let connected = position(&calls, |c| {
        c.method == "sendmessage"
            && c.body["text"]
                .as_str()
                .unwrap_or_default()
                .contains("Connected key")
    });
    assert!(deleted < connected, "the key message must be deleted first");

    // /dust.
    let (u, _) = text_update(&fake, ALICE, ALICE, "/dust");
    fake.push(u);
    fake.wait_for("the dust report", |c| {
        has_text(c, "sendmessage", ALICE, "Your dust")
    })
    .await;

    // /convert all: a Confirm/Cancel keyboard of opaque tokens.
    let (u, _) = text_update(&fake, ALICE, ALICE, "/convert all");
    fake.push(u);
    let calls = fake
        .wait_for("the confirm prompt", |c| {
            c.iter().any(|c| {
                c.method == "sendmessage"
                    && c.body.get("reply_markup").is_some()
                    && c.body["reply_markup"].to_string().contains("Confirm")
            })
        })
        .await;
    let prompt = calls
        .iter()
        .rev()
        .find(|c| {
            c.method == "sendmessage" && c.body["reply_markup"].to_string().contains("Confirm")
        })
        .unwrap()
        .body
        .clone();
    let prompt_id = prompt["_message_id"].as_i64().unwrap();
    let buttons = prompt["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()[0]
        .as_array()
        .unwrap()
        .clone();
    for b in &buttons {
        let data = b["callback_data"].as_str().unwrap();
        assert!(!data.is_empty() && data.len() <= 64, "{data}");
        assert!(
            !data.contains(&ALICE.to_string()),
            "user ids never go into callback data"
        );
    }
    let confirm = buttons.iter().find(|b| b["text"] == "Confirm").unwrap()["callback_data"]
        .as_str()
        .unwrap()
        .to_owned();

    // Someone else presses Confirm: refused, nothing converted, nothing edited.
    fake.push(press_update(
        "cq-mallory",
        MALLORY,
        ALICE,
        prompt_id,
        &prompt,
        &confirm,
    ));
    let calls = fake
        .wait_for("the refusal toast", |c| {
            !answers_to(c, "cq-mallory").is_empty()
        })
        .await;
    let toast = &answers_to(&calls, "cq-mallory")[0];
    assert!(
        toast["text"].as_str().unwrap().contains("someone else"),
        "{toast}"
    );
    assert!(!calls.iter().any(|c| c.method.starts_with("editmessage")));
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 0);

    // Alice double-taps Confirm: one conversion, both presses answered, the result edited
    // into the prompt. The first answer meets a 429 and is retried after it.
    fake.fail_next("answerCallbackQuery", fake_api::errors::retry_after(1));
    fake.push(press_update(
        "cq-a1", ALICE, ALICE, prompt_id, &prompt, &confirm,
    ));
    fake.push(press_update(
        "cq-a2", ALICE, ALICE, prompt_id, &prompt, &confirm,
    ));
    let calls = fake
        .wait_for("both answers and the edited result", |c| {
            answers_to(c, "cq-a1").len() == 2
                && !answers_to(c, "cq-a2").is_empty()
                && c.iter().any(|c| {
                    c.method == "editmessagetext"
                        && c.body["message_id"] == prompt_id
                        && c.body["text"]
                            .as_str()
                            .unwrap_or_default()
                            .contains("Converted")
                })
        })
        .await;
    let a1: Vec<&Call> = calls
        .iter()
        .filter(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == "cq-a1")
        .collect();
    assert!(
        a1[1].at.duration_since(a1[0].at) >= Duration::from_millis(950),
        "retry_after was not honoured"
    );
    let edit = calls
        .iter()
        .find(|c| c.method == "editmessagetext" && c.body["message_id"] == prompt_id)
        .unwrap();
    assert_eq!(edit.body["parse_mode"], "HTML");
    assert_eq!(edit.body["chat_id"], ALICE);
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);
    // Give a stray second conversion time to show up, then check again.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);

    // Every message the bot wrote is valid HTML within 4096 characters (the fake refuses
    // anything else, so every send above succeeded), and no key material went out.
    for c in fake.calls() {
        let body = c.body.to_string();
        assert!(!body.contains(secret), "secret in {}", c.method);
        assert!(!body.contains(key), "API key in {}", c.method);
    }

    // SIGTERM: a graceful exit.
    let pid = bot.0.id().to_string();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    let deadline = std::time::Instant::now() + Duration::from_secs(15);
    let status = loop {
        if let Some(s) = bot.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no exit after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut stderr = String::new();
    if let Some(mut e) = bot.0.stderr.take() {
        use std::io::Read as _;
        let _ = e.read_to_string(&mut stderr);
    }
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(
        !stderr.contains(secret) && !stderr.contains(TOKEN),
        "{stderr}"
    );
    assert!(!stderr.contains("FAKE-test-token"));
    sim.shutdown().await;
}

#[test]
fn run_without_a_bot_token_exits_with_one_clear_line() {
    let db = TempDb::new();
    let out = dustpan(db.dir.path())
        .arg("run")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(stderr.contains("TELEGRAM_BOT_TOKEN is not set"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
}

#[test]
fn bad_webhook_settings_exit_2_naming_the_setting() {
    let db = TempDb::new();
    for (name, value, extra) in [
        ("TELEGRAM_WEBHOOK_URL", "not a url", None),
        (
            "TELEGRAM_WEBHOOK_LISTEN",
            "nowhere",
            Some(("TELEGRAM_WEBHOOK_URL", "https://bot.example.org/hook")),
        ),
        ("TELEGRAM_WEBHOOK_SECRET", "has spaces and ümlauts", None),
    ] {
        let mut cmd = dustpan(db.dir.path());
        cmd.arg("run")
            .env("TELEGRAM_BOT_TOKEN", TOKEN)
            .env(name, value);
        if let Some((k, v)) = extra {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(name), "{stderr}");
        assert!(!stderr.contains("ümlauts"), "a secret was echoed: {stderr}");
    }
}
