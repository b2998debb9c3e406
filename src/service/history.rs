//! `/cooldown` and `/history`: from dustpan's records and the exchange's dust log.

use crate::ports::{ConversionSource, OperationKind, OperationRecord, UserRecord};
use crate::service::arming::Arming;
use crate::service::deps::Deps;
use crate::service::format::{amount, datetime, span};
use crate::service::model::CooldownState;
use crate::service::model::ServiceError;
use crate::service::operations::settle::Settles;
use crate::service::operations::{dust_params, sell_params, swap_params};
use crate::service::reconcile::Reconciles;
use crate::service::reply::{Message, Reply, Text};

/// How many conversions `/history` shows.
pub const HISTORY_LIMIT: u32 = 10;
/// How far back `/history` lists operations whose outcome was never confirmed.
pub const UNRESOLVED_SHOWN_DAYS: i64 = 30;

/// One operation whose outcome the exchange never confirmed: what was sent, and when.
fn unresolved_line(op: &OperationRecord, tz: &str) -> Text {
    let sent = datetime(op.submitted_at.unwrap_or(op.created_at), tz);
    let other = || Text::new("history-unresolved-other").arg("sent", &sent);
    match op.kind {
        OperationKind::Sell => match sell_params(op) {
            Some(p) => Text::new("history-unresolved-sell")
                .arg("sent", &sent)
                .arg("asset", &p.asset)
                .arg("symbol", &p.symbol),
            None => other(),
        },
        OperationKind::Swap => match swap_params(op) {
            Some(p) => Text::new("history-unresolved-swap")
                .arg("sent", &sent)
                .arg("from", &p.from)
                .arg("to", &p.to)
                .arg("amount", amount(p.from_amount)),
            None => other(),
        },
        OperationKind::Dust => match dust_params(op) {
            Ok(p) => {
                let assets: Vec<String> = p.assets().iter().map(|a| a.to_string()).collect();
                Text::new("history-unresolved-dust")
                    .arg("sent", &sent)
                    .arg("assets", assets.join(", "))
            }
            Err(_) => other(),
        },
        OperationKind::Plan | OperationKind::Forget => other(),
    }
}

/// The `/cooldown` and `/history` use cases.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Histories {
    async fn cooldown(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    async fn history(&self, user: &UserRecord) -> Result<Reply, ServiceError>;
}

impl Histories for Deps {
    async fn cooldown(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        self.sync_dust_log(user).await?;
        let last = self.store.dust_conversions(user.id, 1).await?;
        let Some(last) = last.first() else {
            return Ok(Reply::text(Text::new("cooldown-never")));
        };
        let at = datetime(last.operate_time, &user.timezone);
        Ok(Reply::text(match self.cooldown_state(user).await? {
            CooldownState::Ready => Text::new("cooldown-ready").arg("last", at),
            CooldownState::Until(t) => Text::new("cooldown-wait")
                .text("left", span((t - self.now()).to_std().unwrap_or_default()))
                .arg("at", datetime(t, &user.timezone))
                .arg("last", at),
        }))
    }

    async fn history(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        // Settle what is in flight and read the exchange's log first, so the list is the
        // truth (the advice after an unknown outcome points here).
        let pending = self.settle_inflight(user).await?;
        if let Err(e) = self.sync_dust_log(user).await {
            tracing::warn!(error = %crate::ports::error_chain(&e), "dust log not read for /history");
        }
        let since = self.now() - chrono::Duration::days(UNRESOLVED_SHOWN_DAYS);
        let (records, unresolved) = tokio::join!(
            self.store.dust_conversions(user.id, HISTORY_LIMIT),
            self.store
                .unresolved_operations(user.id, since, HISTORY_LIMIT)
        );
        let (records, unresolved) = (records?, unresolved?);
        let mut blocks = Vec::new();
        if let Some(still) = pending {
            blocks.push(still);
        }
        if !unresolved.is_empty() {
            blocks.push(Text::new("history-unresolved-title"));
            blocks.extend(
                unresolved
                    .iter()
                    .map(|op| unresolved_line(op, &user.timezone)),
            );
        }
        if records.is_empty() {
            blocks.push(Text::new("history-empty"));
            return Ok(Reply::message(Message {
                blocks,
                buttons: Vec::new(),
            }));
        }
        blocks.push(Text::new("history-title").int("count", records.len() as i64));
        for r in records {
            let assets: Vec<&str> = r.assets.iter().map(|a| a.asset.as_str()).collect();
            blocks.push(
                Text::new(match r.source {
                    ConversionSource::Dustpan => "history-line",
                    ConversionSource::Exchange => "history-line-elsewhere",
                })
                .arg("at", datetime(r.operate_time, &user.timezone))
                .arg("assets", assets.join(", "))
                .arg("bnb", amount(r.total_gross))
                .arg("fee", amount(r.total_fee))
                .arg("tran_id", &r.batch_id),
            );
        }
        Ok(Reply::message(Message {
            blocks,
            buttons: Vec::new(),
        }))
    }
}
