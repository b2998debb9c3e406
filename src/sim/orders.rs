//! Spot orders: `POST /api/v3/order` (MARKET SELL only) and `GET /api/v3/order`, per
//! Binance spot REST docs (new order / query order); codes and messages from protocol.rs.
//!
//! Simulator choices: a market sell fills completely, in one fill, at the symbol's last
//! price (the ticker price, no slippage, no book); the commission is 0.1 % of the quote
//! received (the standard taker rate), charged in the quote asset and rounded up to 8 dp;
//! `cummulativeQuoteQty` is `quantity × price` truncated to 8 dp. A `newClientOrderId` is
//! unique among OPEN orders only (Binance spot REST docs, new order: "Orders with the same
//! `newClientOrderID` can be accepted only when the previous one is filled"): an id held by
//! an open order is refused with -2010 "Duplicate order sent."; a filled order's id may be
//! used again. A lookup by a reused id answers the latest order
//! ([`assumptions::QUERY_BY_REUSED_CLIENT_ID_FINDS_LATEST`]).

use crate::binance::assumptions;
use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;
use serde_json::{Value, json};

use super::market::fixed8;
use super::params::Ctx;
use super::params::SimError;
use super::state::{SpotOrderRec, State};
use crate::binance::protocol;

/// The taker commission the simulator charges (Binance's standard 0.1 %).
pub const SIM_TAKER_COMMISSION: Decimal = dec!(0.001);
/// LOT_SIZE maxQty, as `exchangeInfo` prints it for every simulated symbol.
const MAX_QTY: Decimal = dec!(9000000);

fn client_id_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= protocol::CLIENT_ORDER_ID_MAX_LEN
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn client_id(ctx: &Ctx, key: &str) -> Result<Option<String>, SimError> {
    match ctx.params.opt(key)? {
        None => Ok(None),
        Some(v) if client_id_ok(v) => Ok(Some(v.to_owned())),
        Some(_) => Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &[key, protocol::CLIENT_ORDER_ID_RANGE],
        )),
    }
}

fn on_step(qty: Decimal, min: Decimal, step: Decimal) -> bool {
    step.is_zero() || ((qty - min) % step).is_zero()
}

/// `POST /api/v3/order`: a MARKET SELL, filled at once.
pub fn new_order(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let account = ctx.account()?;
    let symbol = ctx.params.req("symbol")?;
    let side = ctx.params.req("side")?;
    let kind = ctx.params.req("type")?;
    if side != protocol::ORDER_SIDE_SELL {
        return Err(SimError::of(protocol::INVALID_SIDE));
    }
    if kind != protocol::ORDER_TYPE_MARKET {
        return Err(SimError::of(protocol::INVALID_ORDER_TYPE));
    }
    let qty = ctx
        .params
        .opt_amount("quantity")?
        .ok_or_else(|| SimError::new(protocol::MANDATORY_PARAM, &["quantity"]))?;
    let wanted_id = client_id(ctx, "newClientOrderId")?;
    let def = st
        .market
        .symbol(symbol)
        .ok_or_else(|| SimError::of(protocol::INVALID_SYMBOL))?
        .clone();
    if def.status != "TRADING" {
        return Err(SimError::of(protocol::MARKET_CLOSED));
    }
    let acct = st
        .accounts
        .get(account)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    if let Some(id) = &wanted_id
        && acct
            .spot_orders
            .iter()
            .any(|o| &o.client_order_id == id && o.is_open())
    {
        return Err(SimError::of(protocol::DUPLICATE_ORDER));
    }
    if qty < def.min_qty || qty > MAX_QTY || !on_step(qty, def.min_qty, def.step) {
        return Err(SimError::of(protocol::FILTER_LOT_SIZE));
    }
    let gross = qty * def.price;
    if gross < def.min_notional {
        return Err(SimError::of(protocol::FILTER_NOTIONAL));
    }
    if acct.free(def.base) < qty {
        return Err(SimError::of(protocol::ORDER_INSUFFICIENT_BALANCE));
    }
    let quote_qty = gross.round_dp_with_strategy(8, RoundingStrategy::ToZero);
    let commission = (quote_qty * SIM_TAKER_COMMISSION)
        .round_dp_with_strategy(8, RoundingStrategy::AwayFromZero);
    let order_id = st.order_id();
    let client_order_id = wanted_id.unwrap_or_else(|| format!("sim-{order_id}"));
    let rec = SpotOrderRec {
        symbol: def.symbol.clone(),
        order_id,
        client_order_id,
        price: def.price,
        qty,
        quote_qty,
        commission,
        commission_asset: def.quote.to_owned(),
        time: ctx.now,
        status: protocol::ORDER_STATUS_FILLED,
    };
    let acct = st
        .accounts
        .get_mut(account)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    acct.add(def.base, -qty);
    acct.add(def.quote, quote_qty - commission);
    acct.orders_placed += protocol::NEW_ORDER_ORDERS_COUNT;
    let mut out = order_json(&rec);
    out["transactTime"] = json!(rec.time);
    out["fills"] = json!([{
        "price": fixed8(rec.price), "qty": fixed8(rec.qty),
        "commission": fixed8(rec.commission), "commissionAsset": rec.commission_asset,
        "tradeId": rec.order_id % 1_000_000_000,
    }]);
    acct.spot_orders.push(rec);
    Ok(out)
}

fn order_json(o: &SpotOrderRec) -> Value {
    json!({
        "symbol": o.symbol, "orderId": o.order_id, "orderListId": -1,
        "clientOrderId": o.client_order_id, "price": "0.00000000",
        "origQty": fixed8(o.qty), "executedQty": fixed8(o.qty),
        "cummulativeQuoteQty": fixed8(o.quote_qty), "status": o.status,
        "timeInForce": "GTC", "type": protocol::ORDER_TYPE_MARKET,
        "side": protocol::ORDER_SIDE_SELL, "workingTime": o.time,
        "selfTradePreventionMode": "EXPIRE_MAKER",
    })
}

/// `GET /api/v3/order` by `orderId` or `origClientOrderId`: the order, or -2013.
pub fn query_order(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let account = ctx.account()?;
    let symbol = ctx.params.req("symbol")?;
    if st.market.symbol(symbol).is_none() {
        return Err(SimError::of(protocol::INVALID_SYMBOL));
    }
    let by_id = ctx.params.opt("orderId")?;
    let by_client = client_id(ctx, "origClientOrderId")?;
    if by_id.is_none() && by_client.is_none() {
        return Err(SimError::new(
            protocol::EITHER_PARAM,
            &["orderId", "origClientOrderId"],
        ));
    }
    let acct = st
        .accounts
        .get(account)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut orders: Vec<&SpotOrderRec> = acct.spot_orders.iter().collect();
    if assumptions::QUERY_BY_REUSED_CLIENT_ID_FINDS_LATEST {
        orders.reverse();
    }
    let found = orders.into_iter().find(|o| {
        o.symbol == symbol
            && by_id.is_none_or(|id| id == o.order_id.to_string())
            && by_client.as_deref().is_none_or(|c| c == o.client_order_id)
    });
    let o = found.ok_or_else(|| SimError::of(protocol::ORDER_DOES_NOT_EXIST))?;
    let mut out = order_json(o);
    out["time"] = json!(o.time);
    out["updateTime"] = json!(o.time);
    out["isWorking"] = json!(true);
    out["stopPrice"] = json!("0.00000000");
    out["icebergQty"] = json!("0.00000000");
    out["origQuoteOrderQty"] = json!("0.00000000");
    Ok(out)
}
