//! `/dust chart` and the Chart button under `/dust`: the small balances as a PNG bar chart,
//! largest first, each bar coloured by the planner's recommended way out, with the
//! convertible total and what converting would give. Values in the user's display
//! currency, as `/dust` shows them; every text in the user's language. The picture is drawn
//! on a blocking thread (`spawn_blocking`) so a slow drawing holds up nobody else.

use std::sync::Arc;

use rust_decimal::Decimal;

use crate::chart::{Bar, Chart, Way};
use crate::domain::{Asset, ExchangeId};
use crate::i18n::locales;
use crate::ports::{Exchange, UserRecord};
use crate::service::currency::Shown;
use crate::service::deps::Deps;
use crate::service::dust::{DustClass, DustReport, Reports};
use crate::service::format::amount;
use crate::service::model::ServiceError;
use crate::service::plan::Plans;
use crate::service::planner::{AssetPlan, Method};
use crate::service::reply::{Attachment, Reply, Text};

/// At most this many bars; the rest are summed up in one line ("+N more"), so the picture
/// stays readable on a phone.
pub const MAX_BARS: usize = 12;

/// What a chart is drawn from: one exchange's report, the planner's advice where there is
/// one (the default exchange), and how values are shown.
pub struct ChartInput<'a> {
    /// The exchange the balances are on.
    pub exchange: ExchangeId,
    /// The report.
    pub report: &'a DustReport,
    /// The planner's options per asset (empty: no planner for this exchange).
    pub plans: &'a [AssetPlan],
    /// What small balances convert to on this exchange (BNB on Binance).
    pub small_target: Option<&'a Asset>,
    /// The user's Spot Convert target.
    pub convert_target: &'a Asset,
    /// The display currency.
    pub shown: &'a Shown,
}

/// The way out a line's bar is coloured by: the planner's recommendation, or, without a
/// planner, small-balance conversion for what the exchange would convert.
fn way_of(input: &ChartInput<'_>, asset: &Asset, class: &DustClass) -> Way {
    if input.plans.is_empty() {
        return match class {
            DustClass::Convertible { .. } => Way::SmallAssetConvert,
            _ => Way::Keep,
        };
    }
    match input
        .plans
        .iter()
        .find(|p| &p.asset == asset)
        .map(|p| p.recommended().method)
    {
        Some(Method::SmallAssetBnb | Method::SmallAssetTarget) => Way::SmallAssetConvert,
        Some(Method::SpotConvert) => Way::SpotConvert,
        Some(Method::MarketSell) => Way::MarketSell,
        Some(Method::Leave) | None => Way::Keep,
    }
}

/// The chart of `input` in `lang`, and the caption sent with it. `None` when there is no
/// dust: that deserves a sentence, not an empty picture.
pub fn build(lang: &str, input: &ChartInput<'_>) -> Option<(Chart, Text)> {
    let r = input.report;
    if r.lines.is_empty() {
        return None;
    }
    let say = |t: Text| locales().render(lang, &t, &|s| s.to_owned());
    let shown = input.shown;
    let currency = shown.currency().to_string();
    let exchange = input.exchange.name();
    let mut lines: Vec<_> = r.lines.iter().collect();
    // Largest first; equal values by name, so the same report draws the same picture.
    lines.sort_by(|a, b| b.usdt.cmp(&a.usdt).then_with(|| a.asset.cmp(&b.asset)));
    let total: Decimal = lines
        .iter()
        .map(|l| l.usdt)
        .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
        .unwrap_or(Decimal::MAX);
    let bars: Vec<Bar> = lines
        .iter()
        .map(|l| Bar {
            label: l.asset.to_string(),
            value: shown.value(l.usdt),
            value_text: shown.show(l.usdt),
            way: way_of(input, &l.asset, &l.class),
        })
        .collect();
    let mut ways: Vec<Way> = bars.iter().map(|b| b.way).collect();
    ways.sort();
    ways.dedup();
    let small_target = input
        .small_target
        .map(ToString::to_string)
        .unwrap_or_default();
    let legend = ways
        .into_iter()
        .map(|w| {
            let text = match w {
                Way::SmallAssetConvert => Text::new("chart-way-small").arg("target", &small_target),
                Way::SpotConvert => {
                    Text::new("chart-way-convert").arg("target", input.convert_target)
                }
                Way::MarketSell => Text::new("chart-way-sell"),
                Way::Keep => Text::new("chart-way-keep"),
            };
            (w, say(text))
        })
        .collect();
    let mut sentences = Vec::new();
    if r.total_net.is_zero() {
        sentences.push(say(Text::new("chart-nothing-convertible")));
    } else {
        sentences.push(say(Text::new("chart-convertible")
            .arg("value", shown.show(r.convertible_usdt))
            .arg("net", amount(r.total_net))
            .arg("target", &small_target)));
    }
    let worth: Decimal = input
        .plans
        .iter()
        .filter(|p| p.recommended().method != Method::Leave)
        .map(|p| p.recommended().net_value)
        .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
        .unwrap_or(Decimal::MAX);
    if !worth.is_zero() {
        sentences.push(say(
            Text::new("chart-plan-worth").arg("value", shown.show(worth))
        ));
    }
    let rest = bars.len().saturating_sub(MAX_BARS);
    let footer = (rest > 0).then(|| {
        let rest_value: Decimal = lines[MAX_BARS..]
            .iter()
            .map(|l| l.usdt)
            .try_fold(Decimal::ZERO, |a, v| a.checked_add(v))
            .unwrap_or(Decimal::MAX);
        say(Text::new("chart-more")
            .int("count", rest as i64)
            .arg("value", shown.show(rest_value)))
    });
    let chart = Chart {
        title: say(Text::new("chart-title")
            .arg("exchange", exchange)
            .arg("currency", &currency)),
        lines: sentences,
        legend,
        bars: bars.into_iter().take(MAX_BARS).collect(),
        footer,
    };
    let caption = Text::new("chart-caption")
        .arg("exchange", exchange)
        .int("count", r.lines.len() as i64)
        .arg("value", shown.show(total));
    Some((chart, caption))
}

