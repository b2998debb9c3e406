//! Button tokens: `<letter>.<22-character id>[.<n>]`. Opaque (128 random bits name a
//! server-side operation, reminder or settings row), at most ~30 bytes, no user data.

use base64::Engine as _;

use crate::reply::{Button, Role, Text};

/// What a button press asks for. Tokens are `<letter>.<operation id>[.<index>]`: opaque,
/// at most ~30 bytes, no user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonAction {
    /// Flip one asset of a selection.
    Toggle(String, usize),
    /// Go from the selection to the confirm screen.
    Proceed(String),
    /// Execute the pending operation.
    Confirm(String),
    /// Cancel the operation.
    Cancel(String),
    /// From a reminder: open the confirm screen for everything convertible.
    ConvertNow(String),
    /// From a reminder: remind again in this many hours (1 or 6).
    Snooze(String, u8),
    /// From a reminder: turn reminders off.
    StopReminders(String),
    /// From `/settings`: flip one setting (`r` reminders, `q` quiet-hours mode, `a` auto-sweep).
    Setting(String, char),
    /// From `/dust`: quote the plan's legs and show its one confirm screen.
    PlanGo(String),
    /// From `/dust`: Spot Convert this asset of the plan instead.
    SwapInstead(String, usize),
    /// From `/language`: choose the language at this index of the available ones (the id is
    /// the user's settings token, as for `Setting`).
    Language(String, usize),
    /// From `/dust`: the presser's dust as a chart, as `/dust chart` typed. It names no
    /// operation: whoever presses it sees their own balances, never the sender's.
    Chart,
    /// From a bare `/connect`: connect the exchange at this index of the registered ones
    /// (the id is the user's settings token, as for `Setting`).
    ConnectExchange(String, usize),
}

impl ButtonAction {
    /// Parses a token; anything malformed is `None`.
    pub fn parse(token: &str) -> Option<Self> {
        if token == "h" {
            return Some(Self::Chart);
        }
        let mut parts = token.split('.');
        let (kind, id) = (parts.next()?, parts.next()?);
        if id.len() != 22
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        let id = id.to_owned();
        let action = match (kind, parts.next()) {
            ("t", Some(n)) if n.len() <= 3 => Self::Toggle(id, n.parse().ok()?),
            ("p", None) => Self::Proceed(id),
            ("c", None) => Self::Confirm(id),
            ("x", None) => Self::Cancel(id),
            ("n", None) => Self::ConvertNow(id),
            ("z", Some("1")) => Self::Snooze(id, 1),
            ("z", Some("6")) => Self::Snooze(id, 6),
            ("o", None) => Self::StopReminders(id),
            ("g", Some(c @ ("r" | "q" | "a"))) => Self::Setting(id, c.chars().next()?),
            ("r", None) => Self::PlanGo(id),
            ("w", Some(n)) if n.len() <= 2 => Self::SwapInstead(id, n.parse().ok()?),
            ("l", Some(n)) if n.len() <= 2 => Self::Language(id, n.parse().ok()?),
            ("k", Some(n)) if n.len() <= 2 => Self::ConnectExchange(id, n.parse().ok()?),
            _ => return None,
        };
        parts.next().is_none().then_some(action)
    }

    /// The token for this action.
    pub fn token(&self) -> String {
        match self {
            Self::Toggle(id, n) => format!("t.{id}.{n}"),
            Self::Proceed(id) => format!("p.{id}"),
            Self::Confirm(id) => format!("c.{id}"),
            Self::Cancel(id) => format!("x.{id}"),
            Self::ConvertNow(id) => format!("n.{id}"),
            Self::Snooze(id, h) => format!("z.{id}.{h}"),
            Self::StopReminders(id) => format!("o.{id}"),
            Self::Setting(id, c) => format!("g.{id}.{c}"),
            Self::PlanGo(id) => format!("r.{id}"),
            Self::SwapInstead(id, n) => format!("w.{id}.{n}"),
            Self::Language(id, n) => format!("l.{id}.{n}"),
            Self::Chart => "h".to_owned(),
            Self::ConnectExchange(id, n) => format!("k.{id}.{n}"),
        }
    }

    /// The operation it refers to (none for [`Self::Chart`]).
    pub fn operation_id(&self) -> &str {
        match self {
            Self::Toggle(id, _)
            | Self::Proceed(id)
            | Self::Confirm(id)
            | Self::Cancel(id)
            | Self::ConvertNow(id)
            | Self::Snooze(id, _)
            | Self::StopReminders(id)
            | Self::Setting(id, _)
            | Self::PlanGo(id)
            | Self::SwapInstead(id, _)
            | Self::Language(id, _)
            | Self::ConnectExchange(id, _) => id,
            Self::Chart => "",
        }
    }
}

/// The Chart button under a `/dust` report.
pub(crate) fn chart_button() -> Button {
    Button::new(
        Role::Navigate,
        Text::new("button-chart"),
        ButtonAction::Chart.token(),
    )
}

/// A fresh operation id: 128 random bits, base64url (22 characters).
pub fn new_operation_id() -> String {
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let id = new_operation_id();
        assert_eq!(id.len(), 22);
        for a in [
            ButtonAction::Toggle(id.clone(), 12),
            ButtonAction::Proceed(id.clone()),
            ButtonAction::Confirm(id.clone()),
            ButtonAction::Cancel(id.clone()),
            ButtonAction::PlanGo(id.clone()),
            ButtonAction::SwapInstead(id.clone(), 5),
            ButtonAction::Language(id.clone(), 7),
            ButtonAction::Chart,
        ] {
            let t = a.token();
            assert!(t.len() <= 64);
            assert_eq!(ButtonAction::parse(&t), Some(a));
        }
        for junk in [
            "",
            "c",
            "c.",
            "c.short",
            "z.AAAAAAAAAAAAAAAAAAAAAA",
            "c.AAAAAAAAAAAAAAAAAAAAAA.1",
            "t.AAAAAAAAAAAAAAAAAAAAAA.x",
            "c.AAAAAAAAAAAAAAAAAAAA/=",
            "t.AAAAAAAAAAAAAAAAAAAAAA.99999",
            "l.AAAAAAAAAAAAAAAAAAAAAA",
            "l.AAAAAAAAAAAAAAAAAAAAAA.ru",
            "h.AAAAAAAAAAAAAAAAAAAAAA",
            "h.",
        ] {
            assert_eq!(ButtonAction::parse(junk), None, "{junk}");
        }
    }
}
