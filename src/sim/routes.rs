//! The route table: each endpoint's protocol facts (protocol.rs) plus what the simulator
//! checks beyond signing (trading permission, Convert approval).

use serde_json::Value;

use super::params::Ctx;
use super::params::{Params, SimError};
use super::state::State;
use super::{convert, dust, dust_convert, orders, spot};
use crate::binance::assumptions;
use crate::binance::protocol::{self, Endpoint, LimitKind};

/// An endpoint implementation.
pub type Handler = fn(&mut State, &Ctx) -> Result<Value, SimError>;

/// One route.
#[derive(Debug, Clone, Copy)]
pub struct Route {
    /// Path, method, weight, limit kind, signed.
    pub ep: Endpoint,
    /// Weight when a single `symbol` is sent (ticker/price only).
    pub weight_single: Option<u32>,
    /// Weight computed from the parameters (overrides `ep.weight` and `weight_single`).
    pub weigh: Option<fn(&Params) -> u32>,
    /// Needs "Enable Spot & Margin Trading" (binance.md §3.2, §4.3–4.4).
    pub trading: bool,
    /// Needs Convert API approval (binance.md §4 Access).
    pub convert: bool,
    /// Keys that may repeat (joined with commas).
    pub repeatable: &'static [&'static str],
    /// The implementation.
    pub handler: Handler,
}

const TICKER_PRICE: Endpoint = Endpoint {
    method: "GET",
    path: protocol::TICKER_PRICE_PATH,
    weight: protocol::TICKER_PRICE_WEIGHT_MULTI,
    limit: LimitKind::ApiIp,
    signed: false,
};

const TICKER_24HR: Endpoint = Endpoint {
    method: "GET",
    path: protocol::TICKER_24HR_PATH,
    weight: protocol::TICKER_24HR_WEIGHT_ALL,
    limit: LimitKind::ApiIp,
    signed: false,
};

/// `ticker/24hr` weight: by how many symbols were asked for (protocol.rs).
fn ticker_24hr_weight(p: &Params) -> u32 {
    if p.raw("symbol").is_some() {
        return protocol::TICKER_24HR_WEIGHT_SINGLE;
    }
    let count = p
        .raw("symbols")
        .and_then(|s| serde_json::from_str::<Vec<String>>(s).ok())
        .map_or(usize::MAX, |v| v.len());
    match count {
        0..=20 => protocol::TICKER_24HR_WEIGHT_SINGLE,
        21..=100 => protocol::TICKER_24HR_WEIGHT_UP_TO_100,
        _ => protocol::TICKER_24HR_WEIGHT_ALL,
    }
}

const fn route(ep: Endpoint, handler: Handler) -> Route {
    Route {
        ep,
        weight_single: None,
        weigh: None,
        trading: false,
        convert: false,
        repeatable: &[],
        handler,
    }
}

const ROUTES: &[Route] = &[
    route(protocol::TIME, spot::time),
    route(protocol::EXCHANGE_INFO, spot::exchange_info),
    Route {
        weight_single: Some(protocol::TICKER_PRICE_WEIGHT_SINGLE),
        ..route(TICKER_PRICE, spot::ticker_price)
    },
    Route {
        weigh: Some(ticker_24hr_weight),
        ..route(TICKER_24HR, spot::ticker_24hr)
    },
    route(protocol::ACCOUNT, spot::account),
    route(protocol::USER_ASSET, spot::user_asset),
    route(protocol::API_RESTRICTIONS, spot::api_restrictions),
    route(protocol::DUST_BTC, dust::dust_btc),
    Route {
        trading: true,
        repeatable: &["asset"],
        ..route(protocol::DUST, dust::dust)
    },
    route(protocol::DRIBBLET, dust::dribblet),
    route(
        protocol::DUST_CONVERT_QUERY,
        dust_convert::query_convertible,
    ),
    Route {
        trading: assumptions::DUST_CONVERT_NEEDS_TRADING,
        repeatable: if assumptions::DUST_CONVERT_ACCEPTS_REPEATED_ASSET {
            &["asset"]
        } else {
            &[]
        },
        ..route(protocol::DUST_CONVERT, dust_convert::convert)
    },
    Route {
        trading: true,
        ..route(protocol::NEW_ORDER, orders::new_order)
    },
    route(protocol::QUERY_ORDER, orders::query_order),
    route(protocol::CONVERT_EXCHANGE_INFO, convert::exchange_info),
    Route {
        convert: true,
        ..route(protocol::CONVERT_ASSET_INFO, convert::asset_info)
    },
    Route {
        trading: true,
        convert: true,
        ..route(protocol::CONVERT_GET_QUOTE, convert::get_quote)
    },
    Route {
        trading: true,
        convert: true,
        ..route(protocol::CONVERT_ACCEPT_QUOTE, convert::accept_quote)
    },
    Route {
        convert: true,
        ..route(protocol::CONVERT_ORDER_STATUS, convert::order_status)
    },
    Route {
        convert: true,
        ..route(protocol::CONVERT_TRADE_FLOW, convert::trade_flow)
    },
];

/// The route for a method and path, if any.
pub fn find_route(method: &str, path: &str) -> Option<Route> {
    ROUTES
        .iter()
        .find(|r| r.ep.path == path && r.ep.method == method)
        .copied()
}
