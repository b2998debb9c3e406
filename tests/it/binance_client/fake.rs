//! A fake Binance on a loopback port: records every request, verifies HMAC signatures over
//! the raw query + body (binance.md §1), and answers from a scripted responder.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use dustpan::binance::protocol;
use dustpan::binance::sign::signature;
use secrecy::SecretString;
use tokio::net::TcpListener;

use super::SECRET;

/// One request as the fake saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    pub method: String,
    pub path: String,
    pub query: String,
    pub body: Vec<u8>,
    pub api_key: Option<String>,
    /// `Some(valid)` when the request carried a signature.
    pub signature_ok: Option<bool>,
    pub at: Instant,
    pub wall_ms: i64,
    /// 1 for the first request to this path, 2 for the second…
    pub nth: usize,
}

/// What the fake answers.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    pub delay: Duration,
}

pub fn ok(body: &str) -> Reply {
    Reply {
        status: 200,
        headers: vec![],
        body: body.to_owned(),
        delay: Duration::ZERO,
    }
}

pub fn err(status: u16, code: i64, msg: &str) -> Reply {
    Reply {
        status,
        headers: vec![],
        body: serde_json::json!({"code": code, "msg": msg}).to_string(),
        delay: Duration::ZERO,
    }
}

pub type Responder = dyn Fn(&Seen) -> Reply + Send + Sync;

#[derive(Clone)]
pub struct Fake {
    log: Arc<Mutex<Vec<Seen>>>,
    responder: Arc<Responder>,
}

impl Fake {
    pub fn seen(&self) -> Vec<Seen> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
    pub fn count(&self, path: &str) -> usize {
        self.seen().iter().filter(|s| s.path == path).count()
    }
}

async fn handle(
    State(fake): State<Fake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let query = uri.query().unwrap_or("").to_owned();
    let signature_ok = query.rfind("&signature=").map(|i| {
        let mut payload = query.as_bytes()[..i].to_vec();
        payload.extend_from_slice(&body);
        let expected = signature(&SecretString::from(SECRET), &payload).unwrap_or_default();
        query[i + "&signature=".len()..] == expected
    });
    let seen = {
        let mut log = match fake.log.lock() {
            Ok(l) => l,
            Err(p) => p.into_inner(),
        };
        let nth = log.iter().filter(|s| s.path == uri.path()).count() + 1;
        let seen = Seen {
            method: method.to_string(),
            path: uri.path().to_owned(),
            query,
            body: body.to_vec(),
            api_key: headers
                .get(protocol::HEADER_API_KEY)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            signature_ok,
            at: Instant::now(),
            wall_ms: chrono::Utc::now().timestamp_millis(),
            nth,
        };
        log.push(seen.clone());
        seen
    };
    let reply = if seen.signature_ok == Some(false) {
        err(400, -1022, "Signature for this request is not valid.")
    } else {
        (fake.responder)(&seen)
    };
    tokio::time::sleep(reply.delay).await;
    let mut resp = (
        StatusCode::from_u16(reply.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
        reply.body,
    )
        .into_response();
    for (k, v) in reply.headers {
        if let Ok(v) = v.parse() {
            resp.headers_mut().insert(k, v);
        }
    }
    resp
}

pub async fn spawn_fake(
    responder: impl Fn(&Seen) -> Reply + Send + Sync + 'static,
) -> (Fake, url::Url) {
    let fake = Fake {
        log: Arc::new(Mutex::new(Vec::new())),
        responder: Arc::new(responder),
    };
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("local addr");
    let app = axum::Router::new()
        .fallback(handle)
        .with_state(fake.clone());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    let url = format!("http://{addr}").parse().expect("url");
    (fake, url)
}
