//! Regressions found by running standard Binance clients (binance-connector 3.x, ccxt 4.x)
//! against `dustpan sim` (tests/clients/standard_clients.py).

use reqwest::Method;

use super::demo;

/// ccxt's `fetch_ticker`/`fetch_tickers` read `GET /api/v3/ticker/24hr`; the simulator
/// answered it with -1099 404, so both failed.
#[tokio::test]
async fn ticker_24hr_serves_ccxt_fetch_ticker_with_binance_shapes_and_weights() {
    let s = demo().await;
    s.align_to_minute();
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/24hr",
            "symbol=BNBUSDT",
            "",
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let v = r.json();
    let price = s
        .send(
            Method::GET,
            "/api/v3/ticker/price",
            "symbol=BNBUSDT",
            "",
            None,
        )
        .await
        .json()["price"]
        .clone();
    assert_eq!(v["lastPrice"], price, "same price as ticker/price");
    for k in [
        "symbol",
        "priceChange",
        "priceChangePercent",
        "weightedAvgPrice",
        "prevClosePrice",
        "lastPrice",
        "lastQty",
        "bidPrice",
        "bidQty",
        "askPrice",
        "askQty",
        "openPrice",
        "highPrice",
        "lowPrice",
        "volume",
        "quoteVolume",
    ] {
        assert!(v[k].is_string(), "{k} must be a decimal string: {v}");
    }
    for k in ["openTime", "closeTime", "firstId", "lastId", "count"] {
        assert!(v[k].is_i64(), "{k} must be an integer: {v}");
    }
    assert_eq!(
        v["closeTime"]
            .as_i64()
            .map(|c| c - v["openTime"].as_i64().unwrap_or(0)),
        Some(86_400_000)
    );
    assert_eq!(r.header("X-MBX-USED-WEIGHT-1M").as_deref(), Some("2"));

    // ccxt's fetch_tickers form: a JSON array, commas not encoded; 1-20 symbols weigh 2
    // (used so far: 24hr 2 + price 2).
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/24hr",
            "symbols=%5B%22BTCUSDT%22,%22BNBUSDT%22%5D&type=MINI",
            "",
            None,
        )
        .await;
    let list = r.json();
    let list = list.as_array().expect("array");
    assert_eq!(list.len(), 2);
    assert!(list[0].get("bidPrice").is_none(), "MINI has no book fields");
    assert!(list[0]["lastPrice"].is_string());
    assert_eq!(r.header("X-MBX-USED-WEIGHT-1M").as_deref(), Some("6"));

    // No symbol: every symbol, weight 80.
    let r = s
        .send(Method::GET, "/api/v3/ticker/24hr", "", "", None)
        .await;
    assert!(r.json().as_array().is_some_and(|a| a.len() > 30));
    assert_eq!(r.header("X-MBX-USED-WEIGHT-1M").as_deref(), Some("86"));

    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/24hr",
            "symbol=NOPEUSDT",
            "",
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (400, -1121));
    let r = s
        .send(
            Method::GET,
            "/api/v3/ticker/24hr",
            "symbol=BNBUSDT&type=TINY",
            "",
            None,
        )
        .await;
    assert_eq!((r.status, r.code()), (400, -1100));
}
