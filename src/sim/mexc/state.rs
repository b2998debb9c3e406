//! The MEXC simulator's state: the market (symbols vs USDT with MEXC's plain-field limits),
//! accounts with balances, dust log and orders, per-endpoint budgets, the clock and faults.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use super::config::MexcSimConfig;
use crate::mexc::protocol;
use crate::sim::AccountSpec;
use crate::sim::common::{SimState, d, index_by_key};

/// One listed symbol `{base}USDT`.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// e.g. `ADAUSDT`.
    pub symbol: String,
    /// Base asset.
    pub base: String,
    /// Last price in USDT.
    pub price: Decimal,
    /// Decimal places of a quantity (`baseAssetPrecision`).
    pub base_precision: u32,
    /// Minimum quantity (`baseSizePrecision`).
    pub min_qty: Decimal,
    /// Minimum amount in USDT (`quoteAmountPrecision`, also for market orders).
    pub min_amount: Decimal,
    /// `"1"` online, `"2"` paused, `"3"` offline.
    pub status: &'static str,
}

/// The built-in market: (base, price, baseAssetPrecision, min qty, status).
const MARKET: &[(&str, &str, u32, &str, &str)] = &[
    ("MX", "2.5", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("BTC", "60000", 6, "0.000001", protocol::SYMBOL_ONLINE),
    ("ETH", "3000", 5, "0.00001", protocol::SYMBOL_ONLINE),
    ("ADA", "0.45", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("XRP", "0.55", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("DOGE", "0.12", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("TRX", "0.12", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("DOT", "6.5", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("LINK", "14", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("ATOM", "7.5", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("SHIB", "0.000018", 0, "1", protocol::SYMBOL_ONLINE),
    ("PEPE", "0.000009", 0, "1", protocol::SYMBOL_ONLINE),
    ("ACT", "0.2", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("FIL", "4", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("LTC", "80", 4, "0.0001", protocol::SYMBOL_ONLINE),
    ("SOL", "150", 3, "0.001", protocol::SYMBOL_ONLINE),
    ("ALGO", "0.2", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("OMG", "0.3", 2, "0.01", protocol::SYMBOL_ONLINE),
    ("AVAX", "30", 3, "0.001", protocol::SYMBOL_ONLINE),
    ("NEAR", "5", 2, "0.01", protocol::SYMBOL_ONLINE),
    // Paused: not sellable, not convertible.
    ("LUNA", "0.5", 2, "0.01", protocol::SYMBOL_PAUSED),
    // Offline (delisted).
    ("MATIC", "0.4", 2, "0.01", protocol::SYMBOL_OFFLINE),
];

/// The minimum order amount in USDT of every simulated symbol (a docs example shows "5"
/// for MXUSDT; one value serves here).
pub const MIN_AMOUNT_USDT: &str = "1";

/// The built-in symbols.
pub fn market() -> BTreeMap<String, Symbol> {
    MARKET
        .iter()
        .map(|(base, price, prec, min, status)| {
            let symbol = format!("{base}USDT");
            (
                symbol.clone(),
                Symbol {
                    symbol,
                    base: (*base).to_owned(),
                    price: d(price),
                    base_precision: *prec,
                    min_qty: d(min),
                    min_amount: d(MIN_AMOUNT_USDT),
                    status,
                },
            )
        })
        .collect()
}

/// One asset of a dust-log batch.
#[derive(Debug, Clone)]
pub struct DustDetail {
    /// 32-hex id.
    pub id: String,
    /// Asset converted.
    pub asset: String,
    /// Quantity converted.
    pub amount: Decimal,
    /// MX credited, net of the fee.
    pub convert: Decimal,
    /// Fee in MX.
    pub fee: Decimal,
}

/// One dust transfer.
#[derive(Debug, Clone)]
pub struct DustBatch {
    /// ms.
    pub time: i64,
    /// Per asset, in the order sent.
    pub details: Vec<DustDetail>,
}

/// One spot order.
#[derive(Debug, Clone)]
pub struct Order {
    /// Opaque id (digits, as a string on the wire).
    pub order_id: String,
    /// Client order id.
    pub client_order_id: String,
    /// Symbol.
    pub symbol: String,
    /// BUY/SELL.
    pub side: String,
    /// MARKET/LIMIT.
    pub kind: String,
    /// Limit price (0 for market orders).
    pub price: Decimal,
    /// Quantity asked.
    pub orig_qty: Decimal,
    /// Executed.
    pub executed_qty: Decimal,
    /// Quote executed.
    pub quote_qty: Decimal,
    /// NEW/FILLED/….
    pub status: String,
    /// ms.
    pub time: i64,
}

/// One account.
#[derive(Debug)]
pub struct Account {
    /// Its spec (key, permissions, IP list).
    pub spec: AccountSpec,
    /// Free balances.
    pub balances: BTreeMap<String, Decimal>,
    /// Dust transfers, oldest first.
    pub dust_log: Vec<DustBatch>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
}

impl Account {
    /// Free balance (0 when never held).
    pub fn free(&self, asset: &str) -> Decimal {
        self.balances.get(asset).copied().unwrap_or_default()
    }

    /// Adds (or with a negative amount removes) a free balance.
    pub fn add(&mut self, asset: &str, amount: Decimal) {
        *self.balances.entry(asset.to_owned()).or_default() += amount;
    }
}

/// A fault armed on `METHOD path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MexcFault {
    /// Answer 500 without doing anything.
    ServerErrorBeforeApply,
    /// Do the work, then answer 500 (a lost answer: the outcome is unknown to the client).
    ServerErrorAfterApply,
}

/// Everything, under one lock.
#[derive(Debug)]
pub struct State {
    /// Settings.
    pub config: MexcSimConfig,
    /// Symbols by name.
    pub market: BTreeMap<String, Symbol>,
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Account index by API key.
    pub by_key: HashMap<String, usize>,
    /// Sim clock offset from system time.
    pub offset_ms: i64,
    /// Budgets: (method, path, who) → (window start, weight used).
    pub budgets: HashMap<(String, String, String), (i64, u32)>,
    /// Armed faults: (method, path) → (fault, times left).
    pub faults: HashMap<(String, String), (MexcFault, u32)>,
    /// Every request: method, path, status.
    pub log: Vec<(String, String, u16)>,
    next_id: u64,
}

impl State {
    /// A fresh state.
    pub fn new(config: MexcSimConfig) -> Self {
        let accounts: Vec<Account> = config
            .accounts
            .iter()
            .map(|spec| Account {
                balances: spec.balances.clone(),
                spec: spec.clone(),
                dust_log: Vec::new(),
                orders: Vec::new(),
            })
            .collect();
        let by_key = index_by_key(accounts.iter().map(|a| &a.spec));
        Self {
            config,
            market: market(),
            accounts,
            by_key,
            offset_ms: 0,
            budgets: HashMap::new(),
            faults: HashMap::new(),
            log: Vec::new(),
            next_id: 1,
        }
    }

    /// The sim clock, ms.
    pub fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis() + self.offset_ms
    }

    /// A fresh 32-hex id (dust log).
    pub fn hex_id(&mut self) -> String {
        self.next_id += 1;
        let digest = Sha256::digest(format!("mexc-sim-{}-{}", self.next_id, self.now_ms()));
        hex::encode(&digest[..16])
    }

    /// A fresh numeric-looking order id (a string on the wire, mexc.md §7).
    pub fn order_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}", 133_734_823_834_147_272_u64 + self.next_id)
    }

    /// The USDT price of `asset` on an online symbol (1 for USDT itself).
    pub fn usdt_price(&self, asset: &str) -> Option<Decimal> {
        if asset == "USDT" {
            return Some(Decimal::ONE);
        }
        self.market
            .get(&format!("{asset}USDT"))
            .filter(|s| s.status == protocol::SYMBOL_ONLINE)
            .map(|s| s.price)
    }
}

impl SimState for State {
    fn offset_ms(&mut self) -> &mut i64 {
        &mut self.offset_ms
    }

    fn now_ms(&self) -> i64 {
        State::now_ms(self)
    }

    fn account(
        &mut self,
        api_key: &str,
    ) -> Option<(&mut AccountSpec, &mut BTreeMap<String, Decimal>)> {
        let idx = *self.by_key.get(api_key)?;
        let a = self.accounts.get_mut(idx)?;
        Some((&mut a.spec, &mut a.balances))
    }
}
