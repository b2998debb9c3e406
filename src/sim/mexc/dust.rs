//! Dust to MX (mexc.md §6): the convertible list, the transfer (at most 15 assets, each
//! under 5 USDT, at most 50 USDT in total, 10 a day, the fee charged in MX; refusals per
//! asset in `failedList`) and the paged dust log.

use std::collections::BTreeSet;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{DustBatch, DustDetail, State};
use crate::mexc::{assumptions, protocol as p};

/// Why an asset is not convertible now, or its USDT value.
fn convertible(st: &State, idx: usize, asset: &str) -> Result<Decimal, &'static str> {
    if asset == p::DUST_TARGET {
        return Err("MX itself is not converted");
    }
    let free = st.accounts[idx].free(asset);
    if free <= Decimal::ZERO {
        return Err("no balance");
    }
    let price = st.usdt_price(asset).ok_or("not supported")?;
    let value = free * price;
    if value >= st.config.dust_asset_max_usdt {
        return Err("worth 5 USDT or more");
    }
    Ok(value)
}

/// MX for `usdt` before the fee, rounded down to 8 places.
fn mx_for(st: &State, usdt: Decimal) -> Decimal {
    let mx_price = st.usdt_price(p::DUST_TARGET).unwrap_or(Decimal::ONE);
    (usdt / mx_price).round_dp_with_strategy(8, RoundingStrategy::ToZero)
}

/// `GET /api/v3/capital/convert/list`: a bare array. Convertible rows carry no `code`
/// (assumptions::DUST_LIST_OK_CODES); unsupported held assets carry `"30021"`.
pub fn list(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let rate = st.config.dust_fee_rate;
    let mut rows = Vec::new();
    let held: Vec<(String, Decimal)> = st.accounts[idx]
        .balances
        .iter()
        .filter(|(a, v)| **v > Decimal::ZERO && a.as_str() != p::DUST_TARGET)
        .map(|(a, v)| (a.clone(), *v))
        .collect();
    for (asset, free) in held {
        match convertible(st, idx, &asset) {
            Ok(usdt) => {
                let gross = mx_for(st, usdt);
                let net = gross - (gross * rate).round_dp(8);
                rows.push(json!({
                    "convertMx": s(net),
                    "convertUsdt": s(usdt.round_dp(8)),
                    "balance": s(free),
                    "asset": asset,
                }));
            }
            Err("not supported") => rows.push(json!({
                "convertMx": "0",
                "convertUsdt": "0",
                "balance": s(free),
                "asset": asset,
                "code": assumptions::DUST_ASSET_REFUSED_CODE,
                "message": "not supported",
            })),
            Err(_) => {}
        }
    }
    Ok(Value::Array(rows))
}

/// `POST /api/v3/capital/convert`.
pub fn convert(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let raw = ctx.req("asset")?;
    let mut seen = BTreeSet::new();
    let assets: Vec<String> = raw
        .split(',')
        .map(|a| a.trim().to_ascii_uppercase())
        .filter(|a| !a.is_empty() && seen.insert(a.clone()))
        .collect();
    if assets.len() > p::DUST_MAX_ASSETS {
        return Err(SimError::of(assumptions::DUST_TOO_MANY_ASSETS));
    }
    let day_ms = i64::try_from(assumptions::DUST_COUNT_WINDOW.as_millis()).unwrap_or(i64::MAX);
    let recent = st.accounts[idx]
        .dust_log
        .iter()
        .filter(|b| ctx.now - b.time < day_ms)
        .count();
    if recent >= st.config.dust_max_per_24h {
        return Err(SimError::of(assumptions::DUST_DAILY_LIMIT));
    }
    let rate = st.config.dust_fee_rate;
    let mut total_usdt = Decimal::ZERO;
    let mut failed = Vec::new();
    let mut details = Vec::new();
    for asset in &assets {
        let value = match convertible(st, idx, asset) {
            Ok(v) => v,
            Err(why) => {
                failed.push(json!({"asset": asset, "message": why,
                    "code": assumptions::DUST_ASSET_REFUSED_CODE}));
                continue;
            }
        };
        if total_usdt + value > st.config.dust_tx_max_usdt {
            failed.push(json!({"asset": asset,
                "message": "over 50 USDT in one conversion",
                "code": assumptions::DUST_ASSET_REFUSED_CODE}));
            continue;
        }
        total_usdt += value;
        let gross = mx_for(st, value);
        let fee = (gross * rate).round_dp(8);
        let amount = st.accounts[idx].free(asset);
        let id = st.hex_id();
        details.push(DustDetail {
            id,
            asset: asset.clone(),
            amount,
            convert: gross - fee,
            fee,
        });
    }
    let total: Decimal = details.iter().map(|d| d.convert).sum();
    let fee: Decimal = details.iter().map(|d| d.fee).sum();
    let success: Vec<String> = details.iter().map(|d| d.asset.clone()).collect();
    if !details.is_empty() {
        let a = &mut st.accounts[idx];
        for d in &details {
            a.add(&d.asset, -d.amount);
        }
        a.add(p::DUST_TARGET, total);
        a.dust_log.push(DustBatch {
            time: ctx.now,
            details,
        });
    }
    Ok(json!({
        "successList": success,
        "failedList": failed,
        "totalConvert": s(total),
        "convertFee": s(fee),
    }))
}

/// `GET /api/v3/capital/convert`: the dust log, newest first, paged (`limit` defaults to
/// 1, at most 1000).
pub fn log(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let start = ctx.int("startTime")?;
    let end = ctx.int("endTime")?;
    let page = ctx.int("page")?.unwrap_or(1);
    let limit = ctx.int("limit")?.unwrap_or(1);
    if page < 1 || !(1..=i64::from(p::DUST_LOG_MAX_LIMIT)).contains(&limit) {
        return Err(SimError::of(p::PARAM_ERROR));
    }
    let mut batches: Vec<&DustBatch> = st.accounts[idx]
        .dust_log
        .iter()
        .filter(|b| start.is_none_or(|t| b.time >= t) && end.is_none_or(|t| b.time <= t))
        .collect();
    if assumptions::DUST_LOG_NEWEST_FIRST {
        batches.reverse();
    }
    let total = i64::try_from(batches.len()).unwrap_or(i64::MAX);
    let skip = usize::try_from((page - 1) * limit).unwrap_or(usize::MAX);
    let take = usize::try_from(limit).unwrap_or(0);
    let data: Vec<Value> = batches
        .into_iter()
        .skip(skip)
        .take(take)
        .map(|b| {
            let details: Vec<Value> = b
                .details
                .iter()
                .map(|d| {
                    json!({"id": d.id, "convert": s(d.convert), "fee": s(d.fee),
                        "amount": s(d.amount), "time": b.time, "asset": d.asset})
                })
                .collect();
            json!({
                "totalConvert": s(b.details.iter().map(|d| d.convert).sum()),
                "totalFee": s(b.details.iter().map(|d| d.fee).sum()),
                "convertTime": b.time,
                "convertDetails": details,
            })
        })
        .collect();
    Ok(json!({
        "data": data,
        "totalRecords": total,
        "page": page,
        "totalPageNum": (total + limit - 1) / limit,
    }))
}
