//! The Binance client against a small fake exchange on a loopback port that records every
//! request and verifies signatures over the raw query + body (binance.md §1).

mod fake;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use dustpan::binance::protocol;
use dustpan::binance::{BinanceClient, ClientConfig};
use dustpan::domain::{Asset, Credentials};
use dustpan::ports::{Exchange, ExchangeError, QuoteAmount, QuoteRequest};
use rust_decimal_macros::dec;
use secrecy::SecretString;
use tokio::io::AsyncReadExt;
use tokio::net::TcpListener;

use fake::{Reply, err, ok, spawn_fake};

const KEY: &str = "FAKEKEYabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTU";
pub(crate) const SECRET: &str = "FAKESECRETzyxwvutsrqponmlkjihgfedcba9876543210ZYXWVUTSRQPONMLKJ";

fn config(url: url::Url) -> ClientConfig {
    let mut c = ClientConfig::new(url);
    c.request_timeout = Duration::from_secs(2);
    c.connect_timeout = Duration::from_secs(1);
    c.max_rate_limit_wait = Duration::from_secs(5);
    c
}

fn client(url: url::Url) -> BinanceClient {
    BinanceClient::new(config(url)).expect("client builds")
}

fn creds() -> Credentials {
    Credentials::new(SecretString::from(KEY), SecretString::from(SECRET))
}

fn asset(s: &str) -> Asset {
    Asset::parse(s).expect("asset")
}

const ACCOUNT: &str = r#"{"balances":[{"asset":"BTC","free":"0.5","locked":"0"}]}"#;
const DUST: &str = r#"{"totalServiceCharge":"0.02102542","totalTransfered":"1.05127099",
 "transferResult":[{"amount":"0.03000000","fromAsset":"ETH","operateTime":1563368549307,
   "serviceChargeAmount":"0.00500000","tranId":2970932918,"transferedAmount":"0.25000000"}]}"#;
const PRICES: &str =
    r#"[{"symbol":"BNBUSDT","price":"600.5"},{"symbol":"LTCBTC","price":"4.00000200"}]"#;

fn time_reply() -> Reply {
    ok(&format!(
        r#"{{"serverTime":{}}}"#,
        chrono::Utc::now().timestamp_millis()
    ))
}

#[tokio::test]
async fn signed_requests_send_the_key_header_and_a_signature_the_fake_verifies() {
    let (fake, url) = spawn_fake(|s| match s.path.as_str() {
        "/api/v3/account" => ok(ACCOUNT),
        "/sapi/v1/asset/dust" => ok(DUST),
        _ => err(404, -1, "not found"),
    })
    .await;
    let c = client(url);
    let balances = c.balances(&creds()).await.expect("balances");
    assert_eq!(balances[0].free, dec!(0.5));
    let conv = c
        .convert_dust(&creds(), &[asset("ADA"), asset("XRP")])
        .await
        .expect("dust");
    assert_eq!(conv.transfers[0].batch_id, "2970932918");

    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.signature_ok, Some(true), "{} signed correctly", s.path);
        assert_eq!(s.api_key.as_deref(), Some(KEY));
        assert!(s.body.is_empty(), "params travel in the query string");
        assert!(s.query.contains("recvWindow=5000&timestamp="));
    }
    assert!(seen[0].query.starts_with("omitZeroBalances=true&"));
    assert_eq!(seen[1].method, "POST");
    assert!(
        seen[1]
            .query
            .starts_with("asset=ADA%2CXRP&recvWindow=5000&timestamp=")
    );
}

