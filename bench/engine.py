"""Engine speed: answers per second over the full knowledge matrix.

The matrix is every region × category × tier × newborn × sample date that
``bot.maintain.matrix`` enumerates (the same cells ``knowledge diff`` compares). Each
cell is answered with ``calculate`` (unrendered), and with ``calculate`` plus the answer
text from the templates (rendered). Prints figures; asserts nothing.

    .venv/bin/python bench/engine.py [--repeat N] [--warm-up S] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.engine.calculator import calculate
from bot.engine.notes import InputError
from bot.knowledge.base import KnowledgeBase
from bot.maintain.matrix import situations
from bot.present import answer_text

TODAY = dt.date(2024, 1, 15)
TARGET_UNRENDERED = 20_000  # answers/s


def unrendered(kb, cells) -> int:
    n = 0
    for s in cells:
        try:
            calculate(kb, s)
        except InputError:
            continue
        n += 1
    return n


def rendered(kb, cells) -> int:
    n = 0
    for s in cells:
        try:
            answer_text(calculate(kb, s))
        except InputError:
            continue
        n += 1
    return n


def rate(fn, kb, cells, repeat: int, warm_up: float) -> tuple[float, float]:
    """(median, best) answers/s over ``repeat`` timed passes, after ``warm_up`` s of passes.

    The warm-up compiles templates and lets the interpreter specialise; on a shared VM
    the first seconds also run visibly slower, so it is time-based, not one pass.
    """
    start = time.perf_counter()
    while time.perf_counter() - start < warm_up:
        fn(kb, cells)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(kb, cells)
        times.append(time.perf_counter() - t0)
    return len(cells) / statistics.median(times), len(cells) / min(times)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeat", type=int, default=21, help="timed passes over the matrix (median taken)")
    p.add_argument("--warm-up", type=float, default=3.0, help="seconds of untimed passes first")
    p.add_argument("--profile", action="store_true", help="cProfile one unrendered pass, top 25")
    args = p.parse_args()

    kb = KnowledgeBase.load()
    cells = list(situations(kb, today=TODAY))
    errors = len(cells) - unrendered(kb, cells)
    print(f"matrix: {len(kb.regions)} regions, {len(cells)} cells (today={TODAY}), "
          f"{errors} refused with InputError (counted in the rate)")

    print(f"{args.repeat} timed passes each after {args.warm_up:g} s warm-up; median (best) pass:")
    r_un, b_un = rate(unrendered, kb, cells, args.repeat, args.warm_up)
    print(f"  unrendered (calculate):             {r_un:>8,.0f} answers/s ({b_un:,.0f})  "
          f"{1e6 / r_un:.1f} µs/answer")
    r_re, b_re = rate(rendered, kb, cells, args.repeat, args.warm_up)
    print(f"  rendered (calculate + answer_text): {r_re:>8,.0f} answers/s ({b_re:,.0f})  "
          f"{1e6 / r_re:.1f} µs/answer, rendering {1e6 / r_re - 1e6 / r_un:.1f} µs of it")
    verdict = "met" if r_un >= TARGET_UNRENDERED else "NOT met"
    print(f"target ≥ {TARGET_UNRENDERED:,} unrendered answers/s (median): {verdict}")

    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        unrendered(kb, cells)
        prof.disable()
        stats = pstats.Stats(prof, stream=sys.stdout).strip_dirs()
        stats.sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
