//! The simulator over raw HTTP, with a tiny signer written here (HMAC over exactly the
//! bytes sent), so these tests check the wire protocol, not our client.

use std::str::FromStr;
use std::time::Duration;

use dustpan::sim::{
    self, DEMO_API_KEY as KEY, DEMO_API_SECRET as SECRET, Fault, Limits, SimConfig, SimHandle,
};
use hmac::{Hmac, KeyInit, Mac};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::Value;
use sha2::Sha256;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

mod convert;
mod dust;
mod std_clients;

const DUST: &str = "/sapi/v1/asset/dust";
const DUST_BTC: &str = "/sapi/v1/asset/dust-btc";

fn sign(secret: &str, payload: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(payload.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).expect("decimal")
}

struct Resp {
    status: u16,
    headers: reqwest::header::HeaderMap,
    text: String,
}

impl Resp {
    fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or(Value::Null)
    }
    fn code(&self) -> i64 {
        self.json()["code"].as_i64().unwrap_or(0)
    }
    fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
}

struct Sim {
    h: SimHandle,
    http: reqwest::Client,
}

async fn spawn(config: SimConfig) -> Sim {
    let h = sim::start(config, "127.0.0.1:0".parse().expect("addr"))
        .await
        .expect("starts");
    let http = reqwest::Client::builder()
        .no_proxy()
        .build()
        .expect("client");
    Sim { h, http }
}

async fn demo() -> Sim {
    spawn(SimConfig::demo()).await
}

impl Sim {
    async fn send(
        &self,
        method: Method,
        path: &str,
        query: &str,
        body: &str,
        key: Option<&str>,
    ) -> Resp {
        let url = if query.is_empty() {
            format!("{}{path}", self.h.base_url())
        } else {
            format!("{}{path}?{query}", self.h.base_url())
        };
        let mut req = self.http.request(method, url);
        if let Some(k) = key {
            req = req.header("X-MBX-APIKEY", k);
        }
        if !body.is_empty() {
            req = req
                .header("Content-Type", "application/x-www-form-urlencoded")
                .body(body.to_string());
        }
        let r = req.send().await.expect("response");
        let status = r.status().as_u16();
        let headers = r.headers().clone();
        let text = r.text().await.expect("body");
        Resp {
            status,
            headers,
            text,
        }
    }

    /// Signed request with every param in the query string (binance-connector style).
    async fn signed_with(
        &self,
        method: Method,
        path: &str,
        params: &str,
        key: &str,
        secret: &str,
    ) -> Resp {
        let ts = self.h.now_ms();
        let q = if params.is_empty() {
            format!("timestamp={ts}")
        } else {
            format!("{params}&timestamp={ts}")
        };
        let sig = sign(secret, &q);
        self.send(method, path, &format!("{q}&signature={sig}"), "", Some(key))
            .await
    }

    async fn signed(&self, method: Method, path: &str, params: &str) -> Resp {
        self.signed_with(method, path, params, KEY, SECRET).await
    }

    fn bal(&self, asset: &str) -> Decimal {
        self.h.balance(KEY, asset).expect("demo key")
    }

    /// Moves the clock to 1 s into a fresh minute, so weight windows cannot roll mid-test.
    fn align_to_minute(&self) {
        let now = self.h.now_ms();
        let to_next = 60_000 - now.rem_euclid(60_000) + 1000;
        self.h.advance_time(Duration::from_millis(
            u64::try_from(to_next).expect("positive"),
        ));
    }
}

#[test]
fn docs_signing_test_vector_verifies() {
    let secret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    let payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";
    let sig = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71";
    assert!(sim::verify_signature(
        secret.as_bytes(),
        payload.as_bytes(),
        sig.as_bytes()
    ));
    assert_eq!(sign(secret, payload), sig);
}

