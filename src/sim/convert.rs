//! Spot Convert (binance.md §4): pairs, asset precision, quote → accept → status, history.

use crate::binance::assumptions;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::dust::asset_ok;
use super::market::{AssetDef, Listing, plain};
use super::params::Ctx;
use super::params::{SimError, parse_int};
use super::state::{Order, Quote, State, ms};
use crate::binance::protocol;

/// The spread hidden in `ratio`: quotes are this much worse than the spot mid
/// (binance.md §4.3: no fee field, any spread is inside `ratio`).
pub const CONVERT_SPREAD: &str = "0.002";
/// Smallest convertible value of either side, in USDT (pair limits are UNCONFIRMED, §4.1).
pub const CONVERT_MIN_VALUE_USDT: &str = "0.1";
/// Largest convertible value of either side, in USDT.
pub const CONVERT_MAX_VALUE_USDT: &str = "2000000";
/// Assets every other asset converts to and from (binance.md §4.1 "pairs").
const CONVERT_HUBS: [&str; 4] = ["USDT", "BTC", "BNB", "ETH"];

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap_or_default()
}

/// One pair's limits.
struct Pair<'a> {
    from: &'a AssetDef,
    to: &'a AssetDef,
}

fn limits(a: &AssetDef) -> (Decimal, Decimal) {
    let per = |usdt: &str, strat| {
        dec(usdt)
            .checked_div(a.usdt_price)
            .unwrap_or_default()
            .round_dp_with_strategy(a.fraction, strat)
    };
    let unit = Decimal::new(1, a.fraction);
    let min = per(CONVERT_MIN_VALUE_USDT, RoundingStrategy::AwayFromZero).max(unit);
    let max = per(CONVERT_MAX_VALUE_USDT, RoundingStrategy::ToZero);
    (min, max)
}

fn convertible(a: &AssetDef) -> bool {
    a.listing == Listing::Listed
}

fn pair<'a>(st: &'a State, from: &str, to: &str) -> Option<Pair<'a>> {
    let f = st.market.asset(from).filter(|a| convertible(a))?;
    let t = st.market.asset(to).filter(|a| convertible(a))?;
    let ok = from != to && (CONVERT_HUBS.contains(&from) || CONVERT_HUBS.contains(&to));
    ok.then_some(Pair { from: f, to: t })
}

/// `GET /sapi/v1/convert/exchangeInfo` (public). With neither asset every pair is listed
/// (the docs ask for one or both; being lenient costs nothing).
pub fn exchange_info(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let from = ctx.params.opt("fromAsset")?;
    let to = ctx.params.opt("toAsset")?;
    let mut out = Vec::new();
    for f in st.market.assets() {
        for t in st.market.assets() {
            if from.is_some_and(|x| x != f.asset) || to.is_some_and(|x| x != t.asset) {
                continue;
            }
            let Some(p) = pair(st, f.asset, t.asset) else {
                continue;
            };
            let (fmin, fmax) = limits(p.from);
            let (tmin, tmax) = limits(p.to);
            out.push(json!({
                "fromAsset": f.asset, "toAsset": t.asset,
                "fromAssetMinAmount": plain(fmin), "fromAssetMaxAmount": plain(fmax),
                "toAssetMinAmount": plain(tmin), "toAssetMaxAmount": plain(tmax),
            }));
        }
    }
    Ok(Value::Array(out))
}

/// `GET /sapi/v1/convert/assetInfo`.
pub fn asset_info(st: &mut State, _: &Ctx) -> Result<Value, SimError> {
    Ok(Value::Array(
        st.market
            .assets()
            .iter()
            .filter(|a| convertible(a))
            .map(|a| json!({"asset": a.asset, "fraction": a.fraction}))
            .collect(),
    ))
}

fn valid_time_ms(v: Option<&str>) -> Result<i64, SimError> {
    match v {
        None | Some("10s") => Ok(10_000),
        Some("30s") => Ok(30_000),
        Some("1m") => Ok(60_000),
        Some("2m") => Ok(120_000),
        Some(_) => Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["validTime", "10s|30s|1m|2m"],
        )),
    }
}

fn sig8(v: Decimal) -> Decimal {
    v.round_sf(8).unwrap_or(v).normalize()
}

