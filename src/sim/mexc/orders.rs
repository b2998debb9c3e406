//! Spot orders (mexc.md §7): a market sell fills at once at the last price, less the
//! taker commission; a limit order rests; the answer to a new order carries no fills and
//! the order is read back with `GET /api/v3/order`. Order ids are strings.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{Order, State, Symbol};
use crate::mexc::{assumptions, protocol as p};
use crate::sim::common::client_order_id_ok;

/// A checked order request.
struct Checked {
    symbol: Symbol,
    side: String,
    kind: String,
    qty: Decimal,
    price: Decimal,
    client_order_id: Option<String>,
}

/// The checks shared by `/order` and `/order/test`.
fn check(st: &State, ctx: &Ctx) -> Result<Checked, SimError> {
    let name = ctx.req("symbol")?;
    let symbol = st
        .market
        .get(name)
        .cloned()
        .ok_or_else(|| SimError::of(p::BAD_SYMBOL))?;
    if symbol.status != p::SYMBOL_ONLINE {
        return Err(SimError::of(p::TRADING_DISABLED));
    }
    let side = ctx.req("side")?.to_owned();
    if side != p::SIDE_SELL && side != p::SIDE_BUY {
        return Err(SimError::with(p::PARAM_ERROR, "side is invalid"));
    }
    let kind = ctx.req("type")?.to_owned();
    let qty = ctx
        .decimal("quantity")?
        .ok_or_else(|| SimError::with(p::PARAM_NULL, "quantity cannot be null"))?;
    if qty <= Decimal::ZERO || qty.normalize().scale() > symbol.base_precision {
        return Err(SimError::with(p::PARAM_ERROR, "quantity scale is invalid"));
    }
    let price = match kind.as_str() {
        p::TYPE_MARKET if side == p::SIDE_SELL => symbol.price,
        p::TYPE_LIMIT => ctx
            .decimal("price")?
            .filter(|v| *v > Decimal::ZERO)
            .ok_or_else(|| SimError::with(p::PARAM_NULL, "price cannot be null"))?,
        // Market buys and the other types are not simulated.
        _ => {
            return Err(SimError::with(
                p::PARAM_ERROR,
                "order type is not supported",
            ));
        }
    };
    let below = qty < symbol.min_qty
        || (assumptions::MARKET_SELL_MIN_CHECK && qty * price < symbol.min_amount);
    if below {
        return Err(SimError::with(
            p::BELOW_MIN,
            format!("{}{} USDT", p::BELOW_MIN.msg, symbol.min_amount.normalize()),
        ));
    }
    let client_order_id = ctx.opt("newClientOrderId").map(str::to_owned);
    if let Some(id) = &client_order_id
        && !client_order_id_ok(id, assumptions::CLIENT_ORDER_ID_MAX_LEN)
    {
        return Err(SimError::with(
            p::PARAM_ERROR,
            "newClientOrderId is invalid",
        ));
    }
    Ok(Checked {
        symbol,
        side,
        kind,
        qty,
        price,
        client_order_id,
    })
}

/// `POST /api/v3/order/test`: checks only, answers `{}`.
pub fn test_order(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    ctx.account()?;
    check(st, ctx)?;
    Ok(json!({}))
}

/// `POST /api/v3/order`.
pub fn new_order(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let c = check(st, ctx)?;
    if let Some(id) = &c.client_order_id
        && st.accounts[idx]
            .orders
            .iter()
            .any(|o| &o.client_order_id == id)
    {
        return Err(SimError::of(assumptions::DUPLICATE_CLIENT_ORDER_ID));
    }
    let base = c.symbol.base.clone();
    if c.side == p::SIDE_SELL && st.accounts[idx].free(&base) < c.qty {
        return Err(SimError::of(p::INSUFFICIENT_BALANCE));
    }
    if c.side == p::SIDE_BUY && st.accounts[idx].free("USDT") < c.qty * c.price {
        return Err(SimError::of(p::INSUFFICIENT_BALANCE));
    }
    let order_id = st.order_id();
    let client_order_id = c.client_order_id.clone().unwrap_or_else(|| {
        let hex = st.hex_id();
        format!("C02__{}", &hex[..16])
    });
    let mut order = Order {
        order_id: order_id.clone(),
        client_order_id,
        symbol: c.symbol.symbol.clone(),
        side: c.side.clone(),
        kind: c.kind.clone(),
        price: if c.kind == p::TYPE_MARKET {
            Decimal::ZERO
        } else {
            c.price
        },
        orig_qty: c.qty,
        executed_qty: Decimal::ZERO,
        quote_qty: Decimal::ZERO,
        status: "NEW".to_owned(),
        time: ctx.now,
    };
    if c.kind == p::TYPE_MARKET {
        let quote = (c.qty * c.price).round_dp_with_strategy(8, RoundingStrategy::ToZero);
        let commission_rate: Decimal = assumptions::TAKER_COMMISSION.parse().unwrap_or_default();
        let commission = (quote * commission_rate).round_dp(8);
        let a = &mut st.accounts[idx];
        a.add(&base, -c.qty);
        a.add("USDT", quote - commission);
        order.executed_qty = c.qty;
        order.quote_qty = quote;
        order.status = "FILLED".to_owned();
    }
    let answer = json!({
        "symbol": order.symbol,
        "orderId": order.order_id,
        "orderListId": -1,
        "price": s(order.price),
        "origQty": s(order.orig_qty),
        "type": order.kind,
        "side": order.side,
        "stpMode": "",
        "transactTime": ctx.now,
    });
    st.accounts[idx].orders.push(order);
    Ok(answer)
}

/// `GET /api/v3/order` by `orderId` or `origClientOrderId` (700004 without either; the
/// latest order with that client id; -2011 when none).
pub fn query_order(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    let by_id = ctx.opt("orderId");
    let by_client = ctx.opt("origClientOrderId");
    if by_id.is_none() && by_client.is_none() {
        return Err(SimError::of(p::MANDATORY_PARAM));
    }
    let symbol = ctx.opt("symbol");
    let o = st.accounts[idx]
        .orders
        .iter()
        .rev()
        .find(|o| {
            symbol.is_none_or(|s| s == o.symbol)
                && by_id.is_none_or(|id| id == o.order_id)
                && by_client.is_none_or(|id| id == o.client_order_id)
        })
        .ok_or_else(|| SimError::of(assumptions::ORDER_NOT_FOUND))?;
    Ok(json!({
        "symbol": o.symbol,
        "origClientOrderId": o.client_order_id,
        "orderId": o.order_id,
        "clientOrderId": o.client_order_id,
        "price": s(o.price),
        "origQty": s(o.orig_qty),
        "executedQty": s(o.executed_qty),
        "cummulativeQuoteQty": s(o.quote_qty),
        "status": o.status,
        "timeInForce": null,
        "type": o.kind,
        "side": o.side,
        "stopPrice": null,
        "time": o.time,
        "updateTime": o.time,
        "isWorking": true,
        "origQuoteOrderQty": "0",
        "orderListId": "-1",
    }))
}
