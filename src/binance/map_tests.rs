//! The example payloads of binance.md, verbatim, parsed and mapped.

use rust_decimal_macros::dec;

use super::*;

fn parse<T: serde::de::DeserializeOwned>(s: &str) -> T {
    match serde_json::from_str(s) {
        Ok(v) => v,
        Err(e) => panic!("payload does not parse: {e}"),
    }
}

#[test]
fn dust_btc_example_maps_fee_and_totals() {
    let dto: DustBtcDto = parse(
        r#"{"details":[{"asset":"ADA","assetFullName":"ADA","amountFree":"6.21",
  "toBTC":"0.00016848","toBNB":"0.01777302","toBNBOffExchange":"0.01741756",
  "exchange":"0.00035546"}],
 "totalTransferBtc":"0.00016848","totalTransferBNB":"0.01777302","dribbletPercentage":"0.02"}"#,
    );
    let c = dust_candidates(dto);
    assert_eq!(c.details.len(), 1);
    let d = &c.details[0];
    assert_eq!(d.asset.as_str(), "ADA");
    assert_eq!(d.amount_free, dec!(6.21));
    assert_eq!(d.target_asset.as_str(), "BNB");
    assert_eq!(d.gross, dec!(0.01777302));
    assert_eq!(d.received, dec!(0.01741756));
    assert_eq!((d.fee, d.fee_asset.as_str()), (dec!(0.00035546), "BNB"));
    assert_eq!(c.total_gross, dec!(0.01777302));
    assert_eq!(c.fee_rate, dec!(0.02));
}

#[test]
fn dust_conversion_example_maps_the_transfered_amount_per_the_gross_switch_and_the_tran_id() {
    let dto: DustDto = parse(
        r#"{"totalServiceCharge":"0.02102542","totalTransfered":"1.05127099",
 "transferResult":[{"amount":"0.03000000","fromAsset":"ETH","operateTime":1563368549307,
   "serviceChargeAmount":"0.00500000","tranId":2970932918,"transferedAmount":"0.25000000"}]}"#,
    );
    let c = dust_conversion(dto).unwrap_or_else(|e| panic!("{e}"));
    // `transferedAmount` as the gross switch reads it (binance.md §3.2).
    let (gross, received) = if super::assumptions::DUST_TRANSFERED_IS_GROSS {
        (dec!(1.05127099), dec!(1.03024557))
    } else {
        (dec!(1.07229641), dec!(1.05127099))
    };
    assert_eq!((c.total_gross, c.total_received), (gross, received));
    assert_eq!(c.total_fee, dec!(0.02102542));
    let t = &c.transfers[0];
    assert_eq!(t.from_asset.as_str(), "ETH");
    assert_eq!(t.batch_id, "2970932918");
    let reported = if super::assumptions::DUST_TRANSFERED_IS_GROSS {
        t.gross
    } else {
        t.received
    };
    assert_eq!((reported, t.fee), (dec!(0.25), dec!(0.005)));
    assert_eq!(t.received, t.gross - t.fee);
    assert_eq!(
        (t.target_asset.as_str(), t.fee_asset.as_str()),
        ("BNB", "BNB")
    );
    assert_eq!(t.operate_time.timestamp_millis(), 1_563_368_549_307);
}

#[test]
fn an_empty_dust_success_maps_to_no_transfers() {
    let dto: DustDto =
        parse(r#"{"totalTransfered":"0","totalServiceCharge":"0","transferResult":[]}"#);
    let c = dust_conversion(dto).unwrap_or_else(|e| panic!("{e}"));
    assert!(c.transfers.is_empty());
}

#[test]
fn a_malformed_asset_in_a_dust_result_is_an_error_not_a_panic() {
    let dto: DustDto = parse(
        r#"{"totalServiceCharge":"0","totalTransfered":"0","transferResult":[{"amount":"1",
        "fromAsset":"A,B","operateTime":1,"serviceChargeAmount":"0","tranId":1,"transferedAmount":"0"}]}"#,
    );
    assert!(dust_conversion(dto).is_err());
}

