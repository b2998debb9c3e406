//! The request pipeline shared by every endpoint: route, faults, weights, parameters,
//! SIGNED checks (binance.md §1, §2), then the endpoint itself; and the server handle.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::{Body, to_bytes};
use axum::extract::{ConnectInfo, Request, State as AxState};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::auth;
use super::faults::Fault;
use super::net::ConnInfo;
use super::params::{Ctx, MAX_BODY_BYTES, Params, SimError};
use super::routes::{Route, find_route};
use super::state::{Shared, State};
use crate::binance::protocol::{self, LimitKind};

/// Largest body read before refusing it (refused bodies are still drained up to here).
const READ_BODY_BYTES: usize = 1024 * 1024;

/// A finished answer before it becomes an HTTP response.
struct Answer {
    status: u16,
    body: Option<Value>,
    headers: Vec<(&'static str, String)>,
}

impl Answer {
    fn error(e: &SimError) -> Self {
        Self {
            status: e.status,
            body: Some(json!({"code": e.code, "msg": e.msg})),
            headers: Vec::new(),
        }
    }
}

fn canonical_ip(peer: SocketAddr) -> IpAddr {
    match peer.ip() {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        ip => ip,
    }
}

/// The axum router: one fallback that does its own routing so every path, method and
/// malformed input gets the same Binance-shaped treatment.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

async fn handle(
    AxState(shared): AxState<Arc<Shared>>,
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    req: Request,
) -> Response {
    let latency = shared.lock().faults.latency;
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let started = std::time::Instant::now();
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or("").as_bytes().to_vec();
    let api_key = req
        .headers()
        .get(protocol::HEADER_API_KEY)
        .map(|v| v.as_bytes().to_vec());
    // Read up to READ_BODY_BYTES so the client finishes sending (and reads our answer)
    // before we refuse anything over MAX_BODY_BYTES.
    let body = to_bytes(req.into_body(), READ_BODY_BYTES).await;
    let body = match body {
        Ok(b) if b.len() <= MAX_BODY_BYTES => Ok(b.to_vec()),
        _ => Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["body", "a form body of at most 64 KiB"],
        )),
    };
    let (answer, dropped, delay) = dispatch(&shared, &conn, &method, &path, &query, body, api_key);
    if dropped {
        conn.kill.kill();
    }
    let response = to_response(answer);
    shared.add_busy(started.elapsed());
    if !delay.is_zero() {
        // Outside the state lock: the change is applied and logged already.
        tokio::time::sleep(delay).await;
    }
    response
}

fn to_response(a: Answer) -> Response {
    let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = match a.body {
        Some(v) => Body::from(v.to_string()),
        None => Body::empty(),
    };
    let mut resp = Response::new(body);
    *resp.status_mut() = status;
    let h = resp.headers_mut();
    if a.status != 500 || !a.headers.is_empty() {
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json;charset=UTF-8"),
        );
    }
    for (name, value) in a.headers {
        if let Ok(v) = HeaderValue::from_str(&value) {
            h.insert(name, v);
        }
    }
    resp
}

/// Runs one request under the state lock; returns the answer, whether to drop the
/// connection instead of sending it, and how long to hold the answer back.
fn dispatch(
    shared: &Shared,
    conn: &ConnInfo,
    method: &str,
    path: &str,
    query: &[u8],
    body: Result<Vec<u8>, SimError>,
    api_key: Option<Vec<u8>>,
) -> (Answer, bool, Duration) {
    let mut st = shared.lock();
    let Some(route) = find_route(method, path) else {
        let a = Answer::error(&SimError::of(protocol::NOT_FOUND));
        st.faults.record(method, path, Some(a.status));
        return (a, false, Duration::ZERO);
    };
    let fault = st.faults.take(route.ep.path);
    match fault {
        Some(Fault::UnavailableBeforeApply) => {
            let a = Answer::error(&SimError::of(protocol::INTERNAL_ERROR));
            st.faults.record(method, path, Some(a.status));
            return (a, false, Duration::ZERO);
        }
        Some(Fault::EmptyInternalErrorBeforeApply) => {
            st.faults.record(method, path, Some(500));
            return (empty_500(), false, Duration::ZERO);
        }
        _ => {}
    }
    let mut answer = process(&mut st, &route, conn, query, body, api_key);
    let mut dropped = false;
    let mut delay = Duration::ZERO;
    match fault {
        Some(Fault::UnavailableAfterApply) => {
            answer = Answer::error(&SimError::of(protocol::INTERNAL_ERROR));
        }
        Some(Fault::EmptyInternalErrorAfterApply) => answer = empty_500(),
        Some(Fault::DropConnectionAfterApply) => dropped = true,
        Some(Fault::DelayAfterApply(d)) => delay = d,
        Some(Fault::ReplaceDecimals(with)) => {
            if answer.status == 200
                && let Some(body) = answer.body.as_mut()
            {
                super::faults::replace_decimals(body, with);
            }
        }
        _ => {}
    }
    let status = (!dropped).then_some(answer.status);
    st.faults.record(method, path, status);
    tracing::debug!(method, path, ?status, "sim request");
    (answer, dropped, delay)
}

