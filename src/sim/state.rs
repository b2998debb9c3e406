//! The simulator's mutable world: accounts, quotes, orders, dust log, weights, faults and
//! the sim clock. One mutex guards it, so each request is atomic (no await inside).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rust_decimal::Decimal;

use super::config::{AccountSpec, SimConfig};
use super::faults::Faults;
use super::market::Market;
use super::weights::Weights;

/// One line of a dust batch (binance.md §3.3 `userAssetDribbletDetails`).
#[derive(Debug, Clone)]
pub struct DustDetail {
    /// Per-line id.
    pub trans_id: i64,
    /// Asset removed.
    pub from_asset: String,
    /// Quantity removed.
    pub amount: Decimal,
    /// `transferedAmount` as reported.
    pub transfered: Decimal,
    /// Fee in BNB.
    pub fee: Decimal,
    /// The asset received (`targetAsset`): BNB for `/asset/dust`.
    pub target_asset: String,
}

/// One `/asset/dust` call (binance.md §3.2–3.3).
#[derive(Debug, Clone)]
pub struct DustBatch {
    /// The batch's `tranId` / `transId`.
    pub trans_id: i64,
    /// When it happened (ms).
    pub operate_time: i64,
    /// Sum of `transferedAmount`.
    pub total_transfered: Decimal,
    /// Sum of fees.
    pub total_fee: Decimal,
    /// Lines.
    pub details: Vec<DustDetail>,
}

/// A quote handed out by getQuote with a `quoteId` (binance.md §4.3).
#[derive(Debug, Clone)]
pub struct Quote {
    /// Owner account index.
    pub account: usize,
    /// From asset.
    pub from_asset: String,
    /// To asset.
    pub to_asset: String,
    /// Debited.
    pub from_amount: Decimal,
    /// Credited.
    pub to_amount: Decimal,
    /// toAsset per fromAsset.
    pub ratio: Decimal,
    /// 1 / ratio.
    pub inverse_ratio: Decimal,
    /// Expiry (ms).
    pub valid_until: i64,
    /// Accepted already.
    pub accepted: bool,
}

/// An accepted convert order (binance.md §4.4–4.6).
#[derive(Debug, Clone)]
pub struct Order {
    /// Numeric order id (> 2^53, like real ones).
    pub order_id: u64,
    /// The quote it came from.
    pub quote_id: u64,
    /// Owner.
    pub account: usize,
    /// The quote's numbers.
    pub quote: Quote,
    /// Accept time (ms).
    pub create_time: i64,
}

/// One account's live state.
#[derive(Debug, Clone)]
pub struct Account {
    /// The configured key, permissions and starting balances.
    pub spec: AccountSpec,
    /// Live free balances.
    pub balances: BTreeMap<String, Decimal>,
    /// Time of the last dust conversion (ms).
    pub last_dust_ms: Option<i64>,
    /// Time of the last Dust Convert conversion (ms), when its cooldown is separate.
    pub last_dust_convert_ms: Option<i64>,
    /// Dust Convert answers by `clientId` (binance-dust-convert.md §3).
    pub dust_convert_by_client_id: HashMap<String, serde_json::Value>,
    /// Dust batches, oldest first.
    pub dust_log: Vec<DustBatch>,
    /// Key creation time (ms), shown by apiRestrictions.
    pub created_ms: i64,
    /// Spot orders, oldest first.
    pub spot_orders: Vec<SpotOrderRec>,
    /// Count on the ORDERS limiter (new orders placed).
    pub orders_placed: u32,
    /// When each Spot Convert quote of the last 24 hours was given (ms), oldest first.
    pub quote_times: std::collections::VecDeque<i64>,
}

impl Account {
    /// Free balance of `asset` (zero when absent).
    pub fn free(&self, asset: &str) -> Decimal {
        self.balances.get(asset).copied().unwrap_or_default()
    }

    /// Adds `delta` (may be negative) to `asset`.
    pub fn add(&mut self, asset: &str, delta: Decimal) {
        let e = self.balances.entry(asset.to_string()).or_default();
        *e += delta;
    }
}

