//! The planner: for each dust asset, every way out the exchange allows right now, each
//! valued net in USDT, and the best one (shared/exchange/binance.md §3–5). Pure and
//! deterministic, so it is property-tested over generated markets.
//!
//! Values stay in USDT here on purpose: the user's minimums are set in USD (≈ USDT), so
//! "not worth it" compares like with like, and the best option does not depend on the
//! display currency (converting is a positive scale). Only the screens convert, through
//! [`crate::service::currency::Shown`].

use std::collections::BTreeMap;

use rust_decimal::{Decimal, RoundingStrategy};
use rust_decimal_macros::dec;

use crate::domain::{Asset, floor_to_step};
use crate::ports::{ConvertPair, DustCandidate, Prices, SymbolRules, SymbolStatus, TradingRules};

/// The currency every option is valued in internally. USDT: every listed asset has a
/// `<ASSET>USDT` market on Binance, so values need no second hop. The user's display
/// currency is applied on the screens only.
pub const VALUE_CURRENCY: &str = "USDT";

/// The spot taker fee the planner charges a market sell: Binance's standard 0.1 %
/// (the regular-user tier, no BNB discount). Reading the account's own `commissionRates`
/// would cost a 20-weight signed call per `/dust`; the standard rate is the honest default.
pub const SPOT_TAKER_FEE: Decimal = dec!(0.001);

/// The spread assumed inside a Spot Convert ratio before a quote is asked for. The
/// exchange shows no fee field (binance.md §4.3); 0.2 % is what quotes carry in practice
/// and what the simulator uses. The confirm screen always shows the quote's real spread.
pub const ASSUMED_CONVERT_SPREAD: Decimal = dec!(0.002);

/// Decimal places assumed for a Convert amount when `convert/assetInfo` is not at hand
/// (the wallet's own precision: balances carry 8 decimals).
pub const DEFAULT_FRACTION: u32 = 8;

/// One way out of a dust balance.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Method {
    /// Small Asset Convert to BNB (2 % fee, one batch per cooldown period).
    SmallAssetBnb,
    /// Small-asset convert to the user's target (Binance's Dust Convert): the same
    /// cooldown as [`Method::SmallAssetBnb`], so a plan holds one of the two batches.
    SmallAssetTarget,
    /// Spot Convert (flash swap) to the target asset (spread inside the rate, minimums).
    SpotConvert,
    /// A spot market sell (taker fee; only when LOT_SIZE and NOTIONAL pass).
    MarketSell,
    /// Leave it where it is: nothing received now.
    Leave,
}

/// One available option with its estimated result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOption {
    /// How.
    pub method: Method,
    /// The quantity of the asset that leaves (rounded down to what the method allows).
    pub amount: Decimal,
    /// The estimated proceeds.
    pub receive: Decimal,
    /// The asset received (the asset itself for [`Method::Leave`]).
    pub receive_asset: Asset,
    /// Proceeds valued in [`VALUE_CURRENCY`].
    pub net_value: Decimal,
    /// The spot symbol of a market sell.
    pub symbol: Option<String>,
}

/// Why Spot Convert is not available for a balance that has a pair: below its minimum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvertShortfall {
    /// The pair's minimum amount given.
    pub min: Decimal,
    /// How much more of the asset would reach it.
    pub top_up: Decimal,
    /// The top-up's approximate cost in [`VALUE_CURRENCY`] (unknown without a price).
    pub top_up_value: Option<Decimal>,
}

/// Every option for one asset and the recommended one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssetPlan {
    /// The asset.
    pub asset: Asset,
    /// Its free balance.
    pub free: Decimal,
    /// The options available now; [`Method::Leave`] is always last.
    pub options: Vec<PlanOption>,
    /// Index of the recommended option in `options`.
    pub best: usize,
    /// Spot Convert is possible for this asset but the balance is below the minimum.
    pub convert_shortfall: Option<ConvertShortfall>,
}

impl AssetPlan {
    /// The recommended option.
    pub fn recommended(&self) -> &PlanOption {
        &self.options[self.best]
    }
}

