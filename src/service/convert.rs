//! `/convert`: Small Asset Convert to BNB behind a server-side pending operation
//! (shared/security.md §3.2): selection → confirm screen → a single gated submit →
//! succeeded / failed / unknown, with unknown outcomes reconciled against the dust log.

use std::sync::Arc;

use crate::domain::{Asset, ExchangeId};
use crate::ports::Exchange;
use crate::ports::{
    ExchangeError, Finished, OperationRecord, OperationStatus, Transition, UserRecord,
};
use crate::service::model::CooldownState;
use crate::service::model::{CONFIRM_TTL, SELECTION_TTL, ServiceError, exchange_error_text};
use crate::service::operations::{OperationParams, dust_params, to_json};
use crate::service::reply::Message;
use crate::service::reply::{Reply, Text};

use crate::service::arming::Arming;
pub use crate::service::buttons::{ButtonAction, new_operation_id};
use crate::service::command::ConvertArgs;
use crate::service::deps::Deps;
pub use crate::service::operations::dust::{Candidate, DustParams, DustResult, LeftOut};
use crate::service::operations::gate::Gate;
use crate::service::operations::settle::Settles;
use crate::service::pending::PendingDust;
use crate::service::reconcile::Reconciles;
use crate::service::reconcile::record_of_conversion;
use crate::service::view::convert::{
    confirm_message, cooldown_text, left_out_text, result_message, selection_message,
};

/// The `/convert` use case: a dust batch from selection to result.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait DustBatches {
    async fn convert_command(
        &self,
        user: &UserRecord,
        args: ConvertArgs,
    ) -> Result<Reply, ServiceError>;

    /// Toggles one asset of a dust selection.
    async fn toggle_dust(&self, op: OperationRecord, n: usize) -> Result<Reply, ServiceError>;

    /// Leaves a dust selection for its confirm screen.
    async fn proceed_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;

    async fn confirm_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError>;

    async fn finished_reply(&self, user: &UserRecord, id: &str) -> Result<Reply, ServiceError>;
}

