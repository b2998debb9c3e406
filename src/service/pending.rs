//! Small-balance conversions an exchange runs asynchronously (Bybit: accepted `processing`,
//! finished later as success, partial fulfilment or failure). Sent once; the result is waited
//! for a little within the reply; after that the operation stays "unknown" with the
//! exchange's id in its record, is read again by the reconciles (the user's next command, the
//! background pass) and the result is reported to the user, asset by asset, when it arrives.
//! An exchange that converts at once goes through here unchanged.

use std::sync::Arc;
use std::time::Duration;

use crate::domain::{Asset, Credentials, ExchangeId};
use crate::ports::{
    DustConversion, DustProgress, Exchange, ExchangeError, Finished, OperationRecord,
    OperationStatus, UserRecord,
};
use crate::reply::{Message, Text};
use crate::service::arming::Arming;
use crate::service::deps::Deps;
use crate::service::format::amount;
use crate::service::model::ServiceError;
use crate::service::operations::{DustResult, dust_params, to_json};
use crate::service::reconcile::{Reconciles, record_of_conversion};
use crate::service::stored::encode;

/// How long the reply waits for an asynchronous conversion's result before saying it was
/// submitted and reporting it later.
pub const PENDING_REPLY_WAIT: Duration = Duration::from_secs(8);
/// How often its status is asked meanwhile.
pub const PENDING_POLL: Duration = Duration::from_secs(1);
/// How an operation left processing names itself in its record: `MARK exchange id`.
const MARK: &str = "pending_at_exchange";

/// The exchange and the id of a conversion `op` left processing at the exchange.
fn pending_of(op: &OperationRecord) -> Option<(ExchangeId, String)> {
    let text = op.last_error.as_deref()?.strip_prefix(MARK)?;
    let mut words = text.split_whitespace();
    let exchange = ExchangeId::parse(words.next()?)?;
    let id = words.next()?.trim_end_matches(':').to_owned();
    Some((exchange, id))
}

/// Conversions sent once, whatever the exchange's pace.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait PendingDust {
    /// Sends the conversion once and waits up to [`PENDING_REPLY_WAIT`] for its result: the
    /// result (assets the exchange refused one by one are reported apart, asset by asset);
    /// a refusal when nothing converted; or, still processing, an unknown outcome whose cause
    /// names the exchange's id, so the reconciles follow it up.
    async fn send_dust(
        &self,
        user: &UserRecord,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
        assets: &[Asset],
        target: Option<&Asset>,
        op_id: &str,
    ) -> Result<DustConversion, ExchangeError>;

    /// Settles a dust operation in flight: one left processing at the exchange from the
    /// exchange's status (then reported), any other from the dust log.
    async fn reconcile_dust_or_pending(&self, op: &OperationRecord) -> Result<bool, ServiceError>;
}

impl Deps {
    /// The result of a finished conversion, as the caller of `send_dust` sees it.
    async fn finished_now(
        &self,
        user: &UserRecord,
        exchange: &dyn Exchange,
        conv: DustConversion,
    ) -> Result<DustConversion, ExchangeError> {
        // An exchange that answers at once is reported as before, in the reply alone.
        let asynchronous = exchange
            .capabilities()
            .small_balance
            .as_ref()
            .is_some_and(|s| s.asynchronous);
        if !asynchronous {
            return Ok(conv);
        }
        if conv.transfers.is_empty() {
            let first = conv.failed.first();
            return Err(ExchangeError::Rejected {
                code: first.map(|f| f.code.clone()).unwrap_or_default(),
                msg: format!("{} converted none of the assets", exchange.id().as_str()),
                reason: crate::ports::Refusal::Other,
            });
        }
        if !conv.failed.is_empty()
            && let Err(e) = self.report(user, exchange.id(), &conv).await
        {
            tracing::warn!(error = %crate::ports::error_chain(&e), "could not store the per-asset report");
        }
        Ok(conv)
    }

    /// Stores the per-asset report for the user (delivered by the outbox).
    async fn report(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
        conv: &DustConversion,
    ) -> Result<(), ServiceError> {
        let target = conv
            .transfers
            .first()
            .map(|t| t.target_asset.to_string())
            .unwrap_or_default();
        let mut blocks = vec![Text::new("dust-pending-done").arg("exchange", exchange.name())];
        for t in &conv.transfers {
            blocks.push(
                Text::new("dust-pending-converted")
                    .arg("asset", &t.from_asset)
                    .arg("amount", amount(t.amount))
                    .arg("received", amount(t.received))
                    .arg("target", &t.target_asset)
                    .arg("fee", amount(t.fee)),
            );
        }
        for f in &conv.failed {
            blocks.push(
                Text::new("dust-pending-failed")
                    .arg("asset", &f.asset)
                    .arg("reason", &f.code),
            );
        }
        if conv.transfers.is_empty() {
            blocks.push(Text::new("dust-pending-none"));
        } else {
            blocks.push(
                Text::new("dust-pending-total")
                    .arg("received", amount(conv.total_received))
                    .arg("target", target),
            );
        }
        let message = Message {
            blocks,
            buttons: Vec::new(),
        };
        self.enqueue_note(user, &message).await
    }

