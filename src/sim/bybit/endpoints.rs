//! Market data and account endpoints of the Bybit simulator (bybit.md §4, §5, §9).

use serde_json::{Value, json};

use super::ctx::{Ctx, SimError, s};
use super::state::{MIN_ORDER_AMT, State, Symbol, read_write};
use crate::bybit::protocol as p;

/// `GET /v5/market/time`: strings in `result`, the envelope's `time` a number.
pub fn time(_: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    Ok(json!({
        "timeSecond": (ctx.now / 1000).to_string(),
        "timeNano": (i128::from(ctx.now) * 1_000_000).to_string(),
    }))
}

fn instrument(sym: &Symbol) -> Value {
    json!({
        "symbol": sym.symbol,
        "baseCoin": sym.base,
        "quoteCoin": "USDT",
        "innovation": "0",
        "symbolType": "",
        "status": sym.status,
        "marginTrading": "utaOnly",
        "stTag": "0",
        "lotSizeFilter": {
            "basePrecision": s(sym.step),
            "quotePrecision": "0.00000001",
            "minOrderQty": s(sym.min_qty),
            "maxOrderQty": "100000000",
            "minOrderAmt": MIN_ORDER_AMT,
            "maxOrderAmt": "2000000",
            "maxLimitOrderQty": "100000000",
            "maxMarketOrderQty": "50000000",
            "postOnlyMaxLimitOrderSize": "100000000",
        },
        "priceFilter": {"tickSize": "0.00000001"},
        "riskParameters": {"priceLimitRatioX": "0.05", "priceLimitRatioY": "0.05"},
    })
}

/// `GET /v5/market/instruments-info`: spot symbols (by default `Trading` only, as the docs
/// say); other categories answer an empty list (ccxt's load_markets asks them).
pub fn instruments(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let category = ctx.req("category")?.to_owned();
    if category != p::CATEGORY_SPOT {
        return Ok(json!({"category": category, "list": [], "nextPageCursor": ""}));
    }
    let status = ctx.opt("status").unwrap_or(p::SYMBOL_TRADING);
    let list: Vec<Value> = st
        .market
        .values()
        .filter(|sym| ctx.opt("symbol").is_none_or(|w| w == sym.symbol))
        .filter(|sym| sym.status == status)
        .map(instrument)
        .collect();
    Ok(json!({"category": "spot", "list": list}))
}

/// `GET /v5/market/tickers?category=spot[&symbol=]`: every field a string.
pub fn tickers(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    ctx.spot()?;
    let wanted = ctx.opt("symbol");
    if let Some(w) = wanted
        && !st.market.contains_key(w)
    {
        return Err(SimError::of(p::INVALID_SYMBOL));
    }
    let list: Vec<Value> = st
        .market
        .values()
        .filter(|sym| wanted.is_none_or(|w| w == sym.symbol))
        .map(|sym| {
            let price = s(sym.price);
            let index = if sym.status == p::SYMBOL_TRADING {
                price.clone()
            } else {
                json!("")
            };
            json!({
                "symbol": sym.symbol,
                "bid1Price": price, "bid1Size": "1000",
                "ask1Price": price, "ask1Size": "1000",
                "lastPrice": price, "prevPrice24h": price, "price24hPcnt": "0",
                "highPrice24h": price, "lowPrice24h": price,
                "turnover24h": "0", "volume24h": "0", "usdIndexPrice": index,
            })
        })
        .collect();
    Ok(json!({"category": "spot", "list": list}))
}

