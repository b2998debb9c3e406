//! The reminder scheduler: a loop around [`Scheduler::run_due_once`], the single step tests
//! call. The database is the truth; the in-memory wake-up is only a hint: the loop sleeps
//! until the next due time (reminder or stored message), wakes early when a reminder is
//! armed, and polls at least every [`POLL_BACKSTOP`]. A panic inside a step fails that step
//! only: it is logged, the loop goes on, and what the step was doing is tried again later.

use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use futures_util::FutureExt;
use tracing::Instrument;

use crate::ports::{Clock, Notifier};
use crate::service::Service;
use crate::service::reminders::StepReport;

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

    /// One step: every reminder due at `now`, claimed, evaluated and delivered; then every
    /// stored message due. A panic is contained (each reminder is guarded in the service;
    /// this guards the rest) and logged.
    #[tracing::instrument(name = "scheduler_step", skip_all, fields(at = %now))]
    pub async fn run_due_once(&self, now: DateTime<Utc>) -> StepReport {
        AssertUnwindSafe(self.service.run_due_reminders(now, &self.notifiers))
            .catch_unwind()
            .await
            .unwrap_or_else(|_| {
                tracing::error!("scheduler step panicked; the next step tries again");
                StepReport::default()
            })
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
                let purge = self
                    .service
                    .purge_expired(now)
                    .instrument(tracing::info_span!("purge"));
                if AssertUnwindSafe(purge).catch_unwind().await.is_err() {
                    tracing::error!("purge panicked; tried again in an hour");
                }
                last_purge = Some(now);
            }
            // Unknown outcomes are settled in the background too, not only when their user
            // comes back (shared/security.md §3.2 step 4).
            if now - last_recover > chrono::Duration::from_std(RECOVER_EVERY).unwrap_or_default() {
                let recover = self
                    .service
                    .recover()
                    .instrument(tracing::info_span!("recover"));
                let resolved = AssertUnwindSafe(recover)
                    .catch_unwind()
                    .await
                    .unwrap_or_else(|_| {
                        tracing::error!("background reconcile panicked; tried again later");
                        0
                    });
                if resolved > 0 {
                    tracing::info!(resolved, "settled operations with unknown outcomes");
                }
                last_recover = now;
            }
            let report = self.run_due_once(now).await;
            let handled = report.handled();
            if handled > 0 {
                tracing::info!(?report, "reminders step");
            }
            let pause = if handled >= self.service.reminder_batch() {
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