#[test]
fn dribblet_example_maps_batches_with_the_batch_trans_id() {
    let dto: DribbletDto = parse(
        r#"{"total":8,
 "userAssetDribblets":[{"operateTime":1615985535000,"totalTransferedAmount":"0.00132256",
   "totalServiceChargeAmount":"0.00002699","transId":45178372831,
   "userAssetDribbletDetails":[{"transId":4359321,"serviceChargeAmount":"0.000009",
     "amount":"0.0009","operateTime":1615985535000,"transferedAmount":"0.000441",
     "fromAsset":"USDT","targetAsset":"BNB"}]}]}"#,
    );
    let log = dust_log(dto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log[0].batch_id, "45178372831");
    assert_eq!(log[0].total_gross, dec!(0.00132256));
    assert_eq!(log[0].total_received, dec!(0.00129557));
    assert_eq!(log[0].details[0].from_asset.as_str(), "USDT");
    assert_eq!(log[0].details[0].batch_id, "45178372831");
    assert_eq!(log[0].details[0].amount, dec!(0.0009));
}

#[test]
fn account_example_maps_balances() {
    let dto: AccountDto = parse(
        r#"{"makerCommission":15,"takerCommission":15,"buyerCommission":0,"sellerCommission":0,
 "commissionRates":{"maker":"0.00150000","taker":"0.00150000","buyer":"0.00000000","seller":"0.00000000"},
 "canTrade":true,"canWithdraw":true,"canDeposit":true,"brokered":false,
 "requireSelfTradePrevention":false,"preventSor":false,"updateTime":123456789,
 "accountType":"SPOT","balances":[{"asset":"BTC","free":"4723846.89208129","locked":"0.00000000"}],
 "permissions":["SPOT"],"uid":354937868}"#,
    );
    let b = balances(dto);
    assert_eq!(b[0].asset.as_str(), "BTC");
    assert_eq!(b[0].free, dec!(4723846.89208129));
    assert_eq!(b[0].locked, Decimal::ZERO);
}

#[test]
fn user_asset_example_maps_valuation() {
    let dto: Vec<UserAssetDto> = parse(
        r#"[{"asset":"AVAX","free":"1","locked":"0","freeze":"0","withdrawing":"0","ipoable":"0","btcValuation":"0"}]"#,
    );
    let u = user_assets(dto);
    assert_eq!(u[0].asset.as_str(), "AVAX");
    assert_eq!(u[0].free, dec!(1));
}

#[test]
fn an_amount_sent_as_a_json_number_is_refused() {
    let r: Result<PriceDto, _> = serde_json::from_str(r#"{"symbol":"LTCBTC","price":4.000002}"#);
    assert!(r.is_err());
}

#[test]
fn ticker_example_maps_prices() {
    let single: PriceDto = parse(r#"{"symbol":"LTCBTC","price":"4.00000200"}"#);
    let p = prices(vec![single]);
    assert_eq!(p.by_symbol.get("LTCBTC"), Some(&dec!(4.000002)));
}

#[test]
fn exchange_info_maps_lot_size_notional_and_status() {
    let dto: ExchangeInfoDto = parse(
        r#"{"timezone":"UTC","serverTime":1,"rateLimits":[{"rateLimitType":"REQUEST_WEIGHT","interval":"MINUTE","intervalNum":1,
"limit":6000}],"exchangeFilters":[],"symbols":[
 {"symbol":"ACTUSDT","status":"BREAK","baseAsset":"ACT","baseAssetPrecision":8,"quoteAsset":"USDT",
  "quoteAssetPrecision":8,"orderTypes":["LIMIT"],"isSpotTradingAllowed":true,"filters":[
  {"filterType":"PRICE_FILTER","minPrice":"0.01","maxPrice":"1000","tickSize":"0.01"},
  {"filterType":"LOT_SIZE","minQty":"0.10000000","maxQty":"9000000.00000000","stepSize":"0.10000000"},
  {"filterType":"NOTIONAL","minNotional":"5.00000000","applyMinToMarket":true,"maxNotional":"9000000.00000000","applyMaxToMarket":false,"avgPriceMins":5}],
  "permissionSets":[["SPOT"]]},
 {"symbol":"OLDBTC","status":"PRE_TRADING","baseAsset":"OLD","quoteAsset":"BTC","filters":[
  {"filterType":"MIN_NOTIONAL","minNotional":"0.0001","applyToMarket":true,"avgPriceMins":5}]},
 {"symbol":"BAD-X","status":"TRADING","baseAsset":"BA-D","quoteAsset":"X","filters":[]}]}"#,
    );
    let r = trading_rules(dto);
    assert_eq!(r.symbols.len(), 2, "the malformed symbol is skipped");
    let act = &r.symbols["ACTUSDT"];
    assert_eq!(act.status, SymbolStatus::Offline);
    assert_eq!(act.min_qty, dec!(0.1));
    assert_eq!(act.step_size, dec!(0.1));
    assert_eq!(act.min_notional, dec!(5));
    assert_eq!(act.max_notional, Some(dec!(9000000)));
    let old = &r.symbols["OLDBTC"];
    // PRE_TRADING no longer exists (enums.md): an unknown status is "not tradable".
    assert_eq!(old.status, SymbolStatus::Other);
    assert_eq!(old.min_notional, dec!(0.0001));
}

