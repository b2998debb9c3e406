//! An `Exchange` layer that measures, per task, the wall time spent waiting on the exchange
//! (overlapping calls counted once), so a benchmark can tell dustpan's own time apart.

use std::cell::RefCell;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::domain::{Asset, Credentials};
use crate::ports::{
    AcceptedOrder, AssetPrecision, Balance, ConvertOrder, ConvertPair, DustCandidates,
    DustConversion, DustLogEntry, Exchange, ExchangeError, KeyPermissions, OrderRef, Prices, Quote,
    QuoteRequest, TradingRules, UserAsset,
};

#[derive(Default)]
struct Wait {
    in_flight: usize,
    since: Option<Instant>,
    total: Duration,
}

tokio::task_local! {
    static WAIT: RefCell<Wait>;
}

/// Runs `fut` and returns its output with the time it spent waiting on the exchange.
pub async fn measured<F: Future>(fut: F) -> (F::Output, Duration) {
    WAIT.scope(RefCell::new(Wait::default()), async move {
        let out = fut.await;
        let waited = WAIT.with(|w| w.borrow().total);
        (out, waited)
    })
    .await
}

async fn timed<T>(fut: impl Future<Output = T>) -> T {
    let _ = WAIT.try_with(|w| {
        let mut w = w.borrow_mut();
        if w.in_flight == 0 {
            w.since = Some(Instant::now());
        }
        w.in_flight += 1;
    });
    let out = fut.await;
    let _ = WAIT.try_with(|w| {
        let mut w = w.borrow_mut();
        w.in_flight -= 1;
        if w.in_flight == 0
            && let Some(since) = w.since.take()
        {
            w.total += since.elapsed();
        }
    });
    out
}

/// The layer.
pub struct Timed(pub Arc<dyn Exchange>);

#[async_trait]
impl Exchange for Timed {
    async fn server_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        timed(self.0.server_time()).await
    }
    async fn balances(&self, c: &Credentials) -> Result<Vec<Balance>, ExchangeError> {
        timed(self.0.balances(c)).await
    }
    async fn user_assets(&self, c: &Credentials) -> Result<Vec<UserAsset>, ExchangeError> {
        timed(self.0.user_assets(c)).await
    }
    async fn dust_candidates(&self, c: &Credentials) -> Result<DustCandidates, ExchangeError> {
        timed(self.0.dust_candidates(c)).await
    }
    async fn convert_dust(
        &self,
        c: &Credentials,
        a: &[Asset],
    ) -> Result<DustConversion, ExchangeError> {
        timed(self.0.convert_dust(c, a)).await
    }
    async fn dust_log(
        &self,
        c: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError> {
        timed(self.0.dust_log(c, since)).await
    }
    async fn trading_rules(&self) -> Result<Arc<TradingRules>, ExchangeError> {
        timed(self.0.trading_rules()).await
    }
    async fn prices(&self) -> Result<Arc<Prices>, ExchangeError> {
        timed(self.0.prices()).await
    }
    async fn key_permissions(&self, c: &Credentials) -> Result<KeyPermissions, ExchangeError> {
        timed(self.0.key_permissions(c)).await
    }
    async fn convert_pairs(&self, to: &Asset) -> Result<Arc<Vec<ConvertPair>>, ExchangeError> {
        timed(self.0.convert_pairs(to)).await
    }
    async fn convert_precision(
        &self,
        c: &Credentials,
    ) -> Result<Vec<AssetPrecision>, ExchangeError> {
        timed(self.0.convert_precision(c)).await
    }
    async fn convert_quote(
        &self,
        c: &Credentials,
        r: &QuoteRequest,
    ) -> Result<Quote, ExchangeError> {
        timed(self.0.convert_quote(c, r)).await
    }
    async fn convert_accept(
        &self,
        c: &Credentials,
        q: &str,
    ) -> Result<AcceptedOrder, ExchangeError> {
        timed(self.0.convert_accept(c, q)).await
    }
    async fn convert_order_status(
        &self,
        c: &Credentials,
        o: &OrderRef,
    ) -> Result<ConvertOrder, ExchangeError> {
        timed(self.0.convert_order_status(c, o)).await
    }
    async fn convert_trade_flow(
        &self,
        c: &Credentials,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ConvertOrder>, ExchangeError> {
        timed(self.0.convert_trade_flow(c, start, end)).await
    }
}
