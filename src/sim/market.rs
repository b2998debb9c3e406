//! The built-in market: assets, prices and trading rules the simulator serves
//! (binance.md §5). Data lives in code so `dustpan sim` needs no files.

use std::collections::BTreeMap;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};

/// Where an asset stands on the exchange (binance.md §5 "Delisted and pre-market").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listing {
    /// Trading normally: symbols `TRADING`.
    Listed,
    /// Delisted but still held: every symbol `BREAK`, absent from dust-btc.
    Delisted,
    /// Announced, not open yet: symbols `BREAK` (`PRE_TRADING` no longer exists; what Binance
    /// shows before a listing opens is UNCONFIRMED), not sellable, absent from dust-btc.
    PreMarket,
    /// Trading paused: symbols `HALT`, not sellable, absent from dust-btc.
    Halted,
    /// Closed for the day: symbols `END_OF_DAY`, not sellable, absent from dust-btc.
    EndOfDay,
    /// Cancellations only: symbols `CANCEL_ONLY`, not sellable, absent from dust-btc.
    CancelOnly,
}

/// One asset of the built-in market.
#[derive(Debug, Clone)]
pub struct AssetDef {
    /// Ticker, e.g. `ADA`.
    pub asset: &'static str,
    /// Full name as `assetFullName` shows it.
    pub full_name: &'static str,
    /// Price in USDT.
    pub usdt_price: Decimal,
    /// Listing state.
    pub listing: Listing,
    /// Whether Small Asset Convert accepts it (a tradeable asset may still be excluded).
    pub dust_convertible: bool,
    /// LOT_SIZE / MARKET_LOT_SIZE minQty.
    pub min_qty: Decimal,
    /// LOT_SIZE / MARKET_LOT_SIZE stepSize.
    pub step: Decimal,
    /// Also quoted against BTC.
    pub vs_btc: bool,
    /// Also quoted against BNB.
    pub vs_bnb: bool,
    /// `fraction` in convert/assetInfo.
    pub fraction: u32,
}

/// One spot symbol.
#[derive(Debug, Clone)]
pub struct SymbolDef {
    /// e.g. `ACTUSDT`.
    pub symbol: String,
    /// Base asset.
    pub base: &'static str,
    /// Quote asset.
    pub quote: &'static str,
    /// One of the `protocol::SYMBOL_STATUS_*` values.
    pub status: &'static str,
    /// Price in the quote asset, 8 dp.
    pub price: Decimal,
    /// LOT_SIZE minQty.
    pub min_qty: Decimal,
    /// LOT_SIZE stepSize.
    pub step: Decimal,
    /// NOTIONAL minNotional in the quote asset.
    pub min_notional: Decimal,
}

/// The market: assets in display order plus their symbols.
#[derive(Debug, Clone)]
pub struct Market {
    assets: Vec<AssetDef>,
    symbols: Vec<SymbolDef>,
    by_symbol: BTreeMap<String, usize>,
}

fn d(s: &str) -> Decimal {
    // Only called on the literals below, which are valid decimals.
    Decimal::from_str(s).unwrap_or_default()
}

/// The spot quote assets: BTC/BNB pairs exist only where `vs_btc`/`vs_bnb` say so.
const QUOTE_USDT: &str = "USDT";

type Row = (
    &'static str,
    &'static str,
    &'static str,
    Listing,
    bool,
    &'static str,
    &'static str,
    bool,
    bool,
    u32,
);

use Listing::{Delisted, Listed, PreMarket};