fn empty_500() -> Answer {
    Answer {
        status: 500,
        body: None,
        headers: Vec::new(),
    }
}

fn key_account(st: &State, api_key: Option<&[u8]>) -> Option<usize> {
    let key = std::str::from_utf8(api_key?).ok()?;
    st.by_key.get(key).copied()
}

fn process(
    st: &mut State,
    route: &Route,
    conn: &ConnInfo,
    query: &[u8],
    body: Result<Vec<u8>, SimError>,
    api_key: Option<Vec<u8>>,
) -> Answer {
    let now = st.now_ms();
    let ip = canonical_ip(conn.peer);
    let body_err = body.as_ref().err().cloned();
    let body_bytes: &[u8] = body.as_deref().unwrap_or_default();
    let params = Params::parse(query, body_bytes, route.repeatable);
    let known = key_account(st, api_key.as_deref());
    let weight = match (&params, route.weight_single, route.weigh) {
        (Ok(p), _, Some(weigh)) => weigh(p),
        (Ok(p), Some(single), None) if p.raw("symbol").is_some() => single,
        _ => route.ep.weight,
    };
    let uid = known.and_then(|i| st.accounts.get(i)).map(|a| a.spec.uid);
    let charge = st
        .weights
        .charge(route.ep.path, route.ep.limit, ip, uid, weight, now);
    let mut headers = vec![(charge.header.0, charge.header.1.to_string())];
    if let Some((err, retry)) = charge.refused {
        headers.push((protocol::HEADER_RETRY_AFTER, retry.to_string()));
        let mut a = Answer::error(&err);
        a.headers = headers;
        return a;
    }
    let result = match body_err {
        Some(e) => Err(e),
        None => params,
    }
    .and_then(|p| {
        let account = if route.ep.signed {
            Some(authenticate(
                st,
                route,
                ip,
                query,
                body_bytes,
                api_key.as_deref(),
                &p,
                now,
            )?)
        } else {
            None
        };
        let ctx = Ctx {
            params: &p,
            account,
            now,
        };
        (route.handler)(st, &ctx)
    });
    let mut a = match result {
        Ok(v) => Answer {
            status: 200,
            body: Some(v),
            headers: Vec::new(),
        },
        Err(e) => Answer::error(&e),
    };
    a.headers = headers;
    a
}

#[allow(clippy::too_many_arguments)]
fn authenticate(
    st: &State,
    route: &Route,
    ip: IpAddr,
    query: &[u8],
    body: &[u8],
    api_key: Option<&[u8]>,
    params: &Params,
    now: i64,
) -> Result<usize, SimError> {
    let format_invalid = || SimError::of(protocol::API_KEY_FORMAT_INVALID);
    let denied = || SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS);
    let key = api_key.ok_or_else(format_invalid)?;
    let key = std::str::from_utf8(key).map_err(|_| format_invalid())?;
    if !super::config::key_well_formed(key) {
        return Err(format_invalid());
    }
    let idx = *st.by_key.get(key).ok_or_else(denied)?;
    let account = st.accounts.get(idx).ok_or_else(denied)?;
    let allow = &account.spec.ip_whitelist;
    if !allow.is_empty() && !allow.contains(&ip) {
        return Err(denied());
    }
    let timestamp = params.req_ms("timestamp")?;
    params.req("signature")?;
    let (payload, sig) = auth::signed_payload(query, body);
    let sig = sig.unwrap_or_default();
    if !auth::verify_signature(account.spec.api_secret.as_bytes(), &payload, &sig) {
        return Err(SimError::of(protocol::BAD_SIGNATURE));
    }
    let rw = auth::recv_window(params, route.ep.limit != LimitKind::ApiIp)?;
    auth::check_timestamp(timestamp, now, rw)?;
    let perms = account.spec.permissions;
    if !perms.reading || (route.trading && !perms.spot_trading) {
        return Err(denied());
    }
    if route.convert && !account.spec.convert_approved {
        return Err(SimError::of(protocol::UNAUTHORIZED));
    }
    Ok(idx)
}