/// The `/dust chart` use case.
/// Called through this trait, imported by name, so each call shows.
pub(crate) trait Charts {
    /// The chart of the exchange named, or of the one `/dust` shows first.
    async fn dust_chart(
        &self,
        user: &UserRecord,
        exchange: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError>;
}

impl Charts for Deps {
    async fn dust_chart(
        &self,
        user: &UserRecord,
        exchange: Option<ExchangeId>,
    ) -> Result<Reply, ServiceError> {
        let default = self.exchange.id();
        let id = match exchange {
            Some(id) => id,
            None => self.first_connected(user).await?.unwrap_or(default),
        };
        let shown = self.shown_for(user).await;
        let convert_target = user.prefs.target.clone();
        let (report, plans, small_target) = if id == default {
            let report = self.dust_report(user).await?;
            let plans = if report.lines.is_empty() {
                Vec::new()
            } else {
                self.plan_report(user, &report, &convert_target).await.plans
            };
            let target = self.exchange.capabilities().small_balance_target().cloned();
            (report, plans, target)
        } else {
            let Some(adapter) = self.exchanges.get(id).cloned() else {
                return Ok(Reply::text(
                    Text::new("connect-exchange-unknown").arg("exchange", id.name()),
                ));
            };
            let creds = self
                .keys
                .load(user.id, id)
                .await?
                .ok_or(ServiceError::NotConnected)?;
            let report = self.report_on(&adapter, &creds).await?;
            let target = adapter.capabilities().small_balance_target().cloned();
            (report, Vec::new(), target)
        };
        let input = ChartInput {
            exchange: id,
            report: &report,
            plans: &plans,
            small_target: small_target.as_ref(),
            convert_target: &convert_target,
            shown: &shown,
        };
        let Some((chart, caption)) = build(&user.language, &input) else {
            return Ok(Reply::text(Text::new("chart-no-dust")));
        };
        let drawn = tokio::task::spawn_blocking(move || crate::chart::render(&chart)).await;
        let png = match drawn {
            Ok(Ok(png)) => png,
            Ok(Err(e)) => {
                tracing::error!(error = %e, "chart not drawn");
                return Ok(Reply::text(Text::new("chart-failed")));
            }
            Err(e) => {
                tracing::error!(error = %e, "chart drawing stopped");
                return Ok(Reply::text(Text::new("chart-failed")));
            }
        };
        let mut reply = Reply::default();
        reply.attachments.push(Attachment {
            filename: format!("dustpan-dust-{}.png", id.as_str()),
            content_type: "image/png",
            bytes: bytes::Bytes::from(png),
            caption: Some(caption),
        });
        Ok(reply)
    }
}

impl Deps {
    /// The exchange `/dust` shows first: the default one when its key is stored, else the
    /// first other one connected; `None` when none is.
    async fn first_connected(&self, user: &UserRecord) -> Result<Option<ExchangeId>, ServiceError> {
        let default = self.exchange.id();
        if self.keys.load(user.id, default).await?.is_some() {
            return Ok(Some(default));
        }
        let others: Vec<&Arc<dyn Exchange>> = self
            .exchanges
            .iter()
            .filter(|e| e.id() != default)
            .collect();
        for e in others {
            if self.keys.load(user.id, e.id()).await?.is_some() {
                return Ok(Some(e.id()));
            }
        }
        Ok(None)
    }
}
