//! `/swap FROM TO [AMOUNT|all]`: Spot Convert (flash swap, shared/exchange/binance.md §4)
//! behind the same pending-operation pattern as `/convert` (shared/security.md §3.2):
//! quote → confirm screen → one gated accept → PROCESS polled to a final state, an unknown
//! outcome settled by [`super::swap_settle`]. A quote is accepted only while
//! `server now + ACCEPT_MARGIN < validTimestamp`; an expired one is re-quoted and shown
//! again for a NEW confirm, never accepted at a different price (P11).

use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::{Asset, Credentials};
use crate::ports::Refusal;
use crate::ports::{
    ExchangeError, OperationRecord, OperationStatus, OrderRef, QuoteAmount, QuoteRequest,
    TradingRules, UserRecord,
};
use crate::service::command::SwapArgs;
use crate::service::currency::Shown;
use crate::service::deps::{Deps, Fractions};
use crate::service::format::amount;
use crate::service::model::{CONFIRM_TTL, ServiceError};
use crate::service::operations::gate::Gate;
use crate::service::operations::settle::Settles;
pub use crate::service::operations::swap::{ACCEPT_MARGIN, QUOTE_VALIDITY_SECS};
use crate::service::operations::{OperationParams, swap_params};
pub use crate::service::operations::{SwapAmount, SwapParams, SwapResult};
use crate::service::planner::{DEFAULT_FRACTION, usdt_value};
use crate::service::reply::{Reply, Text};
pub use crate::service::swap_settle::{POLL_INTERVAL, POLL_LIMIT};
use crate::service::swap_settle::{SwapSettles, is_final};
use crate::service::view::quote::{accept_window_secs, seconds_left};
use crate::service::view::quote::{quote_error_text, swap_confirm_message, swap_done_text};

/// The quote validity asked for: 1 min, the longest documented `validTime`, so a human
/// can read the confirm screen and press (binance.md §4.3; security.md §3.2 step 6).
pub const QUOTE_VALIDITY: std::time::Duration = std::time::Duration::from_secs(60);
/// How long the convert precision table (`convert/assetInfo`, weight 100) is reused.
pub const PRECISION_TTL: Duration = Duration::from_secs(3600);

/// A quote, or the plain-words reason there is none.
pub(crate) type Offer = Result<SwapParams, Text>;

/// Whether some spot market names `asset` (as base or quote), from the cached trading
/// rules. An asset no market names is taken as unknown to Convert too, without asking it:
/// a choice (the docs do not say every Convert asset has a spot market) that lets a typo be
/// refused without a weight-3000 `convert/exchangeInfo` request (binance.md §2).
pub(crate) fn listed(rules: &TradingRules, asset: &Asset) -> bool {
    rules
        .symbols
        .values()
        .any(|s| &s.base == asset || &s.quote == asset)
}

/// The `/swap` use case: quote, confirm screen, accept.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Swaps {
    /// Convert precision per asset, cached for [`PRECISION_TTL`].
    async fn fractions(&self, creds: &Credentials) -> Result<Fractions, ServiceError>;

    /// The cached precision table, if any (no request).
    fn cached_fractions(&self) -> Fractions;

    async fn swap_command(&self, user: &UserRecord, args: SwapArgs) -> Result<Reply, ServiceError>;

    /// Quotes and shows the confirm screen, or says in plain words why not.
    async fn swap_offer(
        &self,
        user: &UserRecord,
        from: &Asset,
        to: &Asset,
        amt: SwapAmount,
        notice: Option<Text>,
    ) -> Result<Reply, ServiceError>;

    /// Pair, limits, precision, balance and a quote: the quote's parameters or the reason
    /// (in plain words, values in `currency`) there is none.
    async fn quote_for(
        &self,
        creds: &Credentials,
        from: &Asset,
        to: &Asset,
        amt: SwapAmount,
        requote: bool,
        currency: &Asset,
    ) -> Result<Offer, ServiceError>;

    /// Confirm on a swap's screen: accept once if the quote is still valid with the margin,
    /// else re-quote for a new confirm (or, inside a plan, stop this leg).
    async fn confirm_swap(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;

    /// What the user sees once a swap's state is recorded.
    async fn swap_outcome_reply(&self, id: &str) -> Result<Reply, ServiceError>;

    /// [`seconds_left`] for the earliest of `valid_until`, asking the exchange's clock
    /// (weight 1; the fixed window if it does not answer).
    async fn quote_seconds_left(&self, valid_until: impl IntoIterator<Item = DateTime<Utc>>)
    -> i64;
}

