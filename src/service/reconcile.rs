//! Reconciling with the exchange's records: the dust log read into dustpan's conversion
//! records (so conversions made elsewhere count), and operations whose outcome is unknown
//! settled against it before anything else happens for their user (shared/security.md §3.2).

use crate::domain::ExchangeId;
use crate::ports::{
    ConversionSource, ConvertedAsset, DustConversion, DustConversionRecord, DustLogEntry, Finished,
    OperationRecord, OperationStatus, UserRecord,
};
use crate::service::arming::Arming;
use crate::service::deps::Deps;
use crate::service::format::datetime;
use crate::service::model::CooldownState;
use crate::service::model::{CLOCK_MARGIN, RECONCILE_GIVE_UP, RECONCILE_GRACE, ServiceError};
use crate::service::operations::{DustResult, dust_params, to_json};
use crate::service::reply::Text;

/// When dustpan stops waiting for the exchange to confirm `op`'s outcome.
pub(crate) fn stop_waiting_at(op: &OperationRecord) -> chrono::DateTime<chrono::Utc> {
    op.submitted_at.unwrap_or(op.created_at)
        + chrono::Duration::from_std(RECONCILE_GIVE_UP).unwrap_or_default()
}

/// The asset a dust-log batch went to: its first detail's (binance.md §3.3 `targetAsset`),
/// or `default` for a batch without details (an old Binance batch, all to BNB).
pub(crate) fn batch_target(entry: &DustLogEntry, default: &str) -> String {
    entry
        .details
        .first()
        .map_or_else(|| default.to_owned(), |d| d.target_asset.to_string())
}

/// The small-balance conversion to `target` of a dust-log batch: only its details that went
/// to `target` count (binance.md §3.3 `targetAsset`; a batch is one conversion to one
/// target, binance-dust-convert.md §5). When some details went elsewhere, the totals are
/// those of the `target` details; a sum that does not fit is left at the batch's own totals.
pub(crate) fn record_of(
    exchange: ExchangeId,
    entry: &DustLogEntry,
    target: &str,
    source: ConversionSource,
    op: Option<&str>,
) -> DustConversionRecord {
    let bnb: Vec<_> = entry
        .details
        .iter()
        .filter(|d| d.target_asset.as_str() == target)
        .collect();
    let (total_bnb, total_fee) = if bnb.len() == entry.details.len() {
        (entry.total_gross, entry.total_fee)
    } else {
        let sum = |f: fn(&crate::ports::DustTransfer) -> rust_decimal::Decimal| {
            bnb.iter()
                .try_fold(rust_decimal::Decimal::ZERO, |acc, d| acc.checked_add(f(d)))
        };
        (
            sum(|d| d.gross).unwrap_or(entry.total_gross),
            sum(|d| d.fee).unwrap_or(entry.total_fee),
        )
    };
    DustConversionRecord {
        batch_id: entry.batch_id.clone(),
        operate_time: entry.operate_time,
        total_gross: total_bnb,
        total_fee,
        assets: bnb
            .iter()
            .map(|d| ConvertedAsset {
                asset: d.from_asset.to_string(),
                amount: d.amount,
                gross: d.gross,
                fee: d.fee,
            })
            .collect(),
        source,
        operation_id: op.map(str::to_owned),
        target_asset: target.to_owned(),
        exchange,
    }
}

pub(crate) fn record_of_conversion(
    exchange: ExchangeId,
    c: &DustConversion,
    op: &str,
) -> Option<DustConversionRecord> {
    let first = c.transfers.first()?;
    Some(DustConversionRecord {
        batch_id: first.batch_id.clone(),
        operate_time: first.operate_time,
        total_gross: c.total_gross,
        total_fee: c.total_fee,
        assets: c
            .transfers
            .iter()
            .map(|t| ConvertedAsset {
                asset: t.from_asset.to_string(),
                amount: t.amount,
                gross: t.gross,
                fee: t.fee,
            })
            .collect(),
        source: ConversionSource::Dustpan,
        operation_id: Some(op.to_owned()),
        target_asset: first.target_asset.to_string(),
        exchange,
    })
}

