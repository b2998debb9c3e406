//! Groups: account data only in a private chat. In a group the bot shows no balance,
//! history or setting and starts nothing; a command addressed to it gets one short pointer
//! to the private chat (once per chat per period), a button press only a notice.

use std::time::Duration;

use super::fake_api::{errors, press_update, text_update};
use super::{answers_to, blocked_flag, has_text, texts_to, wait_blocked};
use crate::app::TestApp;
use crate::helpers::capture_logs;

const ALICE: i64 = 9009;
const GROUP: i64 = -9100;
const LINK: &str = "https://t.me/dustpan_test_bot";

// One thread, so that every log line of the app is captured.
#[tokio::test]
async fn dust_in_a_group_shows_no_balance() {
    let (logs, _guard) = capture_logs();
    let t = TestApp::builder().telegram().build().await;
    let (fake, sim) = (t.telegram(), &t.sim);

    // Alice connects her key in private, where it belongs.
    super::connect_demo(fake, ALICE).await;
    // Let any follow-up of the connect settle before counting the exchange's requests.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let exchange_before = sim.requests().len();

    // /dust in a group: the pointer to the private chat, nothing about her account.
    fake.push(text_update(fake, GROUP, ALICE, "/dust").0);
    let calls = fake
        .wait_for("the group's answer", |c| {
            !texts_to(c, "sendmessage", GROUP).is_empty()
        })
        .await;
    let answer = texts_to(&calls, "sendmessage", GROUP).remove(0);
    assert!(answer.contains(LINK), "{answer}");
    for private in ["Your dust", "ACT", "ADA", "BNB", "USDT", "≈"] {
        assert!(!answer.contains(private), "{private:?} in {answer}");
    }

    // More commands in the same group: /convert, /settings, /dust@this_bot, a command for
    // another bot. Nothing more is said there, and nothing starts.
    for text in [
        "/convert all",
        "/settings",
        "/dust@dustpan_test_bot",
        "/history@other_bot",
    ] {
        fake.push(text_update(fake, GROUP, ALICE, text).0);
    }
    // A press on a button under a group message (an old prompt): a notice, nothing runs.
    let old_prompt = serde_json::json!({"text": "Convert?", "reply_markup": {"inline_keyboard": [[
        {"text": "Confirm", "callback_data": "AAAAAAAAAAAAAAAAAAAAAA"}]]}});
    fake.push(press_update(
        "cq-group",
        ALICE,
        GROUP,
        4242,
        &old_prompt,
        "AAAAAAAAAAAAAAAAAAAAAA",
    ));
    let calls = fake
        .wait_for("the press's notice", |c| {
            !answers_to(c, "cq-group").is_empty()
        })
        .await;
    let notice = answers_to(&calls, "cq-group")[0]["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(notice.contains("private chat"), "{notice}");
    // Give stray answers time to show up.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let calls = fake.calls();
    assert_eq!(
        texts_to(&calls, "sendmessage", GROUP).len(),
        1,
        "the group was answered more than once: {:?}",
        texts_to(&calls, "sendmessage", GROUP)
    );
    assert!(
        !calls.iter().any(|c| c.method.starts_with("editmessage")),
        "a group message was edited"
    );
    assert!(
        !calls.iter().any(|c| c.method == "sendmessage"
            && c.body["chat_id"] == ALICE
            && c.body["text"].to_string().contains("Your dust")),
        "a group command answered in private"
    );
    // Nothing read her balances or started a conversion (background jobs may still talk to
    // the exchange, so only these are looked for).
    let on_her_behalf: Vec<String> = sim.requests()[exchange_before..]
        .iter()
        .filter(|r| {
            [
                "/api/v3/account",
                "/sapi/v3/asset/getUserAsset",
                "/sapi/v1/asset/dust-btc",
                "/sapi/v1/asset/dust",
                "/sapi/v1/convert/getQuote",
                "/sapi/v1/convert/acceptQuote",
                "/api/v3/order",
            ]
            .contains(&r.path.as_str())
        })
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert!(
        on_her_behalf.is_empty(),
        "group commands reached the exchange: {on_her_behalf:?}"
    );

    // The private chat is served as before.
    fake.push(text_update(fake, ALICE, ALICE, "/dust").0);
    fake.wait_for("the private dust report", |c| {
        has_text(c, "sendmessage", ALICE, "Your dust")
    })
    .await;
    let log = logs.text();
    assert!(!log.contains(dustpan::sim::DEMO_API_SECRET), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_group_that_removed_the_bot_does_not_cut_the_user_off_in_private() {
    let t = TestApp::builder().telegram().build().await;
    let (fake, db) = (t.telegram(), &t.db);
    fake.push(text_update(fake, ALICE, ALICE, "/start").0);
    fake.wait_for("the /start reply", |c| {
        !texts_to(c, "sendmessage", ALICE).is_empty()
    })
    .await;
    wait_blocked(&db.path, ALICE, false).await;

    // The group's answer meets "kicked": the group is gone, Alice's private chat is not.
    fake.fail_next("sendMessage", errors::kicked_from_supergroup());
    fake.push(text_update(fake, GROUP, ALICE, "/dust").0);
    fake.wait_for("the failed group answer", |c| {
        !texts_to(c, "sendmessage", GROUP).is_empty()
    })
    .await;
    // A new private message would bring her back anyway: look before any.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert_eq!(blocked_flag(&db.path, ALICE).await, Some(false));
}
