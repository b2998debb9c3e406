//! Issue 6 end to end, in process: the app serving the fake Bot API with its scheduler on
//! the test clock; the reminder arrives once the clock passes the cooldown, with its
//! buttons, and Convert now works.

use std::time::Duration;

use serde_json::Value;

use super::fake_api::{FakeBotApi, press_update, text_update};
use crate::app::TestApp;

const ALICE: i64 = 3003;

/// Long enough for a woken scheduler to have sent anything it was going to.
const SETTLE: Duration = Duration::from_millis(500);

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
    let t = TestApp::builder().telegram().build().await;
    let (fake, sim) = (t.telegram(), &t.sim);
    let calls = connect_and_convert(fake, ALICE, "cq-1").await;
    let converted_at = calls.len();
    assert_eq!(sim.request_count("POST", "/sapi/v1/asset/dust"), 1);

    // No reminder a minute before the cooldown ends; then one, with its four buttons.
    t.advance(t.cooldown - Duration::from_secs(60));
    tokio::time::sleep(SETTLE).await;
    assert!(
        sent_with(&fake.calls(), "cooldown is over").is_none(),
        "a reminder before the cooldown ended"
    );
    t.advance(Duration::from_secs(61));
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
    tokio::time::sleep(SETTLE).await;
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
    let t = TestApp::builder().telegram().build().await;
    let (fake, db) = (t.telegram(), &t.db);
    connect_and_convert(fake, BOB, "cq-g1").await;

    // Bob types a command in a group the bot was since removed from: the answer meets a 403.
    fake.fail_next("sendMessage", kicked_from_group());
    fake.push(text_update(fake, GROUP, BOB, "/help").0);
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
    t.advance(t.cooldown + Duration::from_secs(1));
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
