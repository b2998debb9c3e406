//! The Bybit simulator's request pipeline (bybit.md §1–§2): route, the IP window (403 and a
//! ban), parameters from the query and the JSON body, faults, the four auth headers checked
//! over the raw received bytes, the per-UID window (10006), then the endpoint; every answer
//! in the `{retCode, retMsg, result, retExtInfo, time}` envelope with the limit headers.

use std::collections::{BTreeMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{ConnectInfo, Request, State as AxState};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError};
use super::routes::{Needs, ROUTES};
use super::state::{BybitFault, State, read_write};
use crate::bybit::protocol::{self as p, Endpoint};
use crate::bybit::{assumptions, sign};
use crate::sim::common::Incoming;
use crate::sim::verify_signature;

/// The state behind one lock.
pub type Shared = Arc<Mutex<State>>;

/// The router: one fallback doing its own routing, so every path gets Bybit's treatment.
pub fn router(shared: Shared) -> Router {
    Router::new().fallback(handle).with_state(shared)
}

struct Answer {
    status: u16,
    /// `None`: a bare HTTP error without an envelope (403 ban, 500).
    envelope: Option<(i64, String, Value)>,
    /// (limit, remaining, reset ms).
    limit: Option<(u32, u32, i64)>,
    slow: bool,
}

impl Answer {
    fn error(e: &SimError) -> Self {
        Self {
            status: e.status,
            envelope: Some((e.code, e.msg.clone(), json!({}))),
            limit: None,
            slow: false,
        }
    }

