//! MEXC's wire shapes (`dto`) → the port's domain types. Strict where money is settled (the
//! dust log, orders): an unreadable field fails the mapping instead of guessing.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::assumptions;
use super::dto::{
    AccountDto, DustBatchDto, DustConvertDto, DustListRow, ExchangeInfoDto, OrderDto,
    TickerPriceDto,
};
use super::protocol;
use crate::domain::Asset;
use crate::ports::{
    Balance, DustCandidate, DustCandidates, DustConversion, DustFailure, DustLogEntry,
    DustTransfer, Prices, SpotOrder, SpotOrderStatus, SymbolRules, SymbolStatus, TradingRules,
    UserAsset,
};

/// A mapping failure, named.
pub type MapResult<T> = Result<T, String>;

fn asset(s: &str) -> MapResult<Asset> {
    Asset::parse(s).map_err(|_| format!("{s:?} is not an asset symbol"))
}

/// ms since the epoch → time.
pub fn ms(v: i64) -> MapResult<DateTime<Utc>> {
    DateTime::from_timestamp_millis(v).ok_or_else(|| format!("time {v} out of range"))
}

fn target() -> MapResult<Asset> {
    asset(protocol::DUST_TARGET)
}

/// The dust fee rate we assume (assumptions.rs); 0 if it were unreadable.
pub fn dust_fee_rate() -> Decimal {
    assumptions::DUST_FEE_RATE.parse().unwrap_or_default()
}

/// exchangeInfo → rules. MEXC writes its limits as plain fields (mexc.md §4): the minimum
/// quantity is `baseSizePrecision`, the step `10^-baseAssetPrecision`, the minimum amount
/// `quoteAmountPrecisionMarket` (else `quoteAmountPrecision`). A buy-only symbol or one not
/// open to API trading cannot take a sell: status `Other`.
pub fn trading_rules(dto: ExchangeInfoDto) -> TradingRules {
    let mut symbols = BTreeMap::new();
    for s in dto.symbols {
        let (Ok(base), Ok(quote)) = (Asset::parse(&s.base_asset), Asset::parse(&s.quote_asset))
        else {
            continue;
        };
        let sellable = s.is_spot_trading_allowed && matches!(s.trade_side_type, None | Some(1 | 3));
        let status = match s.status.as_str() {
            protocol::SYMBOL_ONLINE | "ENABLED" if sellable => SymbolStatus::Trading,
            protocol::SYMBOL_ONLINE | "ENABLED" => SymbolStatus::Other,
            protocol::SYMBOL_PAUSED => SymbolStatus::Halted,
            protocol::SYMBOL_OFFLINE => SymbolStatus::Offline,
            _ => SymbolStatus::Other,
        };
        let places = u32::try_from(s.base_asset_precision.clamp(0, 28)).unwrap_or(0);
        let step = Decimal::new(1, places);
        symbols.insert(
            s.symbol.clone(),
            SymbolRules {
                symbol: s.symbol,
                base,
                quote,
                status,
                min_qty: s.base_size_precision.unwrap_or(step),
                max_qty: Decimal::MAX,
                step_size: step,
                min_notional: s
                    .quote_amount_precision_market
                    .or(s.quote_amount_precision)
                    .unwrap_or_default(),
                max_notional: s.max_quote_amount_market.or(s.max_quote_amount),
            },
        );
    }
    TradingRules { symbols }
}

/// ticker/price → prices.
pub fn prices(dto: Vec<TickerPriceDto>) -> Prices {
    Prices {
        by_symbol: dto.into_iter().map(|t| (t.symbol, t.price)).collect(),
    }
}

/// /account → positive balances.
pub fn balances(dto: AccountDto) -> Vec<Balance> {
    dto.balances
        .into_iter()
        .filter(|b| !b.free.is_zero() || !b.locked.is_zero())
        .filter_map(|b| {
            Some(Balance {
                asset: Asset::parse(&b.asset).ok()?,
                free: b.free,
                locked: b.locked,
            })
        })
        .collect()
}

/// The price of one `asset` in BTC from last prices: direct, or through USDT; `None`
/// when neither pair is listed.
pub fn btc_price(prices: &Prices, asset: &str) -> Option<Decimal> {
    if asset == "BTC" {
        return Some(Decimal::ONE);
    }
    if let Some(p) = prices.by_symbol.get(&format!("{asset}BTC")) {
        return Some(*p);
    }
    let btc_usdt = prices.by_symbol.get("BTCUSDT").filter(|p| !p.is_zero())?;
    let usdt = if asset == "USDT" {
        Decimal::ONE
    } else {
        *prices.by_symbol.get(&format!("{asset}USDT"))?
    };
    usdt.checked_div(*btc_usdt)
}

