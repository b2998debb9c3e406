//! The planner over generated markets: the recommendation is never worth less than another
//! available option, amounts are rounded down to the step, and a recommended market sell
//! always passes LOT_SIZE and NOTIONAL; Spot Convert goes into the generated target (USDT or
//! ETH) and is valued at its price.

use std::collections::BTreeMap;

use dustpan::domain::{Asset, floor_to_step};
use dustpan::ports::{ConvertPair, DustCandidate, Prices, SymbolRules, SymbolStatus, TradingRules};
use dustpan::service::planner::{Market, Method, plan_all, plan_asset, plan_worth, sell_passes};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn asset(s: &str) -> Asset {
    Asset::parse(s).unwrap()
}

/// A positive decimal with up to `max_scale` places.
fn dec(max_mantissa: i64, max_scale: u32) -> impl Strategy<Value = Decimal> {
    (1..=max_mantissa, 0..=max_scale).prop_map(|(m, s)| Decimal::new(m, s))
}

#[derive(Debug, Clone)]
struct Gen {
    free: Decimal,
    step_scale: u32,
    min_steps: i64,
    min_notional: Decimal,
    price: Decimal,
    status_trading: bool,
    btc_market: Option<(Decimal, u32, Decimal)>,
    btc_usdt: Decimal,
    bnb: Option<Decimal>,
    bnb_ready: bool,
    bnb_usdt: Decimal,
    pair_min: Option<Decimal>,
    fraction: u32,
    /// The Spot Convert target: ETH at this USDT price, or USDT when `None`.
    eth_target: Option<Decimal>,
}

fn markets() -> impl Strategy<Value = Gen> {
    (
        (
            dec(10_000_000_000, 8),
            0u32..=4,
            1i64..=50,
            dec(1000, 2),
            dec(10_000_000, 6),
        ),
        (
            any::<bool>(),
            proptest::option::of((dec(100_000, 8), 0u32..=3, dec(100, 4))),
            dec(10_000_000, 2),
        ),
        (
            proptest::option::of(dec(1_000_000, 8)),
            any::<bool>(),
            dec(100_000, 2),
            proptest::option::of(dec(100_000, 4)),
            0u32..=8,
            proptest::option::of(dec(100_000_000, 2)),
        ),
    )
        .prop_map(
            |(
                (free, step_scale, min_steps, min_notional, price),
                (status_trading, btc_market, btc_usdt),
                (bnb, bnb_ready, bnb_usdt, pair_min, fraction, eth_target),
            )| Gen {
                free,
                step_scale,
                min_steps,
                min_notional,
                price,
                status_trading,
                btc_market,
                btc_usdt,
                bnb,
                bnb_ready,
                bnb_usdt,
                pair_min,
                fraction,
                eth_target,
            },
        )
}

fn symbol(
    name: &str,
    quote: &str,
    step: Decimal,
    min_qty: Decimal,
    min_notional: Decimal,
    trading: bool,
) -> SymbolRules {
    SymbolRules {
        symbol: name.into(),
        base: asset("AAA"),
        quote: asset(quote),
        status: if trading {
            SymbolStatus::Trading
        } else {
            SymbolStatus::Offline
        },
        min_qty,
        max_qty: Decimal::new(9_000_000_000, 0),
        step_size: step,
        min_notional,
        max_notional: None,
    }
}

struct World {
    target: Asset,
    rules: TradingRules,
    prices: Prices,
    bnb: Vec<DustCandidate>,
    pairs: Vec<ConvertPair>,
    fractions: BTreeMap<String, u32>,
}

