//! The health report: whether the database takes a write, whether the exchange answers,
//! whether each started frontend is connected, and how old the oldest unsettled operation
//! is. The operations endpoint (`/healthz`) and the admin `/health` command read it.

use std::time::Duration;

use crate::ports::{OpenOperations, OperationStatus};
use crate::service::deps::Deps;
use crate::service::model::{HealthReport, Probe};

/// How long each probe may take before it counts as failing.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// The health report, and the open-operations gauge kept current from the store.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Health {
    /// Probes every part at once, each within [`PROBE_TIMEOUT`].
    async fn health(&self) -> HealthReport;

    /// Reads the open operations into the metrics (at scrape time).
    async fn observe_operations(&self);
}

impl Health for Deps {
    async fn health(&self) -> HealthReport {
        let now = self.now();
        let write = within(async {
            self.store
                .probe_write(now)
                .await
                .map_err(|e| crate::ports::error_chain(&e))
        });
        let exchange = within(async {
            self.exchange
                .server_time()
                .await
                .map(drop)
                .map_err(|e| crate::ports::error_chain(&e))
        });
        let open = within(async {
            self.store
                .open_operations()
                .await
                .map_err(|e| crate::ports::error_chain(&e))
        });
        let (database, exchange, open) = tokio::join!(write, exchange, open);
        let open = open.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "health: cannot read the open operations");
            Vec::new()
        });
        let oldest_unsettled = open
            .iter()
            .filter(|o| {
                matches!(
                    o.status,
                    OperationStatus::Submitting | OperationStatus::Unknown
                )
            })
            .map(|o| o.oldest)
            .min()
            .map(|t| (now - t).to_std().unwrap_or_default());
        set_gauge(self, &open);
        let report = HealthReport {
            database: probe(database),
            exchange: probe(exchange),
            frontends: self.metrics.frontends(),
            open_operations: open,
            oldest_unsettled,
            at: now,
        };
        if !report.is_ready() {
            tracing::warn!(database = ?report.database, exchange = ?report.exchange, "health check failing");
        }
        report
    }

    async fn observe_operations(&self) {
        let open = within(async {
            self.store
                .open_operations()
                .await
                .map_err(|e| crate::ports::error_chain(&e))
        });
        match open.await {
            Ok(open) => set_gauge(self, &open),
            Err(e) => tracing::warn!(error = %e, "metrics: cannot read the open operations"),
        }
    }
}

fn set_gauge(deps: &Deps, open: &[OpenOperations]) {
    let by_state: Vec<(&'static str, u64)> =
        open.iter().map(|o| (o.status.as_str(), o.count)).collect();
    deps.metrics.open_operations(&by_state);
}

fn probe(result: Result<(), String>) -> Probe {
    match result {
        Ok(()) => Probe::Ok,
        Err(why) => Probe::Failing(why),
    }
}

/// `f`, or a timeout naming how long was waited.
async fn within<T, E: std::fmt::Display>(
    f: impl Future<Output = Result<T, E>>,
) -> Result<T, String> {
    match tokio::time::timeout(PROBE_TIMEOUT, f).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err(format!("no answer within {}s", PROBE_TIMEOUT.as_secs())),
    }
}
