//! Commands and their typed arguments, parsed in one place for every frontend. A frontend
//! with structured input (Discord's slash options) builds the same values directly through
//! their constructors, which check what the parser checks.

mod amount;
mod period;

use rust_decimal::Decimal;
use secrecy::SecretString;

use crate::domain::{Asset, ExchangeId};
use crate::service::operations::SwapAmount;
use crate::service::reply::Text;

use amount::{AmountError, parse_amount};
pub use period::Period;

/// A command a user typed. `Debug` hides `/connect`'s key and secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Command {
    /// What the bot does and what to do next.
    Start,
    /// The command list.
    Help,
    /// Connect an exchange key: both parts, only the key, or neither (guided form).
    Connect {
        /// The exchange named before the key (`/connect mexc KEY SECRET`); none means the
        /// default exchange (Binance).
        exchange: Option<ExchangeId>,
        /// The API key, if given.
        key: Option<String>,
        /// The API secret, if given.
        secret: Option<String>,
        /// The key's passphrase, for exchanges whose keys have one.
        passphrase: Option<String>,
    },
    /// Remove the stored key of the exchange named, or of the only one connected.
    Disconnect(Option<ExchangeId>),
    /// Delete everything after a confirm.
    Forget,
    /// The dust report.
    Dust,
    /// The dust report of one exchange (`/dust mexc`).
    DustOn(ExchangeId),
    /// The dust as a chart (`/dust chart`, `/dust mexc chart`): of the exchange named, or
    /// the one `/dust` shows first.
    DustChart(Option<ExchangeId>),
    /// Small Asset Convert: no arguments opens the selection; `all` or asset names go
    /// straight to the confirm screen.
    Convert(ConvertArgs),
    /// Spot Convert: `FROM TO [AMOUNT|all]`, or why the arguments were refused.
    Swap(Result<SwapArgs, ArgsError>),
    /// When the next conversion is possible.
    Cooldown,
    /// Recent conversions.
    History,
    /// The conversions of one exchange (`/history mexc`).
    HistoryOn(ExchangeId),
    /// Leave a guided form.
    Cancel,
    /// Reminder and display settings; with arguments, change one (`min 2`, `timezone
    /// Europe/Berlin`, `quiet 22:00-07:00`, `cap 10`), or why the arguments were refused.
    Settings(Result<SettingsArgs, ArgsError>),
    /// Show or choose the language.
    Language(Option<String>),
    /// What dustpan stores and why.
    Privacy,
    /// A command for the bot's operators (`DUSTPAN_ADMINS`) alone; to anyone else it is an
    /// unknown command. Never in [`MENU`].
    Operator(OperatorCommand),
    /// The history as a CSV for tax tools, over a period (`None`: the arguments were not
    /// understood).
    Export(Option<Period>),
    /// A command this bot does not know.
    Unknown(String),
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect {
                exchange,
                key,
                secret,
                passphrase,
            } => f
                .debug_struct("Connect")
                .field("exchange", exchange)
                .field("key", &key.as_ref().map(|_| "[REDACTED]"))
                .field("secret", &secret.as_ref().map(|_| "[REDACTED]"))
                .field("passphrase", &passphrase.as_ref().map(|_| "[REDACTED]"))
                .finish(),
            Self::Start => f.write_str("Start"),
            Self::Help => f.write_str("Help"),
            Self::Disconnect(exchange) => f.debug_tuple("Disconnect").field(exchange).finish(),
            Self::Forget => f.write_str("Forget"),
            Self::DustOn(exchange) => f.debug_tuple("DustOn").field(exchange).finish(),
            Self::Dust => f.write_str("Dust"),
            Self::DustChart(exchange) => f.debug_tuple("DustChart").field(exchange).finish(),
            Self::Convert(a) => f.debug_tuple("Convert").field(a).finish(),
            Self::Cooldown => f.write_str("Cooldown"),
            Self::History => f.write_str("History"),
            Self::HistoryOn(exchange) => f.debug_tuple("HistoryOn").field(exchange).finish(),
            Self::Cancel => f.write_str("Cancel"),
            Self::Settings(a) => f.debug_tuple("Settings").field(a).finish(),
            Self::Language(a) => f.debug_tuple("Language").field(a).finish(),
            Self::Privacy => f.write_str("Privacy"),
            Self::Operator(c) => f.debug_tuple("Operator").field(c).finish(),
            Self::Swap(a) => f.debug_tuple("Swap").field(a).finish(),
            Self::Unknown(n) => f.debug_tuple("Unknown").field(n).finish(),
            Self::Export(p) => f.debug_tuple("Export").field(p).finish(),
        }
    }
}