impl DustBatches for Deps {
    async fn convert_command(
        &self,
        user: &UserRecord,
        args: ConvertArgs,
    ) -> Result<Reply, ServiceError> {
        let (named, args) = args.split_exchange();
        let exchange = match self.exchange_to_convert_on(user, named).await? {
            Ok(exchange) => exchange,
            Err(reply) => return Ok(reply),
        };
        let default = exchange.id() == self.exchange.id();
        let (args, target) = args.split_target();
        // A target is checked before anything is asked of the exchange; the default one
        // (BNB on Binance) is the classic conversion, exactly as without `to`.
        let target = match target
            .map(|t| chosen_target(exchange.as_ref(), &t))
            .transpose()
        {
            Ok(t) => t.flatten(),
            Err(refused) => return Ok(Reply::text(refused)),
        };
        let creds = match self.settle_and_load_on(user, exchange.id()).await? {
            Ok(creds) => creds,
            Err(wait) => return Ok(Reply::text(wait)),
        };
        if let CooldownState::Until(t) = self.fresh_cooldown_on(user, &exchange, &creds).await? {
            return Ok(Reply::text(cooldown_text(user, t, self.now())));
        }
        let dust = match &target {
            Some(t) => exchange.dust_candidates_to(&creds, t).await?,
            None => exchange.dust_candidates(&creds).await?,
        };
        // Elsewhere than the default exchange the target is always named, so every screen
        // says what the dust becomes there (MEXC: MX).
        let target = match target {
            None if !default => exchange.capabilities().small_balance_target().cloned(),
            t => t,
        };
        if dust.details.is_empty() {
            return Ok(Reply::text(match &target {
                Some(t) => Text::new("convert-nothing-to").arg("target", t),
                None => Text::new("convert-nothing"),
            }));
        }
        let mut params = DustParams {
            target: target.as_ref().map(Asset::to_string),
            ..DustParams::default()
        };
        let wanted: Option<Vec<Asset>> = match &args {
            ConvertArgs::Select
            | ConvertArgs::All
            | ConvertArgs::To { .. }
            | ConvertArgs::On { .. } => None,
            ConvertArgs::Assets(names) => {
                let mut list = Vec::new();
                for name in names {
                    match Asset::parse(name) {
                        Ok(a) if dust.details.iter().any(|c| c.asset == a) => list.push(a),
                        Ok(a) => params.left_out.push(LeftOut {
                            asset: a.to_string(),
                            reason: "left-out-not-convertible".into(),
                        }),
                        Err(_) => params.left_out.push(LeftOut {
                            asset: name.chars().take(20).collect(),
                            reason: "left-out-not-an-asset".into(),
                        }),
                    }
                }
                Some(list)
            }
        };
        // Sweeping to a chosen target, `all` and the selection leave the exchange's own
        // asset alone (BNB on Binance: it pays the user's fees) unless it is named.
        let kept = target
            .as_ref()
            .and(exchange.capabilities().small_balance_target().cloned());
        for c in &dust.details {
            if wanted.is_none() && kept.as_ref() == Some(&c.asset) {
                if matches!(args, ConvertArgs::All) {
                    params.left_out.push(LeftOut {
                        asset: c.asset.to_string(),
                        reason: "left-out-kept".into(),
                    });
                    continue;
                }
                params.candidates.push(Candidate {
                    asset: c.asset.to_string(),
                    amount: c.amount_free,
                    bnb: c.gross,
                    fee: c.fee,
                    net: c.received,
                    selected: false,
                });
                continue;
            }
            params.candidates.push(Candidate {
                asset: c.asset.to_string(),
                amount: c.amount_free,
                bnb: c.gross,
                fee: c.fee,
                net: c.received,
                selected: wanted.as_ref().is_none_or(|w| w.contains(&c.asset)),
            });
        }
        if let Some(w) = &wanted {
            // Only what was asked for; the rest is not part of this operation.
            params.candidates.retain(|c| c.selected);
            if w.is_empty() {
                let mut reply = Reply::text(Text::new("convert-none-selected"));
                for l in &params.left_out {
                    reply.messages[0]
                        .blocks
                        .push(left_out_text(l, params.target.as_deref()));
                }
                return Ok(reply);
            }
        }
        let selecting = matches!(args, ConvertArgs::Select);
        let ttl = if selecting {
            SELECTION_TTL
        } else {
            CONFIRM_TTL
        };
        let status = if selecting {
            OperationStatus::Selecting
        } else {
            OperationStatus::Pending
        };
        let max = max_per_call(exchange.as_ref());
        if selecting {
            let op = self
                .open_operation_on(
                    user.id,
                    exchange.id(),
                    status,
                    &OperationParams::Dust(params.clone()),
                    ttl,
                )
                .await?;
            let mut msg = selection_message(&op.id, &params);
            if let Some(max) = max.filter(|m| params.candidates.len() > *m) {
                msg.blocks
                    .push(Text::new("dust-exchange-batches").int("max", max as i64));
            }
            return Ok(Reply::message(self.on_exchange(exchange.id(), msg)));
        }
        // The exchange's per-call limit: one conversion per chunk, each its own operation
        // with its own Confirm (a batch sent is never resent as part of another).
        let mut screens = Vec::new();
        for chunk in split_batches(&params, max) {
            let op = self
                .open_operation_on(
                    user.id,
                    exchange.id(),
                    status,
                    &OperationParams::Dust(chunk.clone()),
                    ttl,
                )
                .await?;
            screens.push((op.id, chunk));
        }
        Ok(self.confirm_screens(exchange.as_ref(), &screens))
    }

