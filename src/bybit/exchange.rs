//! `ports::Exchange` for [`BybitClient`]: each endpoint's parameters, safety class and
//! mapping (bybit.md §4–§8; paths and limits from `protocol`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use secrecy::SecretString;
use serde_json::json;

use super::client::{BybitClient, Payload};
use super::dto::{
    ApiKeyDto, ExecuteDto, HistoryDto, InstrumentDto, ListDto, OrderAckDto, OrderDto, QuoteDto,
    SmallBalanceListDto, TickerDto, WalletDto,
};
use super::error::Safety;
use super::map::{self, MapResult};
use super::{assumptions, capabilities, credentials, protocol};
use crate::domain::{Asset, CredentialShape, Credentials, CredentialsError, ExchangeId};
use crate::ports::{
    Balance, Capabilities, DustCandidates, DustConversion, DustLogEntry, DustProgress, Exchange,
    ExchangeError, KeyPermissions, MarketSell, Prices, Refusal, SpotOrder, TradingRules, UserAsset,
    target_not_offered,
};
use crate::signing::Params;

fn map_read<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::InvalidResponse(e.into()))
}

fn map_money<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::OutcomeUnknown(format!("unreadable answer: {e}").into()))
}

/// Refused here, before anything is sent: nothing happened.
fn refused_locally(msg: String) -> ExchangeError {
    ExchangeError::Rejected {
        code: protocol::CONVERT_PARAMS_ERROR.code.to_string(),
        msg,
        reason: Refusal::Other,
    }
}

fn default_target() -> Asset {
    Asset::parse(protocol::SMALL_BALANCE_TARGETS[0])
        .unwrap_or_else(|_| unreachable!("MNT is an asset symbol"))
}

impl BybitClient {
    fn spot() -> Params {
        Params::new().push("category", protocol::CATEGORY_SPOT)
    }

