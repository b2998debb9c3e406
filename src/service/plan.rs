//! The plan behind `/dust`: the planner's best way out per asset on each report line, a
//! "swap instead" button per Convert-able asset, and "Convert the rest as recommended",
//! which quotes every Spot Convert leg, shows one confirm screen, and on Confirm runs the
//! BNB batch and each leg as its own gated operation. A leg whose quote expired is
//! stopped and reported, never re-quoted inside the confirm.

use rust_decimal::Decimal;

use crate::domain::Asset;
use crate::ports::DustCandidate;
use crate::ports::{OperationRecord, OperationStatus, Transition, UserRecord};
use crate::service::buttons::ButtonAction;
use crate::service::convert::DustBatches;
use crate::service::currency::Shown;
use crate::service::deps::Deps;
use crate::service::model::{CONFIRM_TTL, SELECTION_TTL, ServiceError};
use crate::service::model::{CooldownState, DustClass, DustReport};
use crate::service::operations::BatchNote;
use crate::service::operations::gate::Gate;
use crate::service::operations::settle::Settles;
use crate::service::operations::{
    Candidate, DustParams, OperationParams, PlanAsset, PlanParams, SellParams, SwapAmount,
    plan_params,
};
use crate::service::planner::{
    ASSUMED_CONVERT_SPREAD, Market, Method, Planned, SPOT_TAKER_FEE, plan_all,
};
use crate::service::reply::{Button, Reply, Role, Text};
use crate::service::sell::Sells;
use crate::service::swap::Swaps;
use crate::service::view::plan::plan_confirm_message;

/// At most this many "swap instead" buttons under a report.
const MAX_SWAP_BUTTONS: usize = 6;

