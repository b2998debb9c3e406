//! Spot orders (bybit.md §8): a market sell in base units fills at once at the last price,
//! less the taker fee in USDT; the answer only acknowledges (`orderId`, `orderLinkId`) and
//! the order is read back with `GET /v5/order/realtime`.

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{Order, State, TAKER_FEE};
use crate::bybit::protocol as p;
use crate::sim::common::client_order_id_ok;

/// `POST /v5/order/create` (spot market sells only).
pub fn create(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    ctx.spot()?;
    let name = ctx.req("symbol")?;
    let sym = st
        .market
        .get(name)
        .cloned()
        .ok_or_else(|| SimError::of(p::INVALID_SYMBOL))?;
    if sym.status != p::SYMBOL_TRADING {
        return Err(SimError::of(p::NOT_API_TRADABLE));
    }
    if ctx.req("side")? != p::SIDE_SELL || ctx.req("orderType")? != p::ORDER_MARKET {
        return Err(SimError::with(
            p::PARAM_NOT_VALID,
            "only spot market sells are simulated",
        ));
    }
    if ctx.opt("marketUnit").unwrap_or(p::MARKET_UNIT_BASE) != p::MARKET_UNIT_BASE {
        return Err(SimError::with(
            p::PARAM_NOT_VALID,
            "marketUnit is not valid",
        ));
    }
    let qty: Decimal = ctx
        .req("qty")?
        .parse()
        .map_err(|_| SimError::with(p::PARAM_NOT_VALID, "qty is not valid"))?;
    if qty <= Decimal::ZERO {
        return Err(SimError::with(p::PARAM_NOT_VALID, "qty is not valid"));
    }
    if qty.normalize().scale() > sym.step.normalize().scale() {
        return Err(SimError::of(p::QTY_DECIMALS));
    }
    if qty < sym.min_qty {
        return Err(SimError::of(p::QTY_BELOW_MIN));
    }
    let min_amt: Decimal = super::state::MIN_ORDER_AMT.parse().unwrap_or_default();
    if qty * sym.price < min_amt {
        return Err(SimError::of(p::VALUE_BELOW_MIN));
    }
    let link = match ctx.opt("orderLinkId") {
        Some(id) if !client_order_id_ok(id, p::ORDER_LINK_ID_MAX_LEN) => {
            return Err(SimError::with(p::PARAM_ERROR, "orderLinkId is invalid"));
        }
        Some(id) => id.to_owned(),
        None => String::new(),
    };
    let acct = &st.accounts[idx];
    if !link.is_empty() && acct.orders.iter().any(|o| o.order_link_id == link) {
        return Err(SimError::of(p::DUPLICATE_CLIENT_ORDER_ID));
    }
    if acct.free(&sym.base) < qty {
        return Err(SimError::of(p::BALANCE_INSUFFICIENT));
    }
    let order_id = st.order_id();
    let value = (qty * sym.price).round_dp_with_strategy(8, RoundingStrategy::ToZero);
    let fee_rate: Decimal = TAKER_FEE.parse().unwrap_or_default();
    let fee = (value * fee_rate).round_dp(8);
    let acct = &mut st.accounts[idx];
    acct.add(&sym.base, -qty);
    acct.add("USDT", value - fee);
    acct.orders.push(Order {
        order_id: order_id.clone(),
        order_link_id: link.clone(),
        symbol: sym.symbol,
        qty,
        exec_qty: qty,
        exec_value: value,
        fee,
        status: p::ORDER_FILLED,
        time: ctx.now,
    });
    Ok(json!({"orderId": order_id, "orderLinkId": link}))
}

fn order_json(o: &Order) -> Value {
    let avg = if o.exec_qty.is_zero() {
        json!("")
    } else {
        s((o.exec_value / o.exec_qty).round_dp(8))
    };
    // No `tpslMode` for spot (bybit.md §8: ccxt reads its presence as "contract").
    json!({
        "orderId": o.order_id, "orderLinkId": o.order_link_id, "blockTradeId": "",
        "symbol": o.symbol, "price": "0", "qty": s(o.qty), "side": p::SIDE_SELL,
        "isLeverage": "0", "positionIdx": 0, "orderStatus": o.status, "cancelType": "UNKNOWN",
        "rejectReason": "EC_NoError", "avgPrice": avg, "leavesQty": "0", "leavesValue": "0",
        "cumExecQty": s(o.exec_qty), "cumExecValue": s(o.exec_value),
        "cumExecFee": s(o.fee), "cumFeeDetail": {"USDT": s(o.fee).as_str().unwrap_or("0")},
        "timeInForce": "IOC", "orderType": p::ORDER_MARKET, "stopOrderType": "",
        "orderIv": "", "marketUnit": p::MARKET_UNIT_BASE, "triggerPrice": "0",
        "takeProfit": "0", "stopLoss": "0", "tpTriggerBy": "", "slTriggerBy": "",
        "triggerDirection": 0, "triggerBy": "", "lastPriceOnCreated": "",
        "basePrice": "", "reduceOnly": false, "closeOnTrigger": false, "placeType": "",
        "smpType": "None", "smpGroup": 0, "smpOrderId": "",
        "createdTime": o.time.to_string(), "updatedTime": o.time.to_string(),
    })
}

/// `GET /v5/order/realtime?category=spot[&symbol][&orderId][&orderLinkId]`: by id the
/// order whatever its state; otherwise (`openOnly` 0, the default) open orders only, which
/// a filled market order is not. An unknown id is an empty list.
pub fn realtime(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    ctx.spot()?;
    let by_id = ctx.opt("orderId");
    let by_link = ctx.opt("orderLinkId");
    let closed_too = by_id.is_some() || by_link.is_some() || ctx.opt("openOnly") == Some("1");
    let list: Vec<Value> = st.accounts[idx]
        .orders
        .iter()
        .rev()
        .filter(|o| ctx.opt("symbol").is_none_or(|s| s == o.symbol))
        .filter(|o| by_id.is_none_or(|id| id == o.order_id))
        .filter(|o| by_link.is_none_or(|id| id == o.order_link_id))
        .filter(|o| closed_too || o.status != p::ORDER_FILLED)
        .take(50)
        .map(order_json)
        .collect();
    Ok(json!({"category": "spot", "nextPageCursor": "", "list": list}))
}
