"""Cold start: wall time of one CLI answer in a fresh interpreter, beside ``python -c pass``.

Runs each command ~15 times, interleaved, and prints the medians; then checks that the
engine + CLI path does not import ``telegram`` (nor the other bot-only packages), and
lists the heaviest imports (``python -X importtime``) and the time spent per phase.

Two variants of the CLI run:
  * as-is: the environment as given. With ``PYTHONDONTWRITEBYTECODE=1`` (set on this
    machine and in the Dockerfile) ``bot/`` never gets ``.pyc`` files, so every run
    compiles it from source;
  * bytecode cached: ``PYTHONPYCACHEPREFIX`` in a temporary folder (primed by one run),
    so nothing is written into the repository or the venv.

    .venv/bin/python bench/cold_start.py [--runs N]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
ANSWER = ["-m", "bot", "answer", "--region", "乌鲁木齐", "--identity", "低保",
          "--paid-on", "2023-11-01", "--json"]
TARGET = 0.3  # s, median
BOT_ONLY = ("telegram", "httpx", "aiohttp", "cn2an", "bot.telegram", "bot.understand", "bot.chat")

# Runs the CLI's own main() in-process, then reports what got imported and the phases.
PROBE = r"""
import contextlib, io, json, sys, time
t0 = time.perf_counter()
import bot.__main__ as entry
t1 = time.perf_counter()
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = entry.main(ARGV)
t2 = time.perf_counter()
json.loads(out.getvalue())  # it printed one JSON answer
from bot.knowledge.base import KnowledgeBase
t3 = time.perf_counter()
KnowledgeBase.load()
t4 = time.perf_counter()
print(json.dumps({
    "code": code,
    "modules": sorted(sys.modules),
    "import_entry": t1 - t0, "main": t2 - t1, "kb_load_again": t4 - t3,
}))
"""


def timed(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    subprocess.run([PY, *argv], cwd=ROOT, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def importtime(env: dict[str, str], top: int) -> list[tuple[int, int, str]]:
    done = subprocess.run([PY, "-X", "importtime", *ANSWER], cwd=ROOT, env=env, check=True,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        self_us, cum_us, name = line.removeprefix("import time:").split("|")
        rows.append((int(cum_us), int(self_us), name.rstrip()))
    roots = [r for r in rows if not r[2].startswith("  ")]  # imported by the program itself
    return sorted(roots, reverse=True)[:top], sorted(rows, key=lambda r: -r[1])[:top]


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=15)
    args = p.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pycache-") as cache_dir:
        return measure(args.runs, cache_dir)


def measure(runs: int, cache_dir: str) -> int:
    as_is = dict(os.environ)
    cached = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cached["PYTHONPYCACHEPREFIX"] = cache_dir
    timed(ANSWER, cached)  # primes the bytecode cache
    variants = {
        "python -c pass": (["-c", "pass"], as_is),
        "bot answer --json (as-is)": (ANSWER, as_is),
        "bot answer --json (bytecode cached)": (ANSWER, cached),
    }
    times: dict[str, list[float]] = {name: [] for name in variants}
    for argv, env in variants.values():  # one untimed run each: page cache
        timed(argv, env)
    for _ in range(runs):
        for name, (argv, env) in variants.items():
            times[name].append(timed(argv, env))

    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '(unset)')}; "
          f"{runs} runs each, interleaved; median (min-max):")
    for name, ts in times.items():
        print(f"  {name:38s} {statistics.median(ts):6.3f} s  ({min(ts):.3f}-{max(ts):.3f})")
    base = statistics.median(times["python -c pass"])
    for name in list(variants)[1:]:
        med = statistics.median(times[name])
        verdict = "met" if med <= TARGET else "NOT met"
        print(f"  {name}: {med - base:.3f} s over the bare interpreter; target ≤ {TARGET} s: {verdict}")

    probe = subprocess.run([PY, "-c", PROBE.replace("ARGV", repr(ANSWER[2:]))], cwd=ROOT, env=cached,
                           check=True, capture_output=True, text=True)
    info = json.loads(probe.stdout)
    loaded = set(info["modules"])
    print(f"\nafter bot.__main__.main(answer … --json) in-process: {len(loaded)} modules in sys.modules")
    print(f"  'telegram' in sys.modules: {'telegram' in loaded}")
    for name in BOT_ONLY:
        hit = sorted(m for m in loaded if m == name or m.startswith(name + "."))
        print(f"  {name:15s} {'IMPORTED: ' + ', '.join(hit[:5]) if hit else 'not imported'}")
    assert "telegram" not in loaded, "the CLI answer path imports telegram"
    print(f"  phases (bytecode cached): import bot.__main__ {info['import_entry']:.3f} s, "
          f"main() {info['main']:.3f} s, of which KnowledgeBase.load() ≈ {info['kb_load_again']:.3f} s")

    roots, selfs = importtime(cached, 12)
    print("\nheaviest imports (python -X importtime, bytecode cached), cumulative ms, top level:")
    for cum, own, name in roots:
        print(f"  {cum / 1e3:7.1f}  (self {own / 1e3:5.1f})  {name.strip()}")
    print("largest self times, ms:")
    for cum, own, name in selfs:
        print(f"  {own / 1e3:7.1f}  (cumulative {cum / 1e3:6.1f})  {name.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