/// `POST /sapi/v1/convert/getQuote`: `quoteId` only when the wallet holds enough.
pub fn get_quote(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let p = ctx.params;
    let from_asset = p.req("fromAsset")?;
    let to_asset = p.req("toAsset")?;
    for (name, v) in [("fromAsset", from_asset), ("toAsset", to_asset)] {
        if !asset_ok(v) {
            return Err(SimError::new(
                protocol::ILLEGAL_CHARS,
                &[name, "^[A-Z0-9]{1,20}$"],
            ));
        }
    }
    let from_amount = p.opt_amount("fromAmount")?;
    let to_amount = p.opt_amount("toAmount")?;
    match p.opt("walletType")? {
        None | Some("SPOT") => {}
        Some(_) => {
            return Err(SimError::new(
                protocol::ILLEGAL_CHARS,
                &["walletType", "SPOT"],
            ));
        }
    }
    let valid = valid_time_ms(p.opt("validTime")?)?;
    let pr = pair(st, from_asset, to_asset).ok_or_else(|| {
        SimError::new(
            assumptions::CONVERT_PAIR_NOT_SUPPORTED,
            &[from_asset, to_asset],
        )
    })?;
    let mid = pr
        .from
        .usdt_price
        .checked_div(pr.to.usdt_price)
        .unwrap_or_default();
    let ratio = sig8(mid * (Decimal::ONE - dec(CONVERT_SPREAD)));
    if ratio.is_zero() {
        return Err(SimError::new(
            assumptions::CONVERT_PAIR_NOT_SUPPORTED,
            &[from_asset, to_asset],
        ));
    }
    let inverse = sig8(Decimal::ONE.checked_div(ratio).unwrap_or_default());
    let (from_amt, to_amt) = match (from_amount, to_amount) {
        (Some(f), None) => {
            let t = f
                .checked_mul(ratio)
                .map(|t| t.round_dp_with_strategy(pr.to.fraction, RoundingStrategy::ToZero));
            (f, t.unwrap_or(Decimal::MAX))
        }
        (None, Some(t)) => {
            let f = t.checked_div(ratio).map(|f| {
                f.round_dp_with_strategy(pr.from.fraction, RoundingStrategy::AwayFromZero)
            });
            (f.unwrap_or(Decimal::MAX), t)
        }
        _ => {
            return Err(SimError::new(
                protocol::EITHER_PARAM,
                &["fromAmount", "toAmount"],
            ));
        }
    };
    if from_amount.is_some_and(|a| a.is_zero()) || to_amount.is_some_and(|a| a.is_zero()) {
        return Err(SimError::of(protocol::AMOUNT_OVER_ZERO));
    }
    for (def, amt) in [(pr.from, from_amt), (pr.to, to_amt)] {
        let (min, max) = limits(def);
        if amt < min || amt > max {
            return Err(SimError::new(
                assumptions::QUOTE_AMOUNT_OUT_OF_RANGE,
                &[def.asset, &plain(min), &plain(max)],
            ));
        }
    }
    let valid_until = ctx.now.saturating_add(valid);
    let mut out = json!({
        "ratio": plain(ratio), "inverseRatio": plain(inverse), "validTimestamp": valid_until,
        "toAmount": plain(to_amt), "fromAmount": plain(from_amt),
    });
    let (from_name, to_name) = (pr.from.asset, pr.to.asset);
    check_quotas(st, idx, ctx.now)?;
    let enough = st
        .accounts
        .get(idx)
        .is_some_and(|a| a.free(from_name) >= from_amt);
    if enough {
        let id = st.quote_id();
        st.quotes.insert(
            id,
            Quote {
                account: idx,
                from_asset: from_name.to_string(),
                to_asset: to_name.to_string(),
                from_amount: from_amt,
                to_amount: to_amt,
                ratio,
                inverse_ratio: inverse,
                valid_until,
                accepted: false,
            },
        );
        out["quoteId"] = Value::String(id.to_string());
    }
    Ok(out)
}

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;

/// The quote quotas (protocol.rs, issue 15 point 7): every quote given counts, with or
/// without a `quoteId`; a refused request does not. Windows are rolling (UNCONFIRMED whether
/// Binance's are clock hours and days). The daily quota is checked first: it is the longer
/// wait.
fn check_quotas(st: &mut State, idx: usize, now: i64) -> Result<(), SimError> {
    let Some(acc) = st.accounts.get(idx) else {
        return Ok(());
    };
    let quotas = st.config.quotas_for(&acc.spec.api_key);
    let Some(acc) = st.accounts.get_mut(idx) else {
        return Ok(());
    };
    while acc
        .quote_times
        .front()
        .is_some_and(|t| now.saturating_sub(*t) >= DAY_MS)
    {
        acc.quote_times.pop_front();
    }
    let in_day = acc.quote_times.len();
    let in_hour = acc
        .quote_times
        .iter()
        .filter(|t| now.saturating_sub(**t) < HOUR_MS)
        .count();
    if in_day >= usize::try_from(quotas.per_day).unwrap_or(usize::MAX) {
        return Err(SimError::of(protocol::CONVERT_DAILY_QUOTE_QUOTA));
    }
    if in_hour >= usize::try_from(quotas.per_hour).unwrap_or(usize::MAX) {
        return Err(SimError::of(protocol::CONVERT_HOURLY_QUOTE_QUOTA));
    }
    acc.quote_times.push_back(now);
    Ok(())
}

fn not_found() -> SimError {
    SimError::of(assumptions::CONVERT_ORDER_NOT_FOUND)
}

