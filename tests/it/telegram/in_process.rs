//! The app in process (issue 16 point 4): `App::build_with_clock` with a test clock against
//! the fake Bot API and the simulator, `App::run` serving Telegram and the scheduler until
//! the test's shutdown future resolves.

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use super::fake_api::{FakeBotApi, TOKEN, text_update};
use super::texts_to;
use crate::app::{COOLDOWN, TestApp, button, spawn_app_configured};

const ALICE: i64 = 4004;

/// The app of `t` running with Telegram on `fake`; send on the sender to stop it.
pub(super) fn run_app(t: &TestApp) -> (oneshot::Sender<()>, JoinHandle<anyhow::Result<()>>) {
    let (stop, stopped) = oneshot::channel::<()>();
    let running = tokio::spawn(t.app.clone().run(async {
        let _ = stopped.await;
    }));
    (stop, running)
}

pub(super) async fn app_on(fake: &FakeBotApi) -> TestApp {
    let url = fake.url();
    spawn_app_configured(
        dustpan::sim::SimConfig::demo(),
        &[("TELEGRAM_BOT_TOKEN", TOKEN), ("TELEGRAM_API_URL", &url)],
    )
    .await
}

/// Resolves the shutdown future and waits (generously) for `run` to return.
pub(super) async fn stop_app(stop: oneshot::Sender<()>, running: JoinHandle<anyhow::Result<()>>) {
    stop.send(()).expect("the app is still running");
    let result = tokio::time::timeout(Duration::from_secs(30), running)
        .await
        .expect("run returns after the shutdown future resolves")
        .expect("run did not panic");
    assert!(result.is_ok(), "{result:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_built_in_process_answers_start_on_telegram_and_stops_when_its_shutdown_future_resolves()
 {
    let fake = FakeBotApi::start().await;
    let t = app_on(&fake).await;
    let (stop, running) = run_app(&t);

    fake.wait_for("the command menu", |c| {
        c.iter().any(|c| c.method == "setmycommands")
    })
    .await;
    let (u, _) = text_update(&fake, ALICE, ALICE, "/start");
    fake.push(u);
    let calls = fake
        .wait_for("the /start reply", |c| {
            !texts_to(c, "sendmessage", ALICE).is_empty()
        })
        .await;
    let reply = calls
        .iter()
        .find(|c| c.method == "sendmessage" && c.body["chat_id"] == ALICE)
        .unwrap();
    assert_eq!(reply.body["parse_mode"], "HTML");
    assert!(!running.is_finished(), "run ended before its shutdown");

    stop_app(stop, running).await;
    // Stopped means stopped: no more polling after `run` returned.
    let polls = fake.calls_of("getUpdates").len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.calls_of("getUpdates").len(), polls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_runs_on_the_app_s_clock_so_a_reminder_reaches_telegram_when_the_test_clock_passes_the_cooldown()
 {
    let fake = FakeBotApi::start().await;
    let t = app_on(&fake).await;
    let (stop, running) = run_app(&t);
    fake.wait_for("the command menu", |c| {
        c.iter().any(|c| c.method == "setmycommands")
    })
    .await;

    let alice = t.connected_user(&ALICE.to_string()).await;
    // Two assets only, so dust worth a reminder is left.
    let prompt = t.send(&alice, "/convert ADA XRP").await;
    t.press(&alice, &button(&prompt, "Confirm")).await;
    assert_eq!(t.dust_posts(), 1);

    // Six hours on the wall clock would never pass in a test: only the App's clock moves,
    // and the scheduler is woken to look at it.
    t.advance(COOLDOWN + Duration::from_secs(60));
    t.app.service.reminder_wakeup().notify_one();
    let calls = fake
        .wait_for("the reminder", |c| {
            texts_to(c, "sendmessage", ALICE)
                .iter()
                .any(|t| t.contains("cooldown is over"))
        })
        .await;
    let reminder = calls
        .iter()
        .find(|c| c.method == "sendmessage" && c.body["chat_id"] == ALICE)
        .unwrap();
    assert!(
        reminder.body["reply_markup"]
            .to_string()
            .contains("Convert now"),
        "{}",
        reminder.body
    );

    stop_app(stop, running).await;
}
