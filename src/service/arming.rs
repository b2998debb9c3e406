//! What arms a reminder: a recorded conversion, a resumed reminder, and the scheduler's
//! wake-up. Steps the operations call; the reminders' own schedule lives in `reminders`.

use std::time::Duration;

use crate::domain::ExchangeId;
use crate::ports::{ConversionSource, DustConversionRecord, Finished, Recorded, UserRecord};
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
    ) -> Result<Recorded, ServiceError>;

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

    /// The wait on `exchange` from dustpan's records (no exchange request): its cooldown
    /// after the last conversion, or, where it counts conversions in a window (MEXC: 10 per
    /// 24 h), until the oldest of a full window leaves it.
    async fn cooldown_state_on(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
    ) -> Result<CooldownState, ServiceError>;
}

/// How many of a user's newest conversion records are read to find one exchange's: more
/// than any exchange's cooldown or daily count can span with every exchange converting
/// at its limit (Binance 4 in 24 h, MEXC 10), so filtering them in memory misses none.
pub(crate) const RECORDS_PER_EXCHANGE_SCAN: u32 = 200;

/// The newest `limit` conversion records of `exchange`, newest first.
pub(crate) async fn conversions_on(
    deps: &Deps,
    user_id: i64,
    exchange: ExchangeId,
    limit: usize,
) -> Result<Vec<DustConversionRecord>, ServiceError> {
    Ok(deps
        .store
        .dust_conversions(user_id, RECORDS_PER_EXCHANGE_SCAN)
        .await?
        .into_iter()
        .filter(|r| r.exchange == exchange)
        .take(limit)
        .collect())
}

impl Arming for Deps {
    /// Records a conversion and arms the user's reminder for its time plus the cooldown;
    /// with `finish`, the operation that made it is marked succeeded in the same step.
    async fn record_conversion(
        &self,
        user_id: i64,
        rec: &DustConversionRecord,
        finish: Option<Finished<'_>>,
    ) -> Result<Recorded, ServiceError> {
        // An exchange without a cooldown arms no reminder: nothing to wait for there.
        let due = self
            .cooldown_of(rec.exchange)
            .map(|cooldown| rec.operate_time + chrono(cooldown));
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
        Ok(recorded)
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
        self.cooldown_state_on(user, self.exchange.id()).await
    }

    async fn cooldown_state_on(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
    ) -> Result<CooldownState, ServiceError> {
        let window = self
            .exchanges
            .get(exchange)
            .and_then(|e| e.capabilities().small_balance.as_ref())
            .and_then(|s| s.max_per_window);
        let scan = window.map_or(1, |(n, _)| n.max(1));
        let recent = conversions_on(self, user.id, exchange, scan).await?;
        let now = self.now();
        let mut until = None;
        if let (Some(last), Some(cooldown)) = (recent.first(), self.cooldown_of(exchange)) {
            until = Some(last.operate_time + chrono(cooldown));
        }
        if let Some((max, span)) = window
            && recent.len() >= max
            && let Some(oldest) = recent.get(max - 1)
        {
            let free = oldest.operate_time + chrono(span);
            until = until.max(Some(free));
        }
        Ok(match until {
            Some(t) if t > now => CooldownState::Until(t),
            _ => CooldownState::Ready,
        })
    }
}

impl Deps {
    /// Counts a conversion made through dustpan and what it received, valued in USDT at
    /// the (cached) last prices; the value is left out when no price is at hand.
    async fn count_conversion(&self, rec: &DustConversionRecord) {
        let value = match self.adapter(rec.exchange).prices().await {
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
