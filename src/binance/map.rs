//! Maps the wire shapes of `dto` to the port's domain types. Lists skip an entry whose
//! asset symbol is malformed (logged); money results and the dust log are strict.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use super::dto::*;
use super::{assumptions, protocol};
use crate::domain::Asset;
use crate::ports::{
    AcceptedOrder, AssetPrecision, Balance, ConvertOrder, ConvertOrderState, ConvertPair,
    DustCandidate, DustCandidates, DustConversion, DustLogEntry, DustTransfer, KeyPermissions,
    Prices, Quote, SpotFill, SpotOrder, SpotOrderStatus, SymbolRules, SymbolStatus, TradingRules,
    UserAsset,
};

// What Small Asset Convert's `/asset/dust` yields, and what a dust-log record without
// `targetAsset` went to (binance.md §3.2–3.3).
use super::capabilities::DUST_TARGET;

/// Why an answer could not be mapped (becomes `InvalidResponse`, or `OutcomeUnknown` for a
/// money operation).
pub type MapResult<T> = Result<T, String>;

fn asset(s: &str) -> MapResult<Asset> {
    Asset::parse(s).map_err(|_| format!("malformed asset symbol {s:?}"))
}

/// The latest time an answer may carry (9999-12-31T23:59:59.999Z): later ones are broken
/// answers, and adding a margin to them would leave chrono's range.
const MAX_WIRE_MS: i64 = 253_402_300_799_999;

/// ms since the epoch → UTC; a negative or absurdly distant time is refused.
pub fn ms(v: i64) -> MapResult<DateTime<Utc>> {
    if !(0..=MAX_WIRE_MS).contains(&v) {
        return Err(format!("timestamp {v} out of range"));
    }
    DateTime::from_timestamp_millis(v).ok_or_else(|| format!("timestamp {v} out of range"))
}

/// Keeps the entries that map, logging the others: one odd asset must not hide a
/// whole list (binance.md §5 lists assets the client does not control).
fn keep_valid<T, U>(items: Vec<T>, what: &str, f: impl Fn(T) -> MapResult<U>) -> Vec<U> {
    items
        .into_iter()
        .filter_map(|item| match f(item) {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!(what, error = %e, "skipping an entry the client cannot read");
                None
            }
        })
        .collect()
}

/// Balances, skipping malformed symbols.
pub fn balances(dto: AccountDto) -> Vec<Balance> {
    keep_valid(dto.balances, "balance", |b| {
        Ok(Balance {
            asset: asset(&b.asset)?,
            free: b.free,
            locked: b.locked,
        })
    })
}

/// User assets, skipping malformed symbols.
pub fn user_assets(dto: Vec<UserAssetDto>) -> Vec<UserAsset> {
    keep_valid(dto, "user asset", |u| {
        Ok(UserAsset {
            asset: asset(&u.asset)?,
            free: u.free,
            locked: u.locked,
            freeze: u.freeze,
            withdrawing: u.withdrawing,
            btc_valuation: u.btc_valuation.unwrap_or_default(),
        })
    })
}

/// Dust candidates, skipping malformed symbols.
pub fn dust_candidates(dto: DustBtcDto) -> DustCandidates {
    DustCandidates {
        details: keep_valid(dto.details, "dust candidate", |d| {
            Ok(DustCandidate {
                asset: asset(&d.asset)?,
                full_name: d.asset_full_name,
                amount_free: d.amount_free,
                to_btc: d.to_btc,
                target_asset: asset(DUST_TARGET)?,
                gross: d.to_bnb,
                received: d.to_bnb_off_exchange,
                fee: d.exchange,
                fee_asset: asset(DUST_TARGET)?,
            })
        }),
        total_btc: dto.total_transfer_btc,
        total_gross: dto.total_transfer_bnb,
        fee_rate: dto.dribblet_percentage,
    }
}

/// `(gross, received)` of a reported `transferedAmount` and its fee, as
/// [`assumptions::DUST_TRANSFERED_IS_GROSS`] reads it (binance.md §3.2). Both are bounded by
/// `MAX_WIRE_DECIMAL`, so the arithmetic cannot overflow; checked all the same.
fn gross_received(transfered: Decimal, fee: Decimal) -> MapResult<(Decimal, Decimal)> {
    gross_received_as(assumptions::DUST_TRANSFERED_IS_GROSS, transfered, fee)
}

