//! `dustpan sim --exchange bybit`, through the real binary.

use dustpan::bybit::{BybitClient, BybitConfig};
use dustpan::ports::Exchange;

use crate::helpers::{TempDb, spawn_sim};

#[tokio::test]
async fn sim_exchange_bybit_prints_its_address_and_serves_an_accounts_file_with_a_passphrase() {
    let db = TempDb::new();
    let (mut child, url) = spawn_sim(
        db.dir.path(),
        "bybit",
        r#"{"accounts":[{"api_key":"FAKEbybitKEY000000","api_secret":"FAKEbybitSECRET000000000000000000000","passphrase":"ignored",
            "balances":{"XRP":"1.5","USDT":"10"}}]}"#,
    )
    .await;
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
