#!/usr/bin/env python3
"""Checks `dustpan sim` against standard Binance clients, used unchanged.

- Binance's own `binance-connector` 3.x (legacy `binance.spot.Spot`): every parameter in
  the signed, urlencoded query string; `asset=A,B` joined with commas.
- `ccxt` 4.x: sapi POST parameters in an `application/x-www-form-urlencoded` body,
  its own typed exceptions mapped from Binance's error codes.
- Dust Convert to a chosen target: Binance's modular wallet SDK (`binance-sdk-wallet`,
  the legacy connector has no such method) and ccxt's generic `request()`.

Only the base URL is changed in each client. Every check prints one line, `ok` or
`FAIL`, with a detail; the exit status is non-zero if any check failed.

By default each client gets its own fresh simulator (the demo account, so the one dust
conversion per cooldown is available to both), started from `target/debug/dustpan`.
See tests/clients/README.md.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from decimal import Decimal
from pathlib import Path

DEMO_API_KEY = "dustpanDEMOkeyNOTaREALbinanceKEY00000000000000000000000000000000"
DEMO_API_SECRET = "dustpanDEMOsecretNOTaREALbinance0123456789abcdefghijklmnopqrstuv"
UNKNOWN_KEY = "unknownKEYnotKNOWNtoTHEsimulator000000000000000000000000000000000"

# The demo account's opening balances (src/sim/config.rs `demo_account`).
DEMO_BALANCES = {
    "ACT": "0.005", "MATIC": "12.3", "NEWT": "3", "ADA": "1.8", "XRP": "0.9",
    "DOGE": "4.2", "TRX": "2.5", "DOT": "0.07", "LINK": "0.03", "SHIB": "45000",
    "PEPE": "120000", "ATOM": "0.05", "FDUSD": "0.37", "USDT": "152.43", "ETH": "0.25",
    "BNB": "0.0123",
}

sys.path.insert(0, str(Path(__file__).resolve().parent))
import sim_report as report  # noqa: E402 - the shared report helpers and simulator
from sim_report import REPO, Sim, expect  # noqa: E402


def check(client: str, name: str):
    """Decorator: runs the function now, prints `ok`/`FAIL` with the client and detail."""
    return report.check(f"{client:<9} {name}")


def D(v) -> Decimal:  # noqa: N802 - short for Decimal of a wire string
    expect(isinstance(v, str), f"amount {v!r} is not a string")
    return Decimal(v)


def is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


# ----------------------------------------------------------------------------------------
# binance-connector (legacy binance.spot.Spot)


def run_connector(base_url: str) -> None:
    from binance.error import ClientError
    from binance.spot import Spot

    C = "connector"
    from binance.__version__ import __version__ as version

    print(f"# binance-connector {version} against {base_url}")
    pub = Spot(base_url=base_url)
    spot = Spot(DEMO_API_KEY, DEMO_API_SECRET, base_url=base_url)
    spot_hdr = Spot(DEMO_API_KEY, DEMO_API_SECRET, base_url=base_url, show_limit_usage=True,
                    show_header=True)
    state: dict = {}

    @check(C, "time()")
    def _():
        r = pub.time()
        now = int(time.time() * 1000)
        expect(is_int(r["serverTime"]), f"serverTime {r!r}")
        expect(abs(r["serverTime"] - now) < 5000, "serverTime far from local clock")
        return f"serverTime={r['serverTime']}"

    @check(C, "exchange_info()")
    def _():
        r = pub.exchange_info()
        syms = {s["symbol"]: s for s in r["symbols"]}
        expect(r["timezone"] == "UTC" and is_int(r["serverTime"]), "top level")
        expect(r["rateLimits"][0]["rateLimitType"] == "REQUEST_WEIGHT", "rateLimits")
        act = syms["ACTUSDT"]
        lot = next(f for f in act["filters"] if f["filterType"] == "LOT_SIZE")
        expect(D(lot["minQty"]) == Decimal("0.1"), f"ACTUSDT LOT_SIZE {lot}")
        expect(syms["MATICUSDT"]["status"] == "BREAK", "MATICUSDT not BREAK")
        expect(syms["NEWTUSDT"]["status"] == "BREAK", "NEWTUSDT not BREAK")
        state["symbols"] = syms
        return f"{len(syms)} symbols"

    @check(C, "exchange_info(symbol=)")
    def _():
        r = pub.exchange_info(symbol="ADAUSDT")
        expect([s["symbol"] for s in r["symbols"]] == ["ADAUSDT"], f"{r['symbols']!r:.200}")

    @check(C, "exchange_info(symbols=[..])")
    def _():
        r = pub.exchange_info(symbols=["ADAUSDT", "BNBUSDT"])
        got = sorted(s["symbol"] for s in r["symbols"])
        expect(got == ["ADAUSDT", "BNBUSDT"], f"{got}")

    @check(C, "ticker_price()")
    def _():
        r = pub.ticker_price()
        expect(isinstance(r, list) and len(r) == len(state["symbols"]), "count")
        prices = {t["symbol"]: D(t["price"]) for t in r}
        state["prices"] = prices
        return f"{len(r)} prices, BNBUSDT={prices['BNBUSDT']}"

    @check(C, "ticker_price(symbol=)")
    def _():
        r = pub.ticker_price(symbol="BNBUSDT")
        expect(r["symbol"] == "BNBUSDT" and D(r["price"]) == state["prices"]["BNBUSDT"], f"{r}")

    @check(C, "ticker_price(symbols=[..])")
    def _():
        r = pub.ticker_price(symbols=["BTCUSDT", "BNBUSDT"])
        expect(sorted(t["symbol"] for t in r) == ["BNBUSDT", "BTCUSDT"], f"{r}")

    @check(C, "ticker_price(symbol=unknown) -> ClientError -1121")
    def _():
        try:
            pub.ticker_price(symbol="NOPEUSDT")
        except ClientError as e:
            expect(e.error_code == -1121 and e.status_code == 400, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code} {e.error_message}"
        raise AssertionError("no error")

    @check(C, "account()")
    def _():
        r = spot.account()
        bal = {b["asset"]: b for b in r["balances"]}
        for asset, amount in DEMO_BALANCES.items():
            expect(D(bal[asset]["free"]) == Decimal(amount), f"{asset} free {bal[asset]}")
            expect(D(bal[asset]["locked"]) == 0, f"{asset} locked")
        expect(r["canTrade"] is True and is_int(r["uid"]), "canTrade/uid")
        expect(r["accountType"] == "SPOT", "accountType")
        state["account"] = {a: D(b["free"]) for a, b in bal.items()}
        return f"{len(bal)} balances"

    @check(C, "account() weight headers")
    def _():
        r = spot_hdr.account()
        used = r["limit_usage"]
        expect("x-mbx-used-weight-1m" in used, f"limit_usage {used}")
        ctype = r["header"].get("Content-Type", "")
        expect(ctype.startswith("application/json"), f"Content-Type {ctype!r}")
        return f"limit_usage={used}"

    @check(C, "bnb_convertible_assets() sapi weight header")
    def _():
        r = spot_hdr.bnb_convertible_assets()
        used = r["limit_usage"]
        expect("x-sapi-used-ip-weight-1m" in used, f"limit_usage {used}")
        return f"limit_usage={used}"

    @check(C, "user_asset(needBtcValuation=True)")
    def _():
        r = spot.user_asset(needBtcValuation=True)
        got = {u["asset"]: u for u in r}
        expect(set(got) == set(DEMO_BALANCES), f"assets {sorted(got)}")
        for a, u in got.items():
            expect(D(u["free"]) == state["account"][a], f"{a} free differs from account()")
            for f in ("locked", "freeze", "withdrawing", "ipoable", "btcValuation"):
                D(u[f])
        expect(D(got["MATIC"]["btcValuation"]) == 0, "delisted MATIC valued")
        expect(D(got["ETH"]["btcValuation"]) > 0, "ETH not valued")
        return f"{len(r)} assets"

    @check(C, "user_asset(asset=ADA)")
    def _():
        r = spot.user_asset(asset="ADA")
        expect([u["asset"] for u in r] == ["ADA"] and "btcValuation" not in r[0], f"{r}")

    @check(C, "api_key_permissions()")
    def _():
        r = spot.api_key_permissions()
        expect(r["enableReading"] is True and r["enableSpotAndMarginTrading"] is True, f"{r}")
        expect(r["ipRestrict"] is False and is_int(r["createTime"]), f"{r}")

    @check(C, "bnb_convertible_assets() (dust-btc)")
    def _():
        r = spot.bnb_convertible_assets()
        details = {d["asset"]: d for d in r["details"]}
        for bad in ("MATIC", "NEWT", "FDUSD", "BNB", "USDT", "ETH"):
            expect(bad not in details, f"{bad} offered as dust")
        for want in ("ACT", "ADA", "XRP"):
            expect(want in details, f"{want} not offered")
        total_btc = sum(D(d["toBTC"]) for d in details.values())
        expect(total_btc == D(r["totalTransferBtc"]), "totalTransferBtc != sum")
        for d in details.values():
            expect(D(d["amountFree"]) == state["account"][d["asset"]], f"{d['asset']} amountFree")
            expect(D(d["toBNB"]) - D(d["exchange"]) == D(d["toBNBOffExchange"]), "fee arithmetic")
        expect(r["dribbletPercentage"] == "0.02", "dribbletPercentage")
        state["dust"] = details
        return f"{len(details)} convertible: {','.join(sorted(details))}"

    @check(C, "transfer_dust(asset=['ADA','XRP'])")
    def _():
        bnb0 = state["account"]["BNB"]
        r = spot.transfer_dust(asset=["ADA", "XRP"])
        res = {t["fromAsset"]: t for t in r["transferResult"]}
        expect(set(res) == {"ADA", "XRP"}, f"{r}")
        tran_ids = {t["tranId"] for t in res.values()}
        expect(len(tran_ids) == 1 and is_int(next(iter(tran_ids))), f"tranIds {tran_ids}")
        for a, t in res.items():
            expect(D(t["amount"]) == state["account"][a], f"{a} amount")
            expect(is_int(t["operateTime"]), "operateTime")
        total = sum(D(t["transferedAmount"]) for t in res.values())
        fees = sum(D(t["serviceChargeAmount"]) for t in res.values())
        expect(total == D(r["totalTransfered"]) and fees == D(r["totalServiceCharge"]), "totals")
        acc = {b["asset"]: D(b["free"]) for b in spot.account()["balances"]}
        expect(acc["ADA"] == 0 and acc["XRP"] == 0, "ADA/XRP not swept")
        gained = acc["BNB"] - bnb0
        expect(gained in (total, total - fees), f"BNB +{gained}, transfered {total} fee {fees}")
        state["tranId"] = next(iter(tran_ids))
        return f"tranId={state['tranId']} BNB +{gained}"

    @check(C, "transfer_dust again -> ClientError -5006 (cooldown)")
    def _():
        try:
            spot.transfer_dust(asset=["DOGE"])
        except ClientError as e:
            expect(e.error_code == -5006 and 400 <= e.status_code < 500, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code} {e.error_message}"
        raise AssertionError("second conversion inside the cooldown succeeded")

    @check(C, "dust_log()")
    def _():
        r = spot.dust_log()
        expect(r["total"] == len(r["userAssetDribblets"]) == 1, f"{r}")
        b = r["userAssetDribblets"][0]
        expect(b["transId"] == state["tranId"], f"transId {b['transId']} != {state['tranId']}")
        expect(sorted(d["fromAsset"] for d in b["userAssetDribbletDetails"]) == ["ADA", "XRP"], "details")
        for d in b["userAssetDribbletDetails"]:
            expect(is_int(d["transId"]) and is_int(d["operateTime"]), "ids")
            D(d["amount"]), D(d["transferedAmount"]), D(d["serviceChargeAmount"])
        return f"transId={b['transId']}"

    @check(C, "convert list_all_convert_pairs(toAsset=USDT)")
    def _():
        r = pub.list_all_convert_pairs(toAsset="USDT")
        expect(all(p["toAsset"] == "USDT" for p in r) and r, "pairs")
        p = next(p for p in r if p["fromAsset"] == "ETH")
        for f in ("fromAssetMinAmount", "fromAssetMaxAmount", "toAssetMinAmount", "toAssetMaxAmount"):
            D(p[f])
        return f"{len(r)} pairs to USDT"

    @check(C, "convert query_order_quantity_precision_per_asset()")
    def _():
        r = spot.query_order_quantity_precision_per_asset()
        frac = {a["asset"]: a["fraction"] for a in r}
        expect(is_int(frac["BTC"]), f"{frac.get('BTC')!r}")

    @check(C, "convert send_quote_request(ETH->USDT, fromAmount)")
    def _():
        r = spot.send_quote_request(fromAsset="ETH", toAsset="USDT", fromAmount="0.01")
        expect(isinstance(r.get("quoteId"), str), f"quoteId {r!r}")
        expect(D(r["fromAmount"]) == Decimal("0.01") and D(r["toAmount"]) > 0, f"{r}")
        D(r["ratio"]), D(r["inverseRatio"])
        expect(is_int(r["validTimestamp"]), "validTimestamp")
        state["quote"] = r
        return f"quoteId={r['quoteId']} ratio={r['ratio']}"

    @check(C, "convert send_quote_request, short of funds -> no quoteId")
    def _():
        r = spot.send_quote_request(fromAsset="ETH", toAsset="USDT", fromAmount="5")
        expect("quoteId" not in r and D(r["toAmount"]) > 0, f"{r}")

    @check(C, "convert accept_quote(quoteId)")
    def _():
        q = state["quote"]
        r = spot.accept_quote(quoteId=q["quoteId"])
        expect(isinstance(r["orderId"], str) and r["orderId"].isdigit(), f"orderId {r!r}")
        expect(r["orderStatus"] in ("PROCESS", "ACCEPT_SUCCESS", "SUCCESS"), f"{r}")
        acc = {b["asset"]: D(b["free"]) for b in spot.account()["balances"]}
        expect(acc["ETH"] == state["account"]["ETH"] - D(q["fromAmount"]), "ETH not debited")
        expect(acc["USDT"] == state["account"]["USDT"] + D(q["toAmount"]), "USDT not credited")
        state["order"] = r
        return f"orderId={r['orderId']} {r['orderStatus']}"

    @check(C, "convert order_status(orderId=)")
    def _():
        o = state["order"]
        r = spot.order_status(orderId=o["orderId"])
        expect(is_int(r["orderId"]) and str(r["orderId"]) == o["orderId"], f"{r}")
        q = state["quote"]
        expect(D(r["fromAmount"]) == D(q["fromAmount"]) and D(r["toAmount"]) == D(q["toAmount"]), f"{r}")
        expect(r["fromAsset"] == "ETH" and r["toAsset"] == "USDT", f"{r}")
        return r["orderStatus"]

    @check(C, "convert order_status(quoteId=)")
    def _():
        r = spot.order_status(quoteId=state["quote"]["quoteId"])
        expect(str(r["orderId"]) == state["order"]["orderId"], f"{r}")

    @check(C, "convert get_convert_trade_history(startTime, endTime)")
    def _():
        now = int(time.time() * 1000)
        r = spot.get_convert_trade_history(startTime=now - 3_600_000, endTime=now + 1000)
        expect(len(r["list"]) == 1 and r["moreData"] is False, f"{r}")
        t = r["list"][0]
        expect(str(t["orderId"]) == state["order"]["orderId"], "orderId")
        expect(t["quoteId"] == state["quote"]["quoteId"], "quoteId")

    @check(C, "wrong secret -> ClientError -1022")
    def _():
        bad = Spot(DEMO_API_KEY, "not-the-secret", base_url=base_url)
        try:
            bad.account()
        except ClientError as e:
            expect(e.error_code == -1022 and e.status_code == 400, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code} {e.error_message}"
        raise AssertionError("no error")

    @check(C, "wrong secret on a sapi POST -> ClientError -1022")
    def _():
        bad = Spot(DEMO_API_KEY, "not-the-secret", base_url=base_url)
        try:
            bad.user_asset()
        except ClientError as e:
            expect(e.error_code == -1022, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code}"
        raise AssertionError("no error")

    @check(C, "unknown key -> ClientError -2015")
    def _():
        bad = Spot(UNKNOWN_KEY, DEMO_API_SECRET, base_url=base_url)
        try:
            bad.account()
        except ClientError as e:
            expect(e.error_code == -2015 and e.status_code == 401, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code} {e.error_message}"
        raise AssertionError("no error")

    @check(C, "recvWindow=70000 on sapi -> ClientError -1131")
    def _():
        try:
            spot.dust_log(recvWindow=70000)
        except ClientError as e:
            expect(e.error_code == -1131, f"{e.status_code} {e.error_code}")
            return f"HTTP {e.status_code} {e.error_code}"
        raise AssertionError("no error")


# ----------------------------------------------------------------------------------------
# ccxt


def make_ccxt(base_url: str, key: str = DEMO_API_KEY, secret: str = DEMO_API_SECRET):
    import ccxt

    ex = ccxt.binance({
        "apiKey": key,
        "secret": secret,
        "enableRateLimit": False,
        "options": {
            # Spot only: no futures/options exchangeInfo, no margin pairs, and no
            # /sapi/v1/capital/config/getall (currencies), none of which the sim serves.
            "fetchMarkets": {"types": ["spot"]},
            "fetchMargins": False,
            "fetchCurrencies": False,
        },
    })
    # Only the base URL changes: every API host of ccxt's table points at the simulator.
    for name, url in list(ex.urls["api"].items()):
        if isinstance(url, str):
            ex.urls["api"][name] = re.sub(r"^https://[^/]+", base_url, url)
    return ex


def run_ccxt(base_url: str) -> None:
    import ccxt

    C = "ccxt"
    print(f"# ccxt {ccxt.__version__} against {base_url}")
    ex = make_ccxt(base_url)
    state: dict = {}

    @check(C, "fetch_time")
    def _():
        t = ex.fetch_time()
        expect(is_int(t) and abs(t - time.time() * 1000) < 5000, f"{t!r}")
        return f"{t}"

    @check(C, "load_markets (spot)")
    def _():
        m = ex.load_markets()
        expect("ACT/USDT" in m and "BNB/BTC" in m, "markets")
        act = m["ACT/USDT"]
        expect(act["limits"]["amount"]["min"] == 0.1, f"ACT/USDT amount limits {act['limits']}")
        expect(act["active"] is True and m["MATIC/USDT"]["active"] is False, "active flags")
        return f"{len(m)} markets"

    @check(C, "fetch_ticker(BNB/USDT)")
    def _():
        t = ex.fetch_ticker("BNB/USDT")
        expect(t["symbol"] == "BNB/USDT" and t["last"] and t["last"] > 0, f"{t}")
        return f"last={t['last']}"

    @check(C, "fetch_ticker last == ticker/price")
    def _():
        t = ex.fetch_ticker("ADA/USDT")
        p = ex.publicGetTickerPrice({"symbol": "ADAUSDT"})
        expect(Decimal(str(t["last"])) == D(p["price"]), f"{t['last']} vs {p['price']}")

    @check(C, "fetch_tickers() (all)")
    def _():
        t = ex.fetch_tickers()
        expect(len(t) == len(ex.markets), f"{len(t)} tickers for {len(ex.markets)} markets")
        return f"{len(t)} tickers"

    @check(C, "fetch_tickers([BTC/USDT, BNB/USDT])")
    def _():
        t = ex.fetch_tickers(["BTC/USDT", "BNB/USDT"])
        expect(sorted(t) == ["BNB/USDT", "BTC/USDT"], f"{sorted(t)}")
        expect(all(v["last"] > 0 for v in t.values()), "last")

    @check(C, "fetch_last_prices (ticker/price)")
    def _():
        p = ex.fetch_last_prices(["BNB/USDT", "ADA/USDT"])
        expect(sorted(p) == ["ADA/USDT", "BNB/USDT"] and p["BNB/USDT"]["price"] > 0, f"{p}")
        return f"BNB/USDT={p['BNB/USDT']['price']}"

    @check(C, "fetch_balance")
    def _():
        b = ex.fetch_balance()
        for asset, amount in DEMO_BALANCES.items():
            expect(Decimal(str(b[asset]["free"])) == Decimal(amount), f"{asset} {b.get(asset)}")
        state["free"] = {a: Decimal(str(v)) for a, v in b["free"].items()}
        return f"{len(b['free'])} assets"

    @check(C, "sapiPostAssetDustBtc")
    def _():
        r = ex.sapiPostAssetDustBtc()
        assets = sorted(d["asset"] for d in r["details"])
        expect("ADA" in assets and "MATIC" not in assets, f"{assets}")
        expect(sum(D(d["toBTC"]) for d in r["details"]) == D(r["totalTransferBtc"]), "total")
        return ",".join(assets)

    @check(C, "sapiV3PostAssetGetUserAsset(needBtcValuation)")
    def _():
        r = ex.sapiV3PostAssetGetUserAsset({"needBtcValuation": True})
        got = {u["asset"]: D(u["free"]) for u in r}
        expect(set(got) == set(DEMO_BALANCES), f"{sorted(got)}")
        expect(all("btcValuation" in u for u in r), "btcValuation missing")
        return f"{len(r)} assets"

    @check(C, "sapiGetAccountApiRestrictions")
    def _():
        r = ex.sapiGetAccountApiRestrictions()
        expect(r["enableReading"] is True and r["enableSpotAndMarginTrading"] is True, f"{r}")

    @check(C, "sapiPostAssetDust({'asset': 'ADA,XRP'})")
    def _():
        r = ex.sapiPostAssetDust({"asset": "ADA,XRP"})
        res = {t["fromAsset"]: t for t in r["transferResult"]}
        expect(set(res) == {"ADA", "XRP"}, f"{r}")
        expect(len({t["tranId"] for t in res.values()}) == 1, "one tranId")
        b = ex.fetch_balance()
        expect(b["ADA"]["free"] == 0 and b["XRP"]["free"] == 0, "not swept")
        state["tranId"] = r["transferResult"][0]["tranId"]
        return f"tranId={state['tranId']} totalTransfered={r['totalTransfered']}"

    @check(C, "sapiPostAssetDust again -> ExchangeError with -5006 (cooldown)")
    def _():
        # ccxt maps -5006 to OperationRejected only in its table for URLs starting with
        # https://api.binance.com/ (binance.get_exceptions_by_url); against any other base
        # URL it raises the generic ExchangeError carrying Binance's body.
        try:
            ex.sapiPostAssetDust({"asset": "DOGE"})
        except ccxt.ExchangeError as e:
            expect('"code":-5006' in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no error")

    @check(C, "sapiGetAssetDribblet")
    def _():
        r = ex.sapiGetAssetDribblet()
        expect(r["total"] == 1 and r["userAssetDribblets"][0]["transId"] == state["tranId"], f"{r}")

    @check(C, "sapiGetConvertExchangeInfo({'fromAsset': 'ETH'})")
    def _():
        r = ex.sapiGetConvertExchangeInfo({"fromAsset": "ETH"})
        expect(r and all(p["fromAsset"] == "ETH" for p in r), f"{r!r:.200}")
        return f"{len(r)} pairs from ETH"

    @check(C, "sapiGetConvertAssetInfo")
    def _():
        r = ex.sapiGetConvertAssetInfo()
        expect(any(a["asset"] == "ETH" and is_int(a["fraction"]) for a in r), f"{r!r:.200}")

    @check(C, "sapiPostConvertGetQuote(toAmount)")
    def _():
        r = ex.sapiPostConvertGetQuote({"fromAsset": "USDT", "toAsset": "BNB", "toAmount": "0.01"})
        expect(isinstance(r.get("quoteId"), str) and D(r["toAmount"]) == Decimal("0.01"), f"{r}")
        state["quote"] = r
        return f"quoteId={r['quoteId']} fromAmount={r['fromAmount']}"

    @check(C, "sapiPostConvertAcceptQuote")
    def _():
        q = state["quote"]
        r = ex.sapiPostConvertAcceptQuote({"quoteId": q["quoteId"]})
        expect(isinstance(r["orderId"], str) and r["orderStatus"] == "PROCESS", f"{r}")
        b = ex.fetch_balance()
        usdt = Decimal(str(b["USDT"]["free"]))
        expect(usdt == state["free"]["USDT"] - D(q["fromAmount"]), f"USDT {usdt}")
        state["order"] = r
        return f"orderId={r['orderId']}"

    @check(C, "sapiGetConvertOrderStatus")
    def _():
        r = ex.sapiGetConvertOrderStatus({"orderId": state["order"]["orderId"]})
        expect(str(r["orderId"]) == state["order"]["orderId"], f"{r}")
        expect(r["fromAsset"] == "USDT" and r["toAsset"] == "BNB", f"{r}")
        return r["orderStatus"]

    @check(C, "sapiGetConvertTradeFlow")
    def _():
        now = ex.milliseconds()
        r = ex.sapiGetConvertTradeFlow({"startTime": now - 3_600_000, "endTime": now + 1000})
        expect(len(r["list"]) == 1, f"{r}")

    @check(C, "acceptQuote twice -> ccxt error, not success")
    def _():
        try:
            ex.sapiPostConvertAcceptQuote({"quoteId": state["quote"]["quoteId"]})
        except ccxt.ExchangeError as e:
            return type(e).__name__
        raise AssertionError("accepted twice")

    @check(C, "unknown key -> AuthenticationError (-2015)")
    def _():
        bad = make_ccxt(base_url, key=UNKNOWN_KEY)
        try:
            bad.fetch_balance()
        except ccxt.AuthenticationError as e:
            expect("-2015" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no error")

    @check(C, "unknown key on sapi -> AuthenticationError (-2015)")
    def _():
        bad = make_ccxt(base_url, key=UNKNOWN_KEY)
        try:
            bad.sapiPostAssetDustBtc()
        except ccxt.AuthenticationError as e:
            expect("-2015" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no error")

    @check(C, "wrong secret -> AuthenticationError (-1022)")
    def _():
        bad = make_ccxt(base_url, secret="not-the-secret")
        try:
            bad.sapiGetAssetDribblet()
        except ccxt.AuthenticationError as e:
            expect("-1022" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no error")

    @check(C, "stale timestamp -> InvalidNonce (-1021)")
    def _():
        skewed = make_ccxt(base_url)
        skewed.options["timeDifference"] = 120_000  # ccxt's nonce() subtracts this
        try:
            skewed.sapiGetAccountApiRestrictions()
        except ccxt.InvalidNonce as e:
            expect("-1021" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no error")

    @check(C, "unknown symbol -> BadSymbol (-1121)")
    def _():
        try:
            ex.publicGetTickerPrice({"symbol": "NOPEUSDT"})
        except ccxt.BadSymbol as e:
            return type(e).__name__
        raise AssertionError("no error")


# ----------------------------------------------------------------------------------------
# Dust Convert to a chosen target (shared/exchange/binance-dust-convert.md)
#
# The legacy binance-connector 3.x has no method for `/sapi/v1/asset/dust-convert/*` (its
# Spot has `transfer_dust` and `dust_log` only). Binance's modular wallet SDK
# (`binance-sdk-wallet`, `binance_sdk_wallet.wallet.Wallet`) has both: `dust_convertible_assets`
# and `dust_convert`. ccxt has no implicit method (§7): its generic `request()` reaches them.
# Each runner gets its own fresh simulator: one conversion per cooldown (shared with the
# classic conversion, our default reading of §4).


def _dust_convert_checks(C: str, query, convert, dustlog, balances) -> None:
    """The same checks for each client: `query(target)`, `convert(assets, target, id)`,
    `dustlog()` and `balances()` return Binance's JSON as the client hands it back."""
    state: dict = {}

    @check(C, "query-convertible-assets(targetAsset=USDT)")
    def _():
        r = query("USDT")
        details = {d["asset"]: d for d in r["details"]}
        for bad in ("USDT", "MATIC", "NEWT", "FDUSD", "ETH"):
            expect(bad not in details, f"{bad} offered")
        for want in ("ADA", "XRP", "BNB"):
            expect(want in details, f"{want} not offered")
        for d in details.values():
            expect(D(d["toTargetAssetAmount"]) - D(d["exchange"]) == D(d["toTargetAssetOffExchange"]),
                   f"fee arithmetic {d}")
        total = sum(D(d["toTargetAssetAmount"]) for d in details.values())
        expect(total == D(r["totalTransferTargetAssetAmount"]), "total != sum")
        expect(r["dribbletPercentage"] == "0.02" and isinstance(r["dribbletBase"], str), f"{r}")
        state["ada"] = details["ADA"]
        return f"{len(details)} convertible to USDT: {','.join(sorted(details))}"

    @check(C, "convert(asset=ADA,XRP, targetAsset=USDT, clientId)")
    def _():
        usdt0 = balances()["USDT"]
        r = convert("ADA,XRP", "USDT", f"{C}-1")
        res = {t["fromAsset"]: t for t in r["transferResult"]}
        expect(set(res) == {"ADA", "XRP"}, f"{r}")
        ids = {t["tranId"] for t in res.values()}
        expect(len(ids) == 1 and is_int(next(iter(ids))), f"tranIds {ids}")
        expect(all(is_int(t["operateTime"]) for t in res.values()), "operateTime")
        expect(D(res["ADA"]["transferedAmount"]) == D(state["ada"]["toTargetAssetAmount"]),
               "the amount previewed")
        b = balances()
        expect(b["ADA"] == 0 and b["XRP"] == 0, "not swept")
        received = D(r["totalTransfered"]) - D(r["totalServiceCharge"])
        expect(b["USDT"] - usdt0 == received, f"USDT +{b['USDT'] - usdt0}, expected {received}")
        state["tranId"] = next(iter(ids))
        state["first"] = r
        return f"tranId={state['tranId']} USDT +{received}"

    @check(C, "convert again with the same clientId: the first answer, nothing converted")
    def _():
        usdt0 = balances()["USDT"]
        r = convert("DOGE", "USDT", f"{C}-1")
        expect(r["transferResult"][0]["tranId"] == state["tranId"], f"{r}")
        b = balances()
        expect(b["USDT"] == usdt0 and b["DOGE"] == Decimal(DEMO_BALANCES["DOGE"]), "converted again")

    @check(C, "convert with a new clientId inside the cooldown -> -5006")
    def _():
        try:
            convert("DOGE", "USDT", f"{C}-2")
        except Exception as e:  # noqa: BLE001 - each client has its own error type
            expect("-5006" in str(e) or getattr(e, "error_code", None) == -5006, str(e))
            return type(e).__name__
        raise AssertionError("converted inside the cooldown")

    @check(C, "dribblet shows the batch with targetAsset USDT")
    def _():
        r = dustlog()
        b = r["userAssetDribblets"][0]
        expect(b["transId"] == state["tranId"], f"{b}")
        targets = {d["targetAsset"] for d in b["userAssetDribbletDetails"]}
        expect(targets == {"USDT"}, f"{targets}")


