//! `ports::Exchange` for [`MexcClient`]: each endpoint's parameters, safety class and
//! mapping (mexc.md §4–§7; paths and weights from `protocol`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use secrecy::SecretString;

use super::client::MexcClient;
use super::credentials;
use super::dto::{
    AccountDto, DustConvertDto, DustListRow, DustLogDto, ExchangeInfoDto, NewOrderDto, OrderDto,
    TickerPriceDto,
};
use super::error::{Safety, is_code};
use super::map::{self, MapResult};
use super::protocol;
use super::sign::Params;
use super::{assumptions, capabilities};
use crate::domain::{Asset, CredentialShape, Credentials, CredentialsError, ExchangeId};
use crate::ports::{
    Balance, Capabilities, DustCandidates, DustConversion, DustLogEntry, Exchange, ExchangeError,
    KeyPermissions, MarketSell, Prices, Refusal, SpotOrder, TradingRules, UserAsset,
};

/// Most dust-log pages read per call (pages of `MexcConfig::dust_log_page_limit`).
pub const DUST_LOG_MAX_PAGES: i64 = 20;
/// How far before sending a dust transfer its batch is looked for in the log (clock
/// skew between the log's `convertTime` and our offset).
const DUST_LOG_SLACK_MS: i64 = 60_000;

fn map_read<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::InvalidResponse(e.into()))
}

fn map_money<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::OutcomeUnknown(format!("unreadable answer: {e}").into()))
}

/// Refused here, before anything is sent: nothing happened.
fn refused_locally(msg: &str) -> ExchangeError {
    ExchangeError::Rejected {
        code: protocol::PARAM_ERROR.code.to_string(),
        msg: msg.to_owned(),
        reason: Refusal::Other,
    }
}

fn is_no_permission(e: &ExchangeError) -> bool {
    matches!(e, ExchangeError::Unauthorized { code, .. } if is_code(code, protocol::NO_PERMISSION))
}