/// What the exchange allows right now, shared by every asset of one plan.
#[derive(Debug, Clone, Copy)]
pub struct Market<'a> {
    /// Spot trading rules.
    pub rules: &'a TradingRules,
    /// Last prices.
    pub prices: &'a Prices,
    /// Small Asset Convert candidates (dust-btc).
    pub bnb_candidates: &'a [DustCandidate],
    /// Small-asset convert candidates to `target`, as the exchange quoted them (Binance:
    /// `dust-convert/query-convertible-assets`); empty when the target is BNB or not offered.
    pub target_candidates: &'a [DustCandidate],
    /// Whether the small-asset cooldown (one for both batches) allows a conversion now.
    pub bnb_ready: bool,
    /// Spot Convert pairs into `target`.
    pub pairs: &'a [ConvertPair],
    /// Convert amount precision by asset (missing: [`DEFAULT_FRACTION`]).
    pub fractions: &'a BTreeMap<String, u32>,
    /// The Spot Convert target (the user's `/settings target`).
    pub target: &'a Asset,
    /// The spot taker fee.
    pub taker_fee: Decimal,
    /// The spread assumed in a Convert ratio.
    pub convert_spread: Decimal,
}

/// The value of `qty` of `asset` in USDT from last prices: `<ASSET>USDT`, `USDT<ASSET>`
/// (fiat such as TRY), or through BTC (`<ASSET>BTC`, or `BTC<ASSET>` for fiat such as EUR).
pub fn usdt_value(asset: &str, qty: Decimal, prices: &Prices) -> Option<Decimal> {
    const V: &str = VALUE_CURRENCY;
    if asset == V {
        return Some(qty);
    }
    let p = &prices.by_symbol;
    let positive = |s: String| p.get(&s).copied().filter(|d| *d > Decimal::ZERO);
    if let Some(px) = positive(format!("{asset}{V}")) {
        return qty.checked_mul(px);
    }
    if let Some(inv) = positive(format!("{V}{asset}")) {
        return qty.checked_div(inv);
    }
    let btc_usdt = positive(format!("BTC{V}"))?;
    if let Some(via_btc) = positive(format!("{asset}BTC")) {
        return qty.checked_mul(via_btc)?.checked_mul(btc_usdt);
    }
    let btc_in_asset = positive(format!("BTC{asset}"))?;
    qty.checked_div(btc_in_asset)?.checked_mul(btc_usdt)
}

/// Whether a market sell of `qty` at `price` passes the symbol's LOT_SIZE and NOTIONAL
/// filters (binance.md §5).
pub fn sell_passes(qty: Decimal, price: Decimal, s: &SymbolRules) -> bool {
    // A notional beyond Decimal's range is an absurd answer, not a sale.
    let Some(notional) = qty.checked_mul(price) else {
        return false;
    };
    s.status == SymbolStatus::Trading
        && qty > Decimal::ZERO
        && qty >= s.min_qty
        && qty <= s.max_qty
        && floor_to_step(qty, s.step_size) == qty.normalize()
        && notional >= s.min_notional
        && s.max_notional.is_none_or(|m| notional <= m)
}

fn bnb_option(asset: &Asset, m: &Market) -> Option<PlanOption> {
    batch_option(asset, m.bnb_candidates, Method::SmallAssetBnb, m)
}

/// A small-asset batch's option for `asset`: the amount the exchange quoted after its own
/// fee (never a fee rate of ours), valued at last prices.
fn batch_option(
    asset: &Asset,
    candidates: &[DustCandidate],
    method: Method,
    m: &Market,
) -> Option<PlanOption> {
    if !m.bnb_ready {
        return None;
    }
    let c = candidates.iter().find(|c| &c.asset == asset)?;
    let value = usdt_value(c.target_asset.as_str(), c.received, m.prices)?;
    Some(PlanOption {
        method,
        amount: c.amount_free,
        receive: c.received,
        receive_asset: c.target_asset.clone(),
        net_value: value,
        symbol: None,
    })
}

