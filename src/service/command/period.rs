//! `/export`'s period.

use chrono::{DateTime, Duration, TimeZone, Utc};

/// What `/export` was given: the period, from `since` (inclusive) to `until` (exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The whole history.
    All,
    /// The last `n` days.
    Days(u32),
    /// One calendar year (UTC).
    Year(i32),
}

impl Period {
    /// Parses `/export`'s arguments: an optional `csv`, then an optional period (`30d`,
    /// `2026`, `all`). `None`: not understood.
    pub fn parse(args: &[String]) -> Option<Self> {
        let mut words = args.iter().map(|a| a.to_ascii_lowercase());
        let mut word = words.next();
        if word.as_deref() == Some("csv") {
            word = words.next();
        }
        if words.next().is_some() {
            return None;
        }
        let Some(w) = word else {
            return Some(Self::All);
        };
        if w == "all" {
            return Some(Self::All);
        }
        if let Some(n) = w.strip_suffix('d') {
            return n
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=36_500).contains(n))
                .map(Self::Days);
        }
        w.parse::<i32>()
            .ok()
            .filter(|y| (2000..=2100).contains(y) && w.len() == 4)
            .map(Self::Year)
    }

    /// The bounds at `now`.
    pub fn bounds(self, now: DateTime<Utc>) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        match self {
            Self::All => (None, None),
            Self::Days(n) => (Some(now - Duration::days(i64::from(n))), None),
            Self::Year(y) => {
                let start = |y| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).single();
                (start(y), start(y + 1))
            }
        }
    }

    /// A name for the file.
    pub(crate) fn label(self, now: DateTime<Utc>) -> String {
        match self {
            Self::All => format!("all-{}", now.format("%Y%m%d")),
            Self::Days(n) => format!("{n}d-{}", now.format("%Y%m%d")),
            Self::Year(y) => y.to_string(),
        }
    }
}
