"""Measure stpctl against check-jsonschema and the json.loads floor, side by side.

Run through ``benchmarks/run`` (which installs both tools in a venv of its
own), or directly:

    python benchmarks/bench.py --check-jsonschema PATH [--plans 1000] [--size 32000]

Everything is measured in one run, alternating the tools round by round, and
reported as medians and ratios: the machine is shared and noisy, so only
figures taken together are compared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import dump, make_plan, sized_plan, write_corpus

from stpctl.check.checker import Settings, check_bytes
from stpctl.reference.resources import schema_path

AS_OF = "2016-06-30"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{command[0]} failed ({done.returncode}): {done.stderr.decode()[:500]}")
    return elapsed


def median_of(function: Callable[[], float], rounds: int) -> float:
    return statistics.median(function() for _ in range(rounds))


def in_process(raw: bytes, rounds: int) -> float:
    settings = Settings(as_of=date.fromisoformat(AS_OF))
    check_bytes(raw, "plan.yaml", settings)  # warm caches: schema compiled once per run
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        check_bytes(raw, "plan.yaml", settings)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(command: list[str]) -> float:
    probe = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, check=True)
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check-jsonschema", required=True, help="path of check-jsonschema")
    parser.add_argument("--stpctl", default=shutil.which("stpctl"), help="path of stpctl")
    parser.add_argument("--plans", type=int, default=1000, help="plans in the corpus")
    parser.add_argument("--size", type=int, default=32_000, help="bytes per plan")
    parser.add_argument("--sample", type=int, default=100, help="plans check-jsonschema checks")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the corpus runs")
    parser.add_argument("--single-rounds", type=int, default=10)
    args = parser.parse_args()
    stpctl, cj = args.stpctl, args.check_jsonschema
    schema = str(schema_path())

    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        python = platform.python_version()
        print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {python}")
        corpus = write_corpus(folder / "corpus", args.plans, args.size)
        sample = corpus[: args.sample]
        sizes = [p.stat().st_size for p in corpus]
        print(f"corpus: {len(corpus)} plans, median {statistics.median(sizes):,.0f} bytes")

        # 1. Corpus throughput, alternating.
        ours, theirs, ours_serial = [], [], []
        for _ in range(args.rounds):
            command = [stpctl, "validate", str(folder / "corpus"), "-f", "json", "--as-of", AS_OF]
            ours.append(len(corpus) / wall(command))
            ours_serial.append(len(corpus) / wall([*command, "--jobs", "1"]))
            theirs.append(len(sample) / wall([cj, "--schemafile", schema, *map(str, sample)]))
        print("\ncorpus throughput (plans per second, median of rounds)")
        print(f"  stpctl validate (default --jobs): {statistics.median(ours):8.1f}")
        print(f"  stpctl validate --jobs 1:         {statistics.median(ours_serial):8.1f}")
        print(f"  check-jsonschema ({len(sample)} of them): {statistics.median(theirs):8.1f}")
        ratio = statistics.median(ours) / statistics.median(theirs)
        serial = statistics.median(ours_serial) / statistics.median(theirs)
        print(f"  ratio stpctl/check-jsonschema:    {ratio:8.1f}x  (--jobs 1: {serial:.1f}x)")

        # 2. Per plan, in process, against the json.loads floor.
        texts = [p.with_suffix(".json").read_text() for p in sample]
        floor = statistics.median(
            median_of(lambda t=t: _timed(lambda: json.loads(t)), 5) for t in texts[:50]
        )
        per_plan = statistics.median(in_process(p.read_bytes(), 5) for p in sample[:50])
        print("\nper plan, in process (median)")
        print(f"  json.loads floor:   {floor * 1000:8.2f} ms")
        print(
            f"  stpctl check_bytes: {per_plan * 1000:8.2f} ms  ({per_plan / floor:.1f}x the floor)"
        )

        # 3. One 10 KB plan, whole command, alternating.
        small = folder / "small.yaml"
        small.write_text(dump(sized_plan(7, 10_000)), encoding="utf-8")
        ours_one, theirs_one = [], []
        for _ in range(args.single_rounds):
            ours_one.append(wall([stpctl, "validate", str(small), "--as-of", AS_OF]))
            theirs_one.append(wall([cj, "--schemafile", schema, str(small)]))
        a, b = statistics.median(ours_one), statistics.median(theirs_one)
        print(
            f"\none {small.stat().st_size:,}-byte plan, wall time (median of {args.single_rounds})"
        )
        print(f"  stpctl validate:  {a:6.3f} s")
        print(f"  check-jsonschema: {b:6.3f} s")
        print(f"  ratio:            {a / b:6.2f}x")
        print(f"  stpctl --version: {median_of(lambda: wall([stpctl, '--version']), 5):6.3f} s")

        # 4. Scaling with the number of actions.
        print("\nscaling: actions per question → size, time in process (median)")
        base = None
        for factor in (1, 10, 100):
            raw = dump(make_plan(3, 2 * factor, 20)).encode()
            seconds = in_process(raw, 5 if factor < 100 else 3)
            base = base or (seconds, len(raw))
            print(
                f"  {factor:>3}x ({20 * factor:>5} actions): {len(raw) / 1024:8.0f} KB"
                f" {seconds * 1000:9.1f} ms  time {seconds / base[0]:6.1f}x"
                f"  size {len(raw) / base[1]:6.1f}x"
            )

        # 5. A 1.5 MB plan with 20,000 actions: wall time and peak memory.
        big = folder / "big.yaml"
        big.write_text(dump(make_plan(5, 2000, 20, title_words=1)), encoding="utf-8")
        big_command = [stpctl, "validate", str(big), "--as-of", AS_OF, "-f", "json"]
        seconds = median_of(lambda: wall(big_command), 3)
        peak = peak_rss_mb(big_command)
        megabytes = big.stat().st_size / 1e6
        print(f"\n{megabytes:.1f} MB plan, 20,000 actions: {seconds:.2f} s, peak {peak:.0f} MB")


def _timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
