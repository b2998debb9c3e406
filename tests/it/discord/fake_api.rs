//! A local fake of Discord's REST API (`/api/v10/...`): the calls dustpan makes, answered
//! in Discord's shapes (error bodies `{"message", "code"}`, 429 with `retry_after` and the
//! `X-RateLimit-*` headers, 50007 for a DM the user does not accept), every call recorded,
//! scripted failures per route, message bodies checked against Discord's limits (a
//! message over them is refused with 50035 "Invalid Form Body", as Discord does).
//!
//! As strict as Discord on rate limits: at most [`GLOBAL_PER_SECOND`] calls in any second
//! (interaction endpoints excepted, as on Discord), a real global 429 past it; a bucket
//! told to run out answers `X-RateLimit-Remaining: 0` and a route 429 until it resets.
//! Every request that reaches it is logged with its arrival time and status
//! ([`FakeDiscord::arrivals`]), those it lets through also as [`Call`]s.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post, put};
use serde_json::{Value, json};

/// An obviously fake bot token.
pub const TOKEN: &str = "FAKE.discord-bot-token.for-tests-only";
/// The application's id.
pub const APP_ID: u64 = 900_000_000_000_000_001;
/// Discord's global limit per bot (platforms.md §3.4).
pub const GLOBAL_PER_SECOND: usize = 50;
/// Its window.
const WINDOW: Duration = Duration::from_secs(1);

/// One request as it reached the fake: when, `METHOD path` (below `/api/v10/`), and the
/// status it was answered with.
#[derive(Debug, Clone)]
pub struct Arrival {
    pub at: Instant,
    pub route: String,
    pub status: u16,
}

/// The route a call went to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// GET applications/@me
    Application,
    /// PUT applications/{app}/commands
    Commands,
    /// PATCH webhooks/{app}/{token}/messages/@original
    EditOriginal,
    /// POST webhooks/{app}/{token}
    FollowUp,
    /// POST users/@me/channels
    OpenDm,
    /// POST channels/{id}/messages
    Send,
    /// POST interactions/{id}/{token}/callback (the gateway transport's answers)
    Callback,
    /// GET gateway/bot (and serenity's GET gateway)
    Gateway,
}

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    pub route: Route,
    pub method: Method,
    /// The path below `/api/v10/`.
    pub path: String,
    pub body: Value,
    /// Whether it carried `Authorization: Bot TOKEN`.
    pub authorized: bool,
    /// The files of a multipart upload: `{"field", "filename", "content_type", "content",
    /// "size"}` each.
    pub files: Vec<Value>,
}

/// Discord's error answers.
pub mod errors {
    use serde_json::{Value, json};

