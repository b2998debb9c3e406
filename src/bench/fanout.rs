//! The reminder fan-out benchmark: N due reminders delivered through the real Telegram
//! notifier to a local fake Bot API server that enforces an overall and a per-chat limit
//! and answers 429 past them, as Telegram does.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::config::TelegramSettings;
use crate::domain::Platform;
use crate::frontends::Frontend as _;
use crate::ports::SystemClock;
use crate::scheduler::Scheduler;
use crate::service::Caller;
use crate::sim::{self, AccountSpec, SimConfig};

/// Goal: achieved rate over the overall limit.
pub const GOAL_RATIO: f64 = 0.95;
/// An obviously fake bot token.
const TOKEN: &str = "123456:FAKE-bench-token";

#[derive(Default)]
struct Limits {
    overall: usize,
    per_chat: usize,
    window: Duration,
    recent: VecDeque<Instant>,
    by_chat: HashMap<i64, VecDeque<Instant>>,
    accepted: Vec<Instant>,
    rejected: usize,
}

impl Limits {
    /// Books a message to `chat` now, or says how long to wait.
    fn admit(&mut self, chat: i64, now: Instant) -> Result<(), u64> {
        let window = self.window;
        let prune = |q: &mut VecDeque<Instant>| {
            while q.front().is_some_and(|t| now.duration_since(*t) >= window) {
                q.pop_front();
            }
        };
        prune(&mut self.recent);
        let per_chat = self.by_chat.entry(chat).or_default();
        prune(per_chat);
        if self.recent.len() >= self.overall || per_chat.len() >= self.per_chat {
            self.rejected += 1;
            return Err(1);
        }
        per_chat.push_back(now);
        self.recent.push_back(now);
        self.accepted.push(now);
        Ok(())
    }
}

type Shared = Arc<Mutex<Limits>>;

async fn bot_api(
    State(limits): State<Shared>,
    Path((_, method)): Path<(String, String)>,
    body: String,
) -> axum::Json<Value> {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let method = method.to_ascii_lowercase();
    let ok = |result: Value| axum::Json(json!({"ok": true, "result": result}));
    match method.as_str() {
        "getme" => ok(json!({
            "id": 1, "is_bot": true, "first_name": "bench", "username": "bench_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "sendmessage" => {
            let chat = body["chat_id"].as_i64().unwrap_or(0);
            let admitted = match limits.lock() {
                Ok(mut l) => l.admit(chat, Instant::now()),
                Err(_) => Err(1),
            };
            match admitted {
                Ok(()) => ok(json!({
                    "message_id": 1,
                    "date": 1_700_000_000,
                    "chat": {"id": chat, "type": "private", "first_name": "User"},
                    "text": body["text"].as_str().unwrap_or_default(),
                })),
                Err(retry) => axum::Json(json!({
                    "ok": false,
                    "error_code": 429,
                    "description": format!("Too Many Requests: retry after {retry}"),
                    "parameters": {"retry_after": retry},
                })),
            }
        }
        _ => ok(json!(true)),
    }
}

async fn start_fake(limits: Shared) -> anyhow::Result<SocketAddr> {
    let app = Router::new()
        .route("/{bot}/{method}", post(bot_api))
        .with_state(limits);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(addr)
}

/// Runs the fan-out benchmark and prints its report.
pub async fn run(users: usize, overall: usize, per_chat: usize) -> anyhow::Result<()> {
    let limits: Shared = Arc::new(Mutex::new(Limits {
        overall,
        per_chat,
        window: Duration::from_secs(1),
        ..Limits::default()
    }));
    let fake = start_fake(limits.clone()).await?;
    let demo = super::demo_account()?;
    let account = |i: usize| AccountSpec {
        api_key: format!("dustpanFANOUTkey{i:048}"),
        api_secret: format!("dustpanFANOUTsec{i:048}"),
        uid: 2_000_000 + i as u64,
        ..demo.clone()
    };
    let sim = sim::start(
        SimConfig::with_accounts((0..users).map(account).collect()),
        "127.0.0.1:0".parse()?,
    )
    .await?;
    let (_dir, app) = super::app_on(&sim).await?;
    let telegram = TelegramSettings {
        bot_token: SecretString::from(TOKEN),
        api_url: url::Url::parse(&format!("http://{fake}"))?,
        webhook: None,
        instances: 1,
    };
    let bot = crate::frontends::telegram::connect(&telegram, app.service.clone()).await?;

    eprintln!("arming {users} due reminders…");
    let due = chrono::Utc::now() - chrono::Duration::seconds(1);
    for i in 0..users {
        let caller = Caller::in_private(Platform::Telegram, format!("{}", 7_000_000 + i));
        let acct = account(i);
        app.service
            .connect_caller(
                &caller,
                SecretString::from(acct.api_key),
                SecretString::from(acct.api_secret),
            )
            .await;
        if let Some(user) = app
            .db
            .user(Platform::Telegram, &caller.platform_user_id, false)
            .await?
        {
            app.db
                .arm_reminder(
                    user.id,
                    crate::domain::ExchangeId::Binance,
                    due,
                    &i.to_string(),
                )
                .await?;
        }
    }
    let scheduler = Scheduler::new(
        app.service.clone(),
        vec![bot.notifier()],
        Arc::new(SystemClock),
    );
    eprintln!("sending through the fake Bot API ({overall}/s overall, {per_chat}/s per chat)…");
    let started = Instant::now();
    let deadline = started + Duration::from_secs(30 + 2 * users as u64 / overall.max(1) as u64);
    let mut sent = 0u32;
    while (sent as usize) < users && Instant::now() < deadline {
        let report = scheduler.run_due_once(chrono::Utc::now()).await;
        sent += report.sent;
        if report.sent == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let (accepted, rejected) = {
        let l = limits
            .lock()
            .map_err(|_| anyhow::anyhow!("limits poisoned"))?;
        (l.accepted.clone(), l.rejected)
    };
    let rate = match (accepted.first(), accepted.last()) {
        (Some(a), Some(b)) if accepted.len() > 1 => {
            (accepted.len() - 1) as f64 / b.duration_since(*a).as_secs_f64()
        }
        _ => 0.0,
    };
    let ratio = rate / overall as f64;
    println!(
        "dustpan bench reminders fan-out — {users} due reminders, limit {overall}/s overall, {per_chat}/s per chat"
    );
    println!(
        "  delivered             {} of {users} in {:.1} s",
        accepted.len(),
        started.elapsed().as_secs_f64()
    );
    println!(
        "  achieved rate         {rate:>8.2}/s   ratio to the limit {ratio:.3}   goal ≥ {GOAL_RATIO}"
    );
    println!("  429 answers           {rejected:>8}   goal 0");
    app.db.close().await;
    sim.shutdown().await;
    Ok(())
}