/// Everything behind the mutex.
#[derive(Debug)]
pub struct State {
    /// The market.
    pub market: Market,
    /// Accounts.
    pub accounts: Vec<Account>,
    /// Key → account index.
    pub by_key: HashMap<String, usize>,
    /// Configuration (dust rules, processing delay...).
    pub config: SimConfig,
    /// Weight buckets.
    pub weights: Weights,
    /// Fault switches and request log.
    pub faults: Faults,
    /// Sim clock offset from system time (ms).
    pub offset_ms: i64,
    /// Quotes by id.
    pub quotes: HashMap<u64, Quote>,
    /// Orders, oldest first.
    pub orders: Vec<Order>,
    next_quote_id: u64,
    next_order_id: u64,
    next_tran_id: i64,
}

fn system_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Duration in ms, saturating.
pub fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl State {
    /// A fresh world from `config`.
    pub fn new(config: SimConfig) -> Self {
        let now = system_ms();
        let accounts: Vec<Account> = config
            .accounts
            .iter()
            .map(|spec| Account {
                spec: spec.clone(),
                balances: spec.balances.clone(),
                last_dust_ms: None,
                last_dust_convert_ms: None,
                dust_convert_by_client_id: HashMap::new(),
                dust_log: Vec::new(),
                // Keys "created" a month ago.
                created_ms: now - 30 * 24 * 3_600_000,
                spot_orders: Vec::new(),
                orders_placed: 0,
                quote_times: std::collections::VecDeque::new(),
            })
            .collect();
        let by_key = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.spec.api_key.clone(), i))
            .collect();
        Self {
            market: Market::builtin(),
            accounts,
            by_key,
            weights: Weights::new(config.limits),
            config,
            faults: Faults::default(),
            offset_ms: 0,
            quotes: HashMap::new(),
            orders: Vec::new(),
            // Realistic magnitudes (binance.md §3.2, §4.3–4.4 examples).
            next_quote_id: 12_415_572_564,
            next_order_id: 933_256_278_426_274_426,
            next_tran_id: 2_970_932_918,
        }
    }

    /// The sim clock (ms since the epoch).
    pub fn now_ms(&self) -> i64 {
        system_ms().saturating_add(self.offset_ms)
    }

    /// A fresh quote id.
    pub fn quote_id(&mut self) -> u64 {
        self.next_quote_id += 1;
        self.next_quote_id
    }

    /// A fresh order id.
    pub fn order_id(&mut self) -> u64 {
        self.next_order_id += 1;
        self.next_order_id
    }

    /// A fresh dust transfer id (increasing int64).
    pub fn tran_id(&mut self) -> i64 {
        self.next_tran_id += 1;
        self.next_tran_id
    }
}

/// The shared handle to the state.
#[derive(Debug)]
pub struct Shared(Mutex<State>, std::sync::atomic::AtomicU64);

impl Shared {
    /// Wraps a state.
    pub fn new(state: State) -> Self {
        Self(Mutex::new(state), std::sync::atomic::AtomicU64::new(0))
    }

    /// Adds time spent handling a request (benchmarks subtract the simulator's own time).
    pub fn add_busy(&self, d: std::time::Duration) {
        let nanos = u64::try_from(d.as_nanos()).unwrap_or(u64::MAX);
        self.1
            .fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
    }

    /// Total time spent handling requests.
    pub fn busy(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.1.load(std::sync::atomic::Ordering::Relaxed))
    }

    /// Locks; a panic elsewhere must not wedge the simulator.
    pub fn lock(&self) -> MutexGuard<'_, State> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// One spot order kept by an account.
#[derive(Debug, Clone)]
pub struct SpotOrderRec {
    /// Symbol.
    pub symbol: String,
    /// Numeric order id.
    pub order_id: u64,
    /// Client order id.
    pub client_order_id: String,
    /// Fill price.
    pub price: Decimal,
    /// Base executed.
    pub qty: Decimal,
    /// Quote executed (before commission).
    pub quote_qty: Decimal,
    /// Commission.
    pub commission: Decimal,
    /// Commission asset (the quote asset).
    pub commission_asset: String,
    /// Execution time (ms).
    pub time: i64,
    /// `status`: always FILLED today (a market sell fills at once).
    pub status: &'static str,
}

impl SpotOrderRec {
    /// Still working on the book (holds its client order id).
    pub fn is_open(&self) -> bool {
        matches!(self.status, "NEW" | "PARTIALLY_FILLED" | "PENDING_NEW")
    }
}
