//! Spot market data and account endpoints (binance.md §5) plus apiRestrictions (§1).

use serde_json::{Value, json};

use super::market::{Listing, SymbolDef, fixed8, plain};
use super::params::Ctx;
use super::params::SimError;
use super::state::State;
use crate::binance::protocol;

/// `GET /api/v3/time`.
pub fn time(_: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    Ok(json!({ "serverTime": ctx.now }))
}

const SYMBOL_RANGE: &str = "^[A-Z0-9-_.]{1,20}$";
const SYMBOLS_RANGE: &str = "^\\[(\"[A-Z0-9-_.]{1,20}\"(,\"[A-Z0-9-_.]{1,20}\"){0,}){0,1}\\]$";

fn symbol_ok(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 20
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b"-_.".contains(&b))
}

/// What `symbol` / `symbols` asked for.
enum Selection<'a> {
    One(&'a SymbolDef),
    Many(Vec<&'a SymbolDef>),
}

fn select<'a>(st: &'a State, ctx: &Ctx) -> Result<Selection<'a>, SimError> {
    let one = ctx.params.opt("symbol")?;
    let many = ctx.params.opt("symbols")?;
    let lookup = |s: &str| {
        st.market
            .symbol(s)
            .ok_or_else(|| SimError::of(protocol::INVALID_SYMBOL))
    };
    match (one, many) {
        (Some(_), Some(_)) => Err(SimError::of(protocol::PARAM_COMBINATION_INVALID)),
        (Some(s), None) => {
            if !symbol_ok(s) {
                return Err(SimError::new(
                    protocol::ILLEGAL_CHARS,
                    &["symbol", SYMBOL_RANGE],
                ));
            }
            lookup(s).map(Selection::One)
        }
        (None, Some(list)) => {
            let bad = || SimError::new(protocol::ILLEGAL_CHARS, &["symbols", SYMBOLS_RANGE]);
            let names: Vec<String> = serde_json::from_str(list).map_err(|_| bad())?;
            if names.is_empty() || names.len() > 100 || !names.iter().all(|n| symbol_ok(n)) {
                return Err(bad());
            }
            names
                .iter()
                .map(|n| lookup(n))
                .collect::<Result<Vec<_>, _>>()
                .map(Selection::Many)
        }
        (None, None) => Ok(Selection::Many(st.market.symbols().iter().collect())),
    }
}

fn symbol_info(s: &SymbolDef) -> Value {
    let lot = |t: &str| {
        json!({"filterType": t, "minQty": fixed8(s.min_qty), "maxQty": "9000000.00000000",
               "stepSize": fixed8(s.step)})
    };
    json!({
        "symbol": s.symbol, "status": s.status, "baseAsset": s.base, "baseAssetPrecision": 8,
        "quoteAsset": s.quote, "quotePrecision": 8, "quoteAssetPrecision": 8,
        "baseCommissionPrecision": 8, "quoteCommissionPrecision": 8,
        "orderTypes": ["LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS_LIMIT", "TAKE_PROFIT_LIMIT"],
        "icebergAllowed": true, "ocoAllowed": true, "otoAllowed": true,
        "quoteOrderQtyMarketAllowed": true, "allowTrailingStop": true,
        "cancelReplaceAllowed": true, "isSpotTradingAllowed": true,
        "isMarginTradingAllowed": false,
        "filters": [
            {"filterType": "PRICE_FILTER", "minPrice": "0.00000001", "maxPrice": "1000000.00000000",
             "tickSize": "0.00000001"},
            lot("LOT_SIZE"),
            lot("MARKET_LOT_SIZE"),
            {"filterType": "NOTIONAL", "minNotional": fixed8(s.min_notional),
             "applyMinToMarket": true, "maxNotional": "9000000.00000000",
             "applyMaxToMarket": false, "avgPriceMins": 5},
        ],
        "permissions": [], "permissionSets": [["SPOT"]],
        "defaultSelfTradePreventionMode": "EXPIRE_MAKER",
        "allowedSelfTradePreventionModes": ["EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"],
    })
}

