//! The operator's `/stats` screen: the store's figures, per frontend, and the exchange
//! weight the bot is using.

use crate::ports::{OperatorStats, PerPlatform, PeriodTotals, RateLimitsSeen, WeightUse};
use crate::reply::{Message, Text};
use crate::service::format::amount;

/// A count per frontend, as one text.
fn split(n: &PerPlatform) -> Text {
    Text::new("stats-split")
        .int("telegram", n.telegram as i64)
        .int("discord", n.discord as i64)
        .int("console", n.console as i64)
}

/// What a period's conversions received, asset by asset (`0 ASSET` for none).
fn received(p: &PeriodTotals, asset: &str) -> String {
    if p.received.is_empty() {
        return format!("{} {asset}", amount(rust_decimal::Decimal::ZERO));
    }
    p.received
        .iter()
        .map(|(target, value)| format!("{} {target}", amount(*value)))
        .collect::<Vec<_>>()
        .join(" + ")
}

fn period(key: &'static str, p: &PeriodTotals, asset: &str) -> Text {
    Text::new("stats-period")
        .text("period", Text::new(key))
        .int("dust", p.dust.total() as i64)
        .text("split", split(&p.dust))
        .arg("received", received(p, asset))
        .int("spot", p.spot.total() as i64)
}

/// The screen: `asset` is the small-balance target named when nothing was received; `weight` the
/// exchange's shared weight buckets as used in their current window; `refused` its
/// rate-limit answers since start, when counted; `chat_429` each chat platform's 429s
/// since start.
pub(crate) fn stats(
    s: &OperatorStats,
    asset: &str,
    weight: &[WeightUse],
    refused: Option<RateLimitsSeen>,
    chat_429: [(&str, u64); 2],
) -> Message {
    let mut blocks = vec![
        Text::new("stats-title"),
        Text::new("stats-users")
            .int("total", s.users.total() as i64)
            .text("split", split(&s.users)),
        Text::new("stats-keys")
            .int("total", s.connected.total() as i64)
            .text("split", split(&s.connected)),
        period("stats-period-today", &s.today, asset),
        period("stats-period-week", &s.week, asset),
        period("stats-period-all", &s.all_time, asset),
        Text::new("stats-reminders")
            .int("pending", s.reminders_pending.total() as i64)
            .int("sent", s.reminders_sent.total() as i64)
            .text("split", split(&s.reminders_pending)),
    ];
    if weight.is_empty() {
        blocks.push(Text::new("stats-weight-unknown"));
    }
    for w in weight {
        blocks.push(
            Text::new("stats-weight")
                .arg("bucket", &w.bucket)
                .int("used", i64::from(w.used))
                .int("limit", i64::from(w.limit)),
        );
    }
    if let Some(r) = refused {
        blocks.push(
            Text::new("stats-rate-limited")
                .int("too_many", r.too_many as i64)
                .int("banned", r.banned as i64),
        );
    }
    for (platform, n) in chat_429 {
        blocks.push(
            Text::new("stats-chat-rate-limited")
                .arg("platform", platform)
                .int("count", n as i64),
        );
    }
    Message {
        blocks,
        buttons: Vec::new(),
    }
}
