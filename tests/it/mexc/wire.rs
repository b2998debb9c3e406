//! The simulator's wire rules, by raw requests as other clients send them (mexc.md §1):
//! parameters split between query and body (the query wins), `%2C` commas, lowercase hex
//! only, recvWindow at most 60000, the key header, and the dust log's paging fields.

use dustpan::mexc::sign::signature;
use dustpan::sim::mexc::{self as sim, MEXC_DEMO_API_KEY, MEXC_DEMO_API_SECRET, MexcSimConfig};
use secrecy::SecretString;
use serde_json::Value;

struct Raw {
    sim: sim::MexcSimHandle,
    http: reqwest::Client,
}

impl Raw {
    async fn start() -> Self {
        let sim = sim::start(
            MexcSimConfig::demo(),
            "127.0.0.1:0".parse().expect("loopback"),
        )
        .await
        .expect("starts");
        Self {
            sim,
            http: reqwest::Client::new(),
        }
    }

    fn sign(payload: &str) -> String {
        signature(
            &SecretString::from(MEXC_DEMO_API_SECRET),
            payload.as_bytes(),
        )
        .expect("signs")
    }

    /// Sends `query` and `body` as given, with `&signature=` appended to the query.
    async fn send(
        &self,
        method: &str,
        path: &str,
        query: &str,
        body: &str,
        sig: &str,
    ) -> (u16, Value) {
        let url = format!("{}{path}?{query}&signature={sig}", self.sim.base_url());
        let req = match method {
            "POST" => self.http.post(url),
            _ => self.http.get(url),
        };
        let resp = req
            .header("X-MEXC-APIKEY", MEXC_DEMO_API_KEY)
            .header("Content-Type", "application/json")
            .header("source", "CCXT")
            .body(body.to_owned())
            .send()
            .await
            .expect("sent");
        let status = resp.status().as_u16();
        (status, resp.json().await.expect("json"))
    }

    fn ts(&self) -> i64 {
        self.sim.now_ms()
    }
}

#[tokio::test]
async fn parameters_split_between_query_and_body_are_signed_as_query_then_body_and_the_query_wins()
{
    let raw = Raw::start().await;
    // The body names `asset` too: the query's value wins.
    let query = format!("asset=ADA%2CXRP&recvWindow=5000&timestamp={}", raw.ts());
    let body = "asset=DOGE";
    let sig = Raw::sign(&format!("{query}{body}"));
    let (status, v) = raw
        .send("POST", "/api/v3/capital/convert", &query, body, &sig)
        .await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["successList"], serde_json::json!(["ADA", "XRP"]));
    assert!(v["totalConvert"].is_string() && v["convertFee"].is_string());
    assert!(v.get("code").is_none());
}

#[tokio::test]
async fn a_ccxt_style_post_with_every_parameter_in_the_query_and_an_empty_json_body_is_accepted() {
    let raw = Raw::start().await;
    let query = format!(
        "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.01&newClientOrderId=x1&timestamp={}&recvWindow=5000",
        raw.ts()
    );
    let sig = Raw::sign(&query);
    let (status, v) = raw.send("POST", "/api/v3/order", &query, "", &sig).await;
    assert_eq!(status, 200, "{v}");
    assert!(v["orderId"].is_string(), "orderId is a string: {v}");
    let query = format!(
        "symbol=ETHUSDT&orderId={}&timestamp={}",
        v["orderId"].as_str().unwrap_or(""),
        raw.ts()
    );
    let sig = Raw::sign(&query);
    let (status, v) = raw.send("GET", "/api/v3/order", &query, "", &sig).await;
    assert_eq!(status, 200, "{v}");
    assert_eq!(v["status"], "FILLED");
    assert_eq!(v["origQty"], "0.01");
    assert_eq!(v["cummulativeQuoteQty"], "30");
}