fn world(g: &Gen) -> World {
    let step = Decimal::new(1, g.step_scale);
    let mut rules = TradingRules::default();
    let mut prices = Prices::default();
    rules.symbols.insert(
        "AAAUSDT".into(),
        symbol(
            "AAAUSDT",
            "USDT",
            step,
            step * Decimal::from(g.min_steps),
            g.min_notional,
            g.status_trading,
        ),
    );
    prices.by_symbol.insert("AAAUSDT".into(), g.price);
    prices.by_symbol.insert("BTCUSDT".into(), g.btc_usdt);
    prices.by_symbol.insert("BNBUSDT".into(), g.bnb_usdt);
    let target = match g.eth_target {
        Some(p) => {
            prices.by_symbol.insert("ETHUSDT".into(), p);
            asset("ETH")
        }
        None => asset("USDT"),
    };
    if let Some((p, s, mn)) = g.btc_market {
        let st = Decimal::new(1, s);
        rules
            .symbols
            .insert("AAABTC".into(), symbol("AAABTC", "BTC", st, st, mn, true));
        prices.by_symbol.insert("AAABTC".into(), p);
    }
    let bnb = g
        .bnb
        .map(|net| DustCandidate {
            asset: asset("AAA"),
            full_name: "Triple A".into(),
            amount_free: g.free,
            to_btc: Decimal::ZERO,
            target_asset: asset("BNB"),
            gross: net,
            received: net,
            fee: Decimal::ZERO,
            fee_asset: asset("BNB"),
        })
        .into_iter()
        .collect();
    let pairs = g
        .pair_min
        .map(|min| ConvertPair {
            from_asset: asset("AAA"),
            to_asset: target.clone(),
            from_min: min,
            from_max: Decimal::new(1_000_000_000, 0),
            to_min: Decimal::new(1, 8),
            to_max: Decimal::new(1_000_000_000_000, 0),
        })
        .into_iter()
        .collect();
    let mut fractions = BTreeMap::new();
    fractions.insert("AAA".to_owned(), g.fraction);
    World {
        target,
        rules,
        prices,
        bnb,
        pairs,
        fractions,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn the_recommendation_is_never_worth_less_than_another_option(g in markets()) {
        let w = world(&g);
        let target = w.target.clone();
        let m = Market {
            rules: &w.rules,
            prices: &w.prices,
            bnb_candidates: &w.bnb,
            target_candidates: &[],
            bnb_ready: g.bnb_ready,
            pairs: &w.pairs,
            fractions: &w.fractions,
            target: &target,
            taker_fee: Decimal::new(1, 3),
            convert_spread: Decimal::new(2, 3),
        };
        let plan = plan_asset(&asset("AAA"), g.free, &m);
        let best = plan.recommended();
        for o in &plan.options {
            prop_assert!(best.net_value >= o.net_value, "{best:?} < {o:?}");
        }
        prop_assert_eq!(plan.options.last().map(|o| o.method), Some(Method::Leave));
        // BNB only when the cooldown allows it.
        prop_assert!(g.bnb_ready || plan.options.iter().all(|o| o.method != Method::SmallAssetBnb));
        for o in &plan.options {
            prop_assert!(o.amount <= g.free);
            match o.method {
                Method::MarketSell => {
                    let s = &w.rules.symbols[o.symbol.as_deref().unwrap()];
                    // Rounded down to the step, and passing every filter.
                    prop_assert_eq!(o.amount, floor_to_step(g.free, s.step_size));
                    let price = w.prices.by_symbol[&s.symbol];
                    prop_assert!(sell_passes(o.amount, price, s));
                    prop_assert!(o.amount >= s.min_qty);
                    prop_assert!(o.amount * price >= s.min_notional);
                    prop_assert_eq!(s.status, SymbolStatus::Trading);
                }
                Method::SpotConvert => {
                    prop_assert!(o.amount.normalize().scale() <= g.fraction);
                    prop_assert!(o.amount >= w.pairs[0].from_min);
                    let cap = w.pairs[0].from_max;
                    prop_assert_eq!(o.amount, floor_amount(g.free, g.fraction).min(cap));
                    // Into the user's target, valued in USDT at the target's price.
                    prop_assert_eq!(&o.receive_asset, &target);
                    let unit = g.eth_target.unwrap_or(Decimal::ONE);
                    prop_assert_eq!(o.net_value, o.receive * unit);
                }
                _ => {}
            }
        }
        if best.method == Method::MarketSell {
            let s = &w.rules.symbols[best.symbol.as_deref().unwrap()];
            prop_assert!(sell_passes(best.amount, w.prices.by_symbol[&s.symbol], s));
        }
        if let Some(short) = &plan.convert_shortfall {
            prop_assert!(plan.options.iter().all(|o| o.method != Method::SpotConvert));
            prop_assert_eq!(short.top_up + floor_amount(g.free, g.fraction), short.min);
        }
    }
}

/// The small-asset batch to the target as the exchange would quote it for AAA.
fn to_target(g: &Gen, target: &Asset, net: Option<Decimal>) -> Vec<DustCandidate> {
    net.map(|net| DustCandidate {
        asset: asset("AAA"),
        full_name: "Triple A".into(),
        amount_free: g.free,
        to_btc: Decimal::ZERO,
        target_asset: target.clone(),
        gross: net,
        received: net,
        fee: Decimal::ZERO,
        fee_asset: target.clone(),
    })
    .into_iter()
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn one_small_asset_batch_is_kept_the_one_the_whole_plan_is_worth_more_with(
        g in markets(),
        to_net in proptest::option::of(dec(1_000_000, 8)),
    ) {
        let w = world(&g);
        let target = w.target.clone();
        let to = to_target(&g, &target, to_net);
        let m = Market {
            rules: &w.rules,
            prices: &w.prices,
            bnb_candidates: &w.bnb,
            target_candidates: &to,
            bnb_ready: g.bnb_ready,
            pairs: &w.pairs,
            fractions: &w.fractions,
            target: &target,
            taker_fee: Decimal::new(1, 3),
            convert_spread: Decimal::new(2, 3),
        };
        let assets = [(asset("AAA"), g.free)];
        let planned = plan_all(&assets, &m);
        let with_bnb = plan_all(&assets, &Market { target_candidates: &[], ..m });
        let with_target = plan_all(&assets, &Market { bnb_candidates: &[], ..m });
        let (bnb_worth, target_worth) = (plan_worth(&with_bnb.plans), plan_worth(&with_target.plans));
        prop_assert_eq!(plan_worth(&planned.plans), bnb_worth.max(target_worth));
        // Never both batches in one plan: one cooldown.
        for p in &planned.plans {
            let batches = p.options.iter().filter(|o| {
                matches!(o.method, Method::SmallAssetBnb | Method::SmallAssetTarget)
            });
            prop_assert!(batches.count() <= 1, "{:?}", p.options);
        }
        match &planned.batch {
            Some(c) if c.route == Method::SmallAssetTarget => prop_assert!(target_worth > bnb_worth),
            Some(c) => prop_assert!(bnb_worth >= target_worth, "{c:?}"),
            // Only one batch on offer (or none can run now).
            None => prop_assert!(to.is_empty() || !g.bnb_ready),
        }
    }
}

#[test]
fn a_tie_between_the_two_batches_keeps_the_bnb_one() {
    let g = Gen {
        free: Decimal::new(5, 3),
        step_scale: 1,
        min_steps: 1,
        min_notional: Decimal::new(5, 0),
        price: Decimal::new(2514, 4),
        status_trading: true,
        btc_market: None,
        btc_usdt: Decimal::new(67250, 0),
        bnb: Some(Decimal::new(2, 6)),
        bnb_ready: true,
        bnb_usdt: Decimal::new(600, 0),
        pair_min: None,
        fraction: 8,
        eth_target: None,
    };
    let w = world(&g);
    let target = asset("USDT");
    // 0.000002 BNB at 600 = 0.0012 USDT either way.
    let to = to_target(&g, &target, Some(Decimal::new(12, 4)));
    let m = Market {
        rules: &w.rules,
        prices: &w.prices,
        bnb_candidates: &w.bnb,
        target_candidates: &to,
        bnb_ready: true,
        pairs: &w.pairs,
        fractions: &w.fractions,
        target: &target,
        taker_fee: Decimal::new(1, 3),
        convert_spread: Decimal::new(2, 3),
    };
    let planned = plan_all(&[(asset("AAA"), g.free)], &m);
    assert_eq!(planned.plans[0].recommended().method, Method::SmallAssetBnb);
    let c = planned.batch.expect("two batches weighed");
    assert_eq!(c.route, Method::SmallAssetBnb);
    assert_eq!(c.bnb.worth, c.target.worth);
    // One more quoted sat of USDT tips it.
    let to = to_target(&g, &target, Some(Decimal::new(120_000_001, 11)));
    let planned = plan_all(
        &[(asset("AAA"), g.free)],
        &Market {
            target_candidates: &to,
            ..m
        },
    );
    assert_eq!(
        planned.plans[0].recommended().method,
        Method::SmallAssetTarget
    );
}

fn floor_amount(free: Decimal, fraction: u32) -> Decimal {
    free.round_dp_with_strategy(fraction, rust_decimal::RoundingStrategy::ToZero)
}

#[test]
fn a_sell_below_lot_size_is_never_offered() {
    let g = Gen {
        free: Decimal::new(5, 3),
        step_scale: 1,
        min_steps: 1,
        min_notional: Decimal::new(5, 0),
        price: Decimal::new(2514, 4),
        status_trading: true,
        btc_market: None,
        btc_usdt: Decimal::new(67250, 0),
        bnb: Some(Decimal::new(22, 7)),
        bnb_ready: true,
        bnb_usdt: Decimal::new(5984, 1),
        pair_min: Some(Decimal::new(39777248, 8)),
        fraction: 8,
        eth_target: None,
    };
    let w = world(&g);
    let target = asset("USDT");
    let m = Market {
        rules: &w.rules,
        prices: &w.prices,
        bnb_candidates: &w.bnb,
        target_candidates: &[],
        bnb_ready: true,
        pairs: &w.pairs,
        fractions: &w.fractions,
        target: &target,
        taker_fee: Decimal::new(1, 3),
        convert_spread: Decimal::new(2, 3),
    };
    // The seed case (ACT 0.005): no sell, Convert below its minimum, BNB is the way out.
    let plan = plan_asset(&asset("AAA"), g.free, &m);
    assert_eq!(plan.recommended().method, Method::SmallAssetBnb);
    assert!(plan.options.iter().all(|o| o.method != Method::MarketSell));
    let short = plan.convert_shortfall.expect("shortfall");
    assert_eq!(short.top_up, Decimal::new(39277248, 8));
}
