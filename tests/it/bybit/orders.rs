//! Spot market sells: placed with an `orderLinkId`, read back by it; duplicates and the
//! minimum order refused.

use dustpan::ports::{Exchange, ExchangeError, Refusal, SpotOrderStatus};

use super::{Env, dec};
use crate::helpers::market_sell as sell;

#[tokio::test]
async fn a_market_sell_fills_and_is_read_back_by_its_link_id() {
    let env = Env::demo().await;
    let usdt = env.bal("USDT");
    let o = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "dp-sell-1"))
        .await
        .expect("sold");
    assert_eq!(o.status, SpotOrderStatus::Filled);
    assert_eq!((o.executed_qty, o.quote_qty), (dec("0.01"), dec("30")));
    assert_eq!(o.client_order_id, "dp-sell-1");
    assert_eq!(o.order_id.len(), 19);
    assert_eq!(
        env.bal("USDT") - usdt,
        dec("29.97"),
        "less the 0.1 % taker fee"
    );
    let again = env
        .client
        .spot_order(&env.creds, "ETHUSDT", "dp-sell-1")
        .await
        .expect("read")
        .expect("found");
    assert_eq!(again.order_id, o.order_id);
    assert!(
        env.client
            .spot_order(&env.creds, "ETHUSDT", "never-sent")
            .await
            .expect("read")
            .is_none()
    );
    let e = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "dp-sell-1"))
        .await
        .expect_err("duplicate");
    assert!(
        matches!(e, ExchangeError::Rejected { reason: Refusal::DuplicateOrder, ref code, .. } if code == "170141"),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_sell_below_the_minimum_order_or_beyond_the_balance_is_refused() {
    let env = Env::demo().await;
    let e = env
        .client
        .market_sell(&env.creds, &sell("XRPUSDT", "0.9", "dp-2"))
        .await
        .expect_err("0.495 USDT");
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "170140"),
        "{e:?}"
    );
    let e = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "1", "dp-3"))
        .await
        .expect_err("0.25 held");
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "170131"),
        "{e:?}"
    );
}
