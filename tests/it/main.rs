//! The one integration test crate (design.md: one binary, a module per feature).

mod sim;