impl Swaps for Deps {
    /// Convert precision per asset, cached for [`PRECISION_TTL`].
    async fn fractions(&self, creds: &Credentials) -> Result<Fractions, ServiceError> {
        let now = self.now();
        if let Ok(g) = self.fractions.lock()
            && let Some((at, f)) = g.as_ref()
            && now - *at < chrono::Duration::from_std(PRECISION_TTL).unwrap_or_default()
        {
            return Ok(f.clone());
        }
        let list = self.exchange.convert_precision(creds).await?;
        let map: Fractions = Arc::new(
            list.into_iter()
                .map(|p| (p.asset.to_string(), p.fraction))
                .collect(),
        );
        if let Ok(mut g) = self.fractions.lock() {
            *g = Some((now, map.clone()));
        }
        Ok(map)
    }

    /// The cached precision table, if any (no request).
    fn cached_fractions(&self) -> Fractions {
        self.fractions
            .lock()
            .ok()
            .and_then(|g| g.as_ref().map(|(_, f)| f.clone()))
            .unwrap_or_default()
    }

    async fn swap_command(&self, user: &UserRecord, args: SwapArgs) -> Result<Reply, ServiceError> {
        let (from, to, amt) = (args.from(), args.to(), args.amount());
        // Checked against the cached spot listing first: asking Convert about a made-up
        // asset costs weight 3000 (binance.md §2).
        let rules = self.exchange.trading_rules().await?;
        if let Some(unknown) = [from, to].into_iter().find(|a| !listed(&rules, a)) {
            return Ok(Reply::text(
                Text::new("swap-unknown-asset").arg("asset", unknown),
            ));
        }
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        self.swap_offer(user, from, to, amt, None).await
    }

    /// Quotes and shows the confirm screen, or says in plain words why not.
    async fn swap_offer(
        &self,
        user: &UserRecord,
        from: &Asset,
        to: &Asset,
        amt: SwapAmount,
        notice: Option<Text>,
    ) -> Result<Reply, ServiceError> {
        let creds = self.credentials(user).await?;
        let params = match self
            .quote_for(&creds, from, to, amt, true, &user.prefs.currency)
            .await?
        {
            Ok(p) => p,
            Err(why) => return Ok(Reply::text(why)),
        };
        // Longer than the quote: a late press is re-quoted, not refused.
        let op = self
            .open_operation(
                user.id,
                OperationStatus::Pending,
                &OperationParams::Swap(params.clone()),
                CONFIRM_TTL,
            )
            .await?;
        let left = self.quote_seconds_left([params.valid_until]).await;
        let mut msg = swap_confirm_message(&op.id, &params, left);
        if let Some(n) = notice {
            msg.blocks.insert(0, n);
        }
        Ok(Reply::message(msg))
    }

