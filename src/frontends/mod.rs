//! Frontends: turn chat events into service calls and replies into platform messages.

pub mod console;
pub mod telegram;