// (asset, full name, USDT price, listing, dust-convertible, minQty, step, vs BTC, vs BNB, fraction)
#[rustfmt::skip]
const ROWS: &[Row] = &[
    ("BTC", "Bitcoin", "67250.12", Listed, true, "0.00001", "0.00001", false, false, 8),
    ("ETH", "Ethereum", "3480.55", Listed, true, "0.0001", "0.0001", true, false, 8),
    ("BNB", "BNB", "598.40", Listed, false, "0.001", "0.001", true, false, 8),
    ("USDT", "TetherUS", "1", Listed, true, "1", "1", false, false, 8),
    ("USDC", "USD Coin", "1.0001", Listed, true, "1", "1", false, false, 8),
    ("FDUSD", "First Digital USD", "0.9998", Listed, false, "1", "1", false, false, 8),
    ("ADA", "Cardano", "0.4512", Listed, true, "0.1", "0.1", true, true, 8),
    ("XRP", "Ripple", "0.5234", Listed, true, "0.1", "0.1", true, true, 8),
    ("DOGE", "Dogecoin", "0.15321", Listed, true, "1", "1", true, false, 8),
    ("SOL", "Solana", "148.37", Listed, true, "0.001", "0.001", true, true, 8),
    ("DOT", "Polkadot", "6.512", Listed, true, "0.01", "0.01", true, true, 8),
    ("TRX", "TRON", "0.1234", Listed, true, "0.1", "0.1", true, true, 8),
    ("LTC", "Litecoin", "81.45", Listed, true, "0.001", "0.001", true, true, 8),
    ("LINK", "Chainlink", "14.23", Listed, true, "0.01", "0.01", true, false, 8),
    ("POL", "Polygon Ecosystem Token", "0.5521", Listed, true, "0.1", "0.1", true, false, 8),
    ("MATIC", "Polygon", "0.3812", Delisted, true, "0.1", "0.1", true, true, 8),
    ("ATOM", "Cosmos", "8.123", Listed, true, "0.01", "0.01", true, true, 8),
    ("ACT", "Act I : The AI Prophecy", "0.2514", Listed, true, "0.1", "0.1", false, false, 8),
    ("SHIB", "SHIBA INU", "0.00001812", Listed, true, "1", "1", false, false, 2),
    ("PEPE", "Pepe", "0.00000951", Listed, true, "1", "1", false, false, 2),
    ("AVAX", "Avalanche", "29.87", Listed, true, "0.01", "0.01", true, true, 8),
    ("UNI", "Uniswap", "9.214", Listed, true, "0.01", "0.01", true, false, 8),
    ("XLM", "Stellar Lumens", "0.1123", Listed, true, "1", "1", true, false, 8),
    ("NEAR", "NEAR Protocol", "5.487", Listed, true, "0.1", "0.1", true, false, 8),
    ("FIL", "Filecoin", "4.982", Listed, true, "0.01", "0.01", true, false, 8),
    ("APT", "Aptos", "8.541", Listed, true, "0.01", "0.01", true, false, 8),
    ("ARB", "Arbitrum", "0.8921", Listed, true, "0.1", "0.1", true, false, 8),
    ("OP", "Optimism", "1.987", Listed, true, "0.01", "0.01", true, false, 8),
    ("SUI", "Sui", "1.214", Listed, true, "0.1", "0.1", true, false, 8),
    ("BCH", "Bitcoin Cash", "452.3", Listed, true, "0.001", "0.001", true, true, 8),
    ("ETC", "Ethereum Classic", "25.12", Listed, true, "0.01", "0.01", true, false, 8),
    ("TON", "Toncoin", "6.523", Listed, true, "0.01", "0.01", true, false, 8),
    ("NEWT", "Newton Protocol", "0.4", PreMarket, false, "0.1", "0.1", false, false, 8),
];

/// Minimum notional of a symbol, by quote asset (binance.md §5 NOTIONAL: 5 USDT, 0.0001 BTC).
fn min_notional(quote: &str) -> Decimal {
    match quote {
        "BTC" => d("0.0001"),
        "BNB" => d("0.01"),
        _ => d("5"),
    }
}

fn status_of(listing: Listing) -> &'static str {
    use crate::binance::protocol as p;
    match listing {
        Listed => p::SYMBOL_STATUS_TRADING,
        Delisted | PreMarket => p::SYMBOL_STATUS_BREAK,
        Listing::Halted => p::SYMBOL_STATUS_HALT,
        Listing::EndOfDay => p::SYMBOL_STATUS_END_OF_DAY,
        Listing::CancelOnly => p::SYMBOL_STATUS_CANCEL_ONLY,
    }
}