/// The plan behind `/dust`: its buttons, its confirm screen, its confirm.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Plans {
    /// The planner's options for every line of a report, Spot Convert into `target`
    /// (cached public data), and the small-asset batch to `target` beside the BNB one when
    /// the exchange offers that target (one more signed request, the user's own figures,
    /// never cached).
    async fn plan_report(&self, user: &UserRecord, r: &DustReport, target: &Asset) -> Planned;

    /// How the user's values are shown: in their display currency at the shared cached
    /// prices, or in USDT when those prices cannot value it right now.
    async fn shown_for(&self, user: &UserRecord) -> Shown;

    /// Stores the plan behind the report's buttons and returns the buttons (none when
    /// nothing can be done).
    async fn plan_buttons(
        &self,
        user: &UserRecord,
        target: &Asset,
        planned: &Planned,
    ) -> Result<Vec<Button>, ServiceError>;

    /// "Swap instead" on a `/dust` report: quotes that asset alone.
    async fn swap_instead(
        &self,
        user: &UserRecord,
        op: OperationRecord,
        n: usize,
    ) -> Result<Reply, ServiceError>;

    /// "Convert the rest as recommended": quote each leg and show one confirm screen.
    async fn plan_screen(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;

    /// Confirm on the plan: the plan executes once (gate), then each leg runs as its own
    /// gated operation: the BNB batch, the Spot Convert legs at the prices shown, then the
    /// market sells (client order id = the leg's operation id).
    async fn confirm_plan(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;
}

impl Plans for Deps {
    async fn plan_report(&self, user: &UserRecord, r: &DustReport, target: &Asset) -> Planned {
        let ready = r.cooldown == CooldownState::Ready;
        let (rules, prices, pairs, to_target) = tokio::join!(
            self.exchange.trading_rules(),
            self.exchange.prices(),
            self.exchange.convert_pairs(target),
            self.target_candidates(user, target, ready),
        );
        let (Ok(rules), Ok(prices)) = (rules, prices) else {
            return Planned::default();
        };
        let pairs = pairs.unwrap_or_default();
        let fractions = self.cached_fractions();
        let candidates: Vec<_> = r
            .lines
            .iter()
            .filter_map(|l| match &l.class {
                DustClass::Convertible { candidate, .. } => Some(candidate.clone()),
                _ => None,
            })
            .collect();
        let market = Market {
            rules: &rules,
            prices: &prices,
            bnb_candidates: &candidates,
            target_candidates: &to_target,
            bnb_ready: ready,
            pairs: &pairs,
            fractions: &fractions,
            target,
            taker_fee: SPOT_TAKER_FEE,
            convert_spread: ASSUMED_CONVERT_SPREAD,
        };
        let assets: Vec<(Asset, Decimal)> = r
            .lines
            .iter()
            .map(|l| (l.asset.clone(), l.amount))
            .collect();
        plan_all(&assets, &market)
    }

    /// How the user's values are shown: in their display currency at the shared cached
    /// prices, or in USDT when those prices cannot value it right now.
    async fn shown_for(&self, user: &UserRecord) -> Shown {
        let currency = &user.prefs.currency;
        if currency == &Asset::usdt() {
            return Shown::usdt();
        }
        match self.exchange.prices().await {
            Ok(p) => Shown::new(currency, &p).unwrap_or_default(),
            Err(_) => Shown::usdt(),
        }
    }

    /// Stores the plan behind the report's buttons and returns the buttons (none when
    /// nothing can be done).
    async fn plan_buttons(
        &self,
        user: &UserRecord,
        target: &Asset,
        planned: &Planned,
    ) -> Result<Vec<Button>, ServiceError> {
        let mut p = PlanParams {
            target: target.to_string(),
            batch: planned.batch.as_ref().map(|c| Box::new(BatchNote::of(c))),
            ..PlanParams::default()
        };
        for plan in &planned.plans {
            let o = plan.recommended();
            let entry = PlanAsset {
                asset: plan.asset.to_string(),
                amount: o.amount,
                symbol: o.symbol.clone(),
            };
            match o.method {
                Method::SmallAssetBnb => p.bnb.push(Candidate {
                    asset: plan.asset.to_string(),
                    amount: o.amount,
                    bnb: Decimal::ZERO,
                    fee: Decimal::ZERO,
                    net: o.receive,
                    selected: true,
                }),
                Method::SmallAssetTarget => p.to_target.push(Candidate {
                    asset: plan.asset.to_string(),
                    amount: o.amount,
                    bnb: Decimal::ZERO,
                    fee: Decimal::ZERO,
                    net: o.receive,
                    selected: true,
                }),
                Method::SpotConvert => p.swaps.push(entry),
                Method::MarketSell => p.sells.push(entry),
                Method::Leave => {}
            }
            // "Swap instead" where Spot Convert is possible but not already the advice.
            if let Some(c) = plan
                .options
                .iter()
                .find(|c| c.method == Method::SpotConvert && o.method != Method::SpotConvert)
            {
                p.swap_instead.push(PlanAsset {
                    asset: plan.asset.to_string(),
                    amount: c.amount,
                    symbol: None,
                });
            }
        }
        p.swap_instead.truncate(MAX_SWAP_BUTTONS);
        let batch = p.bnb.is_empty() && p.to_target.is_empty();
        if batch && p.swaps.is_empty() && p.sells.is_empty() && p.swap_instead.is_empty() {
            return Ok(Vec::new());
        }
        let op = self
            .open_operation(
                user.id,
                OperationStatus::Selecting,
                &OperationParams::Plan(p.clone()),
                SELECTION_TTL,
            )
            .await?;
        let mut buttons = Vec::new();
        if !batch || !p.swaps.is_empty() || !p.sells.is_empty() {
            buttons.push(Button::new(
                Role::Navigate,
                Text::new("button-plan"),
                ButtonAction::PlanGo(op.id.clone()).token(),
            ));
        }
        buttons.extend(p.swap_instead.iter().enumerate().map(|(i, a)| {
            Button::new(
                Role::Choice,
                Text::new("button-swap-instead")
                    .arg("asset", &a.asset)
                    .arg("target", &p.target),
                ButtonAction::SwapInstead(op.id.clone(), i).token(),
            )
        }));
        Ok(buttons)
    }

    /// "Swap instead" on a `/dust` report: quotes that asset alone.
    async fn swap_instead(
        &self,
        user: &UserRecord,
        op: OperationRecord,
        n: usize,
    ) -> Result<Reply, ServiceError> {
        let p = plan_params(&op).unwrap_or_default();
        let (Some(a), Ok(to)) = (p.swap_instead.get(n), Asset::parse(&p.target)) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        let Ok(from) = Asset::parse(&a.asset) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        self.swap_offer(user, &from, &to, SwapAmount::Exactly(a.amount), None)
            .await
    }

    /// "Convert the rest as recommended": quote each leg and show one confirm screen.
    async fn plan_screen(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        let Some(mut p) = plan_params(&op) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        let creds = match self.settle_and_load(user).await? {
            Ok(creds) => creds,
            Err(wait) => return Ok(Reply::text(wait)),
        };
        let Ok(target) = Asset::parse(&p.target) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        p.quotes.clear();
        p.unquoted.clear();
        for leg in &p.swaps {
            let Ok(from) = Asset::parse(&leg.asset) else {
                continue;
            };
            match self
                .quote_for(
                    &creds,
                    &from,
                    &target,
                    SwapAmount::Exactly(leg.amount),
                    false,
                    &user.prefs.currency,
                )
                .await
            {
                Ok(Ok(q)) => p.quotes.push(q),
                Ok(Err(_)) | Err(_) => p.unquoted.push(leg.asset.clone()),
            }
        }
        if p.bnb.is_empty() && p.to_target.is_empty() && p.quotes.is_empty() && p.sells.is_empty() {
            return Ok(Reply::text(Text::new("plan-nothing")));
        }
        let now = self.now();
        let expires = now + chrono::Duration::from_std(CONFIRM_TTL).unwrap_or_default();
        if !self
            .store
            .update_params(
                &op.id,
                OperationStatus::Selecting,
                &OperationParams::Plan(p.clone()).to_json()?,
                expires,
            )
            .await?
        {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        }
        match self
            .store
            .transition(
                &op.id,
                user.id,
                OperationStatus::Selecting,
                OperationStatus::Pending,
                now,
            )
            .await?
        {
            Transition::Done => {
                let left = self
                    .quote_seconds_left(p.quotes.iter().map(|q| q.valid_until))
                    .await;
                let shown = self.shown_for(user).await;
                Ok(Reply::message(plan_confirm_message(
                    &op.id,
                    &p,
                    left,
                    self.config.dust_cooldown,
                    &shown,
                )))
            }
            _ => Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
    }

    /// Confirm on the plan: the plan executes once (gate), then each leg runs as its own
    /// gated operation: the BNB batch, the Spot Convert legs at the prices shown, then the
    /// market sells (client order id = the leg's operation id).
    async fn confirm_plan(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        let Some(p) = plan_params(&op) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        if let Some(refused) = self.pass_gate(user, &op).await? {
            return Ok(refused);
        }
        // The plan itself sends nothing: it is done once its legs exist.
        self.store
            .finish_operation(
                &op.id,
                OperationStatus::Succeeded,
                Some("\"dispatched\""),
                None,
                self.now(),
            )
            .await?;
        let mut out = Reply::default().replacing();
        if !p.bnb.is_empty() {
            let params = DustParams {
                candidates: p.bnb.clone(),
                left_out: Vec::new(),
                target: None,
            };
            let child = self.child(user, OperationParams::Dust(params)).await?;
            let r = self.confirm_dust(user, child).await?;
            out.messages.extend(r.messages);
        }
        // The batch to the target instead (never both: one cooldown), sent as Dust Convert
        // with this leg's operation id as its `clientId`.
        if p.bnb.is_empty() && !p.to_target.is_empty() {
            let params = DustParams {
                candidates: p.to_target.clone(),
                left_out: Vec::new(),
                target: Some(p.target.clone()),
            };
            let child = self.child(user, OperationParams::Dust(params)).await?;
            let r = self.confirm_dust(user, child).await?;
            out.messages.extend(r.messages);
        }
        for q in &p.quotes {
            let child = self.child(user, OperationParams::Swap(q.clone())).await?;
            let r = self.confirm_swap(user, child).await?;
            out.messages.extend(r.messages);
        }
        for s in &p.sells {
            let Some(symbol) = s.symbol.clone() else {
                continue;
            };
            let leg = SellParams {
                asset: s.asset.clone(),
                symbol,
                quantity: s.amount,
            };
            let child = self.child(user, OperationParams::Sell(leg)).await?;
            let span = tracing::info_span!("operation", op = %child.id, kind = ?child.kind, user = user.id);
            let r = tracing::Instrument::instrument(self.confirm_sell(user, child), span).await?;
            out.messages.extend(r.messages);
        }
        Ok(out)
    }
}

impl Deps {
    /// The user's small-asset candidates to `target`, when a batch to it could run now and
    /// the exchange offers it beside its own target (BNB); else none, and nothing is asked.
    /// One signed request per `/dust` (Binance: `query-convertible-assets`, weight 1); its
    /// answer is this user's alone and is not kept.
    async fn target_candidates(
        &self,
        user: &UserRecord,
        target: &Asset,
        ready: bool,
    ) -> Vec<DustCandidate> {
        let caps = self.exchange.capabilities();
        if !ready
            || caps.small_balance_target() == Some(target)
            || !caps.offers_small_balance_target(target)
        {
            return Vec::new();
        }
        let Ok(creds) = self.credentials(user).await else {
            return Vec::new();
        };
        match self.exchange.dust_candidates_to(&creds, target).await {
            Ok(c) => c.details,
            Err(e) => {
                // Planned without it: the BNB batch, as before targets existed.
                tracing::warn!(error = %crate::ports::error_chain(&e), "small-asset candidates to the target unavailable");
                Vec::new()
            }
        }
    }

    async fn child(
        &self,
        user: &UserRecord,
        params: OperationParams,
    ) -> Result<OperationRecord, ServiceError> {
        let op = self
            .open_operation(user.id, OperationStatus::Pending, &params, CONFIRM_TTL)
            .await?;
        Ok(op)
    }
}