/// [`gross_received`] with the reading of `transferedAmount` given.
fn gross_received_as(
    is_gross: bool,
    transfered: Decimal,
    fee: Decimal,
) -> MapResult<(Decimal, Decimal)> {
    let other = if is_gross {
        transfered.checked_sub(fee)
    } else {
        transfered.checked_add(fee)
    }
    .ok_or_else(|| format!("dust amount {transfered} with fee {fee} out of range"))?;
    Ok(if is_gross {
        (transfered, other)
    } else {
        (other, transfered)
    })
}

/// Dust Convert's candidates into `target` (binance-dust-convert.md §2), skipping malformed
/// symbols. The answer has no BTC value, so `to_btc` is zero (the service's BTC figures
/// come from the balances, never from here).
pub fn dust_convertible(dto: DustConvertibleDto, target: &Asset) -> DustCandidates {
    DustCandidates {
        details: keep_valid(dto.details, "dust-convert candidate", |d| {
            Ok(DustCandidate {
                asset: asset(&d.asset)?,
                full_name: d.asset_full_name,
                amount_free: d.amount_free,
                to_btc: Decimal::ZERO,
                target_asset: target.clone(),
                gross: d.to_target_asset_amount,
                received: d.to_target_asset_off_exchange,
                fee: d.exchange,
                // The example's `exchange` is 2 % of the target amount (§2): in the target.
                fee_asset: target.clone(),
            })
        }),
        total_btc: Decimal::ZERO,
        total_gross: dto.total_transfer_target_asset_amount,
        fee_rate: dto.dribblet_percentage,
    }
}

/// A dust conversion to BNB (`/asset/dust`). Strict: a money result is never silently trimmed.
pub fn dust_conversion(dto: DustDto) -> MapResult<DustConversion> {
    conversion_to(
        dto,
        &asset(DUST_TARGET)?,
        assumptions::DUST_TRANSFERED_IS_GROSS,
    )
}

/// A Dust Convert conversion to `target` (binance-dust-convert.md §3: the answer does not
/// echo the target, so the one asked for is the one recorded). Strict, as above.
pub fn dust_conversion_to(dto: DustDto, target: &Asset) -> MapResult<DustConversion> {
    conversion_to(dto, target, assumptions::DUST_CONVERT_TRANSFERED_IS_GROSS)
}

fn conversion_to(dto: DustDto, target: &Asset, is_gross: bool) -> MapResult<DustConversion> {
    let transfers = dto
        .transfer_result
        .into_iter()
        .map(|t| {
            let (gross, received) =
                gross_received_as(is_gross, t.transfered_amount, t.service_charge_amount)?;
            Ok(DustTransfer {
                from_asset: asset(&t.from_asset)?,
                amount: t.amount,
                gross,
                received,
                fee: t.service_charge_amount,
                // The fee is charged in the asset received (binance.md §3.2).
                fee_asset: target.clone(),
                batch_id: t.tran_id.to_string(),
                operate_time: ms(t.operate_time)?,
                target_asset: target.clone(),
            })
        })
        .collect::<MapResult<Vec<_>>>()?;
    let (total_gross, total_received) =
        gross_received_as(is_gross, dto.total_transfered, dto.total_service_charge)?;
    Ok(DustConversion {
        total_gross,
        total_received,
        total_fee: dto.total_service_charge,
        transfers,
        failed: Vec::new(),
    })
}

