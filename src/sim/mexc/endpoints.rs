//! Market data and account endpoints of the MEXC simulator (mexc.md §4, §5, §8).

use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{State, Symbol};
use crate::mexc::protocol as p;

/// `GET /api/v3/ping`.
pub fn ping(_: &mut State, _: &Ctx) -> Result<Value, SimError> {
    Ok(json!({}))
}

/// `GET /api/v3/time`: a JSON number (mexc.md §4).
pub fn time(_: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    Ok(json!({"serverTime": ctx.now}))
}

fn symbol_json(sym: &Symbol) -> Value {
    json!({
        "symbol": sym.symbol,
        "status": sym.status,
        "baseAsset": sym.base,
        "baseAssetPrecision": sym.base_precision,
        "quoteAsset": "USDT",
        "quotePrecision": 8,
        "quoteAssetPrecision": 8,
        "baseCommissionPrecision": sym.base_precision,
        "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT", "MARKET", "LIMIT_MAKER"],
        "quoteOrderQtyMarketAllowed": true,
        "isSpotTradingAllowed": true,
        "isMarginTradingAllowed": false,
        "quoteAmountPrecision": s(sym.min_amount),
        "baseSizePrecision": s(sym.min_qty),
        "permissions": ["SPOT"],
        "filters": [],
        "maxQuoteAmount": "2000000",
        "makerCommission": "0",
        "takerCommission": crate::mexc::assumptions::TAKER_COMMISSION,
        "quoteAmountPrecisionMarket": s(sym.min_amount),
        "maxQuoteAmountMarket": "100000",
        "fullName": sym.base,
        "tradeSideType": 1,
    })
}

/// `GET /api/v3/exchangeInfo` (all, `symbol=` or `symbols=A,B`).
pub fn exchange_info(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let wanted: Option<Vec<String>> = ctx
        .opt("symbol")
        .or(ctx.opt("symbols"))
        .map(|v| v.split(',').map(str::to_owned).collect());
    let mut symbols = Vec::new();
    for sym in st.market.values() {
        if wanted.as_ref().is_none_or(|w| w.contains(&sym.symbol)) {
            symbols.push(symbol_json(sym));
        }
    }
    if wanted.is_some() && symbols.is_empty() {
        return Err(SimError::of(p::BAD_SYMBOL));
    }
    Ok(json!({
        "timezone": "CST",
        "serverTime": ctx.now,
        "rateLimits": [],
        "exchangeFilters": [],
        "symbols": symbols,
    }))
}

/// `GET /api/v3/defaultSymbols` and `/selfSymbols`: `{"code":200,"data":[…],"msg":null}`.
pub fn default_symbols(st: &mut State, _: &Ctx) -> Result<Value, SimError> {
    let data: Vec<&str> = st
        .market
        .values()
        .filter(|s| s.status == p::SYMBOL_ONLINE)
        .map(|s| s.symbol.as_str())
        .collect();
    Ok(json!({"code": 200, "data": data, "msg": null}))
}

fn one_symbol<'a>(st: &'a State, ctx: &Ctx) -> Result<Option<&'a Symbol>, SimError> {
    match ctx.opt("symbol") {
        None => Ok(None),
        Some(name) => st
            .market
            .get(name)
            .map(Some)
            .ok_or_else(|| SimError::of(p::BAD_SYMBOL)),
    }
}

/// `GET /api/v3/ticker/price`.
pub fn ticker_price(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let row = |sym: &Symbol| json!({"symbol": sym.symbol, "price": s(sym.price)});
    Ok(match one_symbol(st, ctx)? {
        Some(sym) => row(sym),
        None => Value::Array(st.market.values().map(row).collect()),
    })
}

/// `GET /api/v3/ticker/24hr`: string prices, `""` quantities, null volume and count, as
/// the docs' example (mexc.md §4).
pub fn ticker_24hr(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let now = ctx.now;
    let row = |sym: &Symbol| {
        json!({
            "symbol": sym.symbol,
            "priceChange": "0",
            "priceChangePercent": "0",
            "prevClosePrice": s(sym.price),
            "lastPrice": s(sym.price),
            "bidPrice": s(sym.price),
            "bidQty": "",
            "askPrice": s(sym.price),
            "askQty": "",
            "openPrice": s(sym.price),
            "highPrice": s(sym.price),
            "lowPrice": s(sym.price),
            "volume": "0",
            "quoteVolume": null,
            "openTime": now - 86_400_000,
            "closeTime": now,
            "count": null,
        })
    };
    Ok(match one_symbol(st, ctx)? {
        Some(sym) => row(sym),
        None => Value::Array(st.market.values().map(row).collect()),
    })
}

/// `GET /api/v1/contract/detail`: no futures here (mexc.md §8).
pub fn contract_detail(_: &mut State, _: &Ctx) -> Result<Value, SimError> {
    Ok(json!({"success": true, "code": 0, "data": []}))
}

/// `GET /api/v3/capital/config/getall`: ccxt accepts `[]` (mexc.md §8).
pub fn capital_config(_: &mut State, _: &Ctx) -> Result<Value, SimError> {
    Ok(json!([]))
}

/// `GET /api/v3/account` (mexc.md §5): zero balances omitted, strings for amounts.
pub fn account(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let a = &st.accounts[ctx.account()?];
    let balances: Vec<Value> = a
        .balances
        .iter()
        .filter(|(_, v)| !v.is_zero())
        .map(|(asset, v)| json!({"asset": asset, "free": s(*v), "locked": "0"}))
        .collect();
    Ok(json!({
        "makerCommission": null,
        "takerCommission": null,
        "buyerCommission": null,
        "sellerCommission": null,
        "canTrade": a.spec.permissions.spot_trading,
        "canWithdraw": a.spec.permissions.withdrawals,
        "canDeposit": true,
        "updateTime": null,
        "accountType": "SPOT",
        "balances": balances,
        "permissions": ["SPOT"],
    }))
}
