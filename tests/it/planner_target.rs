//! The plan behind `/dust` weighs the small-asset batch to the user's target (Binance's Dust
//! Convert) beside the BNB batch, through the service, the real client and the simulator.
//! Both batches share one cooldown, so the plan holds the whole batch worth more; the figures
//! are the amounts the exchange quotes after its fee (the fee rate is UNCONFIRMED: the
//! simulator's is switched here, and the plan follows the quotes, not a rate of its own).

use dustpan::binance::protocol;
use dustpan::sim;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

use crate::app::{TestApp, spawn_app, text};
use crate::replies::{arg, assert_key, assert_no_key, press_token};

const KEY: &str = sim::DEMO_API_KEY;

fn bal(t: &TestApp, asset: &str) -> Decimal {
    t.sim.balance(KEY, asset).expect("demo key")
}

fn queries(t: &TestApp) -> usize {
    t.sim
        .request_count("POST", protocol::DUST_CONVERT_QUERY.path)
}

fn converts(t: &TestApp) -> usize {
    t.sim.request_count("POST", protocol::DUST_CONVERT.path)
}

/// 0.35 ACT (≈ 0.088 USDT): under ACTUSDT's 5 USDT minimum order and Spot Convert's ACT
/// minimum, so only a small-asset batch takes it, and big enough that the exchange's 8-dp
/// BTC rounding of the BNB route stays well under the fee difference switched below.
async fn app_with_act_dust() -> TestApp {
    let t = spawn_app().await;
    assert!(t.sim.set_balance(KEY, "ACT", dec!(0.35)));
    t
}

/// The dust operations of the plan's legs (kind `dust`), oldest first.
async fn dust_legs(t: &TestApp) -> Vec<(String, String)> {
    sqlx::query_as("SELECT id, params FROM operations WHERE kind = 'dust' ORDER BY created_at, id")
        .fetch_all(t.app.db.pool())
        .await
        .expect("operations")
}

#[tokio::test]
async fn a_usdt_target_gets_the_batch_to_usdt_when_it_yields_more_and_confirm_sends_one_dust_convert_with_the_legs_id()
 {
    let t = app_with_act_dust().await;
    // The exchange keeps 1 % instead of 2 %: the batch to USDT yields more than the BNB one.
    t.sim.set_dust_convert_fee_rate(dec!(0.01));
    let who = t.connected_user("5101").await;
    let report = t.send(&who, "/dust").await;
    assert_key(&report, "plan-best-to");
    assert_eq!(
        arg(&report, "advice-plan-to", "target"),
        "USDT",
        "{}",
        text(&report)
    );
    assert_no_key(&report, "plan-best-bnb");
    // Which route and why: both batches' quoted figures.
    assert_eq!(arg(&report, "plan-batch-to", "asset"), "USDT");
    assert_eq!(arg(&report, "plan-batch-to", "other_asset"), "BNB");
    let received: Decimal = arg(&report, "plan-batch-to", "received").parse().unwrap();
    let fee: Decimal = arg(&report, "plan-batch-to", "fee").parse().unwrap();
    // 0.35 × 0.2514 = 0.08799 USDT, 1 % of it kept by the exchange.
    assert_eq!(fee, dec!(0.0008799));
    assert_eq!(received, dec!(0.0871101));
    // The BNB batch, valued in the target, yields less.
    let bnb_in_usdt: Decimal = arg(&report, "plan-batch-to", "other_in_target")
        .parse()
        .unwrap();
    assert!(bnb_in_usdt < received, "{}", text(&report));
    assert_eq!(
        queries(&t),
        1,
        "one more signed request for the target's figures"
    );

    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    assert_eq!(
        arg(&screen, "plan-confirm-to", "target"),
        "USDT",
        "{}",
        text(&screen)
    );
    assert!(arg(&screen, "plan-confirm-to", "assets").contains("ACT"));
    assert_key(&screen, "plan-batch-to");
    assert_no_key(&screen, "plan-confirm-bnb");
    let usdt = bal(&t, "USDT");
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_eq!(
        arg(&done, "convert-done-to", "target"),
        "USDT",
        "{}",
        text(&done)
    );
    // Exactly one Dust Convert, with the leg's operation id as clientId; no classic POST.
    assert_eq!((converts(&t), t.dust_posts()), (1, 0));
    let legs = dust_legs(&t).await;
    assert_eq!(legs.len(), 1, "{legs:?}");
    assert!(legs[0].1.contains("\"target\":\"USDT\""), "{legs:?}");
    assert_eq!(
        t.sim.dust_convert_client_ids(KEY),
        Some(vec![legs[0].0.clone()])
    );
    assert!(bal(&t, "ACT").is_zero());
    assert!(bal(&t, "USDT") >= usdt + received, "{}", bal(&t, "USDT"));
}

