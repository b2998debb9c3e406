//! `dustpan sim --exchange mexc`, through the real binary.

use std::io::BufRead as _;
use std::time::Duration;

use dustpan::mexc::{MexcClient, MexcConfig};
use dustpan::ports::Exchange;

use crate::helpers::{TempDb, dustpan};

#[tokio::test]
async fn sim_exchange_mexc_prints_its_address_and_serves_an_accounts_file_with_a_passphrase() {
    let db = TempDb::new();
    let accounts = db.dir.path().join("accounts.json");
    std::fs::write(
        &accounts,
        r#"{"accounts":[{"api_key":"mx0FAKEkey000000000","api_secret":"FAKEsecret0000000000","passphrase":"ignored",
            "balances":{"ADA":"1.5","USDT":"10"}}]}"#,
    )
    .expect("accounts file");
    let mut child = dustpan(db.dir.path())
        .args([
            "sim",
            "--exchange",
            "mexc",
            "--listen",
            "127.0.0.1:0",
            "--accounts",
        ])
        .arg(&accounts)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let line = tokio::task::spawn_blocking(move || {
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .map(|_| line)
    });
    let line = tokio::time::timeout(Duration::from_secs(60), line)
        .await
        .expect("prints within a minute")
        .expect("joins")
        .expect("reads");
    let url = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("{line}"))
        .to_owned();
    let client =
        MexcClient::new(MexcConfig::new(url::Url::parse(&url).expect("url"))).expect("client");
    let balances = client
        .balances(&super::creds("mx0FAKEkey000000000", "FAKEsecret0000000000"))
        .await;
    child.kill().expect("kill");
    child.wait().expect("wait");
    let balances = balances.expect("balances");
    let ada = balances.iter().find(|b| b.asset.as_str() == "ADA");
    assert_eq!(ada.map(|b| b.free), Some(super::dec("1.5")));
}
