"""Ledger speed: rows/s and peak RSS of `python -m bot ledger` on a 10,000-row .xlsx.

The ledger is made by a child process (so the bench's own memory stays small: Linux carries
a parent's high-water RSS into its children, see RESULTS.md), then another child runs
`bot.__main__.main(["ledger", …])` and reports its wall time and VmHWM. Timed: reading the
xlsx, answering every row, writing the filled-in .xlsx (or the --json); not the interpreter's
start. Prints figures; asserts nothing.

    .venv/bin/python bench/ledger.py [--rows N] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_ROWS_S = 5_000
TARGET_MB = 200

MAKE = r'''
import datetime as dt, random, sys
from openpyxl import Workbook
random.seed(14)
n, path = int(sys.argv[1]), sys.argv[2]
places = [("乌鲁木齐", ["", "低保", "特困", "监测户", "稳定脱贫", "低保、特困"]),
          ("酉阳", ["", "低保", "特困", "返贫致贫", "重度残疾", "奖励扶助"]),
          ("屯留", ["", "低保", "特困", "稳定脱贫", "一般户"]),
          ("乌拉特前旗", ["", "低保", "特困", "监测户"])]
book = Workbook(write_only=True)
sheet = book.create_sheet()
sheet.append(["某乡2024年度城乡居民医保参保台账"])
sheet.append(["户号", "姓名", "身份证号", "联系电话", "参保地", "人员类别", "出生日期", "学生", "缴费档次",
              "备注"])
for i in range(n):
    place, kinds = places[i // 50 % len(places)]
    newborn = random.random() < 0.02
    born = dt.date(2023, random.randint(7, 9), random.randint(1, 28)) if newborn else \
        dt.date(random.randint(1935, 2015), random.randint(1, 12), random.randint(1, 28))
    tier = random.choice(["", "一档", "二档"]) if place == "酉阳" else ""
    student = "大学" if place == "酉阳" and random.random() < 0.05 else ""
    sheet.append([str(i // 4 + 1), f"村民{i}", f"1101011950{i:08d}"[:18], f"139{i:08d}", place,
                  random.choice(kinds), born, student, tier, ""])
book.save(path)
'''

RUN = r'''
import io, json, contextlib, resource, sys, time
t0 = time.perf_counter()
from bot.__main__ import main
from bot.knowledge.base import KnowledgeBase
KnowledgeBase.load()  # the knowledge (cached), as every command loads it
t1 = time.perf_counter()
sink = io.StringIO()
with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
    code = main(["ledger", *sys.argv[1:]])
t2 = time.perf_counter()
hwm = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM"))
print(json.dumps({"code": code, "start": t1 - t0, "work": t2 - t1, "hwm_kib": hwm}))
'''


def once(args: list[str]) -> dict:
    p = subprocess.run([sys.executable, "-c", RUN, *args], cwd=ROOT, capture_output=True, text=True,
                       check=True, timeout=600)
    return json.loads(p.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--runs", type=int, default=5)
    opts = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Path(tmp) / "台账.xlsx"
        subprocess.run([sys.executable, "-c", MAKE, str(opts.rows), str(ledger)], check=True, timeout=600)
        print(f"{opts.rows:,} rows, {ledger.stat().st_size / 1e6:.1f} MB xlsx; {opts.runs} runs each")
        for label, extra in (("--out .xlsx", ["--out", str(Path(tmp) / "out.xlsx")]),
                             ("--out .csv", ["--out", str(Path(tmp) / "out.csv")]),
                             ("--json", ["--json"])):
            runs = [once([str(ledger), "--as-of", "2023-10-20", *extra]) for _ in range(opts.runs)]
            rates = [opts.rows / r["work"] for r in runs]
            mib = max(r["hwm_kib"] for r in runs) / 1024
            print(f"{label:12} rows/s median {statistics.median(rates):,.0f} (best {max(rates):,.0f}, "
                  f"worst {min(rates):,.0f}; target ≥ {TARGET_ROWS_S:,}); peak RSS {mib:.1f} MiB "
                  f"(target < {TARGET_MB} MB); exit {runs[0]['code']}; start-up {runs[0]['start']:.2f} s")


if __name__ == "__main__":
    main()
