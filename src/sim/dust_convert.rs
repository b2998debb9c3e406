//! Dust Convert to a chosen target (shared/exchange/binance-dust-convert.md):
//! `query-convertible-assets` and `convert`. Every point the facts mark UNCONFIRMED is a
//! choice in `binance::assumptions`, some of them switches in [`super::SimConfig`].

use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::dust::asset_ok;
use super::market::{Listing, plain, round8};
use super::params::{Ctx, SimError};
use super::state::{DustBatch, DustDetail, State, ms};
use crate::binance::assumptions::{self, DustConvertCooldown, RepeatedClientId};
use crate::binance::protocol;

fn base() -> Decimal {
    Decimal::from_str(assumptions::DUST_CONVERT_BASE).unwrap_or_default()
}

/// What converting one balance to the target yields (§2 arithmetic: `exchange` = 2 % of
/// `toTargetAssetAmount` rounded to nearest, `toTargetAssetOffExchange` the rest).
struct Yield {
    to_quota: Decimal,
    to_target: Decimal,
    fee: Decimal,
}

fn value(st: &State, asset: &str, amount: Decimal, target: &str) -> Option<Yield> {
    let price = st.market.asset(asset)?.usdt_price;
    let quota = st
        .market
        .asset(assumptions::DUST_CONVERT_QUOTA_ASSET)?
        .usdt_price;
    let target_price = st.market.asset(target)?.usdt_price;
    let usdt = amount.checked_mul(price)?;
    let to_quota = round8(usdt.checked_div(quota)?);
    let to_target = round8(usdt.checked_div(target_price)?);
    let fee = round8(to_target * st.config.dust_convert_fee_rate);
    Some(Yield {
        to_quota,
        to_target,
        fee,
    })
}

/// The `targetAsset` sent, checked against the targets we simulate.
fn target_of(ctx: &Ctx, required: bool) -> Result<String, SimError> {
    let sent = if required {
        Some(ctx.params.req("targetAsset")?)
    } else {
        ctx.params.opt("targetAsset")?
    };
    let target = sent.unwrap_or(assumptions::DUST_CONVERT_DEFAULT_TARGET);
    let offered = assumptions::DUST_CONVERT_TARGETS.contains(&target)
        || target == assumptions::DUST_CONVERT_DEFAULT_TARGET;
    if !offered {
        let range = assumptions::DUST_CONVERT_TARGETS.join("|");
        return Err(SimError::new(
            assumptions::DUST_CONVERT_TARGET_NOT_SUPPORTED,
            &[&range],
        ));
    }
    Ok(target.to_owned())
}

fn common_checks(ctx: &Ctx) -> Result<(), SimError> {
    ctx.params.spot_account_type()?;
    if !assumptions::DUST_CONVERT_ACCEPTS_RECV_WINDOW && ctx.params.raw("recvWindow").is_some() {
        return Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["recvWindow", "not accepted"],
        ));
    }
    Ok(())
}

/// Why `asset` cannot be converted to `target` now, if it cannot (the classic rules,
/// binance.md §3.4, with the dust-convert threshold of assumptions.rs).
fn ineligible(st: &State, account: usize, asset: &str, target: &str) -> Option<SimError> {
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
    // BNB is a source here (the §2 example lists it); the target never is.
    let convertible = def.dust_convertible || asset == "BNB";
    if asset == target || def.listing != Listing::Listed || !convertible {
        return Some(SimError::new(
            assumptions::DUST_ASSET_NOT_SUPPORTED,
            &[asset],
        ));
    }
    match value(st, asset, free, target) {
        Some(v) if v.to_quota < base() => None,
        _ => Some(SimError::new(protocol::DUST_OVER_THRESHOLD, &[asset])),
    }
}

/// `POST /sapi/v1/asset/dust-convert/query-convertible-assets` (§2).
pub fn query_convertible(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    common_checks(ctx)?;
    let target = target_of(ctx, true)?;
    let idx = ctx.account()?;
    let acc = st
        .accounts
        .get(idx)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut details = Vec::new();
    let (mut total_quota, mut total_target) = (Decimal::ZERO, Decimal::ZERO);
    for (asset, free) in &acc.balances {
        if ineligible(st, idx, asset, &target).is_some() {
            continue;
        }
        let (Some(v), Some(def)) = (value(st, asset, *free, &target), st.market.asset(asset))
        else {
            continue;
        };
        total_quota += v.to_quota;
        total_target += v.to_target;
        details.push(json!({
            "asset": asset, "assetFullName": def.full_name, "amountFree": plain(*free),
            "exchange": plain(v.fee), "toQuotaAssetAmount": plain(v.to_quota),
            "toTargetAssetAmount": plain(v.to_target),
            "toTargetAssetOffExchange": plain(v.to_target - v.fee),
        }));
    }
    Ok(json!({
        "dribbletPercentage": plain(st.config.dust_convert_fee_rate),
        "totalTransferQuotaAssetAmount": plain(total_quota),
        "totalTransferTargetAssetAmount": plain(total_target),
        "dribbletBase": assumptions::DUST_CONVERT_BASE,
        "details": details,
    }))
}