/// The dust log. Strict too (it is what reconciliation reads). Each detail carries the
/// batch's `transId`, the id `/asset/dust` returned as `tranId` (the port's `batch_id` is
/// "shared by the whole batch"); the detail's own id is not needed by dustpan.
pub fn dust_log(dto: DribbletDto) -> MapResult<Vec<DustLogEntry>> {
    dto.user_asset_dribblets
        .into_iter()
        .map(|b| {
            let details = b
                .user_asset_dribblet_details
                .into_iter()
                .map(|d| {
                    let (gross, received) =
                        gross_received(d.transfered_amount, d.service_charge_amount)?;
                    let target = asset(d.target_asset.as_deref().unwrap_or(DUST_TARGET))?;
                    Ok(DustTransfer {
                        from_asset: asset(&d.from_asset)?,
                        amount: d.amount,
                        gross,
                        received,
                        fee: d.service_charge_amount,
                        // The fee is charged in the asset received (binance.md §3.3).
                        fee_asset: target.clone(),
                        batch_id: b.trans_id.to_string(),
                        operate_time: ms(d.operate_time)?,
                        target_asset: target,
                    })
                })
                .collect::<MapResult<Vec<_>>>()?;
            let (total_gross, total_received) =
                gross_received(b.total_transfered_amount, b.total_service_charge_amount)?;
            Ok(DustLogEntry {
                batch_id: b.trans_id.to_string(),
                operate_time: ms(b.operate_time)?,
                total_gross,
                total_received,
                total_fee: b.total_service_charge_amount,
                details,
            })
        })
        .collect()
}

/// A symbol's status (binance-spot-api-docs enums.md); an unknown value is not tradable,
/// never a parse failure.
fn status(s: &str) -> SymbolStatus {
    match s {
        protocol::SYMBOL_STATUS_TRADING => SymbolStatus::Trading,
        protocol::SYMBOL_STATUS_END_OF_DAY => SymbolStatus::ClosedForDay,
        protocol::SYMBOL_STATUS_HALT => SymbolStatus::Halted,
        protocol::SYMBOL_STATUS_BREAK => SymbolStatus::Offline,
        protocol::SYMBOL_STATUS_CANCEL_ONLY => SymbolStatus::CancelOnly,
        _ => SymbolStatus::Other,
    }
}

/// Trading rules. A symbol without LOT_SIZE gets no quantity bound (min 0, max
/// `Decimal::MAX`, step 0); without a notional filter, a zero minimum.
pub fn trading_rules(dto: ExchangeInfoDto) -> TradingRules {
    let rules = keep_valid(dto.symbols, "symbol", |s| {
        let mut r = SymbolRules {
            base: asset(&s.base_asset)?,
            quote: asset(&s.quote_asset)?,
            status: status(&s.status),
            min_qty: Decimal::ZERO,
            max_qty: Decimal::MAX,
            step_size: Decimal::ZERO,
            min_notional: Decimal::ZERO,
            max_notional: None,
            symbol: s.symbol,
        };
        for f in s.filters {
            match f {
                FilterDto::LotSize {
                    min_qty,
                    max_qty,
                    step_size,
                } => (r.min_qty, r.max_qty, r.step_size) = (min_qty, max_qty, step_size),
                FilterDto::Notional {
                    min_notional,
                    max_notional,
                } => (r.min_notional, r.max_notional) = (min_notional, max_notional),
                // NOTIONAL supersedes MIN_NOTIONAL when a symbol lists both.
                FilterDto::MinNotional { min_notional } if r.min_notional.is_zero() => {
                    r.min_notional = min_notional;
                }
                FilterDto::MinNotional { .. } | FilterDto::Other => {}
            }
        }
        Ok(r)
    });
    TradingRules {
        symbols: rules.into_iter().map(|r| (r.symbol.clone(), r)).collect(),
    }
}

/// Prices by symbol.
pub fn prices(dto: Vec<PriceDto>) -> Prices {
    Prices {
        by_symbol: dto.into_iter().map(|p| (p.symbol, p.price)).collect(),
    }
}

/// Key permissions.
pub fn key_permissions(dto: ApiRestrictionsDto) -> KeyPermissions {
    KeyPermissions {
        reading: dto.enable_reading,
        spot_trading: dto.enable_spot_and_margin_trading,
        withdrawals: dto.enable_withdrawals,
        ip_restricted: dto.ip_restrict,
    }
}