    fn bare(status: u16) -> Self {
        Self {
            status,
            envelope: None,
            limit: None,
            slow: false,
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
    let (answer, now, slow_ms) = {
        let mut st = shared
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let a = dispatch(&mut st, peer.ip(), &method, &path, &query, &body, &headers);
        let code = a.envelope.as_ref().map_or(-1, |e| e.0);
        st.log.push((method, path, a.status, code));
        (a, st.now_ms(), st.config.slow_ms)
    };
    if answer.slow {
        tokio::time::sleep(Duration::from_millis(slow_ms)).await;
    }
    let text = match &answer.envelope {
        Some((code, msg, result)) => json!({
            "retCode": code,
            "retMsg": msg,
            "result": result,
            "retExtInfo": {},
            "time": now,
        })
        .to_string(),
        None if answer.status == 403 => "access too frequent".to_owned(),
        None => "Internal Server Error".to_owned(),
    };
    let mut resp = Response::new(Body::from(text));
    *resp.status_mut() =
        StatusCode::from_u16(answer.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let h = resp.headers_mut();
    let content = if answer.envelope.is_some() {
        "application/json"
    } else {
        "text/plain"
    };
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(content));
    if let Some((limit, left, reset)) = answer.limit {
        for (name, value) in [
            (p::HEADER_LIMIT, limit.to_string()),
            (p::HEADER_LIMIT_STATUS, left.to_string()),
            (p::HEADER_LIMIT_RESET, reset.to_string()),
        ] {
            if let Ok(v) = HeaderValue::from_str(&value) {
                h.insert(name, v);
            }
        }
    }
    resp
}

/// The query's and the JSON body's parameters (the query wins); arrays kept apart.
fn parse_params(query: &[u8], body: &[u8], ctx: &mut Ctx) -> Result<(), SimError> {
    for (k, v) in url::form_urlencoded::parse(query) {
        ctx.params
            .entry(k.into_owned())
            .or_insert_with(|| v.into_owned());
    }
    let trimmed = body.trim_ascii();
    if trimmed.is_empty() {
        return Ok(());
    }
    let map: serde_json::Map<String, Value> = serde_json::from_slice(trimmed)
        .map_err(|_| SimError::with(p::PARAM_ERROR, "the body is not a JSON object"))?;
    for (k, v) in map {
        match v {
            Value::Array(items) => {
                let list = items
                    .into_iter()
                    .map(|i| match i {
                        Value::String(s) => s,
                        other => other.to_string(),
                    })
                    .collect();
                ctx.lists.insert(k, list);
            }
            Value::String(s) => {
                ctx.params.entry(k).or_insert(s);
            }
            other => {
                ctx.params.entry(k).or_insert(other.to_string());
            }
        }
    }
    Ok(())
}

/// Counts one request of `ip` in its 5 s window; false when over (and then banned).
fn ip_allows(st: &mut State, ip: IpAddr, now: i64) -> bool {
    let limit = st.config.ip_limit as usize;
    let (times, banned_until) = st
        .ip_windows
        .entry(ip.to_string())
        .or_insert_with(|| (VecDeque::new(), 0));
    if now < *banned_until {
        return false;
    }
    while times.front().is_some_and(|t| now - t >= p::IP_WINDOW_MS) {
        times.pop_front();
    }
    if times.len() >= limit {
        *banned_until = now + p::IP_BAN_MS;
        return false;
    }
    times.push_back(now);
    true
}

/// Counts one request of `key` on `ep` in its rolling second: (limit, left, reset) or the
/// refusal's (limit, 0, reset).
fn uid_window(
    st: &mut State,
    ep: &Endpoint,
    key: &str,
    now: i64,
) -> Result<(u32, u32, i64), (u32, i64)> {
    let limit = st.config.uid_limit.unwrap_or(ep.per_second).max(1);
    let times = st
        .uid_windows
        .entry((ep.path.to_owned(), key.to_owned()))
        .or_default();
    while times.front().is_some_and(|t| now - t >= p::UID_WINDOW_MS) {
        times.pop_front();
    }
    let used = u32::try_from(times.len()).unwrap_or(u32::MAX);
    if used >= limit {
        let reset = times.front().map_or(now, |t| t + p::UID_WINDOW_MS);
        return Err((limit, reset));
    }
    times.push_back(now);
    let left = limit - used - 1;
    // "the current timestamp" unless exceeded (bybit.md §2).
    Ok((limit, left, now))
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty())
}

fn dispatch(
    st: &mut State,
    ip: IpAddr,
    method: &str,
    path: &str,
    query: &[u8],
    body: &[u8],
    headers: &HeaderMap,
) -> Answer {
    let now = st.now_ms();
    st.settle(now);
    if !ip_allows(st, ip, now) {
        return Answer::bare(403);
    }
    let Some((ep, needs, handler)) = ROUTES
        .iter()
        .find(|(ep, _, _)| ep.method == method && ep.path == path)
        .copied()
    else {
        // "404 path not found" (bybit.md §1), with Bybit's route error in the envelope.
        let mut a = Answer::error(&SimError::code(10017, "Route not found."));
        a.status = 404;
        return a;
    };
    let mut ctx = Ctx {
        params: BTreeMap::new(),
        lists: BTreeMap::new(),
        account: None,
        now,
    };
    if let Err(e) = parse_params(query, body, &mut ctx) {
        return Answer::error(&e);
    }
    let fault = match st.faults.get_mut(&(method.to_owned(), path.to_owned())) {
        Some((f, n)) if *n > 0 => {
            *n -= 1;
            Some(*f)
        }
        _ => None,
    };
    match fault {
        Some(BybitFault::ServerErrorBeforeApply) => return Answer::bare(500),
        Some(BybitFault::RetCodeServerError) => {
            return Answer::error(&SimError::of(p::SERVER_ERROR));
        }
        _ => {}
    }
    let mut limit = None;
    if ep.signed {
        let payload = if method == "GET" { query } else { body };
        match authenticate(st, ip, headers, payload, needs, now) {
            Ok((idx, key)) => {
                ctx.account = Some(idx);
                match uid_window(st, &ep, &key, now) {
                    Ok(l) => limit = Some(l),
                    Err((l, reset)) => {
                        let mut a = Answer::error(&SimError::of(p::TOO_MANY_VISITS));
                        a.limit = Some((l, 0, reset));
                        return a;
                    }
                }
            }
            Err(e) => return Answer::error(&e),
        }
    }
    let result = handler(st, &ctx);
    if fault == Some(BybitFault::ServerErrorAfterApply) {
        return Answer::bare(500);
    }
    if fault == Some(BybitFault::ExpireAfter) {
        st.offset_ms += assumptions::QUOTE_VALIDITY_MS + 1_000;
    }
    let mut a = match result {
        Ok(result) => Answer {
            status: 200,
            envelope: Some((0, "OK".to_owned(), result)),
            limit: None,
            slow: false,
        },
        Err(e) => Answer::error(&e),
    };
    a.limit = limit;
    a.slow = fault == Some(BybitFault::SlowAfterApply);
    a
}

/// The auth checks, in order: the headers sent (401 without them), the key known, the time
/// rule, the HMAC over the raw query or body, the key's IPs, the permission.
fn authenticate(
    st: &State,
    ip: IpAddr,
    headers: &HeaderMap,
    payload: &[u8],
    needs: Needs,
    now: i64,
) -> Result<(usize, String), SimError> {
    let missing = || SimError {
        status: 401,
        ..SimError::with(p::INVALID_KEY, "api_key, sign and timestamp are required")
    };
    let key = header(headers, p::HEADER_API_KEY).ok_or_else(missing)?;
    let sig = header(headers, p::HEADER_SIGN).ok_or_else(missing)?;
    let ts: i64 = header(headers, p::HEADER_TIMESTAMP)
        .ok_or_else(missing)?
        .trim()
        .parse()
        .map_err(|_| SimError::with(p::PARAM_ERROR, "X-BAPI-TIMESTAMP is malformed"))?;
    let recv_window: u64 = match header(headers, p::HEADER_RECV_WINDOW) {
        None => assumptions::RECV_WINDOW_MS,
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| SimError::with(p::PARAM_ERROR, "X-BAPI-RECV-WINDOW is malformed"))?,
    };
    let idx = *st
        .by_key
        .get(key)
        .ok_or_else(|| SimError::of(p::INVALID_KEY))?;
    let window = i64::try_from(recv_window).unwrap_or(i64::MAX);
    if !(now - window <= ts && ts < now + assumptions::MAX_AHEAD_MS) {
        return Err(SimError::with(
            p::TIME_WINDOW,
            format!(
                "{} req_timestamp[{ts}],server_timestamp[{now}],recv_window[{recv_window}]",
                p::TIME_WINDOW.msg
            ),
        ));
    }
    let account = &st.accounts[idx];
    let signed = sign::string_to_sign(ts, key, recv_window, payload);
    // Lowercase hex only (bybit.md §1).
    if sig.bytes().any(|b| b.is_ascii_uppercase())
        || !verify_signature(account.spec.api_secret.as_bytes(), &signed, sig.as_bytes())
    {
        return Err(SimError::of(p::BAD_SIGN));
    }
    let ips = &account.spec.ip_whitelist;
    if !ips.is_empty() && !ips.contains(&ip) {
        return Err(SimError::of(p::UNMATCHED_IP));
    }
    let perms = account.spec.permissions;
    let allowed = match needs {
        Needs::Nothing => true,
        Needs::Read => perms.reading,
        Needs::Trade => perms.spot_trading,
        Needs::Convert => account.spec.convert_approved && read_write(&account.spec),
    };
    if !allowed {
        return Err(SimError::of(p::PERMISSION_DENIED));
    }
    Ok((idx, key.to_owned()))
}
