//! Issue 6 end to end: `dustpan run` with a 3 s cooldown, the simulator with the same
//! cooldown, and the fake Bot API: the reminder arrives after the cooldown with its buttons,
//! and Convert now works.

use std::process::Stdio;

use serde_json::Value;

use super::Bot;
use super::fake_api::{FakeBotApi, TOKEN, press_update, text_update};
use crate::helpers::{TempDb, dustpan, key_b64};

const ALICE: i64 = 3003;

/// Prints the bot's log when the test fails, so a timeout can be diagnosed.
struct ShowLogOnFailure(std::path::PathBuf);

impl Drop for ShowLogOnFailure {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = std::fs::read_to_string(&self.0).unwrap_or_default();
            eprintln!("--- dustpan run log ---\n{log}");
        }
    }
}

fn buttons(body: &Value) -> Vec<(String, String)> {
    body["reply_markup"]["inline_keyboard"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .flat_map(|r| r.as_array().cloned().unwrap_or_default())
                .map(|b| {
                    (
                        b["text"].as_str().unwrap_or_default().to_owned(),
                        b["callback_data"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn sent_with(calls: &[super::fake_api::Call], needle: &str) -> Option<Value> {
    calls
        .iter()
        .rev()
        .find(|c| {
            c.method == "sendmessage" && c.body["text"].as_str().is_some_and(|t| t.contains(needle))
        })
        .map(|c| c.body.clone())
}

/// `dustpan run` against `fake` and a simulator, both with a cooldown of `secs` seconds.
struct Running {
    sim: dustpan::sim::SimHandle,
    db: TempDb,
    _bot: Bot,
    _log: ShowLogOnFailure,
}

async fn run_bot(fake: &FakeBotApi, secs: u64) -> Running {
    let mut config = dustpan::sim::SimConfig::demo();
    config.dust_cooldown = std::time::Duration::from_secs(secs);
    let sim = dustpan::sim::start(config, "127.0.0.1:0".parse().unwrap())
        .await
        .unwrap();
    let db = TempDb::new();
    let log = db.dir.path().join("bot.log");
    let child = dustpan(db.dir.path())
        .arg("run")
        .env("TELEGRAM_BOT_TOKEN", TOKEN)
        .env("TELEGRAM_API_URL", fake.url())
        .env("BINANCE_API_URL", sim.base_url())
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY", key_b64(8))
        .env("DUSTPAN_DUST_COOLDOWN", format!("{secs}s"))
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .expect("start dustpan run");
    Running {
        sim,
        db,
        _bot: Bot(child),
        _log: ShowLogOnFailure(log),
    }
}

/// `who` connects the demo key in private and converts ADA and XRP; returns the calls seen
/// up to the conversion.
async fn connect_and_convert(
    fake: &FakeBotApi,
    who: i64,
    press_id: &str,
) -> Vec<super::fake_api::Call> {
    super::connect_demo(fake, who).await;
    fake.push(text_update(fake, who, who, "/convert ADA XRP").0);
    let calls = fake
        .wait_for("the confirm prompt", |c| {
            sent_with(c, "Convert 2 asset(s)").is_some()
        })
        .await;
    let prompt = sent_with(&calls, "Convert 2 asset(s)").unwrap();
    let confirm = buttons(&prompt)
        .into_iter()
        .find(|(t, _)| t == "Confirm")
        .unwrap()
        .1;
    let mid = prompt["_message_id"].as_i64().unwrap();
    fake.push(press_update(press_id, who, who, mid, &prompt, &confirm));
    fake.wait_for("the conversion", |c| {
        c.iter().any(|c| {
            c.method == "editmessagetext"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Converted 2"))
        })
    })
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reminder_arrives_after_the_cooldown_and_convert_now_works() {
    let fake = FakeBotApi::start().await;
    let Running { sim, .. } = &run_bot(&fake, 3).await;
    let calls = connect_and_convert(&fake, ALICE, "cq-1").await;
    let converted_at = calls.len();
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);

    // No reminder before the cooldown ends (3 s); then one, with its four buttons.
    let calls = fake
        .wait_for("the reminder", |c| {
            sent_with(c, "cooldown is over").is_some()
        })
        .await;
    let reminder = sent_with(&calls, "cooldown is over").unwrap();
    assert!(
        calls[..converted_at]
            .iter()
            .all(|c| !c.body.to_string().contains("cooldown is over"))
    );
    assert_eq!(reminder["chat_id"], ALICE);
    assert!(
        reminder["text"].as_str().unwrap().contains("8 asset(s)"),
        "{reminder}"
    );
    let labels: Vec<String> = buttons(&reminder).into_iter().map(|(t, _)| t).collect();
    assert_eq!(
        labels,
        ["Convert now", "Snooze 1 h", "Snooze 6 h", "Stop reminders"]
    );
    for (_, data) in buttons(&reminder) {
        assert!(data.len() <= 64 && !data.contains(&ALICE.to_string()));
    }
    // Exactly one reminder.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let count = fake
        .calls()
        .iter()
        .filter(|c| c.body.to_string().contains("cooldown is over"))
        .count();
    assert_eq!(count, 1);

    // Convert now → the confirm screen → Confirm → converted.
    let now_data = buttons(&reminder)
        .into_iter()
        .find(|(t, _)| t == "Convert now")
        .unwrap()
        .1;
    let rmid = reminder["_message_id"].as_i64().unwrap();
    fake.push(press_update(
        "cq-2", ALICE, ALICE, rmid, &reminder, &now_data,
    ));
    let calls = fake
        .wait_for("the confirm screen", |c| {
            sent_with(c, "Convert 8 asset(s)").is_some()
        })
        .await;
    let prompt = sent_with(&calls, "Convert 8 asset(s)").unwrap();
    let confirm = buttons(&prompt)
        .into_iter()
        .find(|(t, _)| t == "Confirm")
        .unwrap()
        .1;
    let mid = prompt["_message_id"].as_i64().unwrap();
    fake.push(press_update("cq-3", ALICE, ALICE, mid, &prompt, &confirm));
    fake.wait_for("the second conversion", |c| {
        c.iter().any(|c| {
            c.method == "editmessagetext"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Converted 8"))
        })
    })
    .await;
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 2);
}

const BOB: i64 = 3113;
const GROUP: i64 = -3223;

/// Telegram's answer when the bot was removed from a group.
fn kicked_from_group() -> (u16, Value) {
    (
        403,
        serde_json::json!({"ok": false, "error_code": 403,
            "description": "Forbidden: bot was kicked from the group chat"}),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reminders_go_to_the_private_chat_even_after_a_group_refused_the_bot() {
    let fake = FakeBotApi::start().await;
    let Running { db, .. } = &run_bot(&fake, 8).await;
    connect_and_convert(&fake, BOB, "cq-g1").await;

    // Bob types a command in a group the bot was since removed from: the answer meets a 403.
    fake.fail_next("sendMessage", kicked_from_group());
    fake.push(text_update(&fake, GROUP, BOB, "/help").0);
    let calls = fake
        .wait_for("the refused group answer", |c| {
            c.iter()
                .any(|c| c.method == "sendmessage" && c.body["chat_id"] == GROUP)
        })
        .await;
    assert!(
        calls
            .iter()
            .all(|c| !c.body.to_string().contains("cooldown is over")),
        "the group answer came before the reminder"
    );

    // The reminder still reaches Bob, in his private chat, and nothing goes to the group.
    let calls = fake
        .wait_for("the reminder", |c| {
            sent_with(c, "cooldown is over").is_some()
        })
        .await;
    let reminder = sent_with(&calls, "cooldown is over").unwrap();
    assert_eq!(reminder["chat_id"], BOB);
    assert_eq!(
        super::blocked_flag(&db.path, BOB).await,
        Some(false),
        "a group's 403 does not mark the user unreachable"
    );
}