#[tokio::test]
async fn dust_convert_sends_every_parameter_in_the_query_with_the_asset_list_percent_encoded_and_signed_so()
 {
    let (fake, url) = spawn_fake(|s| match s.path.as_str() {
        "/sapi/v1/asset/dust-convert/convert" => ok(DUST),
        "/sapi/v1/asset/dust-convert/query-convertible-assets" => ok(
            r#"{"dribbletPercentage":"0.02","totalTransferQuotaAssetAmount":"0.7899968",
              "totalTransferTargetAssetAmount":"0.7899968","dribbletBase":"10","details":[
              {"asset":"AR","assetFullName":"AR","amountFree":"0.00856","exchange":"0.00073616",
               "toQuotaAssetAmount":"0.036808","toTargetAssetAmount":"0.036808",
               "toTargetAssetOffExchange":"0.03607184"}]}"#,
        ),
        _ => err(404, -1, "not found"),
    })
    .await;
    let c = client(url);
    let usdt = asset("USDT");
    let listed = c.dust_candidates_to(&creds(), &usdt).await.expect("query");
    // The documented example, read as Binance's strings.
    assert_eq!(listed.details[0].gross, dec!(0.036808));
    assert_eq!(listed.details[0].fee, dec!(0.00073616));
    assert_eq!(listed.details[0].received, dec!(0.03607184));
    assert_eq!(listed.details[0].target_asset, usdt);
    assert_eq!(listed.total_gross, dec!(0.7899968));
    let conv = c
        .convert_dust_to(&creds(), &[asset("BTC"), asset("ETH")], &usdt, "op-1")
        .await
        .expect("convert");
    assert_eq!(conv.transfers[0].batch_id, "2970932918");
    assert_eq!(conv.transfers[0].target_asset, usdt);
    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    for s in &seen {
        assert_eq!(s.method, "POST");
        assert_eq!(
            s.signature_ok,
            Some(true),
            "{} signed over the bytes sent",
            s.path
        );
        assert!(s.body.is_empty(), "params travel in the query string");
    }
    assert!(
        seen[0]
            .query
            .starts_with("targetAsset=USDT&recvWindow=5000&timestamp=")
    );
    assert!(
        seen[1].query.starts_with(
            "asset=BTC%2CETH&targetAsset=USDT&clientId=op-1&recvWindow=5000&timestamp="
        ),
        "{}",
        seen[1].query
    );
}

#[tokio::test]
async fn a_429_with_retry_after_holds_every_caller_off_the_host_until_it_expires() {
    let (fake, url) = spawn_fake(|s| match (s.path.as_str(), s.nth) {
        ("/api/v3/account", 1) => Reply {
            headers: vec![(protocol::HEADER_RETRY_AFTER, "2".to_owned())],
            ..err(429, -1003, "Too much request weight used")
        },
        ("/api/v3/account", _) => ok(ACCOUNT),
        ("/api/v3/ticker/price", _) => ok(PRICES),
        _ => err(404, -1, "not found"),
    })
    .await;
    let c = client(url);
    let first = c.balances(&creds()).await;
    assert_eq!(
        first,
        Err(ExchangeError::RateLimited {
            retry_after: Duration::from_secs(2),
            banned: false
        })
    );
    let k = creds();
    let (a, b, p) = tokio::join!(c.balances(&k), c.balances(&k), c.prices());
    assert!(a.is_ok() && b.is_ok() && p.is_ok());

    let seen = fake.seen();
    assert_eq!(seen.len(), 4, "the three waiting callers each sent once");
    let limited_at = seen[0].at;
    for s in &seen[1..] {
        let gap = s.at - limited_at;
        assert!(
            gap >= Duration::from_secs(2),
            "{} came {gap:?} after the 429",
            s.path
        );
        assert!(
            gap < Duration::from_millis(2800),
            "{} waited too long: {gap:?}",
            s.path
        );
    }
}

#[tokio::test]
async fn a_wait_beyond_the_maximum_fails_fast_as_rate_limited() {
    let (fake, url) = spawn_fake(|s| match s.nth {
        1 => Reply {
            headers: vec![(protocol::HEADER_RETRY_AFTER, "120".to_owned())],
            ..err(418, -1003, "Way too much request weight used; IP banned")
        },
        _ => ok(ACCOUNT),
    })
    .await;
    let c = client(url);
    let first = c.balances(&creds()).await;
    assert!(matches!(
        first,
        Err(ExchangeError::RateLimited { banned: true, .. })
    ));
    let started = Instant::now();
    // A ban stops every bucket, /sapi included.
    let other = c.dust_log(&creds(), None).await;
    assert!(
        matches!(other, Err(ExchangeError::RateLimited { banned: true, retry_after }) if retry_after > Duration::from_secs(100))
    );
    assert!(started.elapsed() < Duration::from_millis(500));
    assert_eq!(fake.seen().len(), 1);
}

