//! `dustpan sim --exchange bybit`, through the real binary.

use std::io::BufRead as _;
use std::time::Duration;

use dustpan::bybit::{BybitClient, BybitConfig};
use dustpan::ports::Exchange;

use crate::helpers::{TempDb, dustpan};

#[tokio::test]
async fn sim_exchange_bybit_prints_its_address_and_serves_an_accounts_file_with_a_passphrase() {
    let db = TempDb::new();
    let accounts = db.dir.path().join("accounts.json");
    std::fs::write(
        &accounts,
        r#"{"accounts":[{"api_key":"FAKEbybitKEY000000","api_secret":"FAKEbybitSECRET000000000000000000000","passphrase":"ignored",
            "balances":{"XRP":"1.5","USDT":"10"}}]}"#,
    )
    .expect("accounts file");
    let mut child = dustpan(db.dir.path())
        .args([
            "sim",
            "--exchange",
            "bybit",
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
        .strip_prefix("listening on http://")
        .map(|a| format!("http://{a}"))
        .unwrap_or_else(|| panic!("{line}"));
    let client =
        BybitClient::new(BybitConfig::new(url::Url::parse(&url).expect("url"))).expect("client");
    let creds = super::creds("FAKEbybitKEY000000", "FAKEbybitSECRET000000000000000000000");
    let balances = client.balances(&creds).await;
    let dust = client.dust_candidates(&creds).await;
    child.kill().expect("kill");
    child.wait().expect("wait");
    let xrp = balances
        .expect("balances")
        .into_iter()
        .find(|b| b.asset.as_str() == "XRP");
    assert_eq!(xrp.map(|b| b.free), Some(super::dec("1.5")));
    assert_eq!(dust.expect("list").details.len(), 1, "XRP is under 10 USDT");
}
