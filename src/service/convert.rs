//! `/convert`: Small Asset Convert to BNB behind a server-side pending operation
//! (shared/security.md §3.2): selection → confirm screen → a single gated submit →
//! succeeded / failed / unknown, with unknown outcomes reconciled against the dust log.

use base64::Engine as _;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::Asset;
use crate::ports::{
    ConversionSource, ConvertedAsset, DustConversion, DustConversionRecord, DustLogEntry,
    ExchangeError, OperationKind, OperationRecord, OperationStatus, Transition, UserRecord,
};
use crate::service::command::ConvertArgs;
use crate::service::dust::CooldownState;
use crate::service::format::{amount, datetime, span};
use crate::service::reply::{Button, Message, Reply, Text};
use crate::service::{
    CLOCK_MARGIN, CONFIRM_TTL, RECONCILE_GRACE, SELECTION_TTL, Service, ServiceError,
    exchange_error_text,
};

/// What a button press asks for. Tokens are `<letter>.<operation id>[.<index>]`: opaque,
/// at most ~30 bytes, no user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ButtonAction {
    /// Flip one asset of a selection.
    Toggle(String, usize),
    /// Go from the selection to the confirm screen.
    Proceed(String),
    /// Execute the pending operation.
    Confirm(String),
    /// Cancel the operation.
    Cancel(String),
    /// From a reminder: open the confirm screen for everything convertible.
    ConvertNow(String),
    /// From a reminder: remind again in this many hours (1 or 6).
    Snooze(String, u8),
    /// From a reminder: turn reminders off.
    StopReminders(String),
    /// From `/settings`: flip one setting (`r` reminders, `q` quiet-hours mode, `a` auto-sweep).
    Setting(String, char),
    /// From `/dust`: quote the plan's legs and show its one confirm screen.
    PlanGo(String),
    /// From `/dust`: Spot Convert this asset of the plan instead.
    SwapInstead(String, usize),
}

impl ButtonAction {
    /// Parses a token; anything malformed is `None`.
    pub fn parse(token: &str) -> Option<Self> {
        let mut parts = token.split('.');
        let (kind, id) = (parts.next()?, parts.next()?);
        if id.len() != 22
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return None;
        }
        let id = id.to_owned();
        let action = match (kind, parts.next()) {
            ("t", Some(n)) if n.len() <= 3 => Self::Toggle(id, n.parse().ok()?),
            ("p", None) => Self::Proceed(id),
            ("c", None) => Self::Confirm(id),
            ("x", None) => Self::Cancel(id),
            ("n", None) => Self::ConvertNow(id),
            ("z", Some("1")) => Self::Snooze(id, 1),
            ("z", Some("6")) => Self::Snooze(id, 6),
            ("o", None) => Self::StopReminders(id),
            ("g", Some(c @ ("r" | "q" | "a"))) => Self::Setting(id, c.chars().next()?),
            ("r", None) => Self::PlanGo(id),
            ("w", Some(n)) if n.len() <= 2 => Self::SwapInstead(id, n.parse().ok()?),
            _ => return None,
        };
        parts.next().is_none().then_some(action)
    }

    /// The token for this action.
    pub fn token(&self) -> String {
        match self {
            Self::Toggle(id, n) => format!("t.{id}.{n}"),
            Self::Proceed(id) => format!("p.{id}"),
            Self::Confirm(id) => format!("c.{id}"),
            Self::Cancel(id) => format!("x.{id}"),
            Self::ConvertNow(id) => format!("n.{id}"),
            Self::Snooze(id, h) => format!("z.{id}.{h}"),
            Self::StopReminders(id) => format!("o.{id}"),
            Self::Setting(id, c) => format!("g.{id}.{c}"),
            Self::PlanGo(id) => format!("r.{id}"),
            Self::SwapInstead(id, n) => format!("w.{id}.{n}"),
        }
    }

    /// The operation it refers to.
    pub fn operation_id(&self) -> &str {
        match self {
            Self::Toggle(id, _)
            | Self::Proceed(id)
            | Self::Confirm(id)
            | Self::Cancel(id)
            | Self::ConvertNow(id)
            | Self::Snooze(id, _)
            | Self::StopReminders(id)
            | Self::Setting(id, _)
            | Self::PlanGo(id)
            | Self::SwapInstead(id, _) => id,
        }
    }
}