/// `GET /api/v3/exchangeInfo` (symbol | symbols | none; symbolStatus filter).
pub fn exchange_info(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let status = ctx.params.opt("symbolStatus")?;
    // The filter's documented values (rest-api.md exchangeInfo `symbolStatus`).
    if let Some(s) = status
        && ![
            protocol::SYMBOL_STATUS_TRADING,
            protocol::SYMBOL_STATUS_HALT,
            protocol::SYMBOL_STATUS_BREAK,
        ]
        .contains(&s)
    {
        return Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["symbolStatus", "TRADING|HALT|BREAK"],
        ));
    }
    let list = match select(st, ctx)? {
        Selection::One(s) => vec![s],
        Selection::Many(v) => v,
    };
    let symbols: Vec<Value> = list
        .into_iter()
        .filter(|s| status.is_none_or(|st| st == s.status))
        .map(symbol_info)
        .collect();
    let limit = st.config.limits.api_weight_1m;
    Ok(json!({
        "timezone": "UTC",
        "serverTime": ctx.now,
        "rateLimits": [
            {"rateLimitType": "REQUEST_WEIGHT", "interval": "MINUTE", "intervalNum": 1, "limit": limit},
            {"rateLimitType": "ORDERS", "interval": "SECOND", "intervalNum": 10, "limit": 100},
            {"rateLimitType": "ORDERS", "interval": "DAY", "intervalNum": 1, "limit": 200000},
            {"rateLimitType": "RAW_REQUESTS", "interval": "MINUTE", "intervalNum": 5, "limit": 61000},
        ],
        "exchangeFilters": [],
        "symbols": symbols,
    }))
}

fn price(s: &SymbolDef) -> Value {
    json!({"symbol": s.symbol, "price": fixed8(s.price)})
}

/// `GET /api/v3/ticker/price`.
pub fn ticker_price(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    Ok(match select(st, ctx)? {
        Selection::One(s) => price(s),
        Selection::Many(v) => Value::Array(v.into_iter().map(price).collect()),
    })
}

/// One `ticker/24hr` entry. The simulated market has fixed prices and no trades, so the
/// window's open/high/low/last are all the price, nothing changed, and no trade happened
/// (`count` 0, trade ids -1, as Binance shows for a symbol without trades in the window).
fn ticker_24hr_entry(s: &SymbolDef, now: i64, mini: bool) -> Value {
    let p = fixed8(s.price);
    let zero = "0.00000000";
    let mut v = json!({
        "symbol": s.symbol, "openPrice": p, "highPrice": p, "lowPrice": p, "lastPrice": p,
        "volume": zero, "quoteVolume": zero,
        "openTime": now.saturating_sub(86_400_000), "closeTime": now,
        "firstId": -1, "lastId": -1, "count": 0,
    });
    if !mini {
        for (k, val) in [
            ("priceChange", zero),
            ("priceChangePercent", "0.000"),
            ("weightedAvgPrice", p.as_str()),
            ("prevClosePrice", p.as_str()),
            ("lastQty", zero),
            ("bidPrice", p.as_str()),
            ("bidQty", zero),
            ("askPrice", p.as_str()),
            ("askQty", zero),
        ] {
            v[k] = Value::String(val.to_string());
        }
    }
    v
}

/// `GET /api/v3/ticker/24hr` (symbol | symbols | none; type FULL | MINI).
pub fn ticker_24hr(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let mini = match ctx.params.opt("type")? {
        None | Some("FULL") => false,
        Some("MINI") => true,
        Some(_) => {
            return Err(SimError::new(
                protocol::ILLEGAL_CHARS,
                &["type", "FULL|MINI"],
            ));
        }
    };
    Ok(match select(st, ctx)? {
        Selection::One(s) => ticker_24hr_entry(s, ctx.now, mini),
        Selection::Many(v) => Value::Array(
            v.into_iter()
                .map(|s| ticker_24hr_entry(s, ctx.now, mini))
                .collect(),
        ),
    })
}

