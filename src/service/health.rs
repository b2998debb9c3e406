//! The health report: whether the database takes a write, whether the exchange answers,
//! whether each started frontend is connected, and how old the oldest unsettled operation
//! is. The operations endpoint (`/healthz`) and the admin `/health` command read it.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::{OpenOperations, OperationStatus};
use crate::service::deps::Deps;

/// How long each probe may take before it counts as failing.
pub const PROBE_TIMEOUT: Duration = Duration::from_secs(3);

/// One probed part: fine, or failing with the reason (never a secret: error chains of the
/// store and the exchange carry none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// It answered.
    Ok,
    /// It did not, and why.
    Failing(String),
}

impl Probe {
    /// Whether it answered.
    pub fn is_ok(&self) -> bool {
        matches!(self, Self::Ok)
    }
}

/// What the health check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthReport {
    /// A write reached the database.
    pub database: Probe,
    /// The exchange answered a server-time request.
    pub exchange: Probe,
    /// Each started frontend and whether it is connected.
    pub frontends: Vec<(&'static str, bool)>,
    /// The operations not finished, by state (empty when the database could not be read).
    pub open_operations: Vec<OpenOperations>,
    /// How long the oldest operation sent to the exchange and not settled has waited.
    pub oldest_unsettled: Option<Duration>,
    /// When the report was made (the service's clock).
    pub at: DateTime<Utc>,
}

impl HealthReport {
    /// What `/healthz` needs: the database writable and the exchange answering.
    pub fn is_ready(&self) -> bool {
        self.database.is_ok() && self.exchange.is_ok()
    }

    /// The parts that fail, by name (`database`, `exchange`).
    pub fn failing(&self) -> Vec<&'static str> {
        [("database", &self.database), ("exchange", &self.exchange)]
            .into_iter()
            .filter(|(_, p)| !p.is_ok())
            .map(|(name, _)| name)
            .collect()
    }
}

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
