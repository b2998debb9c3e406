//! MEXC contract suite: the REAL client (`dustpan::mexc`) against the REAL MEXC simulator
//! (`dustpan::sim::mexc`, in-process on 127.0.0.1:0). Each case checks what the client
//! returns against the simulator's own state and request log.

use std::time::Duration;

use dustpan::domain::Credentials;
use dustpan::mexc::{MexcClient, MexcConfig};
use dustpan::sim::mexc::{
    self as sim, MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig, MexcSimHandle,
};
use rust_decimal::Decimal;

use crate::helpers::{asset, dec, key_pair as creds};

mod cli;
mod dust;
mod errors;
mod orders;
mod reads;
mod wire;

/// The demo account's key.
const KEY: &str = MEXC_DEMO_API_KEY;

/// A simulator plus a client pointed at it and the demo account's credentials.
struct Env {
    sim: MexcSimHandle,
    client: MexcClient,
    creds: Credentials,
}

impl Env {
    async fn demo() -> Self {
        Self::with(MexcSimConfig::demo(), |_| {}).await
    }

    async fn with(config: MexcSimConfig, tweak: impl FnOnce(&mut MexcConfig)) -> Self {
        let sim = sim::start(config, "127.0.0.1:0".parse().expect("loopback"))
            .await
            .expect("simulator starts on loopback");
        let mut c = MexcConfig::new(url::Url::parse(&sim.base_url()).expect("sim URL"));
        c.request_timeout = Duration::from_secs(5);
        c.connect_timeout = Duration::from_secs(2);
        tweak(&mut c);
        let client = MexcClient::new(c).expect("client builds");
        Self {
            sim,
            client,
            creds: creds(MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET),
        }
    }

    /// The demo account's free balance in the simulator.
    fn bal(&self, asset: &str) -> Decimal {
        self.sim.balance(KEY, asset).expect("demo key is known")
    }
}
