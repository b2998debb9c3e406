//! The parameters of a plan ("convert the rest as recommended"), as stored.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::service::operations::dust::Candidate;
use crate::service::operations::swap::SwapParams;

/// An asset and the amount the plan moves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanAsset {
    /// Asset.
    pub asset: String,
    /// Amount.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Spot symbol, for market sells.
    #[serde(default)]
    pub symbol: Option<String>,
}

/// The plan stored with the `/dust` report's buttons.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PlanParams {
    /// Spot Convert target.
    pub target: String,
    /// Small Asset Convert batch.
    pub bnb: Vec<Candidate>,
    /// Spot Convert legs recommended.
    pub swaps: Vec<PlanAsset>,
    /// Market sells recommended (each placed as its own gated leg).
    pub sells: Vec<PlanAsset>,
    /// Every asset Spot Convert takes now, for "swap instead".
    pub swap_instead: Vec<PlanAsset>,
    /// Quotes of the legs, fetched for the confirm screen.
    #[serde(default)]
    pub quotes: Vec<SwapParams>,
    /// Legs without a quote at the confirm screen.
    #[serde(default)]
    pub unquoted: Vec<String>,
}
