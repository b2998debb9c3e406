//! Settling a swap: its order polled to a final state, and one whose outcome is unknown
//! looked up by its quote id, then, once the quote is over, in the account's convert history
//! (shared/exchange/binance.md §4.5–4.6). No decision rests on a code Binance does not
//! document: absence from the history decides.

use rust_decimal::Decimal;
use std::time::Duration;

use crate::domain::Credentials;
use crate::ports::{ConvertOrderState, OperationRecord, OperationStatus, OrderRef};
use crate::service::deps::Deps;
use crate::service::model::{CLOCK_MARGIN, ServiceError};
use crate::service::operations::{SwapParams, SwapResult, swap_params, to_json};

/// How often an order in PROCESS / ACCEPT_SUCCESS is polled.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);
/// How many polls before the order is left to reconciliation (10 s in all).
pub const POLL_LIMIT: u32 = 20;

pub(crate) fn is_final(s: &ConvertOrderState) -> bool {
    matches!(s, ConvertOrderState::Succeeded | ConvertOrderState::Failed)
}

/// A swap after its accept: polled to a final state, or settled from the convert history.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait SwapSettles {
    /// Polls the order until it is final (or the poll limit), then records what is known.
    /// True when the operation is settled.
    async fn settle_swap(
        &self,
        op: &OperationRecord,
        p: &SwapParams,
        by: OrderRef,
    ) -> Result<bool, ServiceError>;

    async fn finish_swap(
        &self,
        op: &OperationRecord,
        order_id: &str,
        state: &ConvertOrderState,
        from_amount: Decimal,
        to_amount: Decimal,
    ) -> Result<(), ServiceError>;

    /// Resolves a swap in flight through its order status by quote id. True when settled.
    async fn reconcile_swap(&self, op: &OperationRecord) -> Result<bool, ServiceError>;
}

impl SwapSettles for Deps {
    /// Polls the order until it is final (or the poll limit), then records what is known.
    /// True when the operation is settled.
    async fn settle_swap(
        &self,
        op: &OperationRecord,
        p: &SwapParams,
        by: OrderRef,
    ) -> Result<bool, ServiceError> {
        let user = self
            .store
            .user_by_id(op.user_id)
            .await?
            .ok_or_else(|| crate::ports::StoreFailure("operation without user".into()))?;
        let creds = self.credentials(&user).await?;
        for attempt in 0..POLL_LIMIT {
            if attempt > 0 {
                tokio::time::sleep(POLL_INTERVAL).await;
            }
            match self.exchange.convert_order_status(&creds, &by).await {
                Ok(o) if is_final(&o.state) => {
                    self.finish_swap(op, &o.order_id, &o.state, o.from_amount, o.to_amount)
                        .await?;
                    return Ok(true);
                }
                Ok(_) => {}
                Err(e) => {
                    // Binance documents no "no such quote" answer for orderStatus (the code
                    // the simulator sends is our own choice), so no refusal decides here.
                    // Once the quote can no longer be accepted, its absence from the
                    // account's convert history decides (shared/exchange/binance.md §4.5–4.6).
                    tracing::info!(op = %op.id, %e, "order status not available");
                    if self.quote_is_over(p) {
                        return self.settle_swap_from_history(op, p, &creds).await;
                    }
                    break;
                }
            }
        }
        let current = self.store.operation(&op.id).await?;
        if current.is_some_and(|o| o.status == OperationStatus::Submitting) {
            self.store
                .finish_operation(&op.id, OperationStatus::Unknown, None, None, self.now())
                .await?;
        }
        Ok(false)
    }

