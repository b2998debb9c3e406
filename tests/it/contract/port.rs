//! Every `Exchange` port method end to end, with the values checked against the
//! simulator's state (binance.md §3–§5).

use dustpan::binance::assumptions;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use dustpan::binance::protocol;
use dustpan::ports::{ConvertOrderState, Exchange, OrderRef, QuoteAmount, SymbolStatus};
use rust_decimal::{Decimal, RoundingStrategy};

use super::{Env, KEY, account, asset, dec, demo_plus, usdt_to_bnb};

/// The demo account's non-zero balances (sim/config.rs `demo_account`).
const DEMO_ASSETS: [&str; 16] = [
    "ACT", "ADA", "ATOM", "BNB", "DOGE", "DOT", "ETH", "FDUSD", "LINK", "MATIC", "NEWT", "PEPE",
    "SHIB", "TRX", "USDT", "XRP",
];

/// The demo assets Small Asset Convert offers: not BNB (the target), not delisted MATIC,
/// not pre-market NEWT, not FDUSD (excluded), not USDT/ETH (above the threshold).
const DEMO_DUST: [&str; 10] = [
    "ACT", "ADA", "ATOM", "DOGE", "DOT", "LINK", "PEPE", "SHIB", "TRX", "XRP",
];

fn round8(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero)
}

#[tokio::test]
async fn server_time_is_the_simulators_clock_and_fixes_the_signing_offset() {
    let env = Env::demo().await;
    env.sim.set_clock_offset_ms(3_600_000);
    let before = env.sim.now_ms();
    let t = env.client.server_time().await.expect("server time");
    let after = env.sim.now_ms();
    assert!(
        (before..=after).contains(&t.timestamp_millis()),
        "{before} <= {} <= {after}",
        t.timestamp_millis()
    );
    let offset = env.client.time_offset_ms();
    assert!((offset - 3_600_000).abs() < 1_000, "offset {offset}");
    // Signed calls now carry the sim's time: accepted at the first try.
    env.client.balances(&env.creds).await.expect("balances");
    assert_eq!(env.statuses(&protocol::ACCOUNT), [Some(200)]);
}

#[tokio::test]
async fn balances_list_every_nonzero_simulator_balance_exactly() {
    let env = Env::demo().await;
    env.sim.set_balance(KEY, "SOL", dec("0.00000001"));
    env.sim.set_balance(KEY, "DOGE", Decimal::ZERO);
    let balances = env.client.balances(&env.creds).await.expect("balances");
    let got: BTreeMap<String, Decimal> = balances
        .iter()
        .map(|b| (b.asset.as_str().to_owned(), b.free))
        .collect();
    let mut expected: BTreeSet<&str> = DEMO_ASSETS.into_iter().collect();
    expected.remove("DOGE");
    expected.insert("SOL");
    assert_eq!(
        got.keys().map(String::as_str).collect::<BTreeSet<_>>(),
        expected,
        "zero balances omitted, every other one listed"
    );
    for (a, free) in &got {
        assert_eq!(*free, env.bal(a), "{a}");
    }
    assert!(balances.iter().all(|b| b.locked.is_zero()));
    assert_eq!(got["ACT"], dec("0.005"));
    assert_eq!(got["SOL"], dec("0.00000001"));
}

#[tokio::test]
async fn user_assets_carry_the_btc_valuation_of_each_balance() {
    let env = Env::demo().await;
    let assets = env.client.user_assets(&env.creds).await.expect("assets");
    let by: BTreeMap<&str, _> = assets.iter().map(|u| (u.asset.as_str(), u)).collect();
    assert_eq!(by.keys().copied().collect::<Vec<_>>(), DEMO_ASSETS);
    for (a, u) in &by {
        assert_eq!(u.free, env.bal(a), "{a}");
        assert!(u.locked.is_zero() && u.freeze.is_zero() && u.withdrawing.is_zero());
    }
    // 1.8 ADA × 0.4512 USDT / 67250.12 USDT per BTC, 8 dp.
    assert_eq!(by["ADA"].btc_valuation, dec("0.00001208"));
    // Delisted and pre-market tokens have no live price.
    assert!(by["MATIC"].btc_valuation.is_zero());
    assert!(by["NEWT"].btc_valuation.is_zero());
    // The same valuation dust-btc shows as toBTC.
    let dust = env.client.dust_candidates(&env.creds).await.expect("dust");
    for d in &dust.details {
        assert_eq!(d.to_btc, by[d.asset.as_str()].btc_valuation, "{}", d.asset);
    }
}