    /// History records, newest first: one quote's (`quote_id`), or every one from `since`.
    async fn history(
        &self,
        creds: &Credentials,
        quote_id: Option<&str>,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<super::dto::RecordDto>, ExchangeError> {
        let mut out = Vec::new();
        let mut page = assumptions::HISTORY_FIRST_PAGE;
        loop {
            let p = Params::new()
                .push("accountType", protocol::CONVERT_ACCOUNT_UTA)
                .push_opt("quoteId", quote_id)
                .push_opt("startTime", since.map(|t| t.timestamp_millis().to_string()))
                .push("cursor", page.to_string())
                .push("size", protocol::HISTORY_MAX_SIZE.to_string());
            let dto: HistoryDto = self
                .call(
                    &protocol::SMALL_BALANCE_HISTORY,
                    Payload::Query(p),
                    Some(creds),
                    Safety::Read,
                )
                .await?;
            let empty = dto.records.is_empty();
            out.extend(dto.records);
            if empty || dto.last_page != "false" || quote_id.is_some() {
                break;
            }
            if page - assumptions::HISTORY_FIRST_PAGE + 1 >= assumptions::HISTORY_MAX_PAGES {
                return Err(ExchangeError::InvalidResponse(
                    "the small-balance history has more pages than dustpan reads".into(),
                ));
            }
            page += 1;
        }
        out.sort_by_key(|r| std::cmp::Reverse(r.created_at));
        Ok(out)
    }

    /// then execute: the quote is checked against its 30 s before executing it.
    async fn quote_and_execute(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: &Asset,
    ) -> Result<String, ExchangeError> {
        if assets.is_empty() {
            return Err(refused_locally("no coin to convert".to_owned()));
        }
        if assets.len() > assumptions::MAX_COINS_PER_QUOTE {
            return Err(refused_locally(format!(
                "Bybit converts at most {} coins per quote",
                assumptions::MAX_COINS_PER_QUOTE
            )));
        }
        if !self.capabilities().offers_small_balance_target(target) {
            return Err(target_not_offered(target));
        }
        let coins: Vec<&str> = assets.iter().map(Asset::as_str).collect();
        let body = json!({
            "accountType": protocol::CONVERT_ACCOUNT_UTA,
            "fromCoinList": coins,
            "toCoin": target.as_str(),
        });
        // A quote moves nothing: a failure to read one is an ordinary failure.
        let quote: QuoteDto = self
            .call(
                &protocol::SMALL_BALANCE_QUOTE,
                Payload::Json(body),
                Some(creds),
                Safety::Read,
            )
            .await?;
        if self.server_now_ms() >= quote.result.quote_expire_time {
            return Err(ExchangeError::Rejected {
                code: assumptions::EXPIRED_QUOTE_CODE.to_string(),
                msg: "the quote expired before it could be executed".to_owned(),
                reason: Refusal::QuoteExpired,
            });
        }
        let done: ExecuteDto = self
            .call(
                &protocol::SMALL_BALANCE_EXECUTE,
                Payload::Json(json!({ "quoteId": quote.quote_id })),
                Some(creds),
                Safety::Money,
            )
            .await?;
        let id = if done.exchange_tx_id.is_empty() {
            done.quote_id
        } else {
            done.exchange_tx_id
        };
        tracing::info!(quote = %id, status = %done.status, "Bybit accepted a small-balance conversion");
        Ok(id)
    }

    /// The conversion's status, asked every `execution_poll` for up to `execution_wait`.
    async fn wait_for(
        &self,
        creds: &Credentials,
        id: String,
    ) -> Result<DustProgress, ExchangeError> {
        let deadline = tokio::time::Instant::now() + self.inner.execution_wait;
        loop {
            let pause = match self.dust_conversion_status(creds, &id).await {
                Ok(DustProgress::Processing { .. }) | Err(ExchangeError::Unavailable(_)) => {
                    self.inner.execution_poll
                }
                // The history's own limit (5/s): ask again once it allows.
                Err(ExchangeError::RateLimited { retry_after, .. }) => {
                    retry_after.max(self.inner.execution_poll)
                }
                other => return other,
            };
            if tokio::time::Instant::now() + pause > deadline {
                return Ok(DustProgress::Processing { id });
            }
            tokio::time::sleep(pause).await;
        }
    }

    /// execute and wait a little: the synchronous face of an asynchronous
    /// conversion. A failure of every coin is a refusal (nothing moved); a conversion still
    /// processing after the wait is an unknown outcome, settled from the history later and
    /// never sent again.
    async fn convert_and_wait(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: &Asset,
    ) -> Result<DustConversion, ExchangeError> {
        let id = self.quote_and_execute(creds, assets, target).await?;
        match self.wait_for(creds, id.clone()).await {
            Ok(DustProgress::Finished(c)) if c.transfers.is_empty() => {
                Err(ExchangeError::Rejected {
                    code: c
                        .failed
                        .first()
                        .map_or_else(|| protocol::STATUS_FAILURE.to_owned(), |f| f.code.clone()),
                    msg: format!("Bybit did not convert the coins of {id}"),
                    reason: Refusal::Other,
                })
            }
            Ok(DustProgress::Finished(c)) => Ok(c),
            Ok(DustProgress::Processing { .. }) => Err(ExchangeError::OutcomeUnknown(
                format!("Bybit accepted conversion {id}; it is still processing").into(),
            )),
            Err(e) => Err(ExchangeError::OutcomeUnknown(
                format!("Bybit accepted conversion {id}; its status could not be read: {e}").into(),
            )),
        }
    }

    /// The Unified wallet: small balances convert from it alone (bybit.md §6: "Only supports
    /// the Unified wallet"); the Funding wallet is not read.
    async fn wallets(&self, creds: &Credentials) -> Result<Vec<WalletDto>, ExchangeError> {
        let dto: ListDto<WalletDto> = self
            .call(
                &protocol::WALLET_BALANCE,
                Payload::Query(Params::new().push("accountType", protocol::ACCOUNT_UNIFIED)),
                Some(creds),
                Safety::Read,
            )
            .await?;
        Ok(dto.list)
    }

    async fn query_order(
        &self,
        creds: &Credentials,
        symbol: &str,
        client_order_id: &str,
    ) -> Result<Option<SpotOrder>, ExchangeError> {
        let p = Self::spot()
            .push("symbol", symbol)
            .push("orderLinkId", client_order_id);
        let dto: ListDto<OrderDto> = self
            .call(
                &protocol::ORDER_REALTIME,
                Payload::Query(p),
                Some(creds),
                Safety::Read,
            )
            .await?;
        match dto.list.into_iter().next() {
            Some(o) => map_read(map::spot_order(o)).map(Some),
            None => Ok(None),
        }
    }
}

#[async_trait]
impl Exchange for BybitClient {
    fn id(&self) -> ExchangeId {
        ExchangeId::Bybit
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
        Ok(map::balances(&self.wallets(creds).await?))
    }

    async fn user_assets(&self, creds: &Credentials) -> Result<Vec<UserAsset>, ExchangeError> {
        let wallets = self.wallets(creds).await?;
        let prices = self.prices().await?;
        Ok(map::user_assets(&wallets, &prices))
    }

    async fn dust_candidates(&self, creds: &Credentials) -> Result<DustCandidates, ExchangeError> {
        self.dust_candidates_to(creds, &default_target()).await
    }

    async fn dust_candidates_to(
        &self,
        creds: &Credentials,
        target: &Asset,
    ) -> Result<DustCandidates, ExchangeError> {
        if !self.capabilities().offers_small_balance_target(target) {
            return Err(target_not_offered(target));
        }
        let p = Params::new().push("accountType", protocol::CONVERT_ACCOUNT_UTA);
        let dto: SmallBalanceListDto = self
            .call(
                &protocol::SMALL_BALANCE_LIST,
                Payload::Query(p),
                Some(creds),
                Safety::Read,
            )
            .await?;
        let prices = self.prices().await?;
        Ok(map::dust_candidates(dto, target, &prices))
    }

    async fn convert_dust(
        &self,
        creds: &Credentials,
        assets: &[Asset],
    ) -> Result<DustConversion, ExchangeError> {
        self.convert_and_wait(creds, assets, &default_target())
            .await
    }

