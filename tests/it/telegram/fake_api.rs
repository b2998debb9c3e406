//! A local fake of the Telegram Bot API: `/bot<TOKEN>/<Method>`, Telegram's JSON shapes
//! (including its error bodies), scripted updates served through getUpdates with
//! `offset` (a getUpdates waits up to its `timeout` while nothing is pending, and answers
//! as soon as an update is queued, as Telegram's long polling does), every call recorded
//! (getUpdates apart, with its `timeout`), scripted failures per method. The webhook is
//! state, as Telegram keeps it: setWebhook sets it (allowed_updates kept when not sent,
//! an empty url removes it), deleteWebhook removes it, getWebhookInfo answers Telegram's
//! fields (never the secret), and getUpdates is refused with 409 while one is set.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tokio::sync::Notify;

/// An obviously fake bot token.
pub const TOKEN: &str = "123456:FAKE-test-token";
/// The bot's own user id.
pub const BOT_ID: i64 = 123456;

/// One recorded call.
#[derive(Debug, Clone)]
pub struct Call {
    /// The method as requested (teloxide writes PascalCase), lowercased.
    pub method: String,
    /// The JSON body.
    pub body: Value,
    /// When it arrived.
    pub at: Instant,
}

/// One getUpdates call.
#[derive(Debug, Clone)]
pub struct Poll {
    /// Its `timeout` parameter (None: not sent, which Telegram treats as 0).
    pub timeout: Option<u64>,
}

/// Telegram's error bodies.
pub mod errors {
    use serde_json::{Value, json};

    pub fn blocked() -> (u16, Value) {
        (
            403,
            json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"}),
        )
    }
    pub fn kicked_from_supergroup() -> (u16, Value) {
        (
            403,
            json!({"ok": false, "error_code": 403, "description": "Forbidden: bot was kicked from the supergroup chat"}),
        )
    }
    pub fn retry_after(secs: u64) -> (u16, Value) {
        (
            429,
            json!({"ok": false, "error_code": 429,
                   "description": format!("Too Many Requests: retry after {secs}"),
                   "parameters": {"retry_after": secs}}),
        )
    }
    pub fn not_modified() -> (u16, Value) {
        (
            400,
            json!({"ok": false, "error_code": 400, "description": "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}),
        )
    }
    pub fn query_too_old() -> (u16, Value) {
        (
            400,
            json!({"ok": false, "error_code": 400, "description": "Bad Request: query is too old and response timeout expired or query id is invalid"}),
        )
    }
}

#[derive(Default)]
struct Inner {
    calls: Vec<Call>,
    polls: Vec<Poll>,
    updates: Vec<Value>,
    next_update: i64,
    next_message: i64,
    failures: HashMap<String, VecDeque<(u16, Value)>>,
    webhook: Option<Webhook>,
}

/// The webhook Telegram holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Webhook {
    /// Where updates go.
    pub url: String,
    /// The secret echoed in `X-Telegram-Bot-Api-Secret-Token` (not shown by getWebhookInfo).
    pub secret: Option<String>,
    /// The update kinds sent (None: every kind but a few, Telegram's default).
    pub allowed_updates: Option<Value>,
    /// At most this many connections at once (Telegram's default 40).
    pub max_connections: u64,
}

/// The fake server.
#[derive(Clone)]
pub struct FakeBotApi {
    inner: Arc<Mutex<Inner>>,
    new_update: Arc<Notify>,
    addr: SocketAddr,
}

impl FakeBotApi {
    /// Starts on 127.0.0.1:0.
    pub async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let fake = Self {
            inner: Arc::new(Mutex::new(Inner {
                next_update: 1,
                next_message: 100,
                ..Inner::default()
            })),
            new_update: Arc::new(Notify::new()),
            addr,
        };
        let app = Router::new()
            .route("/{bot}/{method}", post(serve))
            .with_state(fake.clone());
        tokio::spawn(async move { axum::serve(listener, app).await });
        fake
    }

    /// The base URL (TELEGRAM_API_URL).
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

    /// Every getUpdates call so far.
    pub fn polls(&self) -> Vec<Poll> {
        self.lock().polls.clone()
    }

