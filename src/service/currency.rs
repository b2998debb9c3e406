//! The user's display currency (`/settings currency`). Values are computed in USDT (the
//! planner's unit, and the unit of the USD minimums) and converted only when shown,
//! through the shared cached prices: `<X>USDT`, `USDT<X>`, or through BTC.

use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::Asset;
use crate::ports::Prices;
use crate::service::format::usd;
use crate::service::planner::{VALUE_CURRENCY, usdt_value};

/// Fiat currencies and USD/EUR stablecoins: shown with 2 decimals like money. Anything
/// else (BTC, ETH, BNB…) is shown like a crypto amount, up to 8 decimals.
const FIAT_LIKE: &[&str] = &[
    "USDT", "USDC", "FDUSD", "TUSD", "BUSD", "DAI", "USDP", "USD1", "PYUSD", "EURI", "AEUR", "EUR",
    "GBP", "TRY", "BRL", "ARS", "AUD", "JPY", "RUB", "UAH", "PLN", "RON", "ZAR", "MXN", "COP",
    "CZK", "IDR", "NGN", "CHF", "CAD", "USD",
];

/// Decimal places of a crypto value (one satoshi for BTC).
const CRYPTO_DP: u32 = 8;

/// Values shown in one currency: USDT amounts converted at one price snapshot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    currency: Asset,
    /// The USDT value of one unit of `currency` (positive).
    unit_usdt: Decimal,
}

impl Default for Shown {
    fn default() -> Self {
        Self::usdt()
    }
}

impl Shown {
    /// Values shown in USDT, as they are computed.
    pub fn usdt() -> Self {
        Self {
            currency: Asset::usdt(),
            unit_usdt: Decimal::ONE,
        }
    }

    /// Values shown in `currency`, or `None` when the prices cannot value USDT in it.
    pub fn new(currency: &Asset, prices: &Prices) -> Option<Self> {
        let unit_usdt = usdt_value(currency.as_str(), Decimal::ONE, prices)?;
        (unit_usdt > Decimal::ZERO).then(|| Self {
            currency: currency.clone(),
            unit_usdt,
        })
    }

    /// The currency.
    pub fn currency(&self) -> &Asset {
        &self.currency
    }

    /// `usdt` in this currency.
    pub fn value(&self, usdt: Decimal) -> Decimal {
        if self.currency.as_str() == VALUE_CURRENCY {
            return usdt;
        }
        usdt.checked_div(self.unit_usdt).unwrap_or_default()
    }

    /// `usdt` converted and formatted: `$0.40` for USDT (dustpan's dollar convention),
    /// `0.37 EUR` for fiat-like currencies, `0.00000612 BTC` for crypto.
    pub fn show(&self, usdt: Decimal) -> String {
        money(self.value(usdt), &self.currency)
    }
}

/// A value already in `currency`, formatted for it.
pub fn money(v: Decimal, currency: &Asset) -> String {
    let c = currency.as_str();
    if c == VALUE_CURRENCY {
        return format!("${}", usd(v));
    }
    if FIAT_LIKE.contains(&c) {
        return format!("{} {c}", usd(v));
    }
    format!("{} {c}", crypto(v))
}

/// Up to 8 decimals, trailing zeros dropped; a nonzero value below that keeps 2
/// significant digits so it never reads as 0.
fn crypto(v: Decimal) -> String {
    let r = v.round_dp_with_strategy(CRYPTO_DP, RoundingStrategy::MidpointAwayFromZero);
    if r.is_zero() && !v.is_zero() {
        return usd(v);
    }
    r.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn prices(pairs: &[(&str, Decimal)]) -> Prices {
        Prices {
            by_symbol: pairs.iter().map(|(s, p)| ((*s).to_owned(), *p)).collect(),
        }
    }

    fn a(s: &str) -> Asset {
        Asset::parse(s).unwrap()
    }

    #[test]
    fn values_are_converted_and_read_like_their_currency() {
        let p = prices(&[
            ("BTCUSDT", dec!(50000)),
            ("EURUSDT", dec!(1.25)),
            ("USDTTRY", dec!(32)),
            ("BTCBRL", dec!(250000)),
        ]);
        assert_eq!(Shown::usdt().show(dec!(0.404)), "$0.40");
        let btc = Shown::new(&a("BTC"), &p).unwrap();
        assert_eq!(btc.value(dec!(1)), dec!(0.00002));
        assert_eq!(btc.show(dec!(1)), "0.00002 BTC");
        assert_eq!(btc.show(dec!(0.30612345)), "0.00000612 BTC");
        assert_eq!(btc.show(dec!(0.0001)), "0.000000002 BTC");
        assert_eq!(Shown::new(&a("EUR"), &p).unwrap().show(dec!(1)), "0.80 EUR");
        assert_eq!(
            Shown::new(&a("TRY"), &p).unwrap().show(dec!(1)),
            "32.00 TRY"
        );
        // Through BTC: 1 USDT = 1/50000 BTC = 5 BRL.
        assert_eq!(Shown::new(&a("BRL"), &p).unwrap().show(dec!(1)), "5.00 BRL");
        assert_eq!(Shown::new(&a("XYZ"), &p), None);
    }
}
