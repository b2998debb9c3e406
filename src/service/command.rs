//! Parsing chat text into commands, the same for every frontend.

/// A command a user typed. `Debug` hides `/connect`'s key and secret.
#[derive(Clone, PartialEq, Eq)]
pub enum Command {
    /// What the bot does and what to do next.
    Start,
    /// The command list.
    Help,
    /// Connect an exchange key: both parts, only the key, or neither (guided form).
    Connect {
        /// The API key, if given.
        key: Option<String>,
        /// The API secret, if given.
        secret: Option<String>,
    },
    /// Remove the stored key.
    Disconnect,
    /// Delete everything after a confirm.
    Forget,
    /// The dust report.
    Dust,
    /// Small Asset Convert: no arguments opens the selection; `all` or asset names go
    /// straight to the confirm screen.
    Convert(ConvertArgs),
    /// Spot Convert: `FROM TO [AMOUNT|all]`, as typed.
    Swap(Vec<String>),
    /// When the next conversion is possible.
    Cooldown,
    /// Recent conversions.
    History,
    /// Leave a guided form.
    Cancel,
    /// Reminder and display settings; with arguments, change one (`min 2`, `timezone
    /// Europe/Berlin`, `quiet 22:00-07:00`, `cap 10`).
    Settings(Vec<String>),
    /// Show or choose the language.
    Language(Option<String>),
    /// What dustpan stores and why.
    Privacy,
    /// A command this bot does not know.
    Unknown(String),
}

impl std::fmt::Debug for Command {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect { key, secret } => f
                .debug_struct("Connect")
                .field("key", &key.as_ref().map(|_| "[REDACTED]"))
                .field("secret", &secret.as_ref().map(|_| "[REDACTED]"))
                .finish(),
            Self::Start => f.write_str("Start"),
            Self::Help => f.write_str("Help"),
            Self::Disconnect => f.write_str("Disconnect"),
            Self::Forget => f.write_str("Forget"),
            Self::Dust => f.write_str("Dust"),
            Self::Convert(a) => f.debug_tuple("Convert").field(a).finish(),
            Self::Cooldown => f.write_str("Cooldown"),
            Self::History => f.write_str("History"),
            Self::Cancel => f.write_str("Cancel"),
            Self::Settings(a) => f.debug_tuple("Settings").field(a).finish(),
            Self::Language(a) => f.debug_tuple("Language").field(a).finish(),
            Self::Privacy => f.write_str("Privacy"),
            Self::Swap(a) => f.debug_tuple("Swap").field(a).finish(),
            Self::Unknown(n) => f.debug_tuple("Unknown").field(n).finish(),
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
            let mut it = args.into_iter();
            Command::Connect {
                key: it.next(),
                secret: it.next(),
            }
        }
        "disconnect" => Command::Disconnect,
        "forget" => Command::Forget,
        "dust" => Command::Dust,
        "convert" => Command::Convert(match args.as_slice() {
            [] => ConvertArgs::Select,
            [one] if one.eq_ignore_ascii_case("all") => ConvertArgs::All,
            _ => ConvertArgs::Assets(
                args.iter()
                    .flat_map(|a| a.split(','))
                    .filter(|a| !a.is_empty())
                    .map(str::to_owned)
                    .collect(),
            ),
        }),
        "swap" => Command::Swap(args),
        "cooldown" => Command::Cooldown,
        "history" => Command::History,
        "cancel" => Command::Cancel,
        "settings" => Command::Settings(args),
        "language" => Command::Language(args.into_iter().next()),
        "privacy" => Command::Privacy,
        _ => Command::Unknown(name.chars().take(32).collect()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_of_connect_hides_the_key_and_secret() {
        let c = parse("/connect FAKEkeyXYZ FAKEsecretXYZ").unwrap();
        let dbg = format!("{c:?}");
        assert!(
            !dbg.contains("FAKEkey") && !dbg.contains("FAKEsecret"),
            "{dbg}"
        );
        assert!(dbg.contains("REDACTED"));
    }

    #[test]
    fn commands_parse_with_bot_suffix_and_arguments() {
        assert_eq!(parse("/dust@dustpan_bot"), Some(Command::Dust));
        assert_eq!(parse("hello"), None);
        assert_eq!(
            parse("/convert"),
            Some(Command::Convert(ConvertArgs::Select))
        );
        assert_eq!(
            parse("/convert ALL"),
            Some(Command::Convert(ConvertArgs::All))
        );
        assert_eq!(
            parse("/convert ada, xrp"),
            Some(Command::Convert(ConvertArgs::Assets(vec![
                "ada".into(),
                "xrp".into()
            ])))
        );
        assert_eq!(
            parse("/connect k s extra"),
            Some(Command::Connect {
                key: Some("k".into()),
                secret: Some("s".into())
            })
        );
        assert!(matches!(parse("/frobnicate"), Some(Command::Unknown(n)) if n == "frobnicate"));
    }
}