/// The `clientId` sent, if any, in the format we chose (assumptions.rs).
fn client_id(ctx: &Ctx) -> Result<Option<String>, SimError> {
    let Some(id) = ctx.params.opt("clientId")? else {
        return Ok(None);
    };
    let ok = id.len() <= assumptions::DUST_CONVERT_CLIENT_ID_MAX_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !ok {
        return Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["clientId", protocol::CLIENT_ORDER_ID_RANGE],
        ));
    }
    Ok(Some(id.to_owned()))
}

/// `POST /sapi/v1/asset/dust-convert/convert` (§3): all or nothing, one `tranId` per call.
pub fn convert(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    common_checks(ctx)?;
    let idx = ctx.account()?;
    let target = target_of(ctx, false)?;
    let raw = ctx.params.req("asset")?;
    let id = client_id(ctx)?;
    if let Some(id) = &id {
        let first = st
            .accounts
            .get(idx)
            .and_then(|a| a.dust_convert_by_client_id.get(id).cloned());
        if let Some(first) = first {
            return match st.config.dust_convert_repeated_client_id {
                RepeatedClientId::ReturnsFirst => Ok(first),
                RepeatedClientId::Rejected => Err(SimError::new(
                    assumptions::DUST_CONVERT_DUPLICATE_CLIENT_ID,
                    &[id],
                )),
            };
        }
    }
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
    let mode = st.config.dust_convert_cooldown;
    let cooldown = ms(st.config.dust_cooldown);
    let last = st.accounts.get(idx).and_then(|a| match mode {
        DustConvertCooldown::Shared => a.last_dust_ms,
        DustConvertCooldown::Separate => a.last_dust_convert_ms,
        DustConvertCooldown::None => None,
    });
    if last.is_some_and(|t| ctx.now.saturating_sub(t) < cooldown) {
        return Err(SimError::of(protocol::DUST_COOLDOWN));
    }
    if let Some(e) = assets.iter().find_map(|a| ineligible(st, idx, a, &target)) {
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
        let v = value(st, a, free, &target)
            .ok_or_else(|| SimError::new(assumptions::DUST_ASSET_NOT_SUPPORTED, &[a]))?;
        let net = v.to_target - v.fee;
        let transfered = if assumptions::DUST_CONVERT_TRANSFERED_IS_GROSS {
            v.to_target
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
                target_asset: target.clone(),
            },
            net,
        ));
    }
    let in_log = st.config.dust_convert_in_dust_log;
    let acc = st
        .accounts
        .get_mut(idx)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut results = Vec::new();
    let (mut total, mut total_fee) = (Decimal::ZERO, Decimal::ZERO);
    for (d, net) in &lines {
        acc.add(&d.from_asset, -d.amount);
        acc.add(&target, *net);
        total += d.transfered;
        total_fee += d.fee;
        results.push(json!({
            "tranId": tran_id, "fromAsset": d.from_asset, "amount": plain(d.amount),
            "transferedAmount": plain(d.transfered), "serviceChargeAmount": plain(d.fee),
            "operateTime": ctx.now,
        }));
    }
    match mode {
        DustConvertCooldown::Shared => acc.last_dust_ms = Some(ctx.now),
        DustConvertCooldown::Separate => acc.last_dust_convert_ms = Some(ctx.now),
        DustConvertCooldown::None => {}
    }
    if in_log {
        acc.dust_log.push(DustBatch {
            trans_id: tran_id,
            operate_time: ctx.now,
            total_transfered: total,
            total_fee,
            details: lines.into_iter().map(|(d, _)| d).collect(),
        });
    }
    let answer = json!({
        "totalTransfered": plain(total),
        "totalServiceCharge": plain(total_fee),
        "transferResult": results,
    });
    if let Some(id) = id {
        acc.dust_convert_by_client_id.insert(id, answer.clone());
    }
    tracing::info!(tran_id, assets = assets.len(), %target, "sim dust-convert conversion");
    Ok(answer)
}
