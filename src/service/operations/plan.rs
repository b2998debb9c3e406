//! The parameters of a plan ("convert the rest as recommended"), as stored.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::service::operations::dust::Candidate;
use crate::service::operations::swap::SwapParams;
use crate::service::planner::{BatchChoice, BatchFigures, Method};

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
    /// The small-asset batch to `target` (Dust Convert), when it was chosen over the BNB
    /// batch; never both (one cooldown).
    #[serde(default)]
    pub to_target: Vec<Candidate>,
    /// Why the plan holds the batch it holds, when there were two to choose from (boxed:
    /// most plans have none).
    #[serde(default)]
    pub batch: Option<Box<BatchNote>>,
}

/// One small-asset batch's figures, as stored with a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSide {
    /// The asset received.
    pub asset: String,
    /// How many assets the batch takes.
    pub count: usize,
    /// What the exchange quoted after its fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub received: Decimal,
    /// The exchange's quoted fee, in `asset`.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// The whole plan's net value with this batch, in USDT.
    #[serde(with = "rust_decimal::serde::str")]
    pub worth: Decimal,
    /// What the batch receives, valued in the plan's target (unknown without prices).
    #[serde(default, with = "rust_decimal::serde::str_option")]
    pub in_target: Option<Decimal>,
}

impl BatchSide {
    fn of(f: &BatchFigures) -> Self {
        Self {
            asset: f.asset.to_string(),
            count: f.count,
            received: f.received,
            fee: f.fee,
            worth: f.worth,
            in_target: f.in_target,
        }
    }
}

/// The choice between the BNB batch and the batch to the target, with both sides' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchNote {
    /// The batch to the target was chosen (else the BNB one).
    pub to_target: bool,
    /// The chosen batch.
    pub chosen: BatchSide,
    /// The batch not planned.
    pub other: BatchSide,
}

impl BatchNote {
    /// The stored form of the planner's choice.
    pub fn of(c: &BatchChoice) -> Self {
        let (chosen, other) = c.chosen_and_other();
        Self {
            to_target: c.route == Method::SmallAssetTarget,
            chosen: BatchSide::of(chosen),
            other: BatchSide::of(other),
        }
    }
}