#[tokio::test]
async fn a_single_timestamp_rejection_causes_one_time_sync_and_one_retry() {
    let (fake, url) = spawn_fake(|s| match (s.path.as_str(), s.nth) {
        ("/api/v3/account", 1) => err(400, -1021, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW.msg),
        ("/api/v3/account", _) => ok(ACCOUNT),
        ("/api/v3/time", _) => time_reply(),
        _ => err(404, -1, "not found"),
    })
    .await;
    let c = client(url);
    assert!(c.balances(&creds()).await.is_ok());
    let paths: Vec<String> = fake.seen().into_iter().map(|s| s.path).collect();
    assert_eq!(
        paths,
        ["/api/v3/account", "/api/v3/time", "/api/v3/account"]
    );
}

#[tokio::test]
async fn a_second_timestamp_rejection_is_returned_without_a_third_try() {
    let (fake, url) = spawn_fake(|s| match s.path.as_str() {
        "/sapi/v1/asset/dust" => err(400, -1021, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW.msg),
        "/api/v3/time" => time_reply(),
        _ => err(404, -1, "not found"),
    })
    .await;
    let c = client(url);
    let res = c.convert_dust(&creds(), &[asset("ADA")]).await;
    assert!(matches!(
        res,
        Err(ExchangeError::Rejected { code, .. }) if code == "-1021"
    ));
    assert_eq!(fake.count("/sapi/v1/asset/dust"), 2);
    assert_eq!(fake.count("/api/v3/time"), 1);
}

#[tokio::test]
async fn a_5xx_on_the_dust_post_is_an_unknown_outcome_after_exactly_one_post() {
    let (fake, url) =
        spawn_fake(|_| err(503, -1, "Unknown error, please check your request")).await;
    let c = client(url);
    let res = c.convert_dust(&creds(), &[asset("ADA")]).await;
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{res:?}"
    );
    assert_eq!(fake.count("/sapi/v1/asset/dust"), 1);
}

#[tokio::test]
async fn a_5xx_on_accept_quote_is_an_unknown_outcome_after_exactly_one_post() {
    let (fake, url) = spawn_fake(|_| err(500, -1, "Internal error")).await;
    let c = client(url);
    let res = c.convert_accept(&creds(), "12415572564").await;
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{res:?}"
    );
    assert_eq!(fake.count("/sapi/v1/convert/acceptQuote"), 1);
}

