//! `/convert`: Small Asset Convert to BNB behind a server-side pending operation
//! (shared/security.md §3.2): selection → confirm screen → a single gated submit →
//! succeeded / failed / unknown, with unknown outcomes reconciled against the dust log.

use crate::domain::Asset;
use crate::ports::{
    ExchangeError, Finished, OperationRecord, OperationStatus, Transition, UserRecord,
};
use crate::service::model::CooldownState;
use crate::service::model::{CONFIRM_TTL, SELECTION_TTL, ServiceError, exchange_error_text};
use crate::service::operations::{OperationParams, dust_params, to_json};
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
        let (args, target) = args.split_target();
        // A target is checked before anything is asked of the exchange; the default one
        // (BNB on Binance) is the classic conversion, exactly as without `to`.
        let target = match target.map(|t| self.chosen_target(&t)).transpose() {
            Ok(t) => t.flatten(),
            Err(refused) => return Ok(Reply::text(refused)),
        };
        let creds = match self.settle_and_load(user).await? {
            Ok(creds) => creds,
            Err(wait) => return Ok(Reply::text(wait)),
        };
        if let CooldownState::Until(t) = self.fresh_cooldown(user, &creds).await? {
            return Ok(Reply::text(cooldown_text(user, t, self.now())));
        }
        let dust = match &target {
            Some(t) => self.exchange.dust_candidates_to(&creds, t).await?,
            None => self.exchange.dust_candidates(&creds).await?,
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
            ConvertArgs::Select | ConvertArgs::All | ConvertArgs::To { .. } => None,
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
            .and(self.exchange.capabilities().small_balance_target().cloned());
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
        let op = self
            .open_operation(user.id, status, &OperationParams::Dust(params.clone()), ttl)
            .await?;
        Ok(Reply::message(if selecting {
            selection_message(&op.id, &params)
        } else {
            confirm_message(&op.id, &params, self.config.dust_cooldown)
        }))
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
        let expires = now + chrono::Duration::from_std(CONFIRM_TTL).unwrap_or_default();
        self.store
            .update_params(&op.id, OperationStatus::Selecting, &op.params, expires)
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
                Ok(
                    Reply::message(confirm_message(&op.id, &p, self.config.dust_cooldown))
                        .replacing(),
                )
            }
            _ => Ok(Reply::default().with_notice(Text::new("button-stale"))),
        }
    }

    async fn confirm_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        let creds = match self.settle_and_load(user).await? {
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
            self.recent_cooldown(user, &creds),
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
        // (service/pending.rs).
        let outcome = self
            .send_dust(user, &creds, &assets, target.as_ref(), &op.id)
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
                match record_of_conversion(self.exchange.id(), &conv, &op.id) {
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
                Ok(
                    Reply::message(result_message(user, &result, self.config.dust_cooldown))
                        .replacing(),
                )
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
                    Ok(false) => {
                        Ok(Reply::text(Text::new("convert-submitted-unknown")).replacing())
                    }
                    Err(e) => {
                        tracing::warn!(op = %op.id, error = %crate::ports::error_chain(&e), "reconcile failed; will retry");
                        Ok(Reply::text(Text::new("convert-submitted-unknown")).replacing())
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
                    if let CooldownState::Until(t) = self.fresh_cooldown(user, &creds).await? {
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
        Ok(match op {
            Some(op) if op.status == OperationStatus::Succeeded => {
                let result: Option<DustResult> = op
                    .result
                    .as_deref()
                    .and_then(|r| serde_json::from_str(r).ok());
                match result {
                    Some(r) => Reply::message(result_message(user, &r, self.config.dust_cooldown))
                        .replacing(),
                    None => Reply::text(Text::new("convert-submitted-unknown")).replacing(),
                }
            }
            Some(op) if op.status == OperationStatus::Failed => {
                Reply::text(Text::new("convert-not-executed")).replacing()
            }
            // Unknown, or closed as unresolved meanwhile: nothing is known to have failed.
            _ => Reply::text(Text::new("convert-submitted-unknown")).replacing(),
        })
    }
}

impl Deps {
    /// The target named after `to`: `None` for the exchange's default (the classic
    /// conversion), or the sentence saying it is not offered and what is.
    fn chosen_target(&self, typed: &str) -> Result<Option<Asset>, Text> {
        let caps = self.exchange.capabilities();
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
}
