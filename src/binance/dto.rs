//! Wire shapes of every endpoint's answer, exactly as binance.md §3–§5 shows them (mapped to
//! the port's domain types in `map`).
//!
//! Amounts are decimal strings on the wire and are read only as strings (a JSON number
//! in an amount field is an error, never an `f64`). Ids go through [`Id`], which accepts a
//! JSON integer or a string and keeps the exact digits.

use std::fmt;

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

/// Decimal strings whose magnitude is at most [`assumptions::MAX_WIRE_DECIMAL`]: a larger one
/// is a broken answer, refused when it is read, so no arithmetic on exchange data meets it.
mod wire {
    use rust_decimal::Decimal;
    use serde::Deserializer;
    use serde::de::Error;

    use crate::binance::assumptions::MAX_WIRE_DECIMAL;

    pub(super) fn checked<E: Error>(v: Decimal) -> Result<Decimal, E> {
        if v.abs() > MAX_WIRE_DECIMAL {
            return Err(E::custom(format!(
                "decimal {v} is beyond any value the exchange can hold"
            )));
        }
        Ok(v)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        checked(rust_decimal::serde::str::deserialize(d)?)
    }
}

/// [`wire`] for an optional field.
mod wire_option {
    use rust_decimal::Decimal;
    use serde::Deserializer;

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
        rust_decimal::serde::str_option::deserialize(d)?
            .map(super::wire::checked)
            .transpose()
    }
}

/// An id that is a string in one answer and a number in another (`orderId`: binance.md
/// §4.4 vs §4.5). Kept as the exact digits; never passes through `f64`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer or string id")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                if v.is_empty() {
                    return Err(E::invalid_value(de::Unexpected::Str(v), &self));
                }
                Ok(Id(v.to_owned()))
            }
        }
        d.deserialize_any(IdVisitor)
    }
}

/// `GET /api/v3/time` (binance.md §5).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTimeDto {
    /// ms since the epoch.
    pub server_time: i64,
}

/// `GET /api/v3/account` (binance.md §5); only the balances are read.
#[derive(Debug, Deserialize)]
pub struct AccountDto {
    /// Balances.
    pub balances: Vec<BalanceDto>,
}

/// One balance of `/api/v3/account`.
#[derive(Debug, Deserialize)]
pub struct BalanceDto {
    /// Asset.
    pub asset: String,
    /// Free.
    #[serde(with = "wire")]
    pub free: Decimal,
    /// Locked.
    #[serde(with = "wire")]
    pub locked: Decimal,
}

/// One entry of `POST /sapi/v3/asset/getUserAsset` (binance.md §5).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserAssetDto {
    /// Asset.
    pub asset: String,
    /// Free.
    #[serde(with = "wire")]
    pub free: Decimal,
    /// Locked.
    #[serde(with = "wire")]
    pub locked: Decimal,
    /// Frozen.
    #[serde(with = "wire")]
    pub freeze: Decimal,
    /// Being withdrawn.
    #[serde(with = "wire")]
    pub withdrawing: Decimal,
    /// BTC value; present when `needBtcValuation=true`.
    #[serde(default, with = "wire_option")]
    pub btc_valuation: Option<Decimal>,
}

/// `POST /sapi/v1/asset/dust-btc` (binance.md §3.1).
#[derive(Debug, Deserialize)]
pub struct DustBtcDto {
    /// Convertible assets (empty: nothing qualifies).
    #[serde(default)]
    pub details: Vec<DustBtcDetailDto>,
    /// Sum of toBTC.
    #[serde(rename = "totalTransferBtc", with = "wire")]
    pub total_transfer_btc: Decimal,
    /// Sum of toBNB (pre-fee).
    #[serde(rename = "totalTransferBNB", with = "wire")]
    pub total_transfer_bnb: Decimal,
    /// Fee rate.
    #[serde(rename = "dribbletPercentage", with = "wire")]
    pub dribblet_percentage: Decimal,
}

