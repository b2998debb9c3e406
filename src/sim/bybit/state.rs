//! The Bybit simulator's state: the spot market, accounts with balances, small-balance
//! quotes and records, orders, the per-UID and per-IP windows, the clock and faults.

use std::collections::{BTreeMap, HashMap, VecDeque};

use rust_decimal::Decimal;

use super::config::{BybitExecution, BybitSimConfig};
use crate::bybit::protocol;
use crate::sim::AccountSpec;
use crate::sim::common::{SimState, d, index_by_key};

/// One spot symbol `{base}USDT`.
#[derive(Debug, Clone)]
pub struct Symbol {
    /// e.g. `XRPUSDT`.
    pub symbol: String,
    /// Base coin.
    pub base: String,
    /// Last price in USDT.
    pub price: Decimal,
    /// Quantity step (`basePrecision`).
    pub step: Decimal,
    /// Minimum quantity (`minOrderQty`, deprecated but sent).
    pub min_qty: Decimal,
    /// `Trading`, `Closed`, `PreLaunch`.
    pub status: &'static str,
}

/// The built-in market: (base, price, step, status).
const MARKET: &[(&str, &str, &str, &str)] = &[
    ("BTC", "60000", "0.000001", protocol::SYMBOL_TRADING),
    ("ETH", "3000", "0.00001", protocol::SYMBOL_TRADING),
    ("MNT", "0.8", "0.01", protocol::SYMBOL_TRADING),
    ("USDC", "1", "0.01", protocol::SYMBOL_TRADING),
    ("XRP", "0.55", "0.01", protocol::SYMBOL_TRADING),
    ("SOL", "150", "0.001", protocol::SYMBOL_TRADING),
    ("ADA", "0.45", "0.01", protocol::SYMBOL_TRADING),
    ("DOGE", "0.12", "0.1", protocol::SYMBOL_TRADING),
    ("TRX", "0.12", "0.1", protocol::SYMBOL_TRADING),
    ("DOT", "6.5", "0.01", protocol::SYMBOL_TRADING),
    ("LINK", "14", "0.01", protocol::SYMBOL_TRADING),
    ("PEPE", "0.000009", "1", protocol::SYMBOL_TRADING),
    ("ATOM", "7.5", "0.01", protocol::SYMBOL_TRADING),
    ("AVAX", "30", "0.001", protocol::SYMBOL_TRADING),
    ("NEAR", "5", "0.01", protocol::SYMBOL_TRADING),
    ("FIL", "4", "0.01", protocol::SYMBOL_TRADING),
    ("LTC", "80", "0.0001", protocol::SYMBOL_TRADING),
    ("ALGO", "0.2", "0.1", protocol::SYMBOL_TRADING),
    ("APT", "9", "0.01", protocol::SYMBOL_TRADING),
    ("ARB", "0.9", "0.01", protocol::SYMBOL_TRADING),
    ("OP", "1.8", "0.01", protocol::SYMBOL_TRADING),
    ("SUI", "1.5", "0.01", protocol::SYMBOL_TRADING),
    // Delisted: not sellable, not convertible.
    ("LUNA", "0.5", "0.01", "Closed"),
];

/// The minimum order amount in USDT of every simulated symbol (bybit.md §4 example: "5";
/// one value serves here).
pub const MIN_ORDER_AMT: &str = "5";
/// The taker fee of a spot market order, charged in USDT on a sell (not in bybit.md; a
/// round 0.1 % for the simulation).
pub const TAKER_FEE: &str = "0.001";

/// The built-in symbols.
pub fn market() -> BTreeMap<String, Symbol> {
    MARKET
        .iter()
        .map(|(base, price, step, status)| {
            let symbol = format!("{base}USDT");
            (
                symbol.clone(),
                Symbol {
                    symbol,
                    base: (*base).to_owned(),
                    price: d(price),
                    step: d(step),
                    min_qty: d(step),
                    status,
                },
            )
        })
        .collect()
}

