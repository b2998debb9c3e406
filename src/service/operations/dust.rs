//! The parameters and result of a dust batch (Small Asset Convert), as stored.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::Asset;

/// One convertible asset as shown when the operation was prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Asset.
    pub asset: String,
    /// Quantity.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// BNB before fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub bnb: Decimal,
    /// Fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// Net BNB.
    #[serde(with = "rust_decimal::serde::str")]
    pub net: Decimal,
    /// Selected for conversion.
    pub selected: bool,
}

/// An asset left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// As the user typed it (or the exchange named it).
    pub asset: String,
    /// A locale key explaining why.
    pub reason: String,
}

/// The parameters of a dust operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DustParams {
    /// The candidates.
    pub candidates: Vec<Candidate>,
    /// Assets asked for that cannot be converted.
    pub left_out: Vec<LeftOut>,
    /// The target asset chosen with `to TARGET`; absent for the exchange's default (the
    /// classic conversion to BNB), and in operations stored before targets existed. The
    /// candidates' `bnb` and `net` amounts are then in this asset.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl DustParams {
    pub(crate) fn selected(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.selected)
    }

    pub(crate) fn totals(&self) -> (Decimal, Decimal, Decimal) {
        self.selected().fold(
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
            |(b, f, n), c| (b + c.bnb, f + c.fee, n + c.net),
        )
    }

    pub(crate) fn assets(&self) -> Vec<Asset> {
        self.selected()
            .filter_map(|c| Asset::parse(&c.asset).ok())
            .collect()
    }
}

/// What a finished conversion reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DustResult {
    /// The exchange's batch id (a number in rows written before ids were strings).
    #[serde(
        alias = "tran_id",
        deserialize_with = "crate::ports::store::id_from_number_or_string"
    )]
    pub batch_id: String,
    /// BNB as reported.
    #[serde(with = "rust_decimal::serde::str")]
    pub bnb: Decimal,
    /// Fee as reported.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// When.
    pub operate_time: DateTime<Utc>,
    /// How many assets.
    pub assets: usize,
    /// The asset received when it was not the exchange's default (then `bnb` is in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}

impl DustResult {
    /// The BNB credited: `bnb` is the amount before the fee (the port's `gross`).
    pub fn received(&self) -> Decimal {
        self.bnb - self.fee
    }
}