/// `GET /v5/account/wallet-balance?accountType=UNIFIED[&coin=A,B]`: the Unified wallet,
/// zero balances omitted unless asked for, every amount a string.
pub fn wallet_balance(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let idx = ctx.account()?;
    if ctx.req("accountType")? != p::ACCOUNT_UNIFIED {
        return Err(SimError::with(
            p::PARAM_ERROR,
            "accountType only support UNIFIED",
        ));
    }
    let wanted: Option<Vec<&str>> = ctx.opt("coin").map(|c| c.split(',').collect());
    let mut total = rust_decimal::Decimal::ZERO;
    let mut coins = Vec::new();
    for (coin, bal) in &st.accounts[idx].balances {
        let asked = wanted.as_ref().is_some_and(|w| w.contains(&coin.as_str()));
        if !(asked || (wanted.is_none() && !bal.is_zero())) {
            continue;
        }
        let usd = (*bal * st.usdt_price(coin).unwrap_or_default()).round_dp(8);
        total += usd;
        coins.push(json!({
            "coin": coin, "equity": s(*bal), "usdValue": s(usd), "walletBalance": s(*bal),
            "locked": "0", "spotHedgingQty": "0", "borrowAmount": "0", "accruedInterest": "0",
            "totalOrderIM": "0", "totalPositionIM": "0", "totalPositionMM": "0",
            "unrealisedPnl": "0", "cumRealisedPnl": "0", "bonus": "0", "free": "",
            "availableToWithdraw": "", "availableToBorrow": "",
            "marginCollateral": true, "collateralSwitch": true, "spotBorrow": "0",
        }));
    }
    let t = s(total);
    Ok(json!({"list": [{
        "accountType": "UNIFIED", "accountIMRate": "0", "accountMMRate": "0",
        "totalEquity": t, "totalWalletBalance": t, "totalMarginBalance": t,
        "totalAvailableBalance": t, "totalPerpUPL": "0", "totalInitialMargin": "0",
        "totalMaintenanceMargin": "0", "accountIMRateByMp": "0", "accountMMRateByMp": "0",
        "totalInitialMarginByMp": "0", "totalMaintenanceMarginByMp": "0", "accountLTV": "0",
        "coin": coins,
    }]}))
}

/// `GET /v5/account/info`: a UTA 2.0 account (ccxt reads it, bybit.md §5, §9).
pub fn account_info(_: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    Ok(json!({
        "unifiedMarginStatus": 5,
        "marginMode": "REGULAR_MARGIN",
        "isMasterTrader": false,
        "spotHedgingStatus": "OFF",
        "updatedTime": ctx.now.to_string(),
        "dcpStatus": "OFF",
        "timeWindow": 10,
        "smpGroup": 0,
    }))
}

/// `GET /v5/user/query-api` (bybit.md §5): the key's permissions; an unbound key's `ips`
/// is `["*"]` (assumptions::IPS_UNBOUND).
pub fn query_api(st: &mut State, ctx: &Ctx) -> Result<Value, SimError> {
    let a = &st.accounts[ctx.account()?].spec;
    let spot: Vec<&str> = if a.permissions.spot_trading {
        vec!["SpotTrade"]
    } else {
        vec![]
    };
    let exchange: Vec<&str> = if a.convert_approved {
        vec![crate::bybit::assumptions::CONVERT_PERMISSION]
    } else {
        vec![]
    };
    let mut wallet = vec!["AccountTransfer"];
    if a.permissions.withdrawals {
        wallet.push("Withdraw");
    }
    let ips: Vec<String> = if a.ip_whitelist.is_empty() {
        vec![crate::bybit::assumptions::IPS_UNBOUND.to_owned()]
    } else {
        a.ip_whitelist.iter().map(ToString::to_string).collect()
    };
    Ok(json!({
        "id": a.uid.to_string(), "note": "dustpan sim", "apiKey": a.api_key,
        "readOnly": if read_write(a) { 0 } else { 1 },
        "secret": "",
        "permissions": {
            "ContractTrade": [], "Spot": spot, "Wallet": wallet, "Options": [],
            "Derivatives": [], "Exchange": exchange, "Earn": [], "NFT": [],
            "BlockTrade": [], "Affiliate": [], "CopyTrading": [],
        },
        "ips": ips, "type": 1, "deadlineDay": 90,
        "expiredAt": "2027-03-06T00:00:00Z", "createdAt": "2026-12-06T00:00:00Z",
        "unified": 0, "uta": 1, "userID": a.uid, "inviterID": 0, "vipLevel": "No VIP",
        "mktMakerLevel": "0", "affiliateID": 0, "rsaPublicKey": "", "isMaster": true,
        "parentUid": "0", "kycLevel": "LEVEL_1", "kycRegion": "",
    }))
}

/// `GET /v5/asset/coin/query-info`: ccxt accepts `{"rows":[]}` (bybit.md §9).
pub fn coin_info(_: &mut State, _: &Ctx) -> Result<Value, SimError> {
    Ok(json!({"rows": []}))
}
