//! The operators' commands (`DUSTPAN_ADMINS`; the facade checks who asks): `/stats` (and
//! `/health`, which renders the health report).

use chrono::Duration;

use crate::reply::Reply;
use crate::service::deps::Deps;
use crate::service::model::ServiceError;
use crate::service::view;

/// The operators' use cases. Called through this trait, imported by name, so each call shows.
pub(crate) trait Operators {
    /// `/stats`: users, keys, conversions and value swept (today, 7 days, all time),
    /// reminders, and the exchange weight in use, per frontend where it applies.
    async fn stats(&self) -> Result<Reply, ServiceError>;
}

impl Operators for Deps {
    async fn stats(&self) -> Result<Reply, ServiceError> {
        let now = self.now();
        let today = now
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map_or(now, |t| t.and_utc());
        let stats = self
            .store
            .operator_stats(today, now - Duration::days(7))
            .await?;
        let asset = self
            .exchange
            .capabilities()
            .small_balance_target()
            .map_or_else(String::new, |a| a.to_string());
        Ok(Reply::message(view::stats::stats(
            &stats,
            &asset,
            &self.exchange.weight_use(),
            self.exchange.rate_limits_seen(),
            [
                ("Telegram", self.metrics.chat_rate_limited("telegram")),
                ("Discord", self.metrics.chat_rate_limited("discord")),
            ],
        )))
    }
}