#[tokio::test]
async fn dust_candidates_match_the_balances_with_a_two_percent_fee_rounded_to_8_dp() {
    let env = Env::demo().await;
    let dust = env.client.dust_candidates(&env.creds).await.expect("dust");
    let prices = env.client.prices().await.expect("prices");
    let bnb_btc = prices.by_symbol["BNBBTC"];
    let names: Vec<&str> = dust.details.iter().map(|d| d.asset.as_str()).collect();
    assert_eq!(names, DEMO_DUST);
    assert_eq!(dust.fee_rate, dec(protocol::DUST_FEE_RATE));
    for d in &dust.details {
        let a = d.asset.as_str();
        assert_eq!(d.amount_free, env.bal(a), "{a}: the whole free balance");
        assert_eq!(
            (d.target_asset.as_str(), d.fee_asset.as_str()),
            ("BNB", "BNB"),
            "{a}: to BNB, fee in BNB"
        );
        assert_eq!(d.gross, round8(d.to_btc / bnb_btc), "{a}: toBNB via BNBBTC");
        assert_eq!(d.fee, round8(d.gross * dust.fee_rate), "{a}: 2 % fee");
        assert_eq!(d.received, d.gross - d.fee, "{a}");
        assert!(
            d.to_btc < dec(assumptions::DEFAULT_DUST_THRESHOLD_BTC),
            "{a}"
        );
    }
    let ada = &dust.details[1];
    assert_eq!(ada.full_name, "Cardano");
    assert_eq!(
        (ada.to_btc, ada.gross, ada.fee, ada.received),
        (
            dec("0.00001208"),
            dec("0.00135759"),
            dec("0.00002715"),
            dec("0.00133044")
        )
    );
    let sum = |f: fn(&dustpan::ports::DustCandidate) -> Decimal| -> Decimal {
        dust.details.iter().map(f).sum()
    };
    assert_eq!(dust.total_btc, sum(|d| d.to_btc));
    assert_eq!(
        dust.total_gross,
        sum(|d| d.gross),
        "the BNB total is pre-fee"
    );
}

#[tokio::test]
async fn dust_conversion_moves_balances_exactly_and_credits_bnb_per_the_gross_switch() {
    let env = Env::demo().await;
    let before = env.client.dust_candidates(&env.creds).await.expect("dust");
    let offer: BTreeMap<&str, _> = before
        .details
        .iter()
        .map(|d| (d.asset.as_str(), d))
        .collect();
    let (ada, xrp, bnb) = (env.bal("ADA"), env.bal("XRP"), env.bal("BNB"));
    let conv = env
        .client
        .convert_dust(&env.creds, &[asset("ADA"), asset("XRP")])
        .await
        .expect("conversion");
    assert_eq!(conv.transfers.len(), 2);
    let batch_id = conv.transfers[0].batch_id.clone();
    assert!(
        !batch_id.is_empty() && batch_id.bytes().all(|b| b.is_ascii_digit()),
        "Binance's tranId, as its digits: {batch_id}"
    );
    let mut credited = Decimal::ZERO;
    for t in &conv.transfers {
        let a = t.from_asset.as_str();
        let o = offer[a];
        assert_eq!(t.batch_id, batch_id, "one tranId for the batch");
        assert_eq!(t.amount, if a == "ADA" { ada } else { xrp }, "{a}");
        assert_eq!(
            (t.target_asset.as_str(), t.fee_asset.as_str()),
            ("BNB", "BNB"),
            "{a}"
        );
        assert_eq!(t.fee, o.fee, "{a}: the fee dust-btc announced");
        // The adapter reads `transferedAmount` per the gross switch; the port reports both.
        assert_eq!(t.gross, o.gross, "{a}");
        assert_eq!(t.received, o.received, "{a}");
        assert_eq!(t.received, t.gross - t.fee, "{a}");
        credited += t.received;
    }
    let total: Decimal = conv.transfers.iter().map(|t| t.gross).sum();
    let received: Decimal = conv.transfers.iter().map(|t| t.received).sum();
    let fees: Decimal = conv.transfers.iter().map(|t| t.fee).sum();
    assert_eq!(conv.total_gross, total);
    assert_eq!(conv.total_received, received);
    assert_eq!(conv.total_fee, fees);
    assert!(env.bal("ADA").is_zero() && env.bal("XRP").is_zero());
    assert_eq!(env.bal("BNB"), bnb + credited);
    assert_eq!(env.bal("DOGE"), dec("4.2"), "assets not named stay");
    let after = env.client.dust_candidates(&env.creds).await.expect("dust");
    assert!(
        after
            .details
            .iter()
            .all(|d| !["ADA", "XRP"].contains(&d.asset.as_str()))
    );
}

