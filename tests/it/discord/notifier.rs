//! Reminders as DMs against the fake: the DM channel opened once and kept, 50007 taken as
//! "unreachable" (never retried), a 429's `retry_after` handed back to the scheduler.

use std::time::Duration;

use dustpan::frontends::discord::notifier::DiscordNotifier;
use dustpan::frontends::discord::rest::Rest;
use dustpan::ports::Notifier as _;
use dustpan::ports::Store as _;
use dustpan::ports::store::NotifyError;
use dustpan::service::reply::{Message, Text};

use super::fake_api::{FakeDiscord, Route, TOKEN, errors};
use crate::app::spawn_app;

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
