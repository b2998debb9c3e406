//! What an operator's `/stats` reads from the store: counts per frontend and the value the
//! bot swept, from the rows themselves (no counter kept beside them).

use rust_decimal::Decimal;

use crate::domain::Platform;

/// A count per frontend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PerPlatform {
    /// Telegram.
    pub telegram: u64,
    /// Discord.
    pub discord: u64,
    /// The console (the demo).
    pub console: u64,
}

impl PerPlatform {
    /// Adds `n` to `platform`'s count.
    pub fn add(&mut self, platform: Platform, n: u64) {
        match platform {
            Platform::Telegram => self.telegram += n,
            Platform::Discord => self.discord += n,
            Platform::Console => self.console += n,
        }
    }

    /// Every frontend together.
    pub fn total(&self) -> u64 {
        self.telegram + self.discord + self.console
    }
}

/// Conversions made through dustpan in one period.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodTotals {
    /// Small-balance conversions, by the frontend of their user.
    pub dust: PerPlatform,
    /// What those received, net of fees, by the asset received (BNB, or the target chosen).
    pub received: std::collections::BTreeMap<String, Decimal>,
    /// Spot Convert, market-sell and plan operations that succeeded.
    pub spot: PerPlatform,
}

/// The store's figures for `/stats`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperatorStats {
    /// Users (everyone who ever wrote to the bot and was let in).
    pub users: PerPlatform,
    /// Users with a stored exchange key.
    pub connected: PerPlatform,
    /// Since the start of today (UTC).
    pub today: PeriodTotals,
    /// In the last 7 days.
    pub week: PeriodTotals,
    /// Ever.
    pub all_time: PeriodTotals,
    /// Reminders armed and waiting.
    pub reminders_pending: PerPlatform,
    /// Reminders whose last one was sent.
    pub reminders_sent: PerPlatform,
}