#[tokio::test]
async fn an_upper_case_signature_a_missing_one_and_a_wrong_one_are_refused_with_their_codes() {
    let raw = Raw::start().await;
    let query = format!("timestamp={}", raw.ts());
    let sig = Raw::sign(&query);
    let (status, v) = raw
        .send("GET", "/api/v3/account", &query, "", &sig.to_uppercase())
        .await;
    assert_eq!((status, v["code"].as_i64()), (400, Some(700002)), "{v}");
    let (_, v) = raw.send("GET", "/api/v3/account", &query, "", "").await;
    assert_eq!(v["code"].as_i64(), Some(700004), "{v}");
    let (_, v) = raw
        .send("GET", "/api/v3/account", &query, "", &"0".repeat(64))
        .await;
    assert_eq!(v["code"].as_i64(), Some(700002), "{v}");
    let (status, v) = raw.send("GET", "/api/v3/account", &query, "", &sig).await;
    assert_eq!(status, 200, "{v}");
}

#[tokio::test]
async fn a_recv_window_over_60000_is_refused_with_700005_and_a_stale_timestamp_with_700003() {
    let raw = Raw::start().await;
    let query = format!("recvWindow=60001&timestamp={}", raw.ts());
    let (_, v) = raw
        .send("GET", "/api/v3/account", &query, "", &Raw::sign(&query))
        .await;
    assert_eq!(v["code"].as_i64(), Some(700005), "{v}");
    let query = format!("recvWindow=60000&timestamp={}", raw.ts() - 59_000);
    let (status, _) = raw
        .send("GET", "/api/v3/account", &query, "", &Raw::sign(&query))
        .await;
    assert_eq!(status, 200);
    let query = format!("timestamp={}", raw.ts() - 6_000);
    let (_, v) = raw
        .send("GET", "/api/v3/account", &query, "", &Raw::sign(&query))
        .await;
    assert_eq!(v["code"].as_i64(), Some(700003), "{v}");
    // Ahead by a second or more is refused too.
    let query = format!("timestamp={}", raw.ts() + 1_500);
    let (_, v) = raw
        .send("GET", "/api/v3/account", &query, "", &Raw::sign(&query))
        .await;
    assert_eq!(v["code"].as_i64(), Some(700003), "{v}");
}

#[tokio::test]
async fn the_dust_log_pages_carry_total_page_num_and_32_hex_ids_and_limit_defaults_to_one() {
    let raw = Raw::start().await;
    for a in ["ADA", "XRP", "DOGE"] {
        let query = format!("asset={a}&timestamp={}", raw.ts());
        let (status, _) = raw
            .send(
                "POST",
                "/api/v3/capital/convert",
                &query,
                "",
                &Raw::sign(&query),
            )
            .await;
        assert_eq!(status, 200);
    }
    let query = format!("timestamp={}", raw.ts());
    let (_, v) = raw
        .send(
            "GET",
            "/api/v3/capital/convert",
            &query,
            "",
            &Raw::sign(&query),
        )
        .await;
    assert_eq!(v["totalRecords"], 3);
    assert_eq!(v["totalPageNum"], 3);
    assert_eq!(v["page"], 1);
    assert_eq!(v["data"].as_array().map(Vec::len), Some(1));
    let id = v["data"][0]["convertDetails"][0]["id"]
        .as_str()
        .unwrap_or("");
    assert!(
        id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()),
        "{id}"
    );
    assert!(v["data"][0]["convertTime"].is_i64());
    let query = format!("page=2&limit=2&timestamp={}", raw.ts());
    let (_, v) = raw
        .send(
            "GET",
            "/api/v3/capital/convert",
            &query,
            "",
            &Raw::sign(&query),
        )
        .await;
    assert_eq!(v["totalPageNum"], 2);
    assert_eq!(v["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(v["data"][0]["convertDetails"][0]["asset"], "ADA");
}

#[tokio::test]
async fn a_signed_endpoint_without_the_key_header_is_refused_with_code_400() {
    let raw = Raw::start().await;
    let url = format!(
        "{}/api/v3/account?timestamp=1&signature=00",
        raw.sim.base_url()
    );
    let resp = raw.http.get(url).send().await.expect("sent");
    let v: Value = resp.json().await.expect("json");
    assert_eq!(v["code"].as_i64(), Some(400));
    assert_eq!(v["msg"], "api key required");
}