#[tokio::test]
async fn a_dropped_connection_on_the_dust_post_is_an_unknown_outcome_after_exactly_one_post() {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let addr = listener.local_addr().expect("addr");
    let posts = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&posts);
    tokio::spawn(async move {
        while let Ok((mut sock, _)) = listener.accept().await {
            let mut buf = vec![0u8; 8192];
            let mut got = Vec::new();
            // Read the request head, then close without answering.
            while let Ok(n) = sock.read(&mut buf).await {
                if n == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..n]);
                if got.windows(4).any(|w| w == b"\r\n\r\n") {
                    break;
                }
            }
            if got.starts_with(b"POST /sapi/v1/asset/dust?") {
                counted.fetch_add(1, Ordering::SeqCst);
            }
            drop(sock);
        }
    });
    let c = client(format!("http://{addr}").parse().expect("url"));
    let res = c.convert_dust(&creds(), &[asset("ADA")]).await;
    assert!(
        matches!(res, Err(ExchangeError::OutcomeUnknown(_))),
        "{res:?}"
    );
    assert_eq!(posts.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_5xx_on_a_read_is_unavailable() {
    let (_fake, url) = spawn_fake(|_| err(502, -1, "Bad gateway")).await;
    let c = client(url);
    let res = c.dust_log(&creds(), None).await;
    assert!(matches!(res, Err(ExchangeError::Unavailable(_))), "{res:?}");
}

#[tokio::test]
async fn an_invalid_key_is_unauthorized() {
    let (_fake, url) =
        spawn_fake(|_| err(401, -2015, protocol::INVALID_API_KEY_IP_OR_PERMISSIONS.msg)).await;
    let res = client(url).balances(&creds()).await;
    assert!(matches!(
        res,
        Err(ExchangeError::Unauthorized { code, .. }) if code == "-2015"
    ));
}

#[tokio::test]
async fn a_convert_without_api_access_is_unauthorized_with_code_minus_1002() {
    let (_fake, url) = spawn_fake(|_| err(401, -1002, protocol::UNAUTHORIZED.msg)).await;
    let req = QuoteRequest {
        from_asset: asset("ADA"),
        to_asset: asset("USDT"),
        amount: QuoteAmount::From(dec!(6.21)),
        valid_time: Duration::from_secs(30),
    };
    let res = client(url).convert_quote(&creds(), &req).await;
    assert!(matches!(
        res,
        Err(ExchangeError::Unauthorized { code, .. }) if code == "-1002"
    ));
}

#[tokio::test]
async fn a_dust_cooldown_is_rejected_with_its_code() {
    let (_fake, url) = spawn_fake(|_| err(400, -5006, protocol::DUST_COOLDOWN.msg)).await;
    let res = client(url).convert_dust(&creds(), &[asset("ADA")]).await;
    assert_eq!(
        res,
        Err(ExchangeError::Rejected {
            code: "-5006".to_owned(),
            msg: "Only transfer once in 24 hours.".to_owned(),
            reason: dustpan::ports::Refusal::DustCooldown,
        })
    );
}

#[tokio::test]
async fn a_quote_without_quote_id_parses_as_none_and_sends_the_chosen_side() {
    let (fake, url) = spawn_fake(|_| {
        ok(r#"{"ratio":"38163.7","inverseRatio":"0.0000262","validTimestamp":1623319461670,"toAmount":"3816.37","fromAmount":"0.1"}"#)
    })
    .await;
    let req = QuoteRequest {
        from_asset: asset("BTC"),
        to_asset: asset("USDT"),
        amount: QuoteAmount::From(dec!(0.1)),
        valid_time: Duration::from_secs(60),
    };
    let q = client(url)
        .convert_quote(&creds(), &req)
        .await
        .expect("quote");
    assert_eq!(q.quote_id, None);
    assert_eq!(q.to_amount, dec!(3816.37));
    let seen = fake.seen();
    assert!(
        seen[0]
            .query
            .starts_with("fromAsset=BTC&toAsset=USDT&fromAmount=0.1&validTime=1m&")
    );
}

#[tokio::test]
async fn concurrent_price_reads_on_a_cold_cache_send_one_request() {
    let (fake, url) = spawn_fake(|_| Reply {
        delay: Duration::from_millis(150),
        ..ok(PRICES)
    })
    .await;
    let c = client(url);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let c = c.clone();
        tasks.push(tokio::spawn(async move { c.prices().await }));
    }
    for t in tasks {
        let p = t.await.expect("task").expect("prices");
        assert_eq!(p.by_symbol.get("BNBUSDT"), Some(&dec!(600.5)));
    }
    assert_eq!(fake.count(protocol::TICKER_PRICE_PATH), 1);
    let stats = c.stats();
    assert_eq!(stats.public_requests, 1);
    assert_eq!(
        stats.public_weight,
        u64::from(protocol::TICKER_PRICE_WEIGHT_MULTI)
    );
    assert_eq!(stats.signed_weight, 0);
}

#[tokio::test]
async fn weight_reported_near_the_limit_makes_the_next_request_wait_for_the_window() {
    let (fake, url) = spawn_fake(|s| Reply {
        headers: vec![(protocol::HEADER_USED_WEIGHT_1M, "5995".to_owned())],
        ..match s.path.as_str() {
            "/api/v3/account" => ok(ACCOUNT),
            _ => ok(PRICES),
        }
    })
    .await;
    let mut cfg = config(url);
    cfg.weight_window = Duration::from_secs(1);
    let c = BinanceClient::new(cfg).expect("client");
    c.prices().await.expect("prices");
    c.balances(&creds()).await.expect("balances");
    let seen = fake.seen();
    assert_eq!(seen.len(), 2);
    let (first, second) = (&seen[0], &seen[1]);
    assert!(
        second.wall_ms / 1000 > first.wall_ms / 1000,
        "the weight-20 request went out in the same window: {} vs {}",
        first.wall_ms,
        second.wall_ms
    );
    assert!(second.at - first.at < Duration::from_millis(1300));
    assert_eq!(c.stats().signed_weight, u64::from(protocol::ACCOUNT.weight));
}

/// The error, its `Debug`, its one-line chain as the edge logs it, and the `Display` and
/// `Debug` of every cause below it.
fn everything_an_error_shows(e: &ExchangeError) -> String {
    let mut all = format!("{e}\n{e:?}\n{}\n", dustpan::ports::error_chain(e));
    let mut next = std::error::Error::source(e);
    while let Some(cause) = next {
        all.push_str(&format!("{cause}\n{cause:?}\n"));
        next = cause.source();
    }
    all
}

fn assert_no_secret(text: &str) {
    assert!(!text.contains(SECRET), "secret leaked: {text}");
    assert!(!text.contains(KEY), "key leaked: {text}");
    assert!(!text.contains("signature="), "signature leaked: {text}");
    assert!(!text.contains("timestamp="), "signed query leaked: {text}");
}

#[tokio::test]
async fn a_failing_signed_request_never_shows_the_secret_the_key_or_the_signature_anywhere_in_its_cause_chain()
 {
    // A timeout on a money POST.
    let (_fake, url) = spawn_fake(|_| Reply {
        delay: Duration::from_secs(3),
        ..ok(DUST)
    })
    .await;
    let mut cfg = config(url);
    cfg.request_timeout = Duration::from_millis(300);
    let c = BinanceClient::new(cfg).expect("client");
    let res = c.convert_dust(&creds(), &[asset("ADA")]).await;
    let e = match res {
        Err(e @ ExchangeError::OutcomeUnknown(_)) => e,
        other => panic!("expected OutcomeUnknown, got {other:?}"),
    };
    assert!(
        std::error::Error::source(&e).is_some(),
        "the transport error is kept as the cause: {e:?}"
    );
    assert!(!e.to_string().contains('\n'), "{e}");
    assert_no_secret(&everything_an_error_shows(&e));

    // A refused connection on a signed read.
    let closed = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = closed.local_addr().expect("addr");
    drop(closed);
    let c = client(format!("http://{addr}").parse().expect("url"));
    let e = match c.balances(&creds()).await {
        Err(e @ ExchangeError::Unavailable(_)) => e,
        other => panic!("expected Unavailable, got {other:?}"),
    };
    assert!(
        std::error::Error::source(&e).is_some(),
        "the connect error is kept as the cause: {e:?}"
    );
    assert!(!e.to_string().contains('\n'), "{e}");
    assert_no_secret(&everything_an_error_shows(&e));
}

#[tokio::test]
async fn trade_flow_keeps_the_big_numeric_order_id_exact() {
    let (fake, url) = spawn_fake(|_| {
        ok(
            r#"{"list":[{"quoteId":"f3b91c525b2644c7bc1e1cd31b6e1aa6","orderId":940708407462087200,
  "orderStatus":"SUCCESS","fromAsset":"USDT","fromAmount":"20","toAsset":"BNB",
  "toAmount":"0.06154036","ratio":"0.00307702","inverseRatio":"324.99","createTime":1624248872184}],
 "startTime":1623824139000,"endTime":1626416139000,"limit":100,"moreData":false}"#,
        )
    })
    .await;
    let start = chrono::DateTime::from_timestamp_millis(1_623_824_139_000).expect("time");
    let end = chrono::DateTime::from_timestamp_millis(1_626_416_139_000).expect("time");
    let orders = client(url)
        .convert_trade_flow(&creds(), start, end)
        .await
        .expect("trade flow");
    assert_eq!(orders[0].order_id, "940708407462087200");
    assert!(
        fake.seen()[0]
            .query
            .starts_with("startTime=1623824139000&endTime=1626416139000&limit=1000&")
    );
}

