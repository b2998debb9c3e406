//! What arms a reminder: a recorded conversion, a resumed reminder, and the scheduler's
//! wake-up. Steps the operations call; the reminders' own schedule lives in `reminders`.

use std::time::Duration;

use crate::ports::{ConversionSource, DustConversionRecord, Finished, UserRecord};
use crate::service::deps::Deps;
use crate::service::model::*;

fn chrono(d: Duration) -> chrono::Duration {
    chrono::Duration::from_std(d).unwrap_or_default()
}

/// What arms a reminder, and the cooldown as the records know it.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Arming {
    /// Records a conversion and arms the user's reminder for its time plus the cooldown;
    /// with `finish`, the operation that made it is marked succeeded in the same step.
    async fn record_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        finish: Option<Finished<'_>>,
    ) -> Result<bool, ServiceError>;

    /// After a new key is stored: a reminder stopped for want of a usable key runs again
    /// (when the cooldown from the records ends, or now).
    async fn resume_reminders(&self, user: &UserRecord);

    /// How long after a failed step a reminder is tried again: [`EXCHANGE_RETRY`], or a
    /// tenth of the cooldown when that is shorter (a 30 s demo cooldown retries in 3 s).
    fn exchange_retry(&self) -> Duration;

    /// The scheduler's wake-up: notified when a reminder is armed.
    fn reminder_wakeup(&self) -> &tokio::sync::Notify;

    /// The cooldown from dustpan's records (no exchange request).
    async fn cooldown_state(&self, user: &UserRecord) -> Result<CooldownState, ServiceError>;
}

impl Arming for Deps {
    /// Records a conversion and arms the user's reminder for its time plus the cooldown;
    /// with `finish`, the operation that made it is marked succeeded in the same step.
    async fn record_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        finish: Option<Finished<'_>>,
    ) -> Result<bool, ServiceError> {
        let due = rec.operate_time + chrono(self.config.dust_cooldown);
        let recorded = self
            .store
            .record_dust_conversion(user_id, rec, due, finish)
            .await?;
        if recorded.armed {
            self.reminder_wakeup.notify_one();
        }
        if recorded.new && rec.source == ConversionSource::Dustpan {
            self.count_conversion(rec).await;
        }
        Ok(recorded.new)
    }

    /// After a new key is stored: a reminder stopped for want of a usable key runs again
    /// (when the cooldown from the records ends, or now).
    async fn resume_reminders(&self, user: &UserRecord) {
        let due = match self.cooldown_state(user).await {
            Ok(CooldownState::Until(t)) => t,
            _ => self.now(),
        };
        match self
            .store
            .resume_reminder(user.id, due, &[KEY_REFUSED, NO_KEY])
            .await
        {
            Ok(true) => self.reminder_wakeup.notify_one(),
            Ok(false) => {}
            Err(e) => {
                tracing::error!(error = %crate::ports::error_chain(&e), "cannot resume reminders")
            }
        }
    }

    /// How long after a failed step a reminder is tried again: [`EXCHANGE_RETRY`], or a
    /// tenth of the cooldown when that is shorter (a 30 s demo cooldown retries in 3 s).
    fn exchange_retry(&self) -> Duration {
        (self.config.dust_cooldown / 10)
            .max(Duration::from_secs(1))
            .min(EXCHANGE_RETRY)
    }

    /// The scheduler's wake-up: notified when a reminder is armed.
    fn reminder_wakeup(&self) -> &tokio::sync::Notify {
        &self.reminder_wakeup
    }

    /// The cooldown from dustpan's records (no exchange request).
    async fn cooldown_state(&self, user: &UserRecord) -> Result<CooldownState, ServiceError> {
        let last = self.store.dust_conversions(user.id, 1).await?;
        let now = self.now();
        Ok(match last.first() {
            Some(rec) => {
                let until = rec.operate_time + self.config.dust_cooldown;
                if until > now {
                    CooldownState::Until(until)
                } else {
                    CooldownState::Ready
                }
            }
            None => CooldownState::Ready,
        })
    }
}

impl Deps {
    /// Counts a conversion made through dustpan and what it received, valued in USDT at
    /// the (cached) last prices; the value is left out when no price is at hand.
    async fn count_conversion(&self, rec: &DustConversionRecord) {
        let value = match self.exchange.prices().await {
            Ok(prices) => crate::service::planner::usdt_value(
                &rec.target_asset,
                rec.total_gross - rec.total_fee,
                &prices,
            ),
            Err(_) => None,
        };
        self.metrics.conversion("dust", value);
    }
}