/// A fresh operation id: 128 random bits, base64url (22 characters).
pub fn new_operation_id() -> String {
    let bytes: [u8; 16] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// One convertible asset as shown when the operation was prepared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    /// Asset.
    pub asset: String,
    /// Quantity.
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// BNB before fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub bnb: Decimal,
    /// Fee.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// Net BNB.
    #[serde(with = "rust_decimal::serde::str")]
    pub net: Decimal,
    /// Selected for conversion.
    pub selected: bool,
}

/// An asset left out, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeftOut {
    /// As the user typed it (or the exchange named it).
    pub asset: String,
    /// A locale key explaining why.
    pub reason: String,
}

/// The parameters of a dust operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct DustParams {
    /// The candidates.
    pub candidates: Vec<Candidate>,
    /// Assets asked for that cannot be converted.
    pub left_out: Vec<LeftOut>,
}

impl DustParams {
    fn selected(&self) -> impl Iterator<Item = &Candidate> {
        self.candidates.iter().filter(|c| c.selected)
    }

    fn totals(&self) -> (Decimal, Decimal, Decimal) {
        self.selected().fold(
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO),
            |(b, f, n), c| (b + c.bnb, f + c.fee, n + c.net),
        )
    }

    fn assets(&self) -> Vec<Asset> {
        self.selected()
            .filter_map(|c| Asset::parse(&c.asset).ok())
            .collect()
    }
}

fn parse_params(op: &OperationRecord) -> Result<DustParams, ServiceError> {
    serde_json::from_str(&op.params)
        .map_err(|e| crate::ports::StoreFailure(format!("bad params of {}: {e}", op.id)).into())
}

fn to_json<T: Serialize>(v: &T) -> Result<String, ServiceError> {
    serde_json::to_string(v).map_err(|e| crate::ports::StoreFailure(e.to_string()).into())
}

/// What a finished conversion reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DustResult {
    /// The exchange's transfer id.
    pub tran_id: i64,
    /// BNB as reported.
    #[serde(with = "rust_decimal::serde::str")]
    pub bnb: Decimal,
    /// Fee as reported.
    #[serde(with = "rust_decimal::serde::str")]
    pub fee: Decimal,
    /// When.
    pub operate_time: DateTime<Utc>,
    /// How many assets.
    pub assets: usize,
}

impl DustResult {
    /// The BNB credited: the exchange reports `transferedAmount` before the fee
    /// (`protocol::DUST_TRANSFERED_IS_GROSS`, shared/exchange/binance.md §3.2).
    pub fn received(&self) -> Decimal {
        if crate::binance::protocol::DUST_TRANSFERED_IS_GROSS {
            self.bnb - self.fee
        } else {
            self.bnb
        }
    }
}

fn record_of(
    entry: &DustLogEntry,
    source: ConversionSource,
    op: Option<&str>,
) -> DustConversionRecord {
    DustConversionRecord {
        tran_id: entry.trans_id,
        operate_time: entry.operate_time,
        total_bnb: entry.total_transfered_bnb,
        total_fee: entry.total_fee_bnb,
        assets: entry
            .details
            .iter()
            .map(|d| ConvertedAsset {
                asset: d.from_asset.to_string(),
                amount: d.amount,
                bnb: d.transfered_bnb,
                fee: d.fee_bnb,
            })
            .collect(),
        source,
        operation_id: op.map(str::to_owned),
    }
}

fn record_of_conversion(c: &DustConversion, op: &str) -> Option<DustConversionRecord> {
    let first = c.transfers.first()?;
    Some(DustConversionRecord {
        tran_id: first.tran_id,
        operate_time: first.operate_time,
        total_bnb: c.total_transfered_bnb,
        total_fee: c.total_fee_bnb,
        assets: c
            .transfers
            .iter()
            .map(|t| ConvertedAsset {
                asset: t.from_asset.to_string(),
                amount: t.amount,
                bnb: t.transfered_bnb,
                fee: t.fee_bnb,
            })
            .collect(),
        source: ConversionSource::Dustpan,
        operation_id: Some(op.to_owned()),
    })
}

