//! `/cooldown` and `/history`: from dustpan's records and the exchange's dust log.

use crate::ports::UserRecord;
use crate::service::arming::Arming;
use crate::service::deps::Deps;
use crate::service::model::ServiceError;
use crate::service::operations::settle::Settles;
use crate::service::reconcile::Reconciles;
use crate::service::reply::Reply;
use crate::service::view::history::{cooldown_text, history_message};

/// How many conversions `/history` shows.
pub const HISTORY_LIMIT: u32 = 10;
/// How far back `/history` lists operations whose outcome was never confirmed.
pub const UNRESOLVED_SHOWN_DAYS: i64 = 30;

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
            return Ok(Reply::text(cooldown_text(None, self.now(), &user.timezone)));
        };
        let state = self.cooldown_state(user).await?;
        Ok(Reply::text(cooldown_text(
            Some((last.operate_time, state)),
            self.now(),
            &user.timezone,
        )))
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
        Ok(Reply::message(history_message(
            pending,
            &unresolved,
            &records,
            &user.timezone,
        )))
    }
}