    /// A scripted answer: status, headers, body.
    pub type Answer = (u16, Vec<(&'static str, String)>, Value);

    pub fn cannot_dm() -> Answer {
        (
            403,
            vec![],
            json!({"message": "Cannot send messages to this user", "code": 50007}),
        )
    }

    /// The global 429, as Discord sends it (body and headers).
    pub fn global_rate_limited(retry_after: f64) -> Answer {
        (
            429,
            vec![
                ("retry-after", format!("{}", retry_after.ceil() as u64)),
                ("x-ratelimit-global", "true".into()),
                ("x-ratelimit-scope", "global".into()),
            ],
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": true}),
        )
    }

    /// A per-route 429, as Discord sends it (body and headers).
    pub fn rate_limited(retry_after: f64) -> Answer {
        (
            429,
            vec![
                ("retry-after", format!("{}", retry_after.ceil() as u64)),
                ("x-ratelimit-limit", "5".into()),
                ("x-ratelimit-remaining", "0".into()),
                ("x-ratelimit-reset-after", format!("{retry_after}")),
                ("x-ratelimit-bucket", "fake-bucket".into()),
                ("x-ratelimit-scope", "user".into()),
            ],
            json!({"message": "You are being rate limited.", "retry_after": retry_after, "global": false}),
        )
    }

    pub fn invalid_form_body(why: &str) -> Answer {
        (
            400,
            vec![],
            json!({"message": "Invalid Form Body", "code": 50035, "errors": {"_errors": [{"code": "BASE_TYPE_INVALID", "message": why}]}}),
        )
    }
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    failures: HashMap<Route, VecDeque<errors::Answer>>,
    next_id: u64,
    arrivals: Vec<Arrival>,
    /// Arrivals admitted under the global limit in the last window.
    window: VecDeque<Instant>,
    /// Buckets to run out on their next success: route -> reset after (seconds).
    exhaust: HashMap<String, f64>,
    /// Buckets run out: route -> when they reset.
    exhausted: HashMap<String, Instant>,
}

impl Inner {
    /// Whether the limits let a request to `route` through `now`; if not, the 429.
    fn admit(&mut self, route: &str, now: Instant) -> Option<errors::Answer> {
        if let Some(reset) = self.exhausted.get(route).copied() {
            if reset > now {
                return Some(errors::rate_limited(
                    reset.duration_since(now).as_secs_f64(),
                ));
            }
            self.exhausted.remove(route);
        }
        // Interaction endpoints are not bound by the global limit.
        let path = route.split_once(' ').map_or(route, |(_, p)| p);
        if path.starts_with("interactions/") || path.starts_with("webhooks/") {
            return None;
        }
        while self
            .window
            .front()
            .is_some_and(|t| now.duration_since(*t) >= WINDOW)
        {
            self.window.pop_front();
        }
        if self.window.len() >= GLOBAL_PER_SECOND {
            let oldest = self.window[0];
            let retry = WINDOW.saturating_sub(now.duration_since(oldest));
            return Some(errors::global_rate_limited(retry.as_secs_f64()));
        }
        self.window.push_back(now);
        None
    }
}

/// The fake server.
#[derive(Clone)]
pub struct FakeDiscord {
    inner: Arc<Mutex<Inner>>,
    addr: SocketAddr,
}

type Ctx = State<FakeDiscord>;

impl FakeDiscord {
    /// Starts on 127.0.0.1:0.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fake = Self {
            inner: Arc::new(Mutex::new(Inner {
                next_id: 1_000_000,
                ..Inner::default()
            })),
            addr,
        };
        let api = Router::new()
            .route("/applications/@me", get(application))
            .route("/applications/{app}/commands", put(commands))
            .route(
                "/webhooks/{app}/{token}/messages/@original",
                patch(edit_original),
            )
            .route("/webhooks/{app}/{token}", post(follow_up))
            .route("/users/@me/channels", post(open_dm))
            .route("/channels/{id}/messages", post(send))
            .route("/interactions/{id}/{token}/callback", post(callback))
            .route("/gateway/bot", get(gateway))
            .route("/gateway", get(gateway));
        let api = api.layer(middleware::from_fn_with_state(fake.clone(), limits));
        let app = Router::new()
            .nest("/api/v10", api)
            .fallback(|| async {
                (
                    StatusCode::NOT_FOUND,
                    axum::Json(json!({"message": "404: Not Found", "code": 0})),
                )
            })
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    /// The origin (DISCORD_API_URL).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap()
    }

    /// Every call so far.
    pub fn calls(&self) -> Vec<Call> {
        self.lock().calls.clone()
    }

    /// Calls to one route.
    pub fn calls_to(&self, route: Route) -> Vec<Call> {
        self.calls()
            .into_iter()
            .filter(|c| c.route == route)
            .collect()
    }

    /// The next call to `route` gets `answer`.
    pub fn fail_next(&self, route: Route, answer: errors::Answer) {
        self.lock()
            .failures
            .entry(route)
            .or_default()
            .push_back(answer);
    }

    /// Every request that reached the fake, in order.
    pub fn arrivals(&self) -> Vec<Arrival> {
        self.lock().arrivals.clone()
    }

    /// How many requests were answered 429.
    pub fn too_many(&self) -> usize {
        self.arrivals().iter().filter(|a| a.status == 429).count()
    }

    /// The next success on `route` (`METHOD path`, path below `/api/v10/`) runs its bucket
    /// out for `reset_after` seconds: `X-RateLimit-Remaining: 0`, then a route 429 for
    /// any call before the reset.
    pub fn exhaust_bucket(&self, route: &str, reset_after: f64) {
        self.lock().exhaust.insert(route.to_owned(), reset_after);
    }

