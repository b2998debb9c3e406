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
use crate::service::operations::BatchNote;
use crate::service::planner::Planned;
use crate::service::view::plan::{batch_text, plan_text};

/// The `/dust` report as shown to `user` at `now`.
pub(crate) fn render_report(
    user: &UserRecord,
    r: &DustReport,
    planned: &Planned,
    shown: &Shown,
    now: DateTime<Utc>,
) -> Message {
    let plans = &planned.plans;
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
    let advice = recommendation(r, planned, user.min_worth_usdt, now, shown);
    let advised = advice.key.starts_with("advice-plan");
    blocks.push(advice);
    // Which small-asset batch, and why, where there were two to choose from.
    if let Some(choice) = planned.batch.as_ref().filter(|_| advised) {
        blocks.push(batch_text(&BatchNote::of(choice), shown));
    }
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
    planned: &Planned,
    min_worth_usdt: Decimal,
    now: DateTime<Utc>,
    shown: &Shown,
) -> Text {
    use crate::service::planner::{Method, plan_worth};
    let plans = &planned.plans;
    let count_of = |m: Method| plans.iter().filter(|p| p.recommended().method == m).count() as i64;
    // Checked: a sum past Decimal's range (absurd prices) reads as "a lot", never a panic.
    let worth: Decimal = plan_worth(plans);
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
    let to_target = count_of(Method::SmallAssetTarget);
    if to_target > 0 {
        let target = plans
            .iter()
            .map(|p| p.recommended())
            .find(|o| o.method == Method::SmallAssetTarget)
            .map(|o| o.receive_asset.to_string())
            .unwrap_or_default();
        return Text::new("advice-plan-to")
            .int("to_target", to_target)
            .arg("target", target)
            .int("convert", count_of(Method::SpotConvert))
            .int("sell", count_of(Method::MarketSell))
            .arg("value", shown.show(worth));
    }
    Text::new("advice-plan")
        .int("bnb", count_of(Method::SmallAssetBnb))
        .int("convert", count_of(Method::SpotConvert))
        .int("sell", count_of(Method::MarketSell))
        .arg("value", shown.show(worth))
}
