//! Wire shapes of the MEXC answers dustpan reads, as mexc.md §4–§7 shows them (mapped to the
//! port's types in `map`). Amounts are decimal strings and are read only as strings (never
//! an `f64`); ids and times may come as a JSON number or a string and keep their exact
//! digits.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

use crate::exchange_http::{json_int as flex_i64, json_int_opt as flex_i64_opt};

/// A code or id as text, whether written as a number or a string (`null` → empty).
pub(crate) fn flex_text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(String::new()),
        Value::Number(n) => Ok(n.to_string()),
        Value::String(s) => Ok(s),
        other => Err(de::Error::custom(format!("expected text, got {other}"))),
    }
}

/// A decimal string that may be absent, null or empty.
fn dec_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(s) if s.is_empty() => Ok(None),
        Some(s) => s.parse().map(Some).map_err(de::Error::custom),
    }
}

/// `{"code": …, "msg": …}` (mexc.md §2).
#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    /// The code (a number on the wire; a string is read too).
    #[serde(deserialize_with = "flex_text")]
    pub code: String,
    /// The message.
    #[serde(default, deserialize_with = "flex_text")]
    pub msg: String,
}

/// `GET /api/v3/time`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerTimeDto {
    /// ms; a number in the docs, a string in a ccxt comment (mexc.md §4).
    #[serde(deserialize_with = "flex_i64")]
    pub server_time: i64,
}

/// `GET /api/v3/exchangeInfo`.
#[derive(Debug, Deserialize)]
pub struct ExchangeInfoDto {
    /// Every symbol.
    pub symbols: Vec<SymbolDto>,
}

/// One exchangeInfo symbol (mexc.md §4 table).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SymbolDto {
    /// e.g. `MXUSDT`.
    pub symbol: String,
    /// `"1"` online, `"2"` pause, `"3"` offline (or `"ENABLED"` in an old example).
    #[serde(deserialize_with = "flex_text")]
    pub status: String,
    /// Base asset.
    pub base_asset: String,
    /// Quote asset.
    pub quote_asset: String,
    /// Decimal places of a quantity.
    #[serde(deserialize_with = "flex_i64")]
    pub base_asset_precision: i64,
    /// "allow api spot trading".
    #[serde(default = "yes")]
    pub is_spot_trading_allowed: bool,
    /// "min order quantity".
    #[serde(default, deserialize_with = "dec_opt")]
    pub base_size_precision: Option<Decimal>,
    /// "min order amount" in quote.
    #[serde(default, deserialize_with = "dec_opt")]
    pub quote_amount_precision: Option<Decimal>,
    /// "min order amount in market order".
    #[serde(default, deserialize_with = "dec_opt")]
    pub quote_amount_precision_market: Option<Decimal>,
    /// Max quote amount.
    #[serde(default, deserialize_with = "dec_opt")]
    pub max_quote_amount: Option<Decimal>,
    /// Max quote amount in market order.
    #[serde(default, deserialize_with = "dec_opt")]
    pub max_quote_amount_market: Option<Decimal>,
    /// `1` all, `2` buy only, `3` sell only, `4` close.
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub trade_side_type: Option<i64>,
}

fn yes() -> bool {
    true
}

/// One `GET /api/v3/ticker/price` entry.
#[derive(Debug, Deserialize)]
pub struct TickerPriceDto {
    /// Symbol.
    pub symbol: String,
    /// Last price.
    #[serde(with = "rust_decimal::serde::str")]
    pub price: Decimal,
}

/// `GET /api/v3/account` (mexc.md §5).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountDto {
    /// Account-level withdrawal flag.
    #[serde(default)]
    pub can_withdraw: Option<bool>,
    /// Balances.
    pub balances: Vec<BalanceDto>,
}

/// One balance.
#[derive(Debug, Deserialize)]
pub struct BalanceDto {
    /// Asset.
    pub asset: String,
    /// Free.
    #[serde(with = "rust_decimal::serde::str")]
    pub free: Decimal,
    /// Locked.
    #[serde(with = "rust_decimal::serde::str")]
    pub locked: Decimal,
}

