//! Operations: what a user confirms before anything is sent (a dust batch, a swap, a plan,
//! a plan's sell leg, forgetting the user). Each is stored with its kind and its typed
//! parameters ([`OperationParams`]), read back by kind; one gate ([`gate`]), one press
//! router ([`press`]) and one reconcile dispatch ([`Service::ask_exchange`]) serve them
//! all, and each kind supplies its confirm and its reconcile in the matches below.

pub mod dust;
pub mod gate;
pub mod plan;
pub mod press;
pub mod sell;
pub mod settle;
pub mod swap;

use serde::Serialize;

use crate::ports::{OperationKind, OperationRecord, StoreFailure};
use crate::service::model::ServiceError;

pub use dust::{Candidate, DustParams, DustResult, LeftOut};
pub use plan::{BatchNote, BatchSide, PlanAsset, PlanParams};
pub use sell::{SellOp, SellParams, SellResult};
pub use swap::{SwapAmount, SwapParams, SwapResult};

/// An operation's parameters, one variant per [`OperationKind`]. Stored as JSON next to
/// the kind, in the shapes rows have always had (a sell's wrapped as
/// `{"market_sell": {...}}`, a forget's `{}`), and read back by the stored kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationParams {
    /// A Small Asset Convert batch.
    Dust(DustParams),
    /// Delete all of the user's data.
    Forget,
    /// One Spot Convert at a quoted price.
    Swap(SwapParams),
    /// "Convert the rest as recommended".
    Plan(PlanParams),
    /// A plan's market-sell leg.
    Sell(SellParams),
}

impl OperationParams {
    /// The kind stored with these parameters.
    pub fn kind(&self) -> OperationKind {
        match self {
            Self::Dust(_) => OperationKind::Dust,
            Self::Forget => OperationKind::Forget,
            Self::Swap(_) => OperationKind::Swap,
            Self::Plan(_) => OperationKind::Plan,
            Self::Sell(_) => OperationKind::Sell,
        }
    }

    /// The stored JSON.
    pub fn to_json(&self) -> Result<String, ServiceError> {
        match self {
            Self::Dust(p) => to_json(p),
            Self::Forget => Ok("{}".to_owned()),
            Self::Swap(p) => to_json(p),
            Self::Plan(p) => to_json(p),
            Self::Sell(p) => to_json(&SellOp {
                market_sell: p.clone(),
            }),
        }
    }

    /// Reads the JSON stored with `kind`.
    pub fn read(kind: OperationKind, json: &str) -> Result<Self, serde_json::Error> {
        Ok(match kind {
            OperationKind::Dust => Self::Dust(serde_json::from_str(json)?),
            OperationKind::Forget => Self::Forget,
            OperationKind::Swap => Self::Swap(serde_json::from_str(json)?),
            OperationKind::Plan => Self::Plan(serde_json::from_str(json)?),
            OperationKind::Sell => Self::Sell(serde_json::from_str::<SellOp>(json)?.market_sell),
        })
    }

    /// The parameters of a stored operation.
    pub fn of(op: &OperationRecord) -> Result<Self, ServiceError> {
        Self::read(op.kind, &op.params)
            .map_err(|e| StoreFailure::caused_by(format!("bad params of {}", op.id), e).into())
    }
}

/// A dust operation's parameters.
pub(crate) fn dust_params(op: &OperationRecord) -> Result<DustParams, ServiceError> {
    match OperationParams::of(op)? {
        OperationParams::Dust(p) => Ok(p),
        _ => Err(StoreFailure::new(format!("{} is not a dust operation", op.id)).into()),
    }
}

/// A swap operation's parameters, if it is one and they read.
pub(crate) fn swap_params(op: &OperationRecord) -> Option<SwapParams> {
    match OperationParams::of(op) {
        Ok(OperationParams::Swap(p)) => Some(p),
        _ => None,
    }
}