    /// Pair, limits, precision, balance and a quote: the quote's parameters or the reason
    /// (in plain words, values in `currency`) there is none.
    async fn quote_for(
        &self,
        creds: &Credentials,
        from: &Asset,
        to: &Asset,
        amt: SwapAmount,
        requote: bool,
        currency: &Asset,
    ) -> Result<Offer, ServiceError> {
        let pairs = self.exchange.convert_pairs(to).await?;
        let Some(pair) = pairs.iter().find(|p| &p.from_asset == from) else {
            return Ok(Err(Text::new("swap-no-pair")
                .arg("from", from)
                .arg("to", to)));
        };
        let fractions = match self.fractions(creds).await {
            Ok(f) => f,
            Err(ServiceError::Exchange(e)) => return Ok(Err(quote_error_text(&e))),
            Err(e) => return Err(e),
        };
        let fraction = fractions
            .get(from.as_str())
            .copied()
            .unwrap_or(DEFAULT_FRACTION);
        let requested = match amt {
            SwapAmount::Exactly(d) => d,
            SwapAmount::All => {
                let assets = self.exchange.user_assets(creds).await?;
                assets
                    .iter()
                    .find(|a| &a.asset == from)
                    .map(|a| a.free)
                    .unwrap_or_default()
            }
        };
        let amount_in = requested.round_dp_with_strategy(fraction, RoundingStrategy::ToZero);
        let prices = self.exchange.prices().await.ok();
        let value = |qty| {
            let p = prices.as_ref()?;
            let shown = Shown::new(currency, p).unwrap_or_default();
            usdt_value(from.as_str(), qty, p).map(|v| shown.show(v))
        };
        if amount_in.is_zero() && amt == SwapAmount::All {
            return Ok(Err(Text::new("swap-nothing").arg("asset", from)));
        }
        if amount_in < pair.from_min {
            // Checked like every sum on exchange numbers (issue 15 point 8).
            let top_up = pair.from_min.checked_sub(amount_in).unwrap_or_default();
            let cost = value(top_up).unwrap_or_else(|| "?".to_owned());
            return Ok(Err(Text::new("swap-below-minimum")
                .arg("from", from)
                .arg("to", to)
                .arg("amount", amount(amount_in))
                .arg("min", amount(pair.from_min))
                .arg("top_up", amount(top_up))
                .arg("cost", cost)));
        }
        if amount_in > pair.from_max {
            return Ok(Err(Text::new("swap-above-maximum")
                .arg("from", from)
                .arg("max", amount(pair.from_max))));
        }
        let req = QuoteRequest {
            from_asset: from.clone(),
            to_asset: to.clone(),
            amount: QuoteAmount::From(amount_in),
            valid_time: QUOTE_VALIDITY,
        };
        let quote = match self.exchange.convert_quote(creds, &req).await {
            Ok(q) => q,
            Err(e) => return Ok(Err(quote_error_text(&e))),
        };
        let Some(quote_id) = quote.quote_id else {
            return Ok(Err(Text::new("swap-funds-short")
                .arg("from", from)
                .arg("amount", amount(amount_in))));
        };
        let spot_ratio = prices.as_ref().and_then(|p| {
            let f = usdt_value(from.as_str(), Decimal::ONE, p)?;
            let t = usdt_value(to.as_str(), Decimal::ONE, p)?;
            f.checked_div(t)
        });
        Ok(Ok(SwapParams {
            from: from.to_string(),
            to: to.to_string(),
            from_amount: quote.from_amount,
            to_amount: quote.to_amount,
            ratio: quote.ratio,
            spot_ratio,
            quote_id,
            valid_until: quote.valid_until,
            requote,
        }))
    }