    /// Toggles one asset of a dust selection.
    async fn toggle_dust(&self, op: OperationRecord, n: usize) -> Result<Reply, ServiceError> {
        let now = self.now();
        let mut p = dust_params(&op)?;
        let Some(c) = p.candidates.get_mut(n) else {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        };
        c.selected = !c.selected;
        let expires = now + chrono::Duration::from_std(SELECTION_TTL).unwrap_or_default();
        let json = OperationParams::Dust(p.clone()).to_json()?;
        if !self
            .store
            .update_params(&op.id, OperationStatus::Selecting, &json, expires)
            .await?
        {
            return Ok(Reply::default().with_notice(Text::new("button-stale")));
        }
        Ok(Reply::message(selection_message(&op.id, &p)).replacing())
    }

    /// Leaves a dust selection for its confirm screen.
    async fn proceed_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        let now = self.now();
        let p = dust_params(&op)?;
        if p.selected().next().is_none() {
            return Ok(Reply::default().with_notice(Text::new("convert-none-selected")));
        }
        let exchange = self.adapter(op.exchange);
        // More than one call takes: this operation is the first conversion, the others
        // are opened beside it, each with its own Confirm.
        let chunks = split_batches(&p, max_per_call(exchange.as_ref()));
        let first = OperationParams::Dust(chunks[0].clone()).to_json()?;
        let expires = now + chrono::Duration::from_std(CONFIRM_TTL).unwrap_or_default();
        self.store
            .update_params(&op.id, OperationStatus::Selecting, &first, expires)
            .await?;
        match self
            .store
            .transition(
                &op.id,
                user.id,
                OperationStatus::Selecting,
                OperationStatus::Pending,
                now,
            )
            .await?
        {
            Transition::Done => {
                let mut screens = Vec::new();
                let mut chunks = chunks.into_iter();
                if let Some(first) = chunks.next() {
                    screens.push((op.id.clone(), first));
                }
                for chunk in chunks {
                    let more = self
                        .open_operation_on(
                            user.id,
                            op.exchange,
                            OperationStatus::Pending,
                            &OperationParams::Dust(chunk.clone()),
                            CONFIRM_TTL,
                        )
                        .await?;
                    screens.push((more.id, chunk));
                }
                Ok(self
                    .confirm_screens(exchange.as_ref(), &screens)
                    .replacing())
            }
            _ => Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
    }

