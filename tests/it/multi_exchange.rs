//! Several exchanges per user (issue 20, point 4): the app registers every exchange it can
//! talk to, Binance first (the default of every path that names no exchange).

use dustpan::domain::ExchangeId;
use dustpan::sim::mexc::MexcSimConfig;

use crate::app::TestApp;

#[tokio::test]
async fn the_app_offers_binance_first_then_mexc_at_the_configured_url() {
    let t = TestApp::builder().mexc(MexcSimConfig::demo()).build().await;
    assert_eq!(
        t.app.service.exchange_ids(),
        vec![ExchangeId::Binance, ExchangeId::Mexc]
    );
}
