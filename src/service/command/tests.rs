//! Typed arguments as users type them, and what is refused with which sentence.

use std::str::FromStr;

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
    assert_eq!(parse("/dust mexc"), Some(Command::DustOn(ExchangeId::Mexc)));
    assert_eq!(parse("/dust chart"), Some(Command::DustChart(None)));
    assert_eq!(
        parse("/dust mexc chart"),
        Some(Command::DustChart(Some(ExchangeId::Mexc)))
    );
    assert_eq!(
        parse("/dust CHART mexc"),
        Some(Command::DustChart(Some(ExchangeId::Mexc)))
    );
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
        parse("/connect k s pass extra"),
        Some(Command::Connect {
            exchange: None,
            key: Some("k".into()),
            secret: Some("s".into()),
            passphrase: Some("pass".into()),
        })
    );
    assert_eq!(
        parse("/connect MEXC k s"),
        Some(Command::Connect {
            exchange: Some(ExchangeId::Mexc),
            key: Some("k".into()),
            secret: Some("s".into()),
            passphrase: None,
        })
    );
    assert_eq!(
        parse("/disconnect mexc"),
        Some(Command::Disconnect(Some(ExchangeId::Mexc)))
    );
    assert_eq!(parse("/disconnect"), Some(Command::Disconnect(None)));
    assert!(matches!(parse("/frobnicate"), Some(Command::Unknown(n)) if n == "frobnicate"));
}

#[test]
fn convert_and_history_take_an_optional_exchange_first() {
    let on = |exchange, args| {
        Some(Command::Convert(ConvertArgs::On {
            exchange,
            args: Box::new(args),
        }))
    };
    assert_eq!(
        parse("/convert mexc all"),
        on(ExchangeId::Mexc, ConvertArgs::All)
    );
    assert_eq!(
        parse("/convert Binance ADA XRP to USDT"),
        on(
            ExchangeId::Binance,
            ConvertArgs::To {
                target: "USDT".into(),
                args: Box::new(ConvertArgs::Assets(vec!["ADA".into(), "XRP".into()])),
            }
        )
    );
    assert_eq!(
        parse("/convert mexc"),
        on(ExchangeId::Mexc, ConvertArgs::Select)
    );
    let (exchange, rest) = ConvertArgs::parse(&["mexc".into(), "all".into()]).split_exchange();
    assert_eq!((exchange, rest), (Some(ExchangeId::Mexc), ConvertArgs::All));
    assert_eq!(ConvertArgs::All.split_exchange(), (None, ConvertArgs::All));
    assert_eq!(parse("/history"), Some(Command::History));
    assert_eq!(
        parse("/history MEXC"),
        Some(Command::HistoryOn(ExchangeId::Mexc))
    );
}

fn swap(text: &str) -> Result<SwapArgs, ArgsError> {
    match parse(text) {
        Some(Command::Swap(args)) => args,
        other => panic!("{other:?}"),
    }
}

fn settings(text: &str) -> Result<SettingsArgs, ArgsError> {
    match parse(text) {
        Some(Command::Settings(args)) => args,
        other => panic!("{other:?}"),
    }
}

fn asset(s: &str) -> Asset {
    Asset::parse(s).unwrap()
}

fn refused(r: Result<impl std::fmt::Debug, ArgsError>) -> Text {
    r.expect_err("refused").0
}

#[test]
fn swap_arguments_parse_into_assets_and_an_amount_or_all() {
    let args = swap("/swap eth usdt 0.001").unwrap();
    assert_eq!((args.from(), args.to()), (&asset("ETH"), &asset("USDT")));
    assert_eq!(
        args.amount(),
        SwapAmount::Exactly(Decimal::from_str("0.001").unwrap())
    );
    assert_eq!(swap("/swap ADA USDT").unwrap().amount(), SwapAmount::All);
    assert_eq!(
        swap("/swap ADA USDT ALL").unwrap().amount(),
        SwapAmount::All
    );
    // Built directly, as a frontend with typed options does: the same value.
    assert_eq!(
        SwapArgs::new(asset("ADA"), asset("USDT"), SwapAmount::All),
        swap("/swap ada usdt all")
    );
}

#[test]
fn bad_swap_arguments_are_refused_with_the_usage() {
    for text in [
        "/swap",
        "/swap ADA",
        "/swap ADA ADA",
        "/swap ada ADA 1",
        "/swap ADA USDT 0",
        "/swap ADA USDT -1",
        "/swap ADA USDT lots",
        "/swap ADA USDT 1 2",
        "/swap AD-A USDT",
    ] {
        assert_eq!(refused(swap(text)), Text::new("swap-usage"), "{text}");
    }
    let zero = SwapAmount::Exactly(Decimal::ZERO);
    assert_eq!(
        refused(SwapArgs::new(asset("ADA"), asset("USDT"), zero)),
        Text::new("swap-usage")
    );
}

#[test]
fn an_amount_with_a_decimal_comma_is_read_where_it_cannot_mean_thousands() {
    let exactly = |s: &str| SwapAmount::Exactly(Decimal::from_str(s).unwrap());
    assert_eq!(
        swap("/swap ETH USDT 0,001").unwrap().amount(),
        exactly("0.001")
    );
    assert_eq!(
        swap("/swap ADA USDT 12,5").unwrap().amount(),
        exactly("12.5")
    );
    let usd = |s| UsdAmount::new(Decimal::from_str(s).unwrap()).unwrap();
    assert_eq!(
        settings("/settings min 2,5"),
        Ok(SettingsArgs::Change(SettingChange::MinWorth(usd("2.5"))))
    );
    assert_eq!(
        settings("/settings cap $10,50"),
        Ok(SettingsArgs::Change(SettingChange::AutoSweepCap(usd(
            "10.5"
        ))))
    );
}

