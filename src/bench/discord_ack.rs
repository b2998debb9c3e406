//! `dustpan bench discord-ack`: how fast Discord interactions are acknowledged through the
//! HTTP interactions endpoint. The endpoint (the frontend's own router, verifying every
//! signature) serves on a loopback port 0, the simulator runs in process, a fake Discord
//! REST API on loopback takes the follow-ups; N interactions signed with Ed25519 as Discord
//! signs them — a mix of /dust by a connected user, a button press, /help and an
//! autocomplete — are sent with bounded concurrency, and the time until each HTTP response
//! is measured. Discord wants an answer within 3 s; the goal here is a p99 under 50 ms.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{Method, Uri};
use ed25519_dalek::{Signer as _, SigningKey};
use futures_util::StreamExt as _;
use secrecy::SecretString;
use serde_json::{Value, json};

use crate::bench::percentile;
use crate::domain::Platform;
use crate::frontends::discord::interactions::{self, Endpoint};
use crate::frontends::discord::rest::Rest;
use crate::service::command::Command;
use crate::service::reply::Role;
use crate::service::{Caller, ChannelKind, Service};
use crate::sim::{self, AccountSpec, SimConfig};

/// The goal for the 99th percentile of acknowledgement latency.
pub const GOAL_P99: Duration = Duration::from_millis(50);
/// An obviously fake signing key: the benchmark plays Discord.
const FAKE_SIGNING_SECRET: [u8; 32] = [0x42; 32];
/// An obviously fake bot token.
const TOKEN: &str = "FAKE.discord-bench-token";
/// The application's id.
const APP_ID: u64 = 900_000_000_000_000_001;
const GUILD: &str = "500000000000000001";
const CHANNEL: &str = "600000000000000001";
/// Past this, no more interactions are sent and the report covers those answered.
const RUN_WITHIN: Duration = Duration::from_secs(300);
/// One request's bound (Discord gives up after 3 s; this only keeps the run bounded).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The four kinds of interaction in the mix, in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Dust,
    Press,
    Help,
    Autocomplete,
}

const KINDS: [Kind; 4] = [Kind::Dust, Kind::Press, Kind::Help, Kind::Autocomplete];

impl Kind {
    fn label(self) -> &'static str {
        match self {
            Kind::Dust => "/dust",
            Kind::Press => "press",
            Kind::Help => "/help",
            Kind::Autocomplete => "autocomplete",
        }
    }
}

fn account(i: usize, demo: &AccountSpec) -> AccountSpec {
    AccountSpec {
        api_key: format!("dustpanDISCACKk{i:049}"),
        api_secret: format!("dustpanDISCACKs{i:049}"),
        uid: 3_000_000 + i as u64,
        ..demo.clone()
    }
}

/// The Discord user id of the `u`-th user of a kind (distinct users: no one is throttled).
fn user_id(kind: Kind, u: usize) -> String {
    let base: u64 = match kind {
        Kind::Dust => 310_000_000_000_000_000,
        Kind::Press | Kind::Autocomplete => 320_000_000_000_000_000,
        Kind::Help => 330_000_000_000_000_000,
    };
    (base + u as u64).to_string()
}

/// An interaction in a server channel, with the fields Discord sends
/// (discord-api-docs `receiving-and-responding`, "Interaction Object").
fn interaction(n: usize, kind: u8, user: &str, data: Value) -> Value {
    json!({
        "id": (800_000_000_000_000_000u64 + n as u64).to_string(),
        "application_id": APP_ID.to_string(),
        "type": kind,
        "token": format!("FAKE-bench-interaction-token-{n}"),
        "version": 1,
        "locale": "en-US",
        "guild_locale": "en-US",
        "app_permissions": "0",
        "entitlements": [],
        "attachment_size_limit": 10_485_760,
        "guild_id": GUILD,
        "channel_id": CHANNEL,
        "channel": {"id": CHANNEL, "type": 0, "guild_id": GUILD},
        "context": 0,
        "authorizing_integration_owners": {"0": GUILD},
        "member": {
            "user": {"id": user, "username": format!("user{user}"), "discriminator": "0",
                     "global_name": null, "avatar": null},
            "roles": [], "joined_at": "2024-01-01T00:00:00.000000+00:00",
            "deaf": false, "mute": false, "flags": 0, "permissions": "0",
        },
        "data": data,
    })
}