    async fn finish_swap(
        &self,
        op: &OperationRecord,
        order_id: &str,
        state: &ConvertOrderState,
        from_amount: Decimal,
        to_amount: Decimal,
    ) -> Result<(), ServiceError> {
        let now = self.now();
        if *state == ConvertOrderState::Succeeded {
            let result = SwapResult {
                order_id: order_id.to_owned(),
                from_amount,
                to_amount,
            };
            let finished = self
                .store
                .finish_operation(
                    &op.id,
                    OperationStatus::Succeeded,
                    Some(&to_json(&result)?),
                    None,
                    now,
                )
                .await?;
            tracing::info!(op = %op.id, %order_id, "swap succeeded");
            if finished {
                self.count_swap(op, to_amount).await;
            }
        } else {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Failed,
                    None,
                    Some("order FAIL"),
                    now,
                )
                .await?;
        }
        Ok(())
    }

    /// Resolves a swap in flight through its order status by quote id. True when settled.
    async fn reconcile_swap(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        let p = swap_params(op).ok_or_else(|| {
            crate::ports::StoreFailure::new(format!("bad params of swap {}", op.id))
        })?;
        self.settle_swap(op, &p, OrderRef::QuoteId(p.quote_id.clone()))
            .await
    }
}

impl Deps {
    /// Counts a swap that succeeded, and what it received valued in USDT at the (cached)
    /// last prices, when a price is at hand.
    async fn count_swap(&self, op: &OperationRecord, received: Decimal) {
        let to = swap_params(op).map(|p| p.to);
        let value = match (to, self.exchange.prices().await) {
            (Some(to), Ok(prices)) => crate::service::planner::usdt_value(&to, received, &prices),
            _ => None,
        };
        self.metrics.conversion("swap", value);
    }

    /// Whether the quote can no longer be accepted and an order from it would be in the
    /// convert history by now: [`CLOCK_MARGIN`] for the skew between our clock and the
    /// exchange's (`valid_until` is the exchange's time), plus the exchange's convert
    /// history lag (its capabilities).
    fn quote_is_over(&self, p: &SwapParams) -> bool {
        let history_lag = (self.exchange.capabilities().quote_convert.as_ref())
            .map(|q| q.history_lag)
            .unwrap_or_default();
        let margin = chrono::Duration::from_std(CLOCK_MARGIN + history_lag).unwrap_or_default();
        self.now() > p.valid_until + margin
    }

    /// Settles a swap whose quote is over from the account's convert history (`tradeFlow`)
    /// over the quote's whole window: listed → its state; absent → never accepted, so
    /// nothing was converted. An unreadable history leaves the swap unknown.
    async fn settle_swap_from_history(
        &self,
        op: &OperationRecord,
        p: &SwapParams,
        creds: &Credentials,
    ) -> Result<bool, ServiceError> {
        let margin = chrono::Duration::from_std(CLOCK_MARGIN).unwrap_or_default();
        let sent = op.submitted_at.unwrap_or(op.created_at);
        let history = match self
            .exchange
            .convert_trade_flow(creds, sent - margin, p.valid_until + margin)
            .await
        {
            Ok(h) => h,
            Err(e) => {
                tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "convert history not available");
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Unknown,
                        None,
                        Some(&e.to_string()),
                        self.now(),
                    )
                    .await?;
                return Ok(false);
            }
        };
        match history
            .iter()
            .find(|o| o.quote_id.as_deref() == Some(p.quote_id.as_str()))
        {
            Some(o) if is_final(&o.state) => {
                self.finish_swap(op, &o.order_id, &o.state, o.from_amount, o.to_amount)
                    .await?;
                Ok(true)
            }
            Some(o) => {
                tracing::info!(op = %op.id, order_id = %o.order_id, "swap still processing");
                self.store
                    .finish_operation(&op.id, OperationStatus::Unknown, None, None, self.now())
                    .await?;
                Ok(false)
            }
            None => {
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Failed,
                        None,
                        Some("quote never accepted: absent from the convert history"),
                        self.now(),
                    )
                    .await?;
                tracing::info!(op = %op.id, "reconciled: swap not executed");
                Ok(true)
            }
        }
    }
}