    /// Waits (up to 30 s) until `pred` holds over the calls; returns them.
    pub async fn wait_for(&self, what: &str, pred: impl Fn(&[Call]) -> bool) -> Vec<Call> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let calls = self.calls();
            if pred(&calls) {
                return calls;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; calls: {:#?}",
                calls
                    .iter()
                    .map(|c| (c.route, &c.path, &c.body))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Records a call; the scripted failure for its route, if any, or `None` to go on.
    fn record(
        &self,
        route: Route,
        method: Method,
        path: String,
        headers: &HeaderMap,
        body: &Bytes,
    ) -> Option<Response> {
        let authorized = headers.get("authorization").and_then(|v| v.to_str().ok())
            == Some(&format!("Bot {TOKEN}"));
        let (body, files, refused) = match decode(headers, body) {
            Ok((body, files)) => (body, files, None),
            Err(r) => (Value::Null, Vec::new(), Some(r)),
        };
        let mut inner = self.lock();
        inner.calls.push(Call {
            route,
            method,
            path,
            body,
            authorized,
            files,
        });
        if let Some(r) = refused {
            return Some(answer(r));
        }
        if !authorized {
            return Some(answer((
                401,
                vec![],
                json!({"message": "401: Unauthorized", "code": 0}),
            )));
        }
        inner
            .failures
            .get_mut(&route)
            .and_then(VecDeque::pop_front)
            .map(answer)
    }

    fn id(&self) -> String {
        let mut inner = self.lock();
        inner.next_id += 1;
        inner.next_id.to_string()
    }
}

/// Discord's rate limits in front of every route; every arrival logged.
async fn limits(State(fake): Ctx, req: Request, next: Next) -> Response {
    let now = Instant::now();
    // Nested below /api/v10: axum hands the path on without it.
    let path = req
        .uri()
        .path()
        .trim_start_matches("/api/v10")
        .trim_start_matches('/');
    let route = format!("{} {path}", req.method());
    let refused = fake.lock().admit(&route, now);
    let mut resp = match refused {
        Some(refusal) => answer(refusal),
        None => next.run(req).await,
    };
    let mut inner = fake.lock();
    if resp.status().is_success()
        && let Some(reset) = inner.exhaust.remove(&route)
    {
        let headers = resp.headers_mut();
        headers.insert("x-ratelimit-limit", "1".parse().unwrap());
        headers.insert("x-ratelimit-remaining", "0".parse().unwrap());
        headers.insert(
            "x-ratelimit-reset-after",
            format!("{reset}").parse().unwrap(),
        );
        headers.insert("x-ratelimit-bucket", "fake-exhausted".parse().unwrap());
        inner
            .exhausted
            .insert(route.clone(), now + Duration::from_secs_f64(reset));
    }
    inner.arrivals.push(Arrival {
        at: now,
        route,
        status: resp.status().as_u16(),
    });
    resp
}

/// Discord's limit on a bot's upload (10 MiB; larger with the guild's boosts).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;

/// A request's message and files: JSON as is, or multipart/form-data as Discord takes it
/// (the message as the `payload_json` field, each file as `files[n]`, with a file name).
/// Refused as Discord does: a part of another name, a file without a name, or files over
/// [`MAX_UPLOAD_BYTES`] (413, code 40005).
fn decode(headers: &HeaderMap, body: &Bytes) -> Result<(Value, Vec<Value>), errors::Answer> {
    let content_type = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let Some(boundary) = content_type
        .strip_prefix("multipart/form-data")
        .and_then(|rest| {
            rest.split(';')
                .find_map(|p| p.trim().strip_prefix("boundary="))
        })
        .map(|b| b.trim_matches('"').to_owned())
    else {
        return Ok((
            serde_json::from_slice(body).unwrap_or(Value::Null),
            Vec::new(),
        ));
    };
    if body.len() > MAX_UPLOAD_BYTES {
        return Err((
            413,
            vec![],
            json!({"message": "Request entity too large", "code": 40005}),
        ));
    }
    let mut message = Value::Null;
    let mut files = Vec::new();
    for (head, value) in crate::helpers::multipart_parts(body, &boundary) {
        let param = |key: &str| {
            head.lines()
                .filter(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
                .flat_map(|l| l.split(';'))
                .find_map(|p| {
                    p.trim()
                        .strip_prefix(key)
                        .map(|v| v.trim_matches('"').to_owned())
                })
        };
        let content_type = head
            .lines()
            .find_map(|l| {
                l.to_ascii_lowercase()
                    .strip_prefix("content-type:")
                    .map(|t| t.trim().to_owned())
            })
            .unwrap_or_default();
        let name = param("name=").unwrap_or_default();
        if name == "payload_json" {
            message = serde_json::from_slice(value)
                .map_err(|_| errors::invalid_form_body("payload_json is not JSON"))?;
        } else if name.starts_with("files[") && name.ends_with(']') {
            let Some(filename) = param("filename=") else {
                return Err(errors::invalid_form_body("a file without a filename"));
            };
            files.push(crate::helpers::file_part(
                Some(&name),
                &filename,
                &content_type,
                value,
            ));
        } else {
            return Err(errors::invalid_form_body(&format!("unknown field {name}")));
        }
    }
    // Every attachment the message names must be an uploaded file.
    for a in message["attachments"]
        .as_array()
        .cloned()
        .unwrap_or_default()
    {
        let id = a["id"]
            .as_u64()
            .map(|i| i.to_string())
            .or_else(|| a["id"].as_str().map(str::to_owned));
        let field = format!("files[{}]", id.unwrap_or_default());
        if !files.iter().any(|f| f["field"] == field.as_str()) {
            return Err(errors::invalid_form_body(
                "attachments: unknown attachment id",
            ));
        }
    }
    Ok((message, files))
}

fn answer((status, headers, body): errors::Answer) -> Response {
    let mut resp = (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response();
    for (k, v) in headers {
        resp.headers_mut().insert(k, v.parse().unwrap());
    }
    resp
}

/// Why Discord would refuse a message's body, if it would (discord-api-docs: content ≤
/// 2000; ≤ 5 action rows of ≤ 5 buttons or one select menu; labels ≤ 80; custom_id
/// 1–100 and unique; ≤ 25 options).
pub fn message_problem(body: &Value) -> Option<String> {
    let content = body["content"].as_str().unwrap_or_default();
    if content.encode_utf16().count() > 2000 {
        return Some("content longer than 2000".into());
    }
    let rows = body["components"].as_array().cloned().unwrap_or_default();
    if rows.len() > 5 {
        return Some(format!("{} action rows", rows.len()));
    }
    let mut ids = Vec::new();
    for row in &rows {
        if row["type"] != 1 {
            return Some("a top-level component that is not an action row".into());
        }
        let inner = row["components"].as_array().cloned().unwrap_or_default();
        if inner.is_empty() || inner.len() > 5 {
            return Some(format!("an action row of {}", inner.len()));
        }
        let menus = inner.iter().filter(|c| c["type"] == 3).count();
        if menus > 0 && inner.len() > 1 {
            return Some("a select menu shares its row".into());
        }
        for c in &inner {
            if let Some(label) = c["label"].as_str()
                && label.chars().count() > 80
            {
                return Some("label longer than 80".into());
            }
            if c["type"] == 3 && c["options"].as_array().map_or(0, Vec::len) > 25 {
                return Some("more than 25 options".into());
            }
            if c["style"] == 5 {
                continue;
            }
            let id = c["custom_id"].as_str().unwrap_or_default();
            if id.is_empty() || id.chars().count() > 100 {
                return Some(format!("custom_id of {} characters", id.chars().count()));
            }
            ids.push(id.to_owned());
        }
    }
    let n = ids.len();
    ids.sort();
    ids.dedup();
    (ids.len() != n).then(|| "duplicate custom_id".into())
}

fn message(fake: &FakeDiscord, body: &Value, channel: &str) -> Response {
    if let Some(why) = message_problem(body) {
        return answer(errors::invalid_form_body(&why));
    }
    let mut m = body.clone();
    m["id"] = json!(fake.id());
    m["channel_id"] = json!(channel);
    axum::Json(m).into_response()
}

/// The message of the call just recorded to `route` (JSON or multipart), its files
/// answered as Discord's attachment objects.
fn uploaded(fake: &FakeDiscord, route: Route) -> Response {
    let Some(call) = fake.calls_to(route).pop() else {
        return answer(errors::invalid_form_body("no call"));
    };
    if call.files.is_empty() {
        return message(fake, &call.body, "0");
    }
    if let Some(why) = message_problem(&call.body) {
        return answer(errors::invalid_form_body(&why));
    }
    let mut m = call.body.clone();
    m["id"] = json!(fake.id());
    m["channel_id"] = json!("0");
    m["attachments"] = json!(call.files.iter().map(|f| json!({
        "id": fake.id(), "filename": f["filename"], "size": f["size"],
        "content_type": f["content_type"],
        "url": format!("https://cdn.discordapp.com/attachments/0/0/{}", f["filename"].as_str().unwrap_or_default()),
    })).collect::<Vec<_>>());
    axum::Json(m).into_response()
}

async fn application(State(fake): Ctx, headers: HeaderMap) -> Response {
    if let Some(r) = fake.record(
        Route::Application,
        Method::GET,
        "applications/@me".into(),
        &headers,
        &Bytes::new(),
    ) {
        return r;
    }
    axum::Json(json!({"id": APP_ID.to_string(), "name": "dustpan-test", "bot_public": true}))
        .into_response()
}

async fn commands(
    State(fake): Ctx,
    Path(app): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("applications/{app}/commands");
    if let Some(r) = fake.record(Route::Commands, Method::PUT, path, &headers, &body) {
        return r;
    }
    let Ok(Value::Array(commands)) = serde_json::from_slice::<Value>(&body) else {
        return answer(errors::invalid_form_body("not an array"));
    };
    if commands.len() > 100 {
        return answer(errors::invalid_form_body("more than 100 commands"));
    }
    let answered: Vec<Value> = commands
        .into_iter()
        .map(|mut c| {
            c["id"] = json!(fake.id());
            c["application_id"] = json!(app);
            c
        })
        .collect();
    axum::Json(Value::Array(answered)).into_response()
}

async fn edit_original(
    State(fake): Ctx,
    Path((app, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("webhooks/{app}/{token}/messages/@original");
    if let Some(r) = fake.record(Route::EditOriginal, Method::PATCH, path, &headers, &body) {
        return r;
    }
    uploaded(&fake, Route::EditOriginal)
}

async fn follow_up(
    State(fake): Ctx,
    Path((app, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("webhooks/{app}/{token}");
    if let Some(r) = fake.record(Route::FollowUp, Method::POST, path, &headers, &body) {
        return r;
    }
    uploaded(&fake, Route::FollowUp)
}

async fn open_dm(State(fake): Ctx, headers: HeaderMap, body: Bytes) -> Response {
    if let Some(r) = fake.record(
        Route::OpenDm,
        Method::POST,
        "users/@me/channels".into(),
        &headers,
        &body,
    ) {
        return r;
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    let Some(user) = v["recipient_id"].as_str() else {
        return answer(errors::invalid_form_body("recipient_id"));
    };
    axum::Json(json!({"id": format!("7{user}"), "type": 1, "recipients": [{"id": user}]}))
        .into_response()
}

async fn send(
    State(fake): Ctx,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("channels/{id}/messages");
    if let Some(r) = fake.record(Route::Send, Method::POST, path, &headers, &body) {
        return r;
    }
    message(
        &fake,
        &serde_json::from_slice(&body).unwrap_or_default(),
        &id,
    )
}

/// Where the fake sends the gateway: a port nothing listens on, so the shard keeps
/// retrying (a fake gateway is not worth it: platforms.md §3.6).
pub const GATEWAY_URL: &str = "ws://127.0.0.1:9";

async fn gateway(State(fake): Ctx, uri: axum::http::Uri, headers: HeaderMap) -> Response {
    let path = uri
        .path()
        .trim_start_matches("/api/v10")
        .trim_start_matches('/')
        .to_owned();
    if let Some(r) = fake.record(Route::Gateway, Method::GET, path, &headers, &Bytes::new()) {
        return r;
    }
    axum::Json(json!({
        "url": GATEWAY_URL, "shards": 1,
        "session_start_limit": {"total": 1000, "remaining": 1000, "reset_after": 0, "max_concurrency": 1},
    }))
    .into_response()
}

async fn callback(
    State(fake): Ctx,
    Path((id, token)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let path = format!("interactions/{id}/{token}/callback");
    if let Some(r) = fake.record(Route::Callback, Method::POST, path, &headers, &body) {
        return r;
    }
    let v: Value = serde_json::from_slice(&body).unwrap_or_default();
    if matches!(v["type"].as_u64(), Some(4 | 7))
        && let Some(why) = message_problem(&v["data"])
    {
        return answer(errors::invalid_form_body(&why));
    }
    StatusCode::NO_CONTENT.into_response()
}
