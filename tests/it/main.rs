//! The one integration-test crate (design.md): a module per feature.

mod binance_client;
