//! The screens of the plan behind `/dust`: each asset's way out, and the plan's confirm.

use std::time::Duration;

use rust_decimal::Decimal;

use crate::reply::{Message, Text};
use crate::service::currency::Shown;
use crate::service::format::{amount, span};
use crate::service::operations::{BatchNote, PlanParams, SellParams, SellResult};
use crate::service::planner::{AssetPlan, Method, SPOT_TAKER_FEE};
use crate::service::view::confirm_buttons;
use crate::service::view::quote::quote_lines;

/// The sentence for an asset's recommended way out, values shown as `shown` says.
pub fn plan_text(plan: &AssetPlan, shown: &Shown) -> Text {
    let o = plan.recommended();
    let t = match o.method {
        Method::SmallAssetBnb => Text::new("plan-best-bnb"),
        Method::SmallAssetTarget => Text::new("plan-best-to"),
        Method::SpotConvert => Text::new("plan-best-convert"),
        Method::MarketSell => Text::new("plan-best-sell")
            .arg("symbol", o.symbol.clone().unwrap_or_default())
            .arg(
                "fee_percent",
                (SPOT_TAKER_FEE * Decimal::ONE_HUNDRED).normalize(),
            ),
        Method::Leave => match &plan.convert_shortfall {
            Some(s) => Text::new("plan-best-leave-top-up")
                .arg("min", amount(s.min))
                .arg("top_up", amount(s.top_up))
                .arg(
                    "cost",
                    s.top_up_value
                        .map_or_else(|| "?".to_owned(), |v| shown.show(v)),
                ),
            None => Text::new("plan-best-leave"),
        },
    };
    t.arg("asset", &plan.asset)
        .arg("receive", amount(o.receive))
        .arg("receive_asset", &o.receive_asset)
        .arg("value", shown.show(o.net_value))
}

/// Which small-asset batch a plan holds and why: both batches' figures as the exchange
/// quoted them, and the plan's worth with each.
pub fn batch_text(note: &BatchNote, shown: &Shown) -> Text {
    let (c, o) = (&note.chosen, &note.other);
    let valued = |v: Option<Decimal>| v.map_or_else(|| "?".to_owned(), amount);
    Text::new(if note.to_target {
        "plan-batch-to"
    } else {
        "plan-batch-bnb"
    })
    .arg("asset", &c.asset)
    .int("count", c.count as i64)
    .arg("received", amount(c.received))
    .arg("fee", amount(c.fee))
    .arg("worth", shown.show(c.worth))
    .arg("in_target", valued(c.in_target))
    .arg("other_asset", &o.asset)
    .int("other_count", o.count as i64)
    .arg("other_received", amount(o.received))
    .arg("other_fee", amount(o.fee))
    .arg("other_worth", shown.show(o.worth))
    .arg("other_in_target", valued(o.in_target))
}

pub(crate) fn plan_confirm_message(
    id: &str,
    p: &PlanParams,
    seconds_left: i64,
    cooldown: Duration,
    shown: &Shown,
) -> Message {
    let mut blocks = vec![Text::new("plan-confirm-title")];
    if !p.to_target.is_empty() && p.bnb.is_empty() {
        let net: Decimal = p.to_target.iter().map(|c| c.net).sum();
        let assets: Vec<&str> = p.to_target.iter().map(|c| c.asset.as_str()).collect();
        blocks.push(
            Text::new("plan-confirm-to")
                .int("count", p.to_target.len() as i64)
                .arg("assets", assets.join(", "))
                .arg("net", amount(net))
                .arg("target", &p.target),
        );
        blocks.push(Text::new("confirm-cooldown-warning").text("cooldown", span(cooldown)));
    }
    if let Some(note) = &p.batch {
        blocks.push(batch_text(note, shown));
    }
    if !p.bnb.is_empty() {
        let net: Decimal = p.bnb.iter().map(|c| c.net).sum();
        let assets: Vec<&str> = p.bnb.iter().map(|c| c.asset.as_str()).collect();
        blocks.push(
            Text::new("plan-confirm-bnb")
                .int("count", p.bnb.len() as i64)
                .arg("assets", assets.join(", "))
                .arg("net", amount(net)),
        );
        blocks.push(Text::new("confirm-cooldown-warning").text("cooldown", span(cooldown)));
    }
    for q in &p.quotes {
        blocks.extend(quote_lines(q));
    }
    for a in &p.unquoted {
        blocks.push(Text::new("plan-confirm-unquoted").arg("asset", a));
    }
    for s in &p.sells {
        blocks.push(
            Text::new("plan-confirm-sell")
                .arg("asset", &s.asset)
                .arg("amount", amount(s.amount))
                .arg("symbol", s.symbol.clone().unwrap_or_default())
                .arg(
                    "fee_percent",
                    (SPOT_TAKER_FEE * Decimal::ONE_HUNDRED).normalize(),
                ),
        );
    }
    if !p.quotes.is_empty() {
        blocks.push(Text::new("swap-confirm-expiry").int("seconds", seconds_left));
    }
    Message {
        blocks,
        buttons: confirm_buttons(id),
    }
}

/// A market sell done: what was sold on which market, what it fetched, the fee when the
/// exchange said it, and the order id.
pub(crate) fn sold_text(p: &SellParams, r: &SellResult) -> Text {
    // A spot symbol is base then quote.
    let quote_asset = p.symbol.strip_prefix(p.asset.as_str()).unwrap_or_default();
    let t = match (r.commission, &r.commission_asset) {
        (Some(fee), Some(fee_asset)) => Text::new("plan-sold")
            .arg("fee", amount(fee))
            .arg("fee_asset", fee_asset),
        _ => Text::new("plan-sold-no-fee"),
    };
    t.arg("asset", &p.asset)
        .arg("qty", amount(r.executed_qty))
        .arg("symbol", &p.symbol)
        .arg("quote", amount(r.quote_qty))
        .arg("quote_asset", quote_asset)
        .arg("order_id", &r.order_id)
}

/// A market sell the exchange did not execute.
pub(crate) fn sell_not_executed_text(p: &SellParams) -> Text {
    Text::new("plan-sell-not-executed")
        .arg("asset", &p.asset)
        .arg("symbol", &p.symbol)
}