#[test]
fn convert_exchange_info_and_asset_info_examples_map() {
    let pairs: Vec<ConvertPairDto> = parse(
        r#"[{"fromAsset":"BTC","toAsset":"USDT","fromAssetMinAmount":"0.0004","fromAssetMaxAmount":"50",
  "toAssetMinAmount":"20","toAssetMaxAmount":"2500000"}]"#,
    );
    let p = convert_pairs(pairs);
    assert_eq!(p[0].from_min, dec!(0.0004));
    assert_eq!(p[0].to_max, dec!(2500000));
    let info: Vec<AssetInfoDto> = parse(r#"[{"asset":"BTC","fraction":8}]"#);
    assert_eq!(precisions(info)[0].fraction, 8);
}

#[test]
fn quote_example_maps_and_a_missing_quote_id_is_none() {
    let dto: QuoteDto = parse(
        r#"{"quoteId":"12415572564","ratio":"38163.7","inverseRatio":"0.0000262",
 "validTimestamp":1623319461670,"toAmount":"3816.37","fromAmount":"0.1"}"#,
    );
    let q = quote(dto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(q.quote_id.as_deref(), Some("12415572564"));
    assert_eq!(q.ratio, dec!(38163.7));
    assert_eq!(q.valid_until.timestamp_millis(), 1_623_319_461_670);
    let dto: QuoteDto = parse(
        r#"{"ratio":"38163.7","inverseRatio":"0.0000262",
 "validTimestamp":1623319461670,"toAmount":"3816.37","fromAmount":"0.1"}"#,
    );
    assert_eq!(quote(dto).map(|q| q.quote_id), Ok(None));
}

#[test]
fn accept_quote_example_keeps_the_string_order_id() {
    let dto: AcceptDto = parse(
        r#"{"orderId":"933256278426274426","createTime":1623381330472,"orderStatus":"PROCESS"}"#,
    );
    let a = accepted(dto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(a.order_id, "933256278426274426");
    assert_eq!(a.state, ConvertOrderState::Processing);
}

#[test]
fn order_status_example_keeps_the_numeric_order_id_digits() {
    let dto: OrderDto = parse(
        r#"{"orderId":933256278426274426,"orderStatus":"SUCCESS","fromAsset":"BTC","fromAmount":"0.00054414",
 "toAsset":"USDT","toAmount":"20","ratio":"36755","inverseRatio":"0.00002721","createTime":1623381330472}"#,
    );
    let o = order(dto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(o.order_id, "933256278426274426");
    assert_eq!(o.state, ConvertOrderState::Succeeded);
    assert_eq!(o.quote_id, None);
    assert_eq!(o.from_amount, dec!(0.00054414));
}

#[test]
fn trade_flow_example_keeps_the_big_order_id_as_exact_digits() {
    let dto: TradeFlowDto = parse(
        r#"{"list":[{"quoteId":"f3b91c525b2644c7bc1e1cd31b6e1aa6","orderId":940708407462087200,
  "orderStatus":"SUCCESS","fromAsset":"USDT","fromAmount":"20","toAsset":"BNB",
  "toAmount":"0.06154036","ratio":"0.00307702","inverseRatio":"324.99","createTime":1624248872184}],
 "startTime":1623824139000,"endTime":1626416139000,"limit":100,"moreData":false}"#,
    );
    assert!(!dto.more_data);
    let orders: Vec<_> = dto.list.into_iter().map(order).collect();
    let o = match &orders[0] {
        Ok(o) => o,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(o.order_id, "940708407462087200");
    assert_eq!(
        o.quote_id.as_deref(),
        Some("f3b91c525b2644c7bc1e1cd31b6e1aa6")
    );
    assert_eq!(o.to_asset.as_str(), "BNB");
    assert_eq!(o.inverse_ratio, dec!(324.99));
}

#[test]
fn an_order_id_beyond_u64_is_refused_rather_than_rounded() {
    let r: Result<Id, _> = serde_json::from_str("123456789012345678901234");
    assert!(r.is_err());
    let r: Result<Id, _> = serde_json::from_str("1.5");
    assert!(r.is_err());
}