/// A plan's parameters, if it is one and they read.
pub(crate) fn plan_params(op: &OperationRecord) -> Option<PlanParams> {
    match OperationParams::of(op) {
        Ok(OperationParams::Plan(p)) => Some(p),
        _ => None,
    }
}

/// A sell leg's parameters, if it is one and they read.
pub(crate) fn sell_params(op: &OperationRecord) -> Option<SellParams> {
    match OperationParams::of(op) {
        Ok(OperationParams::Sell(p)) => Some(p),
        _ => None,
    }
}

/// A result (or any value) as stored JSON.
pub(crate) fn to_json<T: Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v)
        .map_err(|e| StoreFailure::caused_by("encoding a stored value", e).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows as the releases before typed operations wrote them (migration 0009 labelled
    /// the old `convert` rows by these shapes).
    const DUST_ROW: &str = r#"{"candidates":[{"asset":"ADA","amount":"1.5","bnb":"0.001","fee":"0.00002","net":"0.00098","selected":true}],"left_out":[{"asset":"XYZ","reason":"left-out-not-convertible"}]}"#;
    const SWAP_ROW: &str = r#"{"from":"ADA","to":"USDT","from_amount":"10","to_amount":"3.2","ratio":"0.32","spot_ratio":null,"quote_id":"q1","valid_until":"2026-01-01T00:00:00Z","requote":true}"#;
    const PLAN_ROW: &str = r#"{"target":"USDT","bnb":[],"swaps":[{"asset":"ADA","amount":"10"}],"sells":[],"swap_instead":[]}"#;
    const SELL_ROW: &str =
        r#"{"market_sell":{"asset":"XRP","symbol":"XRPUSDT","quantity":"12.3"}}"#;

    #[test]
    fn rows_written_in_the_old_shapes_read_back_by_their_kind() {
        let dust = OperationParams::read(OperationKind::Dust, DUST_ROW).unwrap();
        let OperationParams::Dust(d) = &dust else {
            panic!("{dust:?}")
        };
        assert_eq!(d.candidates[0].asset, "ADA");
        assert_eq!(d.left_out[0].asset, "XYZ");
        let swap = OperationParams::read(OperationKind::Swap, SWAP_ROW).unwrap();
        assert!(matches!(&swap, OperationParams::Swap(s) if s.quote_id == "q1"));
        let plan = OperationParams::read(OperationKind::Plan, PLAN_ROW).unwrap();
        let OperationParams::Plan(p) = &plan else {
            panic!("{plan:?}")
        };
        // Fields added later default.
        assert!(p.quotes.is_empty() && p.swaps[0].symbol.is_none());
        let sell = OperationParams::read(OperationKind::Sell, SELL_ROW).unwrap();
        assert!(matches!(&sell, OperationParams::Sell(s) if s.symbol == "XRPUSDT"));
        assert_eq!(
            OperationParams::read(OperationKind::Forget, "{}").unwrap(),
            OperationParams::Forget
        );
    }

    #[test]
    fn parameters_are_stored_in_the_shapes_old_rows_have() {
        for (kind, row) in [
            (OperationKind::Dust, DUST_ROW),
            (OperationKind::Swap, SWAP_ROW),
            (OperationKind::Sell, SELL_ROW),
            (OperationKind::Forget, "{}"),
        ] {
            let params = OperationParams::read(kind, row).unwrap();
            assert_eq!(params.kind(), kind);
            let stored: serde_json::Value =
                serde_json::from_str(&params.to_json().unwrap()).unwrap();
            let old: serde_json::Value = serde_json::from_str(row).unwrap();
            assert_eq!(stored, old, "{kind:?}");
        }
    }

    #[test]
    fn parameters_of_another_kind_do_not_read_as_this_one() {
        assert!(OperationParams::read(OperationKind::Sell, SWAP_ROW).is_err());
        assert!(OperationParams::read(OperationKind::Swap, SELL_ROW).is_err());
    }
}