    /// Stores a message for the user, delivered by the scheduler's next step.
    async fn enqueue_note(&self, user: &UserRecord, message: &Message) -> Result<(), ServiceError> {
        self.store
            .enqueue_message(user.id, &encode(message), false, self.now())
            .await?;
        self.reminder_wakeup.notify_one();
        Ok(())
    }
}

impl PendingDust for Deps {
    async fn send_dust(
        &self,
        user: &UserRecord,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
        assets: &[Asset],
        target: Option<&Asset>,
        op_id: &str,
    ) -> Result<DustConversion, ExchangeError> {
        let exchange = exchange.clone();
        let id = match exchange
            .start_dust_conversion(creds, assets, target, op_id)
            .await?
        {
            DustProgress::Finished(conv) => {
                return self.finished_now(user, exchange.as_ref(), conv).await;
            }
            DustProgress::Processing { id } => id,
        };
        let deadline = tokio::time::Instant::now() + PENDING_REPLY_WAIT;
        while tokio::time::Instant::now() + PENDING_POLL <= deadline {
            tokio::time::sleep(PENDING_POLL).await;
            match exchange.dust_conversion_status(creds, &id).await {
                Ok(DustProgress::Finished(conv)) => {
                    return self.finished_now(user, exchange.as_ref(), conv).await;
                }
                Ok(DustProgress::Processing { .. }) => {}
                // Asked again later; the conversion itself is not sent again.
                Err(e) => {
                    tracing::warn!(error = %crate::ports::error_chain(&e), "could not read a conversion's status")
                }
            }
        }
        tracing::info!(op = op_id, exchange_id = %id, "conversion still processing; reported when it finishes");
        // The reply says "submitted"; this says by whom and what comes next.
        let note = Message {
            blocks: vec![
                Text::new("dust-pending-processing").arg("exchange", exchange.id().name()),
            ],
            buttons: Vec::new(),
        };
        if let Err(e) = self.enqueue_note(user, &note).await {
            tracing::warn!(error = %crate::ports::error_chain(&e), "could not store the processing note");
        }
        Err(ExchangeError::OutcomeUnknown(
            format!(
                "{MARK} {} {id}: accepted by the exchange, still processing",
                exchange.id().as_str()
            )
            .into(),
        ))
    }

    async fn reconcile_dust_or_pending(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        let Some((exchange_id, id)) = pending_of(op) else {
            return self.reconcile_dust(op).await;
        };
        let exchange = self
            .exchanges
            .get(exchange_id)
            .cloned()
            .unwrap_or_else(|| self.exchange.clone());
        let user = self
            .store
            .user_by_id(op.user_id)
            .await?
            .ok_or_else(|| crate::ports::StoreFailure("operation without user".into()))?;
        let creds = self
            .keys
            .load(user.id, exchange_id)
            .await?
            .ok_or(ServiceError::NotConnected)?;
        let DustProgress::Finished(conv) = exchange.dust_conversion_status(&creds, &id).await?
        else {
            return Ok(false);
        };
        let now = self.now();
        // Two reconciles may read the finished status side by side (the background pass and
        // the user's command): only the one whose write settles the operation reports it.
        let settled_here = match record_of_conversion(exchange_id, &conv, &op.id) {
            Some(rec) => {
                let params = dust_params(op)?;
                let result = DustResult {
                    batch_id: rec.batch_id.clone(),
                    bnb: conv.total_gross,
                    fee: conv.total_fee,
                    operate_time: rec.operate_time,
                    assets: conv.transfers.len(),
                    target: params.target.clone(),
                };
                let json = to_json(&result)?;
                self.record_conversion(
                    user.id,
                    &rec,
                    Some(Finished {
                        id: &op.id,
                        result: &json,
                        now,
                    }),
                )
                .await?
                .finished
            }
            None => {
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Failed,
                        None,
                        Some("the exchange converted none of the assets"),
                        now,
                    )
                    .await?
            }
        };
        if settled_here {
            tracing::info!(op = %op.id, exchange_id = %id, "asynchronous conversion finished");
            self.report(&user, exchange_id, &conv).await?;
        }
        Ok(true)
    }
}
