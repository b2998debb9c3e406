//! A small-balance conversion the exchange runs asynchronously (Bybit: `processing`, then
//! `success`, `partial_fulfillment` or `failure`): accepted now, its result read later.

use super::small_balance::DustConversion;

/// Where a small-balance conversion stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DustProgress {
    /// Accepted and still running at the exchange: ask again with
    /// [`crate::ports::Exchange::dust_conversion_status`] under this id. Nothing about its
    /// outcome is known yet; it is never sent again.
    Processing {
        /// The exchange's id of the conversion (Bybit's quote id), as it writes it.
        id: String,
    },
    /// Finished: what converted, per asset, in `transfers`; what did not, per asset, in
    /// `failed`. A conversion that failed whole has no transfers.
    Finished(DustConversion),
}

impl DustProgress {
    /// Whether the conversion failed whole: finished with nothing converted.
    pub fn failed_whole(&self) -> bool {
        matches!(self, Self::Finished(c) if c.transfers.is_empty())
    }
}