#[tokio::test]
async fn params_may_sit_in_query_body_or_both_with_encoded_or_plain_commas() {
    let s = demo().await;
    let ts = s.h.now_ms();
    // Query only, %2C (binance-connector).
    let q = format!("asset=ADA%2CXRP&needBtcValuation=true&timestamp={ts}");
    let r = s
        .send(
            Method::POST,
            "/sapi/v3/asset/getUserAsset",
            &format!("{q}&signature={}", sign(SECRET, &q)),
            "",
            Some(KEY),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json().as_array().map(Vec::len), Some(2));
    assert!(r.json()[0]["btcValuation"].is_string());
    // Body only, plain comma (ccxt form body).
    let b = format!("timestamp={ts}&asset=ADA,XRP");
    let r = s
        .send(
            Method::POST,
            "/sapi/v3/asset/getUserAsset",
            "",
            &format!("{b}&signature={}", sign(SECRET, &b)),
            Some(KEY),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json().as_array().map(Vec::len), Some(2));
    // Split: payload = query + body, signature at the end of the body.
    let (q, b) = ("asset=ADA", format!("timestamp={ts}"));
    let sig = sign(SECRET, &format!("{q}{b}"));
    let r = s
        .send(
            Method::POST,
            "/sapi/v3/asset/getUserAsset",
            q,
            &format!("{b}&signature={sig}"),
            Some(KEY),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.json()[0]["asset"], "ADA");
    // Upper-case hex is accepted too.
    let q = format!("timestamp={ts}");
    let sig = sign(SECRET, &q).to_uppercase();
    let r = s
        .send(
            Method::POST,
            DUST_BTC,
            &format!("{q}&signature={sig}"),
            "",
            Some(KEY),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
}

#[tokio::test]
async fn bad_signature_and_key_problems_get_binance_codes() {
    let json = format!(
        r#"{{"accounts":[
        {{"api_key":"{KEY}","api_secret":"{SECRET}","balances":{{"ADA":"1"}}}},
        {{"api_key":"walled","api_secret":"s2","balances":{{}},"ip_whitelist":["10.1.2.3"]}},
        {{"api_key":"readonly","api_secret":"s3","balances":{{"ADA":"1"}},
          "permissions":{{"reading":true,"spot_trading":false,"withdrawals":false}}}}]}}"#
    );
    let s = spawn(SimConfig::from_accounts_json(&json).expect("accounts")).await;
    let r = s
        .signed_with(Method::POST, DUST_BTC, "", KEY, "wrong-secret")
        .await;
    assert_eq!((r.status, r.code()), (400, -1022));
    let ts = s.h.now_ms();
    let q = format!("timestamp={ts}");
    let signed = format!("{q}&signature={}", sign(SECRET, &q));
    for key in [None, Some(""), Some("has space")] {
        let r = s.send(Method::POST, DUST_BTC, &signed, "", key).await;
        assert_eq!((r.status, r.code()), (401, -2014), "{key:?}");
    }
    let r = s
        .signed_with(Method::POST, DUST_BTC, "", "unknownKey", SECRET)
        .await;
    assert_eq!((r.status, r.code()), (401, -2015));
    let r = s
        .signed_with(Method::POST, DUST_BTC, "", "walled", "s2")
        .await;
    assert_eq!((r.status, r.code()), (401, -2015), "IP not in allow-list");
    let r = s
        .signed_with(Method::POST, DUST_BTC, "", "readonly", "s3")
        .await;
    assert_eq!(r.status, 200, "reading suffices for dust-btc");
    let r = s
        .signed_with(Method::POST, DUST, "asset=ADA", "readonly", "s3")
        .await;
    assert_eq!((r.status, r.code()), (401, -2015), "no trading permission");
    assert_eq!(s.h.balance("readonly", "ADA"), Some(dec("1")));
}

