//! Configuration and CLI, through the real binary.

use base64::Engine as _;

use crate::helpers::{TempDb, dustpan, key_b64, text};

#[test]
fn each_bad_setting_exits_2_naming_the_setting() {
    let db = TempDb::new();
    let short_key = base64::engine::general_purpose::STANDARD.encode([9u8; 31]);
    let cases = [
        ("DUSTPAN_MASTER_KEY", short_key.as_str()),
        ("DUSTPAN_MASTER_KEY", "this is not base64"),
        ("DUSTPAN_MASTER_KEY_V2", short_key.as_str()),
        ("DUSTPAN_DUST_COOLDOWN", "6parsecs"),
        ("BINANCE_API_URL", "http//missing-colon"),
        ("TELEGRAM_API_URL", "not a url"),
        ("DISCORD_API_URL", "mailto:x@example.org"),
        ("DISCORD_INTERACTIONS_LISTEN", "localhost"),
        ("DISCORD_PUBLIC_KEY", "not-a-64-digit-hex-key"),
        ("DUSTPAN_DATABASE_URL", "mysql://nope"),
        ("RUST_LOG", "dustpan=loud"),
        ("DUSTPAN_USER_COMMANDS_PER_MIN", "0"),
        ("DUSTPAN_USER_COMMAND_BURST", "many"),
        ("DUSTPAN_USER_WEIGHT_SHARE", "101"),
        ("DUSTPAN_INSTANCES_PER_ADDRESS", "0"),
    ];
    for (name, value) in cases {
        let out = dustpan(db.dir.path())
            .arg("run")
            .env(name, value)
            .output()
            .expect("run binary");
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(2), "{name}={value}: {stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert_eq!(
            stderr.trim().lines().count(),
            1,
            "one line expected: {stderr}"
        );
        assert!(!stderr.contains("panicked") && !stderr.contains("backtrace"));
        if name.contains("KEY") {
            assert!(
                !stderr.contains(value),
                "the key value must not be echoed: {stderr}"
            );
        }
        assert!(stdout.is_empty());
    }
    assert!(
        !db.path.exists(),
        "a bad setting must not create the database"
    );
}

#[test]
fn bad_command_line_arguments_exit_2() {
    let db = TempDb::new();
    let out = dustpan(db.dir.path())
        .args(["demo", "--dust-cooldown", "soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("--dust-cooldown"));
}

#[test]
fn every_subcommand_has_help() {
    let db = TempDb::new();
    for sub in ["demo", "run", "sim", "keygen", "rotate-keys"] {
        let out = dustpan(db.dir.path())
            .args([sub, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{sub}");
        assert!(text(&out).0.contains("Usage: dustpan"), "{sub}");
    }
}

#[test]
fn keygen_prints_a_fresh_32_byte_key_each_time() {
    let db = TempDb::new();
    let a = dustpan(db.dir.path()).arg("keygen").output().unwrap();
    let b = dustpan(db.dir.path()).arg("keygen").output().unwrap();
    let (a, b) = (text(&a).0, text(&b).0);
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(a.trim())
        .unwrap();
    assert_eq!(decoded.len(), 32);
    assert_ne!(a, b);
}

#[test]
fn toml_file_is_read_and_environment_overrides_it() {
    let db = TempDb::new();
    let conf = db.dir.path().join("custom.toml");
    std::fs::write(&conf, "dust_cooldown = \"forever-ish\"\n").unwrap();
    let out = dustpan(db.dir.path())
        .args(["--config", conf.to_str().unwrap(), "run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("DUSTPAN_DUST_COOLDOWN"));

    // The environment wins over the file.
    let out = dustpan(db.dir.path())
        .args(["--config", conf.to_str().unwrap(), "run"])
        .env("DUSTPAN_DUST_COOLDOWN", "30s")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(2), "{}", text(&out).1);

    // dustpan.toml in the working directory is read by default; unknown keys are refused.
    std::fs::write(
        db.dir.path().join("dustpan.toml"),
        "database_url = 5\nno_such_setting = 1\n",
    )
    .unwrap();
    let out = dustpan(db.dir.path()).arg("run").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("no_such_setting"));
}

#[test]
fn master_key_file_is_accepted() {
    let db = TempDb::new();
    let key_file = db.dir.path().join("master.key");
    std::fs::write(&key_file, format!("{}\n", key_b64(3))).unwrap();
    let out = dustpan(db.dir.path())
        .arg("rotate-keys")
        .env("DUSTPAN_DATABASE_URL", db.path.to_str().unwrap())
        .env("DUSTPAN_MASTER_KEY_FILE", key_file.to_str().unwrap())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out).1);
    assert!(text(&out).0.contains("rotation done"));
}

#[test]
fn sim_command_prints_its_address_and_serves_the_protocol() {
    use std::io::BufRead as _;
    let db = TempDb::new();
    let accounts = db.dir.path().join("accounts.json");
    std::fs::write(
        &accounts,
        r#"{"accounts":[{"api_key":"FAKEkey0000000000000000000000000000000000000000000000000000000000","api_secret":"FAKEsecret","balances":{"ACT":"0.005"},"permissions":{"reading":true,"spot_trading":true,"withdrawals":false},"convert_approved":true}]}"#,
    )
    .unwrap();
    let mut child = dustpan(db.dir.path())
        .args([
            "sim",
            "--listen",
            "127.0.0.1:0",
            "--dust-cooldown",
            "30s",
            "--accounts",
        ])
        .arg(&accounts)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .expect(&line)
        .to_owned();
    assert!(url.starts_with("http://127.0.0.1:"));
    let body = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            reqwest::get(format!("{url}/api/v3/time"))
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        })
    })
    .join()
    .unwrap();
    assert!(body.starts_with("{\"serverTime\":"), "{body}");
    child.kill().unwrap();
    child.wait().unwrap();

    std::fs::write(
        &accounts,
        r#"{"accounts":[{"api_key":"k","api_secret":"s","balances":{"ACT":0.005}}]}"#,
    )
    .unwrap();
    let out = dustpan(db.dir.path())
        .args(["sim", "--accounts"])
        .arg(&accounts)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).1.contains("account #0"), "{}", text(&out).1);
}
