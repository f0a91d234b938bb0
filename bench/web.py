"""Web throughput: requests/s and p50/p99 latency for `/api/answer` and for chat page steps.

Starts `python -m bot web` as deployed (one process, default logging with its access log,
the request limit off: every request here comes from 127.0.0.1), then for each target runs
``--clients`` concurrent aiohttp clients on 127.0.0.1 until ``--requests`` requests are done
or ``--seconds`` pass, after a warm-up. Latency is per request as the client sees it; the
server's CPU time per request (from /proc) is printed beside it, steadier than wall time
on a noisy host.
Targets (issue 15): ≥ 1,000 `/api/answer` requests/s with p99 < 50 ms on the 2-core machine.
Prints figures; asserts nothing.

    .venv/bin/python bench/web.py [--clients 8] [--requests 5000] [--seconds 30] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2023-11-20"

ANSWERS = [
    "/api/answer?region=乌鲁木齐&identity=低保&paid_on=2023-12-01",
    "/api/answer?region=酉阳&identity=低保&tier=2&paid_on=2023-12-05",
    "/api/answer?region=屯留&born_on=2023-10-02&paid_on=2023-11-10",
    "/api/answer?region=乌拉特前旗&identity=特困&identity=低保&paid_on=2024-03-01",
]
# Steps a resident taps through: the identity question, the date picker, and two answers.
PAGES = [
    "/?r=youyang",
    "/?r=youyang&i=ordinary&s=none&t=1&m=2023-12",
    "/?r=youyang&i=dibao&s=none&t=2&p=2023-12-05",
    "/?r=wulumuqi&i=dibao&p=2023-12-01",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen[str], str]:
    port = _free_port()
    env = {**os.environ, "YIBAO_WEB_PORT": str(port), "YIBAO_AS_OF": TODAY, "YIBAO_WEB_RATE": "0",
           "YIBAO_RELOAD_EVERY": "0"}
    proc = subprocess.Popen([sys.executable, "-m", "bot", "web"], cwd=ROOT, env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    assert proc.stdout is not None and base in proc.stdout.readline()
    for _ in range(100):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1):
                return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the web server did not start")


async def load(base: str, paths: list[str], clients: int, requests: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    issued = 0
    deadline = time.perf_counter() + seconds

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal issued, errors
        while issued < requests and time.perf_counter() < deadline:
            path = paths[issued % len(paths)]
            issued += 1
            t0 = time.perf_counter()
            async with session.get(base + path) as r:
                await r.read()
                errors += r.status != 200
            latencies.append(time.perf_counter() - t0)

    connector = aiohttp.TCPConnector(limit=clients)
    async with aiohttp.ClientSession(connector=connector) as session:
        for path in paths:  # warm-up: templates compiled, caches filled
            for _ in range(50):
                async with session.get(base + path) as r:
                    await r.read()
        start = time.perf_counter()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "per_second": len(latencies) / elapsed,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "errors": errors,
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the server process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--clients", type=int, default=8)
    p.add_argument("--requests", type=int, default=5000)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--rounds", type=int, default=3)
    args = p.parse_args()
    proc, base = start_server()
    try:
        print(f"server {base}, {args.clients} clients, up to {args.requests} requests or {args.seconds} s, "
              f"{os.cpu_count()} CPUs")
        for name, paths in (("/api/answer", ANSWERS), ("page step", PAGES)):
            for n in range(1, args.rounds + 1):
                cpu = cpu_seconds(proc.pid)
                r = asyncio.run(load(base, paths, args.clients, args.requests, args.seconds))
                warm = 50 * len(paths)
                per = (cpu_seconds(proc.pid) - cpu) / (r["requests"] + warm) * 1000
                print(f"{name:12} round {n}: {r['per_second']:7.0f} requests/s  p50 {r['p50_ms']:5.1f} ms  "
                      f"p99 {r['p99_ms']:5.1f} ms  server CPU {per:.2f} ms/request  "
                      f"({r['requests']:.0f} requests, {r['errors']:.0f} not 200)")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
