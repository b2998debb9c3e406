//! The one gate every operation passes before anything is sent (shared/security.md §3.2).

use crate::ports::{OperationKind, OperationRecord, OperationStatus, Transition, UserRecord};
use crate::service::buttons::new_operation_id;
use crate::service::deps::Deps;
use crate::service::keycheck::KeyChecks;
use crate::service::model::ServiceError;
use crate::service::operations::OperationParams;
use crate::service::reconcile::Reconciles;
use crate::service::reply::{Reply, Text};

/// How the error of an operation closed before its request was sent begins.
pub(crate) const NOT_SENT_ERROR: &str = "not sent: ";

/// The one gate before anything is sent.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Gate {
    /// Stores a new operation (a selection or a confirm screen) that expires after `ttl`.
    async fn open_operation(
        &self,
        user_id: i64,
        status: OperationStatus,
        params: &OperationParams,
        ttl: std::time::Duration,
    ) -> Result<OperationRecord, ServiceError>;

    /// [`Gate::open_operation`] on `exchange` (the default exchange's otherwise).
    async fn open_operation_on(
        &self,
        user_id: i64,
        exchange: crate::domain::ExchangeId,
        status: OperationStatus,
        params: &OperationParams,
        ttl: std::time::Duration,
    ) -> Result<OperationRecord, ServiceError>;

    /// The idempotency gate (shared/security.md §3.2 step 2): moves the owner's pending,
    /// unexpired operation to `Submitting` in one atomic statement, committed before any
    /// request leaves. Only one press gets past it; the others get the reply returned here.
    async fn pass_gate(
        &self,
        user: &UserRecord,
        op: &OperationRecord,
    ) -> Result<Option<Reply>, ServiceError>;

    /// Closes an operation that passed the gate but whose request was never sent; its
    /// error begins with [`NOT_SENT_ERROR`] (or is the cooldown's own), so an auto-sweep
    /// tells "nothing sent" from a conversion that failed.
    async fn not_sent(&self, id: &str, why: &str) -> Result<(), ServiceError>;
}

impl Gate for Deps {
    /// Stores a new operation (a selection or a confirm screen) that expires after `ttl`.
    async fn open_operation(
        &self,
        user_id: i64,
        status: OperationStatus,
        params: &OperationParams,
        ttl: std::time::Duration,
    ) -> Result<OperationRecord, ServiceError> {
        self.open_operation_on(user_id, self.exchange.id(), status, params, ttl)
            .await
    }

    async fn open_operation_on(
        &self,
        user_id: i64,
        exchange: crate::domain::ExchangeId,
        status: OperationStatus,
        params: &OperationParams,
        ttl: std::time::Duration,
    ) -> Result<OperationRecord, ServiceError> {
        let now = self.now();
        let op = OperationRecord {
            id: new_operation_id(),
            user_id,
            kind: params.kind(),
            status,
            params: params.to_json()?,
            created_at: now,
            expires_at: now + chrono::Duration::from_std(ttl).unwrap_or_default(),
            submitted_at: None,
            result: None,
            last_error: None,
            exchange,
        };
        // Its id and kind, never its parameters (amounts, assets).
        let span = tracing::info_span!("operation", op = %op.id, kind = ?op.kind, user = user_id);
        tracing::Instrument::instrument(self.store.insert_operation(&op), span.clone()).await?;
        span.in_scope(|| tracing::info!(?status, "operation opened"));
        Ok(op)
    }

    /// The idempotency gate (shared/security.md §3.2 step 2): moves the owner's pending,
    /// unexpired operation to `Submitting` in one atomic statement, committed before any
    /// request leaves. Only one press gets past it; the others get the reply returned here.
    async fn pass_gate(
        &self,
        user: &UserRecord,
        op: &OperationRecord,
    ) -> Result<Option<Reply>, ServiceError> {
        let outcome = self
            .store
            .transition(
                &op.id,
                user.id,
                OperationStatus::Pending,
                OperationStatus::Submitting,
                self.now(),
            )
            .await?;
        Ok(match outcome {
            // Past the gate, before anything is sent: the key's permissions, read again
            // once a day. A key no longer fit closes the operation as failed at once,
            // nothing sent, and the reply says why (an auto-sweep reports it too).
            Transition::Done if op.kind != OperationKind::Forget => {
                match self.recheck_key(user, op.exchange).await {
                    Ok(None) => None,
                    Ok(Some(refused)) => {
                        self.not_sent(&op.id, "key permissions no longer fit")
                            .await?;
                        Some(refused.replacing())
                    }
                    Err(e) => {
                        self.not_sent(&op.id, &e.to_string()).await?;
                        return Err(e);
                    }
                }
            }
            Transition::Done => None,
            Transition::NotApplicable => {
                Some(Reply::default().with_notice(Text::new("button-in-progress")))
            }
            Transition::UserBusy => {
                let inflight = self.store.inflight_operations(Some(user.id)).await?;
                Some(match inflight.first() {
                    Some(busy) => Reply::text(self.still_confirming(user, busy)),
                    // Settled in between: the press may be tried again.
                    None => Reply::default().with_notice(Text::new("button-in-progress")),
                })
            }
        })
    }

    /// Closes an operation that passed the gate but whose request was never sent; its
    /// error begins with [`NOT_SENT_ERROR`] (or is the cooldown's own), so an auto-sweep
    /// tells "nothing sent" from a conversion that failed.
    async fn not_sent(&self, id: &str, why: &str) -> Result<(), ServiceError> {
        let why = if why.starts_with(crate::service::model::COOLDOWN_ERROR) {
            why.to_owned()
        } else {
            format!("{NOT_SENT_ERROR}{why}")
        };
        self.store
            .finish_operation(id, OperationStatus::Failed, None, Some(&why), self.now())
            .await?;
        Ok(())
    }
}