impl Market {
    /// The built-in market of 33 assets.
    pub fn builtin() -> Self {
        let assets: Vec<AssetDef> = ROWS
            .iter()
            .map(|r| AssetDef {
                asset: r.0,
                full_name: r.1,
                usdt_price: d(r.2),
                listing: r.3,
                dust_convertible: r.4,
                min_qty: d(r.5),
                step: d(r.6),
                vs_btc: r.7,
                vs_bnb: r.8,
                fraction: r.9,
            })
            .collect();
        let mut m = Market {
            assets,
            symbols: Vec::new(),
            by_symbol: BTreeMap::new(),
        };
        let mut symbols = Vec::new();
        for a in &m.assets {
            let mut quotes = Vec::new();
            if a.asset != QUOTE_USDT {
                quotes.push(QUOTE_USDT);
            }
            if a.vs_btc {
                quotes.push("BTC");
            }
            if a.vs_bnb {
                quotes.push("BNB");
            }
            for q in quotes {
                let Some(price) = m.cross(a.asset, q) else {
                    continue;
                };
                symbols.push(SymbolDef {
                    symbol: format!("{}{}", a.asset, q),
                    base: a.asset,
                    quote: q,
                    status: status_of(a.listing),
                    price,
                    min_qty: a.min_qty,
                    step: a.step,
                    min_notional: min_notional(q),
                });
            }
        }
        m.by_symbol = symbols
            .iter()
            .enumerate()
            .map(|(i, s)| (s.symbol.clone(), i))
            .collect();
        m.symbols = symbols;
        m
    }

    /// Moves `asset` to `listing`, with every symbol it is the base of; `false` when unknown.
    pub fn set_listing(&mut self, asset: &str, listing: Listing) -> bool {
        let Some(def) = self.assets.iter_mut().find(|a| a.asset == asset) else {
            return false;
        };
        def.listing = listing;
        for s in self.symbols.iter_mut().filter(|s| s.base == asset) {
            s.status = status_of(listing);
        }
        true
    }

    /// All assets in display order.
    pub fn assets(&self) -> &[AssetDef] {
        &self.assets
    }

    /// One asset.
    pub fn asset(&self, asset: &str) -> Option<&AssetDef> {
        self.assets.iter().find(|a| a.asset == asset)
    }

    /// All symbols.
    pub fn symbols(&self) -> &[SymbolDef] {
        &self.symbols
    }

    /// One symbol by name.
    pub fn symbol(&self, symbol: &str) -> Option<&SymbolDef> {
        self.by_symbol
            .get(symbol)
            .and_then(|i| self.symbols.get(*i))
    }

    /// Price of `base` in `quote`, 8 dp, as the `<BASE><QUOTE>` ticker would show it.
    pub fn cross(&self, base: &str, quote: &str) -> Option<Decimal> {
        let b = self.asset(base)?.usdt_price;
        let q = self.asset(quote)?.usdt_price;
        let p = b.checked_div(q)?;
        Some(p.round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero))
    }

    /// Value of `amount` of `asset` in BTC, 8 dp (binance.md §3.1 `toBTC`).
    pub fn to_btc(&self, asset: &str, amount: Decimal) -> Option<Decimal> {
        let a = self.asset(asset)?.usdt_price;
        let btc = self.asset("BTC")?.usdt_price;
        let v = amount.checked_mul(a)?.checked_div(btc)?;
        Some(v.round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero))
    }
}

/// Rounds to 8 dp, nearest (binance.md §3.1: the fee is rounded, not truncated).
pub fn round8(v: Decimal) -> Decimal {
    v.round_dp_with_strategy(8, RoundingStrategy::MidpointAwayFromZero)
}

/// An amount as Binance prints balances and prices: exactly 8 decimals (binance.md §5).
pub fn fixed8(v: Decimal) -> String {
    let mut r = round8(v);
    r.rescale(8);
    r.to_string()
}

/// An amount without padding, as the wallet and convert endpoints print them.
pub fn plain(v: Decimal) -> String {
    v.normalize().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn act_usdt_has_the_seed_case_lot_size() {
        let m = Market::builtin();
        let s = m.symbol("ACTUSDT").expect("ACTUSDT");
        assert_eq!(s.min_qty, d("0.1"));
        assert_eq!(s.step, d("0.1"));
        assert!(m.assets().len() >= 30);
        assert_eq!(m.symbol("MATICUSDT").map(|s| s.status), Some("BREAK"));
        assert_eq!(m.symbol("NEWTUSDT").map(|s| s.status), Some("BREAK"));
        let mut m = m;
        assert!(m.set_listing("ADA", Listing::Halted));
        assert_eq!(m.symbol("ADABTC").map(|s| s.status), Some("HALT"));
        assert!(m.set_listing("ADA", Listing::EndOfDay));
        assert_eq!(m.symbol("ADAUSDT").map(|s| s.status), Some("END_OF_DAY"));
        assert!(!m.set_listing("NOPE", Listing::Halted));
    }
}
