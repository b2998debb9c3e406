//! Bybit contract suite: the REAL client (`dustpan::bybit`) against the REAL Bybit simulator
//! (`dustpan::sim::bybit`, in-process on 127.0.0.1:0). Each case checks what the client
//! returns against the simulator's own state and request log; `Raw` sends hand-signed
//! requests where the client would refuse to (expired or reused quotes, bad signatures).

use std::time::Duration;

use dustpan::bybit::{BybitClient, BybitConfig};
use dustpan::domain::Credentials;
use dustpan::sim::bybit::{
    self as sim, BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET, BybitSimConfig, BybitSimHandle,
};
use rust_decimal::Decimal;
use secrecy::SecretString;

use crate::helpers::{asset, dec, key_pair as creds};

mod cli;
mod dust;
mod errors;
mod orders;
mod reads;
mod service;
mod wire;

/// The demo account's key.
const KEY: &str = BYBIT_DEMO_API_KEY;

const LIST: (&str, &str) = ("GET", "/v5/asset/covert/small-balance-list");
const QUOTE: (&str, &str) = ("POST", "/v5/asset/covert/get-quote");
const EXECUTE: (&str, &str) = ("POST", "/v5/asset/covert/small-balance-execute");
const HISTORY: (&str, &str) = ("GET", "/v5/asset/covert/small-balance-history");
const WALLET: (&str, &str) = ("GET", "/v5/account/wallet-balance");

/// A simulator plus a client pointed at it and the demo account's credentials.
struct Env {
    sim: BybitSimHandle,
    client: BybitClient,
    creds: Credentials,
}

impl Env {
    async fn demo() -> Self {
        Self::with(BybitSimConfig::demo(), |_| {}).await
    }

    async fn with(config: BybitSimConfig, tweak: impl FnOnce(&mut BybitConfig)) -> Self {
        let sim = sim::start(config, "127.0.0.1:0".parse().expect("loopback"))
            .await
            .expect("simulator starts on loopback");
        let mut c = BybitConfig::new(url::Url::parse(&sim.base_url()).expect("sim URL"));
        c.request_timeout = Duration::from_secs(5);
        c.connect_timeout = Duration::from_secs(2);
        c.execution_poll = Duration::from_millis(250);
        tweak(&mut c);
        let client = BybitClient::new(c).expect("client builds");
        Self {
            sim,
            client,
            creds: creds(BYBIT_DEMO_API_KEY, BYBIT_DEMO_API_SECRET),
        }
    }

    /// The demo account's balance in the simulator.
    fn bal(&self, coin: &str) -> Decimal {
        self.sim.balance(KEY, coin).expect("demo key is known")
    }

    fn raw(&self) -> Raw {
        Raw {
            base: self.sim.base_url(),
            key: KEY.to_owned(),
            secret: BYBIT_DEMO_API_SECRET.to_owned(),
        }
    }
}

/// Hand-signed requests (bybit.md §1), through dustpan's own signer.
struct Raw {
    base: String,
    key: String,
    secret: String,
}

/// An answer: HTTP status, the parsed body, the headers.
struct Answer {
    status: u16,
    body: serde_json::Value,
    headers: reqwest::header::HeaderMap,
}

impl Answer {
    fn ret_code(&self) -> i64 {
        self.body["retCode"]
            .as_i64()
            .expect("retCode is a JSON number")
    }
}

impl Raw {
    /// The small-balance list for the Unified account, signed at `ts`.
    async fn list(&self, ts: i64) -> Answer {
        self.send(LIST.0, LIST.1, "accountType=eb_convert_uta", ts)
            .await
    }

    async fn send(&self, method: &str, path: &str, payload: &str, ts: i64) -> Answer {
        let sig = dustpan::bybit::sign::signature(
            &SecretString::from(self.secret.clone()),
            ts,
            &self.key,
            5000,
            payload.as_bytes(),
        )
        .expect("signs");
        let http = reqwest::Client::new();
        let req = if method == "GET" {
            http.get(format!("{}{path}?{payload}", self.base))
        } else {
            http.post(format!("{}{path}", self.base))
                .header("Content-Type", "application/json")
                .body(payload.to_owned())
        };
        let resp = req
            .header("X-BAPI-API-KEY", &self.key)
            .header("X-BAPI-TIMESTAMP", ts.to_string())
            .header("X-BAPI-RECV-WINDOW", "5000")
            .header("X-BAPI-SIGN", sig)
            .send()
            .await
            .expect("sends");
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let text = resp.text().await.expect("body");
        Answer {
            status,
            body: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            headers,
        }
    }
}