#[test]
fn api_restrictions_require_the_withdrawal_flag() {
    let ok: Result<ApiRestrictionsDto, _> = serde_json::from_str(
        r#"{"ipRestrict":false,"createTime":1698645219000,"enableReading":true,"enableWithdrawals":false,
        "enableInternalTransfer":false,"enableMargin":false,"enableFutures":false,"permitsUniversalTransfer":false,
        "enableVanillaOptions":false,"enableFixApiTrade":false,"enableFixReadOnly":false,
        "enableSpotAndMarginTrading":true,"enablePortfolioMarginTrading":false}"#,
    );
    let k = ok.map(key_permissions).unwrap_or_else(|e| panic!("{e}"));
    assert!(k.reading && k.spot_trading && !k.withdrawals && !k.ip_restricted);
    let missing: Result<ApiRestrictionsDto, _> = serde_json::from_str(
        r#"{"ipRestrict":false,"enableReading":true,"enableSpotAndMarginTrading":true}"#,
    );
    assert!(missing.is_err());
}

#[test]
fn todays_symbol_statuses_map_and_an_unknown_one_is_not_tradable() {
    for (wire, want) in [
        ("TRADING", SymbolStatus::Trading),
        ("END_OF_DAY", SymbolStatus::ClosedForDay),
        ("HALT", SymbolStatus::Halted),
        ("BREAK", SymbolStatus::Offline),
        ("CANCEL_ONLY", SymbolStatus::CancelOnly),
        ("PRE_TRADING", SymbolStatus::Other),
        ("SOMETHING_NEW", SymbolStatus::Other),
    ] {
        let dto: ExchangeInfoDto = parse(&format!(
            r#"{{"symbols":[{{"symbol":"ACTUSDT","status":"{wire}","baseAsset":"ACT","quoteAsset":"USDT","filters":[]}}]}}"#
        ));
        assert_eq!(trading_rules(dto).symbols["ACTUSDT"].status, want, "{wire}");
    }
}

#[test]
fn the_dust_log_carries_each_details_target_asset_and_bnb_when_absent() {
    let dto: DribbletDto = parse(
        r#"{"total":2,"userAssetDribblets":[
 {"operateTime":1615985535000,"totalTransferedAmount":"0.5","totalServiceChargeAmount":"0.01","transId":2,
  "userAssetDribbletDetails":[{"transId":21,"serviceChargeAmount":"0.01","amount":"3","operateTime":1615985535000,
   "transferedAmount":"0.5","fromAsset":"ADA","targetAsset":"USDC"}]},
 {"operateTime":1615985530000,"totalTransferedAmount":"0.000441","totalServiceChargeAmount":"0.000009","transId":1,
  "userAssetDribbletDetails":[{"transId":11,"serviceChargeAmount":"0.000009","amount":"0.0009","operateTime":1615985530000,
   "transferedAmount":"0.000441","fromAsset":"USDT"}]}]}"#,
    );
    let log = dust_log(dto).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(log[0].details[0].target_asset.as_str(), "USDC");
    assert!(!log[0].has_part_to("BNB"));
    assert_eq!(
        log[0].details[0].fee_asset.as_str(),
        "USDC",
        "fee in the asset received"
    );
    assert_eq!(log[1].details[0].target_asset.as_str(), "BNB");
    assert!(log[1].has_part_to("BNB"));
}

#[test]
fn a_decimal_beyond_any_exchange_value_is_refused_when_read() {
    let huge = r#"[{"symbol":"ACTUSDT","price":"79228162514264337593543950335"}]"#;
    assert!(serde_json::from_str::<Vec<PriceDto>>(huge).is_err());
    let negative = r#"[{"symbol":"ACTUSDT","price":"-1000000000000000001"}]"#;
    assert!(serde_json::from_str::<Vec<PriceDto>>(negative).is_err());
    let fine: Vec<PriceDto> = parse(r#"[{"symbol":"ACTUSDT","price":"92233720368.54775807"}]"#);
    assert_eq!(fine[0].price, dec!(92233720368.54775807));
    let tiny: Vec<PriceDto> =
        parse(r#"[{"symbol":"ACTUSDT","price":"0.0000000000000000000000000001"}]"#);
    assert_eq!(tiny[0].price, dec!(0.0000000000000000000000000001));
}

#[test]
fn a_time_before_the_epoch_or_after_the_year_9999_is_refused() {
    assert!(ms(-1).is_err());
    assert!(ms(i64::MAX).is_err());
    assert!(ms(253_402_300_800_000).is_err());
    assert!(ms(1_623_319_461_670).is_ok());
}
