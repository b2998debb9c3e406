//! Convert Small Balances (bybit.md §6): the list (coins under 10 USDT), the quote (at most
//! 20 coins, one target, valid 30 s, 1e-8 to 200 USDT in total), the execution (accepted
//! `processing`, finished later by the sim clock: success, partial fulfilment or failure)
//! and the paged history.

use std::collections::BTreeSet;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{Leg, Record, SimQuote, State};
use crate::bybit::{assumptions, protocol as p};

fn limit(v: &str) -> Decimal {
    v.parse().unwrap_or_default()
}

fn check_account_type(ctx: &Ctx, required: bool) -> Result<(), SimError> {
    match ctx.opt("accountType") {
        Some(p::CONVERT_ACCOUNT_UTA) => Ok(()),
        None if !required => Ok(()),
        Some("eb_convert_funding") if !required => Ok(()),
        _ => Err(SimError::of(p::CONVERT_PARAMS_ERROR)),
    }
}

/// A coin's USDT value if it converts now: a trading market and under 10 USDT.
fn value_of(st: &State, idx: usize, coin: &str) -> Option<Decimal> {
    let bal = st.accounts[idx].free(coin);
    let price = st.usdt_price(coin)?;
    let value = bal * price;
    (bal > Decimal::ZERO && value < limit(p::SMALL_BALANCE_MAX_COIN_USDT)).then_some(value)
}

/// `GET /v5/asset/covert/small-balance-list?accountType=eb_convert_uta[&fromCoin=]`.
pub fn list(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    check_account_type(ctx, true)?;
    let mut coins = Vec::new();
    for (coin, bal) in &st.accounts[idx].balances {
        if *bal <= Decimal::ZERO || ctx.opt("fromCoin").is_some_and(|f| f != coin) {
            continue;
        }
        let (support, value) = match (st.usdt_price(coin), value_of(st, idx, coin)) {
            (_, Some(v)) => (p::SUPPORT_CONVERT_YES, v),
            // Priced at 10 USDT or more: not small.
            (Some(_), None) => continue,
            (None, _) => (p::SUPPORT_CONVERT_NO, Decimal::ZERO),
        };
        coins.push(json!({
            "fromCoin": coin, "supportConvert": support, "availableBalance": s(*bal),
            "baseValue": s(value.round_dp(11)), "toCoin": "", "toAmount": "",
            "exchangeRate": "", "feeInfo": null, "taxFeeInfo": null,
        }));
    }
    Ok(json!({"smallAssetCoins": coins, "supportToCoins": p::SMALL_BALANCE_TARGETS}))
}

fn no_tax() -> Value {
    json!({"totalAmount": "0", "feeCoin": "", "taxFeeItems": []})
}

