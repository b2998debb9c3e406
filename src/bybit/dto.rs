//! Wire shapes of the Bybit v5 answers dustpan reads (bybit.md §1, §4–§8), mapped to the
//! port's types in `map`. Amounts are decimal strings, read only as strings (never an
//! `f64`); an empty string is "no value". Ids stay strings (a quote id has 28 digits).

use rust_decimal::Decimal;
use serde::Deserialize;
use serde::de::{self, Deserializer};
use serde_json::Value;

use crate::exchange_http::{json_int as int, json_int_opt as int_opt};

/// A decimal string; `""` or absent reads as zero.
fn dec0<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    let text: Option<String> = Option::deserialize(d)?;
    match text.as_deref().map(str::trim) {
        None | Some("") => Ok(Decimal::ZERO),
        Some(t) => t.parse().map_err(de::Error::custom),
    }
}

/// `{retCode, retMsg, result, retExtInfo, time}` (bybit.md §1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope {
    /// 0 = success.
    #[serde(deserialize_with = "int")]
    pub ret_code: i64,
    /// The message.
    #[serde(default)]
    pub ret_msg: String,
    /// The answer proper (an object; `{}` on errors).
    #[serde(default)]
    pub result: Value,
    /// The server time, ms.
    #[serde(default)]
    pub time: Option<i64>,
}

/// `GET /v5/market/time` result.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TimeDto {
    /// Seconds, as a string.
    #[serde(deserialize_with = "int")]
    pub time_second: i64,
}

/// A `{list: […]}` result.
#[derive(Debug, Deserialize)]
pub struct ListDto<T> {
    /// The rows.
    #[serde(default = "Vec::new")]
    pub list: Vec<T>,
}

/// One spot instrument (bybit.md §4).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InstrumentDto {
    /// e.g. `XRPUSDT`.
    pub symbol: String,
    /// Base coin.
    pub base_coin: String,
    /// Quote coin.
    pub quote_coin: String,
    /// `Trading`, `PreLaunch`, ….
    pub status: String,
    /// Quantity rules.
    pub lot_size_filter: LotSizeDto,
}

/// `lotSizeFilter` (bybit.md §4).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LotSizeDto {
    /// The quantity step.
    #[serde(deserialize_with = "dec0")]
    pub base_precision: Decimal,
    /// Deprecated minimum quantity (still sent).
    #[serde(default, deserialize_with = "dec0")]
    pub min_order_qty: Decimal,
    /// The minimum order amount in the quote coin.
    #[serde(default, deserialize_with = "dec0")]
    pub min_order_amt: Decimal,
    /// The largest market order quantity.
    #[serde(default, deserialize_with = "dec0")]
    pub max_market_order_qty: Decimal,
}

/// One spot ticker (bybit.md §4).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TickerDto {
    /// Symbol.
    pub symbol: String,
    /// Last price.
    #[serde(deserialize_with = "dec0")]
    pub last_price: Decimal,
}

/// One wallet of `GET /v5/account/wallet-balance` (bybit.md §5).
#[derive(Debug, Deserialize)]
pub struct WalletDto {
    /// Its coins.
    #[serde(default)]
    pub coin: Vec<WalletCoinDto>,
}

/// One coin of a wallet.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WalletCoinDto {
    /// Coin.
    pub coin: String,
    /// Total balance.
    #[serde(deserialize_with = "dec0")]
    pub wallet_balance: Decimal,
    /// Locked by open spot orders.
    #[serde(default, deserialize_with = "dec0")]
    pub locked: Decimal,
    /// USD value.
    #[serde(default, deserialize_with = "dec0")]
    pub usd_value: Decimal,
}

/// `GET /v5/user/query-api` (bybit.md §5).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiKeyDto {
    /// 0 read+write, 1 read only.
    #[serde(deserialize_with = "int")]
    pub read_only: i64,
    /// Permission groups.
    #[serde(default)]
    pub permissions: std::collections::BTreeMap<String, Vec<String>>,
    /// Bound IPs.
    #[serde(default)]
    pub ips: Vec<String>,
}

/// `GET /v5/asset/covert/small-balance-list` (bybit.md §6.1).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmallBalanceListDto {
    /// The coins under 10 USDT.
    #[serde(default)]
    pub small_asset_coins: Vec<SmallCoinDto>,
    /// The targets offered.
    #[serde(default)]
    pub support_to_coins: Vec<String>,
}

