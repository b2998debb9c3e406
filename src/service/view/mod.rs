//! The screens: functions that build [`crate::reply::Message`]s and [`crate::reply::Text`]s
//! from typed values. They read no port and no clock of their own; the use cases pass in
//! what a screen shows.

pub mod convert;
pub mod plan;
pub mod quote;
pub mod report;
