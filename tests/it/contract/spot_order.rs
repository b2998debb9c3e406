//! Spot market sells through the real client against the simulator (Binance spot REST
//! docs (new order / query order)): balances moved exactly with the 0.1 % commission,
//! filter failures, a client order id used again once filled, lookups, and a 5xx after
//! apply.

use dustpan::binance::protocol;
use dustpan::ports::{Exchange, ExchangeError, MarketSell, Refusal, SpotOrderStatus};
use dustpan::sim::Fault;

use super::{Env, KEY, asset, dec};

const ORDER: &str = protocol::NEW_ORDER.path;

fn sell(qty: &str, id: &str) -> MarketSell {
    MarketSell {
        symbol: "ACTUSDT".to_owned(),
        quantity: dec(qty),
        client_order_id: id.to_owned(),
    }
}

/// The demo account with 30 ACT (7.542 USDT at 0.2514: passes LOT_SIZE and NOTIONAL).
async fn env_with_act() -> Env {
    let env = Env::demo().await;
    assert!(env.sim.set_balance(KEY, "ACT", dec("30")));
    env
}

#[tokio::test]
async fn a_market_sell_moves_balances_exactly_with_the_commission() {
    let env = env_with_act().await;
    let usdt = env.bal("USDT");
    let o = env
        .client
        .market_sell(&env.creds, &sell("30", "op-abc_123"))
        .await
        .expect("sold");
    assert_eq!(o.status, SpotOrderStatus::Filled);
    assert_eq!(o.client_order_id, "op-abc_123");
    assert_eq!(o.symbol, "ACTUSDT");
    assert!(o.order_id.bytes().all(|b| b.is_ascii_digit()), "{o:?}");
    assert_eq!(o.executed_qty, dec("30"));
    assert_eq!(o.quote_qty, dec("7.542"));
    assert_eq!(o.fills.len(), 1);
    assert_eq!(o.fills[0].price, dec("0.2514"));
    assert_eq!(o.commissions().get(&asset("USDT")), Some(&dec("0.007542")));
    assert!(o.transact_time.is_some());
    assert_eq!(env.bal("ACT"), dec("0"));
    assert_eq!(env.bal("USDT"), usdt + dec("7.534458"));
    assert_eq!(env.sim.request_count("POST", ORDER), 1);
    assert_eq!(env.sim.spot_orders_placed(KEY), Some(1));
    assert_eq!(env.client.stats().requests_by_path.get(ORDER), Some(&1));
}

#[tokio::test]
async fn filter_failures_and_a_short_balance_are_refused_and_move_nothing() {
    let env = env_with_act().await;
    let usdt = env.bal("USDT");
    let cases = [
        ("30.05", protocol::FILTER_LOT_SIZE),
        ("10", protocol::FILTER_NOTIONAL),
        ("40", protocol::ORDER_INSUFFICIENT_BALANCE),
    ];
    for (i, (qty, want)) in cases.into_iter().enumerate() {
        let res = env
            .client
            .market_sell(&env.creds, &sell(qty, &format!("f{i}")))
            .await;
        match res {
            Err(ExchangeError::Rejected { code, msg, reason }) => {
                assert_eq!(
                    (code, msg.as_str()),
                    (want.code.to_string(), want.msg),
                    "{qty}"
                );
                assert_eq!(reason, Refusal::Other, "{qty}");
            }
            other => panic!("{qty}: {other:?}"),
        }
    }
    assert_eq!(env.bal("ACT"), dec("30"));
    assert_eq!(env.bal("USDT"), usdt);
    assert_eq!(env.sim.spot_orders_placed(KEY), Some(0));
}

#[tokio::test]
async fn a_filled_orders_client_order_id_may_be_used_again_and_the_lookup_finds_the_latest() {
    // Binance: newClientOrderId is unique among OPEN orders only; a market sell fills at
    // once, so its id is free again (assumptions::QUERY_BY_REUSED_CLIENT_ID_FINDS_LATEST).
    let env = Env::demo().await;
    assert!(env.sim.set_balance(KEY, "ACT", dec("60")));
    let first = env
        .client
        .market_sell(&env.creds, &sell("30", "same-id"))
        .await
        .expect("first");
    let second = env
        .client
        .market_sell(&env.creds, &sell("20", "same-id"))
        .await
        .expect("second, once the first is filled");
    assert_ne!(first.order_id, second.order_id);
    assert_eq!(env.bal("ACT"), dec("10"));
    assert_eq!(env.sim.spot_orders_placed(KEY), Some(2));
    let found = env
        .client
        .spot_order(&env.creds, "ACTUSDT", "same-id")
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!(found.order_id, second.order_id);
    assert_eq!(found.executed_qty, dec("20"));
}

#[tokio::test]
async fn lookup_by_client_order_id_finds_the_order_or_none() {
    let env = env_with_act().await;
    let placed = env
        .client
        .market_sell(&env.creds, &sell("30", "look-me-up"))
        .await
        .expect("sold");
    let found = env
        .client
        .spot_order(&env.creds, "ACTUSDT", "look-me-up")
        .await
        .expect("lookup")
        .expect("found");
    assert_eq!(found.order_id, placed.order_id);
    assert_eq!(found.status, SpotOrderStatus::Filled);
    assert_eq!(found.executed_qty, dec("30"));
    assert_eq!(found.quote_qty, dec("7.542"));
    assert!(found.fills.is_empty());
    let missing = env
        .client
        .spot_order(&env.creds, "ACTUSDT", "never-sent")
        .await
        .expect("lookup");
    assert_eq!(missing, None);
    assert_eq!(env.sim.request_count("GET", protocol::QUERY_ORDER.path), 2);
}

#[tokio::test]
async fn a_5xx_or_a_drop_after_apply_is_outcome_unknown_after_one_post_and_the_lookup_finds_it() {
    for fault in [
        Fault::UnavailableAfterApply,
        Fault::DropConnectionAfterApply,
    ] {
        let env = env_with_act().await;
        env.sim.inject_fault(ORDER, fault, 1);
        let res = env
            .client
            .market_sell(&env.creds, &sell("30", "unknown-1"))
            .await;
        assert!(
            matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
            "{fault:?}: {res:?}"
        );
        assert_eq!(env.sim.request_count("POST", ORDER), 1, "{fault:?}");
        let found = env
            .client
            .spot_order(&env.creds, "ACTUSDT", "unknown-1")
            .await
            .expect("lookup");
        assert_eq!(found.map(|o| o.executed_qty), Some(dec("30")), "{fault:?}");
        assert_eq!(env.bal("ACT"), dec("0"), "{fault:?}");
        assert_eq!(env.sim.spot_orders_placed(KEY), Some(1), "{fault:?}");
    }
}

#[tokio::test]
async fn a_5xx_before_apply_leaves_nothing_to_find() {
    let env = env_with_act().await;
    env.sim
        .inject_fault(ORDER, Fault::UnavailableBeforeApply, 1);
    let res = env
        .client
        .market_sell(&env.creds, &sell("30", "before-1"))
        .await;
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{res:?}"
    );
    let found = env
        .client
        .spot_order(&env.creds, "ACTUSDT", "before-1")
        .await
        .expect("lookup");
    assert_eq!(found, None);
    assert_eq!(env.bal("ACT"), dec("30"));
}