/// Balances valued in BTC from last prices (MEXC has no valuation endpoint); an asset
/// without a price is valued 0.
pub fn user_assets(balances: Vec<Balance>, prices: &Prices) -> Vec<UserAsset> {
    balances
        .into_iter()
        .map(|b| {
            let price = btc_price(prices, b.asset.as_str()).unwrap_or_default();
            let total = b.free + b.locked;
            UserAsset {
                btc_valuation: (total * price).round_dp(8),
                asset: b.asset,
                free: b.free,
                locked: b.locked,
                freeze: Decimal::ZERO,
                withdrawing: Decimal::ZERO,
            }
        })
        .collect()
}

/// Whether a list row is convertible (assumptions::DUST_LIST_OK_CODES).
pub fn row_convertible(row: &DustListRow) -> bool {
    assumptions::DUST_LIST_OK_CODES.contains(&row.code.trim())
}

/// `capital/convert/list` → candidates. `convertMx` is net of the fee (mexc.md §6.1); the
/// fee is not in the answer, so the gross is derived from the assumed rate for the preview.
pub fn dust_candidates(rows: Vec<DustListRow>, prices: &Prices) -> MapResult<DustCandidates> {
    let rate = dust_fee_rate();
    let mut details = Vec::new();
    for row in rows.into_iter().filter(row_convertible) {
        let Ok(a) = Asset::parse(&row.asset) else {
            continue;
        };
        let gross = row
            .convert_mx
            .checked_div(Decimal::ONE - rate)
            .unwrap_or(row.convert_mx)
            .round_dp(8);
        let to_btc = btc_price(prices, "USDT")
            .map(|p| (row.convert_usdt * p).round_dp(8))
            .unwrap_or_default();
        details.push(DustCandidate {
            full_name: a.as_str().to_owned(),
            asset: a,
            amount_free: row.balance,
            to_btc,
            target_asset: target()?,
            gross,
            received: row.convert_mx,
            fee: gross - row.convert_mx,
            fee_asset: target()?,
        });
    }
    Ok(DustCandidates {
        total_btc: details.iter().map(|d| d.to_btc).sum(),
        total_gross: details.iter().map(|d| d.gross).sum(),
        fee_rate: rate,
        details,
    })
}

/// One dust-log batch → the port's entry; the batch is named by its first detail's id
/// (assumptions::DUST_BATCH_ID_IS_FIRST_DETAIL_ID).
pub fn dust_batch(b: DustBatchDto) -> MapResult<DustLogEntry> {
    let batch_id = b
        .convert_details
        .first()
        .map(|d| d.id.clone())
        .ok_or("a dust-log batch without details")?;
    let operate_time = ms(b.convert_time)?;
    let details = b
        .convert_details
        .into_iter()
        .map(|d| {
            let (gross, received) = gross_received(d.convert, d.fee);
            Ok(DustTransfer {
                from_asset: asset(&d.asset)?,
                amount: d.amount,
                gross,
                received,
                fee: d.fee,
                fee_asset: target()?,
                batch_id: batch_id.clone(),
                operate_time: ms(d.time)?,
                target_asset: target()?,
            })
        })
        .collect::<MapResult<Vec<_>>>()?;
    let (total_gross, total_received) = gross_received(b.total_convert, b.total_fee);
    Ok(DustLogEntry {
        batch_id,
        operate_time,
        total_gross,
        total_received,
        total_fee: b.total_fee,
        details,
    })
}

/// (gross, received) of a log amount, by assumptions::DUST_LOG_CONVERT_IS_NET.
fn gross_received(convert: Decimal, fee: Decimal) -> (Decimal, Decimal) {
    if assumptions::DUST_LOG_CONVERT_IS_NET {
        (convert + fee, convert)
    } else {
        (convert, convert - fee)
    }
}

/// A dust transfer's answer plus the batch the log shows for it → the conversion. The
/// totals are the answer's (documented net, mexc.md §6.2); per-asset lines are the log's.
pub fn dust_conversion(dto: DustConvertDto, batch: DustLogEntry) -> MapResult<DustConversion> {
    Ok(DustConversion {
        total_gross: dto.total_convert + dto.convert_fee,
        total_received: dto.total_convert,
        total_fee: dto.convert_fee,
        transfers: batch.details,
        failed: failures(&dto)?,
    })
}

/// The `failedList`, in the port's words.
pub fn failures(dto: &DustConvertDto) -> MapResult<Vec<DustFailure>> {
    dto.failed_list
        .iter()
        .map(|f| {
            Ok(DustFailure {
                asset: asset(&f.asset)?,
                code: f.code.clone(),
                msg: f.message.clone(),
            })
        })
        .collect()
}

