//! `dustpan sim --exchange mexc`, through the real binary.

use dustpan::mexc::{MexcClient, MexcConfig};
use dustpan::ports::Exchange;

use crate::helpers::{TempDb, spawn_sim};

#[tokio::test]
async fn sim_exchange_mexc_prints_its_address_and_serves_an_accounts_file_with_a_passphrase() {
    let db = TempDb::new();
    let (mut child, url) = spawn_sim(
        db.dir.path(),
        "mexc",
        r#"{"accounts":[{"api_key":"mx0FAKEkey000000000","api_secret":"FAKEsecret0000000000","passphrase":"ignored",
            "balances":{"ADA":"1.5","USDT":"10"}}]}"#,
    )
    .await;
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
