//! Small Asset Convert to BNB (binance.md §3): dust-btc, dust, dribblet.

use crate::binance::assumptions;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::market::{Listing, fixed8, plain, round8};
use super::params::Ctx;
use super::params::SimError;
use super::state::{DustBatch, DustDetail, State, ms};
use crate::binance::protocol;

/// An asset symbol as the wallet endpoints take it: 1-20 upper-case letters or digits.
pub fn asset_ok(a: &str) -> bool {
    !a.is_empty()
        && a.len() <= 20
        && a.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

/// What converting one balance yields (binance.md §3.1 arithmetic).
struct DustValue {
    to_btc: Decimal,
    to_bnb: Decimal,
    fee: Decimal,
}

fn fee_rate() -> Decimal {
    Decimal::from_str(protocol::DUST_FEE_RATE).unwrap_or_default()
}

/// `toBTC`, `toBNB` (via the BNBBTC price) and the 2 % fee rounded to nearest 8 dp.
fn value(st: &State, asset: &str, amount: Decimal) -> Option<DustValue> {
    let to_btc = st.market.to_btc(asset, amount)?;
    let bnb_btc = st.market.cross("BNB", "BTC")?;
    let to_bnb = round8(to_btc.checked_div(bnb_btc)?);
    let fee = round8(to_bnb * fee_rate());
    Some(DustValue {
        to_btc,
        to_bnb,
        fee,
    })
}

/// Why `asset` cannot be swept now, if it cannot (binance.md §3.4, §5 delisted/pre-market).
fn ineligible(st: &State, account: usize, asset: &str) -> Option<SimError> {
    let free = st
        .accounts
        .get(account)
        .map(|a| a.free(asset))
        .unwrap_or_default();
    let Some(def) = st.market.asset(asset) else {
        return Some(SimError::of(protocol::NO_SUCH_ASSET));
    };
    if free <= Decimal::ZERO {
        return Some(SimError::of(protocol::NO_SUCH_ASSET));
    }
    // BNB is the target, never offered (binance.md §3.4, inferred).
    if asset == "BNB" || def.listing != Listing::Listed || !def.dust_convertible {
        return Some(SimError::new(
            assumptions::DUST_ASSET_NOT_SUPPORTED,
            &[asset],
        ));
    }
    match value(st, asset, free) {
        Some(v) if v.to_btc < st.config.dust_threshold_btc => None,
        _ => Some(SimError::new(protocol::DUST_OVER_THRESHOLD, &[asset])),
    }
}

/// `POST /sapi/v1/asset/dust-btc`.
pub fn dust_btc(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    ctx.params.spot_account_type()?;
    let idx = ctx.account()?;
    let acc = st
        .accounts
        .get(idx)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut details = Vec::new();
    let (mut total_btc, mut total_bnb) = (Decimal::ZERO, Decimal::ZERO);
    for (asset, free) in &acc.balances {
        if ineligible(st, idx, asset).is_some() {
            continue;
        }
        let (Some(v), Some(def)) = (value(st, asset, *free), st.market.asset(asset)) else {
            continue;
        };
        total_btc += v.to_btc;
        total_bnb += v.to_bnb;
        details.push(json!({
            "asset": asset, "assetFullName": def.full_name, "amountFree": plain(*free),
            "toBTC": fixed8(v.to_btc), "toBNB": fixed8(v.to_bnb),
            "toBNBOffExchange": fixed8(v.to_bnb - v.fee), "exchange": fixed8(v.fee),
        }));
    }
    Ok(json!({
        "details": details,
        "totalTransferBtc": fixed8(total_btc),
        "totalTransferBNB": fixed8(total_bnb),
        "dribbletPercentage": protocol::DUST_FEE_RATE,
    }))
}

/// `POST /sapi/v1/asset/dust`: all or nothing, one `tranId` per call.
pub fn dust(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    ctx.params.spot_account_type()?;
    let idx = ctx.account()?;
    let raw = ctx.params.req("asset")?;
    let mut assets: Vec<String> = Vec::new();
    for a in raw.split(',') {
        let a = a.trim().to_ascii_uppercase();
        if !asset_ok(&a) {
            return Err(SimError::new(
                protocol::ILLEGAL_CHARS,
                &["asset", "^[A-Z0-9]{1,20}(,[A-Z0-9]{1,20})*$"],
            ));
        }
        if assets.contains(&a) {
            return Err(SimError::of(protocol::DUPLICATE_PARAM));
        }
        assets.push(a);
    }
    let cooldown = ms(st.config.dust_cooldown);
    let last = st.accounts.get(idx).and_then(|a| a.last_dust_ms);
    if last.is_some_and(|t| ctx.now.saturating_sub(t) < cooldown) {
        return Err(SimError::of(protocol::DUST_COOLDOWN));
    }
    // Check every asset before moving anything: one bad asset fails the batch (§3.4).
    if let Some(e) = assets.iter().find_map(|a| ineligible(st, idx, a)) {
        return Err(e);
    }
    let tran_id = st.tran_id();
    let mut lines = Vec::new();
    for a in &assets {
        let free = st
            .accounts
            .get(idx)
            .map(|acc| acc.free(a))
            .unwrap_or_default();
        let v = value(st, a, free)
            .ok_or_else(|| SimError::new(assumptions::DUST_ASSET_NOT_SUPPORTED, &[a]))?;
        let net = v.to_bnb - v.fee;
        // assumptions::DUST_TRANSFERED_IS_GROSS: what `transferedAmount` means (§3.2).
        let transfered = if assumptions::DUST_TRANSFERED_IS_GROSS {
            v.to_bnb
        } else {
            net
        };
        let line_id = st.tran_id();
        lines.push((
            DustDetail {
                trans_id: line_id,
                from_asset: a.clone(),
                amount: free,
                transfered,
                fee: v.fee,
                target_asset: "BNB".to_owned(),
            },
            net,
        ));
    }
    let acc = st
        .accounts
        .get_mut(idx)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut results = Vec::new();
    let (mut total, mut total_fee) = (Decimal::ZERO, Decimal::ZERO);
    for (d, net) in &lines {
        acc.add(&d.from_asset, -d.amount);
        acc.add("BNB", *net);
        total += d.transfered;
        total_fee += d.fee;
        results.push(json!({
            "amount": fixed8(d.amount), "fromAsset": d.from_asset, "operateTime": ctx.now,
            "serviceChargeAmount": fixed8(d.fee), "tranId": tran_id,
            "transferedAmount": fixed8(d.transfered),
        }));
    }
    acc.last_dust_ms = Some(ctx.now);
    acc.dust_log.push(DustBatch {
        trans_id: tran_id,
        operate_time: ctx.now,
        total_transfered: total,
        total_fee,
        details: lines.into_iter().map(|(d, _)| d).collect(),
    });
    tracing::info!(tran_id, assets = assets.len(), "sim dust conversion");
    Ok(json!({
        "totalServiceCharge": fixed8(total_fee),
        "totalTransfered": fixed8(total),
        "transferResult": results,
    }))
}

/// `GET /sapi/v1/asset/dribblet`: the last 100 batches, newest first (§3.3).
pub fn dribblet(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    ctx.params.spot_account_type()?;
    let start = ctx.params.opt_ms("startTime")?;
    let end = ctx.params.opt_ms("endTime")?;
    let acc = st
        .accounts
        .get(ctx.account()?)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let batches: Vec<Value> = acc
        .dust_log
        .iter()
        .rev()
        .filter(|b| {
            start.is_none_or(|s| b.operate_time >= s) && end.is_none_or(|e| b.operate_time <= e)
        })
        .take(protocol::DUST_LOG_MAX_RECORDS)
        .map(|b| {
            let details: Vec<Value> = b
                .details
                .iter()
                .map(|d| {
                    json!({
                        "transId": d.trans_id, "serviceChargeAmount": plain(d.fee),
                        "amount": plain(d.amount), "operateTime": b.operate_time,
                        "transferedAmount": plain(d.transfered), "fromAsset": d.from_asset,
                        "targetAsset": d.target_asset,
                    })
                })
                .collect();
            json!({
                "operateTime": b.operate_time, "totalTransferedAmount": plain(b.total_transfered),
                "totalServiceChargeAmount": plain(b.total_fee), "transId": b.trans_id,
                "userAssetDribbletDetails": details,
            })
        })
        .collect();
    Ok(json!({ "total": batches.len(), "userAssetDribblets": batches }))
}