/// `POST /sapi/v1/convert/acceptQuote`: balances move now; the order is `PROCESS` for
/// `convert_processing`, then `SUCCESS` (§4.4).
pub fn accept_quote(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let id = parse_int(ctx.params.req("quoteId")?)
        .and_then(|i| u64::try_from(i).ok())
        .ok_or_else(not_found)?;
    let quote = st
        .quotes
        .get(&id)
        .filter(|q| q.account == idx && !q.accepted)
        .cloned()
        .ok_or_else(not_found)?;
    if ctx.now > quote.valid_until {
        return Err(SimError::of(assumptions::QUOTE_EXPIRED));
    }
    let acc = st.accounts.get_mut(idx).ok_or_else(not_found)?;
    if acc.free(&quote.from_asset) < quote.from_amount {
        return Err(SimError::of(protocol::INSUFFICIENT_BALANCE));
    }
    acc.add(&quote.from_asset, -quote.from_amount);
    acc.add(&quote.to_asset, quote.to_amount);
    if let Some(q) = st.quotes.get_mut(&id) {
        q.accepted = true;
    }
    let order_id = st.order_id();
    st.orders.push(Order {
        order_id,
        quote_id: id,
        account: idx,
        quote,
        create_time: ctx.now,
    });
    tracing::info!(order_id, "sim convert accepted");
    // orderId is a STRING here, a number in orderStatus/tradeFlow (§4.4).
    Ok(json!({"orderId": order_id.to_string(), "createTime": ctx.now, "orderStatus": "PROCESS"}))
}

fn order_json(o: &Order, now: i64, processing: i64, with_quote: bool) -> Value {
    let status = if now >= o.create_time.saturating_add(processing) {
        "SUCCESS"
    } else {
        "PROCESS"
    };
    let q = &o.quote;
    let mut v = json!({
        "orderId": o.order_id, "orderStatus": status, "fromAsset": q.from_asset,
        "fromAmount": plain(q.from_amount), "toAsset": q.to_asset, "toAmount": plain(q.to_amount),
        "ratio": plain(q.ratio), "inverseRatio": plain(q.inverse_ratio), "createTime": o.create_time,
    });
    if with_quote {
        v["quoteId"] = Value::String(o.quote_id.to_string());
    }
    v
}

/// `GET /sapi/v1/convert/orderStatus` (orderId or quoteId).
pub fn order_status(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let id = |k: &str| -> Result<Option<u64>, SimError> {
        match ctx.params.opt(k)? {
            None => Ok(None),
            Some(v) => Ok(Some(
                parse_int(v)
                    .and_then(|i| u64::try_from(i).ok())
                    .ok_or_else(not_found)?,
            )),
        }
    };
    let by_order = match ctx.params.opt("orderId")? {
        // Order ids exceed i64's 18-digit parse_int bound: parse as u64.
        Some(v) if v.len() <= 20 && v.bytes().all(|b| b.is_ascii_digit()) => {
            Some(v.parse::<u64>().map_err(|_| not_found())?)
        }
        Some(_) => return Err(not_found()),
        None => None,
    };
    let by_quote = id("quoteId")?;
    let order = match (by_order, by_quote) {
        (Some(o), _) => st.orders.iter().find(|x| x.order_id == o),
        (None, Some(q)) => st.orders.iter().find(|x| x.quote_id == q),
        (None, None) => {
            return Err(SimError::new(
                protocol::EITHER_PARAM,
                &["orderId", "quoteId"],
            ));
        }
    };
    let order = order.filter(|o| o.account == idx).ok_or_else(not_found)?;
    Ok(order_json(
        order,
        ctx.now,
        ms(st.config.convert_processing),
        false,
    ))
}

/// `GET /sapi/v1/convert/tradeFlow` (startTime, endTime ≤ 30 days apart; limit ≤ 1000).
pub fn trade_flow(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let start = ctx.params.req_ms("startTime")?;
    let end = ctx.params.req_ms("endTime")?;
    let span = ms(protocol::TRADE_FLOW_MAX_SPAN);
    if end < start || end - start > span {
        let hours = (span / 3_600_000).to_string();
        return Err(SimError::new(assumptions::INTERVAL_TOO_LONG, &[&hours]));
    }
    let limit = match ctx.params.opt("limit")? {
        None => 100,
        Some(v) => parse_int(v)
            .filter(|l| (1..=1000).contains(l))
            .ok_or_else(|| SimError::new(protocol::ILLEGAL_CHARS, &["limit", "1-1000"]))?,
    };
    let processing = ms(st.config.convert_processing);
    // Newest first (order UNCONFIRMED in binance.md §4.6).
    let matching: Vec<&Order> = st
        .orders
        .iter()
        .rev()
        .filter(|o| o.account == idx && o.create_time >= start && o.create_time <= end)
        .collect();
    let limit = usize::try_from(limit).unwrap_or(100);
    let list: Vec<Value> = matching
        .iter()
        .take(limit)
        .map(|o| order_json(o, ctx.now, processing, true))
        .collect();
    Ok(json!({
        "list": list, "startTime": start, "endTime": end, "limit": limit,
        "moreData": matching.len() > limit,
    }))
}
