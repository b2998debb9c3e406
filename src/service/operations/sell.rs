//! The parameters and result of a market-sell leg, as stored.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::ports::SpotOrder;

/// A sell leg as stored in its operation's params: `{"market_sell": {...}}` (the shape
/// migration 0009 tells old sell rows apart by).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellOp {
    /// The leg.
    pub market_sell: SellParams,
}

/// What one sell leg sells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellParams {
    /// Asset sold (the symbol's base).
    pub asset: String,
    /// Spot symbol.
    pub symbol: String,
    /// Quantity, already rounded down to the symbol's step by the planner.
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
}

/// What a finished sell reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SellResult {
    /// The exchange's order id (digits, never a float).
    pub order_id: String,
    /// Base sold.
    #[serde(with = "rust_decimal::serde::str")]
    pub executed_qty: Decimal,
    /// Quote received before the commission.
    #[serde(with = "rust_decimal::serde::str")]
    pub quote_qty: Decimal,
    /// Commission, when the answer carried the fills (a lookup does not).
    #[serde(with = "rust_decimal::serde::str_option", default)]
    pub commission: Option<Decimal>,
    /// Its asset.
    #[serde(default)]
    pub commission_asset: Option<String>,
    /// When it executed.
    #[serde(default)]
    pub transact_time: Option<DateTime<Utc>>,
}

impl SellResult {
    pub(crate) fn of(o: &SpotOrder) -> Self {
        let c = o.commissions();
        let one = if c.len() == 1 {
            c.into_iter().next()
        } else {
            None
        };
        Self {
            order_id: o.order_id.clone(),
            executed_qty: o.executed_qty,
            quote_qty: o.quote_qty,
            commission: one.as_ref().map(|(_, v)| *v),
            commission_asset: one.map(|(a, _)| a.to_string()),
            transact_time: o.transact_time,
        }
    }
}