def run_wallet_sdk(base_url: str) -> None:
    from binance_sdk_wallet.wallet import ConfigurationRestAPI, Wallet
    from binance_sdk_wallet.wallet import LIB_VERSION as wallet_version

    from binance.spot import Spot

    C = "wallet"
    print(f"# binance-sdk-wallet {wallet_version} against {base_url}")
    # No retries: a money POST is never re-sent blindly.
    conf = ConfigurationRestAPI(api_key=DEMO_API_KEY, api_secret=DEMO_API_SECRET,
                                base_path=base_url, retries=0)
    api = Wallet(config_rest_api=conf).rest_api
    spot = Spot(DEMO_API_KEY, DEMO_API_SECRET, base_url=base_url)

    def as_json(resp) -> dict:
        # The SDK's pydantic model, back to Binance's field names and JSON types.
        return resp.data().model_dump(by_alias=True)

    def balances() -> dict:
        return {b["asset"]: Decimal(b["free"]) for b in spot.account()["balances"]}

    _dust_convert_checks(
        C,
        query=lambda target: as_json(api.dust_convertible_assets(target_asset=target)),
        convert=lambda assets, target, cid: as_json(
            api.dust_convert(asset=assets, target_asset=target, client_id=cid)),
        dustlog=lambda: as_json(api.dustlog()),
        balances=balances,
    )