/// The operators' commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperatorCommand {
    /// Users, keys, conversions, reminders and exchange weight, per frontend.
    Stats,
    /// Database, exchange, frontends and the oldest unsettled operation.
    Health,
}

impl OperatorCommand {
    /// The command's name, as typed.
    pub fn name(self) -> &'static str {
        match self {
            Self::Stats => "stats",
            Self::Health => "health",
        }
    }
}

/// What `/convert` was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConvertArgs {
    /// Open the selection.
    Select,
    /// Every convertible asset.
    All,
    /// These asset names, as typed.
    Assets(Vec<String>),
    /// `… to TARGET`: the same choice, converted to `target` (as typed) rather than to the
    /// exchange's default asset.
    To {
        /// The target asset, as typed.
        target: String,
        /// What to convert: `Select`, `All` or `Assets`.
        args: Box<ConvertArgs>,
    },
    /// `/convert EXCHANGE …`: the same choice on the exchange named first.
    On {
        /// The exchange.
        exchange: ExchangeId,
        /// What to convert.
        args: Box<ConvertArgs>,
    },
}

impl ConvertArgs {
    /// `/convert`'s words: none (the selection), `all`, or asset names (spaces or commas),
    /// each optionally followed by `to TARGET`.
    pub fn parse(args: &[String]) -> Self {
        // An exchange's name first (`/convert mexc all`); no asset is named like one.
        if let [first, rest @ ..] = args
            && let Some(exchange) = ExchangeId::parse(&first.to_ascii_lowercase())
        {
            return Self::On {
                exchange,
                args: Box::new(Self::parse(rest)),
            };
        }
        if let [rest @ .., to, target] = args
            && to.eq_ignore_ascii_case("to")
        {
            return Self::To {
                target: target.chars().take(20).collect(),
                args: Box::new(Self::parse(rest)),
            };
        }
        match args {
            [] => Self::Select,
            [one] if one.eq_ignore_ascii_case("all") => Self::All,
            _ => Self::Assets(
                args.iter()
                    .flat_map(|a| a.split(','))
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        }
    }

    /// The exchange named first, if any, and the rest.
    pub fn split_exchange(self) -> (Option<ExchangeId>, Self) {
        match self {
            Self::On { exchange, args } => (Some(exchange), *args),
            other => (None, other),
        }
    }

    /// What to convert, and the target when one was named.
    pub fn split_target(self) -> (Self, Option<String>) {
        match self {
            Self::To { target, args } => (args.split_target().0, Some(target)),
            other => (other, None),
        }
    }
}

/// Credentials as the user entered them, not yet checked (the exchange's adapter parses
/// them). `Debug` shows none of them.
#[derive(Debug)]
pub struct CredentialInput {
    /// The API key.
    pub key: SecretString,
    /// The API secret.
    pub secret: SecretString,
    /// The passphrase, on exchanges that have one.
    pub passphrase: Option<SecretString>,
    /// The exchange the form was for (a Discord modal opened for one); `None`: the default.
    pub exchange: Option<ExchangeId>,
}

impl CredentialInput {
    /// A key and a secret, no passphrase.
    pub fn new(key: SecretString, secret: SecretString) -> Self {
        Self {
            key,
            secret,
            passphrase: None,
            exchange: None,
        }
    }
}

/// Typed arguments refused: the sentence to show, as a locale key and its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArgsError(pub Text);

impl ArgsError {
    fn new(key: &'static str) -> Self {
        Self(Text::new(key))
    }

    /// `amount-ambiguous` showing the amount as typed.
    fn ambiguous(typed: &str) -> Self {
        Self(
            Text::new("amount-ambiguous").arg("amount", typed.chars().take(32).collect::<String>()),
        )
    }

    /// `settings-bad` naming the setting (or `usage`).
    fn bad_setting(what: &'static str) -> Self {
        Self(Text::new("settings-bad").arg("setting", what))
    }

    /// The sentence to show.
    pub fn text(&self) -> &Text {
        &self.0
    }
}

/// What `/swap` asks for: two different assets and an amount (positive) or all of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SwapArgs {
    from: Asset,
    to: Asset,
    amount: SwapAmount,
}

impl SwapArgs {
    /// Swap `amount` of `from` into `to`; refused (`swap-usage`) when both are the same
    /// asset or the amount is not positive.
    pub fn new(from: Asset, to: Asset, amount: SwapAmount) -> Result<Self, ArgsError> {
        let positive = match amount {
            SwapAmount::All => true,
            SwapAmount::Exactly(d) => d > Decimal::ZERO,
        };
        if from == to || !positive {
            return Err(ArgsError::new("swap-usage"));
        }
        Ok(Self { from, to, amount })
    }