    async fn confirm_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        // The exchange the operation was opened on, whatever the user connected since.
        let exchange = self.adapter(op.exchange);
        let creds = match self.settle_and_load_on(user, op.exchange).await? {
            Ok(creds) => creds,
            Err(wait) => return Ok(Reply::text(wait)),
        };
        let params = dust_params(&op)?;
        let assets = params.assets();
        let target = match params.target.as_deref().map(Asset::parse).transpose() {
            Ok(t) => t,
            // Never stored so (it came from an Asset): refused rather than sent elsewhere.
            Err(_) => return Ok(Reply::default().with_notice(Text::new("button-stale"))),
        };
        // Side by side, once nothing is in flight (a conversion settled just now must count):
        // the cooldown from the dust log, so one made elsewhere stops this one here rather
        // than at the exchange; and the idempotency gate, which lets one press through and
        // commits its intent. Nothing is sent before both have answered.
        let (cooldown, gate) = tokio::join!(
            self.recent_cooldown_on(user, &exchange, &creds),
            self.pass_gate(user, &op)
        );
        if let Some(refused) = gate? {
            // Another press owns the operation.
            return Ok(refused);
        }
        let cooldown = match cooldown {
            Ok(cooldown) => cooldown,
            Err(e) => {
                self.not_sent(&op.id, &e.to_string()).await?;
                return Err(e);
            }
        };
        if let CooldownState::Until(t) = cooldown {
            self.not_sent(&op.id, "cooldown").await?;
            return Ok(Reply::text(cooldown_text(user, t, self.now())).replacing());
        }
        // Sent once: the gate let this press through alone. With a chosen target the
        // operation id travels as the exchange's request id (`clientId`), never reused.
        // An exchange that converts asynchronously is waited for a little, then followed up
        // (service/pending.rs); the exchange the operation was opened on.
        let outcome = self
            .send_dust(user, &exchange, &creds, &assets, target.as_ref(), &op.id)
            .await;
        let now = self.now();
        match outcome {
            Ok(conv) => {
                let result = DustResult {
                    batch_id: conv
                        .transfers
                        .first()
                        .map(|t| t.batch_id.clone())
                        .unwrap_or_default(),
                    bnb: conv.total_gross,
                    fee: conv.total_fee,
                    operate_time: conv
                        .transfers
                        .first()
                        .map(|t| t.operate_time)
                        .unwrap_or(now),
                    assets: conv.transfers.len(),
                    target: params.target.clone(),
                };
                let json = to_json(&result)?;
                let finish = Finished {
                    id: &op.id,
                    result: &json,
                    now,
                };
                // The conversion, the reminder it arms and the operation's outcome are
                // recorded together.
                match record_of_conversion(op.exchange, &conv, &op.id) {
                    Some(rec) => {
                        self.record_conversion(user.id, &rec, Some(finish)).await?;
                    }
                    None => {
                        self.store
                            .finish_operation(
                                &op.id,
                                OperationStatus::Succeeded,
                                Some(&json),
                                None,
                                now,
                            )
                            .await?;
                    }
                }
                Ok(Reply::message(self.result_on(user, op.exchange, &result)).replacing())
            }
            Err(ExchangeError::OutcomeUnknown(cause)) => {
                let cause = crate::ports::error_chain(&cause);
                tracing::warn!(op = %op.id, %cause, "dust conversion outcome unknown; reconciling");
                self.store
                    .finish_operation(&op.id, OperationStatus::Unknown, None, Some(&cause), now)
                    .await?;
                let op = self.store.operation(&op.id).await?.unwrap_or(op);
                match self.reconcile(&op).await {
                    Ok(true) => self.finished_reply(user, &op.id).await,
                    Ok(false) => Ok(Reply::text(crate::service::format::submitted_unknown(
                        op.exchange,
                    ))
                    .replacing()),
                    Err(e) => {
                        tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "reconcile failed; will retry");
                        Ok(
                            Reply::text(crate::service::format::submitted_unknown(op.exchange))
                                .replacing(),
                        )
                    }
                }
            }
            Err(e) => {
                // "cooldown" first, as the check before sending writes it: auto-sweep reads
                // it to re-arm the reminder instead of counting a failure.
                let why = match &e {
                    ExchangeError::Rejected {
                        reason: crate::ports::Refusal::DustCooldown,
                        ..
                    } => format!("cooldown: {e}"),
                    _ => e.to_string(),
                };
                self.store
                    .finish_operation(&op.id, OperationStatus::Failed, None, Some(&why), now)
                    .await?;
                if let ExchangeError::Rejected {
                    reason: crate::ports::Refusal::DustCooldown,
                    ..
                } = &e
                {
                    // The exchange knows of a conversion we do not: learn it and say when.
                    if let CooldownState::Until(t) =
                        self.fresh_cooldown_on(user, &exchange, &creds).await?
                    {
                        return Ok(Reply::text(cooldown_text(user, t, self.now())).replacing());
                    }
                }
                Ok(
                    Reply::text(
                        Text::new("convert-failed").text("reason", exchange_error_text(&e)),
                    )
                    .replacing(),
                )
            }
        }
    }

    async fn finished_reply(&self, user: &UserRecord, id: &str) -> Result<Reply, ServiceError> {
        let op = self.store.operation(id).await?;
        let exchange = op.as_ref().map_or(self.exchange.id(), |op| op.exchange);
        Ok(match op {
            Some(op) if op.status == OperationStatus::Succeeded => {
                let result: Option<DustResult> = op
                    .result
                    .as_deref()
                    .and_then(|r| serde_json::from_str(r).ok());
                match result {
                    Some(r) => Reply::message(self.result_on(user, op.exchange, &r)).replacing(),
                    None => {
                        Reply::text(crate::service::format::submitted_unknown(exchange)).replacing()
                    }
                }
            }
            Some(op) if op.status == OperationStatus::Failed => {
                Reply::text(Text::new("convert-not-executed")).replacing()
            }
            // Unknown, or closed as unresolved meanwhile: nothing is known to have failed.
            _ => Reply::text(crate::service::format::submitted_unknown(exchange)).replacing(),
        })
    }
}

