//! Long polling as Telegram does it: `dustpan run` sends getUpdates with a long-poll
//! `timeout`, so an idle bot waits on the Bot API instead of asking again and again; an
//! update that arrives meanwhile is still answered at once, and SIGTERM does not wait for
//! the pending poll.

use std::time::{Duration, Instant};

use super::fake_api::{FakeBotApi, text_update};
use super::{run_bot, texts_to};
use crate::helpers::TempDb;

const ALICE: i64 = 8008;
/// The shortest long-poll timeout the bot may send (issue 15: 25–50 s).
const MIN_LONG_POLL_SECS: u64 = 25;
/// Longer than the 17 s request timeout of teloxide's default HTTP client.
const IDLE: Duration = Duration::from_secs(20);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn get_updates_carries_a_long_poll_timeout_and_an_idle_bot_makes_at_most_one_call_per_period()
{
    let fake = FakeBotApi::start().await;
    let db = TempDb::new();
    let (mut bot, stderr) = run_bot(&db, &fake.url(), "http://127.0.0.1:9", &[]);

    let deadline = Instant::now() + Duration::from_secs(30);
    while fake.polls().is_empty() {
        assert!(
            Instant::now() < deadline,
            "no getUpdates: {}",
            stderr.text()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Idle past the 17 s an HTTP client of teloxide's defaults allows a request: the first
    // poll is still waiting on the Bot API, not cut off by the client and sent again.
    tokio::time::sleep(IDLE).await;
    let polls = fake.polls();
    assert!(
        polls.len() <= 2,
        "{} getUpdates calls in {IDLE:?} idle",
        polls.len()
    );
    assert!(
        !stderr.text().contains("getting updates failed"),
        "a poll failed while idle: {}",
        stderr.text()
    );
    for p in &polls {
        assert!(
            p.timeout.is_some_and(|t| t >= MIN_LONG_POLL_SECS),
            "getUpdates without a long-poll timeout: {p:?}"
        );
    }

    // An update that arrives while the poll waits is answered at once, not after the
    // poll's timeout.
    let pushed = Instant::now();
    fake.push(text_update(&fake, ALICE, ALICE, "/start").0);
    let calls = fake
        .wait_for("the /start reply", |c| {
            !texts_to(c, "sendmessage", ALICE).is_empty()
        })
        .await;
    let reply = calls.iter().find(|c| c.method == "sendmessage").unwrap();
    assert!(
        reply.at.duration_since(pushed) < Duration::from_secs(10),
        "the reply took {:?}",
        reply.at.duration_since(pushed)
    );
    let after = fake.polls();
    assert!(
        after.len() <= polls.len() + 2,
        "one update cost {} polls",
        after.len() - polls.len()
    );
    assert!(after.iter().all(|p| p.timeout >= Some(MIN_LONG_POLL_SECS)));

    // SIGTERM while a poll is pending: the bot stops without waiting the poll out.
    let pid = bot.0.id().to_string();
    let stopped = Instant::now();
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status();
    let status = loop {
        if let Some(s) = bot.0.try_wait().unwrap() {
            break s;
        }
        assert!(
            stopped.elapsed() < Duration::from_secs(15),
            "no exit after SIGTERM: {}",
            stderr.text()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit {status:?}: {}", stderr.text());
}
