//! The Bybit simulator's route table: each endpoint's protocol facts, the permission it
//! needs, and its handler.

use serde_json::Value;

use super::ctx::{Ctx, SimError};
use super::state::State;
use super::{dust, endpoints, orders};
use crate::bybit::protocol::{self, Endpoint};

/// An endpoint implementation.
pub type Handler = fn(&mut State, &Ctx) -> Result<Value, SimError>;

/// What an endpoint needs of the key (bybit.md §5).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing (public).
    Nothing,
    /// Any key ("Any permission can access this endpoint"; reading).
    Read,
    /// `Spot: SpotTrade` on a read-write key.
    Trade,
    /// `Exchange: ExchangeHistory` ("Convert") on a read-write key.
    Convert,
}

/// Every served endpoint. ccxt spells `covert` as `convert` too (bybit.md §9): both served.
pub const ROUTES: &[(Endpoint, Needs, Handler)] = &[
    (protocol::TIME, Needs::Nothing, endpoints::time),
    (
        protocol::INSTRUMENTS,
        Needs::Nothing,
        endpoints::instruments,
    ),
    (protocol::TICKERS, Needs::Nothing, endpoints::tickers),
    (
        protocol::WALLET_BALANCE,
        Needs::Read,
        endpoints::wallet_balance,
    ),
    (protocol::ACCOUNT_INFO, Needs::Read, endpoints::account_info),
    (protocol::QUERY_API, Needs::Read, endpoints::query_api),
    (protocol::COIN_INFO, Needs::Read, endpoints::coin_info),
    (protocol::SMALL_BALANCE_LIST, Needs::Read, dust::list),
    (CONVERT_LIST, Needs::Read, dust::list),
    (protocol::SMALL_BALANCE_QUOTE, Needs::Convert, dust::quote),
    (
        protocol::SMALL_BALANCE_EXECUTE,
        Needs::Convert,
        dust::execute,
    ),
    (protocol::SMALL_BALANCE_HISTORY, Needs::Read, dust::history),
    (CONVERT_HISTORY, Needs::Read, dust::history),
    (protocol::ORDER_CREATE, Needs::Trade, orders::create),
    (protocol::ORDER_REALTIME, Needs::Read, orders::realtime),
];

/// ccxt's `convert` spelling of the list (UNCONFIRMED that Bybit answers it, bybit.md §9).
const CONVERT_LIST: Endpoint = Endpoint {
    path: "/v5/asset/convert/small-balance-list",
    ..protocol::SMALL_BALANCE_LIST
};
/// ccxt's `convert` spelling of the history.
const CONVERT_HISTORY: Endpoint = Endpoint {
    path: "/v5/asset/convert/small-balance-history",
    ..protocol::SMALL_BALANCE_HISTORY
};
