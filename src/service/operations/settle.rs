//! Operations in flight: settled before a new one starts, reconciled after a restart, and
//! the one reconcile dispatch (each kind's own reconcile).

use crate::domain::Credentials;
use crate::ports::{OperationKind, OperationRecord, OperationStatus, UserRecord};
use crate::reply::Text;
use crate::service::deps::Deps;
use crate::service::model::*;
use crate::service::pending::PendingDust;
use crate::service::reconcile::Reconciles;
use crate::service::reconcile::stop_waiting_at;
use crate::service::sell::Sells;
use crate::service::swap_settle::SwapSettles;

/// Operations in flight: settled, reconciled (the one reconcile dispatch), abandoned.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Settles {
    /// Resolves one operation in flight. True when it is settled. Asks the exchange first;
    /// whatever the exchange's answer or silence (no key any more, key refused, master key
    /// gone, exchange unreachable, history unreadable), an operation still unresolved
    /// [`RECONCILE_GIVE_UP`] after it was sent is closed as `Unresolved`, so no user is ever
    /// locked out by an outcome nobody can learn. Only storage failures are errors here.
    async fn reconcile(&self, op: &OperationRecord) -> Result<bool, ServiceError>;

    /// Reconciles the user's operations in flight before anything else happens for them.
    /// Returns an error reply text when one is still unresolved.
    async fn settle_inflight(&self, user: &UserRecord) -> Result<Option<Text>, ServiceError>;

    /// Closes every operation of the user still in flight as unresolved (the user asked to
    /// forget everything: dustpan will not learn their outcome any more).
    async fn abandon_inflight(&self, user_id: i64, why: &str) -> Result<(), ServiceError>;

    /// [`Service::settle_inflight`] and the user's key, read side by side: the key, or the
    /// reply to give while an operation is still unresolved (that reply wins over a missing
    /// key, as when they ran one after the other).
    async fn settle_and_load(
        &self,
        user: &UserRecord,
    ) -> Result<Result<Credentials, Text>, ServiceError>;

    /// [`Settles::settle_and_load`] with the user's key on `exchange`.
    async fn settle_and_load_on(
        &self,
        user: &UserRecord,
        exchange: crate::domain::ExchangeId,
    ) -> Result<Result<Credentials, Text>, ServiceError>;

    /// Asks the exchange about one operation in flight (the dust log, the order status,
    /// the convert history): each kind's own reconcile. True when it is settled.
    async fn ask_exchange(&self, op: &OperationRecord) -> Result<bool, ServiceError>;
}

impl Settles for Deps {
    /// Resolves one operation in flight. True when it is settled. Asks the exchange first;
    /// whatever the exchange's answer or silence (no key any more, key refused, master key
    /// gone, exchange unreachable, history unreadable), an operation still unresolved
    /// [`RECONCILE_GIVE_UP`] after it was sent is closed as `Unresolved`, so no user is ever
    /// locked out by an outcome nobody can learn. Only storage failures are errors here.
    #[tracing::instrument(
        name = "reconcile",
        skip_all,
        fields(op = %op.id, kind = ?op.kind, user = op.user_id)
    )]
    async fn reconcile(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        let cause = match self.ask_exchange(op).await {
            Ok(true) => return Ok(true),
            Ok(false) => None,
            Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
            Err(e) => {
                tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "cannot settle an operation in flight now");
                Some(e)
            }
        };
        let now = self.now();
        if now >= stop_waiting_at(op) {
            let why = match &cause {
                Some(e) => format!("not confirmed in time; last cause: {e}"),
                None => "not confirmed in time".to_owned(),
            };
            let closed = self
                .store
                .finish_operation(&op.id, OperationStatus::Unresolved, None, Some(&why), now)
                .await?;
            if closed {
                tracing::warn!(op = %op.id, "stopped waiting: outcome unresolved");
            }
            return Ok(true);
        }
        if let Some(e) = cause
            && op.status == OperationStatus::Submitting
        {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Unknown,
                    None,
                    Some(&e.to_string()),
                    now,
                )
                .await?;
        }
        Ok(false)
    }

    /// Reconciles the user's operations in flight before anything else happens for them.
    /// Returns an error reply text when one is still unresolved.
    async fn settle_inflight(&self, user: &UserRecord) -> Result<Option<Text>, ServiceError> {
        for op in self.store.inflight_operations(Some(user.id)).await? {
            if !self.reconcile(&op).await? {
                return Ok(Some(self.still_confirming(user, &op)));
            }
        }
        Ok(None)
    }

    /// Closes every operation of the user still in flight as unresolved (the user asked to
    /// forget everything: dustpan will not learn their outcome any more).
    async fn abandon_inflight(&self, user_id: i64, why: &str) -> Result<(), ServiceError> {
        for op in self.store.inflight_operations(Some(user_id)).await? {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Unresolved,
                    None,
                    Some(why),
                    self.now(),
                )
                .await?;
            tracing::warn!(op = %op.id, why, "operation in flight abandoned");
        }
        Ok(())
    }

    /// [`Service::settle_inflight`] and the user's key, read side by side: the key, or the
    /// reply to give while an operation is still unresolved (that reply wins over a missing
    /// key, as when they ran one after the other).
    async fn settle_and_load(
        &self,
        user: &UserRecord,
    ) -> Result<Result<Credentials, Text>, ServiceError> {
        self.settle_and_load_on(user, self.exchange.id()).await
    }

    async fn settle_and_load_on(
        &self,
        user: &UserRecord,
        exchange: crate::domain::ExchangeId,
    ) -> Result<Result<Credentials, Text>, ServiceError> {
        let (wait, creds) = tokio::join!(
            self.settle_inflight(user),
            self.credentials_on(user, exchange)
        );
        match wait? {
            Some(wait) => Ok(Err(wait)),
            None => creds.map(Ok),
        }
    }

    /// Asks the exchange about one operation in flight (the dust log, the order status,
    /// the convert history): each kind's own reconcile. True when it is settled.
    async fn ask_exchange(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        match op.kind {
            OperationKind::Dust => self.reconcile_dust_or_pending(op).await,
            OperationKind::Swap => self.reconcile_swap(op).await,
            OperationKind::Sell => self.reconcile_sell(op).await,
            OperationKind::Plan => self.reconcile_plan(op).await,
            OperationKind::Forget => self.reconcile_forget(op).await,
        }
    }
}
