//! Market sells and the order query.

use dustpan::ports::{Exchange, ExchangeError, SpotOrderStatus};
use dustpan::sim::mexc::MexcFault;

use super::{Env, dec};
use crate::helpers::market_sell as sell;

#[tokio::test]
async fn a_market_sell_fills_at_the_ticker_price_and_is_read_back_by_its_client_order_id() {
    let env = Env::demo().await;
    let usdt = env.bal("USDT");
    let o = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "op-sell-1"))
        .await
        .expect("sold");
    assert_eq!(o.status, SpotOrderStatus::Filled);
    assert_eq!(o.executed_qty, dec("0.01"));
    assert_eq!(o.quote_qty, dec("30"));
    assert_eq!(o.client_order_id, "op-sell-1");
    assert!(!o.order_id.is_empty() && o.transact_time.is_some());
    assert_eq!(env.bal("ETH"), dec("0.24"));
    // 30 USDT less the 0.2 % taker commission.
    assert_eq!(env.bal("USDT") - usdt, dec("29.94"));
    let found = env
        .client
        .spot_order(&env.creds, "ETHUSDT", "op-sell-1")
        .await
        .expect("query")
        .expect("found");
    assert_eq!(found.order_id, o.order_id);
    assert_eq!(env.sim.request_count("POST", "/api/v3/order"), 1);
}

#[tokio::test]
async fn an_unknown_client_order_id_is_no_order() {
    let env = Env::demo().await;
    let none = env
        .client
        .spot_order(&env.creds, "ETHUSDT", "never-sent")
        .await
        .expect("query");
    assert!(none.is_none());
}

#[tokio::test]
async fn a_sell_below_the_minimum_amount_is_refused_with_30002() {
    let env = Env::demo().await;
    // 4.2 DOGE × 0.12 USDT = 0.504 USDT, under the 1 USDT minimum.
    let e = env
        .client
        .market_sell(&env.creds, &sell("DOGEUSDT", "4.2", "op-min"))
        .await
        .unwrap_err();
    assert!(
        matches!(e, ExchangeError::Rejected { ref code, .. } if code == "30002"),
        "{e:?}"
    );
    assert_eq!(env.bal("DOGE"), dec("4.2"));
}

#[tokio::test]
async fn a_reused_client_order_id_is_a_duplicate_and_sells_nothing_twice() {
    let env = Env::demo().await;
    env.client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "op-dup"))
        .await
        .expect("sold");
    let e = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "op-dup"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            ExchangeError::Rejected {
                reason: dustpan::ports::Refusal::DuplicateOrder,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(env.bal("ETH"), dec("0.24"));
}

#[tokio::test]
async fn a_5xx_on_a_sell_is_an_unknown_outcome_sent_once_and_the_order_query_settles_it() {
    let env = Env::demo().await;
    env.sim
        .inject_fault("POST", "/api/v3/order", MexcFault::ServerErrorAfterApply, 1);
    let e = env
        .client
        .market_sell(&env.creds, &sell("ETHUSDT", "0.01", "op-lost"))
        .await
        .unwrap_err();
    assert!(matches!(e, ExchangeError::OutcomeUnknown(_)), "{e:?}");
    assert_eq!(env.sim.request_count("POST", "/api/v3/order"), 1);
    let o = env
        .client
        .spot_order(&env.creds, "ETHUSDT", "op-lost")
        .await
        .expect("query")
        .expect("it was placed");
    assert_eq!(o.status, SpotOrderStatus::Filled);
    assert_eq!(o.executed_qty, dec("0.01"));
}