#[tokio::test]
async fn timestamps_and_mandatory_params_are_checked() {
    let s = demo().await;
    let send_at = |ts: i64, extra: &'static str| {
        let q = format!("{extra}timestamp={ts}");
        let sig = sign(SECRET, &q);
        let s = &s;
        async move {
            s.send(
                Method::POST,
                DUST_BTC,
                &format!("{q}&signature={sig}"),
                "",
                Some(KEY),
            )
            .await
        }
    };
    let now = s.h.now_ms();
    let r = send_at(now + 5_000, "").await;
    assert_eq!(
        (r.code(), r.json()["msg"].as_str()),
        (-1021, Some(dustpan::binance::protocol::TIMESTAMP_AHEAD.msg))
    );
    let r = send_at(now - 10_000, "").await;
    assert_eq!(r.code(), -1021);
    let r = send_at(now - 10_000, "recvWindow=20000.5&").await;
    assert_eq!(r.status, 200, "{}", r.text);
    let r = send_at(now, "recvWindow=60001&").await;
    assert_eq!(
        r.code(),
        dustpan::binance::assumptions::SAPI_BAD_RECV_WINDOW.code,
        "/sapi flavour (our choice of code)"
    );
    // Clock skew on the server side: the same client clock is now stale.
    s.h.set_clock_offset_ms(30_000);
    let r = s.signed(Method::GET, "/api/v3/account", "").await;
    assert_eq!(r.status, 200, "signed with the sim clock");
    let r = send_at(now, "").await;
    assert_eq!(r.code(), -1021);
    s.h.set_clock_offset_ms(0);
    let sig = sign(SECRET, "asset=ADA");
    let r = s
        .send(
            Method::POST,
            DUST,
            &format!("asset=ADA&signature={sig}"),
            "",
            Some(KEY),
        )
        .await;
    assert_eq!(r.code(), -1102, "missing timestamp: {}", r.text);
    let r = s.signed(Method::POST, DUST, "").await;
    assert_eq!(
        (
            r.code(),
            r.json()["msg"].as_str().map(|m| m.contains("'asset'"))
        ),
        (-1102, Some(true))
    );
    let r = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB",
        )
        .await;
    assert_eq!(r.code(), -1102);
    assert!(
        r.text.contains("fromAmount") && r.text.contains("toAmount"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn api_weight_overflow_gets_429_then_418_but_sapi_only_429() {
    let mut cfg = SimConfig::demo();
    cfg.limits = Limits {
        api_weight_1m: 25,
        sapi_ip_weight_1m: 2,
        sapi_uid_weight_1m: 2,
    };
    let s = spawn(cfg).await;
    s.align_to_minute();
    let r = s
        .send(
            Method::GET,
            "/api/v3/exchangeInfo",
            "symbol=ACTUSDT",
            "",
            None,
        )
        .await;
    assert_eq!(r.header("X-MBX-USED-WEIGHT-1M").as_deref(), Some("20"));
    let r = s
        .send(Method::GET, "/api/v3/exchangeInfo", "", "", None)
        .await;
    assert_eq!((r.status, r.code()), (429, -1003));
    let retry: u64 = r
        .header("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!((1..=60).contains(&retry), "{retry}");
    assert!(
        r.header("X-MBX-USED-WEIGHT-1M").is_some(),
        "errors carry the header too"
    );
    let r = s.send(Method::GET, "/api/v3/time", "", "", None).await;
    assert_eq!((r.status, r.code()), (418, -1003), "ignored Retry-After");
    s.h.advance_time(Duration::from_secs(121));
    let r = s.send(Method::GET, "/api/v3/time", "", "", None).await;
    assert_eq!(r.status, 200, "ban over");
    // /sapi: an endpoint's own bucket; 429 forever, never 418.
    for _ in 0..2 {
        assert_eq!(s.signed(Method::POST, DUST_BTC, "").await.status, 200);
    }
    for _ in 0..3 {
        let r = s.signed(Method::POST, DUST_BTC, "").await;
        assert_eq!((r.status, r.code()), (429, -1003));
        assert!(r.header("Retry-After").is_some());
        assert_eq!(
            r.header("X-SAPI-USED-IP-WEIGHT-1M")
                .as_deref()
                .map(|v| v.parse::<u32>().is_ok()),
            Some(true)
        );
    }
    let r = s.signed(Method::GET, "/sapi/v1/asset/dribblet", "").await;
    assert_eq!(r.status, 200, "another endpoint's bucket is untouched");
}

#[tokio::test]
async fn market_data_has_real_shapes() {
    let s = demo().await;
    let r = s
        .send(
            Method::GET,
            "/api/v3/exchangeInfo",
            "symbol=ACTUSDT",
            "",
            None,
        )
        .await;
    let filters = &r.json()["symbols"][0]["filters"];
    let lot = filters
        .as_array()
        .and_then(|f| f.iter().find(|f| f["filterType"] == "LOT_SIZE"))
        .expect("LOT_SIZE");
    assert_eq!(
        (lot["minQty"].as_str(), lot["stepSize"].as_str()),
        (Some("0.10000000"), Some("0.10000000"))
    );
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/price",
            "symbol=ADAUSDT",
            "",
            None,
        )
        .await;
    assert_eq!(
        (
            r.json()["price"].as_str(),
            r.header("X-MBX-USED-WEIGHT-1M").as_deref()
        ),
        (Some("0.45120000"), Some("22")),
        "exchangeInfo 20 + single ticker 2"
    );
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/price",
            "symbols=%5B%22ADAUSDT%22,%22BNBBTC%22%5D",
            "",
            None,
        )
        .await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(2), "{}", r.text);
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/price",
            "symbol=NOPEUSDT",
            "",
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (400, -1121));
    let r = s
        .send(
            Method::GET,
            "/api/v3/exchangeInfo",
            "symbol=MATICUSDT",
            "",
            None,
        )
        .await;
    assert_eq!(r.json()["symbols"][0]["status"], "BREAK");
}

