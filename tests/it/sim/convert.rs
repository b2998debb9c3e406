//! Spot Convert over the wire (binance.md §4).

use dustpan::binance::assumptions;
use std::time::Duration;

use dustpan::sim::DEMO_API_KEY as KEY;
use reqwest::Method;

use super::{dec, demo};

#[tokio::test]
async fn convert_quote_accept_and_status_go_from_process_to_success() {
    let s = demo().await;
    let q = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB&fromAmount=20",
        )
        .await;
    assert_eq!(q.status, 200, "{}", q.text);
    let q = q.json();
    let quote_id = q["quoteId"].as_str().expect("quoteId string").to_string();
    assert!(quote_id.bytes().all(|b| b.is_ascii_digit()));
    let ratio = dec(q["ratio"].as_str().expect("ratio"));
    let mid = dec("1") / dec("598.40");
    assert!(
        ratio < mid && ratio > mid * dec("0.995"),
        "spread inside ratio: {ratio} vs {mid}"
    );
    let to_amount = dec(q["toAmount"].as_str().expect("toAmount"));
    let a = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/acceptQuote",
            &format!("quoteId={quote_id}"),
        )
        .await;
    let av = a.json();
    assert_eq!(av["orderStatus"], "PROCESS");
    let order_id = av["orderId"]
        .as_str()
        .expect("orderId is a string in acceptQuote")
        .to_string();
    assert_eq!(
        (s.bal("USDT"), s.bal("BNB")),
        (dec("132.43"), dec("0.0123") + to_amount)
    );
    let st = s
        .signed(
            Method::GET,
            "/sapi/v1/convert/orderStatus",
            &format!("orderId={order_id}"),
        )
        .await;
    assert!(
        st.text.contains(&format!("\"orderId\":{order_id}")),
        "number, exact: {}",
        st.text
    );
    assert_eq!(st.json()["orderStatus"], "PROCESS");
    s.h.advance_time(Duration::from_secs(2));
    let st = s
        .signed(
            Method::GET,
            "/sapi/v1/convert/orderStatus",
            &format!("quoteId={quote_id}"),
        )
        .await;
    assert_eq!(st.json()["orderStatus"], "SUCCESS", "{}", st.text);
    let again = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/acceptQuote",
            &format!("quoteId={quote_id}"),
        )
        .await;
    assert_eq!(
        again.code(),
        assumptions::CONVERT_ORDER_NOT_FOUND.code,
        "a quote is accepted once (our code: Binance documents none)"
    );
    let now = s.h.now_ms();
    let flow = s
        .signed(
            Method::GET,
            "/sapi/v1/convert/tradeFlow",
            &format!("startTime={}&endTime={now}", now - 86_400_000),
        )
        .await;
    assert!(
        flow.text.contains(&format!("\"orderId\":{order_id}")),
        "{}",
        flow.text
    );
    assert_eq!(flow.json()["moreData"], false);
    let long = s
        .signed(
            Method::GET,
            "/sapi/v1/convert/tradeFlow",
            &format!("startTime=0&endTime={now}"),
        )
        .await;
    assert_eq!(long.status, 400);
}

#[tokio::test]
async fn quotes_without_funds_expired_or_unapproved_are_refused() {
    let s = demo().await;
    let q = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB&fromAmount=1000",
        )
        .await;
    assert_eq!(q.status, 200);
    assert!(
        q.json().get("quoteId").is_none(),
        "no quoteId when funds are short: {}",
        q.text
    );
    let q = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB&fromAmount=0.0001",
        )
        .await;
    assert_eq!(
        q.code(),
        assumptions::QUOTE_AMOUNT_OUT_OF_RANGE.code,
        "below the pair minimum (our code: Binance documents none)"
    );
    let q = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=MATIC&toAsset=USDT&fromAmount=1",
        )
        .await;
    assert_eq!(
        q.code(),
        assumptions::CONVERT_PAIR_NOT_SUPPORTED.code,
        "delisted pair (our code: Binance documents none)"
    );
    let q = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB&toAmount=0.01",
        )
        .await;
    let id = q.json()["quoteId"].as_str().expect("quoteId").to_string();
    s.h.advance_time(Duration::from_secs(11));
    let a = s
        .signed(
            Method::POST,
            "/sapi/v1/convert/acceptQuote",
            &format!("quoteId={id}"),
        )
        .await;
    assert_eq!(
        a.code(),
        assumptions::QUOTE_EXPIRED.code,
        "expired (our code: Binance documents none)"
    );
    assert_eq!(s.bal("USDT"), dec("152.43"));
    s.h.set_convert_approved(KEY, false);
    for (m, p, params) in [
        (
            Method::POST,
            "/sapi/v1/convert/getQuote",
            "fromAsset=USDT&toAsset=BNB&fromAmount=20",
        ),
        (Method::GET, "/sapi/v1/convert/orderStatus", "orderId=1"),
        (Method::GET, "/sapi/v1/convert/assetInfo", ""),
    ] {
        let r = s.signed(m, p, params).await;
        assert_eq!((r.status, r.code()), (401, -1002), "{p}");
    }
    let r = s
        .send(
            Method::GET,
            "/sapi/v1/convert/exchangeInfo",
            "toAsset=BNB",
            "",
            None,
        )
        .await;
    assert!(r.json().as_array().is_some_and(|a| !a.is_empty()), "public");
}