    /// Confirm on a swap's screen: accept once if the quote is still valid with the margin,
    /// else re-quote for a new confirm (or, inside a plan, stop this leg).
    async fn confirm_swap(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        let Some(p) = swap_params(&op) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        let creds = self.credentials(user).await?;
        let server_now = self.exchange.server_time().await?;
        let read_at = std::time::Instant::now();
        let margin = chrono::Duration::from_std(ACCEPT_MARGIN).unwrap_or_default();
        if server_now + margin >= p.valid_until {
            return self.quote_expired(user, &op, &p).await;
        }
        if let Some(refused) = self.pass_gate(user, &op).await? {
            return Ok(refused);
        }
        // The gate may have waited for the database: check the quote's time again, on the
        // exchange's clock as last read plus what has passed since (security.md P11).
        let waited = chrono::Duration::from_std(read_at.elapsed()).unwrap_or_default();
        if server_now + waited + margin >= p.valid_until {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Failed,
                    None,
                    Some("quote expired before it was sent"),
                    self.now(),
                )
                .await?;
            return Ok(Reply::text(Text::new("swap-expired-before-send")).replacing());
        }
        match self.exchange.convert_accept(&creds, &p.quote_id).await {
            Ok(order) if is_final(&order.state) => {
                self.finish_swap(
                    &op,
                    &order.order_id,
                    &order.state,
                    p.from_amount,
                    p.to_amount,
                )
                .await?;
                Ok(self.swap_outcome_reply(&op.id).await?.replacing())
            }
            Ok(order) => {
                tracing::info!(op = %op.id, order_id = %order.order_id, "swap accepted; polling");
                self.settle_swap(&op, &p, OrderRef::OrderId(order.order_id))
                    .await?;
                Ok(self.swap_outcome_reply(&op.id).await?.replacing())
            }
            Err(ExchangeError::OutcomeUnknown(cause)) => {
                let cause = crate::ports::error_chain(&cause);
                tracing::warn!(op = %op.id, %cause, "swap accept outcome unknown; reconciling");
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Unknown,
                        None,
                        Some(&cause),
                        self.now(),
                    )
                    .await?;
                if let Err(e) = self
                    .settle_swap(&op, &p, OrderRef::QuoteId(p.quote_id.clone()))
                    .await
                {
                    tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "swap reconcile failed; will retry");
                }
                Ok(self.swap_outcome_reply(&op.id).await?.replacing())
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
                if matches!(
                    &e,
                    ExchangeError::Rejected {
                        reason: Refusal::QuoteExpired,
                        ..
                    }
                ) {
                    return self.quote_expired(user, &op, &p).await;
                }
                Ok(
                    Reply::text(Text::new("swap-failed").text("reason", quote_error_text(&e)))
                        .replacing(),
                )
            }
        }
    }

    /// What the user sees once a swap's state is recorded.
    async fn swap_outcome_reply(&self, id: &str) -> Result<Reply, ServiceError> {
        let op = self.store.operation(id).await?;
        let Some(op) = op else {
            return Ok(Reply::text(Text::new("error-internal")));
        };
        let p = swap_params(&op);
        Ok(match (op.status, p) {
            (OperationStatus::Succeeded, Some(p)) => {
                let r: Option<SwapResult> = op
                    .result
                    .as_deref()
                    .and_then(|r| serde_json::from_str(r).ok());
                match r {
                    Some(r) => Reply::text(swap_done_text(&p, &r)),
                    None => Reply::text(crate::service::format::submitted_unknown(
                        self.exchange.id(),
                    )),
                }
            }
            (OperationStatus::Failed, _) => Reply::text(Text::new("swap-not-executed")),
            _ => Reply::text(crate::service::format::submitted_unknown(
                self.exchange.id(),
            )),
        })
    }

    /// [`seconds_left`] for the earliest of `valid_until`, asking the exchange's clock
    /// (weight 1; the fixed window if it does not answer).
    async fn quote_seconds_left(
        &self,
        valid_until: impl IntoIterator<Item = DateTime<Utc>>,
    ) -> i64 {
        let Some(first) = valid_until.into_iter().min() else {
            return accept_window_secs();
        };
        seconds_left(first, self.exchange.server_time().await.ok())
    }
}

impl Deps {
    /// The quote is (about to be) expired: close this confirm and show a new quote for a new
    /// confirm, or inside a plan report the leg as stopped.
    async fn quote_expired(
        &self,
        user: &UserRecord,
        op: &OperationRecord,
        p: &SwapParams,
    ) -> Result<Reply, ServiceError> {
        let closed = self
            .store
            .finish_operation(
                &op.id,
                OperationStatus::Expired,
                None,
                Some("quote expired"),
                self.now(),
            )
            .await?;
        if !closed {
            // Another press got past the gate with this quote: no second offer.
            return Ok(Reply::default().with_notice(Text::new("button-in-progress")));
        }
        if !p.requote {
            return Ok(Reply::text(
                Text::new("plan-leg-expired")
                    .arg("from", &p.from)
                    .arg("to", &p.to),
            ));
        }
        let (Ok(from), Ok(to)) = (Asset::parse(&p.from), Asset::parse(&p.to)) else {
            return Ok(Reply::text(Text::new("button-expired")));
        };
        let reply = self
            .swap_offer(
                user,
                &from,
                &to,
                SwapAmount::Exactly(p.from_amount),
                Some(Text::new("swap-requoted")),
            )
            .await?;
        Ok(reply.replacing())
    }
}
