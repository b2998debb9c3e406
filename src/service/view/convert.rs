//! The screens of `/convert`: the selection, the confirm screen, the result, the cooldown.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::ports::UserRecord;
use crate::reply::{Button, Message, Role, Text};
use crate::service::buttons::ButtonAction;
use crate::service::format::{amount, datetime, span};
use crate::service::model::CONFIRM_TTL;
use crate::service::operations::{DustParams, DustResult, LeftOut};
use crate::service::view::confirm_buttons;

pub(crate) fn cooldown_text(user: &UserRecord, until: DateTime<Utc>, now: DateTime<Utc>) -> Text {
    Text::new("convert-cooldown")
        .text("left", span((until - now).to_std().unwrap_or_default()))
        .arg("at", datetime(until, &user.timezone))
}

pub(crate) fn confirm_message(id: &str, p: &DustParams, cooldown: Duration) -> Message {
    let (bnb, fee, net) = p.totals();
    let count = p.selected().count() as i64;
    let mut blocks = vec![match &p.target {
        None => Text::new("confirm-title").int("count", count),
        Some(t) => Text::new("confirm-title-to")
            .int("count", count)
            .arg("target", t),
    }];
    for c in p.selected() {
        blocks.push(match &p.target {
            None => Text::new("confirm-line")
                .arg("asset", &c.asset)
                .arg("amount", amount(c.amount))
                .arg("bnb", amount(c.bnb))
                .arg("fee", amount(c.fee))
                .arg("net", amount(c.net)),
            Some(t) => Text::new("confirm-line-to")
                .arg("asset", &c.asset)
                .arg("amount", amount(c.amount))
                .arg("gross", amount(c.bnb))
                .arg("fee", amount(c.fee))
                .arg("net", amount(c.net))
                .arg("target", t),
        });
    }
    blocks.push(match &p.target {
        None => Text::new("confirm-totals")
            .arg("bnb", amount(bnb))
            .arg("fee", amount(fee))
            .arg("net", amount(net)),
        Some(t) => Text::new("confirm-totals-to")
            .arg("gross", amount(bnb))
            .arg("fee", amount(fee))
            .arg("net", amount(net))
            .arg("target", t),
    });
    for l in &p.left_out {
        blocks.push(left_out_text(l, p.target.as_deref()));
    }
    blocks.push(Text::new("confirm-cooldown-warning").text("cooldown", span(cooldown)));
    blocks.push(Text::new("confirm-expiry").text("ttl", span(CONFIRM_TTL)));
    Message {
        blocks,
        buttons: confirm_buttons(id),
    }
}

pub(crate) fn result_message(user: &UserRecord, r: &DustResult, cooldown: Duration) -> Message {
    let next = r.operate_time + cooldown;
    Message {
        blocks: vec![
            match &r.target {
                None => Text::new("convert-done")
                    .int("count", r.assets as i64)
                    .arg("bnb", amount(r.bnb))
                    .arg("fee", amount(r.fee))
                    .arg("received", amount(r.received()))
                    .arg("tran_id", &r.batch_id),
                Some(t) => Text::new("convert-done-to")
                    .int("count", r.assets as i64)
                    .arg("gross", amount(r.bnb))
                    .arg("fee", amount(r.fee))
                    .arg("received", amount(r.received()))
                    .arg("target", t)
                    .arg("tran_id", &r.batch_id),
            },
            Text::new("convert-next").arg("at", datetime(next, &user.timezone)),
        ],
        buttons: Vec::new(),
    }
}

/// Why an asset asked for is left out; `target` is the chosen target, if any.
pub(crate) fn left_out_text(l: &LeftOut, target: Option<&str>) -> Text {
    match (l.reason.as_str(), target) {
        ("left-out-not-an-asset", _) => Text::new("left-out-not-an-asset"),
        ("left-out-kept", _) => Text::new("left-out-kept"),
        (_, None) => Text::new("left-out-not-convertible"),
        (_, Some(t)) => Text::new("left-out-not-convertible-to").arg("target", t),
    }
    .arg("asset", &l.asset)
}

pub(crate) fn selection_message(id: &str, p: &DustParams) -> Message {
    let (_, _, net) = p.totals();
    let count = p.selected().count();
    let mut buttons: Vec<Button> = p
        .candidates
        .iter()
        .enumerate()
        .map(|(i, c)| {
            Button::new(
                Role::Toggle,
                Text::new(if c.selected {
                    "button-asset-on"
                } else {
                    "button-asset-off"
                })
                .arg("asset", &c.asset),
                ButtonAction::Toggle(id.to_owned(), i).token(),
            )
        })
        .collect();
    buttons.push(Button::new(
        Role::Navigate,
        match &p.target {
            None => Text::new("button-convert-selected"),
            Some(t) => Text::new("button-convert-selected-to").arg("target", t),
        }
        .int("count", count as i64)
        .arg("net", amount(net)),
        ButtonAction::Proceed(id.to_owned()).token(),
    ));
    buttons.push(Button::new(
        Role::Cancel,
        Text::new("button-cancel"),
        ButtonAction::Cancel(id.to_owned()).token(),
    ));
    Message {
        blocks: vec![Text::new("select-title").int("count", p.candidates.len() as i64)],
        buttons,
    }
}