/// One coin of a quote or record.
#[derive(Debug, Clone)]
pub struct Leg {
    /// Coin converted.
    pub coin: String,
    /// Quantity.
    pub amount: Decimal,
    /// USDT value.
    pub usdt: Decimal,
    /// Target received, net of the fee.
    pub to_amount: Decimal,
    /// Fee in the target.
    pub fee: Decimal,
    /// target per coin.
    pub rate: Decimal,
    /// `success`/`failure` once final; `processing` before.
    pub status: &'static str,
}

/// A small-balance quote.
#[derive(Debug, Clone)]
pub struct SimQuote {
    /// The account's index.
    pub account: usize,
    /// Target.
    pub to_coin: String,
    /// Per coin.
    pub legs: Vec<Leg>,
    /// ms.
    pub created: i64,
    /// ms.
    pub expires: i64,
    /// Executed already.
    pub used: bool,
}

/// One executed conversion.
#[derive(Debug, Clone)]
pub struct Record {
    /// The quote id.
    pub id: String,
    /// Target.
    pub to_coin: String,
    /// Per coin.
    pub legs: Vec<Leg>,
    /// `processing`, then `success` / `partial_fulfillment` / `failure`.
    pub status: &'static str,
    /// When executed, ms.
    pub created: i64,
    /// When it stops processing, ms.
    pub finishes: i64,
    /// How it ends.
    pub outcome: BybitExecution,
}

/// One spot order.
#[derive(Debug, Clone)]
pub struct Order {
    /// 19 digits, a string on the wire.
    pub order_id: String,
    /// Ours.
    pub order_link_id: String,
    /// Symbol.
    pub symbol: String,
    /// Quantity asked.
    pub qty: Decimal,
    /// Executed.
    pub exec_qty: Decimal,
    /// Executed value in USDT.
    pub exec_value: Decimal,
    /// Fee in USDT.
    pub fee: Decimal,
    /// `Filled`, ….
    pub status: &'static str,
    /// ms.
    pub time: i64,
}

/// One account.
#[derive(Debug)]
pub struct Account {
    /// Its spec (key, permissions, IP list).
    pub spec: AccountSpec,
    /// Wallet balances (Unified).
    pub balances: BTreeMap<String, Decimal>,
    /// Conversions, oldest first.
    pub records: Vec<Record>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
}

impl Account {
    /// Balance (0 when never held).
    pub fn free(&self, coin: &str) -> Decimal {
        self.balances.get(coin).copied().unwrap_or_default()
    }

    /// Adds (or with a negative amount removes) a balance.
    pub fn add(&mut self, coin: &str, amount: Decimal) {
        *self.balances.entry(coin.to_owned()).or_default() += amount;
    }
}

/// A fault armed on `METHOD path`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BybitFault {
    /// Answer HTTP 500 without doing anything.
    ServerErrorBeforeApply,
    /// Do the work, then answer HTTP 500 (a lost answer).
    ServerErrorAfterApply,
    /// Do the work, then hold the answer `slow_ms` (a client timeout).
    SlowAfterApply,
    /// Answer retCode 10016 "Server error." without doing anything.
    RetCodeServerError,
    /// Answer, then move the sim clock past the quote's 30 s (a client too slow to execute).
    ExpireAfter,
}

/// Everything, under one lock.
#[derive(Debug)]
pub struct State {
    /// Settings.
    pub config: BybitSimConfig,
    /// Symbols by name.
    pub market: BTreeMap<String, Symbol>,
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Account index by API key.
    pub by_key: HashMap<String, usize>,
    /// Quotes by id.
    pub quotes: HashMap<String, SimQuote>,
    /// Sim clock offset from system time.
    pub offset_ms: i64,
    /// Per (path, key): request times in the last second.
    pub uid_windows: HashMap<(String, String), VecDeque<i64>>,
    /// Per IP: request times in the last 5 s, and a ban's end.
    pub ip_windows: HashMap<String, (VecDeque<i64>, i64)>,
    /// Armed faults: (method, path) → (fault, times left).
    pub faults: HashMap<(String, String), (BybitFault, u32)>,
    /// Every request: method, path, HTTP status, retCode.
    pub log: Vec<(String, String, u16, i64)>,
    next_id: u64,
}