/// `POST /v5/asset/covert/get-quote` `{accountType, fromCoinList, toCoin}`.
pub fn quote(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    check_account_type(ctx, true)?;
    let to = ctx.req("toCoin")?.to_owned();
    if !p::SMALL_BALANCE_TARGETS.contains(&to.as_str()) {
        return Err(SimError::with(
            p::CONVERT_PARAMS_ERROR,
            "toCoin is not supported",
        ));
    }
    let mut seen = BTreeSet::new();
    let coins: Vec<String> = ctx
        .lists
        .get("fromCoinList")
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter(|c| seen.insert(c.clone()))
        .collect();
    if coins.is_empty() {
        return Err(SimError::with(
            p::CONVERT_PARAMS_ERROR,
            "fromCoinList is required",
        ));
    }
    if coins.len() > assumptions::MAX_COINS_PER_QUOTE {
        return Err(SimError::code(
            assumptions::TOO_MANY_COINS_CODE,
            p::CONVERT_PARAMS_ERROR.msg,
        ));
    }
    let to_price = st.usdt_price(&to).unwrap_or(Decimal::ONE);
    let rate = st.config.fee_rate;
    let mut legs = Vec::new();
    for coin in &coins {
        if coin == &to {
            return Err(SimError::of(p::CONVERT_COIN_UNSUPPORTED));
        }
        if st.accounts[idx].free(coin) <= Decimal::ZERO {
            return Err(SimError::of(p::CONVERT_INSUFFICIENT));
        }
        let value =
            value_of(st, idx, coin).ok_or_else(|| SimError::of(p::CONVERT_COIN_UNSUPPORTED))?;
        let amount = st.accounts[idx].free(coin);
        let gross = (value / to_price).round_dp_with_strategy(12, RoundingStrategy::ToZero);
        let fee = (gross * rate).round_dp(14);
        let net = gross - fee;
        legs.push(Leg {
            coin: coin.clone(),
            amount,
            usdt: value,
            to_amount: net,
            fee,
            rate: (net / amount).round_dp(14),
            status: p::STATUS_PROCESSING,
        });
    }
    let total: Decimal = legs.iter().map(|l| l.usdt).sum();
    if total < limit(p::SMALL_BALANCE_MIN_TOTAL_USDT) {
        return Err(SimError::of(p::CONVERT_LOW_AMOUNT));
    }
    if total > limit(p::SMALL_BALANCE_MAX_TOTAL_USDT) {
        return Err(SimError::of(p::CONVERT_LARGE_AMOUNT));
    }
    let id = st.quote_id();
    let q = SimQuote {
        account: idx,
        to_coin: to.clone(),
        legs,
        created: ctx.now,
        expires: ctx.now + assumptions::QUOTE_VALIDITY_MS - 1,
        used: false,
    };
    let fee_info =
        |amount: Decimal| json!({"feeCoin": to, "amount": s(amount), "feeRate": s(rate)});
    let coins_json: Vec<Value> = q
        .legs
        .iter()
        .map(|l| {
            json!({
                "fromCoin": l.coin, "supportConvert": p::SUPPORT_CONVERT_YES,
                "availableBalance": s(l.amount), "baseValue": s(l.usdt.round_dp(11)),
                "toCoin": to, "toAmount": s(l.to_amount), "exchangeRate": s(l.rate),
                "feeInfo": fee_info(l.fee), "taxFeeInfo": no_tax(),
            })
        })
        .collect();
    let answer = json!({
        "quoteId": id,
        "result": {
            "quoteCreateTime": q.created.to_string(),
            "quoteExpireTime": q.expires.to_string(),
            "exchangeCoins": coins_json,
            "totalFeeInfo": fee_info(q.legs.iter().map(|l| l.fee).sum()),
            "totalTaxFeeInfo": no_tax(),
        }
    });
    st.quotes.insert(id, q);
    Ok(answer)
}

/// `POST /v5/asset/covert/small-balance-execute` `{quoteId}`: the coins leave the wallet
/// now; the record stays `processing` for `execution_ms` of the sim clock.
pub fn execute(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let id = ctx.req("quoteId")?.to_owned();
    let q = st
        .quotes
        .get(&id)
        .filter(|q| q.account == idx)
        .cloned()
        .ok_or_else(|| SimError::of(p::CONVERT_ORDER_NOT_EXIST))?;
    if q.used {
        return Err(SimError::code(
            assumptions::QUOTE_REUSED_CODE,
            p::CONVERT_QUOTE_USED.msg,
        ));
    }
    if ctx.now > q.expires {
        return Err(SimError::code(
            assumptions::EXPIRED_QUOTE_CODE,
            p::CONVERT_PRICE_TIMEOUT.msg,
        ));
    }
    let acct = &mut st.accounts[idx];
    if acct
        .records
        .iter()
        .any(|r| r.status == p::STATUS_PROCESSING)
    {
        return Err(SimError::of(p::CONVERT_PROCESSING));
    }
    let mut legs = q.legs.clone();
    for l in &mut legs {
        // "actual executed amounts may be less than your available balance" (§6.2).
        let have = acct.free(&l.coin);
        if have < l.amount {
            let part = if l.amount.is_zero() {
                Decimal::ZERO
            } else {
                have / l.amount
            };
            l.to_amount = (l.to_amount * part).round_dp(14);
            l.fee = (l.fee * part).round_dp(14);
            l.amount = have;
        }
        acct.add(&l.coin, -l.amount);
    }
    acct.records.push(Record {
        id: id.clone(),
        to_coin: q.to_coin.clone(),
        legs,
        status: p::STATUS_PROCESSING,
        created: ctx.now,
        finishes: ctx.now + st.config.execution_ms,
        outcome: st.config.execution,
    });
    if let Some(q) = st.quotes.get_mut(&id) {
        q.used = true;
    }
    Ok(json!({
        "quoteId": id, "exchangeTxId": id, "submitTime": ctx.now.to_string(),
        "status": p::STATUS_PROCESSING, "msg": "",
    }))
}

