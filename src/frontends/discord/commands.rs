//! The slash commands: their registration (one bulk overwrite at start, names and
//! descriptions from the locale files, installable on a server and by a user) and their
//! options turned into the service's typed [`Command`]s.

use serde_json::{Map, Value, json};

use super::render::plain;
use crate::domain::{Asset, ExchangeId};
use crate::i18n::{DEFAULT_LANGUAGE, locales};
use crate::service::command::{ArgsError, Command, ConvertArgs, MENU, SettingsArgs, SwapArgs};
use crate::service::operations::SwapAmount;
use crate::service::reply::Text;
use crate::service::suggest::AssetField;

/// Discord's limit on a command's or option's description.
pub const MAX_DESCRIPTION: usize = 100;
/// Discord's limit on a command's or option's name.
pub const MAX_NAME: usize = 32;
/// Application command option type STRING.
const STRING: u8 = 3;
/// Installable to a server (0) and to a user (1).
pub const INTEGRATION_TYPES: [u8; 2] = [0, 1];
/// Usable in a server (0), in the bot's DM (1) and in other private channels (2).
pub const CONTEXTS: [u8; 3] = [0, 1, 2];
/// The settings `/settings` can change, as its `setting` option offers them.
const SETTINGS: [&str; 8] = [
    "reminders",
    "min",
    "timezone",
    "quiet",
    "autosweep",
    "cap",
    "target",
    "currency",
];

/// The commands Discord offers: the menu without `/start` (Discord has no start message).
pub fn names() -> impl Iterator<Item = (&'static str, &'static str)> {
    MENU.iter().copied().filter(|(name, _)| *name != "start")
}

/// Discord's code for one of dustpan's languages (Discord has `es-ES`, `pt-BR`, `zh-CN`,
/// `sv-SE`; the rest are bare language codes); `None` when Discord has no such locale.
pub fn discord_locale(lang: &str) -> Option<&'static str> {
    const DISCORD: [&str; 32] = [
        "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl",
        "no", "pl", "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi",
        "th", "zh-CN", "ja", "zh-TW", "ko",
    ];
    if let Some(exact) = DISCORD.iter().find(|d| d.eq_ignore_ascii_case(lang)) {
        return Some(exact);
    }
    match lang.split(['-', '_']).next().unwrap_or_default() {
        "es" => Some("es-ES"),
        "pt" => Some("pt-BR"),
        "zh" => Some("zh-CN"),
        "sv" => Some("sv-SE"),
        "en" => Some("en-US"),
        _ => None,
    }
}

/// Which language a Discord locale names, for the caller's language hint (`pt-BR` → `pt-BR`
/// if a locale of that name exists, else `pt`).
pub fn language_hint(locale: &str) -> String {
    let l = locales();
    let languages = l.languages();
    if let Some(lang) = languages.iter().find(|x| x.eq_ignore_ascii_case(locale)) {
        return (*lang).to_owned();
    }
    let base = locale.split('-').next().unwrap_or(locale);
    languages
        .iter()
        .find(|x| x.split('-').next() == Some(base))
        .map_or_else(|| base.to_owned(), |x| (*x).to_owned())
}

fn clip(s: String) -> String {
    if s.chars().count() <= MAX_DESCRIPTION {
        return s;
    }
    let mut out: String = s.chars().take(MAX_DESCRIPTION - 1).collect();
    out.push('…');
    out
}

/// `description` in the default language and `description_localizations` from every
/// other locale that has the key (and that Discord knows).
fn described(key: &'static str) -> Map<String, Value> {
    let l = locales();
    let text = Text::new(key);
    let mut localized = Map::new();
    for lang in l.languages() {
        if lang == DEFAULT_LANGUAGE || !l.has(lang, key) {
            continue;
        }
        if let Some(code) = discord_locale(lang) {
            localized.insert(code.to_owned(), json!(clip(plain(lang, &text))));
        }
    }
    let mut m = Map::new();
    m.insert(
        "description".into(),
        json!(clip(plain(DEFAULT_LANGUAGE, &text))),
    );
    m.insert("description_localizations".into(), Value::Object(localized));
    m
}

