//! Key permissions that drift: read again before the first money operation of a day, a key
//! that can now withdraw refused for conversions with the reason, and an operator's
//! `DUSTPAN_REQUIRE_IP_RESTRICTED`.

use std::time::Duration;

use dustpan::service::account::KEY_RECHECK_EVERY;
use dustpan::sim::{self, Permissions, SimConfig};

use crate::app::{TestApp, spawn_app};
use crate::replies::{assert_args, assert_key, assert_no_key, press_token};

const RESTRICTIONS: &str = "/sapi/v1/account/apiRestrictions";

#[tokio::test]
async fn a_key_that_can_now_withdraw_is_refused_for_conversions_and_the_user_told_why() {
    let t = spawn_app().await;
    let who = t.connected_user("720").await;
    assert_eq!(
        t.sim.request_count("GET", RESTRICTIONS),
        1,
        "read at /connect"
    );
    // Within a day of the last read, a conversion does not read them again.
    let confirm = t.send(&who, "/convert ADA").await;
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_args(&done, "convert-done", &[("count", "1")]);
    assert_eq!(t.sim.request_count("GET", RESTRICTIONS), 1);

    // The user turns withdrawals on in Binance's API Management; a day later...
    assert!(t.sim.set_permissions(
        sim::DEMO_API_KEY,
        Permissions {
            withdrawals: true,
            ..Permissions::default()
        }
    ));
    t.advance(KEY_RECHECK_EVERY + Duration::from_secs(1));
    let confirm = t.send(&who, "/convert XRP").await;
    let refused = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_key(&refused, "key-permissions-changed");
    assert_key(&refused, "connect-withdrawals-enabled");
    assert_eq!(t.dust_posts(), 1, "nothing sent");
    assert_eq!(t.sim.request_count("GET", RESTRICTIONS), 2);
    // Asked again on every money operation while the key is unfit.
    let swap = t.send(&who, "/swap ETH USDT 0.001").await;
    let refused = t.press(&who, &press_token(&swap, "button-confirm")).await;
    assert_key(&refused, "connect-withdrawals-enabled");
    assert_eq!(
        t.sim.request_count("POST", "/sapi/v1/convert/acceptQuote"),
        0
    );

    // The refused confirm is closed: pressing it again sends nothing.
    let again = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_no_key(&again, "convert-done");
    assert_eq!(t.dust_posts(), 1);
    // Withdrawals off again: a new confirm goes through.
    assert!(
        t.sim
            .set_permissions(sim::DEMO_API_KEY, Permissions::default())
    );
    let confirm = t.send(&who, "/convert XRP").await;
    let done = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_args(&done, "convert-done", &[("count", "1")]);
    assert_eq!(t.dust_posts(), 2);
}

#[tokio::test]
async fn a_key_that_lost_spot_trading_is_refused_before_anything_is_sent() {
    let t = spawn_app().await;
    let who = t.connected_user("721").await;
    assert!(t.sim.set_permissions(
        sim::DEMO_API_KEY,
        Permissions {
            spot_trading: false,
            ..Permissions::default()
        }
    ));
    t.advance(KEY_RECHECK_EVERY);
    let confirm = t.send(&who, "/convert ADA").await;
    let refused = t
        .press(&who, &press_token(&confirm, "button-confirm"))
        .await;
    assert_key(&refused, "connect-missing-permission");
    assert_eq!(t.dust_posts(), 0);
}

#[tokio::test]
async fn an_operator_can_require_keys_restricted_to_trusted_ips() {
    let require = [("DUSTPAN_REQUIRE_IP_RESTRICTED", "true")];
    // The demo key has no IP allow-list.
    let t = TestApp::builder().settings(&require).build().await;
    let who = crate::app::private_user("722");
    let reply = t
        .send(
            &who,
            &format!("/connect {} {}", sim::DEMO_API_KEY, sim::DEMO_API_SECRET),
        )
        .await;
    assert_key(&reply, "connect-ip-restriction-required");
    assert!(!t.app.service.is_connected(&who).await);

    // The same key restricted to the bot's address is accepted.
    let mut config = SimConfig::demo();
    config.accounts[0].ip_whitelist = vec!["127.0.0.1".parse().unwrap()];
    let t = TestApp::builder()
        .sim(config)
        .settings(&require)
        .build()
        .await;
    let who = t.connected_user("722").await;
    assert!(t.app.service.is_connected(&who).await);
}