fn record_json(r: &Record) -> Value {
    let subs: Vec<Value> = r
        .legs
        .iter()
        .map(|l| {
            json!({
                "fromCoin": l.coin, "fromAmount": s(l.amount), "toCoin": r.to_coin,
                "toAmount": s(l.to_amount), "feeCoin": r.to_coin, "feeAmount": s(l.fee),
                "status": l.status, "taxFeeInfo": no_tax(),
            })
        })
        .collect();
    let done: Vec<&Leg> = r
        .legs
        .iter()
        .filter(|l| l.status != p::STATUS_FAILURE)
        .collect();
    json!({
        "accountType": p::CONVERT_ACCOUNT_UTA,
        "exchangeTxId": r.id,
        "toCoin": r.to_coin,
        "toAmount": s(done.iter().map(|l| l.to_amount).sum()),
        "subRecords": subs,
        "status": r.status,
        "createdAt": r.created.to_string(),
        "exchangeSource": "small_asset_uta",
        "feeCoin": r.to_coin,
        "totalFeeAmount": s(done.iter().map(|l| l.fee).sum()),
        "totalTaxFeeInfo": no_tax(),
    })
}

/// `GET /v5/asset/covert/small-balance-history`: newest first, by `quoteId` ("highest
/// priority") or by time, `cursor` a page number from 1, `size` 50 by default, at most 100.
pub fn history(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    check_account_type(ctx, false)?;
    let size = ctx.int("size")?.unwrap_or(50);
    let page = ctx
        .int("cursor")?
        .unwrap_or(i64::from(assumptions::HISTORY_FIRST_PAGE));
    if !(1..=i64::from(p::HISTORY_MAX_SIZE)).contains(&size)
        || page < i64::from(assumptions::HISTORY_FIRST_PAGE)
    {
        return Err(SimError::of(p::CONVERT_PARAMS_ERROR));
    }
    let (start, end) = (ctx.int("startTime")?, ctx.int("endTime")?);
    let by_quote = ctx.opt("quoteId");
    let mut rows: Vec<&Record> = st.accounts[idx]
        .records
        .iter()
        .filter(|r| match by_quote {
            Some(q) => r.id == q,
            None => start.is_none_or(|t| r.created >= t) && end.is_none_or(|t| r.created <= t),
        })
        .collect();
    if assumptions::HISTORY_NEWEST_FIRST {
        rows.reverse();
    }
    let total = rows.len();
    let size_u = usize::try_from(size).unwrap_or(50);
    let skip = usize::try_from(page - i64::from(assumptions::HISTORY_FIRST_PAGE))
        .unwrap_or(0)
        .saturating_mul(size_u);
    let records: Vec<Value> = rows
        .into_iter()
        .skip(skip)
        .take(size_u)
        .map(record_json)
        .collect();
    let last = skip + size_u >= total;
    Ok(json!({
        "cursor": page.to_string(),
        "size": size.to_string(),
        "lastPage": last.to_string(),
        "totalCount": total.to_string(),
        "records": records,
    }))
}