#[test]
fn an_amount_that_reads_two_ways_is_refused_with_an_example() {
    let ambiguous = |typed: &str| Text::new("amount-ambiguous").arg("amount", typed);
    for (text, typed) in [
        ("/swap ETH USDT 1,000", "1,000"),
        ("/swap ETH USDT 1.000,5", "1.000,5"),
        ("/swap ETH USDT 1,000.5", "1,000.5"),
        ("/swap ADA USDT 1,000,000", "1,000,000"),
        ("/settings min 1,000", "1,000"),
        ("/settings cap $2,500", "$2,500"),
    ] {
        let refusal = match parse(text) {
            Some(Command::Swap(r)) => refused(r),
            Some(Command::Settings(r)) => refused(r),
            other => panic!("{other:?}"),
        };
        assert_eq!(refusal, ambiguous(typed), "{text}");
    }
    // Read, but outside the setting's bounds: the setting's own refusal.
    assert_eq!(
        refused(settings("/settings min 0,001")),
        Text::new("settings-bad").arg("setting", "min")
    );
    assert_eq!(refused(swap("/swap ETH USDT 1,")), Text::new("swap-usage"));
}

#[test]
fn setting_changes_parse_into_typed_values() {
    let change = |text| match settings(text) {
        Ok(SettingsArgs::Change(c)) => c,
        other => panic!("{text}: {other:?}"),
    };
    assert_eq!(settings("/settings"), Ok(SettingsArgs::Show));
    let usd = |s| UsdAmount::new(Decimal::from_str(s).unwrap()).unwrap();
    assert_eq!(change("/settings min 2"), SettingChange::MinWorth(usd("2")));
    assert_eq!(
        change("/settings cap $10.50"),
        SettingChange::AutoSweepCap(usd("10.5"))
    );
    assert_eq!(
        change("/settings tz Asia/Tokyo"),
        SettingChange::Timezone(chrono_tz::Asia::Tokyo)
    );
    assert_eq!(
        change("/settings timezone Europe/Berlin"),
        SettingChange::Timezone(chrono_tz::Europe::Berlin)
    );
    assert_eq!(
        change("/settings quiet 22:00-07:30"),
        SettingChange::Quiet(QuietHours::new(22 * 60, 7 * 60 + 30))
    );
    assert_eq!(
        change("/settings quiet 22-7"),
        SettingChange::Quiet(QuietHours::new(22 * 60, 7 * 60))
    );
    assert_eq!(change("/settings quiet off"), SettingChange::Quiet(None));
    assert_eq!(
        change("/settings target eth"),
        SettingChange::Target(asset("ETH"))
    );
    assert_eq!(
        change("/settings currency btc"),
        SettingChange::Currency(asset("BTC"))
    );
    assert_eq!(
        change("/settings reminders off"),
        SettingChange::Reminders(false)
    );
    assert_eq!(
        change("/settings autosweep on"),
        SettingChange::AutoSweep(true)
    );
}

#[test]
fn bad_setting_changes_name_the_setting_they_got_wrong() {
    let bad = |what: &str| Text::new("settings-bad").arg("setting", what);
    for (text, what) in [
        ("/settings min 0", "min"),
        ("/settings min 1000001", "min"),
        ("/settings min 0.001", "min"),
        ("/settings min two", "min"),
        ("/settings cap -5", "cap"),
        ("/settings timezone Mars/Olympus", "timezone"),
        ("/settings quiet 22:00-22:00", "quiet"),
        ("/settings quiet 24:00-07:00", "quiet"),
        ("/settings quiet 22:60-07:00", "quiet"),
        ("/settings quiet evenings", "quiet"),
        ("/settings target US-DT", "target"),
        ("/settings currency $$", "currency"),
        ("/settings reminders maybe", "usage"),
        ("/settings autosweep", "usage"),
        ("/settings colour blue", "usage"),
        ("/settings min 2 3", "usage"),
        ("/settings MIN 2", "usage"),
    ] {
        assert_eq!(refused(settings(text)), bad(what), "{text}");
    }
    // The constructors a frontend with typed options uses check the same bounds.
    assert_eq!(UsdAmount::new(Decimal::ZERO), None);
    assert_eq!(UsdAmount::new(Decimal::new(1, 3)), None);
    assert_eq!(QuietHours::new(60, 60), None);
    assert_eq!(QuietHours::new(24 * 60, 0), None);
}

#[test]
fn convert_takes_an_optional_target_after_to() {
    let to = |target: &str, args: ConvertArgs| {
        Some(Command::Convert(ConvertArgs::To {
            target: target.into(),
            args: Box::new(args),
        }))
    };
    assert_eq!(parse("/convert all to USDT"), to("USDT", ConvertArgs::All));
    assert_eq!(
        parse("/convert BTC ETH TO usdt"),
        to(
            "usdt",
            ConvertArgs::Assets(vec!["BTC".into(), "ETH".into()])
        )
    );
    assert_eq!(parse("/convert to USDT"), to("USDT", ConvertArgs::Select));
    // `to` must be followed by exactly one word; otherwise they are asset names.
    assert_eq!(
        parse("/convert ADA to"),
        Some(Command::Convert(ConvertArgs::Assets(vec![
            "ADA".into(),
            "to".into()
        ])))
    );
    let (args, target) =
        ConvertArgs::parse(&["all".into(), "to".into(), "USDT".into()]).split_target();
    assert_eq!((args, target.as_deref()), (ConvertArgs::All, Some("USDT")));
    assert_eq!(ConvertArgs::All.split_target(), (ConvertArgs::All, None));
}
