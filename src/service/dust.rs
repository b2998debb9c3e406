//! `/dust`: every small balance classified, with totals, the cooldown state and a
//! recommendation. Costs two signed requests (dust-btc and getUserAsset) plus shared,
//! cached public data (shared/exchange/binance.md §5 "What /dust costs"), and one more when
//! the user's target is not BNB (the plan's batch to it, `service::plan`).

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::domain::{Asset, Credentials, ExchangeId, floor_to_step};
use crate::ports::{
    DustCandidate, Exchange, ExchangeError, Prices, SymbolStatus, TradingRules, UserAsset,
    UserRecord,
};
use crate::reply::{Button, Role};
use crate::service::arming::Arming;
use crate::service::buttons::{ButtonAction, chart_button};
use crate::service::deps::Deps;
use crate::service::format::amount;
use crate::service::model::ServiceError;
pub use crate::service::model::{CooldownState, DustClass, DustLine, DustReport, Ineligible};
use crate::service::operations::gate::Gate;
use crate::service::operations::{Candidate, DustParams, OperationParams};
use crate::service::plan::Plans;
use crate::service::reply::{Message, Reply, Text};
pub use crate::service::view::report::recommendation;
use crate::service::view::report::render_report;

/// Exchange numbers whose arithmetic leaves Decimal's range: an invalid answer, never a
/// panic (issue 15 point 8).
fn absurd(what: &str) -> ExchangeError {
    ExchangeError::InvalidResponse(format!("absurd exchange values: {what} out of range").into())
}