    /// Parses `FROM TO [AMOUNT|all]` (assets in any case, the amount with a decimal dot or
    /// an unambiguous comma); an amount that reads two ways is `amount-ambiguous`, anything
    /// else `swap-usage`.
    pub fn parse(words: &[&str]) -> Result<Self, ArgsError> {
        let usage = || ArgsError::new("swap-usage");
        let (from, to, amount) = match words {
            [f, t] => (f, t, SwapAmount::All),
            [f, t, a] if a.eq_ignore_ascii_case("all") => (f, t, SwapAmount::All),
            [f, t, a] => match parse_amount(a) {
                Ok(d) => (f, t, SwapAmount::Exactly(d)),
                Err(AmountError::Ambiguous) => return Err(ArgsError::ambiguous(a)),
                Err(AmountError::NotANumber) => return Err(usage()),
            },
            _ => return Err(usage()),
        };
        let asset = |s: &str| Asset::parse(s).map_err(|_| usage());
        Self::new(asset(from)?, asset(to)?, amount)
    }

    /// What is swapped.
    pub fn from(&self) -> &Asset {
        &self.from
    }

    /// What it becomes.
    pub fn to(&self) -> &Asset {
        &self.to
    }

    /// How much.
    pub fn amount(&self) -> SwapAmount {
        self.amount
    }
}

/// A USD amount a user set (a minimum worth, an auto-sweep cap): positive, at most
/// 1,000,000, at most 2 decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsdAmount(Decimal);

impl UsdAmount {
    /// The amount, when it is within the bounds.
    pub fn new(d: Decimal) -> Option<Self> {
        (d > Decimal::ZERO && d <= Decimal::from(1_000_000) && d.scale() <= 2).then_some(Self(d))
    }

    /// Parses `2`, `2.50`, `$2.50` or `2,5`; `what` names the setting in the refusal
    /// (`settings-bad`, or `amount-ambiguous` for `1,000`).
    fn parse(s: &str, what: &'static str) -> Result<Self, ArgsError> {
        match parse_amount(s.trim_start_matches('$')) {
            Ok(d) => Self::new(d).ok_or_else(|| ArgsError::bad_setting(what)),
            Err(AmountError::Ambiguous) => Err(ArgsError::ambiguous(s)),
            Err(AmountError::NotANumber) => Err(ArgsError::bad_setting(what)),
        }
    }

    /// The amount.
    pub fn value(self) -> Decimal {
        self.0
    }
}

/// Quiet hours: from and to, in minutes after midnight in the user's timezone; they may
/// wrap past midnight, and never start and end at the same minute.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    from: u16,
    to: u16,
}

impl QuietHours {
    /// Quiet from `from` to `to` (minutes after midnight), when both are times of day and
    /// differ.
    pub fn new(from: u16, to: u16) -> Option<Self> {
        (from < 24 * 60 && to < 24 * 60 && from != to).then_some(Self { from, to })
    }

    /// Parses `22:00-07:00` (or `22-7`).
    pub fn parse(s: &str) -> Option<Self> {
        let (a, b) = s.split_once('-')?;
        Self::new(minutes(a)?, minutes(b)?)
    }

    /// When they start, in minutes after midnight.
    pub fn from(self) -> u16 {
        self.from
    }

    /// When they end, in minutes after midnight.
    pub fn to(self) -> u16 {
        self.to
    }
}

/// Parses `HH:MM` (or `HH`) into minutes after midnight.
fn minutes(s: &str) -> Option<u16> {
    let (h, m) = s.split_once(':').unwrap_or((s, "0"));
    let (h, m): (u16, u16) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

/// One change to a user's settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingChange {
    /// Reminders when the cooldown ends, on or off (`reminders on|off`).
    Reminders(bool),
    /// The smallest worth a reminder is sent for (`min 2`).
    MinWorth(UsdAmount),
    /// The timezone times are shown and quiet hours read in (`timezone Europe/Berlin`).
    Timezone(chrono_tz::Tz),
    /// Quiet hours, or none (`quiet 22:00-07:00`, `quiet off`).
    Quiet(Option<QuietHours>),
    /// Auto-sweep, on or off (`autosweep on|off`).
    AutoSweep(bool),
    /// The most one auto-sweep may convert (`cap 10`).
    AutoSweepCap(UsdAmount),
    /// The asset Spot Convert plans convert into (`target ETH`); the exchange is asked
    /// whether it can.
    Target(Asset),
    /// The currency values are shown in (`currency EUR`); the exchange's prices are asked
    /// whether they can.
    Currency(Asset),
}

