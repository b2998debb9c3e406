//! The contract suite: the REAL client (`dustpan::binance`) against the REAL simulator
//! (`dustpan::sim`, in-process on 127.0.0.1:0). Every case checks what the client returns
//! against the simulator's own state and request log, so a disagreement between the two
//! sides of the wire protocol fails here even when each side passes its own tests.

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::{DateTime, Utc};
use dustpan::binance::protocol::{self, Endpoint};
use dustpan::binance::{BinanceClient, ClientConfig};
use dustpan::domain::{Asset, Credentials};
use dustpan::ports::{Exchange, QuoteAmount, QuoteRequest};
use dustpan::sim::{self, AccountSpec, DEMO_API_KEY, DEMO_API_SECRET, SimConfig, SimHandle};
use rust_decimal::Decimal;
use secrecy::SecretString;
use tokio::task::JoinSet;

mod capabilities;
mod day_one;
mod dust_convert;
mod errors;
mod faults;
mod port;
mod rate;
mod spot_order;
mod stored;

/// The demo account's key, which `SimConfig::demo()` knows.
const KEY: &str = DEMO_API_KEY;

/// Every SIGNED endpoint the client uses (binance.md §1 "Endpoints the bot uses").
const SIGNED: [Endpoint; 13] = [
    protocol::ACCOUNT,
    protocol::USER_ASSET,
    protocol::DUST_BTC,
    protocol::DUST,
    protocol::DRIBBLET,
    protocol::API_RESTRICTIONS,
    protocol::CONVERT_ASSET_INFO,
    protocol::CONVERT_GET_QUOTE,
    protocol::CONVERT_ACCEPT_QUOTE,
    protocol::CONVERT_ORDER_STATUS,
    protocol::CONVERT_TRADE_FLOW,
    protocol::NEW_ORDER,
    protocol::QUERY_ORDER,
];

/// A simulator plus a client pointed at it and the demo account's credentials.
struct Env {
    sim: SimHandle,
    client: BinanceClient,
    creds: Credentials,
}

impl Env {
    async fn demo() -> Self {
        Self::with(SimConfig::demo()).await
    }

    async fn with(config: SimConfig) -> Self {
        Self::with_client(config, |_| {}).await
    }

    async fn with_client(config: SimConfig, tweak: impl FnOnce(&mut ClientConfig)) -> Self {
        let sim = start(config).await;
        let client = client_for(&sim, tweak);
        Self {
            sim,
            client,
            creds: demo_creds(),
        }
    }

    /// The demo account's free balance of `asset` in the simulator.
    fn bal(&self, asset: &str) -> Decimal {
        self.sim.balance(KEY, asset).expect("demo key is known")
    }

    /// Statuses the simulator logged for `method path`, in order (`None` = dropped).
    fn statuses(&self, ep: &Endpoint) -> Vec<Option<u16>> {
        self.sim
            .requests()
            .into_iter()
            .filter(|r| r.method == ep.method && r.path == ep.path)
            .map(|r| r.status)
            .collect()
    }

    /// (method, path, status) of every request the simulator saw.
    fn log(&self) -> Vec<(String, String, Option<u16>)> {
        self.sim
            .requests()
            .into_iter()
            .map(|r| (r.method, r.path, r.status))
            .collect()
    }

    /// The simulator's clock as a `DateTime`.
    fn sim_now(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.sim.now_ms()).expect("sim clock in range")
    }
}

async fn start(config: SimConfig) -> SimHandle {
    sim::start(config, "127.0.0.1:0".parse().expect("loopback address"))
        .await
        .expect("simulator starts on loopback")
}

/// A client with short, bounded timeouts (every wait in this suite is bounded).
fn client_for(sim: &SimHandle, tweak: impl FnOnce(&mut ClientConfig)) -> BinanceClient {
    let mut c = ClientConfig::new(url::Url::parse(&sim.base_url()).expect("sim URL"));
    c.request_timeout = Duration::from_secs(2);
    c.connect_timeout = Duration::from_secs(1);
    c.max_rate_limit_wait = Duration::from_secs(3);
    tweak(&mut c);
    BinanceClient::new(c).expect("client builds")
}

fn creds(key: &str, secret: &str) -> Credentials {
    Credentials::new(SecretString::from(key), SecretString::from(secret))
}

fn demo_creds() -> Credentials {
    creds(DEMO_API_KEY, DEMO_API_SECRET)
}

fn asset(s: &str) -> Asset {
    Asset::parse(s).expect("asset symbol")
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal literal")
}

/// An extra account for the simulator (obviously fake key material).
fn account(key: &str, secret: &str, balances: &[(&str, &str)]) -> AccountSpec {
    AccountSpec {
        api_key: key.to_owned(),
        api_secret: secret.to_owned(),
        balances: balances
            .iter()
            .map(|(a, v)| ((*a).to_owned(), dec(v)))
            .collect::<BTreeMap<_, _>>(),
        permissions: sim::Permissions::default(),
        convert_approved: true,
        ip_whitelist: Vec::new(),
        uid: 900_000_001,
    }
}