/// One asset of `dust-btc`.
#[derive(Debug, Deserialize)]
pub struct DustBtcDetailDto {
    /// Asset.
    pub asset: String,
    /// Full name.
    #[serde(rename = "assetFullName", default)]
    pub asset_full_name: String,
    /// Free quantity.
    #[serde(rename = "amountFree", with = "wire")]
    pub amount_free: Decimal,
    /// BTC value.
    #[serde(rename = "toBTC", with = "wire")]
    pub to_btc: Decimal,
    /// BNB before fee.
    #[serde(rename = "toBNB", with = "wire")]
    pub to_bnb: Decimal,
    /// BNB after fee.
    #[serde(rename = "toBNBOffExchange", with = "wire")]
    pub to_bnb_off_exchange: Decimal,
    /// Fee in BNB.
    #[serde(with = "wire")]
    pub exchange: Decimal,
}

/// `POST /sapi/v1/asset/dust` (binance.md §3.2; note the "Transfered" spelling).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustDto {
    /// Sum of fees.
    #[serde(with = "wire")]
    pub total_service_charge: Decimal,
    /// Sum of BNB.
    #[serde(with = "wire")]
    pub total_transfered: Decimal,
    /// Per asset (empty on a "success" that did nothing, binance.md §3.2).
    #[serde(default)]
    pub transfer_result: Vec<DustResultDto>,
}

/// One asset of `/asset/dust`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustResultDto {
    /// Quantity removed.
    #[serde(with = "wire")]
    pub amount: Decimal,
    /// Asset.
    pub from_asset: String,
    /// ms.
    pub operate_time: i64,
    /// Fee in BNB.
    #[serde(with = "wire")]
    pub service_charge_amount: Decimal,
    /// Batch id.
    pub tran_id: i64,
    /// BNB.
    #[serde(with = "wire")]
    pub transfered_amount: Decimal,
}

/// `POST /sapi/v1/asset/dust-convert/query-convertible-assets` (binance-dust-convert.md §2):
/// every field a string. Its convert answer has the shape of [`DustDto`] (§3).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustConvertibleDto {
    /// Convertible assets (empty: nothing qualifies).
    #[serde(default)]
    pub details: Vec<DustConvertibleDetailDto>,
    /// Fee rate.
    #[serde(with = "wire")]
    pub dribblet_percentage: Decimal,
    /// Sum of `toQuotaAssetAmount`.
    #[serde(default, with = "wire_option")]
    pub total_transfer_quota_asset_amount: Option<Decimal>,
    /// Sum of `toTargetAssetAmount` (before the fee).
    #[serde(with = "wire")]
    pub total_transfer_target_asset_amount: Decimal,
    /// Undocumented ("10"); not read by dustpan.
    #[serde(default)]
    pub dribblet_base: Option<String>,
}

/// One asset of `query-convertible-assets`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustConvertibleDetailDto {
    /// Asset.
    pub asset: String,
    /// Full name.
    #[serde(default)]
    pub asset_full_name: String,
    /// Free quantity.
    #[serde(with = "wire")]
    pub amount_free: Decimal,
    /// Fee, in the target asset.
    #[serde(with = "wire")]
    pub exchange: Decimal,
    /// Value in the quota asset.
    #[serde(default, with = "wire_option")]
    pub to_quota_asset_amount: Option<Decimal>,
    /// Target amount before the fee.
    #[serde(with = "wire")]
    pub to_target_asset_amount: Decimal,
    /// Target amount after the fee.
    #[serde(with = "wire")]
    pub to_target_asset_off_exchange: Decimal,
}

/// `GET /sapi/v1/asset/dribblet` (binance.md §3.3).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DribbletDto {
    /// Number of records.
    #[serde(default)]
    pub total: i64,
    /// Batches.
    #[serde(default)]
    pub user_asset_dribblets: Vec<DribbletBatchDto>,
}

