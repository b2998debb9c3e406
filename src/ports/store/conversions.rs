//! The records of small-balance conversions (ours and those learned from the exchange's
//! dust log), as [`crate::ports::Store`] reads and writes them.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::ExchangeId;

/// Where a conversion record came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConversionSource {
    /// Made through dustpan.
    Dustpan,
    /// Learned from the exchange's dust log (e.g. made in the exchange's app).
    Exchange,
}

/// One asset of a recorded dust conversion.
///
/// Stored as JSON in `dust_conversions.assets`; rows written before the port was neutral
/// name the gross amount `bnb`, which still reads.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ConvertedAsset {
    /// Asset symbol.
    pub asset: String,
    /// Quantity removed.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// Target amount before the fee, as reported by the exchange.
    #[serde(alias = "bnb", with = "rust_decimal::serde::str")]
    pub gross: Decimal,
    /// The fee, in the target asset.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
}

/// A recorded dust conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DustConversionRecord {
    /// The exchange's id of the conversion (the batch id).
    pub batch_id: String,
    /// When it happened (exchange time).
    pub operate_time: DateTime<Utc>,
    /// Target amount before the fee, as reported.
    pub total_gross: Decimal,
    /// The fee, in the target asset.
    pub total_fee: Decimal,
    /// Per asset.
    pub assets: Vec<ConvertedAsset>,
    /// Where we learned of it.
    pub source: ConversionSource,
    /// The dustpan operation, if any.
    pub operation_id: Option<String>,
    /// The asset received (Binance: BNB for Small Asset Convert, the chosen target for Dust
    /// Convert); rows written before targets existed read as BNB.
    pub target_asset: String,
    /// The exchange that made it (a batch id is unique only within its exchange); rows
    /// written before several exchanges read as Binance.
    pub exchange: ExchangeId,
}

/// Reads an exchange id stored either as a JSON number (rows written when ids were
/// integers) or as a string, into its string form.
pub fn id_from_number_or_string<'de, D>(d: D) -> Result<String, D::Error>
where
    D: serde::Deserializer<'de>,
{
    #[derive(serde::Deserialize)]
    #[serde(untagged)]
    enum Id {
        Int(i64),
        Str(String),
    }
    Ok(match <Id as serde::Deserialize>::deserialize(d)? {
        Id::Int(i) => i.to_string(),
        Id::Str(s) => s,
    })
}

/// An operation that ended in success, with its result, recorded with its conversion.
#[derive(Debug, Clone, Copy)]
pub struct Finished<'a> {
    /// The operation.
    pub id: &'a str,
    /// Its result (JSON).
    pub result: &'a str,
    /// When.
    pub now: DateTime<Utc>,
}

/// What recording a conversion changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded {
    /// The transfer id was not recorded before.
    pub new: bool,
    /// The reminder was armed (or moved later).
    pub armed: bool,
    /// The operation given to finish moved to succeeded here: this call settled it (a
    /// reconcile running beside it finds it settled already and reports nothing).
    pub finished: bool,
}
