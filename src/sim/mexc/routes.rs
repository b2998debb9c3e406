//! The MEXC simulator's route table: each endpoint's protocol facts, the permission it
//! needs, and its handler.

use serde_json::Value;

use super::ctx::{Ctx, SimError};
use super::state::State;
use super::{dust, endpoints, orders};
use crate::mexc::protocol::{self, Endpoint};

/// An endpoint implementation.
pub type Handler = fn(&mut State, &Ctx) -> Result<Value, SimError>;

/// What an endpoint needs of the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Nothing (public).
    Nothing,
    /// Read permission (SPOT_ACCOUNT_READ / SPOT_DEAL_READ).
    Read,
    /// Trading permission (SPOT_DEAL_WRITE / SPOT_ACCOUNT_W).
    Trade,
}

pub const ROUTES: &[(Endpoint, Needs, Handler)] = &[
    (protocol::PING, Needs::Nothing, endpoints::ping),
    (protocol::TIME, Needs::Nothing, endpoints::time),
    (
        protocol::EXCHANGE_INFO,
        Needs::Nothing,
        endpoints::exchange_info,
    ),
    (
        protocol::DEFAULT_SYMBOLS,
        Needs::Nothing,
        endpoints::default_symbols,
    ),
    (
        protocol::TICKER_PRICE,
        Needs::Nothing,
        endpoints::ticker_price,
    ),
    (
        protocol::TICKER_24HR,
        Needs::Nothing,
        endpoints::ticker_24hr,
    ),
    (
        protocol::CONTRACT_DETAIL,
        Needs::Nothing,
        endpoints::contract_detail,
    ),
    (protocol::ACCOUNT, Needs::Read, endpoints::account),
    (
        protocol::SELF_SYMBOLS,
        Needs::Read,
        endpoints::default_symbols,
    ),
    (
        protocol::CAPITAL_CONFIG,
        Needs::Read,
        endpoints::capital_config,
    ),
    (protocol::DUST_LIST, Needs::Read, dust::list),
    (protocol::DUST_CONVERT, Needs::Trade, dust::convert),
    (protocol::DUST_LOG, Needs::Read, dust::log),
    (protocol::NEW_ORDER, Needs::Trade, orders::new_order),
    (protocol::TEST_ORDER, Needs::Trade, orders::test_order),
    (protocol::QUERY_ORDER, Needs::Read, orders::query_order),
];
