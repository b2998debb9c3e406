//! Reminders as DMs against the fake: the DM channel opened once and kept, 50007 taken as
//! "unreachable" (never retried), a 429's `retry_after` handed back to the scheduler; and
//! 50007 end to end through the app's scheduler: one attempt, reminders off, back on when
//! the user uses the bot again.

use std::sync::Arc;
use std::time::Duration;

use dustpan::frontends::discord::notifier::DiscordNotifier;
use dustpan::frontends::discord::rest::Rest;
use dustpan::ports::store::NotifyError;
use dustpan::ports::{Clock as _, Notifier, ReminderStatus};
use dustpan::scheduler::Scheduler;
use dustpan::service::reply::{Message, Text};
use dustpan::sim::{DEMO_API_KEY, DEMO_API_SECRET};

use super::fake_api::{FakeDiscord, Route, TOKEN, errors};
use super::{Place, buttons, command, press};
use crate::app::{COOLDOWN, TestApp, spawn_app};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_reminders_open_the_channel_once_and_map_50007_and_429() {
    let t = spawn_app().await;
    let fake = FakeDiscord::start().await;
    let rest = Rest::new(fake.url().parse().unwrap(), TOKEN.to_owned().into()).unwrap();
    let notifier = DiscordNotifier::new(rest);
    let who = dustpan::service::Caller::new(
        dustpan::domain::Platform::Discord,
        "300000000000000009",
        dustpan::service::ChannelKind::DirectMessage,
    );
    t.send(&who, "/help").await;
    let user = t
        .app
        .db
        .user(
            dustpan::domain::Platform::Discord,
            "300000000000000009",
            false,
        )
        .await
        .unwrap()
        .unwrap();
    let message = Message::text(Text::new("help"));

    notifier.notify(&user, &message, false).await.unwrap();
    notifier.notify(&user, &message, true).await.unwrap();
    assert_eq!(
        fake.calls_to(Route::OpenDm).len(),
        1,
        "the DM channel is kept"
    );
    let sent = fake.calls_to(Route::Send);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].path, "channels/7300000000000000009/messages");
    assert_eq!(
        sent[1].body["flags"], 4096,
        "a silent reminder makes no sound"
    );

    fake.fail_next(Route::Send, errors::rate_limited(1.5));
    assert_eq!(
        notifier.notify(&user, &message, false).await,
        Err(NotifyError::RetryAfter(Duration::from_millis(1500)))
    );
    fake.fail_next(Route::Send, errors::cannot_dm());
    assert_eq!(
        notifier.notify(&user, &message, false).await,
        Err(NotifyError::Unreachable)
    );
    assert_eq!(fake.calls_to(Route::Send).len(), 4, "no retry after either");
}

const ALICE: &str = "300000000000000011";

/// ALICE converts `assets` through the endpoint (command, then Confirm).
async fn convert(t: &crate::app::TestApp, assets: &str) {
    let d = t.discord();
    let ix = command(ALICE, Place::Dm, "convert", &[("assets", assets)]);
    let response = d.interact(&ix).await;
    let screen = d.message(&ix, &response).await;
    let confirm = buttons(&screen)
        .into_iter()
        .find(|(_, style, _)| *style == 3)
        .unwrap_or_else(|| panic!("no Confirm in {screen}"));
    let ix = press(ALICE, Place::Dm, &confirm.2);
    let response = d.interact(&ix).await;
    d.message(&ix, &response).await;
}

async fn alice(t: &crate::app::TestApp) -> dustpan::ports::UserRecord {
    t.app
        .db
        .user(dustpan::domain::Platform::Discord, ALICE, false)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_who_accepts_no_dm_is_tried_once_never_again_until_they_use_the_bot_and_then_reminded()
 {
    let mut t = TestApp::builder().discord().build().await;
    let who = dustpan::service::Caller::new(
        dustpan::domain::Platform::Discord,
        ALICE,
        dustpan::service::ChannelKind::DirectMessage,
    );
    let reply = t
        .send(&who, &format!("/connect {DEMO_API_KEY} {DEMO_API_SECRET}"))
        .await;
    crate::replies::assert_key(&reply, "connect-done");
    let d = t.discord();
    d.registration().await;
    // Two assets only, so dust worth a reminder is left.
    convert(&t, "ADA XRP").await;
    assert_eq!(t.dust_posts(), 1);

    // The DM is refused: 50007, as Discord answers a user who accepts no DM from the bot.
    d.fake.fail_next(Route::Send, errors::cannot_dm());
    t.advance(COOLDOWN + Duration::from_secs(60));
    d.fake
        .wait_for("the refused reminder DM", |c| {
            c.iter().any(|c| c.route == Route::Send)
        })
        .await;
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    while !alice(&t).await.blocked {
        assert!(
            std::time::Instant::now() < deadline,
            "never marked unreachable"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // The scheduler marks the user, then turns the reminder off: two writes, so the test
    // waits for the second too.
    let disabled = || async {
        let reminder = t
            .app
            .db
            .reminder_of_user(alice(&t).await.id, dustpan::domain::ExchangeId::Binance)
            .await
            .unwrap();
        reminder.map(|r| r.status) == Some(ReminderStatus::Disabled)
    };
    while !disabled().await {
        assert!(
            std::time::Instant::now() < deadline,
            "reminders are off for the user"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }

    // Later ticks of the scheduler: nothing due, nothing sent.
    let notifier: Arc<dyn Notifier> = Arc::new(DiscordNotifier::new(
        Rest::new(d.fake.url().parse().unwrap(), TOKEN.to_owned().into()).unwrap(),
    ));
    let scheduler = Scheduler::new(t.app.service.clone(), vec![notifier], t.clock.clone());
    for _ in 0..3 {
        t.advance(COOLDOWN);
        let report = scheduler.run_due_once(t.clock.now()).await;
        assert_eq!(report.handled(), 0, "{report:?}");
    }
    assert_eq!(
        d.fake.calls_to(Route::Send).len(),
        1,
        "exactly one attempt, no retry"
    );

    // ALICE uses the bot again: reachable again, and the next reminder arrives.
    let ix = command(ALICE, Place::Dm, "help", &[]);
    let response = d.interact(&ix).await;
    d.message(&ix, &response).await;
    assert!(
        !alice(&t).await.blocked,
        "using the bot makes them reachable"
    );
    convert(&t, "DOGE TRX").await;
    assert_eq!(t.dust_posts(), 2);
    t.advance(COOLDOWN + Duration::from_secs(60));
    let calls = d
        .fake
        .wait_for("the next reminder DM", |c| {
            c.iter().filter(|c| c.route == Route::Send).count() == 2
        })
        .await;
    let dm = calls.iter().rfind(|c| c.route == Route::Send).unwrap();
    assert_eq!(dm.path, format!("channels/7{ALICE}/messages"));
    let content = dm.body["content"].as_str().unwrap();
    assert!(content.contains("cooldown is over"), "{content}");
    assert_eq!(
        d.fake.calls_to(Route::OpenDm).len(),
        1,
        "the DM channel is kept"
    );
    t.stop().await;
}