/// The demo market plus `extra` accounts.
fn demo_plus(extra: Vec<AccountSpec>) -> SimConfig {
    let mut config = SimConfig::demo();
    config.accounts.extend(extra);
    config
}

fn usdt_to_bnb(amount: QuoteAmount) -> QuoteRequest {
    QuoteRequest {
        from_asset: asset("USDT"),
        to_asset: asset("BNB"),
        amount,
        valid_time: Duration::from_secs(30),
    }
}

#[tokio::test]
async fn every_signed_endpoint_accepts_the_clients_signature() {
    let env = Env::demo().await;
    let (c, k) = (&env.client, &env.creds);
    c.balances(k).await.expect("account");
    c.user_assets(k).await.expect("getUserAsset");
    c.dust_candidates(k).await.expect("dust-btc");
    // Two assets: the comma goes out (and is signed) percent-encoded.
    c.convert_dust(k, &[asset("ADA"), asset("XRP")])
        .await
        .expect("dust");
    c.dust_log(k, Some(env.sim_now() - chrono::Duration::hours(1)))
        .await
        .expect("dribblet");
    c.key_permissions(k).await.expect("apiRestrictions");
    c.convert_precision(k).await.expect("assetInfo");
    let quote = c
        .convert_quote(k, &usdt_to_bnb(QuoteAmount::From(dec("10.5"))))
        .await
        .expect("getQuote");
    let quote_id = quote.quote_id.expect("the demo account holds 152.43 USDT");
    let order = c.convert_accept(k, &quote_id).await.expect("acceptQuote");
    c.convert_order_status(k, &dustpan::ports::OrderRef::OrderId(order.order_id))
        .await
        .expect("orderStatus");
    let now = env.sim_now();
    c.convert_trade_flow(k, now - chrono::Duration::days(1), now)
        .await
        .expect("tradeFlow");
    let sell = dustpan::ports::MarketSell {
        symbol: "ETHUSDT".to_owned(),
        quantity: dec("0.002"),
        client_order_id: "every-signed-1".to_owned(),
    };
    c.market_sell(k, &sell).await.expect("new order");
    c.spot_order(k, "ETHUSDT", "every-signed-1")
        .await
        .expect("query order")
        .expect("order found");

    for ep in SIGNED {
        assert_eq!(
            env.statuses(&ep),
            [Some(200)],
            "{} {}: exactly one request, accepted",
            ep.method,
            ep.path
        );
    }
    assert_eq!(env.sim.requests().len(), SIGNED.len(), "{:?}", env.log());
    assert_eq!(env.client.stats().signed_requests, SIGNED.len() as u64);
}

#[tokio::test]
async fn concurrent_price_and_rule_reads_share_one_request_each() {
    let env = Env::demo().await;
    let mut tasks = JoinSet::new();
    for _ in 0..12 {
        let c = env.client.clone();
        tasks.spawn(async move { c.prices().await.map(|p| p.by_symbol.len()) });
        let c = env.client.clone();
        tasks.spawn(async move { c.trading_rules().await.map(|r| r.symbols.len()) });
    }
    let mut sizes = Vec::new();
    while let Some(done) = tasks.join_next().await {
        sizes.push(done.expect("task ran").expect("public read"));
    }
    assert_eq!(sizes.len(), 24);
    assert!(sizes.iter().all(|n| *n == sizes[0] && *n > 30), "{sizes:?}");
    assert_eq!(env.sim.request_count("GET", protocol::TICKER_PRICE_PATH), 1);
    assert_eq!(
        env.sim.request_count("GET", protocol::EXCHANGE_INFO.path),
        1
    );
    // Served from the cache afterwards too.
    env.client.prices().await.expect("cached prices");
    env.client.trading_rules().await.expect("cached rules");
    assert_eq!(env.sim.requests().len(), 2, "{:?}", env.log());
}

#[tokio::test]
async fn convert_pairs_are_fetched_once_per_target_asset() {
    let env = Env::demo().await;
    let mut tasks = JoinSet::new();
    for target in ["BNB", "BNB", "BNB", "USDT", "USDT"] {
        let c = env.client.clone();
        tasks.spawn(async move { (target, c.convert_pairs(&asset(target)).await) });
    }
    while let Some(done) = tasks.join_next().await {
        let (target, pairs) = done.expect("task ran");
        let pairs = pairs.expect("convert pairs");
        assert!(pairs.len() > 10, "{target}: {}", pairs.len());
        assert!(
            pairs.iter().all(|p| p.to_asset.as_str() == target),
            "{target}: only pairs into {target}"
        );
    }
    env.client
        .convert_pairs(&asset("BNB"))
        .await
        .expect("cached");
    assert_eq!(
        env.sim
            .request_count("GET", protocol::CONVERT_EXCHANGE_INFO.path),
        2,
        "one request per target asset: {:?}",
        env.log()
    );
}