/// The target named after `to` on `exchange`: `None` for the exchange's default (the
/// classic conversion), or the sentence saying it is not offered and what is.
fn chosen_target(exchange: &dyn Exchange, typed: &str) -> Result<Option<Asset>, Text> {
    let caps = exchange.capabilities();
    let offered: Vec<String> = caps
        .small_balance
        .as_ref()
        .map(|s| s.targets.iter().map(Asset::to_string).collect())
        .unwrap_or_default();
    match Asset::parse(typed) {
        Ok(t) if caps.small_balance_target() == Some(&t) => Ok(None),
        Ok(t) if caps.offers_small_balance_target(&t) => Ok(Some(t)),
        _ => Err(Text::new("convert-target-not-offered")
            .arg("target", typed.chars().take(20).collect::<String>())
            .arg("targets", offered.join(", "))),
    }
}

/// Most assets one conversion on `exchange` may name, from its capabilities.
fn max_per_call(exchange: &dyn Exchange) -> Option<usize> {
    exchange
        .capabilities()
        .small_balance
        .as_ref()
        .and_then(|s| s.max_assets_per_call)
        .filter(|m| *m > 0)
}

/// The count of conversions `exchange` allows in a rolling window, with the window.
fn window_of(exchange: &dyn Exchange) -> Option<(usize, std::time::Duration)> {
    exchange
        .capabilities()
        .small_balance
        .as_ref()
        .and_then(|s| s.max_per_window)
}

/// The selected candidates in conversions of at most `max` assets each, in their order;
/// the assets left out are told once, with the first.
pub(crate) fn split_batches(params: &DustParams, max: Option<usize>) -> Vec<DustParams> {
    let selected: Vec<Candidate> = params.selected().cloned().collect();
    let Some(max) = max.filter(|m| selected.len() > *m) else {
        return vec![params.clone()];
    };
    selected
        .chunks(max)
        .enumerate()
        .map(|(i, chunk)| DustParams {
            candidates: chunk.to_vec(),
            left_out: if i == 0 {
                params.left_out.clone()
            } else {
                Vec::new()
            },
            target: params.target.clone(),
        })
        .collect()
}

impl Deps {
    /// The confirm screens of one choice on `exchange`: one per conversion (operation id,
    /// its assets), after a note explaining the split when the exchange's per-call limit
    /// made more than one.
    fn confirm_screens(&self, exchange: &dyn Exchange, screens: &[(String, DustParams)]) -> Reply {
        let mut reply = Reply::default();
        let count = screens.len();
        if count > 1 {
            let assets: usize = screens.iter().map(|(_, p)| p.selected().count()).sum();
            let mut explain = vec![
                Text::new("convert-batches")
                    .arg("exchange", exchange.id().name())
                    .int("max", max_per_call(exchange).unwrap_or_default() as i64)
                    .int("count", assets as i64)
                    .int("batches", count as i64),
            ];
            if let Some((limit, span)) = window_of(exchange) {
                explain.push(
                    Text::new("convert-batches-window")
                        .int("limit", limit as i64)
                        .text("span", crate::service::format::span(span)),
                );
            }
            reply.messages.push(Message {
                blocks: explain,
                buttons: Vec::new(),
            });
        }
        for (i, (id, chunk)) in screens.iter().enumerate() {
            let mut msg = confirm_message(id, chunk, self.config.dust_cooldown);
            self.exchange_terms(exchange, &mut msg);
            if count > 1 {
                msg.blocks.insert(
                    0,
                    Text::new("convert-batch")
                        .int("n", i as i64 + 1)
                        .int("batches", count as i64),
                );
            }
            reply.messages.push(self.on_exchange(exchange.id(), msg));
        }
        reply
    }

