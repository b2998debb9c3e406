//! `/dust`: every small balance classified, with totals, the cooldown state and a
//! recommendation. Costs two signed requests (dust-btc and getUserAsset) plus shared,
//! cached public data (shared/exchange/binance.md §5 "What /dust costs").

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::{Asset, floor_to_step};
use crate::ports::{
    DustCandidate, ExchangeError, Prices, SymbolStatus, TradingRules, UserAsset, UserRecord,
};
use crate::service::arming::Arming;
use crate::service::currency::Shown;
use crate::service::deps::Deps;
use crate::service::format::{amount, span, usd};
use crate::service::model::ServiceError;
pub use crate::service::model::{CooldownState, DustClass, DustLine, DustReport, Ineligible};
use crate::service::plan::Plans;
use crate::service::plan::plan_text;
use crate::service::planner::AssetPlan;
use crate::service::reply::{Message, Reply, Text};

/// Exchange numbers whose arithmetic leaves Decimal's range: an invalid answer, never a
/// panic (issue 15 point 8).
fn absurd(what: &str) -> ExchangeError {
    ExchangeError::InvalidResponse(format!("absurd exchange values: {what} out of range"))
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
pub fn classify(
    candidates: &[DustCandidate],
    fee_rate: Decimal,
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
        total_bnb = add(total_bnb, c.to_bnb, "BNB total")?;
        total_fee = add(total_fee, c.fee_bnb, "fee total")?;
        total_net = add(total_net, c.to_bnb_after_fee, "net total")?;
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
        if a.asset.as_str() == "BNB"
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

/// The use case's steps other modules call (imported by name, so the call shows).
pub(crate) trait Reports {
    /// Computes the dust report of a user.
    async fn dust_report(&self, user: &UserRecord) -> Result<DustReport, ServiceError>;

    async fn dust(&self, user: &UserRecord) -> Result<Reply, ServiceError>;
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
            &assets,
            &rules,
            &prices,
            cooldown,
        )?)
    }

    async fn dust(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        let report = self.dust_report(user).await?;
        let target = &user.prefs.target;
        let plans = if report.lines.is_empty() {
            Vec::new()
        } else {
            self.plan_report(&report, target).await
        };
        let shown = self.shown_for(user).await;
        let mut msg = self.render_report(user, &report, &plans, &shown);
        if !report.lines.is_empty() {
            msg.buttons = self.plan_buttons(user, target, &plans).await?;
        }
        Ok(Reply::message(msg))
    }
}