/// One batch of the dust log.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DribbletBatchDto {
    /// ms.
    pub operate_time: i64,
    /// BNB.
    #[serde(with = "wire")]
    pub total_transfered_amount: Decimal,
    /// Fee.
    #[serde(with = "wire")]
    pub total_service_charge_amount: Decimal,
    /// Batch id (`transId` here, `tranId` in `/asset/dust`).
    pub trans_id: i64,
    /// Per asset.
    #[serde(default)]
    pub user_asset_dribblet_details: Vec<DribbletDetailDto>,
}

/// One asset of a dust-log batch.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DribbletDetailDto {
    /// The detail's own id.
    pub trans_id: i64,
    /// Fee.
    #[serde(with = "wire")]
    pub service_charge_amount: Decimal,
    /// Quantity.
    #[serde(with = "wire")]
    pub amount: Decimal,
    /// ms.
    pub operate_time: i64,
    /// BNB.
    #[serde(with = "wire")]
    pub transfered_amount: Decimal,
    /// Asset converted.
    pub from_asset: String,
    /// Asset received (binance.md §3.3); absent in older records, which were all BNB.
    #[serde(default)]
    pub target_asset: Option<String>,
}

/// `GET /api/v3/exchangeInfo` (binance.md §5); only symbols are read.
#[derive(Debug, Deserialize)]
pub struct ExchangeInfoDto {
    /// Symbols.
    pub symbols: Vec<SymbolDto>,
}

/// One symbol of exchangeInfo.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SymbolDto {
    /// e.g. `BNBUSDT`.
    pub symbol: String,
    /// TRADING, END_OF_DAY, HALT, BREAK, CANCEL_ONLY (protocol.rs); anything else is kept.
    pub status: String,
    /// Base.
    pub base_asset: String,
    /// Quote.
    pub quote_asset: String,
    /// Filters.
    #[serde(default)]
    pub filters: Vec<FilterDto>,
}

/// The filters dustpan reads (binance.md §5); every other filter is `Other`.
#[derive(Debug, Deserialize)]
#[serde(tag = "filterType")]
pub enum FilterDto {
    /// LOT_SIZE.
    #[serde(rename = "LOT_SIZE", rename_all = "camelCase")]
    LotSize {
        /// minQty.
        #[serde(with = "wire")]
        min_qty: Decimal,
        /// maxQty.
        #[serde(with = "wire")]
        max_qty: Decimal,
        /// stepSize.
        #[serde(with = "wire")]
        step_size: Decimal,
    },
    /// NOTIONAL.
    #[serde(rename = "NOTIONAL", rename_all = "camelCase")]
    Notional {
        /// minNotional.
        #[serde(with = "wire")]
        min_notional: Decimal,
        /// maxNotional.
        #[serde(default, with = "wire_option")]
        max_notional: Option<Decimal>,
    },
    /// MIN_NOTIONAL (older).
    #[serde(rename = "MIN_NOTIONAL", rename_all = "camelCase")]
    MinNotional {
        /// minNotional.
        #[serde(with = "wire")]
        min_notional: Decimal,
    },
    /// Anything else.
    #[serde(other)]
    Other,
}

/// One entry of `GET /api/v3/ticker/price`.
#[derive(Debug, Deserialize)]
pub struct PriceDto {
    /// Symbol.
    pub symbol: String,
    /// Last price.
    #[serde(with = "wire")]
    pub price: Decimal,
}

/// `GET /sapi/v1/account/apiRestrictions` (binance.md §1). The flags dustpan decides on are
/// required: a missing `enableWithdrawals` must not read as "false".
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiRestrictionsDto {
    /// IP allow-list in force.
    pub ip_restrict: bool,
    /// Reading.
    pub enable_reading: bool,
    /// Spot & margin trading.
    pub enable_spot_and_margin_trading: bool,
    /// Withdrawals.
    pub enable_withdrawals: bool,
}