#[tokio::test]
async fn dust_log_is_newest_first_keyed_by_the_tran_id_and_capped_at_100() {
    let mut config = dustpan::sim::SimConfig::demo();
    config.dust_cooldown = Duration::ZERO;
    let env = Env::with(config).await;
    let mut tran_ids = Vec::new();
    for _ in 0..=protocol::DUST_LOG_MAX_RECORDS {
        env.sim.set_balance(KEY, "ADA", dec("1.8"));
        let conv = env
            .client
            .convert_dust(&env.creds, &[asset("ADA")])
            .await
            .expect("conversion");
        tran_ids.push(conv.transfers[0].batch_id.clone());
    }
    let log = env.client.dust_log(&env.creds, None).await.expect("log");
    assert_eq!(log.len(), protocol::DUST_LOG_MAX_RECORDS);
    let newest_first: Vec<String> = tran_ids.iter().rev().take(100).cloned().collect();
    assert_eq!(
        log.iter().map(|e| e.batch_id.clone()).collect::<Vec<_>>(),
        newest_first
    );
    for e in &log {
        assert_eq!(e.details.len(), 1);
        let d = &e.details[0];
        assert_eq!(
            (d.from_asset.as_str(), d.amount, &d.batch_id),
            ("ADA", dec("1.8"), &e.batch_id)
        );
        assert_eq!(d.target_asset.as_str(), "BNB");
        assert_eq!(e.total_gross, dec("0.00135759"));
        assert_eq!(e.total_fee, dec("0.00002715"));
        assert_eq!(e.total_received, dec("0.00133044"));
    }
}

#[tokio::test]
async fn trading_rules_show_lot_size_and_delisted_and_not_yet_open_states() {
    let env = Env::demo().await;
    let rules = env.client.trading_rules().await.expect("rules");
    let act = &rules.symbols["ACTUSDT"];
    assert_eq!(
        (act.base.as_str(), act.quote.as_str(), act.status),
        ("ACT", "USDT", SymbolStatus::Trading)
    );
    assert_eq!((act.min_qty, act.step_size), (dec("0.1"), dec("0.1")));
    assert_eq!(act.min_notional, dec("5"));
    assert_eq!(act.max_notional, Some(dec("9000000")));
    for s in ["MATICUSDT", "MATICBTC", "MATICBNB"] {
        assert_eq!(rules.symbols[s].status, SymbolStatus::Offline, "{s}");
    }
    // Not open yet: BREAK too (PRE_TRADING no longer exists).
    assert_eq!(rules.symbols["NEWTUSDT"].status, SymbolStatus::Offline);
    assert_eq!(rules.symbols["BTCUSDT"].min_qty, dec("0.00001"));
    let prices = env.client.prices().await.expect("prices");
    assert_eq!(
        rules.symbols.keys().collect::<Vec<_>>(),
        prices.by_symbol.keys().collect::<Vec<_>>(),
        "one price per symbol"
    );
}

#[tokio::test]
async fn prices_are_the_simulators_last_prices() {
    let env = Env::demo().await;
    let p = env.client.prices().await.expect("prices");
    assert_eq!(p.by_symbol["ACTUSDT"], dec("0.2514"));
    assert_eq!(p.by_symbol["BTCUSDT"], dec("67250.12"));
    assert_eq!(p.by_symbol["BNBBTC"], dec("0.00889813"));
    assert!(p.by_symbol.len() > 33);
}

#[tokio::test]
async fn key_permissions_reflect_the_accounts_key_settings() {
    let mut locked = account("FAKEkeyLOCKED0001", "FAKEsecretLOCKED0001", &[]);
    locked.permissions.spot_trading = false;
    locked.permissions.withdrawals = true;
    locked.ip_whitelist = vec!["127.0.0.1".parse().expect("ip")];
    let env = Env::with(demo_plus(vec![locked])).await;
    let demo = env.client.key_permissions(&env.creds).await.expect("demo");
    assert_eq!(
        (
            demo.reading,
            demo.spot_trading,
            demo.withdrawals,
            demo.ip_restricted
        ),
        (true, true, false, false)
    );
    let other = super::creds("FAKEkeyLOCKED0001", "FAKEsecretLOCKED0001");
    let p = env.client.key_permissions(&other).await.expect("locked");
    assert_eq!(
        (p.reading, p.spot_trading, p.withdrawals, p.ip_restricted),
        (true, false, true, true)
    );
}

