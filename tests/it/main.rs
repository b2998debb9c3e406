//! The one integration test crate (design.md: every extra tests/*.rs links everything again).

mod app;
mod architecture;
mod bench;
mod binance_client;
mod config_cli;
mod contract;
mod credentials;
mod demo;
mod exchange_facts;
mod helpers;
mod inflight;
mod keystore;
mod languages;
mod limits;
mod permissions;
mod planner;
mod prefs;
mod reminders;
mod replies;
mod reply_model;
mod service;
mod sim;
mod swap;
mod telegram;
mod writer;
