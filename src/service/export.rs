//! `/export`: the user's history as a CSV for tax tools, one row per asset per dust
//! conversion, sale and swap.
//!
//! The columns follow Koinly's universal import format (Date, Sent Amount, Sent Currency,
//! Received Amount, Received Currency, Fee Amount, Fee Currency, Label, Description, TxHash),
//! followed by dustpan's own (Exchange, Kind, Operation ID), which Koinly does not read.
//! A dust conversion of several assets is split into one trade per asset: each row receives
//! that asset's share of the batch's target amount and fee. The shares are what the exchange
//! reports per asset when those add up to the batch totals (Binance's dust log has them);
//! otherwise the totals are split in proportion, with the rounding remainder on the last
//! row, so that the rows of a batch always add up exactly to it.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::ports::UserRecord;
use crate::ports::{DustConversionRecord, ExportItem, OperationKind, OperationRecord};
use crate::service::command::Period;
use crate::service::deps::Deps;
use crate::service::model::ServiceError;
use crate::service::operations::{SellOp, SellResult, SwapParams, SwapResult};
use crate::service::reconcile::Reconciles;
use crate::service::reply::{Attachment, Reply, Text};

/// The header row.
pub const HEADER: &str = "Date,Sent Amount,Sent Currency,Received Amount,Received Currency,\
Fee Amount,Fee Currency,Label,Description,TxHash,Exchange,Kind,Operation ID";

/// One CSV row.
struct Row<'a> {
    at: DateTime<Utc>,
    sent: (Decimal, &'a str),
    received: (Decimal, &'a str),
    fee: Option<(Decimal, &'a str)>,
    description: String,
    tx: &'a str,
    exchange: &'a str,
    kind: &'a str,
    operation: &'a str,
}

/// A field quoted when it needs to be (RFC 4180).
fn field(out: &mut String, s: &str) {
    if s.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(s);
    }
}

fn write_row(out: &mut String, r: &Row<'_>) {
    let (fee_amount, fee_asset) = r
        .fee
        .map_or((String::new(), ""), |(a, c)| (a.normalize().to_string(), c));
    let cells: [&str; 13] = [
        &r.at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        &r.sent.0.normalize().to_string(),
        r.sent.1,
        &r.received.0.normalize().to_string(),
        r.received.1,
        &fee_amount,
        fee_asset,
        "",
        &r.description,
        r.tx,
        r.exchange,
        r.kind,
        r.operation,
    ];
    for (i, c) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        field(out, c);
    }
    out.push_str("\r\n");
}

/// Splits `total` in proportion to `weights` (equally when they are all zero), rounded to
/// `total`'s scale, the remainder on the last share: the shares add up to `total` exactly.
pub fn split(total: Decimal, weights: &[Decimal]) -> Vec<Decimal> {
    let n = weights.len();
    if n == 0 {
        return Vec::new();
    }
    let sum: Decimal = weights.iter().sum();
    let scale = total.scale().max(8);
    let mut shares: Vec<Decimal> = weights[..n - 1]
        .iter()
        .map(|w| {
            let share = if sum.is_zero() {
                total / Decimal::from(n)
            } else {
                total * *w / sum
            };
            share.round_dp(scale)
        })
        .collect();
    let given: Decimal = shares.iter().sum();
    shares.push(total - given);
    shares
}

/// Each asset's share of a batch's target amount and fee.
pub fn shares(c: &DustConversionRecord) -> Vec<(Decimal, Decimal)> {
    let gross: Vec<Decimal> = c.assets.iter().map(|a| a.gross).collect();
    let fee: Vec<Decimal> = c.assets.iter().map(|a| a.fee).collect();
    let reported = gross.iter().sum::<Decimal>() == c.total_gross
        && fee.iter().sum::<Decimal>() == c.total_fee;
    if reported {
        return gross.into_iter().zip(fee).collect();
    }
    split(c.total_gross, &gross)
        .into_iter()
        .zip(split(c.total_fee, &gross))
        .collect()
}