    /// Calls of one method (case-insensitive).
    pub fn calls_of(&self, method: &str) -> Vec<Call> {
        let m = method.to_ascii_lowercase();
        self.calls().into_iter().filter(|c| c.method == m).collect()
    }

    /// The next call of `method` fails with `error` (for getUpdates: answers with it).
    pub fn fail_next(&self, method: &str, error: (u16, Value)) {
        self.lock()
            .failures
            .entry(method.to_ascii_lowercase())
            .or_default()
            .push_back(error);
    }

    /// Queues an update (the `update_id` is filled in); returns the id.
    pub fn push(&self, mut update: Value) -> i64 {
        let id = {
            let mut inner = self.lock();
            let id = inner.next_update;
            inner.next_update += 1;
            update["update_id"] = json!(id);
            inner.updates.push(update);
            id
        };
        self.new_update.notify_waiters();
        id
    }

    /// The webhook set now, if any.
    pub fn webhook(&self) -> Option<Webhook> {
        self.lock().webhook.clone()
    }

    /// A fresh message id for incoming messages.
    pub fn message_id(&self) -> i64 {
        let mut inner = self.lock();
        inner.next_message += 1;
        inner.next_message
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
                    .map(|c| (&c.method, &c.body))
                    .collect::<Vec<_>>()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn ok(result: Value) -> Response {
    (
        StatusCode::OK,
        axum::Json(json!({"ok": true, "result": result})),
    )
        .into_response()
}

fn error(status: u16, body: Value) -> Response {
    (StatusCode::from_u16(status).unwrap(), axum::Json(body)).into_response()
}

fn bad_request(description: &str) -> Response {
    error(
        400,
        json!({"ok": false, "error_code": 400, "description": format!("Bad Request: {description}")}),
    )
}

/// The chat object for an id: positive ids are private chats, negative ones groups.
pub fn chat(id: i64) -> Value {
    if id > 0 {
        json!({"id": id, "type": "private", "first_name": format!("User{id}")})
    } else {
        json!({"id": id, "type": "group", "title": "A group"})
    }
}

/// A user object.
pub fn user(id: i64) -> Value {
    json!({"id": id, "is_bot": false, "first_name": format!("User{id}"), "language_code": "en"})
}

fn bot_message(id: i64, chat_id: i64, text: &str, markup: Option<&Value>) -> Value {
    let mut m = json!({
        "message_id": id,
        "date": 1_700_000_000,
        "chat": chat(chat_id),
        "from": {"id": BOT_ID, "is_bot": true, "first_name": "dustpan", "username": "dustpan_test_bot"},
        "text": unescape(text),
    });
    if let Some(markup) = markup {
        m["reply_markup"] = markup.clone();
    }
    m
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

/// Telegram's HTML check, as far as dustpan's messages go: known tags only, entities
/// closed. Returns the reason it would refuse.
fn html_problem(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find(['<', '&', '>']) {
        rest = &rest[i..];
        if rest.starts_with('&') {
            let known = ["&amp;", "&lt;", "&gt;", "&quot;"];
            match known.iter().find(|e| rest.starts_with(**e)) {
                Some(e) => rest = &rest[e.len()..],
                None => return Some("can't parse entities: unsupported entity".into()),
            }
        } else {
            return Some("can't parse entities: unsupported start tag".into());
        }
    }
    None
}

/// Telegram's limits on an upload: 50 MB for a document, 10 MB for a photo.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1000 * 1000;
/// See [`MAX_DOCUMENT_BYTES`].
pub const MAX_PHOTO_BYTES: u64 = 10 * 1000 * 1000;

/// What Telegram says to a bad upload: the file part missing (or sent as a plain string,
/// which would be a file id or URL, and dustpan never has one), too big, or a caption
/// over 1024 characters or with bad HTML.
fn check_upload(body: &Value, field: &str) -> Option<Response> {
    let file = &body[field];
    if !file.is_object() {
        return Some(bad_request(&format!("there is no {field} in the request")));
    }
    let size = file["size"].as_u64().unwrap_or_default();
    let limit = if field == "photo" {
        MAX_PHOTO_BYTES
    } else {
        MAX_DOCUMENT_BYTES
    };
    if size == 0 {
        return Some(bad_request("file must be non-empty"));
    }
    if size > limit {
        return Some(error(
            413,
            json!({"ok": false, "error_code": 413, "description": "Request Entity Too Large"}),
        ));
    }
    let caption = body["caption"].as_str().unwrap_or_default();
    if unescape(caption).chars().count() > 1024 {
        return Some(bad_request("message caption is too long"));
    }
    if body["parse_mode"] == "HTML"
        && let Some(p) = html_problem(caption)
    {
        return Some(bad_request(&p));
    }
    None
}

fn check_text(body: &Value) -> Option<Response> {
    let text = body["text"].as_str().unwrap_or_default();
    if text.is_empty() {
        return Some(bad_request("message text is empty"));
    }
    if unescape(text).encode_utf16().count() > 4096 {
        return Some(bad_request("message is too long"));
    }
    if body["parse_mode"] == "HTML"
        && let Some(p) = html_problem(text)
    {
        return Some(bad_request(&p));
    }
    None
}

async fn serve(
    State(fake): State<FakeBotApi>,
    Path((bot, method)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if bot != format!("bot{TOKEN}") {
        return error(
            401,
            json!({"ok": false, "error_code": 401, "description": "Unauthorized"}),
        );
    }
    let method = method.to_ascii_lowercase();
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let body: Value = match multipart_boundary(content_type) {
        Some(boundary) => multipart_fields(&body, &boundary),
        None => serde_json::from_slice(&body).unwrap_or(json!({})),
    };
    let mut index = None;
    let failure = {
        let mut inner = fake.lock();
        if method == "getupdates" {
            inner.polls.push(Poll {
                timeout: body["timeout"].as_u64(),
            });
        } else {
            index = Some(inner.calls.len());
            inner.calls.push(Call {
                method: method.clone(),
                body: body.clone(),
                at: Instant::now(),
            });
        }
        inner
            .failures
            .get_mut(&method)
            .and_then(VecDeque::pop_front)
    };
    if let Some((status, body)) = failure {
        return error(status, body);
    }
    match method.as_str() {
        "getme" => ok(json!({
            "id": BOT_ID, "is_bot": true, "first_name": "dustpan", "username": "dustpan_test_bot",
            "can_join_groups": true, "can_read_all_group_messages": false,
            "supports_inline_queries": false, "can_connect_to_business": false,
            "has_main_web_app": false
        })),
        "getwebhookinfo" => {
            let inner = fake.lock();
            let pending = inner.updates.len();
            ok(match &inner.webhook {
                Some(w) => {
                    let mut info = json!({"url": w.url, "has_custom_certificate": false,
                        "pending_update_count": pending, "max_connections": w.max_connections});
                    if let Some(a) = &w.allowed_updates {
                        info["allowed_updates"] = a.clone();
                    }
                    info
                }
                None => {
                    json!({"url": "", "has_custom_certificate": false, "pending_update_count": pending})
                }
            })
        }
        "setwebhook" => {
            let mut inner = fake.lock();
            if body["drop_pending_updates"] == json!(true) {
                inner.updates.clear();
            }
            let url = body["url"].as_str().unwrap_or_default().to_owned();
            if url.is_empty() {
                inner.webhook = None;
                return ok(json!(true));
            }
            let allowed = match body.get("allowed_updates") {
                // Sent: replaces the list (teloxide sends it JSON-encoded in a form field).
                Some(Value::String(s)) => serde_json::from_str(s).ok(),
                Some(v) => Some(v.clone()),
                // Not sent: the list set before stays.
                None => inner
                    .webhook
                    .as_ref()
                    .and_then(|w| w.allowed_updates.clone()),
            };
            inner.webhook = Some(Webhook {
                url,
                secret: body["secret_token"].as_str().map(str::to_owned),
                allowed_updates: allowed,
                max_connections: body["max_connections"].as_u64().unwrap_or(40),
            });
            ok(json!(true))
        }
        "deletewebhook" => {
            let mut inner = fake.lock();
            if body["drop_pending_updates"] == json!(true) {
                inner.updates.clear();
            }
            inner.webhook = None;
            ok(json!(true))
        }
        "getupdates" if fake.lock().webhook.is_some() => error(
            409,
            json!({"ok": false, "error_code": 409,
                   "description": "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first"}),
        ),
        "setmycommands" | "answercallbackquery" | "deletemessage" => ok(json!(true)),
        "getupdates" => get_updates(&fake, &body).await,
        "sendmessage" => {
            if let Some(r) = check_text(&body) {
                return r;
            }
            let id = fake.message_id();
            if let Some(i) = index {
                // Tests need the id the message got.
                fake.lock().calls[i].body["_message_id"] = json!(id);
            }
            let chat_id = body["chat_id"].as_i64().unwrap_or_default();
            ok(bot_message(
                id,
                chat_id,
                body["text"].as_str().unwrap_or_default(),
                body.get("reply_markup"),
            ))
        }
        "editmessagetext" => {
            if let Some(r) = check_text(&body) {
                return r;
            }
            ok(bot_message(
                body["message_id"].as_i64().unwrap_or_default(),
                body["chat_id"].as_i64().unwrap_or_default(),
                body["text"].as_str().unwrap_or_default(),
                body.get("reply_markup"),
            ))
        }
        "senddocument" | "sendphoto" => {
            let field = if method == "sendphoto" {
                "photo"
            } else {
                "document"
            };
            if let Some(r) = check_upload(&body, field) {
                return r;
            }
            let id = fake.message_id();
            let chat_id = body["chat_id"].as_i64().unwrap_or_default();
            let mut m = bot_message(id, chat_id, "", None);
            if let Some(m) = m.as_object_mut() {
                m.remove("text");
            }
            let file = &body[field];
            let meta = json!({"file_id": format!("FILE{id}"), "file_unique_id": format!("U{id}"),
                              "file_size": file["size"]});
            if field == "photo" {
                m["photo"] = json!([meta]);
            } else {
                m["document"] = meta;
                m["document"]["file_name"] = file["filename"].clone();
                m["document"]["mime_type"] = file["content_type"].clone();
            }
            if let Some(c) = body["caption"].as_str() {
                m["caption"] = json!(unescape(c));
            }
            ok(m)
        }
        "editmessagereplymarkup" => ok(bot_message(
            body["message_id"].as_i64().unwrap_or_default(),
            body["chat_id"].as_i64().unwrap_or_default(),
            "(unchanged)",
            body.get("reply_markup"),
        )),
        _ => error(
            404,
            json!({"ok": false, "error_code": 404, "description": "Not Found: method not found"}),
        ),
    }
}

/// The boundary of a `multipart/form-data` body (teloxide sends setWebhook that way).
fn multipart_boundary(content_type: &str) -> Option<String> {
    let rest = content_type.strip_prefix("multipart/form-data")?;
    rest.split(';')
        .filter_map(|p| p.trim().strip_prefix("boundary="))
        .map(|b| b.trim_matches('"').to_owned())
        .next()
}

/// A form's text fields as one JSON object; a field holding JSON (lists, booleans) is
/// parsed, anything else kept as a string.
fn multipart_fields(body: &[u8], boundary: &str) -> Value {
    let text = String::from_utf8_lossy(body);
    let mut fields = serde_json::Map::new();
    for part in text.split(&format!("--{boundary}")) {
        let Some((head, value)) = part.split_once("\r\n\r\n") else {
            continue;
        };
        let Some(name) = head
            .lines()
            .filter(|l| l.to_ascii_lowercase().starts_with("content-disposition"))
            .flat_map(|l| l.split(';'))
            .filter_map(|p| p.trim().strip_prefix("name="))
            .map(|n| n.trim_matches('"').to_owned())
            .next()
        else {
            continue;
        };
        let value = value.strip_suffix("\r\n").unwrap_or(value);
        let header = |key: &str| {
            head.lines()
                .filter(|l| l.to_ascii_lowercase().starts_with(key))
                .flat_map(|l| l.split(';'))
                .filter_map(|p| p.trim().strip_prefix("filename="))
                .map(|n| n.trim_matches('"').to_owned())
                .next()
        };
        // A file part: its name, type and content (the files dustpan sends are text or
        // compared by length).
        if let Some(filename) = header("content-disposition") {
            let content_type = head
                .lines()
                .find_map(|l| {
                    l.to_ascii_lowercase()
                        .strip_prefix("content-type:")
                        .map(|t| t.trim().to_owned())
                })
                .unwrap_or_default();
            fields.insert(
                name,
                json!({"filename": filename, "content_type": content_type,
                       "content": value, "size": value.len()}),
            );
            continue;
        }
        let value = serde_json::from_str(value).unwrap_or_else(|_| json!(value));
        fields.insert(name, value);
    }
    // `attach://NAME` names the file part NAME (teloxide uploads that way; Telegram takes
    // it for any file parameter): the parameter gets the file.
    let attached: Vec<(String, String)> = fields
        .iter()
        .filter_map(|(k, v)| {
            let name = v.as_str()?.strip_prefix("attach://")?;
            Some((k.clone(), name.to_owned()))
        })
        .collect();
    for (param, name) in attached {
        if let Some(file) = fields.remove(&name).filter(|f| f.is_object()) {
            fields.insert(param, file);
        }
    }
    Value::Object(fields)
}

async fn get_updates(fake: &FakeBotApi, body: &Value) -> Response {
    let offset = body["offset"].as_i64().unwrap_or(0);
    let wait = Duration::from_secs(body["timeout"].as_u64().unwrap_or(0));
    let deadline = Instant::now() + wait;
    loop {
        let notified = fake.new_update.notified();
        let pending: Vec<Value> = {
            let mut inner = fake.lock();
            // Confirmed updates are forgotten, as Telegram does.
            inner
                .updates
                .retain(|u| u["update_id"].as_i64().unwrap_or(0) >= offset);
            inner.updates.clone()
        };
        if !pending.is_empty() || Instant::now() >= deadline {
            return ok(json!(pending));
        }
        let _ = tokio::time::timeout(deadline - Instant::now(), notified).await;
    }
}

/// A text message update from `from` in `chat_id`; returns (update, message id).
pub fn text_update(fake: &FakeBotApi, chat_id: i64, from: i64, text: &str) -> (Value, i64) {
    let mid = fake.message_id();
    let mut message = json!({
        "message_id": mid,
        "date": 1_700_000_000,
        "chat": chat(chat_id),
        "from": user(from),
        "text": text,
    });
    if text.starts_with('/') {
        let len = text.split_whitespace().next().unwrap_or_default().len();
        message["entities"] = json!([{"type": "bot_command", "offset": 0, "length": len}]);
    }
    (json!({"message": message}), mid)
}

/// A button press on a message the bot sent (`sent` is the recorded sendMessage body and
/// `message_id` the id the fake gave it).
pub fn press_update(
    id: &str,
    from: i64,
    chat_id: i64,
    message_id: i64,
    sent: &Value,
    data: &str,
) -> Value {
    json!({"callback_query": {
        "id": id,
        "from": user(from),
        "message": bot_message(message_id, chat_id, sent["text"].as_str().unwrap_or_default(), sent.get("reply_markup")),
        "chat_instance": "42",
        "data": data,
    }})
}

/// A `my_chat_member` update of the private chat with `user`: the bot's membership went
/// from `old` to `new` ("kicked" when the user blocks the bot, "member" when they unblock).
pub fn member_update(user_id: i64, old: &str, new: &str) -> Value {
    let bot = json!({"id": BOT_ID, "is_bot": true, "first_name": "dustpan", "username": "dustpan_test_bot"});
    let member = |status: &str| {
        let mut m = json!({"status": status, "user": bot.clone()});
        if status == "kicked" {
            m["until_date"] = json!(0);
        }
        m
    };
    json!({"my_chat_member": {
        "chat": chat(user_id),
        "from": user(user_id),
        "date": 1_700_000_000,
        "old_chat_member": member(old),
        "new_chat_member": member(new),
    }})
}
