//! The `/dust` report's screen: every class with its totals, the cooldown and what is
//! worth doing now.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::domain::Asset;
use crate::ports::UserRecord;
use crate::reply::{Message, Text};
use crate::service::currency::Shown;
use crate::service::format::{amount, span, usd};
use crate::service::model::{CooldownState, DustClass, DustReport};
use crate::service::planner::AssetPlan;
use crate::service::view::plan::plan_text;

/// The `/dust` report as shown to `user` at `now`.
pub(crate) fn render_report(
    user: &UserRecord,
    r: &DustReport,
    plans: &[AssetPlan],
    shown: &Shown,
    now: DateTime<Utc>,
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
                    .arg("bnb", amount(c.gross))
                    .arg("fee", amount(c.fee))
                    .arg("net", amount(c.received))
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
