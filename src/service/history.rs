//! `/cooldown` and `/history`: from dustpan's records and the exchange's dust log.

use crate::domain::ExchangeId;
use crate::ports::UserRecord;
use crate::service::arming::Arming;
use crate::service::arming::RECORDS_PER_EXCHANGE_SCAN;
use crate::service::deps::Deps;
use crate::service::model::ServiceError;
use crate::service::operations::settle::Settles;
use crate::service::reconcile::Reconciles;
use crate::service::reply::Reply;
use crate::service::reply::Text;
use crate::service::view::history::{cooldown_text, history_message};

/// How many conversions `/history` shows.
pub const HISTORY_LIMIT: u32 = 10;
/// How far back `/history` lists operations whose outcome was never confirmed.
pub const UNRESOLVED_SHOWN_DAYS: i64 = 30;

/// The `/cooldown` and `/history` use cases.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Histories {
    async fn cooldown(&self, user: &UserRecord) -> Result<Reply, ServiceError>;

    /// `/history`: one section per connected exchange (or `only` that one's), each read
    /// from that exchange's dust log first.
    async fn history(
        &self,
        user: &UserRecord,
        only: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError>;
}

impl Histories for Deps {
    async fn cooldown(&self, user: &UserRecord) -> Result<Reply, ServiceError> {
        self.sync_dust_log(user).await?;
        let default = self.exchange.id();
        let mut shown = self.connected(user).await?;
        if shown.is_empty() {
            shown.push(default);
        }
        // The default exchange alone keeps the one line it always had; several connected
        // exchanges each get theirs, from their own conversions and their own terms.
        let sections = shown != [default];
        let records = self
            .store
            .dust_conversions(user.id, RECORDS_PER_EXCHANGE_SCAN)
            .await?;
        let mut blocks = Vec::new();
        for id in shown {
            if sections {
                blocks.push(Text::new("history-exchange-title").arg("exchange", id.name()));
            }
            let last = match records.iter().find(|r| r.exchange == id) {
                Some(last) => Some((last.operate_time, self.cooldown_state_on(user, id).await?)),
                None => None,
            };
            blocks.push(cooldown_text(last, self.now(), &user.timezone));
        }
        Ok(Reply::message(crate::service::reply::Message {
            blocks,
            buttons: Vec::new(),
        }))
    }

    async fn history(
        &self,
        user: &UserRecord,
        only: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError> {
        // Settle what is in flight and read each exchange's log first, so the list is the
        // truth (the advice after an unknown outcome points here).
        let pending = self.settle_inflight(user).await?;
        let default = self.exchange.id();
        let mut shown = match only {
            Some(id) => vec![id],
            None => self.connected(user).await?,
        };
        if shown.is_empty() {
            shown.push(default);
        }
        for id in &shown {
            let read = match self.credentials_on(user, *id).await {
                Ok(creds) => {
                    self.sync_dust_log_on(user, &self.adapter(*id), &creds)
                        .await
                }
                Err(e) => Err(e),
            };
            if let Err(e) = read {
                tracing::warn!(exchange = %id, error = %crate::ports::error_chain(&e), "dust log not read for /history");
            }
        }
        let since = self.now() - chrono::Duration::days(UNRESOLVED_SHOWN_DAYS);
        let (records, unresolved) = tokio::join!(
            self.store
                .dust_conversions(user.id, RECORDS_PER_EXCHANGE_SCAN),
            self.store
                .unresolved_operations(user.id, since, HISTORY_LIMIT)
        );
        let (records, unresolved) = (records?, unresolved?);
        // The default exchange alone keeps the one list it always had.
        let sections = shown.len() > 1 || shown != [default];
        let mut reply = Reply::default();
        let mut pending = pending;
        for id in shown {
            let mine: Vec<_> = records
                .iter()
                .filter(|r| r.exchange == id)
                .take(HISTORY_LIMIT as usize)
                .cloned()
                .collect();
            let open: Vec<_> = unresolved
                .iter()
                .filter(|o| o.exchange == id)
                .cloned()
                .collect();
            let mut msg = history_message(pending.take(), &open, &mine, &user.timezone);
            if sections {
                msg.blocks.insert(
                    0,
                    Text::new("history-exchange-title").arg("exchange", id.name()),
                );
            }
            reply.messages.push(msg);
        }
        Ok(reply)
    }
}