/// Convert pairs, skipping malformed symbols.
pub fn convert_pairs(dto: Vec<ConvertPairDto>) -> Vec<ConvertPair> {
    keep_valid(dto, "convert pair", |p| {
        Ok(ConvertPair {
            from_asset: asset(&p.from_asset)?,
            to_asset: asset(&p.to_asset)?,
            from_min: p.from_asset_min_amount,
            from_max: p.from_asset_max_amount,
            to_min: p.to_asset_min_amount,
            to_max: p.to_asset_max_amount,
        })
    })
}

/// Convert precisions, skipping malformed symbols.
pub fn precisions(dto: Vec<AssetInfoDto>) -> Vec<AssetPrecision> {
    keep_valid(dto, "asset precision", |a| {
        Ok(AssetPrecision {
            asset: asset(&a.asset)?,
            fraction: a.fraction,
        })
    })
}

/// A quote.
pub fn quote(dto: QuoteDto) -> MapResult<Quote> {
    Ok(Quote {
        quote_id: dto.quote_id.map(|i| i.0),
        ratio: dto.ratio,
        inverse_ratio: dto.inverse_ratio,
        valid_until: ms(dto.valid_timestamp)?,
        from_amount: dto.from_amount,
        to_amount: dto.to_amount,
    })
}

/// Binance's convert order states (binance.md §4.4–4.5): `PROCESS` and `ACCEPT_SUCCESS`
/// are both "accepted, not final".
fn order_state(s: String) -> ConvertOrderState {
    match s.as_str() {
        protocol::CONVERT_STATE_PROCESS | protocol::CONVERT_STATE_ACCEPT_SUCCESS => {
            ConvertOrderState::Processing
        }
        protocol::CONVERT_STATE_SUCCESS => ConvertOrderState::Succeeded,
        protocol::CONVERT_STATE_FAIL => ConvertOrderState::Failed,
        _ => ConvertOrderState::Unknown(s),
    }
}

/// The answer to acceptQuote.
pub fn accepted(dto: AcceptDto) -> MapResult<AcceptedOrder> {
    Ok(AcceptedOrder {
        order_id: dto.order_id.0,
        create_time: ms(dto.create_time)?,
        state: order_state(dto.order_status),
    })
}

/// One convert order.
pub fn order(dto: OrderDto) -> MapResult<ConvertOrder> {
    Ok(ConvertOrder {
        order_id: dto.order_id.0,
        quote_id: dto.quote_id.map(|i| i.0),
        state: order_state(dto.order_status),
        from_asset: asset(&dto.from_asset)?,
        from_amount: dto.from_amount,
        to_asset: asset(&dto.to_asset)?,
        to_amount: dto.to_amount,
        ratio: dto.ratio,
        inverse_ratio: dto.inverse_ratio,
        create_time: ms(dto.create_time)?,
    })
}

fn spot_status(s: String) -> SpotOrderStatus {
    match s.as_str() {
        "FILLED" => SpotOrderStatus::Filled,
        "PARTIALLY_FILLED" => SpotOrderStatus::PartiallyFilled,
        "NEW" | "PENDING_NEW" => SpotOrderStatus::New,
        "EXPIRED" | "EXPIRED_IN_MATCH" => SpotOrderStatus::Expired,
        "CANCELED" | "REJECTED" => SpotOrderStatus::Canceled,
        _ => SpotOrderStatus::Other(s),
    }
}

/// A spot order (new order FULL answer or query order).
pub fn spot_order(dto: SpotOrderDto) -> MapResult<SpotOrder> {
    let fills = dto
        .fills
        .into_iter()
        .map(|f| {
            Ok(SpotFill {
                price: f.price,
                qty: f.qty,
                commission: f.commission,
                commission_asset: asset(&f.commission_asset)?,
            })
        })
        .collect::<MapResult<Vec<_>>>()?;
    let at = dto.transact_time.or(dto.time).map(ms).transpose()?;
    Ok(SpotOrder {
        symbol: dto.symbol,
        order_id: dto.order_id.0,
        client_order_id: dto.client_order_id,
        status: spot_status(dto.status),
        executed_qty: dto.executed_qty,
        quote_qty: dto.cummulative_quote_qty,
        fills,
        transact_time: at,
    })
}

#[cfg(test)]
#[path = "map_tests.rs"]
mod tests;