/// The locale key of a command's name in each language.
fn name_key(name: &str) -> Option<&'static str> {
    Some(match name {
        "help" => "discord-name-help",
        "connect" => "discord-name-connect",
        "disconnect" => "discord-name-disconnect",
        "dust" => "discord-name-dust",
        "convert" => "discord-name-convert",
        "swap" => "discord-name-swap",
        "cooldown" => "discord-name-cooldown",
        "history" => "discord-name-history",
        "settings" => "discord-name-settings",
        "language" => "discord-name-language",
        "forget" => "discord-name-forget",
        "privacy" => "discord-name-privacy",
        "export" => "discord-name-export",
        _ => return None,
    })
}

/// `name_localizations`: the command's name in every other locale Discord knows. Discord
/// still sends the canonical (English) name in interactions, which is what is parsed.
fn named(name: &str) -> Value {
    let l = locales();
    let mut localized = Map::new();
    if let Some(key) = name_key(name) {
        for lang in l.languages() {
            if lang == DEFAULT_LANGUAGE || !l.has(lang, key) {
                continue;
            }
            if let Some(code) = discord_locale(lang) {
                localized.insert(code.to_owned(), json!(plain(lang, &Text::new(key))));
            }
        }
    }
    Value::Object(localized)
}

fn option(name: &str, key: &'static str, required: bool, choices: &[&str]) -> Value {
    let mut m = described(key);
    m.insert("type".into(), json!(STRING));
    m.insert("name".into(), json!(name));
    m.insert("required".into(), json!(required));
    if !choices.is_empty() {
        let choices: Vec<Value> = choices
            .iter()
            .take(25)
            .map(|c| json!({ "name": c, "value": c }))
            .collect();
        m.insert("choices".into(), json!(choices));
    }
    Value::Object(m)
}

/// The asset an option names, if it names one: such options are autocompleted.
pub fn asset_field(command: &str, option: &str) -> Option<AssetField> {
    match (command, option) {
        ("convert", "assets") => Some(AssetField::ToConvert),
        ("swap", "from") => Some(AssetField::SwapFrom),
        ("swap", "to") => Some(AssetField::SwapTo),
        _ => None,
    }
}

/// A command's options; those naming assets autocompleted (Discord allows no `choices`
/// beside `autocomplete`).
fn options(name: &str, exchanges: &[&str]) -> Vec<Value> {
    let mut options = fixed_options(name, exchanges);
    for o in &mut options {
        let option = o["name"].as_str().unwrap_or_default();
        if asset_field(name, option).is_some()
            && let Some(m) = o.as_object_mut()
        {
            m.remove("choices");
            m.insert("autocomplete".into(), json!(true));
        }
    }
    options
}

fn fixed_options(name: &str, exchanges: &[&str]) -> Vec<Value> {
    let exchange = || option("exchange", "discord-option-exchange", false, exchanges);
    match name {
        "connect" | "disconnect" | "history" => vec![exchange()],
        "dust" => vec![
            exchange(),
            option("view", "discord-option-view", false, &["report", "chart"]),
        ],
        "convert" => vec![
            option("assets", "discord-option-assets", false, &[]),
            option("to", "discord-option-convert-to", false, &[]),
            exchange(),
        ],
        "swap" => vec![
            option("from", "discord-option-from", true, &[]),
            option("to", "discord-option-to", true, &[]),
            option("amount", "discord-option-amount", false, &[]),
        ],
        "settings" => vec![
            option("setting", "discord-option-setting", false, &SETTINGS),
            option("value", "discord-option-value", false, &[]),
        ],
        "export" => vec![option("period", "discord-option-period", false, &[])],
        "language" => vec![option(
            "language",
            "discord-option-language",
            false,
            &locales().languages(),
        )],
        _ => Vec::new(),
    }
}

/// The body of `PUT /applications/{app}/commands`: every command, as CHAT_INPUT, the
/// `exchange` options offering every exchange dustpan knows.
pub fn registration() -> Value {
    let all = [ExchangeId::Binance, ExchangeId::Bybit, ExchangeId::Mexc];
    registration_for(&all)
}

/// [`registration`] with the `exchange` options offering `exchanges` (the app's registered
/// ones).
pub fn registration_for(exchanges: &[ExchangeId]) -> Value {
    let exchanges: Vec<&str> = exchanges.iter().map(|e| e.as_str()).collect();
    let commands: Vec<Value> = names()
        .map(|(name, key)| {
            let mut m = described(key);
            m.insert("name".into(), json!(name));
            m.insert("name_localizations".into(), named(name));
            m.insert("type".into(), json!(1));
            m.insert("options".into(), json!(options(name, &exchanges)));
            m.insert("integration_types".into(), json!(INTEGRATION_TYPES));
            m.insert("contexts".into(), json!(CONTEXTS));
            Value::Object(m)
        })
        .collect();
    Value::Array(commands)
}

