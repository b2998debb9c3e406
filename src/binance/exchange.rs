//! `ports::Exchange` for [`BinanceClient`]: each endpoint's parameters, safety class and
//! mapping (binance.md §3–§5; weights and paths from `protocol`).

use std::sync::Arc;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::assumptions;
use super::capabilities::DUST_TARGET;
use super::client::BinanceClient;
use super::credentials;
use super::dto::{SpotOrderDto, TradeFlowDto};
use super::error::Safety;
use super::map::{self as dto, MapResult};
use super::protocol::{self, Endpoint, LimitKind};
use super::sign::Params;
use crate::domain::{Asset, CredentialShape, Credentials, CredentialsError, ExchangeId};
use crate::ports::{
    AcceptedOrder, AssetPrecision, Balance, Capabilities, ConvertOrder, ConvertPair,
    DustCandidates, DustConversion, DustLogEntry, Exchange, ExchangeError, KeyPermissions,
    MarketSell, OrderRef, Prices, Quote, QuoteAmount, QuoteRequest, Refusal, SpotOrder,
    TradingRules, UserAsset,
};

/// `GET /api/v3/ticker/price` for every symbol (weight 4, binance.md §2).
const TICKER_PRICE_ALL: Endpoint = Endpoint {
    method: "GET",
    path: protocol::TICKER_PRICE_PATH,
    weight: protocol::TICKER_PRICE_WEIGHT_MULTI,
    limit: LimitKind::ApiIp,
    signed: false,
};

/// `tradeFlow`'s largest page (binance.md §4.6).
const TRADE_FLOW_LIMIT: &str = "1000";

fn map_read<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::InvalidResponse(e.into()))
}

/// A money operation's answer we cannot map: it probably executed, we cannot say what.
fn map_money<T>(r: MapResult<T>) -> Result<T, ExchangeError> {
    r.map_err(|e| ExchangeError::OutcomeUnknown(format!("unreadable answer: {e}").into()))
}