#[tokio::test]
async fn a_usdt_target_keeps_the_bnb_batch_when_it_yields_more_and_confirm_sends_only_the_classic_post()
 {
    let t = app_with_act_dust().await;
    // The exchange keeps 5 % on the batch to USDT: the BNB batch (2 %) yields more.
    t.sim.set_dust_convert_fee_rate(dec!(0.05));
    let who = t.connected_user("5102").await;
    let report = t.send(&who, "/dust").await;
    assert_key(&report, "plan-best-bnb");
    assert_no_key(&report, "plan-best-to");
    assert_key(&report, "advice-plan");
    assert_eq!(
        arg(&report, "plan-batch-bnb", "asset"),
        "BNB",
        "{}",
        text(&report)
    );
    assert_eq!(arg(&report, "plan-batch-bnb", "other_asset"), "USDT");
    assert_eq!(arg(&report, "plan-batch-bnb", "other_fee"), "0.0043995");
    // Valued in the target, the BNB batch yields more than the USDT one quoted.
    let in_usdt: Decimal = arg(&report, "plan-batch-bnb", "in_target").parse().unwrap();
    let usdt: Decimal = arg(&report, "plan-batch-bnb", "other_received")
        .parse()
        .unwrap();
    assert!(in_usdt > usdt, "{}", text(&report));

    let screen = t.press(&who, &press_token(&report, "button-plan")).await;
    assert!(
        arg(&screen, "plan-confirm-bnb", "assets").contains("ACT"),
        "{}",
        text(&screen)
    );
    assert_no_key(&screen, "plan-confirm-to");
    assert_key(&screen, "plan-batch-bnb");
    let done = t.press(&who, &press_token(&screen, "button-confirm")).await;
    assert_key(&done, "convert-done");
    assert_eq!((converts(&t), t.dust_posts()), (0, 1));
    assert!(bal(&t, "ACT").is_zero());
}

/// Every request one `/dust` makes once the shared public caches are warm: a first user
/// with the same target warms them.
async fn requests_per_dust(t: &TestApp, target: &str, ids: (&str, &str)) -> usize {
    for id in [ids.0, ids.1] {
        let who = t.connected_user(id).await;
        if target != "USDT" {
            assert_key(
                &t.send(&who, &format!("/settings target {target}")).await,
                "settings-saved",
            );
        }
        t.sim.clear_request_log();
        t.send(&who, "/dust").await;
    }
    t.sim.requests().len()
}

#[tokio::test]
async fn a_bnb_target_makes_no_extra_signed_request_per_dust() {
    let usdt = app_with_act_dust().await;
    let with_target = requests_per_dust(&usdt, "USDT", ("5103", "5104")).await;
    assert_eq!(queries(&usdt), 1);
    let bnb = app_with_act_dust().await;
    let classic = requests_per_dust(&bnb, "BNB", ("5105", "5106")).await;
    assert_eq!(queries(&bnb), 0, "{:?}", bnb.sim.requests());
    // The batch to a non-BNB target costs exactly one signed request more per /dust.
    assert_eq!(with_target, classic + 1, "{:?}", usdt.sim.requests());
    println!("requests per /dust: target USDT {with_target}, target BNB {classic}");
}
