//! The MEXC simulator's request pipeline (mexc.md §1–§3): route, per-endpoint budget (429 +
//! Retry-After), parameters from query and body (the query wins), the SIGNED checks over the
//! raw received bytes, faults, then the endpoint.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State as AxState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError};
use super::routes::{Needs, ROUTES};
use super::state::{MexcFault, State};
use crate::mexc::protocol::{Endpoint, LimitKind};
use crate::mexc::{assumptions, protocol as p};
use crate::sim::common::Incoming;
use crate::sim::{signed_payload, verify_signature};

/// The state behind one lock.
pub type Shared = Arc<Mutex<State>>;

/// The router: one fallback doing its own routing, so every path gets MEXC's treatment.
pub fn router(shared: Shared) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

struct Answer {
    status: u16,
    body: Value,
    retry_after: Option<u64>,
}

impl Answer {
    fn error(e: &SimError) -> Self {
        Self {
            status: e.status,
            body: json!({"code": e.code, "msg": e.msg}),
            retry_after: None,
        }
    }
}

async fn handle(
    AxState(shared): AxState<Shared>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    req: Request,
) -> Response {
    let Incoming {
        method,
        path,
        query,
        headers,
        body,
    } = Incoming::read(req).await;
    let key = headers
        .get(p::HEADER_API_KEY)
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    let answer = {
        let mut st = shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let a = dispatch(&mut st, peer.ip(), &method, &path, &query, &body, key);
        st.log.push((method, path, a.status));
        a
    };
    let mut resp = Response::new(Body::from(answer.body.to_string()));
    *resp.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    resp.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    if let Some(secs) = answer.retry_after
        && let Ok(v) = HeaderValue::from_str(&secs.to_string())
    {
        resp.headers_mut().insert(p::HEADER_RETRY_AFTER, v);
    }
    resp
}

/// Form-decodes `raw` into `out`, keeping values already there (the query's).
fn merge_params(raw: &[u8], out: &mut BTreeMap<String, String>) -> Result<(), SimError> {
    let trimmed = raw.trim_ascii();
    if trimmed.is_empty() {
        return Ok(());
    }
    if trimmed.starts_with(b"{") {
        let v: serde_json::Map<String, Value> =
            serde_json::from_slice(trimmed).map_err(|_| SimError::of(p::ILLEGAL_CHARS))?;
        for (k, v) in v {
            let text = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            out.entry(k).or_insert(text);
        }
        return Ok(());
    }
    if std::str::from_utf8(raw).is_err() {
        return Err(SimError::of(p::ILLEGAL_CHARS));
    }
    for (k, v) in url::form_urlencoded::parse(raw) {
        out.entry(k.into_owned()).or_insert_with(|| v.into_owned());
    }
    Ok(())
}

fn weight(ep: &Endpoint, params: &BTreeMap<String, String>) -> u32 {
    let single = params.contains_key("symbol");
    if single && (ep.path == p::TICKER_PRICE.path || ep.path == p::TICKER_24HR.path) {
        p::TICKER_WEIGHT_SINGLE
    } else {
        ep.weight
    }
}

/// Counts `w` against the endpoint's budget of `who`; the seconds to wait when over.
fn spend(st: &mut State, ep: &Endpoint, who: String, w: u32) -> Result<(), u64> {
    let now = st.now_ms();
    let limit = st.config.endpoint_weight_limit;
    let entry = st
        .budgets
        .entry((ep.method.to_owned(), ep.path.to_owned(), who))
        .or_insert((now, 0));
    if now - entry.0 >= p::WEIGHT_WINDOW_MS {
        *entry = (now, 0);
    }
    if entry.1.saturating_add(w) > limit {
        let left_ms = (entry.0 + p::WEIGHT_WINDOW_MS - now).max(1);
        return Err(left_ms.unsigned_abs().div_ceil(1000));
    }
    entry.1 += w;
    Ok(())
}