impl MexcClient {
    /// Every dust-log batch from `since` (all pages, `limit` sent explicitly), newest first.
    async fn read_dust_log(
        &self,
        creds: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError> {
        let mut out = Vec::new();
        let mut page: i64 = 1;
        loop {
            let p = Params::new()
                .push_opt("startTime", since.map(|t| t.timestamp_millis().to_string()))
                .push("page", page.to_string())
                .push("limit", self.inner.dust_log_page_limit.to_string());
            let dto: DustLogDto = self
                .call(&protocol::DUST_LOG, p, Some(creds), Safety::Read)
                .await?;
            let pages = dto.total_page_num.or(dto.total_page).unwrap_or(1);
            let empty = dto.data.is_empty();
            for b in dto.data {
                out.push(map_read(map::dust_batch(b))?);
            }
            if empty || page >= pages {
                break;
            }
            if page >= DUST_LOG_MAX_PAGES {
                return Err(ExchangeError::InvalidResponse(
                    "the dust log has more pages than dustpan reads".into(),
                ));
            }
            page += 1;
        }
        out.sort_by_key(|b| std::cmp::Reverse(b.operate_time));
        Ok(out)
    }

    /// The order as `GET /api/v3/order` shows it, by our client order id.
    async fn query_order(
        &self,
        creds: &Credentials,
        symbol: &str,
        client_order_id: &str,
    ) -> Result<Option<SpotOrder>, ExchangeError> {
        let p = Params::new()
            .push("symbol", symbol)
            .push("origClientOrderId", client_order_id);
        match self
            .call::<OrderDto>(&protocol::QUERY_ORDER, p, Some(creds), Safety::Read)
            .await
        {
            Ok(dto) => map_read(map::spot_order(dto)).map(Some),
            Err(ExchangeError::Rejected { code, .. })
                if is_code(&code, assumptions::ORDER_NOT_FOUND) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}

#[async_trait]
impl Exchange for MexcClient {
    fn id(&self) -> ExchangeId {
        ExchangeId::Mexc
    }

    fn capabilities(&self) -> &Capabilities {
        &capabilities::CAPABILITIES
    }

    fn parse_credentials(
        &self,
        key: SecretString,
        secret: SecretString,
        passphrase: Option<SecretString>,
    ) -> Result<Credentials, CredentialsError> {
        credentials::parse(key, secret, passphrase)
    }

    fn credential_shape(&self, text: &str) -> CredentialShape {
        credentials::shape(text)
    }

    async fn server_time(&self) -> Result<DateTime<Utc>, ExchangeError> {
        self.sync_time().await
    }

    async fn balances(&self, creds: &Credentials) -> Result<Vec<Balance>, ExchangeError> {
        let dto: AccountDto = self
            .call(&protocol::ACCOUNT, Params::new(), Some(creds), Safety::Read)
            .await?;
        Ok(map::balances(dto))
    }

    async fn user_assets(&self, creds: &Credentials) -> Result<Vec<UserAsset>, ExchangeError> {
        let balances = self.balances(creds).await?;
        let prices = self.prices().await?;
        Ok(map::user_assets(balances, &prices))
    }

    async fn dust_candidates(&self, creds: &Credentials) -> Result<DustCandidates, ExchangeError> {
        let rows: Vec<DustListRow> = self
            .call(
                &protocol::DUST_LIST,
                Params::new(),
                Some(creds),
                Safety::Read,
            )
            .await?;
        let prices = self.prices().await?;
        map_read(map::dust_candidates(rows, &prices))
    }

    /// One dust transfer of at most 15 assets (more are refused here, before sending: the
    /// caller splits, since each call counts against MEXC's 10 per 24 h). The answer names
    /// no batch and no per-asset amounts, so the batch is read back from the dust log; if
    /// the log does not show it, the outcome is reported unknown and reconciled from the
    /// log later, never sent again.
    async fn convert_dust(
        &self,
        creds: &Credentials,
        assets: &[Asset],
    ) -> Result<DustConversion, ExchangeError> {
        if assets.is_empty() {
            return Err(refused_locally("no asset to convert"));
        }
        if assets.len() > protocol::DUST_MAX_ASSETS {
            return Err(refused_locally(&format!(
                "MEXC converts at most {} assets per request",
                protocol::DUST_MAX_ASSETS
            )));
        }
        let list: Vec<&str> = assets.iter().map(Asset::as_str).collect();
        let p = Params::new().push("asset", list.join(","));
        let since_ms = Utc::now().timestamp_millis() + self.time_offset_ms() - DUST_LOG_SLACK_MS;
        let dto: DustConvertDto = self
            .call(&protocol::DUST_CONVERT, p, Some(creds), Safety::Money)
            .await?;
        if dto.success_list.is_empty() {
            return Ok(DustConversion {
                total_gross: Decimal::ZERO,
                total_received: Decimal::ZERO,
                total_fee: Decimal::ZERO,
                transfers: Vec::new(),
                failed: map_money(map::failures(&dto))?,
            });
        }
        let since = DateTime::from_timestamp_millis(since_ms);
        let log = self.read_dust_log(creds, since).await.map_err(|e| {
            ExchangeError::OutcomeUnknown(
                format!("converted, but the dust log could not be read: {e}").into(),
            )
        })?;
        let Some(batch) = log
            .into_iter()
            .find(|b| map::batch_matches(b, &dto.success_list))
        else {
            return Err(ExchangeError::OutcomeUnknown(
                "converted, but the dust log does not show the batch yet".into(),
            ));
        };
        map_money(map::dust_conversion(dto, batch))
    }

    async fn dust_log(
        &self,
        creds: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError> {
        self.read_dust_log(creds, since).await
    }

    async fn trading_rules(&self) -> Result<Arc<TradingRules>, ExchangeError> {
        self.inner
            .rules
            .get_or_fetch(|| async {
                let dto: ExchangeInfoDto = self
                    .call(&protocol::EXCHANGE_INFO, Params::new(), None, Safety::Read)
                    .await?;
                Ok(map::trading_rules(dto))
            })
            .await
    }

    async fn prices(&self) -> Result<Arc<Prices>, ExchangeError> {
        self.inner
            .prices
            .get_or_fetch(|| async {
                let dto: Vec<TickerPriceDto> = self
                    .call(&protocol::TICKER_PRICE, Params::new(), None, Safety::Read)
                    .await?;
                Ok(map::prices(dto))
            })
            .await
    }

    /// No endpoint returns a key's permissions (mexc.md §5): reading is probed with the
    /// dust list (700007 without it), trading with a test order that never reaches the
    /// engine, withdrawals read from the account's flag (assumptions.rs).
    async fn key_permissions(&self, creds: &Credentials) -> Result<KeyPermissions, ExchangeError> {
        let reading = match self
            .call::<Vec<DustListRow>>(
                &protocol::DUST_LIST,
                Params::new(),
                Some(creds),
                Safety::Read,
            )
            .await
        {
            Ok(_) => true,
            Err(e) if is_no_permission(&e) => false,
            Err(e) => return Err(e),
        };
        let withdrawals = if reading && assumptions::WITHDRAW_FROM_ACCOUNT_FLAG {
            let dto: AccountDto = self
                .call(&protocol::ACCOUNT, Params::new(), Some(creds), Safety::Read)
                .await?;
            dto.can_withdraw.unwrap_or(false)
        } else {
            false
        };
        let probe = Params::new()
            .push("symbol", assumptions::PROBE_SYMBOL)
            .push("side", protocol::SIDE_BUY)
            .push("type", protocol::TYPE_LIMIT)
            .push("quantity", "1")
            .push("price", "0.0001");
        let spot_trading = match self
            .call::<serde_json::Value>(&protocol::TEST_ORDER, probe, Some(creds), Safety::Read)
            .await
        {
            Ok(_) => true,
            Err(e) if is_no_permission(&e) => false,
            // Refused for the order itself (amount, symbol): past the permission check.
            Err(ExchangeError::Rejected { .. }) => true,
            Err(e) => return Err(e),
        };
        Ok(KeyPermissions {
            reading,
            spot_trading,
            withdrawals,
            ip_restricted: false,
        })
    }

    /// `POST /api/v3/order` answers without fills (mexc.md §7), so the order is read back
    /// by its client order id; if that read fails, the outcome is unknown (the order may
    /// have filled) and is settled later by [`Exchange::spot_order`].
    async fn market_sell(
        &self,
        creds: &Credentials,
        order: &MarketSell,
    ) -> Result<SpotOrder, ExchangeError> {
        if order.quantity <= Decimal::ZERO {
            return Err(refused_locally("no quantity to sell"));
        }
        let p = Params::new()
            .push("symbol", order.symbol.as_str())
            .push("side", protocol::SIDE_SELL)
            .push("type", protocol::TYPE_MARKET)
            .push("quantity", order.quantity.normalize().to_string())
            .push("newClientOrderId", order.client_order_id.as_str());
        let placed: NewOrderDto = self
            .call(&protocol::NEW_ORDER, p, Some(creds), Safety::Money)
            .await?;
        match self
            .query_order(creds, &order.symbol, &order.client_order_id)
            .await
        {
            Ok(Some(mut o)) => {
                if o.transact_time.is_none() {
                    o.transact_time = placed
                        .transact_time
                        .and_then(DateTime::from_timestamp_millis);
                }
                Ok(o)
            }
            Ok(None) => Err(ExchangeError::OutcomeUnknown(
                format!("order {} accepted but not found", placed.order_id).into(),
            )),
            Err(e) => Err(ExchangeError::OutcomeUnknown(
                format!("order {} accepted, its fill not read: {e}", placed.order_id).into(),
            )),
        }
    }

    async fn spot_order(
        &self,
        creds: &Credentials,
        symbol: &str,
        client_order_id: &str,
    ) -> Result<Option<SpotOrder>, ExchangeError> {
        self.query_order(creds, symbol, client_order_id).await
    }
}