#[tokio::test(flavor = "current_thread")]
async fn debug_logs_name_method_path_and_status_but_never_the_query_key_or_signature() {
    let (captured, _guard) = crate::helpers::capture_logs();

    let (_fake, url) = spawn_fake(|s| match (s.path.as_str(), s.nth) {
        ("/api/v3/account", 1) => err(400, -1021, protocol::TIMESTAMP_OUTSIDE_RECV_WINDOW.msg),
        ("/api/v3/account", _) => Reply {
            headers: vec![(protocol::HEADER_USED_WEIGHT_1M, "42".to_owned())],
            ..ok(ACCOUNT)
        },
        ("/api/v3/time", _) => time_reply(),
        _ => err(503, -1, "Unknown error"),
    })
    .await;
    let c = client(url);
    assert!(c.balances(&creds()).await.is_ok());
    let res = c.convert_dust(&creds(), &[asset("ADA")]).await;
    assert!(matches!(res, Err(ExchangeError::OutcomeUnknown(_))));

    let logs = captured.text();
    assert!(logs.contains(r#"path="/sapi/v1/asset/dust""#), "{logs}");
    assert!(logs.contains("status=503"), "{logs}");
    assert_no_secret(&logs);
    assert!(!logs.contains("asset=ADA"), "a signed query leaked: {logs}");
}