fn dispatch(
    st: &mut State,
    ip: IpAddr,
    method: &str,
    path: &str,
    query: &[u8],
    body: &[u8],
    key: Option<String>,
) -> Answer {
    let Some((ep, needs, handler)) = ROUTES
        .iter()
        .find(|(ep, _, _)| ep.method == method && ep.path == path)
        .copied()
    else {
        return Answer {
            status: 404,
            body: json!({"code": 404, "msg": "Not Found"}),
            retry_after: None,
        };
    };
    let mut params = BTreeMap::new();
    if let Err(e) = merge_params(query, &mut params).and_then(|()| merge_params(body, &mut params))
    {
        return Answer::error(&e);
    }
    let who = match (ep.limit, &key) {
        (LimitKind::Uid, Some(k)) => format!("key:{k}"),
        _ => format!("ip:{ip}"),
    };
    if let Err(secs) = spend(st, &ep, who, weight(&ep, &params)) {
        let mut a = Answer::error(&SimError::of(p::TOO_MANY_REQUESTS));
        a.status = 429;
        a.retry_after = Some(secs);
        return a;
    }
    let fault_key = (method.to_owned(), path.to_owned());
    let fault = match st.faults.get_mut(&fault_key) {
        Some((f, n)) if *n > 0 => {
            *n -= 1;
            Some(*f)
        }
        _ => None,
    };
    if fault == Some(MexcFault::ServerErrorBeforeApply) {
        return server_error();
    }
    let now = st.now_ms();
    let account = if ep.signed {
        match authenticate(st, ip, query, body, key.as_deref(), &params, needs, now) {
            Ok(i) => Some(i),
            Err(e) => return Answer::error(&e),
        }
    } else {
        None
    };
    let ctx = Ctx {
        params,
        account,
        now,
    };
    let result = handler(st, &ctx);
    if fault == Some(MexcFault::ServerErrorAfterApply) {
        return server_error();
    }
    match result {
        Ok(body) => Answer {
            status: 200,
            body,
            retry_after: None,
        },
        Err(e) => Answer::error(&e),
    }
}

fn server_error() -> Answer {
    Answer {
        status: 500,
        body: json!({"code": 500, "msg": "Internal Server Error"}),
        retry_after: None,
    }
}

/// The SIGNED checks, in order: key sent and known, signature sent, recvWindow, the time
/// window, the HMAC over the raw bytes, the IP list, the permission.
#[allow(clippy::too_many_arguments)]
fn authenticate(
    st: &State,
    ip: IpAddr,
    query: &[u8],
    body: &[u8],
    key: Option<&str>,
    params: &BTreeMap<String, String>,
    needs: Needs,
    now: i64,
) -> Result<usize, SimError> {
    let key = key
        .filter(|k| !k.is_empty())
        .ok_or_else(|| SimError::of(p::API_KEY_REQUIRED))?;
    let idx = *st
        .by_key
        .get(key)
        .ok_or_else(|| SimError::of(assumptions::UNKNOWN_API_KEY))?;
    let (payload, signature) = signed_payload(query, body);
    let signature = signature
        .filter(|s| !s.is_empty())
        .ok_or_else(|| SimError::of(p::SIGNATURE_NOT_SENT))?;
    let recv_window = match params.get("recvWindow") {
        None => p::DEFAULT_RECV_WINDOW_MS,
        Some(v) => v
            .parse::<u64>()
            .map_err(|_| SimError::with(p::PARAM_ERROR, "recvWindow is malformed"))?,
    };
    if recv_window > p::MAX_RECV_WINDOW_MS {
        return Err(SimError::of(p::RECV_WINDOW_TOO_LARGE));
    }
    let ts: i64 = params
        .get("timestamp")
        .ok_or_else(|| SimError::with(p::PARAM_NULL, "timestamp cannot be null"))?
        .parse()
        .map_err(|_| SimError::with(p::PARAM_ERROR, "timestamp is malformed"))?;
    let window = i64::try_from(recv_window).unwrap_or(i64::MAX);
    if !(ts < now + p::TIMESTAMP_AHEAD_MS && now - ts <= window) {
        return Err(SimError::of(p::TIMESTAMP_OUTSIDE_RECV_WINDOW));
    }
    // Lowercase only (mexc.md §1).
    if signature.iter().any(u8::is_ascii_uppercase) {
        return Err(SimError::of(p::BAD_SIGNATURE));
    }
    let account = &st.accounts[idx];
    if !verify_signature(account.spec.api_secret.as_bytes(), &payload, &signature) {
        return Err(SimError::of(p::BAD_SIGNATURE));
    }
    let ips = &account.spec.ip_whitelist;
    if !ips.is_empty() && !ips.contains(&ip) {
        return Err(SimError::with(
            p::IP_NOT_WHITELISTED,
            format!("IP [{ip}] not in the whitelist"),
        ));
    }
    let perms = account.spec.permissions;
    let allowed = match needs {
        Needs::Nothing => true,
        Needs::Read => perms.reading,
        Needs::Trade => perms.spot_trading,
    };
    if !allowed {
        return Err(SimError::of(p::NO_PERMISSION));
    }
    Ok(idx)
}
