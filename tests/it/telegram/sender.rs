//! The rate-limited sender and the notifier against the fake Bot API: 429 on a method
//! that is not a send, blocked users, ignorable errors.

use std::sync::Arc;
use std::time::{Duration, Instant};

use dustpan::domain::Platform;
use dustpan::frontends::telegram::notifier::TelegramNotifier;
use dustpan::frontends::telegram::send::{Failure, Limits, Sender, Target};
use dustpan::ports::UserRecord;
use dustpan::ports::store::{Notifier, NotifyError};
use dustpan::service::reply::{Message, Text};
use rust_decimal::Decimal;
use secrecy::SecretString;
use teloxide::prelude::*;
use teloxide::types::{ChatId, MessageId};

use super::fake_api::{FakeBotApi, TOKEN, errors};

fn bot(fake: &FakeBotApi) -> Bot {
    Bot::new(TOKEN).set_api_url(fake.url().parse().unwrap())
}

fn sender() -> Arc<Sender> {
    Arc::new(Sender::new(Limits::default(), SecretString::from(TOKEN)))
}

fn user(id: i64, blocked: bool) -> UserRecord {
    UserRecord {
        id: 1,
        platform: Platform::Telegram,
        platform_user_id: id.to_string(),
        language: "en".into(),
        timezone: "UTC".into(),
        min_worth_usdt: Decimal::ONE,
        blocked,
        token: None,
        dialogue: None,
        reminders: Default::default(),
        prefs: Default::default(),
    }
}

#[tokio::test]
async fn a_429_on_an_edit_is_waited_out_and_holds_every_other_call_meanwhile() {
    let fake = FakeBotApi::start().await;
    let (bot, sender) = (bot(&fake), sender());
    fake.fail_next("editMessageText", errors::retry_after(1));
    let started = Instant::now();
    let edit = {
        let (bot, sender) = (bot.clone(), sender.clone());
        tokio::spawn(async move {
            sender
                .call(
                    Target::Chat(7),
                    bot.edit_message_text(ChatId(7), MessageId(5), "new text"),
                )
                .await
        })
    };
    fake.wait_for("the first edit", |c| {
        c.iter().any(|c| c.method == "editmessagetext")
    })
    .await;
    // A send to another chat, made while the 429 lasts, waits for it too.
    sender
        .call(Target::Chat(8), bot.send_message(ChatId(8), "hello"))
        .await
        .expect("send after the hold");
    assert!(edit.await.unwrap().is_ok());
    let edits = fake.calls_of("editMessageText");
    assert_eq!(edits.len(), 2, "retried once");
    assert!(edits[1].at.duration_since(edits[0].at) >= Duration::from_millis(950));
    let send = &fake.calls_of("sendMessage")[0];
    assert!(
        send.at.duration_since(started) >= Duration::from_millis(950),
        "not held"
    );
}

#[tokio::test]
async fn not_modified_and_query_too_old_are_told_apart_from_failures() {
    let fake = FakeBotApi::start().await;
    let (bot, sender) = (bot(&fake), sender());
    fake.fail_next("editMessageText", errors::not_modified());
    let r = sender
        .call(
            Target::Chat(7),
            bot.edit_message_text(ChatId(7), MessageId(5), "same"),
        )
        .await;
    assert_eq!(r.err(), Some(Failure::NotModified));
    fake.fail_next("answerCallbackQuery", errors::query_too_old());
    let r = sender
        .call(
            Target::Bot,
            bot.answer_callback_query(teloxide::types::CallbackQueryId("old-query".to_owned())),
        )
        .await;
    assert_eq!(r.err(), Some(Failure::QueryTooOld));
    // Neither is retried.
    assert_eq!(fake.calls_of("editMessageText").len(), 1);
    assert_eq!(fake.calls_of("answerCallbackQuery").len(), 1);
}

#[tokio::test]
async fn a_blocked_user_is_unreachable_at_once_and_a_blocked_record_gets_nothing() {
    let fake = FakeBotApi::start().await;
    let notifier = TelegramNotifier::new(bot(&fake), sender());
    let message = Message::text(Text::new("unknown-command").arg("command", "<x & y>"));
    fake.fail_next("sendMessage", errors::blocked());
    let r = notifier.notify(&user(77, false), &message, true).await;
    assert_eq!(r, Err(NotifyError::Unreachable));
    assert_eq!(
        fake.calls_of("sendMessage").len(),
        1,
        "no retry after a block"
    );

    let r = notifier.notify(&user(77, true), &message, false).await;
    assert_eq!(r, Err(NotifyError::Unreachable));
    assert_eq!(
        fake.calls_of("sendMessage").len(),
        1,
        "nothing sent to a blocked user"
    );

    notifier
        .notify(&user(78, false), &message, true)
        .await
        .unwrap();
    let sent = &fake.calls_of("sendMessage")[1];
    assert_eq!(sent.body["chat_id"], 78);
    assert_eq!(sent.body["disable_notification"], true);
    assert_eq!(sent.body["parse_mode"], "HTML");
    assert!(
        sent.body["text"]
            .as_str()
            .unwrap()
            .contains("&lt;x &amp; y&gt;")
    );
}

#[test]
fn debug_of_the_notifier_and_sender_shows_no_bot_token() {
    let notifier = TelegramNotifier::new(Bot::new(TOKEN), sender());
    let dbg = format!("{notifier:?} {:?}", sender());
    let secret_part = TOKEN.split(':').nth(1).unwrap();
    assert!(!dbg.contains(secret_part), "{dbg}");
}
