//! Bybit's wire shapes (`dto`) → the port's domain types. Strict where money is settled (the
//! history, orders): an unreadable field fails the mapping instead of guessing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::dto::{
    InstrumentDto, OrderDto, RecordDto, SmallBalanceListDto, SubRecordDto, TickerDto, WalletDto,
};
use super::{assumptions, protocol};
use crate::domain::Asset;
use crate::ports::{
    Balance, DustCandidate, DustCandidates, DustConversion, DustFailure, DustLogEntry,
    DustProgress, DustTransfer, Prices, SpotOrder, SpotOrderStatus, SymbolRules, SymbolStatus,
    TradingRules, UserAsset,
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

/// The fee rate assumed before a quote (assumptions.rs); 0 if it were unreadable.
pub fn fee_rate() -> Decimal {
    assumptions::SMALL_BALANCE_FEE_RATE
        .parse()
        .unwrap_or_default()
}

/// instruments-info → rules. `minOrderQty` is deprecated but still sent; the step is
/// `basePrecision`, the minimum amount `minOrderAmt` (bybit.md §4).
pub fn trading_rules(list: Vec<InstrumentDto>) -> TradingRules {
    let mut symbols = BTreeMap::new();
    for s in list {
        let (Ok(base), Ok(quote)) = (Asset::parse(&s.base_coin), Asset::parse(&s.quote_coin))
        else {
            continue;
        };
        let status = match s.status.as_str() {
            protocol::SYMBOL_TRADING => SymbolStatus::Trading,
            "PreLaunch" | "Closed" | "Delivering" => SymbolStatus::Offline,
            _ => SymbolStatus::Other,
        };
        let lot = s.lot_size_filter;
        let step = lot.base_precision;
        symbols.insert(
            s.symbol.clone(),
            SymbolRules {
                symbol: s.symbol,
                base,
                quote,
                status,
                min_qty: if lot.min_order_qty.is_zero() {
                    step
                } else {
                    lot.min_order_qty
                },
                max_qty: if lot.max_market_order_qty.is_zero() {
                    Decimal::MAX
                } else {
                    lot.max_market_order_qty
                },
                step_size: step,
                min_notional: lot.min_order_amt,
                max_notional: None,
            },
        );
    }
    TradingRules { symbols }
}

/// tickers → last prices.
pub fn prices(list: Vec<TickerDto>) -> Prices {
    Prices {
        by_symbol: list.into_iter().map(|t| (t.symbol, t.last_price)).collect(),
    }
}

/// The Unified wallet's coins → positive balances (free = walletBalance − locked,
/// assumptions::FREE_IS_WALLET_MINUS_LOCKED).
pub fn balances(wallets: &[WalletDto]) -> Vec<Balance> {
    wallets
        .iter()
        .flat_map(|w| &w.coin)
        .filter(|c| !c.wallet_balance.is_zero())
        .filter_map(|c| {
            let locked = c.locked.min(c.wallet_balance).max(Decimal::ZERO);
            let free = if assumptions::FREE_IS_WALLET_MINUS_LOCKED {
                c.wallet_balance - locked
            } else {
                c.wallet_balance
            };
            Some(Balance {
                asset: Asset::parse(&c.coin).ok()?,
                free,
                locked,
            })
        })
        .collect()
}

/// USD (USDT) value → BTC by the last BTCUSDT price; 0 without one.
fn usdt_to_btc(prices: &Prices, usdt: Decimal) -> Decimal {
    prices
        .by_symbol
        .get("BTCUSDT")
        .and_then(|p| usdt.checked_div(*p))
        .map(|v| v.round_dp(8))
        .unwrap_or_default()
}

/// The wallet's coins valued in BTC from their `usdValue`.
pub fn user_assets(wallets: &[WalletDto], prices: &Prices) -> Vec<UserAsset> {
    let values: BTreeMap<&str, Decimal> = wallets
        .iter()
        .flat_map(|w| &w.coin)
        .map(|c| (c.coin.as_str(), c.usd_value))
        .collect();
    balances(wallets)
        .into_iter()
        .map(|b| UserAsset {
            btc_valuation: usdt_to_btc(
                prices,
                values.get(b.asset.as_str()).copied().unwrap_or_default(),
            ),
            asset: b.asset,
            free: b.free,
            locked: b.locked,
            freeze: Decimal::ZERO,
            withdrawing: Decimal::ZERO,
        })
        .collect()
}

/// The target's amount for `usdt`, by its last USDT price (1 for USDT).
fn in_target(prices: &Prices, target: &Asset, usdt: Decimal) -> Decimal {
    if target.as_str() == "USDT" {
        return usdt;
    }
    prices
        .by_symbol
        .get(&format!("{target}USDT"))
        .and_then(|p| usdt.checked_div(*p))
        .map(|v| v.round_dp(8))
        .unwrap_or_default()
}

/// small-balance-list → candidates for `target`. The list carries only each coin's USDT
/// value (`toAmount` is "reserved", bybit.md §6.1), so the amounts in the target are a
/// preview from last prices and the assumed fee; the quote and the history say what came.
pub fn dust_candidates(
    dto: SmallBalanceListDto,
    target: &Asset,
    prices: &Prices,
) -> DustCandidates {
    let rate = fee_rate();
    let mut details = Vec::new();
    for c in dto.small_asset_coins {
        if c.support_convert != protocol::SUPPORT_CONVERT_YES
            || c.available_balance <= Decimal::ZERO
        {
            continue;
        }
        let Ok(a) = Asset::parse(&c.from_coin) else {
            continue;
        };
        if &a == target {
            continue;
        }
        let gross = in_target(prices, target, c.base_value);
        let fee = (gross * rate).round_dp(8);
        details.push(DustCandidate {
            full_name: a.as_str().to_owned(),
            asset: a,
            amount_free: c.available_balance,
            to_btc: usdt_to_btc(prices, c.base_value),
            target_asset: target.clone(),
            gross,
            received: gross - fee,
            fee,
            fee_asset: target.clone(),
        });
    }
    DustCandidates {
        total_btc: details.iter().map(|d| d.to_btc).sum(),
        total_gross: details.iter().map(|d| d.gross).sum(),
        fee_rate: rate,
        details,
    }
}

fn finished(status: &str) -> bool {
    matches!(
        status,
        protocol::STATUS_SUCCESS | protocol::STATUS_PARTIAL | protocol::STATUS_FAILURE
    )
}

/// Whether one coin of a record converted: its own status when it has one
/// (assumptions::SUB_RECORD_HAS_STATUS), else the record's.
fn sub_succeeded(record_status: &str, sub: &SubRecordDto) -> bool {
    match sub.status.as_str() {
        s if assumptions::SUB_RECORD_HAS_STATUS && !s.is_empty() => s == protocol::STATUS_SUCCESS,
        _ => record_status == protocol::STATUS_SUCCESS,
    }
}

fn transfer(r: &RecordDto, s: &SubRecordDto, at: DateTime<Utc>) -> MapResult<DustTransfer> {
    let target = asset(if s.to_coin.is_empty() {
        &r.to_coin
    } else {
        &s.to_coin
    })?;
    let fee_asset = if s.fee_coin.is_empty() {
        target.clone()
    } else {
        asset(&s.fee_coin)?
    };
    Ok(DustTransfer {
        from_asset: asset(&s.from_coin)?,
        amount: s.from_amount,
        gross: s.to_amount + s.fee_amount,
        received: s.to_amount,
        fee: s.fee_amount,
        fee_asset,
        batch_id: r.exchange_tx_id.clone(),
        operate_time: at,
        target_asset: target,
    })
}

/// A history record → where its conversion stands: processing until Bybit says success,
/// partial fulfilment or failure; then per coin what converted and what did not.
pub fn progress(r: &RecordDto) -> MapResult<DustProgress> {
    if !finished(&r.status) {
        return Ok(DustProgress::Processing {
            id: r.exchange_tx_id.clone(),
        });
    }
    let at = ms(r.created_at)?;
    let mut transfers = Vec::new();
    let mut failed = Vec::new();
    for s in &r.sub_records {
        if r.status != protocol::STATUS_FAILURE && sub_succeeded(&r.status, s) {
            transfers.push(transfer(r, s, at)?);
        } else {
            failed.push(DustFailure {
                asset: asset(&s.from_coin)?,
                code: if s.status.is_empty() {
                    r.status.clone()
                } else {
                    s.status.clone()
                },
                msg: format!("Bybit did not convert {} ({})", s.from_coin, r.status),
            });
        }
    }
    Ok(DustProgress::Finished(DustConversion {
        total_gross: transfers.iter().map(|t| t.gross).sum(),
        total_received: transfers.iter().map(|t| t.received).sum(),
        total_fee: transfers.iter().map(|t| t.fee).sum(),
        transfers,
        failed,
    }))
}

/// A history record → a dust-log batch, when it converted something (a processing or
/// failed record moved nothing, or nothing yet).
pub fn log_entry(r: &RecordDto) -> MapResult<Option<DustLogEntry>> {
    let DustProgress::Finished(c) = progress(r)? else {
        return Ok(None);
    };
    if c.transfers.is_empty() {
        return Ok(None);
    }
    Ok(Some(DustLogEntry {
        batch_id: r.exchange_tx_id.clone(),
        operate_time: ms(r.created_at)?,
        total_gross: c.total_gross,
        total_received: c.total_received,
        total_fee: c.total_fee,
        details: c.transfers,
    }))
}

/// An order of `/v5/order/realtime` → the port's order (no fills: the query has none).
pub fn spot_order(o: OrderDto) -> MapResult<SpotOrder> {
    let status = match o.order_status.as_str() {
        protocol::ORDER_FILLED => SpotOrderStatus::Filled,
        protocol::ORDER_PARTIALLY_FILLED => SpotOrderStatus::PartiallyFilled,
        protocol::ORDER_NEW => SpotOrderStatus::New,
        // A market order's unfilled rest canceled: final, like Binance's EXPIRED.
        protocol::ORDER_PARTIALLY_FILLED_CANCELED => SpotOrderStatus::Expired,
        protocol::ORDER_CANCELLED | protocol::ORDER_REJECTED => SpotOrderStatus::Canceled,
        other => SpotOrderStatus::Other(other.to_owned()),
    };
    Ok(SpotOrder {
        symbol: o.symbol,
        order_id: o.order_id,
        client_order_id: o.order_link_id,
        status,
        executed_qty: o.cum_exec_qty,
        quote_qty: o.cum_exec_value,
        fills: Vec::new(),
        transact_time: o.updated_time.map(ms).transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bybit::dto::HistoryDto;

    #[test]
    fn a_partial_record_reports_converted_and_failed_coins_apart_with_the_executed_amounts() {
        let h: HistoryDto = serde_json::from_str(
            r#"{"cursor":"1","size":"50","lastPage":"true","totalCount":"1","records":[
            {"accountType":"eb_convert_uta","exchangeTxId":"1010","toCoin":"USDC","toAmount":"0.98",
             "subRecords":[
               {"fromCoin":"SOL","fromAmount":"0.003","toCoin":"USDC","toAmount":"0.98","feeCoin":"USDC","feeAmount":"0.02","status":"success"},
               {"fromCoin":"XRP","fromAmount":"1","toCoin":"USDC","toAmount":"0","feeCoin":"USDC","feeAmount":"0","status":"failure"}],
             "status":"partial_fulfillment","createdAt":"1766128195512","exchangeSource":"small_asset_uta",
             "feeCoin":"USDC","totalFeeAmount":"0.02"}]}"#,
        )
        .expect("history");
        let DustProgress::Finished(c) = progress(&h.records[0]).expect("maps") else {
            panic!("final");
        };
        assert_eq!(c.transfers.len(), 1);
        assert_eq!(c.transfers[0].gross, Decimal::ONE);
        assert_eq!(c.failed[0].asset.as_str(), "XRP");
        let e = log_entry(&h.records[0]).expect("maps").expect("an entry");
        assert_eq!(e.details.len(), 1);
        assert_eq!(e.batch_id, "1010");
    }
}