/// A `clientId` dustpan may send: the `newClientOrderId` rule, our choice where Dust
/// Convert's is UNCONFIRMED (assumptions::DUST_CONVERT_CLIENT_ID_MAX_LEN).
fn client_id_ok(id: &str) -> bool {
    (1..=assumptions::DUST_CONVERT_CLIENT_ID_MAX_LEN).contains(&id.len())
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn ms(t: DateTime<Utc>) -> String {
    t.timestamp_millis().to_string()
}

#[async_trait]
impl Exchange for BinanceClient {
    fn id(&self) -> ExchangeId {
        ExchangeId::Binance
    }

    fn capabilities(&self) -> &Capabilities {
        &super::capabilities::CAPABILITIES
    }

    fn rate_limits_seen(&self) -> Option<crate::ports::RateLimitsSeen> {
        let (too_many, banned) = self.inner.limits.refusals_seen();
        Some(crate::ports::RateLimitsSeen { too_many, banned })
    }

    fn weight_use(&self) -> Vec<crate::ports::WeightUse> {
        use super::limits::BucketKey;
        let now = chrono::Utc::now().timestamp_millis() + self.time_offset_ms();
        let in_use = self.inner.limits.shared_in_use(now);
        // The /api bucket always shows, used or not: it is the one most requests draw from.
        let api = in_use
            .iter()
            .find(|(k, _)| *k == BucketKey::Api)
            .map_or(0, |(_, w)| *w);
        std::iter::once((BucketKey::Api, api))
            .chain(in_use.into_iter().filter(|(k, _)| *k != BucketKey::Api))
            .map(|(k, used)| crate::ports::WeightUse {
                bucket: match k {
                    BucketKey::SapiIp(path) | BucketKey::SapiUid(path, _) => path.to_owned(),
                    BucketKey::Api => "/api".to_owned(),
                },
                used,
                limit: k.limit(),
            })
            .collect()
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
        // Reading the clock also refreshes the offset used to sign.
        self.sync_time().await
    }

    async fn balances(&self, creds: &Credentials) -> Result<Vec<Balance>, ExchangeError> {
        let p = Params::new().push("omitZeroBalances", "true");
        let dto = self
            .call(&protocol::ACCOUNT, p, Some(creds), Safety::Read)
            .await?;
        Ok(dto::balances(dto))
    }

    async fn user_assets(&self, creds: &Credentials) -> Result<Vec<UserAsset>, ExchangeError> {
        let p = Params::new().push("needBtcValuation", "true");
        let dto = self
            .call(&protocol::USER_ASSET, p, Some(creds), Safety::Read)
            .await?;
        Ok(dto::user_assets(dto))
    }

    async fn dust_candidates(&self, creds: &Credentials) -> Result<DustCandidates, ExchangeError> {
        let dto = self
            .call(
                &protocol::DUST_BTC,
                Params::new(),
                Some(creds),
                Safety::Read,
            )
            .await?;
        Ok(dto::dust_candidates(dto))
    }

    async fn convert_dust(
        &self,
        creds: &Credentials,
        assets: &[Asset],
    ) -> Result<DustConversion, ExchangeError> {
        if assets.is_empty() {
            // Refused here, before anything is sent: nothing happened.
            return Err(ExchangeError::Rejected {
                code: protocol::MANDATORY_PARAM.code.to_string(),
                msg: "no asset to convert".to_owned(),
                reason: crate::ports::Refusal::Other,
            });
        }
        // One comma-separated value, as the official SDKs send it (binance.md §3.2, §7).
        let list: Vec<&str> = assets.iter().map(Asset::as_str).collect();
        let p = Params::new().push("asset", list.join(","));
        let dto = self
            .call(&protocol::DUST, p, Some(creds), Safety::Money)
            .await?;
        map_money(dto::dust_conversion(dto))
    }

    async fn dust_candidates_to(
        &self,
        creds: &Credentials,
        target: &Asset,
    ) -> Result<DustCandidates, ExchangeError> {
        if target.as_str() == DUST_TARGET {
            return self.dust_candidates(creds).await;
        }
        if !self.capabilities().offers_small_balance_target(target) {
            return Err(crate::ports::target_not_offered(target));
        }
        // Binance-dust-convert.md §2: `targetAsset` is mandatory; `accountType` (default SPOT)
        // and the undocumented `dustQuotaAssetToTargetAssetPrice` are not sent.
        let p = Params::new().push("targetAsset", target.as_str());
        let dto = self
            .call(&protocol::DUST_CONVERT_QUERY, p, Some(creds), Safety::Read)
            .await?;
        Ok(dto::dust_convertible(dto, target))
    }

    async fn convert_dust_to(
        &self,
        creds: &Credentials,
        assets: &[Asset],
        target: &Asset,
        client_id: &str,
    ) -> Result<DustConversion, ExchangeError> {
        if target.as_str() == DUST_TARGET {
            // The classic conversion to BNB, exactly as without a target (it takes no id).
            return self.convert_dust(creds, assets).await;
        }
        if !self.capabilities().offers_small_balance_target(target) {
            return Err(crate::ports::target_not_offered(target));
        }
        if assets.is_empty() {
            return Err(ExchangeError::Rejected {
                code: protocol::MANDATORY_PARAM.code.to_string(),
                msg: "no asset to convert".to_owned(),
                reason: Refusal::Other,
            });
        }
        if !client_id_ok(client_id) {
            // Refused here, before anything is sent (assumptions::DUST_CONVERT_CLIENT_ID_MAX_LEN).
            return Err(ExchangeError::Rejected {
                code: protocol::ILLEGAL_CHARS.code.to_string(),
                msg: "the request id is not one Binance takes".to_owned(),
                reason: Refusal::Other,
            });
        }
        // One comma-joined `asset` value, as both official SDKs send it; every parameter in
        // the query string, percent-encoded before signing (binance-dust-convert.md §3, §6).
        let list: Vec<&str> = assets.iter().map(Asset::as_str).collect();
        let p = Params::new()
            .push("asset", list.join(","))
            .push("targetAsset", target.as_str())
            .push("clientId", client_id);
        let dto = self
            .call(&protocol::DUST_CONVERT, p, Some(creds), Safety::Money)
            .await?;
        map_money(dto::dust_conversion_to(dto, target))
    }

    async fn dust_log(
        &self,
        creds: &Credentials,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<DustLogEntry>, ExchangeError> {
        let p = Params::new().push_opt("startTime", since.map(ms));
        let dto = self
            .call(&protocol::DRIBBLET, p, Some(creds), Safety::Read)
            .await?;
        map_read(dto::dust_log(dto))
    }

    async fn trading_rules(&self) -> Result<Arc<TradingRules>, ExchangeError> {
        self.inner
            .rules
            .get_or_fetch(|| async {
                let dto = self
                    .call(&protocol::EXCHANGE_INFO, Params::new(), None, Safety::Read)
                    .await?;
                Ok(dto::trading_rules(dto))
            })
            .await
    }

    async fn prices(&self) -> Result<Arc<Prices>, ExchangeError> {
        self.inner
            .prices
            .get_or_fetch(|| async {
                let dto = self
                    .call(&TICKER_PRICE_ALL, Params::new(), None, Safety::Read)
                    .await?;
                Ok(dto::prices(dto))
            })
            .await
    }

    async fn key_permissions(&self, creds: &Credentials) -> Result<KeyPermissions, ExchangeError> {
        let dto = self
            .call(
                &protocol::API_RESTRICTIONS,
                Params::new(),
                Some(creds),
                Safety::Read,
            )
            .await?;
        Ok(dto::key_permissions(dto))
    }

    async fn convert_pairs(
        &self,
        to_asset: &Asset,
    ) -> Result<Arc<Vec<ConvertPair>>, ExchangeError> {
        // Weight 3000 of a 12 000 bucket: cached per target asset (binance.md §2, §5).
        let entry = self.inner.pairs.entry(to_asset);
        entry
            .get_or_fetch(|| async {
                let p = Params::new().push("toAsset", to_asset.as_str());
                let dto = self
                    .call(&protocol::CONVERT_EXCHANGE_INFO, p, None, Safety::Read)
                    .await?;
                Ok(dto::convert_pairs(dto))
            })
            .await
    }

    async fn convert_precision(
        &self,
        creds: &Credentials,
    ) -> Result<Vec<AssetPrecision>, ExchangeError> {
        let dto = self
            .call(
                &protocol::CONVERT_ASSET_INFO,
                Params::new(),
                Some(creds),
                Safety::Read,
            )
            .await?;
        Ok(dto::precisions(dto))
    }

    async fn convert_quote(
        &self,
        creds: &Credentials,
        req: &QuoteRequest,
    ) -> Result<Quote, ExchangeError> {
        let (key, amount) = match req.amount {
            QuoteAmount::From(a) => ("fromAmount", a),
            QuoteAmount::To(a) => ("toAmount", a),
        };
        let valid = protocol::quote_validity(req.valid_time);
        let p = Params::new()
            .push("fromAsset", req.from_asset.as_str())
            .push("toAsset", req.to_asset.as_str())
            .push(key, amount.normalize().to_string())
            .push("validTime", valid);
        // Treated as a money POST (never retried on an ambiguous failure), as the brief of
        // issue 3 asks; a lost quote costs only a new request.
        let dto = self
            .call(&protocol::CONVERT_GET_QUOTE, p, Some(creds), Safety::Money)
            .await?;
        map_money(dto::quote(dto))
    }

    async fn convert_accept(
        &self,
        creds: &Credentials,
        quote_id: &str,
    ) -> Result<AcceptedOrder, ExchangeError> {
        let p = Params::new().push("quoteId", quote_id);
        let dto = self
            .call(
                &protocol::CONVERT_ACCEPT_QUOTE,
                p,
                Some(creds),
                Safety::Money,
            )
            .await?;
        map_money(dto::accepted(dto))
    }

    async fn convert_order_status(
        &self,
        creds: &Credentials,
        order: &OrderRef,
    ) -> Result<ConvertOrder, ExchangeError> {
        let p = match order {
            OrderRef::OrderId(id) => Params::new().push("orderId", id.as_str()),
            OrderRef::QuoteId(id) => Params::new().push("quoteId", id.as_str()),
        };
        let dto = self
            .call(
                &protocol::CONVERT_ORDER_STATUS,
                p,
                Some(creds),
                Safety::Read,
            )
            .await?;
        map_read(dto::order(dto))
    }

    async fn convert_trade_flow(
        &self,
        creds: &Credentials,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    ) -> Result<Vec<ConvertOrder>, ExchangeError> {
        let p = Params::new()
            .push("startTime", ms(start))
            .push("endTime", ms(end))
            .push("limit", TRADE_FLOW_LIMIT);
        let dto: TradeFlowDto = self
            .call(&protocol::CONVERT_TRADE_FLOW, p, Some(creds), Safety::Read)
            .await?;
        if dto.more_data {
            // Weight 3000 per page: dustpan reads one page, and callers ask for a span of
            // minutes. A truncated list cannot show that an order is absent, so it is no
            // answer at all.
            return Err(ExchangeError::InvalidResponse(
                "tradeFlow has more than one page".into(),
            ));
        }
        dto.list
            .into_iter()
            .map(|o| map_read(dto::order(o)))
            .collect()
    }

    async fn market_sell(
        &self,
        creds: &Credentials,
        order: &MarketSell,
    ) -> Result<SpotOrder, ExchangeError> {
        if order.quantity <= rust_decimal::Decimal::ZERO {
            // Refused here, before anything is sent: nothing happened.
            return Err(ExchangeError::Rejected {
                code: protocol::MANDATORY_PARAM.code.to_string(),
                msg: "no quantity to sell".to_owned(),
                reason: Refusal::Other,
            });
        }
        let p = Params::new()
            .push("symbol", order.symbol.as_str())
            .push("side", protocol::ORDER_SIDE_SELL)
            .push("type", protocol::ORDER_TYPE_MARKET)
            .push("quantity", order.quantity.normalize().to_string())
            .push("newClientOrderId", order.client_order_id.as_str())
            .push("newOrderRespType", protocol::ORDER_RESP_TYPE_FULL);
        let dto: SpotOrderDto = self
            .call(&protocol::NEW_ORDER, p, Some(creds), Safety::Money)
            .await?;
        map_money(dto::spot_order(dto))
    }

    async fn spot_order(
        &self,
        creds: &Credentials,
        symbol: &str,
        client_order_id: &str,
    ) -> Result<Option<SpotOrder>, ExchangeError> {
        let p = Params::new()
            .push("symbol", symbol)
            .push("origClientOrderId", client_order_id);
        match self
            .call::<SpotOrderDto>(&protocol::QUERY_ORDER, p, Some(creds), Safety::Read)
            .await
        {
            Ok(dto) => map_read(dto::spot_order(dto)).map(Some),
            Err(ExchangeError::Rejected { code, .. })
                if super::error::is_code(&code, protocol::ORDER_DOES_NOT_EXIST.code) =>
            {
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }
}
