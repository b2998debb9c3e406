//! Telegram's "message is not modified" answer to an edit inside the reply flow is not an
//! error: the press is answered, nothing is said in the chat, and the bot keeps working.

use std::time::Duration;

use super::fake_api::{errors, press_update, text_update};
use super::{answers_to, has_text, texts_to};
use crate::app::TestApp;

const ALICE: i64 = 8008;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_not_modified_edit_after_a_press_is_ignored_and_the_bot_keeps_working() {
    let t = TestApp::builder().telegram().build().await;
    let fake = t.telegram();

    super::connect_demo(fake, ALICE).await;

    // /convert opens the selection: one button per asset, each toggling it.
    fake.push(text_update(fake, ALICE, ALICE, "/convert").0);
    let calls = fake
        .wait_for("the selection", |c| {
            has_text(c, "sendmessage", ALICE, "Choose what to convert")
        })
        .await;
    let selection = calls
        .iter()
        .rev()
        .find(|c| {
            c.method == "sendmessage"
                && c.body["text"]
                    .as_str()
                    .is_some_and(|t| t.contains("Choose what to convert"))
        })
        .unwrap()
        .body
        .clone();
    let mid = selection["_message_id"].as_i64().unwrap();
    let toggle = selection["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        .as_str()
        .expect("an asset button")
        .to_owned();

    // The edit that follows the press is answered "message is not modified" (a second
    // client already showed that state, say).
    fake.fail_next("editMessageReplyMarkup", errors::not_modified());
    fake.fail_next("editMessageText", errors::not_modified());
    let before = fake.calls().len();
    fake.push(press_update(
        "cq-nm", ALICE, ALICE, mid, &selection, &toggle,
    ));
    let calls = fake
        .wait_for("the answer and the edit", |c| {
            !answers_to(c, "cq-nm").is_empty()
                && c[before..]
                    .iter()
                    .any(|c| c.method.starts_with("editmessage") && c.body["message_id"] == mid)
        })
        .await;
    let answer = &answers_to(&calls, "cq-nm")[0];
    assert!(answer.get("text").is_none_or(|t| {
        !t.as_str()
            .unwrap_or_default()
            .to_lowercase()
            .contains("error")
    }));
    let edits = calls[before..]
        .iter()
        .filter(|c| c.method.starts_with("editmessage"))
        .count();
    assert_eq!(
        edits, 1,
        "the refused edit was retried or followed by another"
    );

    // Nothing is said in the chat about it.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let after: Vec<_> = fake.calls()[before..]
        .iter()
        .filter(|c| c.method == "sendmessage" && c.body["chat_id"] == ALICE)
        .map(|c| c.body["text"].clone())
        .collect();
    assert!(after.is_empty(), "sent after the press: {after:?}");

    // And the bot keeps working.
    let sent_before = texts_to(&fake.calls(), "sendmessage", ALICE).len();
    fake.push(text_update(fake, ALICE, ALICE, "/help").0);
    fake.wait_for("the /help reply", |c| {
        texts_to(c, "sendmessage", ALICE).len() > sent_before
    })
    .await;
}