/// `a × b`, or the invalid-answer error.
fn mul(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ExchangeError> {
    a.checked_mul(b).ok_or_else(|| absurd(what))
}

/// `a + b`, or the invalid-answer error.
fn add(a: Decimal, b: Decimal, what: &str) -> Result<Decimal, ExchangeError> {
    a.checked_add(b).ok_or_else(|| absurd(what))
}

/// The spot market's verdict on selling `free` of `asset`: `None` when some TRADING market
/// takes it, else the class it falls in (below a market's minimums, or no market at all).
fn sell_verdict(
    asset: &Asset,
    free: Decimal,
    rules: &TradingRules,
    prices: &Prices,
) -> Result<Option<DustClass>, ExchangeError> {
    let markets: Vec<_> = rules
        .symbols
        .values()
        .filter(|s| &s.base == asset)
        .collect();
    let trading: Vec<_> = markets
        .iter()
        .filter(|s| s.status == SymbolStatus::Trading)
        .collect();
    if trading.is_empty() {
        // A quote asset (USDT, FDUSD…) leaves the account by buying with it: the order's
        // value is the amount itself, held to the market's minimum notional.
        let as_quote = rules
            .symbols
            .values()
            .filter(|s| &s.quote == asset && s.status == SymbolStatus::Trading)
            .min_by_key(|s| s.min_notional);
        if let Some(s) = as_quote {
            return Ok((free < s.min_notional).then(|| DustClass::BelowMinimum {
                min_qty: s.min_notional,
                min_notional: s.min_notional,
                quote: asset.clone(),
            }));
        }
        return Ok(Some(DustClass::Ineligible(Ineligible::of(
            markets.iter().map(|s| s.status),
        ))));
    }
    let mut best: Option<&&&crate::ports::SymbolRules> = None;
    for s in &trading {
        let qty = floor_to_step(free, s.step_size);
        let price = prices.by_symbol.get(&s.symbol).copied().unwrap_or_default();
        let notional = mul(qty, price, "order value")?;
        let passes = qty >= s.min_qty && qty > Decimal::ZERO && notional >= s.min_notional;
        if passes {
            return Ok(None);
        }
        // Prefer the USDT market when telling the user the minimum.
        if best.is_none() || s.quote.as_str() == "USDT" {
            best = Some(s);
        }
    }
    let Some(s) = best else {
        return Ok(Some(DustClass::Ineligible(Ineligible::Delisted)));
    };
    Ok(Some(DustClass::BelowMinimum {
        min_qty: s.min_qty,
        min_notional: s.min_notional,
        quote: s.quote.clone(),
    }))
}

/// Builds the report from the exchange's answers. Every sum and product is checked: an
/// answer whose numbers do not fit is invalid, never a panic.
/// `target` is the asset small balances convert to: its own balance is not dust.
pub fn classify(
    candidates: &[DustCandidate],
    fee_rate: Decimal,
    target: Option<&Asset>,
    assets: &[UserAsset],
    rules: &TradingRules,
    prices: &Prices,
    cooldown: CooldownState,
) -> Result<DustReport, ExchangeError> {
    let btc_usdt = prices.by_symbol.get("BTCUSDT").copied().unwrap_or_default();
    let mut lines = Vec::new();
    let mut tradeable_count = 0;
    let (mut total_bnb, mut total_fee, mut total_net, mut convertible_btc) =
        (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
    for c in candidates {
        let below = sell_verdict(&c.asset, c.amount_free, rules, prices)?.is_some();
        total_bnb = add(total_bnb, c.gross, "BNB total")?;
        total_fee = add(total_fee, c.fee, "fee total")?;
        total_net = add(total_net, c.received, "net total")?;
        convertible_btc = add(convertible_btc, c.to_btc, "BTC total")?;
        lines.push(DustLine {
            asset: c.asset.clone(),
            amount: c.amount_free,
            btc: c.to_btc,
            usdt: mul(c.to_btc, btc_usdt, "USDT value")?,
            class: DustClass::Convertible {
                candidate: c.clone(),
                below_min_order: below,
            },
        });
    }
    for a in assets {
        if Some(&a.asset) == target
            || a.free.is_zero()
            || candidates.iter().any(|c| c.asset == a.asset)
        {
            continue;
        }
        match sell_verdict(&a.asset, a.free, rules, prices)? {
            None => tradeable_count += 1,
            Some(class) => {
                let total = [a.locked, a.freeze, a.withdrawing]
                    .into_iter()
                    .try_fold(a.free, |t, v| add(t, v, "balance"))?;
                // The free part of the balance's BTC value.
                let btc = if total.is_zero() {
                    Decimal::ZERO
                } else {
                    mul(a.btc_valuation, a.free, "BTC value")?
                        .checked_div(total)
                        .ok_or_else(|| absurd("BTC value"))?
                };
                lines.push(DustLine {
                    asset: a.asset.clone(),
                    amount: a.free,
                    btc,
                    usdt: mul(btc, btc_usdt, "USDT value")?,
                    class,
                });
            }
        }
    }
    Ok(DustReport {
        lines,
        total_bnb,
        total_fee,
        total_net,
        convertible_usdt: mul(convertible_btc, btc_usdt, "USDT value")?,
        fee_rate,
        tradeable_count,
        cooldown,
    })
}

/// The `/dust` report use case.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Reports {
    /// Computes the dust report of a user.
    async fn dust_report(&self, user: &UserRecord) -> Result<DustReport, ServiceError>;

    async fn dust(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    /// `/dust EXCHANGE`: that exchange's section alone.
    async fn dust_on(&self, user: &UserRecord, exchange: ExchangeId)
    -> Result<Reply, ServiceError>;

    /// `/dust` on the default exchange alone.
    async fn default_dust(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    /// The report of a non-default exchange the user connected, on its own terms (its
    /// target; no cooldown kept for it).
    async fn report_on(
        &self,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
    ) -> Result<DustReport, ServiceError>;

    /// The section of `/dust` for a non-default exchange the user connected, on its own
    /// terms (its target, its per-call limit, its cooldown or none).
    async fn exchange_section(
        &self,
        user: &UserRecord,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
    ) -> Result<Message, ServiceError>;
}

/// How long one exchange's section of `/dust` may take before it is shown as failed, so
/// one slow exchange never holds up the others' sections.
pub(crate) const SECTION_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// The section of an exchange that could not be read: its name and why, in place of its
/// report. Storage failures are not the exchange's: they fail the whole `/dust`.
fn failed_section(exchange: ExchangeId, e: &ServiceError) -> Message {
    Message {
        blocks: vec![
            Text::new("dust-exchange-failed")
                .arg("exchange", exchange.name())
                .text("reason", e.text()),
        ],
        buttons: Vec::new(),
    }
}

impl Reports for Deps {
    /// Computes the dust report of a user.
    async fn dust_report(&self, user: &UserRecord) -> Result<DustReport, ServiceError> {
        let creds = self.credentials(user).await?;
        let (candidates, assets, rules, prices, cooldown) = tokio::join!(
            self.exchange.dust_candidates(&creds),
            self.exchange.user_assets(&creds),
            self.exchange.trading_rules(),
            self.exchange.prices(),
            self.cooldown_state(user),
        );
        let (candidates, assets, rules, prices) = (candidates?, assets?, rules?, prices?);
        let cooldown = cooldown?;
        Ok(classify(
            &candidates.details,
            candidates.fee_rate,
            self.exchange.capabilities().small_balance_target(),
            &assets,
            &rules,
            &prices,
            cooldown,
        )?)
    }

    async fn dust(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let default = self.exchange.id();
        let mut connected = Vec::new();
        for exchange in self.exchanges.iter().filter(|e| e.id() != default) {
            if let Some(creds) = self.keys.load(user.id, exchange.id()).await? {
                connected.push((exchange.clone(), creds));
            }
        }
        // Every exchange read at once, each bounded: one failing or slow exchange shows its
        // own error line and leaves the other sections whole.
        let sections = futures_util::future::join_all(connected.iter().map(|(e, creds)| async {
            match tokio::time::timeout(SECTION_TIMEOUT, self.exchange_section(user, e, creds)).await
            {
                Ok(section) => section,
                Err(_) => Err(ServiceError::Exchange(
                    crate::ports::ExchangeError::Unavailable("no answer in time".into()),
                )),
            }
        }));
        let (mine, others) = tokio::join!(
            tokio::time::timeout(SECTION_TIMEOUT, self.default_dust(user)),
            sections
        );
        let mut messages = Vec::new();
        for ((exchange, _), section) in connected.iter().zip(others) {
            messages.push(match section {
                Ok(m) => m,
                Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
                Err(e) => {
                    tracing::warn!(exchange = %exchange.id(), error = %crate::ports::error_chain(&e), "dust section failed");
                    failed_section(exchange.id(), &e)
                }
            });
        }
        let mine = mine.unwrap_or_else(|_| {
            Err(ServiceError::Exchange(
                crate::ports::ExchangeError::Unavailable("no answer in time".into()),
            ))
        });
        let mut reply = match mine {
            Ok(reply) => reply,
            Err(ServiceError::NotConnected) if !messages.is_empty() => Reply::default(),
            Err(ServiceError::Store(e)) => return Err(ServiceError::Store(e)),
            Err(e) if !messages.is_empty() => {
                tracing::warn!(exchange = %default, error = %crate::ports::error_chain(&e), "dust section failed");
                Reply::message(failed_section(default, &e))
            }
            Err(e) => return Err(e),
        };
        reply.messages.extend(messages);
        Ok(reply)
    }

    async fn report_on(
        &self,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
    ) -> Result<DustReport, ServiceError> {
        let (candidates, assets, rules, prices) = tokio::join!(
            exchange.dust_candidates(creds),
            exchange.user_assets(creds),
            exchange.trading_rules(),
            exchange.prices(),
        );
        let (candidates, assets, rules, prices) = (candidates?, assets?, rules?, prices?);
        Ok(classify(
            &candidates.details,
            candidates.fee_rate,
            exchange.capabilities().small_balance_target(),
            &assets,
            &rules,
            &prices,
            CooldownState::Ready,
        )?)
    }

    async fn exchange_section(
        &self,
        user: &UserRecord,
        exchange: &Arc<dyn Exchange>,
        creds: &Credentials,
    ) -> Result<Message, ServiceError> {
        let report = self.report_on(exchange, creds).await?;
        let caps = exchange.capabilities();
        let target = caps.small_balance_target().cloned();
        let target = target.map(|t| t.to_string()).unwrap_or_default();
        let mut blocks = vec![
            Text::new("dust-exchange-title")
                .arg("exchange", exchange.id().name())
                .arg("target", &target),
        ];
        let mut convertible = 0;
        for l in &report.lines {
            if let DustClass::Convertible { candidate, .. } = &l.class {
                convertible += 1;
                blocks.push(
                    Text::new("dust-exchange-line")
                        .arg("asset", &l.asset)
                        .arg("amount", amount(l.amount))
                        .arg("value", crate::service::format::usd(l.usdt))
                        .arg("net", amount(candidate.received))
                        .arg("target", &target),
                );
            }
        }
        if convertible == 0 {
            blocks.push(Text::new("dust-exchange-none"));
        }
        if let Some(terms) = &caps.small_balance {
            if let Some(max) = terms.max_assets_per_call {
                blocks.push(Text::new("dust-exchange-batches").int("max", max as i64));
            }
            if terms.cooldown.is_none() {
                blocks.push(Text::new("dust-exchange-no-cooldown"));
            }
        }
        if let Some((limit, span)) = caps.small_balance.as_ref().and_then(|s| s.max_per_window) {
            blocks.push(
                Text::new("dust-exchange-window")
                    .arg("exchange", exchange.id().name())
                    .int("limit", limit as i64)
                    .text("span", crate::service::format::span(span)),
            );
        }
        // One button converting everything convertible here: the selection, already made,
        // taken to its confirm screens (several where the exchange's per-call limit says).
        let mut buttons = Vec::new();
        if convertible > 0 {
            let params = DustParams {
                candidates: report
                    .lines
                    .iter()
                    .filter_map(|l| match &l.class {
                        DustClass::Convertible { candidate: c, .. } => Some(Candidate {
                            asset: c.asset.to_string(),
                            amount: c.amount_free,
                            bnb: c.gross,
                            fee: c.fee,
                            net: c.received,
                            selected: true,
                        }),
                        _ => None,
                    })
                    .collect(),
                left_out: Vec::new(),
                target: Some(target.clone()).filter(|t| !t.is_empty()),
            };
            let net: Decimal = params.candidates.iter().map(|c| c.net).sum();
            let op = self
                .open_operation_on(
                    user.id,
                    exchange.id(),
                    crate::ports::OperationStatus::Selecting,
                    &OperationParams::Dust(params),
                    crate::service::model::SELECTION_TTL,
                )
                .await?;
            buttons.push(Button::new(
                Role::Navigate,
                Text::new("button-convert-on")
                    .arg("exchange", exchange.id().name())
                    .int("count", convertible as i64)
                    .arg("net", amount(net))
                    .arg("target", &target),
                ButtonAction::Proceed(op.id).token(),
            ));
        }
        Ok(Message { blocks, buttons })
    }

    async fn dust_on(
        &self,
        user: &UserRecord,
        exchange: ExchangeId,
    ) -> Result<Reply, ServiceError> {
        if exchange == self.exchange.id() {
            return self.default_dust(user).await;
        }
        let Some(adapter) = self.exchanges.get(exchange).cloned() else {
            return Ok(Reply::text(
                Text::new("connect-exchange-unknown").arg("exchange", exchange.name()),
            ));
        };
        let creds = self
            .keys
            .load(user.id, exchange)
            .await?
            .ok_or(ServiceError::NotConnected)?;
        Ok(Reply::message(
            self.exchange_section(user, &adapter, &creds).await?,
        ))
    }

    async fn default_dust(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let report = self.dust_report(user).await?;
        let target = &user.prefs.target;
        let plans = if report.lines.is_empty() {
            Default::default()
        } else {
            self.plan_report(user, &report, target).await
        };
        let shown = self.shown_for(user).await;
        let mut msg = render_report(user, &report, &plans, &shown, self.now());
        if !report.lines.is_empty() {
            msg.buttons = self.plan_buttons(user, target, &plans).await?;
            msg.buttons.push(chart_button());
        }
        Ok(Reply::message(msg))
    }
}