impl Service {
    /// Reads the exchange's dust log into dustpan's records, so conversions made in the
    /// exchange's own app count for the cooldown and the history.
    pub async fn sync_dust_log(&self, user: &UserRecord) -> Result<(), ServiceError> {
        let creds = self.credentials(user).await?;
        let since = self.now()
            - chrono::Duration::from_std(self.config.dust_cooldown).unwrap_or_default()
            - chrono::Duration::from_std(CLOCK_MARGIN).unwrap_or_default();
        let log = self.exchange.dust_log(&creds, Some(since)).await?;
        for entry in &log {
            self.record_conversion(user.id, &record_of(entry, ConversionSource::Exchange, None))
                .await?;
        }
        Ok(())
    }

    /// Reconciles the user's operations in flight before anything else happens for them.
    /// Returns an error reply text when one is still unresolved.
    pub(crate) async fn settle_inflight(
        &self,
        user: &UserRecord,
    ) -> Result<Option<Text>, ServiceError> {
        for op in self.store.inflight_operations(Some(user.id)).await? {
            if !self.reconcile(&op).await? {
                return Ok(Some(Text::new("convert-still-confirming")));
            }
        }
        Ok(None)
    }

    /// Resolves one operation in flight against the dust log. True when it is settled.
    pub(crate) async fn reconcile(&self, op: &OperationRecord) -> Result<bool, ServiceError> {
        match op.kind {
            OperationKind::Dust => {}
            OperationKind::Convert => return self.reconcile_swap(op).await,
            OperationKind::Forget => return Ok(false),
        }
        let user = self
            .store
            .user_by_id(op.user_id)
            .await?
            .ok_or_else(|| crate::ports::StoreFailure("operation without user".into()))?;
        let params = parse_params(op)?;
        let submitted = op.submitted_at.unwrap_or(op.created_at);
        let margin = chrono::Duration::from_std(CLOCK_MARGIN).unwrap_or_default();
        let creds = self.credentials(&user).await?;
        let log = self
            .exchange
            .dust_log(&creds, Some(submitted - margin))
            .await?;
        let mut wanted: Vec<String> = params.assets().iter().map(|a| a.to_string()).collect();
        wanted.sort();
        let found = log.iter().find(|e| {
            let mut got: Vec<String> = e.details.iter().map(|d| d.from_asset.to_string()).collect();
            got.sort();
            e.operate_time >= submitted - margin && got == wanted
        });
        let now = self.now();
        if let Some(entry) = found {
            self.record_conversion(
                user.id,
                &record_of(entry, ConversionSource::Dustpan, Some(&op.id)),
            )
            .await?;
            let result = DustResult {
                tran_id: entry.trans_id,
                bnb: entry.total_transfered_bnb,
                fee: entry.total_fee_bnb,
                operate_time: entry.operate_time,
                assets: entry.details.len(),
            };
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Succeeded,
                    Some(&to_json(&result)?),
                    None,
                    now,
                )
                .await?;
            tracing::info!(op = %op.id, tran_id = entry.trans_id, "reconciled: succeeded");
            return Ok(true);
        }
        let grace = chrono::Duration::from_std(RECONCILE_GRACE).unwrap_or_default();
        if now > submitted + grace {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Failed,
                    None,
                    Some("not found in the dust log"),
                    now,
                )
                .await?;
            tracing::info!(op = %op.id, "reconciled: not executed");
            return Ok(true);
        }
        if op.status == OperationStatus::Submitting {
            self.store
                .finish_operation(&op.id, OperationStatus::Unknown, None, None, now)
                .await?;
        }
        Ok(false)
    }

    /// The cooldown after reading the exchange's dust log.
    async fn fresh_cooldown(&self, user: &UserRecord) -> Result<CooldownState, ServiceError> {
        self.sync_dust_log(user).await?;
        self.cooldown_state(user).await
    }

    fn cooldown_text(&self, user: &UserRecord, until: DateTime<Utc>) -> Text {
        Text::new("convert-cooldown")
            .arg(
                "left",
                span((until - self.now()).to_std().unwrap_or_default()),
            )
            .arg("at", datetime(until, &user.timezone))
    }

    pub(crate) async fn convert_command(
        &self,
        user: &UserRecord,
        args: ConvertArgs,
    ) -> Result<Reply, ServiceError> {
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        if let CooldownState::Until(t) = self.fresh_cooldown(user).await? {
            return Ok(Reply::text(self.cooldown_text(user, t)));
        }
        let creds = self.credentials(user).await?;
        let dust = self.exchange.dust_candidates(&creds).await?;
        if dust.details.is_empty() {
            return Ok(Reply::text(Text::new("convert-nothing")));
        }
        let mut params = DustParams::default();
        let wanted: Option<Vec<Asset>> = match &args {
            ConvertArgs::Select | ConvertArgs::All => None,
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
        for c in &dust.details {
            params.candidates.push(Candidate {
                asset: c.asset.to_string(),
                amount: c.amount_free,
                bnb: c.to_bnb,
                fee: c.fee_bnb,
                net: c.to_bnb_after_fee,
                selected: wanted.as_ref().is_none_or(|w| w.contains(&c.asset)),
            });
        }
        if let Some(w) = &wanted {
            // Only what was asked for; the rest is not part of this operation.
            params.candidates.retain(|c| c.selected);
            if w.is_empty() {
                let mut reply = Reply::text(Text::new("convert-none-selected"));
                for l in &params.left_out {
                    reply.messages[0].blocks.push(left_out_text(l));
                }
                return Ok(reply);
            }
        }
        let now = self.now();
        let selecting = matches!(args, ConvertArgs::Select);
        let ttl = if selecting {
            SELECTION_TTL
        } else {
            CONFIRM_TTL
        };
        let op = OperationRecord {
            id: new_operation_id(),
            user_id: user.id,
            kind: OperationKind::Dust,
            status: if selecting {
                OperationStatus::Selecting
            } else {
                OperationStatus::Pending
            },
            params: to_json(&params)?,
            created_at: now,
            expires_at: now + chrono::Duration::from_std(ttl).unwrap_or_default(),
            submitted_at: None,
            result: None,
            last_error: None,
        };
        self.store.insert_operation(&op).await?;
        Ok(Reply::message(if selecting {
            selection_message(&op.id, &params)
        } else {
            self.confirm_message(&op.id, &params)
        }))
    }

    fn confirm_message(&self, id: &str, p: &DustParams) -> Message {
        let (bnb, fee, net) = p.totals();
        let mut blocks = vec![Text::new("confirm-title").int("count", p.selected().count() as i64)];
        for c in p.selected() {
            blocks.push(
                Text::new("confirm-line")
                    .arg("asset", &c.asset)
                    .arg("amount", amount(c.amount))
                    .arg("bnb", amount(c.bnb))
                    .arg("fee", amount(c.fee))
                    .arg("net", amount(c.net)),
            );
        }
        blocks.push(
            Text::new("confirm-totals")
                .arg("bnb", amount(bnb))
                .arg("fee", amount(fee))
                .arg("net", amount(net)),
        );
        for l in &p.left_out {
            blocks.push(left_out_text(l));
        }
        blocks.push(
            Text::new("confirm-cooldown-warning").arg("cooldown", span(self.config.dust_cooldown)),
        );
        blocks.push(Text::new("confirm-expiry").arg("ttl", span(CONFIRM_TTL)));
        Message {
            blocks,
            buttons: vec![vec![
                Button {
                    label: Text::new("button-confirm"),
                    token: ButtonAction::Confirm(id.to_owned()).token(),
                },
                Button {
                    label: Text::new("button-cancel"),
                    token: ButtonAction::Cancel(id.to_owned()).token(),
                },
            ]],
        }
    }

    pub(crate) async fn press_action(
        &self,
        user: &UserRecord,
        op: OperationRecord,
        action: ButtonAction,
    ) -> Result<Reply, ServiceError> {
        if op.kind == OperationKind::Convert {
            return self.press_convert(user, op, action).await;
        }
        let now = self.now();
        match (&action, op.status) {
            (ButtonAction::Cancel(_), OperationStatus::Selecting | OperationStatus::Pending) => {
                let done = self
                    .store
                    .transition(&op.id, user.id, op.status, OperationStatus::Cancelled, now)
                    .await?;
                Ok(match done {
                    Transition::Done => Reply::text(Text::new("cancelled")).replacing(),
                    _ => Reply::default().with_notice(Text::new("button-stale")),
                })
            }
            (ButtonAction::Toggle(_, n), OperationStatus::Selecting) if op.expires_at > now => {
                let mut p = parse_params(&op)?;
                let Some(c) = p.candidates.get_mut(*n) else {
                    return Ok(Reply::default().with_notice(Text::new("button-stale")));
                };
                c.selected = !c.selected;
                let expires = now + chrono::Duration::from_std(SELECTION_TTL).unwrap_or_default();
                if !self
                    .store
                    .update_params(&op.id, OperationStatus::Selecting, &to_json(&p)?, expires)
                    .await?
                {
                    return Ok(Reply::default().with_notice(Text::new("button-stale")));
                }
                Ok(Reply::message(selection_message(&op.id, &p)).replacing())
            }
            (ButtonAction::Proceed(_), OperationStatus::Selecting) if op.expires_at > now => {
                let p = parse_params(&op)?;
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
                        Ok(Reply::message(self.confirm_message(&op.id, &p)).replacing())
                    }
                    _ => Ok(Reply::default().with_notice(Text::new("button-stale"))),
                }
            }
            (ButtonAction::Confirm(_), OperationStatus::Pending) if op.expires_at > now => {
                match op.kind {
                    OperationKind::Dust => self.confirm_dust(user, op).await,
                    OperationKind::Forget => self.confirm_forget(user, op).await,
                    OperationKind::Convert => self.press_convert(user, op, action).await,
                }
            }
            (_, OperationStatus::Selecting | OperationStatus::Pending) => {
                // Expired: say so and close it.
                // Nobody can confirm it any more (the gate checks expiry), so closing it
                // unconditionally races with nothing.
                self.store
                    .finish_operation(&op.id, OperationStatus::Expired, None, None, now)
                    .await?;
                Ok(Reply::text(Text::new("button-expired")).replacing())
            }
            (ButtonAction::Confirm(_), OperationStatus::Submitting | OperationStatus::Unknown) => {
                Ok(Reply::default().with_notice(Text::new("button-in-progress")))
            }
            _ => Ok(Reply::default().with_notice(Text::new("button-used"))),
        }
    }

    pub(crate) async fn confirm_dust(
        &self,
        user: &UserRecord,
        op: OperationRecord,
    ) -> Result<Reply, ServiceError> {
        if let Some(wait) = self.settle_inflight(user).await? {
            return Ok(Reply::text(wait));
        }
        let params = parse_params(&op)?;
        let assets = params.assets();
        // Before every conversion: the dust log, so one made elsewhere stops this one here
        // rather than at the exchange.
        if let CooldownState::Until(t) = self.fresh_cooldown(user).await? {
            self.store
                .finish_operation(
                    &op.id,
                    OperationStatus::Failed,
                    None,
                    Some("cooldown"),
                    self.now(),
                )
                .await?;
            return Ok(Reply::text(self.cooldown_text(user, t)).replacing());
        }
        let creds = self.credentials(user).await?;
        // The idempotency gate: only one press gets past it, and the intent is committed
        // before the request leaves.
        match self
            .store
            .transition(
                &op.id,
                user.id,
                OperationStatus::Pending,
                OperationStatus::Submitting,
                self.now(),
            )
            .await?
        {
            Transition::Done => {}
            Transition::NotApplicable => {
                return Ok(Reply::default().with_notice(Text::new("button-in-progress")));
            }
            Transition::UserBusy => return Ok(Reply::text(Text::new("convert-still-confirming"))),
        }
        let outcome = self.exchange.convert_dust(&creds, &assets).await;
        let now = self.now();
        match outcome {
            Ok(conv) => {
                if let Some(rec) = record_of_conversion(&conv, &op.id) {
                    self.record_conversion(user.id, &rec).await?;
                }
                let result = DustResult {
                    tran_id: conv
                        .transfers
                        .first()
                        .map(|t| t.tran_id)
                        .unwrap_or_default(),
                    bnb: conv.total_transfered_bnb,
                    fee: conv.total_fee_bnb,
                    operate_time: conv
                        .transfers
                        .first()
                        .map(|t| t.operate_time)
                        .unwrap_or(now),
                    assets: conv.transfers.len(),
                };
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Succeeded,
                        Some(&to_json(&result)?),
                        None,
                        now,
                    )
                    .await?;
                Ok(Reply::message(self.result_message(user, &result)).replacing())
            }
            Err(ExchangeError::OutcomeUnknown(cause)) => {
                tracing::warn!(op = %op.id, %cause, "dust conversion outcome unknown; reconciling");
                self.store
                    .finish_operation(&op.id, OperationStatus::Unknown, None, Some(&cause), now)
                    .await?;
                let op = self.store.operation(&op.id).await?.unwrap_or(op);
                match self.reconcile(&op).await {
                    Ok(true) => self.finished_reply(user, &op.id).await,
                    Ok(false) | Err(_) => {
                        Ok(Reply::text(Text::new("convert-submitted-unknown")).replacing())
                    }
                }
            }
            Err(e) => {
                self.store
                    .finish_operation(
                        &op.id,
                        OperationStatus::Failed,
                        None,
                        Some(&e.to_string()),
                        now,
                    )
                    .await?;
                if let ExchangeError::Rejected { code, .. } = &e
                    && *code == crate::binance::protocol::DUST_COOLDOWN.code
                {
                    // The exchange knows of a conversion we do not: learn it and say when.
                    if let CooldownState::Until(t) = self.fresh_cooldown(user).await? {
                        return Ok(Reply::text(self.cooldown_text(user, t)).replacing());
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
                    Some(r) => Reply::message(self.result_message(user, &r)).replacing(),
                    None => Reply::text(Text::new("convert-submitted-unknown")).replacing(),
                }
            }
            _ => Reply::text(Text::new("convert-not-executed")).replacing(),
        })
    }

    fn result_message(&self, user: &UserRecord, r: &DustResult) -> Message {
        let next = r.operate_time + self.config.dust_cooldown;
        Message {
            blocks: vec![
                Text::new("convert-done")
                    .int("count", r.assets as i64)
                    .arg("bnb", amount(r.bnb))
                    .arg("fee", amount(r.fee))
                    .arg("received", amount(r.received()))
                    .arg("tran_id", r.tran_id),
                Text::new("convert-next").arg("at", datetime(next, &user.timezone)),
            ],
            buttons: Vec::new(),
        }
    }
}

