//! The one integration test crate (design.md: every extra tests/*.rs links everything again).

mod binance_client;
mod config_cli;
mod contract;
mod helpers;
mod keystore;
mod sim;
