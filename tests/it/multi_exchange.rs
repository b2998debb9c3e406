//! Several exchanges per user (issue 20, point 4): the app registers every exchange it can
//! talk to, Binance first (the default of every path that names no exchange).

use dustpan::domain::ExchangeId;
use dustpan::sim::mexc::{MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};

use crate::app::{TestApp, group_user, private_user, text};
use dustpan::service::reply::CredentialField;

use crate::replies::{assert_asks, assert_key, press_token_with};

/// The MEXC endpoint the adapter reads a key's permissions with (the dust list).
const DUST_LIST: &str = "/api/v3/capital/convert/list";

#[tokio::test]
async fn the_app_offers_binance_first_then_mexc_and_bybit_at_the_configured_urls() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    assert_eq!(
        t.app.service.exchange_ids(),
        vec![ExchangeId::Binance, ExchangeId::Mexc, ExchangeId::Bybit]
    );
}

/// `/connect mexc KEY SECRET` with the MEXC simulator's demo key.
fn connect_mexc() -> String {
    format!("/connect mexc {MEXC_DEMO_API_KEY} {MEXC_DEMO_API_SECRET}")
}

#[tokio::test]
async fn a_user_connects_binance_and_mexc_and_disconnecting_mexc_leaves_binance_connected() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = t.connected_user("2001").await;
    let mexc = t.mexc.as_ref().expect("mexc sim");
    let before = mexc.request_count("GET", DUST_LIST);
    let reply = t.send(&who, &connect_mexc()).await;
    assert_key(&reply, "connect-done");
    // The demo key has no IP allow-list: the advice points to MEXC's API management.
    assert_key(&reply, "connect-warn-no-ip-on");
    assert!(
        reply.delete_incoming,
        "the message carrying the key is deleted"
    );
    assert!(
        !text(&reply).contains(MEXC_DEMO_API_SECRET) && !text(&reply).contains(MEXC_DEMO_API_KEY),
        "nothing of the key is echoed"
    );
    assert!(
        mexc.request_count("GET", DUST_LIST) > before,
        "the MEXC key was checked against MEXC"
    );

    // Two connected: a bare /disconnect asks which, and removes nothing.
    let reply = t.send(&who, "/disconnect").await;
    assert_key(&reply, "disconnect-which");
    assert!(text(&reply).contains("binance, mexc"), "{}", text(&reply));

    assert_key(&t.send(&who, "/disconnect mexc").await, "disconnect-done");
    assert_key(
        &t.send(&who, "/disconnect mexc").await,
        "disconnect-nothing",
    );
    // Binance is still connected: its dust report still reads.
    assert_key(&t.send(&who, "/dust").await, "dust-title");
    // Only Binance left: a bare /disconnect removes it.
    assert_key(&t.send(&who, "/disconnect").await, "disconnect-done");
    assert_key(&t.send(&who, "/dust").await, "error-not-connected");
}

#[tokio::test]
async fn the_old_connect_without_an_exchange_still_means_binance() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = t.connected_user("2002").await;
    assert_key(
        &t.send(&who, "/disconnect mexc").await,
        "disconnect-nothing",
    );
    assert_key(
        &t.send(&who, "/disconnect binance").await,
        "disconnect-done",
    );
}

#[tokio::test]
async fn a_mexc_key_sent_in_a_group_is_refused_and_deleted_unread() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let reply = t.send(&group_user("2003"), &connect_mexc()).await;
    assert_key(&reply, "connect-private-only");
    assert!(reply.delete_incoming);
    assert_eq!(t.mexc.as_ref().unwrap().request_count("GET", DUST_LIST), 0);
}

// An exchange the app does not offer (every known one is offered now): tests/it/bybit/
// service.rs, with a service that offers Bybit alone.

#[tokio::test]
async fn connect_mexc_without_the_key_asks_for_the_mexc_key_then_its_secret() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("2005");
    let reply = t.send(&who, "/connect mexc").await;
    assert_asks(&reply, &[CredentialField::Key, CredentialField::Secret]);
    let prompt = reply.credentials.as_ref().unwrap();
    assert_eq!(prompt.exchange.as_deref(), Some("mexc"));
    assert_eq!(prompt.title.key, "credentials-form-title-on");
    let reply = t.send(&who, MEXC_DEMO_API_KEY).await;
    assert!(reply.delete_incoming);
    assert_asks(&reply, &[CredentialField::Secret]);
    let reply = t.send(&who, MEXC_DEMO_API_SECRET).await;
    assert!(reply.delete_incoming);
    assert_key(&reply, "connect-done");
    assert_key(&t.send(&who, "/dust mexc").await, "dust-exchange-title");
}