fn left_out_text(l: &LeftOut) -> Text {
    let reason = match l.reason.as_str() {
        "left-out-not-an-asset" => "left-out-not-an-asset",
        _ => "left-out-not-convertible",
    };
    Text::new(reason).arg("asset", &l.asset)
}

fn selection_message(id: &str, p: &DustParams) -> Message {
    let (_, _, net) = p.totals();
    let count = p.selected().count();
    let mut buttons: Vec<Vec<Button>> = p
        .candidates
        .chunks(3)
        .enumerate()
        .map(|(row, chunk)| {
            chunk
                .iter()
                .enumerate()
                .map(|(i, c)| Button {
                    label: Text::new(if c.selected {
                        "button-asset-on"
                    } else {
                        "button-asset-off"
                    })
                    .arg("asset", &c.asset),
                    token: ButtonAction::Toggle(id.to_owned(), row * 3 + i).token(),
                })
                .collect()
        })
        .collect();
    buttons.push(vec![Button {
        label: Text::new("button-convert-selected")
            .int("count", count as i64)
            .arg("net", amount(net)),
        token: ButtonAction::Proceed(id.to_owned()).token(),
    }]);
    buttons.push(vec![Button {
        label: Text::new("button-cancel"),
        token: ButtonAction::Cancel(id.to_owned()).token(),
    }]);
    Message {
        blocks: vec![Text::new("select-title").int("count", p.candidates.len() as i64)],
        buttons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let id = new_operation_id();
        assert_eq!(id.len(), 22);
        for a in [
            ButtonAction::Toggle(id.clone(), 12),
            ButtonAction::Proceed(id.clone()),
            ButtonAction::Confirm(id.clone()),
            ButtonAction::Cancel(id.clone()),
            ButtonAction::PlanGo(id.clone()),
            ButtonAction::SwapInstead(id.clone(), 5),
        ] {
            let t = a.token();
            assert!(t.len() <= 64);
            assert_eq!(ButtonAction::parse(&t), Some(a));
        }
        for junk in [
            "",
            "c",
            "c.",
            "c.short",
            "z.AAAAAAAAAAAAAAAAAAAAAA",
            "c.AAAAAAAAAAAAAAAAAAAAAA.1",
            "t.AAAAAAAAAAAAAAAAAAAAAA.x",
            "c.AAAAAAAAAAAAAAAAAAAA/=",
            "t.AAAAAAAAAAAAAAAAAAAAAA.99999",
        ] {
            assert_eq!(ButtonAction::parse(junk), None, "{junk}");
        }
    }
}