/// Whether a log batch is the one a transfer converted: the same set of assets.
pub fn batch_matches(entry: &DustLogEntry, success: &[String]) -> bool {
    let logged: BTreeSet<&str> = entry
        .details
        .iter()
        .map(|d| d.from_asset.as_str())
        .collect();
    let sent: BTreeSet<String> = success.iter().map(|s| s.to_ascii_uppercase()).collect();
    logged.len() == sent.len() && sent.iter().all(|s| logged.contains(s.as_str()))
}

/// GET /order → the port's order (no fills: MEXC's query has none).
pub fn spot_order(dto: OrderDto) -> MapResult<SpotOrder> {
    let status = match dto.status.as_str() {
        "FILLED" => SpotOrderStatus::Filled,
        "PARTIALLY_FILLED" => SpotOrderStatus::PartiallyFilled,
        "NEW" => SpotOrderStatus::New,
        // A market order's unfilled rest canceled: final, like Binance's EXPIRED.
        "PARTIALLY_CANCELED" => SpotOrderStatus::Expired,
        "CANCELED" => SpotOrderStatus::Canceled,
        other => SpotOrderStatus::Other(other.to_owned()),
    };
    let at = dto.update_time.or(dto.time).map(ms).transpose()?;
    Ok(SpotOrder {
        symbol: dto.symbol,
        order_id: dto.order_id,
        client_order_id: dto.client_order_id,
        status,
        executed_qty: dto.executed_qty,
        quote_qty: dto.cummulative_quote_qty,
        fills: Vec::new(),
        transact_time: at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info(json: &str) -> ExchangeInfoDto {
        serde_json::from_str(json).expect("exchangeInfo")
    }

    #[test]
    fn symbol_status_reads_numbers_and_the_old_enabled_and_refuses_buy_only_markets() {
        let rules = trading_rules(info(
            r#"{"symbols":[
            {"symbol":"AUSDT","status":"1","baseAsset":"A","quoteAsset":"USDT","baseAssetPrecision":2,
             "baseSizePrecision":"0.1","quoteAmountPrecision":"5","isSpotTradingAllowed":true},
            {"symbol":"BUSDT","status":"ENABLED","baseAsset":"B","quoteAsset":"USDT","baseAssetPrecision":"3"},
            {"symbol":"CUSDT","status":"1","baseAsset":"C","quoteAsset":"USDT","baseAssetPrecision":0,"tradeSideType":2},
            {"symbol":"DUSDT","status":"1","baseAsset":"D","quoteAsset":"USDT","baseAssetPrecision":0,"isSpotTradingAllowed":false},
            {"symbol":"EUSDT","status":"2","baseAsset":"E","quoteAsset":"USDT","baseAssetPrecision":0},
            {"symbol":"FUSDT","status":3,"baseAsset":"F","quoteAsset":"USDT","baseAssetPrecision":0}]}"#,
        ));
        let s = |n: &str| rules.symbols[n].status;
        assert_eq!(s("AUSDT"), SymbolStatus::Trading);
        assert_eq!(s("BUSDT"), SymbolStatus::Trading);
        assert_eq!(s("CUSDT"), SymbolStatus::Other);
        assert_eq!(s("DUSDT"), SymbolStatus::Other);
        assert_eq!(s("EUSDT"), SymbolStatus::Halted);
        assert_eq!(s("FUSDT"), SymbolStatus::Offline);
        let a = &rules.symbols["AUSDT"];
        assert_eq!(a.min_qty, Decimal::new(1, 1));
        assert_eq!(a.step_size, Decimal::new(1, 2));
        assert_eq!(a.min_notional, Decimal::from(5));
        // Without baseSizePrecision the step is the minimum.
        assert_eq!(rules.symbols["BUSDT"].min_qty, Decimal::new(1, 3));
    }

    #[test]
    fn a_dust_list_row_is_convertible_only_without_a_refusal_code() {
        let rows: Vec<DustListRow> = serde_json::from_str(
            r#"[{"convertMx":"1","convertUsdt":"2","balance":"3","asset":"A"},
                {"convertMx":"1","convertUsdt":"2","balance":"3","asset":"B","code":null},
                {"convertMx":"1","convertUsdt":"2","balance":"3","asset":"C","code":"","message":""},
                {"convertMx":"0","convertUsdt":"0","balance":"3","asset":"D","code":"30021","message":"x"},
                {"convertMx":"0","convertUsdt":"0","balance":"3","asset":"E","code":30021}]"#,
        )
        .expect("rows");
        let ok: Vec<bool> = rows.iter().map(row_convertible).collect();
        assert_eq!(ok, vec![true, true, true, false, false]);
    }

    #[test]
    fn an_amount_written_as_a_json_number_is_refused_never_read_as_a_float() {
        let r = serde_json::from_str::<Vec<TickerPriceDto>>(r#"[{"symbol":"AUSDT","price":0.1}]"#);
        assert!(r.is_err());
    }
}
