#!/usr/bin/env python3
"""Checks `dustpan sim --exchange bybit` against ccxt's own `ccxt.bybit`, used unchanged
except for its base URLs and spot-only markets (shared/exchange/bybit.md §9).

Unified methods: load_markets (instruments-info, with a key also coin/query-info),
fetch_time, fetch_balance (after ccxt's own query-api + account/info check),
fetch_ticker, create_order (market sell with a clientOrderId), fetch_order.
Implicit methods for Convert Small Balances (not unified in ccxt):
private_get_v5_asset_covert_small_balance_list (and the `convert` spelling),
private_post_v5_asset_covert_get_quote, private_post_v5_asset_covert_small_balance_execute,
private_get_v5_asset_covert_small_balance_history (processing, then success).
Errors: a wrong secret, an oversized sell and a reused quote raise ccxt's typed exceptions.

The report helpers are sim_report.py's (one `ok`/`FAIL` line per check; the exit status
is non-zero if any failed). See tests/clients/README.md.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sim_report import check, expect, main, unified_spot_checks  # noqa: E402 - the shared report helpers

# The demo account (src/sim/bybit/config.rs).
DEMO_API_KEY = "DEMObybitKEY0NOTrl"
DEMO_API_SECRET = "dustpanDEMObybitSECRETnotREAL0000000"


def client(base_url: str, secret: str = DEMO_API_SECRET):
    import ccxt

    ex = ccxt.bybit({"apiKey": DEMO_API_KEY, "secret": secret, "enableRateLimit": False})
    for k in list(ex.urls["api"]):
        ex.urls["api"][k] = base_url
    ex.options["fetchMarkets"] = {"types": ["spot"]}
    ex.options["defaultType"] = "spot"
    return ex


def run(base_url: str) -> None:
    import ccxt

    print(f"# ccxt {ccxt.__version__} (bybit) against {base_url}")
    ex = client(base_url)
    state: dict = {}

    @check("load_markets (instruments-info category=spot, coin/query-info)")
    def _():
        markets = ex.load_markets()
        m = markets["ETH/USDT"]
        expect(m["active"] is True, f"ETH/USDT active: {m['active']}")
        expect(m["precision"]["amount"] == 0.00001, f"precision {m['precision']}")
        expect(m["limits"]["cost"]["min"] == 5, f"min cost {m['limits']['cost']}")
        return f"{len(markets)} markets"

    @check("fetch_balance (query-api + account/info, then wallet-balance UNIFIED)")
    def _():
        b = ex.fetch_balance()
        expect(b["XRP"]["total"] == 0.9, f"XRP {b['XRP']}")
        expect(b["USDT"]["total"] == 152.43, f"USDT {b['USDT']}")
        return f"{len(b['total'])} coins"

    unified_spot_checks(ex, {
        "fetch_time": "fetch_time (the envelope's time)",
        "fetch_ticker": "fetch_ticker ETH/USDT",
        "create_order": "create_order market sell 0.01 ETH with a clientOrderId",
        "fetch_order": "fetch_order (order/realtime, acknowledged)",
        "oversized_sell": "an oversized sell raises InsufficientFunds (170131)",
    }, order_params={"acknowledged": True})

    @check("private_get_v5_asset_covert_small_balance_list")
    def _():
        r = ex.private_get_v5_asset_covert_small_balance_list({"accountType": "eb_convert_uta"})
        coins = {c["fromCoin"]: c for c in r["result"]["smallAssetCoins"]}
        expect("XRP" in coins and "SOL" in coins, f"coins {sorted(coins)}")
        expect(coins["XRP"]["supportConvert"] == 1, "supportConvert is an integer")
        expect(r["result"]["supportToCoins"] == ["MNT", "USDT", "USDC"], str(r["result"]))
        return f"{len(coins)} coins"

    @check("private_get_v5_asset_convert_small_balance_list (ccxt's other spelling)")
    def _():
        r = ex.private_get_v5_asset_convert_small_balance_list({"accountType": "eb_convert_uta"})
        expect(r["retCode"] in (0, "0"), str(r))

    @check("private_post_v5_asset_covert_get_quote XRP,SOL → USDC")
    def _():
        r = ex.private_post_v5_asset_covert_get_quote(
            {"accountType": "eb_convert_uta", "fromCoinList": ["XRP", "SOL"], "toCoin": "USDC"})
        q = r["result"]
        state["quote"] = q["quoteId"]
        expires = int(q["result"]["quoteExpireTime"]) - int(q["result"]["quoteCreateTime"])
        expect(expires == 29_999, f"valid {expires} ms")
        return f"quoteId {q['quoteId']}"

    @check("private_post_v5_asset_covert_small_balance_execute (processing)")
    def _():
        r = ex.private_post_v5_asset_covert_small_balance_execute({"quoteId": state["quote"]})
        expect(r["result"]["status"] == "processing", str(r["result"]))

    @check("private_get_v5_asset_covert_small_balance_history (then success)")
    def _():
        params = {"accountType": "eb_convert_uta", "quoteId": state["quote"]}
        first = ex.private_get_v5_asset_covert_small_balance_history(params)
        expect(first["result"]["records"][0]["status"] == "processing", str(first["result"]))
        time.sleep(2)
        r = ex.private_get_v5_asset_covert_small_balance_history(params)
        rec = r["result"]["records"][0]
        expect(rec["status"] == "success", f"status {rec['status']}")
        subs = sorted(s["fromCoin"] for s in rec["subRecords"])
        expect(subs == ["SOL", "XRP"], f"subRecords {subs}")
        return f"toAmount {rec['toAmount']} USDC"

    @check("executing the quote again raises ExchangeError (700009)")
    def _():
        try:
            ex.private_post_v5_asset_covert_small_balance_execute({"quoteId": state["quote"]})
        except ccxt.ExchangeError as e:
            expect("700009" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no exception")

    @check("a wrong secret raises AuthenticationError (10004)")
    def _():
        bad = client(base_url, secret="wrongSECRETwrongSECRETwrongSECRET000")
        bad.markets = ex.markets
        bad.markets_by_id = ex.markets_by_id
        bad.options["enableUnifiedAccount"] = True
        bad.options["enableUnifiedMargin"] = False
        try:
            bad.fetch_balance()
        except ccxt.AuthenticationError as e:
            expect("10004" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no exception")


if __name__ == "__main__":
    sys.exit(main("bybit", __doc__, run))