    /// A screen of a conversion on another exchange than the default, headed by its name.
    fn on_exchange(&self, exchange: ExchangeId, mut msg: Message) -> Message {
        if exchange != self.exchange.id() {
            msg.blocks.insert(
                0,
                Text::new("convert-on-exchange").arg("exchange", exchange.name()),
            );
        }
        msg
    }

    /// The confirm screen's cooldown warning on `exchange`'s own terms: its cooldown, its
    /// count per window, or nothing to wait for.
    fn exchange_terms(&self, exchange: &dyn Exchange, msg: &mut Message) {
        if exchange.id() == self.exchange.id() {
            return;
        }
        let Some(at) = msg
            .blocks
            .iter()
            .position(|b| b.key == "confirm-cooldown-warning")
        else {
            return;
        };
        msg.blocks.remove(at);
        let mut terms = Vec::new();
        if let Some(cooldown) = self.cooldown_of(exchange.id()) {
            terms.push(
                Text::new("confirm-cooldown-warning")
                    .text("cooldown", crate::service::format::span(cooldown)),
            );
        }
        if let Some((limit, span)) = window_of(exchange) {
            terms.push(
                Text::new("confirm-window-warning")
                    .int("limit", limit as i64)
                    .text("span", crate::service::format::span(span)),
            );
        }
        for (i, t) in terms.into_iter().enumerate() {
            msg.blocks.insert(at + i, t);
        }
    }

    /// The result screen of a conversion on `exchange`.
    fn result_on(&self, user: &UserRecord, exchange: ExchangeId, r: &DustResult) -> Message {
        let mut msg = result_message(user, r, self.config.dust_cooldown);
        if exchange == self.exchange.id() {
            return msg;
        }
        let target = r.target.clone().unwrap_or_else(|| {
            self.adapter(exchange)
                .capabilities()
                .small_balance_target()
                .map(Asset::to_string)
                .unwrap_or_default()
        });
        msg.blocks = vec![
            Text::new("convert-done-on")
                .arg("exchange", exchange.name())
                .int("count", r.assets as i64)
                .arg("gross", crate::service::format::amount(r.bnb))
                .arg("fee", crate::service::format::amount(r.fee))
                .arg("received", crate::service::format::amount(r.received()))
                .arg("target", &target)
                .arg("tran_id", &r.batch_id),
        ];
        if let Some(cooldown) = self.cooldown_of(exchange) {
            let next = r.operate_time + chrono::Duration::from_std(cooldown).unwrap_or_default();
            msg.blocks.push(
                Text::new("convert-next")
                    .arg("at", crate::service::format::datetime(next, &user.timezone)),
            );
        }
        msg
    }

    /// The exchange `/convert` runs on: the one named, else the only one connected; with
    /// several connected and none named, the reply asking which (listing them).
    async fn exchange_to_convert_on(
        &self,
        user: &UserRecord,
        named: Option<ExchangeId>,
    ) -> Result<Result<Arc<dyn Exchange>, Reply>, ServiceError> {
        if let Some(id) = named {
            return Ok(match self.exchanges.get(id) {
                Some(e) => Ok(e.clone()),
                None => Err(Reply::text(
                    Text::new("connect-exchange-unknown").arg("exchange", id.name()),
                )),
            });
        }
        let connected = self.connected(user).await?;
        Ok(match connected.as_slice() {
            // None connected: the default's path says how to connect.
            [] => Ok(self.exchange.clone()),
            [one] => Ok(self.adapter(*one)),
            many => Err(Reply::text(
                Text::new("convert-which-exchange").arg(
                    "exchanges",
                    many.iter()
                        .map(|e| e.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
            )),
        })
    }
}
