"""What the ccxt scripts against `dustpan sim --exchange NAME` share: one `ok`/`FAIL` line
per check, the simulator started (or a running one at a URL), and the command line.

Imported by mexc_ccxt.py and bybit_ccxt.py; not run by itself. See tests/clients/README.md.
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
            print(f"FAIL {name}: {type(e).__name__}: {str(e)[:400]}", flush=True)
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
    """`dustpan sim --exchange NAME --listen 127.0.0.1:0`, or a running one at a URL."""

    def __init__(self, binary: str, exchange: str, base_url: str | None):
        self.proc = None
        if base_url:
            self.base_url = base_url.rstrip("/")
            return
        self.proc = subprocess.Popen(
            [binary, "sim", "--exchange", exchange, "--listen", "127.0.0.1:0"],
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
