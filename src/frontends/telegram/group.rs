//! Groups, supergroups and channels: account data is shown, and anything started, only in
//! a private chat with the bot. In a group the bot answers a command addressed to it with
//! one pointer to the private chat, at most once per chat per [`POINTER_EVERY`], so a busy
//! group is not spammed.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// A group gets the pointer to the private chat at most once per this period.
pub const POINTER_EVERY: Duration = Duration::from_secs(10 * 60);
/// How many groups the gate remembers; past this (after forgetting expired entries) it
/// stays silent rather than grow.
const MAX_GROUPS: usize = 10_000;

/// Whether a message's text is a command meant for this bot: `/cmd` or `/cmd@<username>`
/// (in a group with several bots, `/cmd@otherbot` is someone else's).
pub fn addressed_to_bot(text: &str, username: &str) -> bool {
    let Some(head) = text.split_whitespace().next() else {
        return false;
    };
    let Some(command) = head.strip_prefix('/') else {
        return false;
    };
    match command.split_once('@') {
        None => !command.is_empty(),
        Some((name, to)) => !name.is_empty() && to.eq_ignore_ascii_case(username),
    }
}

/// The link that opens a private chat with the bot.
pub fn private_chat_link(username: &str) -> String {
    format!("https://t.me/{username}")
}

/// Remembers when each group last got the pointer.
#[derive(Debug, Default)]
pub struct Gate {
    last: Mutex<HashMap<i64, Instant>>,
}

impl Gate {
    /// True (and remembered) when `chat` has not had the pointer within [`POINTER_EVERY`]
    /// of `now`.
    pub fn may_point(&self, chat: i64, now: Instant) -> bool {
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(at) = last.get(&chat)
            && now.saturating_duration_since(*at) < POINTER_EVERY
        {
            return false;
        }
        if last.len() >= MAX_GROUPS && !last.contains_key(&chat) {
            last.retain(|_, at| now.saturating_duration_since(*at) < POINTER_EVERY);
            if last.len() >= MAX_GROUPS {
                return false;
            }
        }
        last.insert(chat, now);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_for_this_bot_or_for_any_bot_are_addressed_and_others_are_not() {
        for text in [
            "/dust",
            "/dust@dustpan_bot",
            "/DUST@Dustpan_Bot extra",
            " /help",
        ] {
            assert!(addressed_to_bot(text, "dustpan_bot"), "{text}");
        }
        for text in [
            "dust",
            "/dust@other_bot",
            "/",
            "/@dustpan_bot",
            "",
            "hello /dust",
        ] {
            assert!(!addressed_to_bot(text, "dustpan_bot"), "{text}");
        }
    }

    #[test]
    fn a_group_gets_the_pointer_once_per_period_and_the_gate_stays_bounded() {
        let gate = Gate::default();
        let t0 = Instant::now();
        assert!(gate.may_point(-1, t0));
        assert!(!gate.may_point(-1, t0 + Duration::from_secs(60)));
        assert!(gate.may_point(-2, t0 + Duration::from_secs(60)));
        assert!(gate.may_point(-1, t0 + POINTER_EVERY));

        let full = Gate::default();
        for chat in 0..MAX_GROUPS as i64 {
            assert!(full.may_point(-chat - 10, t0));
        }
        // Full of fresh entries: a new group gets nothing, memory does not grow.
        assert!(!full.may_point(-1, t0 + Duration::from_secs(1)));
        assert_eq!(full.last.lock().unwrap().len(), MAX_GROUPS);
        // Once they expire, there is room again.
        assert!(full.may_point(-1, t0 + POINTER_EVERY));
        assert_eq!(full.last.lock().unwrap().len(), 1);
    }
}