/// The options of an invoked command, by name (all of dustpan's are strings).
pub type Options<'a> = &'a [(String, String)];

fn get<'a>(options: Options<'a>, name: &str) -> Option<&'a str> {
    options
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// The typed command a slash command and its options make.
pub fn command(name: &str, options: Options<'_>) -> Command {
    match name {
        "help" => Command::Help,
        "connect" => Command::Connect {
            exchange: exchange_of(options),
            key: None,
            secret: None,
            passphrase: None,
        },
        "disconnect" => Command::Disconnect(exchange_of(options)),
        "forget" => Command::Forget,
        "dust" => {
            let chart = get(options, "view").is_some_and(|v| v.eq_ignore_ascii_case("chart"));
            match (exchange_of(options), chart) {
                (exchange, true) => Command::DustChart(exchange),
                (Some(id), false) => Command::DustOn(id),
                (None, false) => Command::Dust,
            }
        }
        "convert" => {
            // The same words as typed text: assets (or `all`), then `to TARGET`.
            let mut words: Vec<String> = get(options, "assets")
                .unwrap_or_default()
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
            if let Some(target) = get(options, "to") {
                words.extend(["to".to_owned(), target.to_owned()]);
            }
            match exchange_of(options) {
                Some(exchange) => Command::Convert(ConvertArgs::On {
                    exchange,
                    args: Box::new(ConvertArgs::parse(&words)),
                }),
                None => Command::Convert(ConvertArgs::parse(&words)),
            }
        }
        "swap" => Command::Swap(swap_args(options)),
        "cooldown" => Command::Cooldown,
        "history" => match exchange_of(options) {
            Some(id) => Command::HistoryOn(id),
            None => Command::History,
        },
        "settings" => Command::Settings(match (get(options, "setting"), get(options, "value")) {
            (None, None) => Ok(SettingsArgs::Show),
            (Some(s), Some(v)) => SettingsArgs::parse(&[s, v]),
            (Some(s), None) => SettingsArgs::parse(&[s]),
            (None, Some(v)) => SettingsArgs::parse(&[v]),
        }),
        "language" => Command::Language(get(options, "language").map(str::to_owned)),
        "privacy" => Command::Privacy,
        "export" => Command::Export(crate::service::command::Period::parse(
            &get(options, "period")
                .map(str::to_owned)
                .into_iter()
                .collect::<Vec<_>>(),
        )),
        other => Command::Unknown(other.chars().take(MAX_NAME).collect()),
    }
}

/// The `exchange` option, when it names one.
fn exchange_of(options: Options<'_>) -> Option<ExchangeId> {
    get(options, "exchange").and_then(|e| ExchangeId::parse(&e.to_ascii_lowercase()))
}

