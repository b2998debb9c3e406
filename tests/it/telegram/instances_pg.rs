//! Two `dustpan run` instances on one PostgreSQL behave as one bot (issue 21): the real
//! binary twice, webhook mode on two loopback ports, the in-process simulator, and the fake
//! Bot API's updates delivered to either instance at random. A Confirm pressed on both
//! instances at once converts once; reminders due at once are each delivered once, also
//! when one instance is killed (SIGKILL) in the middle of sending them.
//!
//! Left out, with one line saying how to include them, on a machine without PostgreSQL
//! (`pg.rs`).

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{Duration, Instant};

use secrecy::SecretString;
use serde_json::{Value, json};

use super::fake_api::{Call, FakeBotApi, press_update, text_update};
use super::{Bot, Stderr, has_text, run_bot};
use crate::helpers::{TempDb, key_b64};
use dustpan::domain::Platform;
use dustpan::service::Caller;
use dustpan::sim::{AccountSpec, SimConfig, SimHandle};

const HOOK_URL: &str = "https://example.invalid/hook";
const DUST_PATH: &str = "/sapi/v1/asset/dust";

fn free_port() -> SocketAddr {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap()
}

fn account(i: usize, demo: &AccountSpec) -> AccountSpec {
    AccountSpec {
        api_key: format!("dustpanINSTkey{i:050}"),
        api_secret: format!("dustpanINSTsec{i:050}"),
        uid: 2_000_000 + i as u64,
        ..demo.clone()
    }
}

/// The simulator with `n` accounts, each with the demo account's dust.
async fn sim_with(n: usize) -> (SimHandle, Vec<AccountSpec>) {
    let demo = SimConfig::demo().accounts.into_iter().next().unwrap();
    let accounts: Vec<AccountSpec> = (0..n).map(|i| account(i, &demo)).collect();
    let sim = dustpan::sim::start(
        SimConfig::with_accounts(accounts.clone()),
        "127.0.0.1:0".parse().unwrap(),
    )
    .await
    .unwrap();
    (sim, accounts)
}

/// One instance in webhook mode on `listen`, on the PostgreSQL database `url`.
fn instance(
    dir: &TempDb,
    fake: &FakeBotApi,
    sim: &SimHandle,
    url: &str,
    listen: SocketAddr,
    extra: &[(&str, &str)],
) -> (Bot, Stderr) {
    let listen = listen.to_string();
    let mut settings = vec![
        ("TELEGRAM_WEBHOOK_URL", HOOK_URL),
        ("TELEGRAM_WEBHOOK_LISTEN", listen.as_str()),
        ("DUSTPAN_DATABASE_URL", url),
        ("DUSTPAN_INSTANCES", "2"),
        ("RUST_LOG", "warn"),
    ];
    settings.extend_from_slice(extra);
    run_bot(dir, &fake.url(), &sim.base_url(), &settings)
}

static UPDATE_ID: AtomicI64 = AtomicI64::new(1);