/// One pair of `GET /sapi/v1/convert/exchangeInfo` (binance.md §4.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConvertPairDto {
    /// From.
    pub from_asset: String,
    /// To.
    pub to_asset: String,
    /// Min from.
    #[serde(with = "wire")]
    pub from_asset_min_amount: Decimal,
    /// Max from.
    #[serde(with = "wire")]
    pub from_asset_max_amount: Decimal,
    /// Min to.
    #[serde(with = "wire")]
    pub to_asset_min_amount: Decimal,
    /// Max to.
    #[serde(with = "wire")]
    pub to_asset_max_amount: Decimal,
}

/// One entry of `GET /sapi/v1/convert/assetInfo` (binance.md §4.2).
#[derive(Debug, Deserialize)]
pub struct AssetInfoDto {
    /// Asset.
    pub asset: String,
    /// Decimal places.
    pub fraction: u32,
}

/// `POST /sapi/v1/convert/getQuote` (binance.md §4.3); `quoteId` only when funds suffice.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDto {
    /// Quote id.
    #[serde(default)]
    pub quote_id: Option<Id>,
    /// to per from.
    #[serde(with = "wire")]
    pub ratio: Decimal,
    /// from per to.
    #[serde(with = "wire")]
    pub inverse_ratio: Decimal,
    /// Expiry, ms.
    pub valid_timestamp: i64,
    /// Received.
    #[serde(with = "wire")]
    pub to_amount: Decimal,
    /// Given.
    #[serde(with = "wire")]
    pub from_amount: Decimal,
}

/// `POST /sapi/v1/convert/acceptQuote` (binance.md §4.4; `orderId` a string here).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AcceptDto {
    /// Order id.
    pub order_id: Id,
    /// ms.
    pub create_time: i64,
    /// State.
    pub order_status: String,
}

/// `GET /sapi/v1/convert/orderStatus` and one entry of `tradeFlow` (binance.md §4.5–4.6;
/// `orderId` a number here).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDto {
    /// Quote id (tradeFlow only).
    #[serde(default)]
    pub quote_id: Option<Id>,
    /// Order id.
    pub order_id: Id,
    /// State.
    pub order_status: String,
    /// From.
    pub from_asset: String,
    /// Given.
    #[serde(with = "wire")]
    pub from_amount: Decimal,
    /// To.
    pub to_asset: String,
    /// Received.
    #[serde(with = "wire")]
    pub to_amount: Decimal,
    /// to per from.
    #[serde(with = "wire")]
    pub ratio: Decimal,
    /// from per to.
    #[serde(with = "wire")]
    pub inverse_ratio: Decimal,
    /// ms.
    pub create_time: i64,
}

/// `GET /sapi/v1/convert/tradeFlow` (binance.md §4.6).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TradeFlowDto {
    /// Orders.
    #[serde(default)]
    pub list: Vec<OrderDto>,
    /// More beyond `limit`.
    #[serde(default)]
    pub more_data: bool,
}

/// A spot order: the FULL answer of `POST /api/v3/order` or the answer of
/// `GET /api/v3/order` (Binance spot REST docs (new order / query order)).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpotOrderDto {
    /// Symbol.
    pub symbol: String,
    /// Order id (a number on the wire; kept as its digits).
    pub order_id: Id,
    /// Client order id.
    pub client_order_id: String,
    /// Execution time (new order).
    #[serde(default)]
    pub transact_time: Option<i64>,
    /// Creation time (query order).
    #[serde(default)]
    pub time: Option<i64>,
    /// Base executed.
    #[serde(with = "wire")]
    pub executed_qty: Decimal,
    /// Quote executed (the spelling is Binance's).
    #[serde(with = "wire")]
    pub cummulative_quote_qty: Decimal,
    /// Status.
    pub status: String,
    /// Fills (FULL answers only).
    #[serde(default)]
    pub fills: Vec<SpotFillDto>,
}

/// One fill of a FULL new-order answer.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SpotFillDto {
    /// Price.
    #[serde(with = "wire")]
    pub price: Decimal,
    /// Quantity.
    #[serde(with = "wire")]
    pub qty: Decimal,
    /// Commission.
    #[serde(with = "wire")]
    pub commission: Decimal,
    /// Commission asset.
    pub commission_asset: String,
}
