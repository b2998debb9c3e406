//! The one press router: a button on an operation, by the operation's status and kind.

use crate::ports::{OperationKind, OperationRecord, OperationStatus, Transition, UserRecord};
use crate::service::account::Accounts;
use crate::service::buttons::ButtonAction;
use crate::service::convert::DustBatches;
use crate::service::deps::Deps;
use crate::service::model::ServiceError;
use crate::service::plan::Plans;
use crate::service::reply::{Reply, Text};
use crate::service::swap::Swaps;

/// The kinds reached from a `/dust` report's plan ("swap instead", "convert the rest").
fn from_plan(kind: OperationKind) -> bool {
    matches!(
        kind,
        OperationKind::Swap | OperationKind::Plan | OperationKind::Sell
    )
}

/// The one press router, and the confirm dispatch per kind.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Press {
    /// A press on an operation the user owns.
    async fn press_action(
        &self,
        user: &UserRecord,
        op: OperationRecord,
        action: ButtonAction,
    ) -> Result<Reply, ServiceError>;

    /// Confirm on a pending, unexpired operation: each kind's own confirm.
    async fn confirm(&self, user: &UserRecord, op: OperationRecord) -> Result<Reply, ServiceError>;
}

impl Press for Deps {
    /// A press on an operation the user owns.
    #[tracing::instrument(
        name = "operation",
        skip_all,
        fields(op = %op.id, kind = ?op.kind, user = user.id)
    )]
    async fn press_action(
        &self,
        user: &UserRecord,
        op: OperationRecord,
        action: ButtonAction,
    ) -> Result<Reply, ServiceError> {
        let now = self.now();
        let live = op.expires_at > now;
        match (&action, op.status) {
            (ButtonAction::Cancel(_), OperationStatus::Selecting | OperationStatus::Pending) => {
                let done = self
                    .store
                    .transition(&op.id, user.id, op.status, OperationStatus::Cancelled, now)
                    .await?;
                Ok(match done {
                    Transition::Done => Reply::text(Text::new("cancelled")).replacing(),
                    _ => Reply::default().with_notice(Text::new("button-stale")),
                })
            }
            (ButtonAction::Toggle(_, n), OperationStatus::Selecting)
                if live && op.kind == OperationKind::Dust =>
            {
                self.toggle_dust(op, *n).await
            }
            (ButtonAction::Proceed(_), OperationStatus::Selecting)
                if live && op.kind == OperationKind::Dust =>
            {
                self.proceed_dust(user, op).await
            }
            (ButtonAction::PlanGo(_), OperationStatus::Selecting) if live && from_plan(op.kind) => {
                self.plan_screen(user, op).await
            }
            (ButtonAction::SwapInstead(_, n), OperationStatus::Selecting)
                if live && from_plan(op.kind) =>
            {
                self.swap_instead(user, op, *n).await
            }
            (ButtonAction::Confirm(_), OperationStatus::Pending) if live => {
                self.confirm(user, op).await
            }
            (ButtonAction::Confirm(_), OperationStatus::Selecting) if from_plan(op.kind) => {
                Ok(Reply::default().with_notice(Text::new("button-stale")))
            }
            (_, OperationStatus::Selecting | OperationStatus::Pending) => {
                // Expired: say so and close it.
                // Closed only while still unconfirmed (the store checks the status).
                self.store
                    .finish_operation(&op.id, OperationStatus::Expired, None, None, now)
                    .await?;
                Ok(Reply::text(Text::new("button-expired")).replacing())
            }
            (ButtonAction::Confirm(_), OperationStatus::Submitting | OperationStatus::Unknown) => {
                Ok(Reply::default().with_notice(Text::new("button-in-progress")))
            }
            _ => Ok(Reply::default().with_notice(Text::new("button-used"))),
        }
    }

    /// Confirm on a pending, unexpired operation: each kind's own confirm.
    async fn confirm(&self, user: &UserRecord, op: OperationRecord) -> Result<Reply, ServiceError> {
        match op.kind {
            OperationKind::Dust => self.confirm_dust(user, op).await,
            OperationKind::Forget => self.confirm_forget(user, op).await,
            OperationKind::Swap => self.confirm_swap(user, op).await,
            OperationKind::Plan => self.confirm_plan(user, op).await,
            // A sell leg is confirmed with its plan, never by a button of its own.
            OperationKind::Sell => Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
    }
}