#[tokio::test]
async fn server_errors_before_or_after_apply_behave_as_named() {
    let s = demo().await;
    s.h.inject_fault(DUST, Fault::UnavailableBeforeApply, 1);
    let r = s.signed(Method::POST, DUST, "asset=ADA").await;
    assert_eq!((r.status, r.code()), (503, -1001));
    assert_eq!(s.bal("ADA"), dec("1.8"), "not applied");
    s.h.inject_fault(DUST, Fault::EmptyInternalErrorAfterApply, 1);
    s.h.clear_request_log();
    let r = s.signed(Method::POST, DUST, "asset=ADA").await;
    assert_eq!((r.status, r.text.as_str()), (500, ""));
    assert_eq!(s.bal("ADA"), Decimal::ZERO, "applied despite the 500");
    assert_eq!(
        s.h.request_count("POST", DUST),
        1,
        "exactly one POST reached the simulator"
    );
    let log = s.h.requests();
    assert_eq!(log.last().map(|l| l.status), Some(Some(500)));
}

#[tokio::test]
async fn dropped_connection_closes_with_no_response_after_applying() {
    let s = demo().await;
    s.h.inject_fault(DUST, Fault::DropConnectionAfterApply, 1);
    let q = format!("asset=ADA&timestamp={}", s.h.now_ms());
    let q = format!("{q}&signature={}", sign(SECRET, &q));
    let mut tcp = tokio::net::TcpStream::connect(s.h.addr())
        .await
        .expect("connect");
    let req = format!(
        "POST {DUST}?{q} HTTP/1.1\r\nHost: x\r\nX-MBX-APIKEY: {KEY}\r\nContent-Length: 0\r\n\r\n"
    );
    tcp.write_all(req.as_bytes()).await.expect("write");
    let mut got = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), tcp.read_to_end(&mut got))
        .await
        .expect("closed, not hung");
    assert!(
        read.is_err() || got.is_empty(),
        "no response bytes: {:?}",
        String::from_utf8_lossy(&got)
    );
    assert_eq!(s.bal("ADA"), Decimal::ZERO, "applied");
    assert_eq!(s.h.requests().last().map(|l| l.status), Some(None));
    // The next request is served normally.
    assert_eq!(
        s.send(Method::GET, "/api/v3/time", "", "", None)
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn garbage_inputs_get_binance_errors_never_a_500() {
    use proptest::strategy::{Strategy, ValueTree};
    use proptest::test_runner::TestRunner;
    let s = demo().await;
    let paths = [
        "/api/v3/ticker/price",
        "/api/v3/exchangeInfo",
        DUST_BTC,
        DUST,
        "/sapi/v1/convert/getQuote",
        "/nope",
    ];
    let fixed = [
        "%",
        "%zz",
        "a=%ff%fe",
        "&&&==",
        "symbol=",
        "symbols=[1,2",
        "timestamp=99999999999999999999999",
        "recvWindow=abc&timestamp=1",
        "fromAmount=1e400&fromAsset=USDT&toAsset=BNB",
        "asset=,,,",
        "a=1&a=2",
    ];
    let mut runner = TestRunner::deterministic();
    let strat = "[a-zA-Z0-9=&%,.+_-]{0,60}";
    let mut queries: Vec<String> = fixed.iter().map(|q| (*q).to_string()).collect();
    for _ in 0..60 {
        queries.push(strat.new_tree(&mut runner).expect("tree").current());
    }
    for q in &queries {
        for p in paths {
            for m in [Method::GET, Method::POST] {
                let r = s.send(m.clone(), p, q, q, Some(KEY)).await;
                assert!(r.status < 500, "{m} {p}?{q} → {} {}", r.status, r.text);
                assert!(r.status == 200 || r.code() < 0, "{m} {p}?{q} → {}", r.text);
            }
        }
    }
    let huge = "a=".to_string() + &"x".repeat(200_000);
    let r = s.send(Method::POST, DUST, "", &huge, Some(KEY)).await;
    assert_eq!((r.status, r.code()), (400, -1100));
    let r = s
        .http
        .post(format!("{}{DUST}", s.h.base_url()))
        .body(vec![b'a', b'=', 0xff, 0xfe])
        .send()
        .await
        .expect("sent");
    assert_eq!(r.status().as_u16(), 400);
}