/// One row of `GET /api/v3/capital/convert/list` (a bare array, mexc.md §6.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustListRow {
    /// MX received, net of the fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub convert_mx: Decimal,
    /// USDT value.
    #[serde(with = "rust_decimal::serde::str")]
    pub convert_usdt: Decimal,
    /// Convertible balance.
    #[serde(with = "rust_decimal::serde::str")]
    pub balance: Decimal,
    /// Asset.
    pub asset: String,
    /// Per-asset code (see assumptions::DUST_LIST_OK_CODES).
    #[serde(default, deserialize_with = "flex_text")]
    pub code: String,
    /// Per-asset message.
    #[serde(default, deserialize_with = "flex_text")]
    pub message: String,
}

/// `POST /api/v3/capital/convert` (mexc.md §6.2).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustConvertDto {
    /// Assets converted.
    pub success_list: Vec<String>,
    /// Assets refused, one by one.
    #[serde(default)]
    pub failed_list: Vec<DustFailedDto>,
    /// MX credited, net of the fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_convert: Decimal,
    /// The fee in MX.
    #[serde(with = "rust_decimal::serde::str")]
    pub convert_fee: Decimal,
}

/// One `failedList` entry (types UNCONFIRMED: read as text, mexc.md §6.2).
#[derive(Debug, Deserialize)]
pub struct DustFailedDto {
    /// Asset.
    #[serde(deserialize_with = "flex_text")]
    pub asset: String,
    /// Why.
    #[serde(default, deserialize_with = "flex_text")]
    pub message: String,
    /// Code.
    #[serde(default, deserialize_with = "flex_text")]
    pub code: String,
}

/// `GET /api/v3/capital/convert` (mexc.md §6.3).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustLogDto {
    /// Batches.
    pub data: Vec<DustBatchDto>,
    /// Page number.
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub page: Option<i64>,
    /// Page count, as the example names it.
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub total_page_num: Option<i64>,
    /// Page count, as the table names it.
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub total_page: Option<i64>,
}

/// One batch of the dust log.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DustBatchDto {
    /// MX, see assumptions::DUST_LOG_CONVERT_IS_NET.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_convert: Decimal,
    /// Fee in MX.
    #[serde(with = "rust_decimal::serde::str")]
    pub total_fee: Decimal,
    /// ms.
    #[serde(deserialize_with = "flex_i64")]
    pub convert_time: i64,
    /// Per asset.
    pub convert_details: Vec<DustDetailDto>,
}

/// One asset of a dust-log batch.
#[derive(Debug, Deserialize)]
pub struct DustDetailDto {
    /// 32-hex id.
    #[serde(deserialize_with = "flex_text")]
    pub id: String,
    /// MX.
    #[serde(with = "rust_decimal::serde::str")]
    pub convert: Decimal,
    /// Fee in MX.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// Source-asset quantity.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// ms.
    #[serde(deserialize_with = "flex_i64")]
    pub time: i64,
    /// Asset.
    pub asset: String,
}

/// `POST /api/v3/order` (mexc.md §7): no fill information.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewOrderDto {
    /// Symbol.
    pub symbol: String,
    /// Opaque id (a string).
    #[serde(deserialize_with = "flex_text")]
    pub order_id: String,
    /// ms.
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub transact_time: Option<i64>,
}

/// `GET /api/v3/order` (mexc.md §7).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDto {
    /// Symbol.
    pub symbol: String,
    /// Opaque id.
    #[serde(deserialize_with = "flex_text")]
    pub order_id: String,
    /// Our id.
    #[serde(default, deserialize_with = "flex_text")]
    pub client_order_id: String,
    /// Base executed.
    #[serde(with = "rust_decimal::serde::str")]
    pub executed_qty: Decimal,
    /// Quote executed.
    #[serde(with = "rust_decimal::serde::str")]
    pub cummulative_quote_qty: Decimal,
    /// NEW, FILLED, PARTIALLY_FILLED, CANCELED, PARTIALLY_CANCELED.
    pub status: String,
    /// ms (number or string).
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub time: Option<i64>,
    /// ms (number or string).
    #[serde(default, deserialize_with = "flex_i64_opt")]
    pub update_time: Option<i64>,
}