/// `GET /api/v3/account` (omitZeroBalances).
pub fn account(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let omit = ctx.params.opt_bool("omitZeroBalances")?.unwrap_or(false);
    let acc = st
        .accounts
        .get(ctx.account()?)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let mut names: Vec<&str> = st.market.assets().iter().map(|a| a.asset).collect();
    for held in acc.balances.keys() {
        if !names.contains(&held.as_str()) {
            names.push(held);
        }
    }
    let balances: Vec<Value> = names
        .into_iter()
        .map(|a| (a, acc.free(a)))
        .filter(|(_, free)| !omit || !free.is_zero())
        .map(|(a, free)| json!({"asset": a, "free": fixed8(free), "locked": "0.00000000"}))
        .collect();
    let trade = acc.spec.permissions.spot_trading;
    Ok(json!({
        "makerCommission": 10, "takerCommission": 10, "buyerCommission": 0, "sellerCommission": 0,
        "commissionRates": {"maker": "0.00100000", "taker": "0.00100000",
                            "buyer": "0.00000000", "seller": "0.00000000"},
        "canTrade": trade, "canWithdraw": acc.spec.permissions.withdrawals, "canDeposit": true,
        "brokered": false, "requireSelfTradePrevention": false, "preventSor": false,
        "updateTime": ctx.now, "accountType": "SPOT", "balances": balances,
        "permissions": ["SPOT"], "uid": acc.spec.uid,
    }))
}

/// `POST /sapi/v3/asset/getUserAsset` (asset, needBtcValuation): positive balances only.
pub fn user_asset(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let wanted: Option<Vec<&str>> = ctx.params.opt("asset")?.map(|a| a.split(',').collect());
    if let Some(w) = &wanted
        && !w.iter().all(|a| super::dust::asset_ok(a))
    {
        return Err(SimError::new(
            protocol::ILLEGAL_CHARS,
            &["asset", "^[A-Z0-9]{1,20}$"],
        ));
    }
    let valuation = ctx.params.opt_bool("needBtcValuation")?.unwrap_or(false);
    let acc = st
        .accounts
        .get(ctx.account()?)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let list: Vec<Value> = acc
        .balances
        .iter()
        .filter(|(a, v)| {
            v.is_sign_positive()
                && !v.is_zero()
                && wanted.as_ref().is_none_or(|w| w.contains(&a.as_str()))
        })
        .map(|(a, v)| {
            let mut o = json!({"asset": a, "free": plain(*v), "locked": "0", "freeze": "0",
                               "withdrawing": "0", "ipoable": "0"});
            if valuation {
                // Delisted and pre-market tokens have no live price: valued at zero.
                let btc = st
                    .market
                    .asset(a)
                    .filter(|d| d.listing == Listing::Listed)
                    .and_then(|_| st.market.to_btc(a, *v))
                    .unwrap_or_default();
                o["btcValuation"] = Value::String(plain(btc));
            }
            o
        })
        .collect();
    Ok(Value::Array(list))
}

/// `GET /sapi/v1/account/apiRestrictions` (binance.md §1 permission flags).
pub fn api_restrictions(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let acc = st
        .accounts
        .get(ctx.account()?)
        .ok_or_else(|| SimError::of(protocol::INVALID_API_KEY_IP_OR_PERMISSIONS))?;
    let p = acc.spec.permissions;
    Ok(json!({
        "ipRestrict": !acc.spec.ip_whitelist.is_empty(),
        "createTime": acc.created_ms,
        "enableReading": p.reading,
        "enableSpotAndMarginTrading": p.spot_trading,
        "enableWithdrawals": p.withdrawals,
        "enableInternalTransfer": false,
        "enableMargin": false,
        "enableFutures": false,
        "permitsUniversalTransfer": false,
        "enableVanillaOptions": false,
        "enableFixApiTrade": false,
        "enableFixReadOnly": false,
        "enablePortfolioMarginTrading": false,
    }))
}