/// The dust log read into the records, and the reconciles of dust, plan and forget.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Reconciles {
    /// Reads the exchange's dust log into dustpan's records, so conversions made in the
    /// exchange's own app count for the cooldown and the history.
    async fn sync_dust_log(&self, user: &UserRecord) -> Result<(), ServiceError>;

    /// [`Service::sync_dust_log`] with credentials already at hand.
    async fn sync_dust_log_with(
        &self,
        user: &UserRecord,
        creds: &crate::domain::Credentials,
    ) -> Result<(), ServiceError>;

    /// [`Reconciles::sync_dust_log_with`] on `exchange`: that exchange's dust log read into
    /// the records, far enough back for its cooldown and its window count.
    async fn sync_dust_log_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<(), ServiceError>;

    /// The cooldown on `exchange` after reading its dust log.
    async fn fresh_cooldown_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<CooldownState, ServiceError>;

    /// The cooldown on `exchange`, reading its dust log only if it was not read in the last
    /// [`DUST_LOG_FRESH`](crate::service::model::DUST_LOG_FRESH).
    async fn recent_cooldown_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<CooldownState, ServiceError>;

    /// What a user is told while `op` is in flight: when it was sent, and until when dustpan
    /// waits for the exchange before it stops and points to /history and the exchange's app.
    fn still_confirming(&self, user: &UserRecord, op: &OperationRecord) -> Text;

    /// Settles a dust batch in flight from the exchange's dust log. True when settled.
    async fn reconcile_dust(&self, op: &OperationRecord) -> Result<bool, ServiceError>;

    /// A plan found in flight was interrupted between its gate and its legs: nothing of it
    /// was sent (each leg is its own operation), so it is closed as failed.
    async fn reconcile_plan(&self, op: &OperationRecord) -> Result<bool, ServiceError>;

    /// A forget that did not finish touched nothing outside the database (the delete is
    /// one transaction): it is closed so the user is not locked out.
    async fn reconcile_forget(&self, op: &OperationRecord) -> Result<bool, ServiceError>;
}

impl Reconciles for Deps {
    /// Reads the exchange's dust log into dustpan's records, so conversions made in the
    /// exchange's own app count for the cooldown and the history.
    async fn sync_dust_log(&self, user: &UserRecord) -> Result<(), ServiceError> {
        let creds = self.credentials(user).await?;
        self.sync_dust_log_with(user, &creds).await
    }

    /// [`Service::sync_dust_log`] with credentials already at hand.
    async fn sync_dust_log_with(
        &self,
        user: &UserRecord,
        creds: &crate::domain::Credentials,
    ) -> Result<(), ServiceError> {
        let exchange = self.exchange.clone();
        self.sync_dust_log_on(user, &exchange, creds).await
    }

    async fn sync_dust_log_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<(), ServiceError> {
        // As far back as the exchange's cooldown or its window count reaches.
        let window = exchange
            .capabilities()
            .small_balance
            .as_ref()
            .and_then(|s| s.max_per_window)
            .map(|(_, span)| span)
            .unwrap_or_default();
        let back = self
            .cooldown_of(exchange.id())
            .unwrap_or_default()
            .max(window)
            .max(self.config.dust_cooldown);
        let since = self.now()
            - chrono::Duration::from_std(back).unwrap_or_default()
            - chrono::Duration::from_std(CLOCK_MARGIN).unwrap_or_default();
        let log = exchange.dust_log(creds, Some(since)).await?;
        let now = self.now();
        if let Ok(mut read) = self.dust_log_read.lock() {
            if read.len() > 10_000 {
                let fresh = chrono::Duration::from_std(crate::service::model::DUST_LOG_FRESH)
                    .unwrap_or_default();
                read.retain(|_, at| now - *at < fresh);
            }
            read.insert((user.id, exchange.id()), now);
        }
        // Every batch is a small-balance conversion, to BNB or to another target (Dust
        // Convert, or the exchange's app): each is recorded with its own target, and all of
        // them count for the one cooldown (binance-dust-convert.md §4, our shared reading).
        let default = target_of(exchange.as_ref());
        for entry in &log {
            let target = batch_target(entry, default);
            self.record_conversion(
                user.id,
                &record_of(
                    exchange.id(),
                    entry,
                    &target,
                    ConversionSource::Exchange,
                    None,
                ),
                None,
            )
            .await?;
        }
        Ok(())
    }

    /// What a user is told while `op` is in flight: when it was sent, and until when dustpan
    /// waits for the exchange before it stops and points to /history and the exchange's app.
    fn still_confirming(&self, user: &UserRecord, op: &OperationRecord) -> Text {
        Text::new("convert-still-confirming")
            .arg(
                "sent",
                datetime(op.submitted_at.unwrap_or(op.created_at), &user.timezone),
            )
            .arg("until", datetime(stop_waiting_at(op), &user.timezone))
    }