def run_ccxt_dust_convert(base_url: str) -> None:
    import ccxt

    C = "ccxt-dc"
    print(f"# ccxt {ccxt.__version__} request('asset/dust-convert/…') against {base_url}")
    ex = make_ccxt(base_url)

    def balances() -> dict:
        b = ex.fetch_balance()
        return {a: Decimal(str(v)) for a, v in b["free"].items()}

    _dust_convert_checks(
        C,
        # The api argument must be a list in ccxt 4.5.90 (§7); assets one comma-joined string.
        query=lambda target: ex.request("asset/dust-convert/query-convertible-assets", ["sapi"],
                                        "POST", {"targetAsset": target}),
        convert=lambda assets, target, cid: ex.request(
            "asset/dust-convert/convert", ["sapi"], "POST",
            {"asset": assets, "targetAsset": target, "clientId": cid}),
        dustlog=lambda: ex.sapiGetAssetDribblet(),
        balances=balances,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dustpan", default=str(REPO / "target" / "debug" / "dustpan"),
                    help="the dustpan binary (default: target/debug/dustpan)")
    ap.add_argument("--base-url", help="use this running simulator for both clients "
                    "(it must be fresh and serve the demo account with a dust cooldown "
                    "already elapsed for the second client: prefer the default)")
    runners = (("connector", run_connector), ("ccxt", run_ccxt),
               ("wallet-sdk", run_wallet_sdk), ("ccxt-dust-convert", run_ccxt_dust_convert))
    ap.add_argument("--only", choices=[n for n, _ in runners], help="run one client")
    args = ap.parse_args()

    for name, runner in runners:
        if args.only and args.only != name:
            continue
        sim = Sim(args.dustpan, None, args.base_url)
        try:
            runner(sim.base_url)
        finally:
            sim.stop()

    print(f"{report.PASSES} passed, {len(report.FAILURES)} failed")
    return 1 if report.FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