/// One coin of the list or of a quote.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmallCoinDto {
    /// Coin.
    pub from_coin: String,
    /// 1 converts, 2 does not.
    #[serde(deserialize_with = "int")]
    pub support_convert: i64,
    /// Balance (may exceed what converts).
    #[serde(deserialize_with = "dec0")]
    pub available_balance: Decimal,
    /// USDT value.
    #[serde(default, deserialize_with = "dec0")]
    pub base_value: Decimal,
    /// Target (quotes only).
    #[serde(default)]
    pub to_coin: String,
    /// Net amount received (quotes only).
    #[serde(default, deserialize_with = "dec0")]
    pub to_amount: Decimal,
    /// The fee (quotes only; `null` in the list).
    #[serde(default)]
    pub fee_info: Option<FeeDto>,
}

/// `feeInfo` / `totalFeeInfo`.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeeDto {
    /// Its coin.
    #[serde(default)]
    pub fee_coin: String,
    /// Amount.
    #[serde(deserialize_with = "dec0")]
    pub amount: Decimal,
    /// Rate.
    #[serde(default, deserialize_with = "dec0")]
    pub fee_rate: Decimal,
}

/// `POST /v5/asset/covert/get-quote` (bybit.md §6.2).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteDto {
    /// 28 digits, kept as a string.
    pub quote_id: String,
    /// The quote proper.
    pub result: QuoteBodyDto,
}

/// The inner `result` of a quote.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QuoteBodyDto {
    /// ms.
    #[serde(deserialize_with = "int")]
    pub quote_expire_time: i64,
    /// Per coin.
    #[serde(default)]
    pub exchange_coins: Vec<SmallCoinDto>,
}

/// `POST /v5/asset/covert/small-balance-execute` (bybit.md §6.3).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecuteDto {
    /// The quote.
    pub quote_id: String,
    /// Same as the quote id.
    #[serde(default)]
    pub exchange_tx_id: String,
    /// ms.
    #[serde(default, deserialize_with = "int_opt")]
    pub submit_time: Option<i64>,
    /// `processing` usually.
    pub status: String,
    /// Usually `""`.
    #[serde(default)]
    pub msg: String,
}

/// `GET /v5/asset/covert/small-balance-history` (bybit.md §6.4).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryDto {
    /// Page number, as a string.
    #[serde(default)]
    pub cursor: String,
    /// "true"/"false" as written.
    #[serde(default)]
    pub last_page: String,
    /// The records.
    #[serde(default)]
    pub records: Vec<RecordDto>,
}

/// One conversion record.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordDto {
    /// The quote id.
    pub exchange_tx_id: String,
    /// Target.
    pub to_coin: String,
    /// Net total received.
    #[serde(default, deserialize_with = "dec0")]
    pub to_amount: Decimal,
    /// Per coin.
    #[serde(default)]
    pub sub_records: Vec<SubRecordDto>,
    /// `processing`, `success`, `partial_fulfillment`, `failure`.
    pub status: String,
    /// ms, a string.
    #[serde(deserialize_with = "int")]
    pub created_at: i64,
    /// Fee coin.
    #[serde(default)]
    pub fee_coin: String,
    /// Fee total.
    #[serde(default, deserialize_with = "dec0")]
    pub total_fee_amount: Decimal,
}

/// One coin of a record.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubRecordDto {
    /// Coin converted.
    pub from_coin: String,
    /// Quantity.
    #[serde(deserialize_with = "dec0")]
    pub from_amount: Decimal,
    /// Target.
    pub to_coin: String,
    /// Net received.
    #[serde(deserialize_with = "dec0")]
    pub to_amount: Decimal,
    /// Fee coin.
    #[serde(default)]
    pub fee_coin: String,
    /// Fee.
    #[serde(default, deserialize_with = "dec0")]
    pub fee_amount: Decimal,
    /// This coin's own status.
    #[serde(default)]
    pub status: String,
}

/// `POST /v5/order/create` (bybit.md §8).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderAckDto {
    /// Bybit's id.
    pub order_id: String,
    /// Ours.
    #[serde(default)]
    pub order_link_id: String,
}

/// One order of `GET /v5/order/realtime` (bybit.md §8).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OrderDto {
    /// Bybit's id.
    pub order_id: String,
    /// Ours.
    #[serde(default)]
    pub order_link_id: String,
    /// Symbol.
    pub symbol: String,
    /// `Filled`, ….
    pub order_status: String,
    /// Base executed.
    #[serde(deserialize_with = "dec0")]
    pub cum_exec_qty: Decimal,
    /// Quote executed.
    #[serde(deserialize_with = "dec0")]
    pub cum_exec_value: Decimal,
    /// Fees per coin.
    #[serde(default)]
    pub cum_fee_detail: std::collections::BTreeMap<String, String>,
    /// ms, a string.
    #[serde(default, deserialize_with = "int_opt")]
    pub updated_time: Option<i64>,
}
