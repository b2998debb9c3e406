//! The market-sell legs of "Convert the rest as recommended": each sell is its own gated
//! operation (kind `Sell`), sent as a spot MARKET SELL whose `newClientOrderId` is the
//! operation id, so an unknown outcome is looked up by that id
//! (`GET /api/v3/order?origClientOrderId=`) and never sent twice. Binance keeps a
//! client order id unique among OPEN orders only (a filled market order's id is accepted
//! again), so "never twice" rests on the gate (one send per operation), never on the
//! exchange refusing a second order; the lookup by the id is unambiguous because each
//! operation id is used once.

use rust_decimal::Decimal;

use crate::ports::{
    ExchangeError, MarketSell, OperationRecord, OperationStatus, Refusal, SpotOrder,
    SpotOrderStatus, UserRecord,
};
use crate::service::deps::Deps;
use crate::service::model::{ServiceError, exchange_error_text};
use crate::service::operations::gate::Gate;
use crate::service::operations::{SellParams, SellResult, sell_params};
use crate::service::reply::{Reply, Text};
use crate::service::view::plan::{sell_not_executed_text, sold_text};

/// How long after sending an order that is not found may be called "never executed": the
/// exchange refuses a request older than its `recvWindow` (at most 60 s, binance.md §1
/// Timing: checked on arrival and again before hand-off to the engine), so once 60 s plus
/// a round trip have passed on our own clock since the send, a missing order never came.
const NOT_FOUND_FINAL_AFTER: std::time::Duration = std::time::Duration::from_secs(70);

/// A plan's market-sell leg: its confirm and its reconcile.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Sells {
    /// Runs one sell leg: gate, one MARKET SELL with the operation id as client order id,
    /// an unknown outcome looked up by that id.
    async fn confirm_sell(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;

    /// Resolves a sell leg in flight by its client order id. True when settled.
    async fn reconcile_sell(&self, op: &OperationRecord) -> Result<bool, ServiceError>;
}

impl Sells for Deps {
    /// Runs one sell leg: gate, one MARKET SELL with the operation id as client order id,
    /// an unknown outcome looked up by that id.
    async fn confirm_sell(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        let Some(p) = sell_params(&op) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        if let Some(refused) = self.pass_gate(user, &op).await? {
            return Ok(refused);
        }
        let creds = self.credentials(user).await?;
        let order = MarketSell {
            symbol: p.symbol.clone(),
            quantity: p.quantity,
            client_order_id: op.id.clone(),
        };
        match self.exchange.market_sell(&creds, &order).await {
            Ok(o) => {
                self.finish_sell(&op, &o).await?;
            }
            Err(ExchangeError::OutcomeUnknown(cause)) => {
                let cause = crate::ports::error_chain(&cause);
                tracing::warn!(op = %op.id, %cause, "sell outcome unknown; looking it up");
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Unknown,
                        None,
                        Some(&cause),
                        self.now(),
                    )
                    .await?;
                if let Err(e) = self.settle_sell(&op, &p).await {
                    tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "sell lookup failed; will retry");
                }
            }
            Err(ExchangeError::Rejected {
                reason: Refusal::DuplicateOrder,
                ..
            }) => {
                // This id was already sent: the exchange has the order; read it.
                if let Err(e) = self.settle_sell(&op, &p).await {
                    tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "sell lookup failed; will retry");
                }
            }
            Err(e) => {
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Failed,
                        None,
                        Some(&e.to_string()),
                        self.now(),
                    )
                    .await?;
                return Ok(Reply::text(
                    Text::new("plan-sell-failed")
                        .arg("asset", &p.asset)
                        .arg("symbol", &p.symbol)
                        .text("reason", exchange_error_text(&e)),
                ));
            }
        }
        self.sell_outcome_reply(&op.id, &p).await
    }

    /// Resolves a sell leg in flight by its client order id. True when settled.
    async fn reconcile_sell(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        let p = sell_params(op).ok_or_else(|| {
            crate::ports::StoreFailure::new(format!("bad params of sell {}", op.id))
        })?;
        self.settle_sell(op, &p).await
    }
}

impl Deps {
    async fn finish_sell(&self, op: &OperationRecord, o: &SpotOrder) -> Result<(), ServiceError> {
        let now = self.now();
        if o.executed_qty > Decimal::ZERO {
            let json = serde_json::to_string(&SellResult::of(o))
                .map_err(|e| crate::ports::StoreFailure::caused_by("encoding a sell result", e))?;
            self.store
                .finish_operation(&op.id, OperationStatus::Succeeded, Some(&json), None, now)
                .await?;
            tracing::info!(op = %op.id, order_id = %o.order_id, "sell executed");
        } else {
            let why = match &o.status {
                SpotOrderStatus::New => "order accepted, nothing filled",
                _ => "order not filled",
            };
            self.store
                .finish_operation(&op.id, OperationStatus::Failed, None, Some(why), now)
                .await?;
        }
        Ok(())
    }

    /// Looks the order up by its client order id (the operation id). True when settled.
    async fn settle_sell(
        &self,
        op: &OperationRecord,
        p: &SellParams,
    ) -> Result<bool, ServiceError> {
        let user = self
            .store
            .user_by_id(op.user_id)
            .await?
            .ok_or_else(|| crate::ports::StoreFailure("operation without user".into()))?;
        let creds = self.credentials(&user).await?;
        match self.exchange.spot_order(&creds, &p.symbol, &op.id).await? {
            Some(o) => {
                self.finish_sell(op, &o).await?;
                Ok(true)
            }
            None => {
                let sent = op.submitted_at.unwrap_or(op.created_at);
                let wait = chrono::Duration::from_std(NOT_FOUND_FINAL_AFTER).unwrap_or_default();
                let now = self.now();
                if now > sent + wait {
                    // Not found once the exchange can no longer accept the request: nothing
                    // was sold, and nothing will be.
                    self.store
                        .finish_operation(
                            &op.id,
                            OperationStatus::Failed,
                            None,
                            Some("order not found"),
                            now,
                        )
                        .await?;
                    return Ok(true);
                }
                let current = self.store.operation(&op.id).await?;
                if current.is_some_and(|o| o.status == OperationStatus::Submitting) {
                    self.store
                        .finish_operation(&op.id, OperationStatus::Unknown, None, None, now)
                        .await?;
                }
                Ok(false)
            }
        }
    }

    async fn sell_outcome_reply(&self, id: &str, p: &SellParams) -> Result<Reply, ServiceError> {
        let Some(op) = self.store.operation(id).await? else {
            return Ok(Reply::text(Text::new("error-internal")));
        };
        let result: Option<SellResult> = op
            .result
            .as_deref()
            .and_then(|r| serde_json::from_str(r).ok());
        Ok(match (op.status, result) {
            (OperationStatus::Succeeded, Some(r)) => Reply::text(sold_text(p, &r)),
            (OperationStatus::Failed, _) => Reply::text(sell_not_executed_text(p)),
            _ => Reply::text(crate::service::format::submitted_unknown(
                self.exchange.id(),
            )),
        })
    }
}
