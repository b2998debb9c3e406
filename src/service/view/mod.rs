//! The screens: functions that build [`crate::reply::Message`]s and [`crate::reply::Text`]s
//! from typed values. They read no port and no clock of their own; the use cases pass in
//! what a screen shows.

pub mod account;
pub mod convert;
pub mod health;
pub mod history;
pub mod plan;
pub mod quote;
pub mod reminders;
pub mod report;
pub mod stats;

use crate::reply::{Button, Role, Text};
use crate::service::buttons::ButtonAction;

/// Confirm and Cancel under an operation's confirm screen.
pub(crate) fn confirm_buttons(id: &str) -> Vec<Button> {
    vec![
        Button::new(
            Role::Confirm,
            Text::new("button-confirm"),
            ButtonAction::Confirm(id.to_owned()).token(),
        ),
        Button::new(
            Role::Cancel,
            Text::new("button-cancel"),
            ButtonAction::Cancel(id.to_owned()).token(),
        ),
    ]
}