impl Deps {
    fn render_report(
        &self,
        user: &UserRecord,
        r: &DustReport,
        plans: &[AssetPlan],
        shown: &Shown,
    ) -> Message {
        // The planner's best way out, under each asset's line.
        let best = |blocks: &mut Vec<Text>, asset: &Asset| {
            if let Some(p) = plans.iter().find(|p| &p.asset == asset) {
                blocks.push(plan_text(p, shown));
            }
        };
        let mut blocks = vec![Text::new("dust-title")];
        if r.lines.is_empty() {
            blocks.push(Text::new("dust-none"));
        }
        let convertible: Vec<_> = r
            .lines
            .iter()
            .filter(|l| matches!(l.class, DustClass::Convertible { .. }))
            .collect();
        let below: Vec<_> = r
            .lines
            .iter()
            .filter(|l| matches!(l.class, DustClass::BelowMinimum { .. }))
            .collect();
        let inel: Vec<_> = r
            .lines
            .iter()
            .filter(|l| matches!(l.class, DustClass::Ineligible(_)))
            .collect();
        if !convertible.is_empty() {
            blocks.push(
                Text::new("dust-section-convertible")
                    .int("count", convertible.len() as i64)
                    .arg(
                        "fee_percent",
                        (r.fee_rate * Decimal::ONE_HUNDRED).normalize(),
                    ),
            );
            for l in convertible {
                let DustClass::Convertible {
                    candidate: c,
                    below_min_order,
                } = &l.class
                else {
                    continue;
                };
                blocks.push(
                    Text::new("dust-line-convertible")
                        .arg("asset", &l.asset)
                        .arg("amount", amount(l.amount))
                        .arg("btc", amount(l.btc))
                        .arg("value", shown.show(l.usdt))
                        .arg("currency", shown.currency())
                        .arg("bnb", amount(c.to_bnb))
                        .arg("fee", amount(c.fee_bnb))
                        .arg("net", amount(c.to_bnb_after_fee))
                        .arg("below_min", if *below_min_order { "yes" } else { "no" }),
                );
                best(&mut blocks, &l.asset);
            }
        }
        if !below.is_empty() {
            blocks.push(Text::new("dust-section-below-minimum").int("count", below.len() as i64));
            for l in below {
                let DustClass::BelowMinimum {
                    min_qty,
                    min_notional,
                    quote,
                } = &l.class
                else {
                    continue;
                };
                blocks.push(
                    Text::new("dust-line-below-minimum")
                        .arg("asset", &l.asset)
                        .arg("amount", amount(l.amount))
                        .arg("value", shown.show(l.usdt))
                        .arg("min_qty", amount(*min_qty))
                        .arg("min_notional", amount(*min_notional))
                        .arg("quote", quote),
                );
                best(&mut blocks, &l.asset);
            }
        }
        if !inel.is_empty() {
            blocks.push(Text::new("dust-section-ineligible").int("count", inel.len() as i64));
            for l in inel {
                let DustClass::Ineligible(why) = &l.class else {
                    continue;
                };
                blocks.push(
                    Text::new(why.key())
                        .arg("asset", &l.asset)
                        .arg("amount", amount(l.amount)),
                );
            }
        }
        if !r.total_bnb.is_zero() {
            blocks.push(
                Text::new("dust-totals")
                    .arg("value", shown.show(r.convertible_usdt))
                    .arg("bnb", amount(r.total_bnb))
                    .arg("fee", amount(r.total_fee))
                    .arg("net", amount(r.total_net)),
            );
        }
        if r.tradeable_count > 0 {
            blocks.push(Text::new("dust-tradeable").int("count", r.tradeable_count as i64));
        }
        let now = self.now();
        blocks.push(match r.cooldown {
            CooldownState::Ready => Text::new("dust-cooldown-ready"),
            CooldownState::Until(t) => Text::new("dust-cooldown-wait")
                .text("left", span((t - now).to_std().unwrap_or_default()))
                .arg("at", crate::service::format::datetime(t, &user.timezone)),
        });
        blocks.push(recommendation(r, plans, user.min_worth_usdt, now, shown));
        Message {
            blocks,
            buttons: Vec::new(),
        }
    }
}

/// What is worth doing now: the planner's recommendations summed up, or why to wait.
/// The sum is compared with the minimum in USDT (the minimum is set in USD) and only
/// shown in the display currency.
pub fn recommendation(
    r: &DustReport,
    plans: &[AssetPlan],
    min_worth_usdt: Decimal,
    now: DateTime<Utc>,
    shown: &Shown,
) -> Text {
    use crate::service::planner::Method;
    let count_of = |m: Method| plans.iter().filter(|p| p.recommended().method == m).count() as i64;
    // Checked: a sum past Decimal's range (absurd prices) reads as "a lot", never a panic.
    let worth: Decimal = plans
        .iter()
        .filter(|p| p.recommended().method != Method::Leave)
        .map(|p| p.recommended().net_value)
        .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
        .unwrap_or(Decimal::MAX);
    let convertible = r
        .lines
        .iter()
        .any(|l| matches!(l.class, DustClass::Convertible { .. }));
    if plans.is_empty() || worth.is_zero() {
        if let CooldownState::Until(t) = r.cooldown
            && convertible
        {
            return Text::new("advice-wait")
                .text("left", span((t - now).to_std().unwrap_or_default()));
        }
        return Text::new("advice-nothing");
    }
    if worth < min_worth_usdt {
        return Text::new("advice-not-worth-it")
            .arg("value", shown.show(worth))
            .arg("min", usd(min_worth_usdt))
            .arg("min_value", shown.show(min_worth_usdt))
            .arg("currency", shown.currency());
    }
    Text::new("advice-plan")
        .int("bnb", count_of(Method::SmallAssetBnb))
        .int("convert", count_of(Method::SpotConvert))
        .int("sell", count_of(Method::MarketSell))
        .arg("value", shown.show(worth))
}
