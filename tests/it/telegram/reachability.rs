//! Reachability: a user who blocks the bot (a `my_chat_member` update, or a 403 on a
//! reply) is marked blocked in the database, and comes back on unblock or a new message.

use super::fake_api::{errors, member_update, text_update};
use super::{texts_to, wait_blocked};
use crate::app::TestApp;

const ALICE: i64 = 5005;
const BOB: i64 = 6006;
const CAROL: i64 = 7007;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_block_update_marks_the_user_blocked_and_an_unblock_update_brings_them_back() {
    let t = TestApp::builder().telegram().build().await;
    let (fake, db) = (t.telegram(), &t.db);

    fake.push(text_update(fake, ALICE, ALICE, "/start").0);
    fake.wait_for("the /start reply", |c| {
        !texts_to(c, "sendmessage", ALICE).is_empty()
    })
    .await;
    wait_blocked(&db.path, ALICE, false).await;

    // The user blocks the bot: Telegram says the bot was "kicked" from the private chat.
    fake.push(member_update(ALICE, "member", "kicked"));
    wait_blocked(&db.path, ALICE, true).await;

    // The user unblocks it: "member" again.
    fake.push(member_update(ALICE, "kicked", "member"));
    wait_blocked(&db.path, ALICE, false).await;
    // Nothing was said to the user about either.
    assert_eq!(texts_to(&fake.calls(), "sendmessage", ALICE).len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_403_on_an_interactive_reply_marks_the_user_unreachable() {
    let t = TestApp::builder().telegram().build().await;
    let (fake, db) = (t.telegram(), &t.db);

    fake.push(text_update(fake, BOB, BOB, "/start").0);
    fake.wait_for("the /start reply", |c| {
        texts_to(c, "sendmessage", BOB).len() == 1
    })
    .await;
    wait_blocked(&db.path, BOB, false).await;

    // Bob blocked the bot meanwhile: the reply to his /help meets Telegram's 403.
    fake.fail_next("sendMessage", errors::blocked());
    fake.push(text_update(fake, BOB, BOB, "/help").0);
    fake.wait_for("the refused reply", |c| {
        texts_to(c, "sendmessage", BOB).len() == 2
    })
    .await;
    wait_blocked(&db.path, BOB, true).await;

    // The bot keeps serving others.
    fake.push(text_update(fake, CAROL, CAROL, "/help").0);
    fake.wait_for("Carol's reply", |c| {
        !texts_to(c, "sendmessage", CAROL).is_empty()
    })
    .await;
    // No retry of the refused reply went to Bob.
    assert_eq!(texts_to(&fake.calls(), "sendmessage", BOB).len(), 2);

    // Bob writes again (he unblocked the bot): reachable, and answered.
    fake.push(text_update(fake, BOB, BOB, "/start").0);
    fake.wait_for("the reply after unblocking", |c| {
        texts_to(c, "sendmessage", BOB).len() == 3
    })
    .await;
    wait_blocked(&db.path, BOB, false).await;
}
