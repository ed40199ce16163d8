"""What loading costs: time and memory of ``load_bytes`` on the examples and a 2 MB plan.

    python benchmarks/loader_cost.py [--rounds 7]

Prints, per plan, the best CPU time of the rounds (CPU time and the best
round: the figures least disturbed by other work on a shared machine) and
the memory the loaded plan keeps
(data, positions, spans: measured with tracemalloc as the allocations still
alive after the load) and the peak during the load.  Run it before and after
a change to the loader and compare the figures taken on the same machine in
the same hour, better still alternating the two trees run by run
(``PYTHONPATH=OTHER_TREE python benchmarks/loader_cost.py``): the machine is
shared and noisy, and a large plan's time moves with the garbage collector.  The 2 MB plan is the
benchmark corpus's large plan (20,000 actions), built from a fixed seed.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import dump, make_plan

from stpctl.load.loader import load_bytes

ROOT = Path(__file__).resolve().parent.parent


def plans() -> list[tuple[str, bytes]]:
    found = [(path.name, path.read_bytes()) for path in sorted((ROOT / "examples").glob("*.yaml"))]
    big = dump(make_plan(5, 2000, 20, title_words=1)).encode("utf-8")
    return [*found, ("2 MB plan (20,000 actions)", big)]


def timed(raw: bytes, rounds: int) -> float:
    load_bytes(raw)  # warm up
    times = []
    for _ in range(rounds):
        gc.collect()
        start = time.process_time()
        load_bytes(raw)
        times.append(time.process_time() - start)
    return min(times)


def memory(raw: bytes) -> tuple[int, int]:
    """Bytes kept by the loaded plan, and the peak while loading."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    loaded = load_bytes(raw)
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del loaded
    return kept - before, peak - before


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="timed loads per plan")
    rounds = parser.parse_args().rounds
    print(f"{'plan':<48} {'bytes':>10} {'best CPU ms':>12} {'kept MB':>8} {'peak MB':>8}")
    for name, raw in plans():
        seconds = timed(raw, rounds if len(raw) < 500_000 else max(3, rounds // 2))
        kept, peak = memory(raw)
        print(
            f"{name:<48} {len(raw):>10,} {seconds * 1000:>12.1f}"
            f" {kept / 1e6:>8.2f} {peak / 1e6:>8.2f}"
        )


if __name__ == "__main__":
    main()
