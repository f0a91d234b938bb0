"""Console chat under hostile input: lines/s and peak RSS over one long session.

Each run starts ONE ``python -m bot chat --as-of 2023-11-01`` process (the real console,
as a resident runs it) and pipes it 5,000 hostile lines from tests/properties/hostile_lines.py
(the same lines each run, from ``--seed``; only the last one quits); its stdout goes to
/dev/null. Measured from outside the process: the wall time from start to exit, its CPU
time and its peak RSS (``ru_maxrss`` from ``os.wait4``, the kernel's VmHWM for that process,
taken by a small launcher process so that this one's size does not count). A process given
only ``q`` is timed the same way, for the start-up it includes. The processes share a
knowledge cache of their own (``YIBAO_CACHE_DIR``), filled before anything is timed, so
each starts as every start after the first does.

``--in-process`` runs ``bot.chat.run_chat`` in this process instead (stdout to /dev/null,
peak from VmHWM, which then includes the 5 MB of lines held here), for profiling without
a pipe.

    .venv/bin/python bench/console_hostile.py [--lines 5000] [--runs 3] [--seed 12] [--in-process]
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "properties"))

from hostile_lines import hostile_feed  # noqa: E402

AS_OF = "2023-11-01"


@dataclass(frozen=True)
class Run:
    wall: float  # s, start to exit
    cpu: float  # s, user + system of the chat process
    peak_kib: int  # ru_maxrss / VmHWM


CACHE = tempfile.mkdtemp(prefix="yibao-bench-cache-")  # its own knowledge cache, warmed before timing
atexit.register(shutil.rmtree, CACHE, True)


def _env() -> dict[str, str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "YIBAO_CACHE_DIR": CACHE}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    env.pop("YIBAO_AS_OF", None)
    return env


# Starts the chat and reports on it: "status peak_kib cpu_s wall_s". Linux counts the RSS of
# the process a child was spawned from into the child's ru_maxrss (vfork + exec keeps the
# larger high-water mark), and this bench holds 5 MB of lines; so a small Python process of
# its own forks the chat, and its ru_maxrss starts from that small process, not from us.
_LAUNCHER = """
import os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss, usage.ru_utime + usage.ru_stime, wall)
"""


def run_process(stdin: bytes) -> Run:
    """One chat process fed ``stdin`` through a pipe; its wall time, CPU time and peak RSS."""
    p = subprocess.run([sys.executable, "-c", _LAUNCHER, "-m", "bot", "chat", "--as-of", AS_OF], cwd=ROOT,
                       env=_env(), input=stdin, capture_output=True, check=False)
    err = p.stderr.decode(errors="replace")
    try:
        code, peak, cpu, wall = p.stdout.split()
    except ValueError:
        raise SystemExit(f"the launcher failed (status {p.returncode}):\n{err[-3000:]}") from None
    if int(code) != 0 or err:
        raise SystemExit(f"the chat failed (status {int(code)}):\n{err[-3000:]}")
    return Run(float(wall), float(cpu), int(peak))


def run_in_process(lines: list[str]) -> Run:
    from bot.chat import run_chat
    from bot.knowledge.check import load_checked

    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    it = iter(lines)
    with open(os.devnull, "w", encoding="utf-8") as out:
        code = run_chat(load_checked(), dt.date.fromisoformat(AS_OF), read=lambda: next(it, None), out=out)
    wall = time.perf_counter() - t0
    usage = resource.getrusage(resource.RUSAGE_SELF)
    if code != 0 or next(it, None) is not None:
        raise SystemExit("the chat stopped before the last line")
    cpu = usage.ru_utime + usage.ru_stime - usage0.ru_utime - usage0.ru_stime
    return Run(wall, cpu, _vm_hwm_kib())


def _vm_hwm_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _spread(values: list[float], fmt: str) -> str:
    return (f"min {format(min(values), fmt)}  median {format(statistics.median(values), fmt)}  "
            f"max {format(max(values), fmt)}")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--lines", type=int, default=5_000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--in-process", action="store_true")
    args = p.parse_args()
    feed = hostile_feed(args.seed, args.lines)
    stdin = feed.stdin().encode("utf-8")
    families = ", ".join(f"{k} {v}" for k, v in sorted(feed.kinds.items(), key=lambda kv: -kv[1]))
    print(f"{len(feed.lines):,} hostile lines (seed {args.seed}), {len(stdin) / 1e6:.2f} MB; "
          f"{len(feed.secrets)} ID/phone numbers; families (episodes): {families}")
    n = len(feed.lines)
    if args.in_process:
        print("mode: in-process run_chat, output to /dev/null (one run: the peak is this process's)")
        r = run_in_process(feed.lines)
        print(f"{n / r.wall:,.0f} lines/s wall ({r.wall:.2f} s, the knowledge load included), "
              f"{n / r.cpu:,.0f} lines/s of CPU; peak RSS (VmHWM) {r.peak_kib / 1024:.1f} MiB")
        return 0
    print(f"mode: python -m bot chat --as-of {AS_OF}, stdin a pipe, stdout /dev/null; "
          f"{args.runs} run(s), one process each")
    run_process(b"q\n")  # fills the knowledge cache: every run below starts as a second start does
    bare = [run_process(b"q\n") for _ in range(3)]
    print(f"start-up alone (a process given only q): wall {_spread([r.wall for r in bare], '.3f')} s, "
          f"peak RSS {_spread([r.peak_kib / 1024 for r in bare], '.1f')} MiB")
    runs = []
    for i in range(args.runs):
        r = run_process(stdin)
        runs.append(r)
        print(f"  run {i + 1}: {r.wall:6.2f} s wall, {r.cpu:6.2f} s CPU, "
              f"{len(feed.lines) / r.wall:6.0f} lines/s, peak RSS {r.peak_kib / 1024:.1f} MiB")
    start = statistics.median(r.wall for r in bare)
    print(f"lines/s, wall, start-up included:     {_spread([n / r.wall for r in runs], ',.0f')}")
    print(f"lines/s, wall, median start-up taken: {_spread([n / (r.wall - start) for r in runs], ',.0f')}")
    print(f"lines per CPU s (start-up included):  {_spread([n / r.cpu for r in runs], ',.0f')}")
    print(f"peak RSS (ru_maxrss = VmHWM), MiB:    {_spread([r.peak_kib / 1024 for r in runs], '.1f')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
