//! The screens of `/history` and `/cooldown`: dustpan's records and the exchange's dust log,
//! shown in the user's timezone.

use chrono::{DateTime, Utc};

use crate::ports::{ConversionSource, DustConversionRecord, OperationKind, OperationRecord};
use crate::reply::{Message, Text};
use crate::service::format::{amount, datetime, span};
use crate::service::model::CooldownState;
use crate::service::operations::{dust_params, sell_params, swap_params};

/// One operation whose outcome the exchange never confirmed: what was sent, and when.
pub(crate) fn unresolved_line(op: &OperationRecord, tz: &str) -> Text {
    let sent = datetime(op.submitted_at.unwrap_or(op.created_at), tz);
    let other = || Text::new("history-unresolved-other").arg("sent", &sent);
    match op.kind {
        OperationKind::Sell => match sell_params(op) {
            Some(p) => Text::new("history-unresolved-sell")
                .arg("sent", &sent)
                .arg("asset", &p.asset)
                .arg("symbol", &p.symbol),
            None => other(),
        },
        OperationKind::Swap => match swap_params(op) {
            Some(p) => Text::new("history-unresolved-swap")
                .arg("sent", &sent)
                .arg("from", &p.from)
                .arg("to", &p.to)
                .arg("amount", amount(p.from_amount)),
            None => other(),
        },
        OperationKind::Dust => match dust_params(op) {
            Ok(p) => {
                let assets: Vec<String> = p.assets().iter().map(|a| a.to_string()).collect();
                Text::new("history-unresolved-dust")
                    .arg("sent", &sent)
                    .arg("assets", assets.join(", "))
            }
            Err(_) => other(),
        },
        OperationKind::Plan | OperationKind::Forget => other(),
    }
}

/// `/history`: first what is still settling (`pending`), then the operations whose outcome
/// was never confirmed, then the conversions, newest first, in the timezone `tz`.
pub(crate) fn history_message(
    pending: Option<Text>,
    unresolved: &[OperationRecord],
    records: &[DustConversionRecord],
    tz: &str,
) -> Message {
    let mut blocks = Vec::new();
    if let Some(still) = pending {
        blocks.push(still);
    }
    if !unresolved.is_empty() {
        blocks.push(Text::new("history-unresolved-title"));
        blocks.extend(unresolved.iter().map(|op| unresolved_line(op, tz)));
    }
    if records.is_empty() {
        blocks.push(Text::new("history-empty"));
        return Message {
            blocks,
            buttons: Vec::new(),
        };
    }
    blocks.push(Text::new("history-title").int("count", records.len() as i64));
    for r in records {
        let assets: Vec<&str> = r.assets.iter().map(|a| a.asset.as_str()).collect();
        // A conversion to BNB keeps its original sentence; any other names its target.
        let to_bnb = r.target_asset == "BNB";
        let key = match (r.source, to_bnb) {
            (ConversionSource::Dustpan, true) => "history-line",
            (ConversionSource::Exchange, true) => "history-line-elsewhere",
            (ConversionSource::Dustpan, false) => "history-line-to",
            (ConversionSource::Exchange, false) => "history-line-elsewhere-to",
        };
        let mut line = Text::new(key)
            .arg("at", datetime(r.operate_time, tz))
            .arg("assets", assets.join(", "))
            .arg(if to_bnb { "bnb" } else { "gross" }, amount(r.total_gross))
            .arg("fee", amount(r.total_fee))
            .arg("tran_id", &r.batch_id);
        if !to_bnb {
            line = line.arg("target", &r.target_asset);
        }
        blocks.push(line);
    }
    Message {
        blocks,
        buttons: Vec::new(),
    }
}

/// `/cooldown`: when the last conversion was and whether the next may be made now or
/// when (`None`: there was none), in the timezone `tz`.
pub(crate) fn cooldown_text(
    last: Option<(DateTime<Utc>, CooldownState)>,
    now: DateTime<Utc>,
    tz: &str,
) -> Text {
    let Some((last, state)) = last else {
        return Text::new("cooldown-never");
    };
    let at = datetime(last, tz);
    match state {
        CooldownState::Ready => Text::new("cooldown-ready").arg("last", at),
        CooldownState::Until(t) => Text::new("cooldown-wait")
            .text("left", span((t - now).to_std().unwrap_or_default()))
            .arg("at", datetime(t, tz))
            .arg("last", at),
    }
}
