//! The app in process (issue 16 point 4): `App::build_with_clock` with a test clock against
//! the fake Bot API and the simulator, `App::run` serving Telegram and the scheduler until
//! the test's shutdown future resolves.

use std::time::Duration;

use super::fake_api::text_update;
use super::texts_to;
use crate::app::{COOLDOWN, TestApp};
use crate::replies::press_token;

const ALICE: i64 = 4004;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_app_built_in_process_answers_start_on_telegram_and_stops_when_its_shutdown_future_resolves()
 {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();

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
    assert!(t.is_running(), "run ended before its shutdown");

    t.stop().await;
    // Stopped means stopped: no more polling after `run` returned.
    let polls = fake.calls_of("getUpdates").len();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(fake.calls_of("getUpdates").len(), polls);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_runs_on_the_app_s_clock_so_a_reminder_reaches_telegram_when_the_test_clock_passes_the_cooldown()
 {
    let mut t = TestApp::builder().telegram().build().await;
    let fake = t.telegram().clone();
    fake.wait_for("the command menu", |c| {
        c.iter().any(|c| c.method == "setmycommands")
    })
    .await;

    let alice = t.connected_user(&ALICE.to_string()).await;
    // Two assets only, so dust worth a reminder is left.
    let prompt = t.send(&alice, "/convert ADA XRP").await;
    t.press(&alice, &press_token(&prompt, "button-confirm"))
        .await;
    assert_eq!(t.dust_posts(), 1);

    // Six hours on the wall clock would never pass in a test: only the App's clock moves,
    // and the harness wakes the scheduler to look at it.
    t.advance(COOLDOWN + Duration::from_secs(60));
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

    t.stop().await;
}