    /// Bybit's request takes no id of ours: `client_id` is not sent.
    async fn convert_dust_to(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: &Asset,
        _client_id: &str,
    ) -> Result<DustConversion, ExchangeError> {
        self.convert_and_wait(creds, assets, target).await
    }

    /// execute, and answer at once: processing under the quote id (bybit.md §6.3:
    /// "The exchange is async").
    async fn start_dust_conversion(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: Option<&Asset>,
        _client_id: &str,
    ) -> Result<DustProgress, ExchangeError> {
        let target = target.cloned().unwrap_or_else(default_target);
        let id = self.quote_and_execute(creds, assets, &target).await?;
        Ok(DustProgress::Processing { id })
    }

    /// The history's record of the quote: processing (also while the history does not list
    /// it yet), or finished with its coins.
    async fn dust_conversion_status(
        &self,
        creds: &Credentials,
        id: &str,
    ) -> Result<DustProgress, ExchangeError> {
        let records = self.history(creds, Some(id), None).await?;
        match records.iter().find(|r| r.exchange_tx_id == id) {
            Some(r) => map_money(map::progress(r)),
            None => Ok(DustProgress::Processing { id: id.to_owned() }),
        }
    }

    async fn dust_log(
        &self,
        creds: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError> {
        let records = self.history(creds, None, since).await?;
        let mut out = Vec::new();
        for r in &records {
            if let Some(e) = map_read(map::log_entry(r))? {
                out.push(e);
            }
        }
        Ok(out)
    }

    async fn trading_rules(&self) -> Result<Arc<TradingRules>, ExchangeError> {
        self.inner
            .rules
            .get_or_fetch(|| async {
                let dto: ListDto<InstrumentDto> = self
                    .call(
                        &protocol::INSTRUMENTS,
                        Payload::Query(Self::spot()),
                        None,
                        Safety::Read,
                    )
                    .await?;
                Ok(map::trading_rules(dto.list))
            })
            .await
    }

    async fn prices(&self) -> Result<Arc<Prices>, ExchangeError> {
        self.inner
            .prices
            .get_or_fetch(|| async {
                let dto: ListDto<TickerDto> = self
                    .call(
                        &protocol::TICKERS,
                        Payload::Query(Self::spot()),
                        None,
                        Safety::Read,
                    )
                    .await?;
                Ok(map::prices(dto.list))
            })
            .await
    }

    /// `GET /v5/user/query-api` (bybit.md §5): any key may read it.
    async fn key_permissions(&self, creds: &Credentials) -> Result<KeyPermissions, ExchangeError> {
        let dto: ApiKeyDto = self
            .call(
                &protocol::QUERY_API,
                Payload::Query(Params::new()),
                Some(creds),
                Safety::Read,
            )
            .await?;
        let has = |group: &str, perm: &str| {
            dto.permissions
                .get(group)
                .is_some_and(|v| v.iter().any(|p| p == perm))
        };
        let writable = dto.read_only == 0;
        Ok(KeyPermissions {
            reading: true,
            spot_trading: writable
                && (has("Spot", "SpotTrade") || has("Exchange", assumptions::CONVERT_PERMISSION)),
            withdrawals: has("Wallet", "Withdraw"),
            ip_restricted: dto
                .ips
                .iter()
                .any(|ip| !ip.is_empty() && ip != assumptions::IPS_UNBOUND),
        })
    }

    /// `POST /v5/order/create` only acknowledges (bybit.md §8: "This request is
    /// asynchronous"), so the order is read back by its `orderLinkId`; if that read fails,
    /// the outcome is unknown and settled later by [`Exchange::spot_order`].
    async fn market_sell(
        &self,
        creds: &Credentials,
        order: &MarketSell,
    ) -> Result<SpotOrder, ExchangeError> {
        if order.quantity <= Decimal::ZERO {
            return Err(refused_locally("no quantity to sell".to_owned()));
        }
        let body = json!({
            "category": protocol::CATEGORY_SPOT,
            "symbol": order.symbol,
            "side": protocol::SIDE_SELL,
            "orderType": protocol::ORDER_MARKET,
            "qty": order.quantity.normalize().to_string(),
            "marketUnit": protocol::MARKET_UNIT_BASE,
            "orderLinkId": order.client_order_id,
        });
        let ack: OrderAckDto = self
            .call(
                &protocol::ORDER_CREATE,
                Payload::Json(body),
                Some(creds),
                Safety::Money,
            )
            .await?;
        match self
            .query_order(creds, &order.symbol, &order.client_order_id)
            .await
        {
            Ok(Some(o)) => Ok(o),
            Ok(None) => Err(ExchangeError::OutcomeUnknown(
                format!("order {} accepted but not found", ack.order_id).into(),
            )),
            Err(e) => Err(ExchangeError::OutcomeUnknown(
                format!("order {} accepted, its fill not read: {e}", ack.order_id).into(),
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

    fn rate_limits_seen(&self) -> Option<crate::ports::RateLimitsSeen> {
        let s = self.stats();
        Some(crate::ports::RateLimitsSeen {
            too_many: s.rate_limited,
            banned: s.banned,
        })
    }
}
