//! Small-balance conversion ("dust") in the port's words: the target asset, the amounts
//! before and after the fee, the fee with its asset, and the exchange's batch id as a string.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::Asset;

/// One asset the exchange would convert now in a small-balance conversion (Binance's
/// Small Asset Convert, Bybit's Convert Small Balances, MEXC's dust transfer), with what
/// it would yield in the conversion's target asset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustCandidate {
    /// The asset.
    pub asset: Asset,
    /// The asset's full name.
    pub full_name: String,
    /// Quantity that would be converted (the free balance).
    pub amount_free: Decimal,
    /// Value in BTC.
    pub to_btc: Decimal,
    /// The asset it would be converted to.
    pub target_asset: Asset,
    /// Target amount before the fee.
    pub gross: Decimal,
    /// Target amount received, after the fee.
    pub received: Decimal,
    /// The fee, in [`DustCandidate::fee_asset`].
    pub fee: Decimal,
    /// The asset the fee is charged in.
    pub fee_asset: Asset,
}

/// The exchange's list of assets a small-balance conversion would take now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustCandidates {
    /// One entry per convertible asset.
    pub details: Vec<DustCandidate>,
    /// Sum of `to_btc`.
    pub total_btc: Decimal,
    /// Sum of `gross` (before fee), in the target asset.
    pub total_gross: Decimal,
    /// The fee rate, e.g. 0.02.
    pub fee_rate: Decimal,
}

/// One asset's part in a small-balance conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustTransfer {
    /// The asset converted.
    pub from_asset: Asset,
    /// Quantity removed.
    pub amount: Decimal,
    /// Target amount before the fee.
    pub gross: Decimal,
    /// Target amount received, after the fee.
    pub received: Decimal,
    /// The fee, in `fee_asset`.
    pub fee: Decimal,
    /// The asset the fee is charged in.
    pub fee_asset: Asset,
    /// The exchange's id of the conversion (shared by the whole batch), as the exchange
    /// writes it: digits on some exchanges, hex or longer than 64 bits on others.
    pub batch_id: String,
    /// When it happened.
    pub operate_time: DateTime<Utc>,
    /// The asset received. A conversion made in the exchange's app may target another
    /// asset than dustpan's.
    pub target_asset: Asset,
}

/// The result of a small-balance conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustConversion {
    /// Sum of `gross`.
    pub total_gross: Decimal,
    /// Sum of `received`.
    pub total_received: Decimal,
    /// Sum of fees.
    pub total_fee: Decimal,
    /// Per asset.
    pub transfers: Vec<DustTransfer>,
    /// Assets the exchange refused one by one while converting the others (MEXC's
    /// `failedList`); empty where a refusal fails the whole request (Binance).
    pub failed: Vec<DustFailure>,
}

/// One asset a small-balance conversion refused while converting the others.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustFailure {
    /// The asset.
    pub asset: Asset,
    /// The exchange's code, as it writes it.
    pub code: String,
    /// The exchange's message.
    pub msg: String,
}

/// One batch of the exchange's small-balance conversion log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustLogEntry {
    /// The batch's id.
    pub batch_id: String,
    /// When it happened.
    pub operate_time: DateTime<Utc>,
    /// Target amount before the fee.
    pub total_gross: Decimal,
    /// Target amount received, after the fee.
    pub total_received: Decimal,
    /// The fee.
    pub total_fee: Decimal,
    /// The assets of the batch.
    pub details: Vec<DustTransfer>,
}

impl DustLogEntry {
    /// Whether some asset of the batch went to `target`; a batch without details is
    /// counted as one (an old Binance batch, all to BNB, binance.md §3.3).
    pub fn has_part_to(&self, target: &str) -> bool {
        self.details.is_empty()
            || self
                .details
                .iter()
                .any(|d| d.target_asset.as_str() == target)
    }
}