fn swap_args(options: Options<'_>) -> Result<SwapArgs, ArgsError> {
    let usage = || ArgsError(Text::new("swap-usage"));
    let asset = |n| get(options, n).and_then(|a| Asset::parse(a).ok());
    let (from, to) = (
        asset("from").ok_or_else(usage)?,
        asset("to").ok_or_else(usage)?,
    );
    let amount = match get(options, "amount") {
        None => SwapAmount::All,
        Some(a) if a.eq_ignore_ascii_case("all") => SwapAmount::All,
        Some(a) => SwapAmount::Exactly(a.parse().map_err(|_| usage())?),
    };
    SwapArgs::new(from, to, amount)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn slash_options_make_the_same_typed_commands_as_typed_text() {
        use crate::service::command::parse;
        for (name, pairs, text) in [
            ("dust", vec![], "/dust"),
            ("dust", vec![("view", "report")], "/dust"),
            ("dust", vec![("view", "chart")], "/dust chart"),
            ("dust", vec![("exchange", "mexc")], "/dust mexc"),
            (
                "dust",
                vec![("exchange", "mexc"), ("view", "chart")],
                "/dust mexc chart",
            ),
            ("history", vec![("exchange", "mexc")], "/history mexc"),
            ("disconnect", vec![("exchange", "mexc")], "/disconnect mexc"),
            ("connect", vec![("exchange", "mexc")], "/connect mexc"),
            (
                "convert",
                vec![("assets", "all"), ("exchange", "mexc")],
                "/convert mexc all",
            ),
            ("convert", vec![], "/convert"),
            ("convert", vec![("assets", "all")], "/convert all"),
            ("convert", vec![("assets", "ada, xrp")], "/convert ada,xrp"),
            (
                "swap",
                vec![("from", "eth"), ("to", "usdt"), ("amount", "0.01")],
                "/swap eth usdt 0.01",
            ),
            (
                "swap",
                vec![("from", "ada"), ("to", "usdt")],
                "/swap ada usdt",
            ),
            (
                "swap",
                vec![("from", "ada"), ("to", "ada")],
                "/swap ada ada",
            ),
            (
                "swap",
                vec![("from", "ada"), ("to", "usdt"), ("amount", "lots")],
                "/swap ada usdt lots",
            ),
            (
                "convert",
                vec![("assets", "all"), ("to", "usdt")],
                "/convert all to usdt",
            ),
            (
                "convert",
                vec![("assets", "ada, dot"), ("to", "btc")],
                "/convert ada dot to btc",
            ),
            ("convert", vec![("to", "usdt")], "/convert to usdt"),
            ("settings", vec![], "/settings"),
            (
                "settings",
                vec![("setting", "min"), ("value", "2")],
                "/settings min 2",
            ),
            (
                "settings",
                vec![("setting", "min"), ("value", "zero")],
                "/settings min zero",
            ),
            ("language", vec![("language", "en")], "/language en"),
            ("connect", vec![], "/connect"),
        ] {
            assert_eq!(command(name, &opts(&pairs)), parse(text).unwrap(), "{text}");
        }
    }

    #[test]
    fn every_command_has_a_valid_name_in_every_language_and_english_is_the_canonical_one() {
        let body = registration();
        let commands = body.as_array().unwrap();
        for c in commands {
            let name = c["name"].as_str().unwrap();
            let key = name_key(name).unwrap();
            assert_eq!(plain(DEFAULT_LANGUAGE, &Text::new(key)), name);
            let localized = c["name_localizations"].as_object().unwrap();
            assert_eq!(localized.len(), locales().languages().len() - 1, "{name}");
            for (code, v) in localized {
                let v = v.as_str().unwrap();
                // Discord: 1–32 characters of letters, digits, - and _, lowercase where the
                // script has case.
                assert!((1..=MAX_NAME).contains(&v.chars().count()), "{code} {v}");
                assert!(
                    v.chars()
                        .all(|ch| ch.is_alphanumeric() || ch == '-' || ch == '_'),
                    "{code} {v}"
                );
                assert_eq!(v.to_lowercase(), v, "{code}");
            }
        }
        // Names are unique in each language.
        for lang in locales().languages() {
            let code = discord_locale(lang).unwrap();
            let mut seen: Vec<&str> = commands
                .iter()
                .map(|c| {
                    c["name_localizations"][code]
                        .as_str()
                        .unwrap_or(c["name"].as_str().unwrap())
                })
                .collect();
            seen.sort_unstable();
            let n = seen.len();
            seen.dedup();
            assert_eq!(seen.len(), n, "{lang}");
        }
    }

    #[test]
    fn the_exchange_options_offer_the_registered_exchanges() {
        let body = registration_for(&[ExchangeId::Binance, ExchangeId::Mexc]);
        for name in ["connect", "disconnect", "dust", "convert", "history"] {
            let command = body
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["name"] == name)
                .unwrap();
            let option = command["options"]
                .as_array()
                .unwrap()
                .iter()
                .find(|o| o["name"] == "exchange")
                .unwrap_or_else(|| panic!("{name} has an exchange option"));
            let choices: Vec<&str> = option["choices"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["value"].as_str().unwrap())
                .collect();
            assert_eq!(choices, ["binance", "mexc"], "{name}");
            assert_eq!(option["required"], false);
        }
    }

    #[test]
    fn discord_locale_codes_follow_discords_list() {
        assert_eq!(discord_locale("es"), Some("es-ES"));
        assert_eq!(discord_locale("pt-BR"), Some("pt-BR"));
        assert_eq!(discord_locale("zh-CN"), Some("zh-CN"));
        assert_eq!(discord_locale("uk"), Some("uk"));
        assert_eq!(discord_locale("ru"), Some("ru"));
        assert_eq!(discord_locale("tr"), Some("tr"));
        assert_eq!(discord_locale("vi"), Some("vi"));
        assert_eq!(discord_locale("eo"), None);
        assert_eq!(language_hint("en-US"), "en");
    }
}