impl State {
    /// A fresh state.
    pub fn new(config: BybitSimConfig) -> Self {
        let accounts: Vec<Account> = config
            .accounts
            .iter()
            .map(|spec| Account {
                balances: spec.balances.clone(),
                spec: spec.clone(),
                records: Vec::new(),
                orders: Vec::new(),
            })
            .collect();
        let by_key = index_by_key(accounts.iter().map(|a| &a.spec));
        Self {
            config,
            market: market(),
            accounts,
            by_key,
            quotes: HashMap::new(),
            offset_ms: 0,
            uid_windows: HashMap::new(),
            ip_windows: HashMap::new(),
            faults: HashMap::new(),
            log: Vec::new(),
            next_id: 0,
        }
    }

    /// The sim clock, ms.
    pub fn now_ms(&self) -> i64 {
        chrono::Utc::now().timestamp_millis() + self.offset_ms
    }

    /// A fresh 28-digit quote id (bybit.md §6.2), a string on the wire.
    pub fn quote_id(&mut self) -> String {
        self.next_id += 1;
        format!("10100751576025{:014}", self.next_id)
    }

    /// A fresh 19-digit order id (bybit.md §8).
    pub fn order_id(&mut self) -> String {
        self.next_id += 1;
        format!("{}", 1_321_003_749_386_000_000_u64 + self.next_id)
    }

    /// The USDT price of `coin` on a trading symbol (1 for USDT itself).
    pub fn usdt_price(&self, coin: &str) -> Option<Decimal> {
        if coin == "USDT" {
            return Some(Decimal::ONE);
        }
        self.market
            .get(&format!("{coin}USDT"))
            .filter(|s| s.status == protocol::SYMBOL_TRADING)
            .map(|s| s.price)
    }

    /// Ends every execution whose processing time is over: coins that fail are given back,
    /// the target is credited for those that convert.
    pub fn settle(&mut self, now: i64) {
        for a in &mut self.accounts {
            let mut credits: Vec<(String, Decimal)> = Vec::new();
            for r in a
                .records
                .iter_mut()
                .filter(|r| r.status == protocol::STATUS_PROCESSING && r.finishes <= now)
            {
                let n = r.legs.len();
                for (i, leg) in r.legs.iter_mut().enumerate() {
                    let fails = match r.outcome {
                        BybitExecution::Success => false,
                        BybitExecution::Partial => i + 1 == n,
                        BybitExecution::Failure => true,
                    };
                    if fails {
                        leg.status = protocol::STATUS_FAILURE;
                        credits.push((leg.coin.clone(), leg.amount));
                        leg.to_amount = Decimal::ZERO;
                        leg.fee = Decimal::ZERO;
                    } else {
                        leg.status = protocol::STATUS_SUCCESS;
                        credits.push((r.to_coin.clone(), leg.to_amount));
                    }
                }
                let ok = r
                    .legs
                    .iter()
                    .filter(|l| l.status == protocol::STATUS_SUCCESS)
                    .count();
                r.status = match ok {
                    0 => protocol::STATUS_FAILURE,
                    k if k == n => protocol::STATUS_SUCCESS,
                    _ => protocol::STATUS_PARTIAL,
                };
            }
            for (coin, amount) in credits {
                a.add(&coin, amount);
            }
        }
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

/// A key is read-only when it may neither trade nor convert.
pub fn read_write(spec: &AccountSpec) -> bool {
    spec.permissions.spot_trading || spec.convert_approved
}
