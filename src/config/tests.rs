//! The settings' parsing: names, values and the errors that name them.

use super::*;

fn parse(pairs: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let mut raw = RawSettings::default();
    for (k, v) in pairs {
        raw.set(k, v);
    }
    raw.parse()
}

const KEY32: &str = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

#[test]
fn defaults_apply_when_nothing_is_set() {
    let s = parse(&[]).unwrap();
    assert_eq!(s.database_path, PathBuf::from("dustpan.db"));
    // Unset: the exchange's own cooldown applies (resolved at start-up).
    assert_eq!(s.dust_cooldown, None);
    assert_eq!(s.binance_api_url.as_str(), "https://api.binance.com/");
    assert_eq!(s.mexc_api_url.as_str(), "https://api.mexc.com/");
    assert!(s.master_keys.is_none() && s.telegram.is_none() && s.discord.is_none());
}

#[test]
fn user_limits_default_as_documented_and_take_whole_numbers_in_range() {
    let d = parse(&[]).unwrap().user_limits;
    assert_eq!(
        (d.commands_per_min, d.command_burst, d.weight_share_percent),
        (30, 20, 25)
    );
    let s = parse(&[
        ("DUSTPAN_USER_COMMANDS_PER_MIN", "6"),
        ("DUSTPAN_USER_COMMAND_BURST", "2"),
        ("DUSTPAN_USER_WEIGHT_SHARE", "100"),
    ])
    .unwrap()
    .user_limits;
    assert_eq!(
        (s.commands_per_min, s.command_burst, s.weight_share_percent),
        (6, 2, 100)
    );
    for (name, v) in [
        ("DUSTPAN_USER_WEIGHT_SHARE", "0"),
        ("DUSTPAN_USER_WEIGHT_SHARE", "12.5"),
        ("DUSTPAN_USER_COMMAND_BURST", "-1"),
    ] {
        let e = parse(&[(name, v)]).unwrap_err();
        assert_eq!(e.setting, name);
    }
}

#[test]
fn versioned_keys_pick_the_highest_unless_told() {
    let s = parse(&[
        ("DUSTPAN_MASTER_KEY", KEY32),
        ("DUSTPAN_MASTER_KEY_V2", KEY32),
    ])
    .unwrap();
    assert_eq!(s.master_keys.unwrap().active_version(), 2);
    let s = parse(&[
        ("DUSTPAN_MASTER_KEY_V1", KEY32),
        ("DUSTPAN_MASTER_KEY_V2", KEY32),
        ("DUSTPAN_MASTER_KEY_ACTIVE", "1"),
    ])
    .unwrap();
    assert_eq!(s.master_keys.unwrap().active_version(), 1);
    let err = parse(&[
        ("DUSTPAN_MASTER_KEY", KEY32),
        ("DUSTPAN_MASTER_KEY_V1", KEY32),
    ])
    .unwrap_err();
    assert_eq!(err.setting, "DUSTPAN_MASTER_KEY_V1");
    let err = parse(&[
        ("DUSTPAN_MASTER_KEY", KEY32),
        ("DUSTPAN_MASTER_KEY_ACTIVE", "3"),
    ])
    .unwrap_err();
    assert_eq!(err.setting, "DUSTPAN_MASTER_KEY_ACTIVE");
}

#[test]
fn bad_values_name_their_setting_and_never_echo_a_secret() {
    use base64::Engine as _;
    let short = base64::engine::general_purpose::STANDARD.encode([7u8; 31]);
    for (name, value) in [
        ("DUSTPAN_MASTER_KEY", short.as_str()),
        ("DUSTPAN_MASTER_KEY", "not base64!!"),
        ("DUSTPAN_DUST_COOLDOWN", "6 fortnights"),
        ("DUSTPAN_DUST_COOLDOWN", "0s"),
        ("DUSTPAN_DUST_COOLDOWN", "300000y"),
        ("DUSTPAN_REQUIRE_IP_RESTRICTED", "maybe"),
        ("BINANCE_API_URL", "ht!tp:/nope"),
        ("TELEGRAM_API_URL", "ftp://example.org"),
        ("TELEGRAM_BOT_TOKEN", "secret-token-without-colon"),
        ("DISCORD_BOT_TOKEN", "x"),
        ("DUSTPAN_DATABASE_URL", "mysql://db/x"),
        ("DUSTPAN_DATABASE_URL", "postgres://db"),
        ("DUSTPAN_DATABASE_URL", "postgres:///x"),
    ] {
        let mut pairs = vec![(name, value)];
        if name == "DISCORD_BOT_TOKEN" {
            pairs.push(("DISCORD_APPLICATION_ID", "not-a-number"));
        }
        let err = parse(&pairs).unwrap_err();
        let expected = if name == "DISCORD_BOT_TOKEN" {
            "DISCORD_APPLICATION_ID"
        } else {
            name
        };
        assert_eq!(err.setting, expected, "{value}");
        let text = err.to_string();
        assert!(text.contains(expected));
        if name.contains("KEY") || name.contains("TOKEN") {
            assert!(!text.contains(value), "secret echoed: {text}");
        }
    }
}

