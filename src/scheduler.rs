//! The reminder scheduler: a loop around [`Scheduler::run_due_once`], the single step tests
//! call. The database is the truth; the in-memory wake-up is only a hint: the loop sleeps
//! until the next due time, wakes early when a reminder is armed, and polls at least every
//! [`POLL_BACKSTOP`].

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::{Clock, Notifier};
use crate::service::Service;
use crate::service::reminders::{REMINDER_BATCH, StepReport};

/// How often operations with an unknown outcome are reconciled in the background.
pub const RECOVER_EVERY: Duration = Duration::from_secs(60);

/// The longest the loop sleeps without looking at the database.
pub const POLL_BACKSTOP: Duration = Duration::from_secs(30);

/// Sends due reminders through the frontends' notifiers.
pub struct Scheduler {
    service: Arc<Service>,
    notifiers: Vec<Arc<dyn Notifier>>,
    clock: Arc<dyn Clock>,
}

impl Scheduler {
    /// A scheduler delivering through `notifiers` (one per platform).
    pub fn new(
        service: Arc<Service>,
        notifiers: Vec<Arc<dyn Notifier>>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            service,
            notifiers,
            clock,
        }
    }

    /// One step: every reminder due at `now`, claimed, evaluated and delivered.
    pub async fn run_due_once(&self, now: DateTime<Utc>) -> StepReport {
        self.service.run_due_reminders(now, &self.notifiers).await
    }

    /// Runs until `shutdown` resolves. Claims left by a previous process are released
    /// first (the process that made them is gone): at most one duplicate message.
    pub async fn run(&self, shutdown: impl Future<Output = ()>) {
        self.service.release_reminder_claims(self.clock.now()).await;
        tokio::pin!(shutdown);
        let mut last_purge: Option<DateTime<Utc>> = None;
        let mut last_recover = self.clock.now();
        loop {
            let now = self.clock.now();
            if last_purge.is_none_or(|t| now - t > chrono::Duration::hours(1)) {
                self.service.purge_expired(now).await;
                last_purge = Some(now);
            }
            // Unknown outcomes are settled in the background too, not only when their user
            // comes back (shared/security.md §3.2 step 4).
            if now - last_recover > chrono::Duration::from_std(RECOVER_EVERY).unwrap_or_default() {
                let resolved = self.service.recover().await;
                if resolved > 0 {
                    tracing::info!(resolved, "settled operations with unknown outcomes");
                }
                last_recover = now;
            }
            let report = self.run_due_once(now).await;
            let handled =
                report.sent + report.swept + report.deferred + report.disabled + report.retried;
            if handled > 0 {
                tracing::info!(?report, "reminders step");
            }
            let pause = if handled >= REMINDER_BATCH {
                Duration::ZERO
            } else {
                match self.service.next_reminder_due().await {
                    Some(t) => (t - now)
                        .to_std()
                        .unwrap_or(Duration::ZERO)
                        .min(POLL_BACKSTOP),
                    None => POLL_BACKSTOP,
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(pause) => {}
                _ = self.service.reminder_wakeup().notified() => {}
                _ = &mut shutdown => break,
            }
        }
    }
}