/// The Spot Convert option, or the shortfall when the balance is under the pair's minimum.
fn convert_option(
    asset: &Asset,
    free: Decimal,
    m: &Market,
) -> (Option<PlanOption>, Option<ConvertShortfall>) {
    if asset == m.target {
        return (None, None);
    }
    let Some(pair) = m
        .pairs
        .iter()
        .find(|p| &p.from_asset == asset && &p.to_asset == m.target)
    else {
        return (None, None);
    };
    let fraction = m
        .fractions
        .get(asset.as_str())
        .copied()
        .unwrap_or(DEFAULT_FRACTION);
    let amount = free
        .round_dp_with_strategy(fraction, RoundingStrategy::ToZero)
        .min(pair.from_max);
    if amount < pair.from_min || amount.is_zero() {
        let Some(top_up) = pair.from_min.checked_sub(amount) else {
            return (None, None);
        };
        let shortfall = ConvertShortfall {
            min: pair.from_min,
            top_up,
            top_up_value: usdt_value(asset.as_str(), top_up, m.prices),
        };
        return (None, Some(shortfall));
    }
    let (Some(from_usdt), Some(target_usdt)) = (
        usdt_value(asset.as_str(), amount, m.prices),
        usdt_value(m.target.as_str(), Decimal::ONE, m.prices),
    ) else {
        return (None, None);
    };
    let to_fraction = m
        .fractions
        .get(m.target.as_str())
        .copied()
        .unwrap_or(DEFAULT_FRACTION);
    // Checked: exchange values may be absurd; such an option is simply not offered.
    let Some(receive) = Decimal::ONE
        .checked_sub(m.convert_spread)
        .and_then(|keep| from_usdt.checked_mul(keep))
        .and_then(|v| v.checked_div(target_usdt))
        .map(|v| v.round_dp_with_strategy(to_fraction, RoundingStrategy::ToZero))
    else {
        return (None, None);
    };
    if receive < pair.to_min || receive > pair.to_max || receive.is_zero() {
        return (None, None);
    }
    let value = usdt_value(m.target.as_str(), receive, m.prices).unwrap_or_default();
    let option = PlanOption {
        method: Method::SpotConvert,
        amount,
        receive,
        receive_asset: m.target.clone(),
        net_value: value,
        symbol: None,
    };
    (Some(option), None)
}

/// The best market sell over every TRADING market of the asset that takes the balance.
fn sell_option(asset: &Asset, free: Decimal, m: &Market) -> Option<PlanOption> {
    let mut best: Option<PlanOption> = None;
    for s in m.rules.symbols.values().filter(|s| &s.base == asset) {
        let qty = floor_to_step(free, s.step_size);
        let Some(price) = m.prices.by_symbol.get(&s.symbol).copied() else {
            continue;
        };
        if !sell_passes(qty, price, s) {
            continue;
        }
        let Some(receive) = Decimal::ONE
            .checked_sub(m.taker_fee)
            .and_then(|keep| qty.checked_mul(price)?.checked_mul(keep))
        else {
            continue;
        };
        let Some(value) = usdt_value(s.quote.as_str(), receive, m.prices) else {
            continue;
        };
        if best.as_ref().is_none_or(|b| value > b.net_value) {
            best = Some(PlanOption {
                method: Method::MarketSell,
                amount: qty,
                receive,
                receive_asset: s.quote.clone(),
                net_value: value,
                symbol: Some(s.symbol.clone()),
            });
        }
    }
    best
}

/// Every option for `free` of `asset` and the recommended one: the highest net value,
/// ties going to the earlier method (BNB, to target, Convert, sell, leave). Both small-asset
/// batches are offered side by side here; [`plan_all`] keeps one of them per plan.
pub fn plan_asset(asset: &Asset, free: Decimal, m: &Market) -> AssetPlan {
    let mut options = Vec::new();
    options.extend(bnb_option(asset, m));
    options.extend(batch_option(
        asset,
        m.target_candidates,
        Method::SmallAssetTarget,
        m,
    ));
    let (convert, shortfall) = convert_option(asset, free, m);
    options.extend(convert);
    options.extend(sell_option(asset, free, m));
    options.push(PlanOption {
        method: Method::Leave,
        amount: Decimal::ZERO,
        receive: Decimal::ZERO,
        receive_asset: asset.clone(),
        net_value: Decimal::ZERO,
        symbol: None,
    });
    let mut best = 0;
    for (i, o) in options.iter().enumerate() {
        if o.net_value > options[best].net_value {
            best = i;
        }
    }
    AssetPlan {
        asset: asset.clone(),
        free,
        options,
        best,
        convert_shortfall: shortfall,
    }
}

/// One small-asset batch as a plan would run it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchFigures {
    /// The asset received.
    pub asset: Asset,
    /// The assets the batch takes.
    pub count: usize,
    /// What the exchange quoted after its fee, summed.
    pub received: Decimal,
    /// The exchange's quoted fee, summed, in `asset`.
    pub fee: Decimal,
    /// The whole plan's net value with this batch, in [`VALUE_CURRENCY`].
    pub worth: Decimal,
    /// What the batch receives, valued in the user's target at last prices (unknown when
    /// the prices cannot value it).
    pub in_target: Option<Decimal>,
}