#[tokio::test]
async fn a_bare_connect_asks_which_exchange_first_then_that_exchanges_key() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("2009");
    let reply = t.send(&who, "/connect").await;
    assert_key(&reply, "connect-which-exchange");
    assert!(
        reply.credentials.is_none(),
        "no key asked before the exchange"
    );
    let offered: Vec<String> = reply.messages[0]
        .buttons
        .iter()
        .map(|b| crate::replies::arg_value(&b.label, "exchange").unwrap())
        .collect();
    let registered: Vec<&str> = t
        .app
        .service
        .exchange_ids()
        .iter()
        .map(|e| e.name())
        .collect();
    assert_eq!(offered, registered);
    assert!(registered.starts_with(&["Binance", "MEXC"]));
    // Someone else's press on it opens nothing.
    let mexc = press_token_with(&reply, "button-connect-exchange", "exchange", "MEXC");
    let stranger = t.connected_user("2010").await;
    assert!(t.press(&stranger, &mexc).await.credentials.is_none());

    let form = t.press(&who, &mexc).await;
    assert_asks(&form, &[CredentialField::Key, CredentialField::Secret]);
    assert_eq!(
        form.credentials.as_ref().unwrap().exchange.as_deref(),
        Some("mexc")
    );
    assert_asks(
        &t.send(&who, MEXC_DEMO_API_KEY).await,
        &[CredentialField::Secret],
    );
    assert_key(&t.send(&who, MEXC_DEMO_API_SECRET).await, "connect-done");
    let reply = t.send(&who, "/disconnect").await;
    assert_key(&reply, "disconnect-done");
    assert_key(&t.send(&who, "/dust mexc").await, "error-not-connected");
}

#[tokio::test]
async fn the_form_from_the_binance_button_asks_for_a_binance_key() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("2011");
    let reply = t.send(&who, "/connect").await;
    let binance = press_token_with(&reply, "button-connect-exchange", "exchange", "Binance");
    let form = t.press(&who, &binance).await;
    assert_eq!(form.credentials.as_ref().unwrap().exchange, None);
    assert_asks(
        &t.send(&who, dustpan::sim::DEMO_API_KEY).await,
        &[CredentialField::Secret],
    );
    assert_key(
        &t.send(&who, dustpan::sim::DEMO_API_SECRET).await,
        "connect-done",
    );
    assert_key(&t.send(&who, "/dust").await, "dust-title");
}

#[tokio::test]
async fn dust_shows_a_binance_section_and_a_mexc_section_converting_to_mx_on_mexc_terms() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = t.connected_user("2006").await;
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/dust").await;
    assert_key(&reply, "dust-title");
    assert_key(&reply, "dust-exchange-title");
    assert_key(&reply, "dust-exchange-line");
    assert_key(&reply, "dust-exchange-batches");
    assert_key(&reply, "dust-exchange-no-cooldown");
    assert_key(&reply, "dust-exchange-window");
    let shown = text(&reply);
    assert!(
        shown.contains("MEXC: your dust (converts to MX)"),
        "{shown}"
    );
    assert!(
        shown.contains("At most 15 assets per conversion"),
        "{shown}"
    );
}

#[tokio::test]
async fn dust_with_only_mexc_connected_shows_the_mexc_section_alone() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = private_user("2007");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/dust").await;
    assert_key(&reply, "dust-exchange-title");
    assert!(!crate::replies::has_key(&reply, "dust-title"));
}

#[tokio::test]
async fn dust_mexc_shows_the_mexc_section_alone_and_dust_binance_the_binance_report_alone() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    let who = t.connected_user("2008").await;
    assert_key(&t.send(&who, "/dust mexc").await, "error-not-connected");
    assert_key(&t.send(&who, &connect_mexc()).await, "connect-done");
    let reply = t.send(&who, "/dust mexc").await;
    assert_key(&reply, "dust-exchange-title");
    assert!(!crate::replies::has_key(&reply, "dust-title"));
    let reply = t.send(&who, "/dust binance").await;
    assert_key(&reply, "dust-title");
    assert!(!crate::replies::has_key(&reply, "dust-exchange-title"));
}