impl SettingChange {
    /// Parses `NAME VALUE`; a bad value is `settings-bad` naming the setting, anything
    /// else `settings-bad` naming `usage`.
    pub fn parse(words: &[&str]) -> Result<Self, ArgsError> {
        let bad = ArgsError::bad_setting;
        let on = |v: &str| v == "on";
        Ok(match words {
            ["min", v] => Self::MinWorth(UsdAmount::parse(v, "min")?),
            ["cap", v] => Self::AutoSweepCap(UsdAmount::parse(v, "cap")?),
            ["timezone" | "tz", v] => Self::Timezone(v.parse().map_err(|_| bad("timezone"))?),
            ["quiet", "off"] => Self::Quiet(None),
            ["quiet", range] => {
                Self::Quiet(Some(QuietHours::parse(range).ok_or_else(|| bad("quiet"))?))
            }
            ["target", v] => Self::Target(Asset::parse(v).map_err(|_| bad("target"))?),
            ["currency", v] => Self::Currency(Asset::parse(v).map_err(|_| bad("currency"))?),
            ["reminders", v @ ("on" | "off")] => Self::Reminders(on(v)),
            ["autosweep", v @ ("on" | "off")] => Self::AutoSweep(on(v)),
            _ => return Err(bad("usage")),
        })
    }
}

/// What `/settings` was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsArgs {
    /// Show the settings.
    Show,
    /// Change one, then show them.
    Change(SettingChange),
}

impl SettingsArgs {
    /// No words shows the settings; otherwise one change.
    pub fn parse(words: &[&str]) -> Result<Self, ArgsError> {
        match words {
            [] => Ok(Self::Show),
            _ => SettingChange::parse(words).map(Self::Change),
        }
    }
}

fn words_of(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// The command menu every frontend registers (Telegram's setMyCommands, Discord's slash
/// commands): name and the locale key of its description.
pub const MENU: &[(&str, &str)] = &[
    ("start", "menu-start"),
    ("help", "menu-help"),
    ("connect", "menu-connect"),
    ("disconnect", "menu-disconnect"),
    ("dust", "menu-dust"),
    ("convert", "menu-convert"),
    ("swap", "menu-swap"),
    ("cooldown", "menu-cooldown"),
    ("history", "menu-history"),
    ("settings", "menu-settings"),
    ("language", "menu-language"),
    ("forget", "menu-forget"),
    ("privacy", "menu-privacy"),
    ("export", "menu-export"),
];

/// Parses a message. `None` when it is not a command (plain text, e.g. a guided form's answer).
pub fn parse(text: &str) -> Option<Command> {
    let text = text.trim();
    let rest = text.strip_prefix('/')?;
    let mut words = rest.split_whitespace();
    let head = words.next().unwrap_or_default();
    // Telegram adds "@botname" to commands in groups.
    let name = head
        .split('@')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    let args: Vec<String> = words.map(str::to_owned).collect();
    Some(match name.as_str() {
        "start" => Command::Start,
        "help" => Command::Help,
        "connect" => {
            let mut it = args.into_iter().peekable();
            // An exchange's name is never a key's shape, so the old form still parses.
            let exchange = it
                .peek()
                .and_then(|w| ExchangeId::parse(&w.to_ascii_lowercase()));
            if exchange.is_some() {
                it.next();
            }
            Command::Connect {
                exchange,
                key: it.next(),
                secret: it.next(),
                passphrase: it.next(),
            }
        }
        "disconnect" => Command::Disconnect(
            args.first()
                .and_then(|w| ExchangeId::parse(&w.to_ascii_lowercase())),
        ),
        "forget" => Command::Forget,
        "dust" => {
            let words: Vec<String> = args.iter().map(|w| w.to_ascii_lowercase()).collect();
            let exchange = words.iter().find_map(|w| ExchangeId::parse(w));
            match (words.iter().any(|w| w == "chart"), exchange) {
                (true, exchange) => Command::DustChart(exchange),
                (false, Some(id)) => Command::DustOn(id),
                (false, None) => Command::Dust,
            }
        }
        "convert" => Command::Convert(ConvertArgs::parse(&args)),
        "swap" => Command::Swap(SwapArgs::parse(&words_of(&args))),
        "cooldown" => Command::Cooldown,
        "history" => match args
            .first()
            .and_then(|w| ExchangeId::parse(&w.to_ascii_lowercase()))
        {
            Some(id) => Command::HistoryOn(id),
            None => Command::History,
        },
        "cancel" => Command::Cancel,
        "settings" => Command::Settings(SettingsArgs::parse(&words_of(&args))),
        "language" => Command::Language(args.into_iter().next()),
        "privacy" => Command::Privacy,
        "export" => Command::Export(Period::parse(&args)),
        "stats" => Command::Operator(OperatorCommand::Stats),
        "health" => Command::Operator(OperatorCommand::Health),
        _ => Command::Unknown(name.chars().take(32).collect()),
    })
}

#[cfg(test)]
mod tests;
