//! Admission of each command against the caller's bucket, and `/dust` answered from its
//! recent result (the limits themselves live in [`super::throttle`]).

use crate::ports::UserRecord;
use crate::reply::{Reply, Text};
use crate::service::deps::Deps;
use crate::service::dust::Reports;
use crate::service::model::ServiceError;
use crate::service::throttle::Admission;

/// Each command admitted against the caller's bucket; `/dust` shared while fresh.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Throttles {
    /// `None` when `user` may send one more command, else the reply to give instead: a
    /// message to a typed command, a notice to a press (the button's own answer).
    fn admit(&self, user: u64, press: bool) -> Option<Reply>;

    /// `/dust`, answered from the user's last result while it is younger than
    /// [`DUST_REPEAT_WINDOW`](crate::service::throttle::DUST_REPEAT_WINDOW) (saying how old it is); concurrent calls share one fetch.
    async fn dust_shared(&self, key: u64, user: &UserRecord) -> Result<Reply, ServiceError>;
}

impl Throttles for Deps {
    /// `None` when `user` may send one more command, else the reply to give instead: a
    /// message to a typed command, a notice to a press (the button's own answer).
    fn admit(&self, user: u64, press: bool) -> Option<Reply> {
        match self.commands.admit(user) {
            Admission::Go => None,
            Admission::Wait(wait) => {
                // Whole seconds, rounded up: "wait 0 s" would be wrong.
                let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
                let text = Text::new("error-too-fast").int("seconds", secs.max(1) as i64);
                Some(if press {
                    Reply::default().with_notice(text)
                } else {
                    Reply::text(text)
                })
            }
            Admission::Quiet => Some(Reply::default()),
        }
    }

    /// `/dust`, answered from the user's last result while it is younger than
    /// [`DUST_REPEAT_WINDOW`](crate::service::throttle::DUST_REPEAT_WINDOW) (saying how old it is); concurrent calls share one fetch.
    async fn dust_shared(&self, key: u64, user: &UserRecord) -> Result<Reply, ServiceError> {
        let (outcome, age) = self
            .dust_memo
            .get(key, || self.now(), || self.dust(user))
            .await;
        let mut reply = outcome?;
        if let Some(age) = age
            && let Some(first) = reply.messages.first_mut()
        {
            let at = first.blocks.len().min(1);
            first.blocks.insert(
                at,
                Text::new("dust-as-of").int("seconds", age.as_secs() as i64),
            );
        }
        Ok(reply)
    }
}