/// Which small-asset batch a plan holds, and the figures behind the choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchChoice {
    /// [`Method::SmallAssetBnb`] or [`Method::SmallAssetTarget`].
    pub route: Method,
    /// The plan with the BNB batch.
    pub bnb: BatchFigures,
    /// The plan with the batch to the target.
    pub target: BatchFigures,
}

impl BatchChoice {
    /// The figures of the batch chosen, then of the other.
    pub fn chosen_and_other(&self) -> (&BatchFigures, &BatchFigures) {
        match self.route {
            Method::SmallAssetTarget => (&self.target, &self.bnb),
            _ => (&self.bnb, &self.target),
        }
    }
}

/// Every asset's plan, and the small-asset batch chosen when there were two to choose from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planned {
    /// One plan per asset, in the order asked.
    pub plans: Vec<AssetPlan>,
    /// `None` when only the BNB batch was on offer.
    pub batch: Option<BatchChoice>,
}

/// The net value of every recommendation; a sum past Decimal's range reads as the most.
pub fn plan_worth(plans: &[AssetPlan]) -> Decimal {
    plans
        .iter()
        .filter(|p| p.recommended().method != Method::Leave)
        .map(|p| p.recommended().net_value)
        .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
        .unwrap_or(Decimal::MAX)
}

fn figures(
    plans: &[AssetPlan],
    method: Method,
    asset: &Asset,
    candidates: &[DustCandidate],
    m: &Market,
) -> BatchFigures {
    let mut f = BatchFigures {
        asset: asset.clone(),
        count: 0,
        received: Decimal::ZERO,
        fee: Decimal::ZERO,
        worth: plan_worth(plans),
        in_target: None,
    };
    let mut value = Decimal::ZERO;
    for p in plans.iter().filter(|p| p.recommended().method == method) {
        f.count += 1;
        f.received = f.received.saturating_add(p.recommended().receive);
        value = value.saturating_add(p.recommended().net_value);
        if let Some(c) = candidates.iter().find(|c| c.asset == p.asset) {
            f.fee = f.fee.saturating_add(c.fee);
        }
    }
    f.in_target = usdt_value(m.target.as_str(), Decimal::ONE, m.prices)
        .and_then(|unit| value.checked_div(unit))
        .map(|v| v.round_dp_with_strategy(8, RoundingStrategy::ToZero));
    f
}

/// The plan of every `(asset, free)`. The two small-asset batches share one cooldown, so
/// the choice between them is per batch, not per asset: the whole plan is made once with
/// each batch, and the one worth more is kept (the BNB batch on a tie, the classic one).
pub fn plan_all(assets: &[(Asset, Decimal)], m: &Market) -> Planned {
    let plan_with = |m: &Market| -> Vec<AssetPlan> {
        assets
            .iter()
            .map(|(a, free)| plan_asset(a, *free, m))
            .collect()
    };
    let with_bnb = Market {
        target_candidates: &[],
        ..*m
    };
    if m.target_candidates.is_empty() || !m.bnb_ready {
        return Planned {
            plans: plan_with(&with_bnb),
            batch: None,
        };
    }
    let with_target = Market {
        bnb_candidates: &[],
        ..*m
    };
    let (bnb_plans, target_plans) = (plan_with(&with_bnb), plan_with(&with_target));
    let bnb_asset = m.bnb_candidates.first().map_or_else(
        || Asset::parse("BNB").unwrap_or_else(|_| m.target.clone()),
        |c| c.target_asset.clone(),
    );
    let bnb = figures(
        &bnb_plans,
        Method::SmallAssetBnb,
        &bnb_asset,
        m.bnb_candidates,
        m,
    );
    let target = figures(
        &target_plans,
        Method::SmallAssetTarget,
        m.target,
        m.target_candidates,
        m,
    );
    let (route, plans) = if target.worth > bnb.worth {
        (Method::SmallAssetTarget, target_plans)
    } else {
        (Method::SmallAssetBnb, bnb_plans)
    };
    Planned {
        plans,
        batch: Some(BatchChoice { route, bnb, target }),
    }
}
