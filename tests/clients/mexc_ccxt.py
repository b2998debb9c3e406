#!/usr/bin/env python3
"""Checks `dustpan sim --exchange mexc` against ccxt's own `ccxt.mexc`, used unchanged
except for its base URLs (shared/exchange/mexc.md §8).

Unified methods: load_markets (exchangeInfo, contract detail, capital/config/getall),
fetch_time, fetch_balance, fetch_ticker, create_order (market sell), fetch_order.
Implicit methods for dust (not unified in ccxt): spot_private_get_capital_convert_list,
spot_private_post_capital_convert, spot_private_get_capital_convert. Errors: a wrong
secret and an oversized sell must raise ccxt's own typed exceptions.

Every check prints one line, `ok` or `FAIL` (sim_report.py); the exit status is non-zero
if any failed. See tests/clients/README.md.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sim_report import check, expect, main, unified_spot_checks  # noqa: E402 - the shared report helpers

# The demo account (src/sim/mexc/config.rs).
DEMO_API_KEY = "mx0DEMOkeyNOTaREALmexcKEY"
DEMO_API_SECRET = "dustpanDEMOmexcSECRETnotREAL0000"


def client(base_url: str, secret: str = DEMO_API_SECRET):
    import ccxt

    ex = ccxt.mexc({"apiKey": DEMO_API_KEY, "secret": secret, "enableRateLimit": False})
    ex.urls["api"]["spot"] = {"public": base_url, "private": base_url}
    ex.urls["api"]["contract"] = {
        "public": f"{base_url}/api/v1/contract",
        "private": f"{base_url}/api/v1/private",
    }
    return ex


def run(base_url: str) -> None:
    import ccxt

    print(f"# ccxt {ccxt.__version__} (mexc) against {base_url}")
    ex = client(base_url)

    @check("load_markets (exchangeInfo, contract/detail, capital/config/getall)")
    def _():
        markets = ex.load_markets()
        m = markets["ETH/USDT"]
        expect(m["active"] is True, f"ETH/USDT active: {m['active']}")
        expect(m["limits"]["amount"]["min"] == 0.00001, f"min amount {m['limits']['amount']}")
        expect(m["limits"]["cost"]["min"] == 1, f"min cost {m['limits']['cost']}")
        expect(markets["MATIC/USDT"]["active"] is False, "MATIC/USDT (offline) inactive")
        return f"{len(markets)} markets"

    @check("fetch_balance")
    def _():
        b = ex.fetch_balance()
        expect(b["ADA"]["free"] == 1.8, f"ADA {b['ADA']}")
        expect(b["USDT"]["total"] == 152.43, f"USDT {b['USDT']}")
        return f"{len(b['total'])} assets"

    unified_spot_checks(ex, {
        "fetch_time": "fetch_time",
        "fetch_ticker": "fetch_ticker ETH/USDT (ticker/24hr)",
        "create_order": "create_order market sell 0.01 ETH",
        "fetch_order": "fetch_order (GET /api/v3/order)",
        "oversized_sell": "an oversized sell raises InsufficientFunds",
    })

    @check("spot_private_get_capital_convert_list")
    def _():
        rows = ex.spot_private_get_capital_convert_list()
        assets = {r["asset"]: r for r in rows}
        expect("ADA" in assets and "XRP" in assets, f"assets {sorted(assets)}")
        expect(isinstance(assets["ADA"]["convertMx"], str), "convertMx is a string")
        return f"{len(rows)} rows"

    @check("spot_private_post_capital_convert {'asset': 'ADA,XRP'}")
    def _():
        r = ex.spot_private_post_capital_convert({"asset": "ADA,XRP"})
        expect(sorted(r["successList"]) == ["ADA", "XRP"], f"successList {r['successList']}")
        expect(r["failedList"] == [], f"failedList {r['failedList']}")
        return f"totalConvert {r['totalConvert']} MX, fee {r['convertFee']}"

    @check("spot_private_get_capital_convert (dust log)")
    def _():
        r = ex.spot_private_get_capital_convert({"limit": 10})
        expect(r["totalRecords"] == 1, f"totalRecords {r['totalRecords']}")
        details = r["data"][0]["convertDetails"]
        expect(sorted(d["asset"] for d in details) == ["ADA", "XRP"], f"details {details}")
        expect(all(len(d["id"]) == 32 for d in details), "32-hex ids")
        return f"totalPageNum {r['totalPageNum']}"

    @check("a wrong secret raises AuthenticationError (700002)")
    def _():
        bad = client(base_url, secret="wrongSECRETwrongSECRET0000000000")
        bad.markets = ex.markets
        bad.markets_by_id = ex.markets_by_id
        try:
            bad.fetch_balance()
        except ccxt.AuthenticationError as e:
            expect("700002" in str(e), str(e))
            return type(e).__name__
        raise AssertionError("no exception")


if __name__ == "__main__":
    sys.exit(main("mexc", __doc__, run))
