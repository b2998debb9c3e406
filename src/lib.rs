//! dustpan: a chat bot that lists and sweeps the small "dust" balances of exchange accounts.

/// Benchmarks (`dustpan bench …`).
pub mod bench;
/// The Binance REST client (the `Exchange` adapter) and the protocol facts it shares with the simulator.
pub mod binance;
/// The Bybit v5 REST adapter (in progress: signer and assumptions).
pub mod bybit;
/// PNG bar charts drawn with the font the project ships (`/dust chart`).
pub mod chart;
/// The command line.
pub mod cli;
/// Settings: TOML file + environment overrides, typed at start-up.
pub mod config;
/// Domain newtypes that parse, don't validate.
pub mod domain;
/// What every exchange's REST adapter shares: a call's safety and the classification of
/// failures no exchange answered.
pub mod exchange_http;
/// Frontends behind the `Frontend` trait: Telegram and the console (Discord comes next).
pub mod frontends;
/// Fluent bundles from locales/.
pub mod i18n;
/// The operator's counters (Prometheus) and the operations endpoint's registry.
pub mod metrics;
/// The MEXC REST client (the `Exchange` adapter) and the protocol facts it shares with its simulator.
pub mod mexc;
/// The traits the service needs, in domain words.
pub mod ports;
/// The platform-neutral reply model the service returns and frontends render.
pub mod reply;
/// The reminder scheduler loop and its single step.
pub mod scheduler;
/// The one shared dust-conversion service.
pub mod service;
/// Request parameters and HMAC-SHA256 query signing for Binance-style REST APIs.
pub mod signing;
/// The Binance-compatible simulated exchange (`dustpan sim`, demo, tests).
pub mod sim;
/// Wiring: App::build(settings), App::run(shutdown).
pub mod startup;
/// Storage: SQLite, AES-GCM and the encrypted key store.
pub mod store;