    /// Settles a dust batch in flight from the exchange's dust log. True when settled.
    async fn reconcile_dust(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        let user = self
            .store
            .user_by_id(op.user_id)
            .await?
            .ok_or_else(|| crate::ports::StoreFailure("operation without user".into()))?;
        let params = dust_params(op)?;
        let submitted = op.submitted_at.unwrap_or(op.created_at);
        let margin = chrono::Duration::from_std(CLOCK_MARGIN).unwrap_or_default();
        // The dust log of the exchange the operation ran on.
        let exchange = self.adapter(op.exchange);
        let creds = self.credentials_on(&user, op.exchange).await?;
        let log = exchange.dust_log(&creds, Some(submitted - margin)).await?;
        let mut wanted: Vec<String> = params.assets().iter().map(|a| a.to_string()).collect();
        wanted.sort();
        let found = log.iter().find(|e| {
            let mut got: Vec<String> = e.details.iter().map(|d| d.from_asset.to_string()).collect();
            got.sort();
            // Any shared asset in the window counts: the exchange may leave an asset out of
            // a batch. A conversion of the same asset made elsewhere in these minutes would
            // be taken as ours; that errs toward never converting twice.
            e.operate_time >= submitted - margin && got.iter().any(|a| wanted.contains(a))
        });
        let now = self.now();
        if let Some(entry) = found {
            let default = target_of(exchange.as_ref());
            let target = batch_target(entry, default);
            let result = DustResult {
                batch_id: entry.batch_id.clone(),
                bnb: entry.total_gross,
                fee: entry.total_fee,
                operate_time: entry.operate_time,
                assets: entry.details.len(),
                target: (target != default).then(|| target.clone()),
            };
            self.record_conversion(
                user.id,
                &record_of(
                    op.exchange,
                    entry,
                    &target,
                    ConversionSource::Dustpan,
                    Some(&op.id),
                ),
                Some(Finished {
                    id: &op.id,
                    result: &to_json(&result)?,
                    now,
                }),
            )
            .await?;
            tracing::info!(op = %op.id, batch_id = %entry.batch_id, "reconciled: succeeded");
            return Ok(true);
        }
        let grace = chrono::Duration::from_std(RECONCILE_GRACE).unwrap_or_default();
        // Not in the log after the grace period: "not executed" only while the assets are
        // still there to convert (security.md §3.2 step 4). Assets gone without a log
        // record stay unknown; [`Service::reconcile`] closes them as unresolved once it
        // stops waiting, never as "not executed".
        if now > submitted + grace {
            // Listed again for the target the operation chose (Dust Convert lists its own
            // candidates): an asset still offered there was not converted.
            let listed = match params.target.as_deref().map(crate::domain::Asset::parse) {
                Some(Ok(target)) => exchange.dust_candidates_to(&creds, &target).await?,
                _ => exchange.dust_candidates(&creds).await?,
            };
            let still_there = wanted
                .iter()
                .all(|a| listed.details.iter().any(|c| c.asset.as_str() == a));
            if still_there {
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Failed,
                        None,
                        Some("not found in the dust log; its assets are still there"),
                        now,
                    )
                    .await?;
                tracing::info!(op = %op.id, "reconciled: not executed");
                return Ok(true);
            }
        }
        if op.status == OperationStatus::Submitting {
            self.store
                .finish_operation(&op.id, OperationStatus::Unknown, None, None, now)
                .await?;
        }
        Ok(false)
    }

    /// The cooldown after reading the exchange's dust log.
    async fn fresh_cooldown_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<CooldownState, ServiceError> {
        self.sync_dust_log_on(user, exchange, creds).await?;
        self.cooldown_state_on(user, exchange.id()).await
    }

    /// The cooldown, reading the dust log only if it was not read in the last
    /// [`DUST_LOG_FRESH`](crate::service::model::DUST_LOG_FRESH).
    async fn recent_cooldown_on(
        &self,
        user: &UserRecord,
        exchange: &std::sync::Arc<dyn crate::ports::Exchange>,
        creds: &crate::domain::Credentials,
    ) -> Result<CooldownState, ServiceError> {
        let fresh =
            chrono::Duration::from_std(crate::service::model::DUST_LOG_FRESH).unwrap_or_default();
        let recent = self
            .dust_log_read
            .lock()
            .ok()
            .and_then(|m| m.get(&(user.id, exchange.id())).copied())
            .is_some_and(|at| self.now() - at < fresh);
        if recent {
            self.cooldown_state_on(user, exchange.id()).await
        } else {
            self.fresh_cooldown_on(user, exchange, creds).await
        }
    }

    /// A plan found in flight was interrupted between its gate and its legs: nothing of it
    /// was sent (each leg is its own operation), so it is closed as failed.
    async fn reconcile_plan(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        self.store
            .finish_operation(
                &op.id,
                OperationStatus::Failed,
                None,
                Some("interrupted before its legs"),
                self.now(),
            )
            .await?;
        Ok(true)
    }

    /// A forget that did not finish touched nothing outside the database (the delete is
    /// one transaction): it is closed so the user is not locked out.
    async fn reconcile_forget(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        self.store
            .finish_operation(
                &op.id,
                OperationStatus::Failed,
                None,
                Some("interrupted"),
                self.now(),
            )
            .await?;
        Ok(true)
    }
}

/// The asset `exchange`'s small balances convert to when none is chosen (Binance: BNB):
/// what a dust-log batch without details went to. None (an exchange without one): empty.
fn target_of(exchange: &dyn crate::ports::Exchange) -> &str {
    exchange
        .capabilities()
        .small_balance_target()
        .map_or("", |a| a.as_str())
}