/// Delivers `update` to the webhook at `listen` with the secret Telegram holds (waits for
/// the webhook to be set and the instance to listen, up to 60 s); the HTTP status.
async fn deliver(fake: &FakeBotApi, listen: SocketAddr, mut update: Value) -> u16 {
    update["update_id"] = json!(UPDATE_ID.fetch_add(1, Ordering::Relaxed));
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let secret = fake.webhook().and_then(|w| w.secret);
        if let Some(secret) = secret {
            let sent = client
                .post(format!("http://{listen}/hook"))
                .header("content-type", "application/json")
                .header("X-Telegram-Bot-Api-Secret-Token", &secret)
                .body(update.to_string())
                .send()
                .await;
            if let Ok(resp) = sent {
                return resp.status().as_u16();
            }
        }
        assert!(Instant::now() < deadline, "{listen} never answered");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits (up to `secs`) until `pred` holds over the fake's calls; polls gently, since many
/// waiters share two loaded cores.
async fn wait_until(
    fake: &FakeBotApi,
    what: &str,
    secs: u64,
    pred: impl Fn(&[Call]) -> bool,
) -> Vec<Call> {
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        let calls = fake.calls();
        if pred(&calls) {
            return calls;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

/// Either instance, at random.
fn either(listens: &[SocketAddr; 2]) -> SocketAddr {
    listens[usize::from(rand::random::<bool>())]
}

/// One user's connect, /dust and /convert all, each typed to either instance; then Confirm
/// pressed on both instances at once. Returns once the prompt shows the conversion.
async fn user_flow(fake: &FakeBotApi, listens: [SocketAddr; 2], who: i64, acct: &AccountSpec) {
    let say = |text: String| async move {
        let status = deliver(fake, either(&listens), text_update(fake, who, who, &text).0).await;
        assert!((200..300).contains(&status), "user {who}: status {status}");
    };
    say(format!("/connect {} {}", acct.api_key, acct.api_secret)).await;
    wait_until(fake, "the connect reply", 120, |c| {
        has_text(c, "sendmessage", who, "Connected key")
    })
    .await;
    say("/dust".to_owned()).await;
    wait_until(fake, "the dust report", 120, |c| {
        has_text(c, "sendmessage", who, "Your dust")
    })
    .await;
    say("/convert all".to_owned()).await;
    let is_prompt = |c: &Call| {
        c.method == "sendmessage"
            && c.body["chat_id"].as_i64() == Some(who)
            && c.body["reply_markup"].to_string().contains("Confirm")
            // The fake records a call before it gives the message its id.
            && c.body["_message_id"].is_i64()
    };
    let calls = wait_until(fake, "the confirm prompt", 120, |c| c.iter().any(is_prompt)).await;
    let prompt = calls.iter().find(|c| is_prompt(c)).unwrap().body.clone();
    let prompt_id = prompt["_message_id"].as_i64().unwrap();
    let confirm = prompt["reply_markup"]["inline_keyboard"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row.as_array().unwrap().iter())
        .find(|b| b["text"] == "Confirm")
        .unwrap()["callback_data"]
        .as_str()
        .unwrap()
        .to_owned();
    let (a, b) = (format!("cq-{who}-a"), format!("cq-{who}-b"));
    let press = |id: &str| press_update(id, who, who, prompt_id, &prompt, &confirm);
    let (sa, sb) = tokio::join!(
        deliver(fake, listens[0], press(&a)),
        deliver(fake, listens[1], press(&b))
    );
    assert!(
        (200..300).contains(&sa) && (200..300).contains(&sb),
        "{sa} {sb}"
    );
    wait_until(
        fake,
        "both presses answered and the result shown",
        180,
        |c| {
            let answered = |id: &str| {
                c.iter()
                    .any(|c| c.method == "answercallbackquery" && c.body["callback_query_id"] == id)
            };
            answered(&a)
                && answered(&b)
                && c.iter().any(|c| {
                    c.method.starts_with("editmessage")
                        && c.body["chat_id"].as_i64() == Some(who)
                        && c.body["message_id"] == prompt_id
                        && c.body["text"]
                            .as_str()
                            .unwrap_or_default()
                            .contains("Converted")
                })
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fifty_users_pressing_confirm_on_both_instances_at_once_each_convert_once() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    const USERS: usize = 50;
    let (sim, accounts) = sim_with(USERS).await;
    let fake = FakeBotApi::start().await;
    let dir = TempDb::new();
    let listens = [free_port(), free_port()];
    let (_a, a_err) = instance(&dir, &fake, &sim, &url, listens[0], &[]);
    let (_b, b_err) = instance(&dir, &fake, &sim, &url, listens[1], &[]);

    // Ten users at a time, each update to either instance.
    for chunk in (0..USERS).collect::<Vec<_>>().chunks(10) {
        let flows = chunk.iter().map(|&i| {
            let (fake, acct) = (&fake, &accounts[i]);
            async move { user_flow(fake, listens, 9_000_000 + i as i64, acct).await }
        });
        futures_util::future::join_all(flows).await;
    }
    // A stray second conversion would have had time to show up by now; look once more
    // after a moment.
    tokio::time::sleep(Duration::from_millis(500)).await;
    let posts = sim.request_count("POST", DUST_PATH);
    assert_eq!(
        posts,
        USERS,
        "one dust POST per user; logs:\n{}\n{}",
        a_err.text(),
        b_err.text()
    );
    sim.shutdown().await;
}

/// `n` users connected and a reminder each due now, written through the library on the
/// same database (as a previous deployment would have left them).
async fn due_reminders(url: &str, sim: &SimHandle, accounts: &[AccountSpec], first_chat: i64) {
    let mut raw = dustpan::config::RawSettings::default();
    raw.set("DUSTPAN_DATABASE_URL", url);
    raw.set("BINANCE_API_URL", &sim.base_url());
    raw.set("DUSTPAN_MASTER_KEY", &key_b64(9));
    raw.set("DUSTPAN_OPEN", "true");
    let settings = raw.parse().unwrap();
    let app = dustpan::startup::App::build(&settings).await.unwrap();
    let due = chrono::Utc::now() - chrono::Duration::seconds(1);
    for (chunk_start, chunk) in accounts.chunks(50).enumerate() {
        let connects = chunk.iter().enumerate().map(|(j, acct)| {
            let i = chunk_start * 50 + j;
            let app = &app;
            async move {
                let caller =
                    Caller::in_private(Platform::Telegram, (first_chat + i as i64).to_string());
                app.service
                    .connect_caller(
                        &caller,
                        SecretString::from(acct.api_key.clone()),
                        SecretString::from(acct.api_secret.clone()),
                    )
                    .await;
                let user = app
                    .db
                    .user(Platform::Telegram, &caller.platform_user_id, false)
                    .await
                    .unwrap()
                    .expect("connected");
                app.db
                    .arm_reminder(
                        user.id,
                        dustpan::domain::ExchangeId::Binance,
                        due,
                        &format!("b{i}"),
                    )
                    .await
                    .unwrap();
            }
        });
        futures_util::future::join_all(connects).await;
    }
    app.db.close().await;
}

/// sendMessage calls per chat in `chats`.
fn sent_per_chat(calls: &[Call], chats: std::ops::Range<i64>) -> HashMap<i64, usize> {
    let mut per = HashMap::new();
    for c in calls {
        if c.method == "sendmessage"
            && let Some(chat) = c.body["chat_id"].as_i64()
            && chats.contains(&chat)
        {
            *per.entry(chat).or_insert(0) += 1;
        }
    }
    per
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_reminders_due_at_once_are_each_delivered_once_by_two_instances() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    const N: usize = 500;
    const FIRST: i64 = 11_000_000;
    let (sim, accounts) = sim_with(N).await;
    due_reminders(&url, &sim, &accounts, FIRST).await;
    let fake = FakeBotApi::start().await;
    let dir = TempDb::new();
    let listens = [free_port(), free_port()];
    let (_a, a_err) = instance(&dir, &fake, &sim, &url, listens[0], &[]);
    let (_b, b_err) = instance(&dir, &fake, &sim, &url, listens[1], &[]);
    let chats = FIRST..FIRST + N as i64;
    wait_until(&fake, "every reminder delivered", 300, |c| {
        sent_per_chat(c, chats.clone()).len() == N
    })
    .await;
    // Time for a stray second delivery to show up.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let per = sent_per_chat(&fake.calls(), chats.clone());
    let twice: Vec<_> = per.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "delivered more than once: {twice:?}\n{}\n{}",
        a_err.text(),
        b_err.text()
    );
    assert_eq!(per.len(), N);
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_instance_killed_while_sending_reminders_leaves_the_other_to_deliver_every_one() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    const N: usize = 300;
    const FIRST: i64 = 12_000_000;
    let (sim, accounts) = sim_with(N).await;
    due_reminders(&url, &sim, &accounts, FIRST).await;
    let fake = FakeBotApi::start().await;
    let dir = TempDb::new();
    let listens = [free_port(), free_port()];
    // Claims of a dead sender are taken over after 20 s instead of 5 min.
    let fast = [("DUSTPAN_CLAIM_TIMEOUT", "20")];
    let (mut a, _a_err) = instance(&dir, &fake, &sim, &url, listens[0], &fast);
    let (_b, b_err) = instance(&dir, &fake, &sim, &url, listens[1], &fast);
    let chats = FIRST..FIRST + N as i64;
    // Mid-run: some delivered, most not.
    wait_until(&fake, "the first reminders", 120, |c| {
        sent_per_chat(c, chats.clone()).len() >= 20
    })
    .await;
    a.0.kill().unwrap();
    a.0.wait().unwrap();
    let killed_at = sent_per_chat(&fake.calls(), chats.clone()).len();
    assert!(killed_at < N, "all were delivered before the kill");
    wait_until(
        &fake,
        "every reminder delivered by the survivor",
        300,
        |c| sent_per_chat(c, chats.clone()).len() == N,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let per = sent_per_chat(&fake.calls(), chats.clone());
    // At most the one the killed instance had sent but not yet marked goes out twice.
    let extra: usize = per.values().map(|n| n - 1).sum();
    assert!(extra <= 1, "{extra} duplicates\n{}", b_err.text());
    sim.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_postgresql_one_instance_polls_and_a_second_poller_refuses_to_start_saying_why() {
    let Some(url) = crate::pg::fresh_database().await else {
        return;
    };
    let (sim, _) = sim_with(1).await;
    let fake = FakeBotApi::start().await;
    let dir = TempDb::new();
    let polling = [("DUSTPAN_DATABASE_URL", url.as_str()), ("RUST_LOG", "warn")];
    let (mut first, first_err) = run_bot(&dir, &fake.url(), &sim.base_url(), &polling);
    let deadline = Instant::now() + Duration::from_secs(120);
    while fake.polls().is_empty() {
        assert!(
            Instant::now() < deadline && first.0.try_wait().unwrap().is_none(),
            "the first instance does not poll: {}",
            first_err.text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (mut second, second_err) = run_bot(&dir, &fake.url(), &sim.base_url(), &polling);
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = second.0.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "the second instance still runs");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(status.code(), Some(2), "{}", second_err.text());
    let why = second_err.text();
    assert!(
        why.contains("long polling") && why.contains("TELEGRAM_WEBHOOK_URL"),
        "{why}"
    );
    assert!(
        first.0.try_wait().unwrap().is_none(),
        "the first instance keeps polling: {}",
        first_err.text()
    );
    // The first answers as before.
    fake.push(text_update(&fake, 4242, 4242, "/help").0);
    wait_until(&fake, "the first instance's answer", 120, |c| {
        c.iter()
            .any(|c| c.method == "sendmessage" && c.body["chat_id"] == 4242)
    })
    .await;
    sim.shutdown().await;
}