#[tokio::test]
async fn convert_pairs_and_precision_come_from_the_simulator() {
    let env = Env::demo().await;
    let pairs = env
        .client
        .convert_pairs(&asset("BNB"))
        .await
        .expect("pairs");
    let ada = pairs
        .iter()
        .find(|p| p.from_asset.as_str() == "ADA")
        .expect("ADA→BNB");
    // 0.1 USDT of ADA at 0.4512, rounded up to 8 dp.
    assert_eq!(ada.from_min, dec("0.22163121"));
    assert!(ada.from_min < ada.from_max && ada.to_min < ada.to_max);
    let from: BTreeSet<&str> = pairs.iter().map(|p| p.from_asset.as_str()).collect();
    assert!(!from.contains("MATIC") && !from.contains("NEWT") && !from.contains("BNB"));
    let prec = env
        .client
        .convert_precision(&env.creds)
        .await
        .expect("prec");
    let fraction: BTreeMap<&str, u32> = prec
        .iter()
        .map(|p| (p.asset.as_str(), p.fraction))
        .collect();
    assert_eq!((fraction["BTC"], fraction["SHIB"]), (8, 2));
    assert!(!fraction.contains_key("MATIC") && !fraction.contains_key("NEWT"));
}

#[tokio::test]
async fn an_accepted_quote_is_process_then_success_by_order_and_by_quote_id() {
    let env = Env::demo().await;
    let (usdt, bnb) = (env.bal("USDT"), env.bal("BNB"));
    let asked_at = env.sim.now_ms();
    let quote = env
        .client
        .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::From(dec("10"))))
        .await
        .expect("quote");
    let quote_id = quote.quote_id.clone().expect("funds suffice");
    assert_eq!(quote.from_amount, dec("10"));
    assert_eq!(
        quote.to_amount,
        (dec("10") * quote.ratio).round_dp_with_strategy(8, RoundingStrategy::ToZero)
    );
    let valid = quote.valid_until.timestamp_millis() - asked_at;
    assert!((30_000..31_000).contains(&valid), "30 s validity: {valid}");
    // Asking for a quote moves nothing.
    assert_eq!((env.bal("USDT"), env.bal("BNB")), (usdt, bnb));

    let accepted = env
        .client
        .convert_accept(&env.creds, &quote_id)
        .await
        .expect("accept");
    assert_eq!(accepted.state, ConvertOrderState::Processing);
    let order_id: u64 = accepted.order_id.parse().expect("digits");
    assert!(order_id > 1 << 53, "a real-sized order id: {order_id}");
    assert_eq!(env.bal("USDT"), usdt - quote.from_amount);
    assert_eq!(env.bal("BNB"), bnb + quote.to_amount);

    let by_order = OrderRef::OrderId(accepted.order_id.clone());
    let o = env
        .client
        .convert_order_status(&env.creds, &by_order)
        .await
        .expect("status");
    assert_eq!(o.state, ConvertOrderState::Processing);
    env.sim.advance_time(Duration::from_millis(1_500));
    let o = env
        .client
        .convert_order_status(&env.creds, &by_order)
        .await
        .expect("status");
    assert_eq!(o.state, ConvertOrderState::Succeeded);
    let by_quote = env
        .client
        .convert_order_status(&env.creds, &OrderRef::QuoteId(quote_id.clone()))
        .await
        .expect("status by quote id");
    assert_eq!(by_quote, o);
    assert_eq!(
        o.order_id, accepted.order_id,
        "the id digits survive exactly"
    );
    assert_eq!(
        (
            o.from_asset.as_str(),
            o.from_amount,
            o.to_asset.as_str(),
            o.to_amount
        ),
        ("USDT", quote.from_amount, "BNB", quote.to_amount)
    );
    assert_eq!(
        (o.ratio, o.inverse_ratio),
        (quote.ratio, quote.inverse_ratio)
    );
    assert_eq!(o.create_time, accepted.create_time);

    let now = env.sim_now();
    let flow = env
        .client
        .convert_trade_flow(&env.creds, now - chrono::Duration::days(29), now)
        .await
        .expect("trade flow");
    assert_eq!(flow.len(), 1);
    assert_eq!(flow[0].order_id, accepted.order_id);
    assert_eq!(flow[0].quote_id.as_deref(), Some(quote_id.as_str()));
    assert_eq!(flow[0].state, ConvertOrderState::Succeeded);
    assert_eq!(flow[0].to_amount, quote.to_amount);
}

#[tokio::test]
async fn a_quote_fixing_the_received_amount_debits_what_it_announced() {
    let env = Env::demo().await;
    let usdt = env.bal("USDT");
    let bnb = env.bal("BNB");
    let quote = env
        .client
        .convert_quote(&env.creds, &usdt_to_bnb(QuoteAmount::To(dec("0.01"))))
        .await
        .expect("quote");
    assert_eq!(quote.to_amount, dec("0.01"));
    assert!(quote.from_amount > dec("5") && quote.from_amount < dec("7"));
    let id = quote.quote_id.expect("funds suffice");
    env.client
        .convert_accept(&env.creds, &id)
        .await
        .expect("accept");
    assert_eq!(env.bal("USDT"), usdt - quote.from_amount);
    assert_eq!(env.bal("BNB"), bnb + dec("0.01"));
}
