//! `dustpan bench discord-fanout`: N due reminders delivered as DMs through the real
//! Discord notifier and scheduler to a local fake Discord REST API (loopback, port 0) that
//! enforces Discord's global limit (50 requests in any second) and answers a real global
//! 429 past it. The figure: requests per second achieved, their ratio to the limit, and
//! how many 429s the fake had to send.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::domain::Platform;
use crate::frontends::discord::notifier::DiscordNotifier;
use crate::frontends::discord::rest::Rest;
use crate::ports::{Notifier, SystemClock};
use crate::scheduler::Scheduler;
use crate::service::Caller;
use crate::sim::{self, AccountSpec, SimConfig};

/// Goal: achieved rate over the limit.
pub const GOAL_RATIO: f64 = 0.95;
/// Discord's global limit the fake enforces: 50 requests per second per bot
/// (platforms.md §3.4), counted over a sliding one-second window as the fake sees arrivals.
const DISCORD_LIMIT: usize = 50;
const WINDOW: Duration = Duration::from_secs(1);
/// An obviously fake bot token.
const TOKEN: &str = "FAKE.discord-bench-token.not-a-secret";

#[derive(Default)]
struct Limits {
    window: VecDeque<Instant>,
    accepted: Vec<Instant>,
    dms: usize,
    rejected: usize,
}

type Shared = Arc<Mutex<Limits>>;

/// The global limit in front of every route.
async fn limit(State(limits): State<Shared>, req: Request, next: Next) -> Response {
    let now = Instant::now();
    let refused = {
        let Ok(mut l) = limits.lock() else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        while l
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            l.window.pop_front();
        }
        if l.window.len() >= DISCORD_LIMIT {
            l.rejected += 1;
            let retry = l
                .window
                .front()
                .map_or(WINDOW, |t| WINDOW.saturating_sub(now.duration_since(*t)));
            Some(retry.as_secs_f64())
        } else {
            l.window.push_back(now);
            l.accepted.push(now);
            None
        }
    };
    match refused {
        Some(retry) => {
            let mut resp = (
                StatusCode::TOO_MANY_REQUESTS,
                axum::Json(json!({
                    "message": "You are being rate limited.",
                    "retry_after": retry,
                    "global": true,
                })),
            )
                .into_response();
            let headers = resp.headers_mut();
            if let Ok(v) = format!("{}", retry.ceil() as u64).parse() {
                headers.insert("retry-after", v);
            }
            headers.insert(
                "x-ratelimit-global",
                axum::http::HeaderValue::from_static("true"),
            );
            headers.insert(
                "x-ratelimit-scope",
                axum::http::HeaderValue::from_static("global"),
            );
            resp
        }
        None => next.run(req).await,
    }
}

async fn application() -> axum::Json<Value> {
    axum::Json(json!({"id": "900000000000000001", "name": "dustpan-bench"}))
}

async fn open_dm(body: String) -> axum::Json<Value> {
    let body: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    let user = body["recipient_id"].as_str().unwrap_or("0");
    axum::Json(json!({"id": format!("7{user}"), "type": 1, "recipients": [{"id": user}]}))
}

async fn send(
    State(limits): State<Shared>,
    Path(channel): Path<String>,
    body: String,
) -> axum::Json<Value> {
    if let Ok(mut l) = limits.lock() {
        l.dms += 1;
    }
    let mut m: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
    m["id"] = json!("1");
    m["channel_id"] = json!(channel);
    axum::Json(m)
}

async fn start_fake(limits: Shared) -> anyhow::Result<url::Url> {
    let api = Router::new()
        .route("/applications/@me", get(application))
        .route("/users/@me/channels", post(open_dm))
        .route("/channels/{id}/messages", post(send))
        .layer(middleware::from_fn_with_state(limits.clone(), limit))
        .with_state(limits);
    let app = Router::new().nest("/api/v10", api);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(url::Url::parse(&format!("http://{addr}"))?)
}

/// Runs the Discord fan-out benchmark and prints its report.
pub async fn run(users: usize) -> anyhow::Result<()> {
    let limits: Shared = Arc::default();
    let fake = start_fake(limits.clone()).await?;
    let demo = super::demo_account()?;
    let account = |i: usize| AccountSpec {
        api_key: format!("dustpanDCFANOUTkey{i:046}"),
        api_secret: format!("dustpanDCFANOUTsec{i:046}"),
        uid: 3_000_000 + i as u64,
        ..demo.clone()
    };
    let sim = sim::start(
        SimConfig::with_accounts((0..users).map(account).collect()),
        "127.0.0.1:0".parse()?,
    )
    .await?;
    let (_dir, app) = super::app_on(&sim).await?;
    let rest = Rest::new(fake, SecretString::from(TOKEN))?;
    let notifier: Arc<dyn Notifier> = Arc::new(DiscordNotifier::new(rest));

    eprintln!("arming {users} due reminders…");
    let due = chrono::Utc::now() - chrono::Duration::seconds(1);
    for i in 0..users {
        let caller = Caller::in_private(Platform::Discord, format!("{}", 400_000_000_000 + i));
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
            .user(Platform::Discord, &caller.platform_user_id, false)
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
    let scheduler = Scheduler::new(app.service.clone(), vec![notifier], Arc::new(SystemClock));
    eprintln!("sending DMs through the fake Discord API ({DISCORD_LIMIT}/s overall)…");
    let started = Instant::now();
    // Two requests a user (open the DM, send), at the limit, and slack: bounded.
    let deadline = started + Duration::from_secs(30 + 4 * users as u64 / DISCORD_LIMIT as u64);
    let mut sent = 0usize;
    while sent < users && Instant::now() < deadline {
        let report = scheduler.run_due_once(chrono::Utc::now()).await;
        sent += report.sent as usize;
        if report.sent == 0 {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let elapsed = started.elapsed();
    let (accepted, dms, rejected) = {
        let l = limits
            .lock()
            .map_err(|_| anyhow::anyhow!("limits poisoned"))?;
        (l.accepted.clone(), l.dms, l.rejected)
    };
    // Under a sliding one-second window the k-th request (from 0) may come at the earliest
    // ⌊k / limit⌋ windows after the first: the achieved rate is the limit times that
    // shortest span over the span measured (1.0 when every window is full).
    let span = match (accepted.first(), accepted.last()) {
        (Some(a), Some(b)) => b.duration_since(*a),
        _ => Duration::ZERO,
    };
    let shortest = WINDOW * (accepted.len().saturating_sub(1) / DISCORD_LIMIT) as u32;
    let ratio = if span.is_zero() || shortest.is_zero() {
        f64::NAN
    } else {
        shortest.as_secs_f64() / span.as_secs_f64()
    };
    let rate = ratio * DISCORD_LIMIT as f64;
    println!(
        "dustpan bench discord-fanout — {users} due reminders as DMs, limit {DISCORD_LIMIT} requests/s overall"
    );
    println!(
        "  delivered             {dms} of {users} in {:.1} s",
        elapsed.as_secs_f64()
    );
    println!(
        "  requests              {:>8}   (open DM + send per user)",
        accepted.len()
    );
    println!(
        "  span                  {:>8.3} s   shortest the limit allows {:.3} s (needs > {DISCORD_LIMIT} requests)",
        span.as_secs_f64(),
        shortest.as_secs_f64()
    );
    println!(
        "  achieved rate         {rate:>8.2}/s   ratio to the limit {ratio:.3}   goal ≥ {GOAL_RATIO}"
    );
    println!("  429 answers           {rejected:>8}   goal 0");
    app.db.close().await;
    sim.shutdown().await;
    Ok(())
}