#[test]
fn database_url_accepts_sqlite_urls_and_paths() {
    for (v, p) in [
        ("sqlite://data/x.db", "data/x.db"),
        ("sqlite:x.db?mode=rwc", "x.db"),
        ("/tmp/y.db", "/tmp/y.db"),
    ] {
        assert_eq!(
            parse(&[("DUSTPAN_DATABASE_URL", v)]).unwrap().database_path,
            PathBuf::from(p)
        );
    }
}

#[test]
fn a_postgres_database_url_selects_postgresql_and_its_password_is_never_shown() {
    for v in [
        "postgres://bot:hunter2@db.internal:5432/dustpan",
        "postgresql://bot:hunter2@db.internal/dustpan?sslmode=require",
    ] {
        let s = parse(&[("DUSTPAN_DATABASE_URL", v)]).unwrap();
        let pg = s.postgres_url.as_ref().expect("PostgreSQL selected");
        assert_eq!(pg.expose(), v);
        let dbg = format!("{s:?}");
        assert!(!dbg.contains("hunter2"), "{dbg}");
    }
    let err = parse(&[("DUSTPAN_DATABASE_URL", "postgres://bot:hunter2@/x")]).unwrap_err();
    assert_eq!(err.setting, "DUSTPAN_DATABASE_URL");
    assert!(!err.to_string().contains("hunter2"), "{err}");
    assert!(
        parse(&[("DUSTPAN_DATABASE_URL", "sqlite://x.db")])
            .unwrap()
            .postgres_url
            .is_none()
    );
}

#[test]
fn debug_of_settings_shows_no_secret() {
    let s = parse(&[
        ("DUSTPAN_MASTER_KEY", KEY32),
        ("TELEGRAM_BOT_TOKEN", "123456:FAKE-telegram-token"),
        ("DISCORD_BOT_TOKEN", "FAKE.discord.token"),
    ])
    .unwrap();
    let dbg = format!("{s:?}");
    assert!(!dbg.contains("FAKE"), "{dbg}");
    assert!(!dbg.contains(KEY32));
    assert!(!dbg.contains("[0, 1, 2"), "{dbg}");
    assert!(dbg.contains("REDACTED"));
}

#[test]
fn instance_counts_default_to_one_and_a_bad_value_names_its_setting() {
    let s = parse(&[("TELEGRAM_BOT_TOKEN", "123456:FAKE-token")]).unwrap();
    assert_eq!(s.user_limits.instances_per_address, 1);
    assert_eq!(s.telegram.as_ref().map(|t| t.instances), Some(1));
    let s = parse(&[
        ("TELEGRAM_BOT_TOKEN", "123456:FAKE-token"),
        ("DUSTPAN_INSTANCES_PER_ADDRESS", "2"),
        ("DUSTPAN_INSTANCES", "3"),
    ])
    .unwrap();
    assert_eq!(s.user_limits.instances_per_address, 2);
    assert_eq!(s.telegram.map(|t| t.instances), Some(3));
    for (name, v) in [
        ("DUSTPAN_INSTANCES_PER_ADDRESS", "0"),
        ("DUSTPAN_INSTANCES_PER_ADDRESS", "65"),
        ("DUSTPAN_INSTANCES_PER_ADDRESS", "two"),
        ("DUSTPAN_INSTANCES", "0"),
    ] {
        let e = parse(&[("TELEGRAM_BOT_TOKEN", "123456:FAKE-token"), (name, v)]).unwrap_err();
        assert_eq!(e.setting, name, "{v}");
    }
    // Discord's pace is divided as Telegram's is, and the count is checked without Telegram.
    let s = parse(&[
        ("DISCORD_BOT_TOKEN", "FAKE.discord.token"),
        ("DUSTPAN_INSTANCES", "2"),
    ])
    .unwrap();
    assert_eq!(s.discord.map(|d| d.instances), Some(2));
    let e = parse(&[
        ("DISCORD_BOT_TOKEN", "FAKE.discord.token"),
        ("DUSTPAN_INSTANCES", "65"),
    ])
    .unwrap_err();
    assert_eq!(e.setting, "DUSTPAN_INSTANCES");
}
