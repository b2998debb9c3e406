//! Updates that do not parse, by long polling: never logged raw (they may carry a key),
//! and the bot keeps serving. The app runs in process on the test's one thread, so every
//! line it logs, at every level, is captured.

use serde_json::json;

use super::fake_api::text_update;
use super::texts_to;
use crate::app::TestApp;
use crate::helpers::capture_logs;

const ALICE: i64 = 9301;
/// An obviously fake key, in the shape of a Binance key part.
const FAKE_KEY: &str = "FAKEkeyNEVERinLOGS0123456789abcdefFAKEkeyNEVERinLOGS0123456789ab";

#[tokio::test]
async fn an_update_that_does_not_parse_is_never_logged_and_the_bot_keeps_serving() {
    let (stderr, _guard) = capture_logs();
    let t = TestApp::builder().telegram().build().await;
    let fake = t.telegram();

    // (a) One update whose message is malformed (teloxide keeps it as an unparsed value).
    fake.push(json!({"message": {
        "message_id": "not a number",
        "chat": {"id": ALICE, "type": "private"},
        "text": format!("/connect {FAKE_KEY} {FAKE_KEY}"),
    }}));
    fake.push(text_update(fake, ALICE, ALICE, "/start").0);
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
    fake.push(text_update(fake, ALICE, ALICE, "/help").0);
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
    fake.push(text_update(fake, ALICE, ALICE, "/start").0);
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