fn command(n: usize, user: &str, name: &str) -> Value {
    interaction(
        n,
        2,
        user,
        json!({"id": "100000000000000001", "name": name, "type": 1, "options": []}),
    )
}

/// A fake Discord REST API: every call answered 200, counted.
async fn start_fake(calls: Arc<AtomicUsize>) -> anyhow::Result<SocketAddr> {
    let app = Router::new().fallback(move |method: Method, uri: Uri| {
        let calls = calls.clone();
        async move {
            calls.fetch_add(1, Ordering::Relaxed);
            if method == Method::GET && uri.path().ends_with("/applications/@me") {
                return axum::Json(json!({"id": APP_ID.to_string(), "name": "dustpan"}));
            }
            axum::Json(json!({"id": "700000000000000001", "channel_id": CHANNEL}))
        }
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    Ok(addr)
}

/// Connects user `u` of `kind` with account `i`.
async fn connect(service: &Service, kind: Kind, u: usize, acct: &AccountSpec) -> Caller {
    let caller = Caller::new(
        Platform::Discord,
        user_id(kind, u),
        ChannelKind::ServerChannel,
    );
    service
        .connect_caller(
            &caller,
            SecretString::from(acct.api_key.clone()),
            SecretString::from(acct.api_secret.clone()),
        )
        .await;
    caller
}

/// The first button a user's /dust shows (pressed later, once); a stale token when it
/// shows none, which is still a press to answer.
async fn first_button(service: &Service, caller: &Caller) -> String {
    let reply = service.handle_command(caller, Command::Dust).await;
    reply
        .messages
        .iter()
        .flat_map(|m| &m.buttons)
        .find(|b| b.role != Role::Link)
        .map_or_else(|| "x:stale".to_owned(), |b| b.token.clone())
}

/// One measured answer.
struct Sample {
    kind: Kind,
    took: Duration,
    status: u16,
    response_type: u64,
}

/// Runs the benchmark and prints its report.
pub async fn run(interactions: usize, concurrency: usize) -> anyhow::Result<()> {
    let per_kind = interactions.div_ceil(KINDS.len());
    let demo = super::demo_account()?;
    // Each /dust user and each presser has an account of their own.
    let sim = sim::start(
        SimConfig::with_accounts((0..2 * per_kind).map(|i| account(i, &demo)).collect()),
        "127.0.0.1:0".parse()?,
    )
    .await?;
    let (_dir, app) = super::app_on(&sim).await?;
    let service = app.service.clone();
    let rest_calls = Arc::new(AtomicUsize::new(0));
    let fake = start_fake(rest_calls.clone()).await?;
    let key = SigningKey::from_bytes(&FAKE_SIGNING_SECRET);
    let rest = Rest::new(
        url::Url::parse(&format!("http://{fake}"))?,
        SecretString::from(TOKEN),
    )?;
    let endpoint = Arc::new(Endpoint::new(
        Some(key.verifying_key().to_bytes()),
        service.clone(),
        rest,
        APP_ID,
    )?);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let listen = listener.local_addr()?;
    let router = interactions::router(endpoint.clone());
    let server = tokio::spawn(async move { axum::serve(listener, router).await });

    eprintln!(
        "connecting {} users, each presser's /dust shown once…",
        2 * per_kind
    );
    let tokens: Vec<String> = futures_util::stream::iter(0..per_kind)
        .map(|u| {
            let (service, demo) = (service.clone(), demo.clone());
            async move {
                connect(&service, Kind::Dust, u, &account(u, &demo)).await;
                let presser =
                    connect(&service, Kind::Press, u, &account(per_kind + u, &demo)).await;
                first_button(&service, &presser).await
            }
        })
        .buffered(concurrency)
        .collect()
        .await;

    let bodies: Vec<(Kind, String)> = (0..interactions)
        .map(|n| {
            let kind = KINDS[n % KINDS.len()];
            let u = n / KINDS.len();
            let user = user_id(kind, u);
            let ix = match kind {
                Kind::Dust => command(n, &user, "dust"),
                Kind::Help => command(n, &user, "help"),
                Kind::Press => interaction(
                    n,
                    3,
                    &user,
                    json!({"custom_id": tokens[u], "component_type": 2}),
                ),
                Kind::Autocomplete => interaction(
                    n,
                    4,
                    &user,
                    json!({"id": "100000000000000001", "name": "convert", "type": 1,
                           "options": [{"name": "assets", "type": 3, "value": "a", "focused": true}]}),
                ),
            };
            (kind, ix.to_string())
        })
        .collect();

    eprintln!("sending {interactions} signed interactions, {concurrency} at once…");
    let client = reqwest::Client::builder()
        .timeout(REQUEST_TIMEOUT)
        .pool_max_idle_per_host(concurrency)
        .build()?;
    let url = format!("http://{listen}/interactions");
    let started = Instant::now();
    let deadline = started + RUN_WITHIN;
    let samples: Vec<Sample> = futures_util::stream::iter(bodies)
        .take_while(|_| std::future::ready(Instant::now() < deadline))
        .map(|(kind, body)| {
            let (client, url, key) = (client.clone(), url.clone(), key.clone());
            async move {
                let timestamp = chrono::Utc::now().timestamp().to_string();
                let signature = hex::encode(
                    key.sign(&[timestamp.as_bytes(), body.as_bytes()].concat())
                        .to_bytes(),
                );
                let sent = Instant::now();
                let answer = client
                    .post(&url)
                    .header("content-type", "application/json")
                    .header("X-Signature-Ed25519", signature)
                    .header("X-Signature-Timestamp", timestamp)
                    .body(body)
                    .send()
                    .await;
                let (status, response_type) = match answer {
                    Ok(resp) => {
                        let status = resp.status().as_u16();
                        let v: Value = resp.json().await.unwrap_or(Value::Null);
                        (status, v["type"].as_u64().unwrap_or(0))
                    }
                    Err(_) => (0, 0),
                };
                Sample {
                    kind,
                    took: sent.elapsed(),
                    status,
                    response_type,
                }
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let wall = started.elapsed();

    let ok = samples.iter().filter(|s| s.status == 200).count();
    let deferred = samples
        .iter()
        .filter(|s| matches!(s.response_type, 5 | 6))
        .count();
    let mut all: Vec<Duration> = samples.iter().map(|s| s.took).collect();
    all.sort_unstable();
    let (p50, p99) = (percentile(&all, 50.0), percentile(&all, 99.0));
    let max = all.last().copied().unwrap_or_default();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "dustpan bench discord-ack — {interactions} signed interactions, {concurrency} at once (/dust of a connected user, a button press, /help, an autocomplete, in turn)"
    );
    println!(
        "  acknowledged          {ok} of {interactions} with 200 in {:.1} s   deferred {deferred}",
        wall.as_secs_f64()
    );
    println!(
        "  ack latency           p50 {:.1} ms   p99 {:.1} ms   max {:.1} ms",
        ms(p50),
        ms(p99),
        ms(max)
    );
    println!(
        "  p99 / 50 ms           ratio {:.3}   goal < 1",
        p99.as_secs_f64() / GOAL_P99.as_secs_f64()
    );
    for kind in KINDS {
        let mut of: Vec<Duration> = samples
            .iter()
            .filter(|s| s.kind == kind)
            .map(|s| s.took)
            .collect();
        of.sort_unstable();
        let answered = samples
            .iter()
            .filter(|s| s.kind == kind && s.status == 200)
            .count();
        println!(
            "  {:<21} {answered:>5} answered   p50 {:.1} ms   p99 {:.1} ms",
            kind.label(),
            ms(percentile(&of, 50.0)),
            ms(percentile(&of, 99.0)),
        );
    }
    if !endpoint.drain(interactions::DRAIN_WITHIN).await {
        eprintln!("some replies were still being delivered at the end");
    }
    println!(
        "  REST calls to Discord {:>5}   (follow-ups and edits after the answers)",
        rest_calls.load(Ordering::Relaxed)
    );
    server.abort();
    app.db.close().await;
    sim.shutdown().await;
    Ok(())
}