fn conversion_rows(out: &mut String, exchange: &str, c: &DustConversionRecord) {
    let operation = c.operation_id.as_deref().unwrap_or_default();
    let n = c.assets.len();
    for (i, (a, (gross, fee))) in c.assets.iter().zip(shares(c)).enumerate() {
        write_row(
            out,
            &Row {
                at: c.operate_time,
                sent: (a.amount, &a.asset),
                received: (gross, &c.target_asset),
                fee: Some((fee, &c.target_asset)),
                description: format!("dust conversion {}/{n}", i + 1),
                tx: &c.batch_id,
                exchange,
                kind: "dust",
                operation,
            },
        );
    }
}

fn operation_row(out: &mut String, exchange: &str, op: &OperationRecord, at: DateTime<Utc>) {
    let result = op.result.as_deref().unwrap_or_default();
    match op.kind {
        OperationKind::Swap => {
            let (Ok(p), Ok(r)) = (
                serde_json::from_str::<SwapParams>(&op.params),
                serde_json::from_str::<SwapResult>(result),
            ) else {
                tracing::warn!("a swap's stored record does not read; left out of the export");
                return;
            };
            write_row(
                out,
                &Row {
                    at,
                    sent: (r.from_amount, &p.from),
                    received: (r.to_amount, &p.to),
                    fee: None,
                    description: "swap".to_owned(),
                    tx: &r.order_id,
                    exchange,
                    kind: "swap",
                    operation: &op.id,
                },
            );
        }
        OperationKind::Sell => {
            let (Ok(p), Ok(r)) = (
                serde_json::from_str::<SellOp>(&op.params),
                serde_json::from_str::<SellResult>(result),
            ) else {
                tracing::warn!("a sale's stored record does not read; left out of the export");
                return;
            };
            let p = p.market_sell;
            let quote = p.symbol.strip_prefix(&p.asset).unwrap_or(&p.symbol);
            let fee = r
                .commission
                .zip(r.commission_asset.as_deref())
                .filter(|(a, _)| !a.is_zero());
            write_row(
                out,
                &Row {
                    at: r.transact_time.unwrap_or(at),
                    sent: (r.executed_qty, &p.asset),
                    received: (r.quote_qty, quote),
                    fee,
                    description: "market sell".to_owned(),
                    tx: &r.order_id,
                    exchange,
                    kind: "sell",
                    operation: &op.id,
                },
            );
        }
        _ => {}
    }
}

/// The `/export` use case.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Exports {
    /// The CSV of the user's history in `period`, or why there is none.
    async fn export(
        &self,
        user: &UserRecord,
        period: Option<Period>,
    ) -> Result<Reply, ServiceError>;
}

impl Exports for Deps {
    async fn export(
        &self,
        user: &UserRecord,
        period: Option<Period>,
    ) -> Result<Reply, ServiceError> {
        let Some(period) = period else {
            return Ok(Reply::text(Text::new("export-bad-period")));
        };
        // Conversions made in the exchange's app count too; without a reachable exchange
        // the export still has what dustpan recorded.
        if let Err(e) = self.sync_dust_log(user).await {
            tracing::info!(error = %e, "dust log not read before an export");
        }
        let now = self.now();
        let (since, until) = period.bounds(now);
        let exchange = self.exchange.id().as_str();
        let mut out = String::with_capacity(4096);
        out.push_str(HEADER);
        out.push_str("\r\n");
        let mut rows = 0_i64;
        self.store
            .export_history(user.id, since, &mut |item| {
                let at = match &item {
                    ExportItem::Conversion(c) => c.operate_time,
                    ExportItem::Operation(_, at) => *at,
                };
                if until.is_some_and(|u| at >= u) {
                    return Ok(());
                }
                rows += 1;
                match &item {
                    ExportItem::Conversion(c) => conversion_rows(&mut out, exchange, c),
                    ExportItem::Operation(op, at) => operation_row(&mut out, exchange, op, *at),
                }
                Ok(())
            })
            .await?;
        if rows == 0 {
            return Ok(Reply::text(Text::new("export-empty")));
        }
        let mut reply = Reply::default();
        reply.attachments.push(Attachment {
            filename: format!("dustpan-{exchange}-{}.csv", period.label(now)),
            content_type: "text/csv",
            bytes: bytes::Bytes::from(out),
            caption: Some(Text::new("export-caption").int("count", rows)),
        });
        Ok(reply)
    }
}
