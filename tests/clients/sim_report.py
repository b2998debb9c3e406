"""What the scripts that drive `dustpan sim` with standard clients share: one `ok`/`FAIL`
line per check, the simulator started (or a running one at a URL), and the ccxt scripts'
command line.

Imported by standard_clients.py, mexc_ccxt.py and bybit_ccxt.py; not run by itself. See
tests/clients/README.md.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import time
import traceback
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[2]
FAILURES: list[str] = []
PASSES = 0


def check(name: str):
    """Decorator: runs the function now, prints `ok`/`FAIL` with its detail."""

    def run(fn):
        global PASSES
        try:
            detail = fn()
        except Exception as e:  # noqa: BLE001 - every failure is a report line
            if os.environ.get("STD_CLIENTS_TRACE"):
                traceback.print_exc()
            msg = f"{type(e).__name__}: {e}".replace("\n", " ")
            print(f"FAIL {name}: {msg[:400]}", flush=True)
            FAILURES.append(name)
        else:
            print(f"ok   {name}" + (f": {detail}" if detail else ""), flush=True)
            PASSES += 1
        return fn

    return run


def expect(cond: bool, what: str) -> None:
    if not cond:
        raise AssertionError(what)


class Sim:
    """`dustpan sim [--exchange NAME] --listen 127.0.0.1:0` (Binance without a name), or a
    running one at a URL."""

    def __init__(self, binary: str, exchange: str | None, base_url: str | None):
        self.proc = None
        if base_url:
            self.base_url = base_url.rstrip("/")
            return
        self.proc = subprocess.Popen(
            [binary, "sim", *(["--exchange", exchange] if exchange else []),
             "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        deadline = time.monotonic() + 30
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            m = re.search(r"listening on (http://\S+)", line)
            if m:
                self.base_url = m.group(1)
                return
            if self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"dustpan sim did not start (last line: {line!r})")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None


def unified_spot_checks(ex, names: dict[str, str], order_params: dict | None = None) -> None:
    """ccxt's unified calls with the same answers on every simulator (ETH at 3000 USDT, a
    market sell of 0.01 ETH read back by its id): `fetch_time`, `fetch_ticker`,
    `create_order`, `fetch_order` and an oversized sell, each checked under `names[call]`."""
    import ccxt

    state: dict = {}

    @check(names["fetch_time"])
    def _():
        t = ex.fetch_time()
        expect(abs(t - time.time() * 1000) < 60_000, f"time {t}")

    @check(names["fetch_ticker"])
    def _():
        t = ex.fetch_ticker("ETH/USDT")
        expect(t["last"] == 3000, f"last {t['last']}")

    @check(names["create_order"])
    def _():
        o = ex.create_order("ETH/USDT", "market", "sell", 0.01, None,
                            {"clientOrderId": "ccxt-sell-1"})
        expect(isinstance(o["id"], str) and o["id"], f"id {o['id']!r}")
        state["order_id"] = o["id"]
        return f"id {o['id']}"

    @check(names["fetch_order"])
    def _():
        o = ex.fetch_order(state["order_id"], "ETH/USDT", order_params or {})
        expect(o["status"] == "closed", f"status {o['status']}")
        expect(o["filled"] == 0.01, f"filled {o['filled']}")
        expect(o["cost"] == 30, f"cost {o['cost']}")
        expect(o["clientOrderId"] == "ccxt-sell-1", f"clientOrderId {o['clientOrderId']}")

    @check(names["oversized_sell"])
    def _():
        try:
            ex.create_order("ETH/USDT", "market", "sell", 10)
        except ccxt.InsufficientFunds as e:
            return type(e).__name__
        raise AssertionError("no exception")


def main(exchange: str, doc: str, run: Callable[[str], None]) -> int:
    """Parses `--dustpan` and `--base-url`, runs the checks against the simulator, prints
    the totals; the exit status is non-zero if any check failed."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--dustpan", default=str(REPO / "target" / "debug" / "dustpan"))
    ap.add_argument("--base-url", help=f"a running, fresh `dustpan sim --exchange {exchange}`")
    args = ap.parse_args()
    sim = Sim(args.dustpan, exchange, args.base_url)
    try:
        run(sim.base_url)
    finally:
        sim.stop()
    print(f"# {PASSES} ok, {len(FAILURES)} failed")
    return 1 if FAILURES else 0
