//! Updates that do not parse, by long polling: never logged raw (they may carry a key),
//! and the bot keeps serving.

use serde_json::json;

use super::fake_api::{FakeBotApi, text_update};
use super::{run_bot, texts_to};
use crate::helpers::TempDb;

const ALICE: i64 = 9301;
/// An obviously fake key, in the shape of a Binance key part.
const FAKE_KEY: &str = "FAKEkeyNEVERinLOGS0123456789abcdefFAKEkeyNEVERinLOGS0123456789ab";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_update_that_does_not_parse_is_never_logged_and_the_bot_keeps_serving() {
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let (_bot, stderr) = run_bot(&db, &fake.url(), "http://127.0.0.1:9", &[]);

    // (a) One update whose message is malformed (teloxide keeps it as an unparsed value).
    fake.push(json!({"message": {
        "message_id": "not a number",
        "chat": {"id": ALICE, "type": "private"},
        "text": format!("/connect {FAKE_KEY} {FAKE_KEY}"),
    }}));
    fake.push(text_update(&fake, ALICE, ALICE, "/start").0);
    fake.wait_for("the first /start reply", |c| {
        texts_to(c, "sendmessage", ALICE).len() == 1
    })
    .await;

    // (b) A getUpdates answer that does not parse at all (an update without a usable id).
    fake.fail_next(
        "getUpdates",
        (
            200,
            json!({"ok": true, "result": [{"update_id": "x", "message": {"text": FAKE_KEY}}]}),
        ),
    );
    // The poll in flight returns with the next update; the one after it gets the bad answer.
    fake.push(text_update(&fake, ALICE, ALICE, "/help").0);
    fake.wait_for("the /help reply", |c| {
        texts_to(c, "sendmessage", ALICE).len() == 2
    })
    .await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !stderr.text().contains("getting updates failed") {
        assert!(
            std::time::Instant::now() < deadline,
            "the bad answer was not met: {}",
            stderr.text()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    fake.push(text_update(&fake, ALICE, ALICE, "/start").0);
    fake.wait_for("the reply after the bad answer", |c| {
        texts_to(c, "sendmessage", ALICE).len() == 3
    })
    .await;

    let log = stderr.text();
    assert!(log.contains("did not parse"), "{log}");
    assert!(
        !log.contains(FAKE_KEY),
        "an unparsed update was logged: {log}"
    );
    for c in fake.calls() {
        assert!(
            !c.body.to_string().contains(FAKE_KEY),
            "key in {}",
            c.method
        );
    }
}
