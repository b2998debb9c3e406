//! The credentials prompt on Telegram (issue 16 point 3): a bare `/connect` is asked as
//! today's two-step form, one question per message, each answer deleted.

use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET};

use super::fake_api::{Call, text_update};
use super::{has_text, texts_to};
use crate::app::TestApp;

const ALICE: i64 = 4104;

fn deleted(calls: &[Call], message_id: i64) -> bool {
    calls
        .iter()
        .any(|c| c.method == "deletemessage" && c.body["message_id"] == message_id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bare_connect_asks_for_the_key_then_the_secret_and_deletes_both_answers() {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();
    fake.wait_for("the command menu", |c| {
        c.iter().any(|c| c.method == "setmycommands")
    })
    .await;

    // Named, the exchange is not asked for (a bare /connect asks which first).
    let (u, _) = text_update(&fake, ALICE, ALICE, "/connect binance");
    fake.push(u);
    fake.wait_for("the question for the key", |c| {
        has_text(c, "sendmessage", ALICE, "Send your Binance API key")
    })
    .await;

    let (u, key_message) = text_update(&fake, ALICE, ALICE, DEMO_API_KEY);
    fake.push(u);
    let calls = fake
        .wait_for("the key deleted and the question for the secret", |c| {
            deleted(c, key_message) && has_text(c, "sendmessage", ALICE, "Now send the API secret")
        })
        .await;
    assert_eq!(texts_to(&calls, "sendmessage", ALICE).len(), 2);

    let (u, secret_message) = text_update(&fake, ALICE, ALICE, DEMO_API_SECRET);
    fake.push(u);
    let calls = fake
        .wait_for("the secret deleted and the key connected", |c| {
            deleted(c, secret_message) && has_text(c, "sendmessage", ALICE, "Connected key")
        })
        .await;
    let sent = texts_to(&calls, "sendmessage", ALICE);
    assert_eq!(sent.len(), 3, "{sent:?}");
    assert!(!calls.iter().any(|c| c.method == "deletemessage"
        && c.body["message_id"] != key_message
        && c.body["message_id"] != secret_message));
    for c in &calls {
        let body = c.body.to_string();
        assert!(
            !body.contains(DEMO_API_KEY) && !body.contains(DEMO_API_SECRET),
            "{}",
            c.method
        );
    }
    assert!(
        t.app
            .service
            .is_connected(&crate::app::private_user(&ALICE.to_string()))
            .await
    );

    t.stop().await;
}
