"""Measure stpctl against check-jsonschema, side by side, and print one table of ratios.

Run through ``benchmarks/run`` (which installs both tools in a venv of its
own), or directly:

    python benchmarks/bench.py --check-jsonschema PATH [--plans 200] [--rounds 5]
    python benchmarks/bench.py --smoke      # a tiny run that needs no check-jsonschema

What is measured (every row of the table is a ratio of figures taken in the
same rounds, the tools alternating round by round, medians of the rounds):

* corpus throughput on three kinds of plan — valid; one schema error per
  plan; drafts with about 200 warnings each — in the default text output and
  in JSON, against check-jsonschema's throughput on a sample of the same
  corpus (higher is better; target ≥ 20x);
* one plan, the whole command, valid and with one schema error, against
  check-jsonschema's wall time (lower is better; target ≤ 0.30x);
* ``--jobs``: the default and ``--jobs 2`` against ``--jobs 1`` (time ratio;
  target ≤ 1.05), on the corpus and on a run of a few files;
* the cache: a second run on unchanged plans against the first (time ratio);
* scaling: 100x the actions against 1x (time ratio; target ≤ 110x).

The machine is shared and noisy: only figures taken together are compared,
and the load average is printed with the run.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import dump, make_plan, sized_plan, write_corpus

from stpctl.check.checker import Settings, check_bytes
from stpctl.reference.resources import schema_path

AS_OF = "2016-06-30"


@dataclass
class Row:
    what: str
    ours: str
    theirs: str
    ratio: float | None
    target: str
    met: bool | None


def wall(command: Sequence[str]) -> float:
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


# -- the corpora ------------------------------------------------------------

BREAKS = (
    ("footprint", "population", "many"),
    ("period", "start", "the first of April"),
    ("submission", "status", "nearly"),
    ("footprint", "region", 7),
)


def with_one_error(plan: dict[str, object], seed: int) -> dict[str, object]:
    """The plan with exactly one value the schema refuses (which one varies)."""
    part, key, value = BREAKS[seed % len(BREAKS)]
    section = plan[part]
    assert isinstance(section, dict)
    section[key] = value
    return plan


def draft(seed: int, target_bytes: int) -> dict[str, object]:
    """A draft with 20 actions a question: ~200 warnings as of today (overdue actions)."""
    plan = sized_plan(seed, target_bytes, actions_per_question=20)
    submission = plan["submission"]
    assert isinstance(submission, dict)
    submission["status"] = "draft"
    return plan


def write_kind(folder: Path, kind: str, count: int, size: int) -> list[Path]:
    if kind == "valid":
        return write_corpus(folder, count, size)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        if kind == "invalid":
            plan = with_one_error(sized_plan(index, size), index)
        else:
            plan = draft(index, size)
        path = folder / f"plan-{index:05d}.yaml"
        path.write_text(dump(plan), encoding="utf-8")
        paths.append(path)
    return paths


# -- the measurements ---------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace, folder: Path) -> None:
        self.stpctl: list[str] = args.stpctl
        self.cj: str | None = args.check_jsonschema
        self.schema = str(schema_path())
        self.args = args
        self.folder = folder
        self.rows: list[Row] = []
        helptext = subprocess.run(
            [*self.stpctl, "validate", "--help"], capture_output=True, text=True, check=False
        ).stdout
        self.has_cache = "--no-cache" in helptext
        # throughput rows measure the work, not the cache: it is measured on its own row
        self.no_cache = ["--no-cache"] if self.has_cache else []

    def validate(self, target: Sequence[str | Path], *extra: str) -> list[str]:
        return [*self.stpctl, "validate", *map(str, target), *self.no_cache, *extra]

    def theirs(self, files: Sequence[Path]) -> list[str] | None:
        if self.cj is None:
            return None
        return [self.cj, "--schemafile", self.schema, *map(str, files)]

    def corpus(self, kind: str, as_of: list[str]) -> list[Path]:
        args = self.args
        paths = write_kind(self.folder / kind, kind, args.plans, args.size)
        folder = [self.folder / kind]
        text_cmd = self.validate(folder, *as_of)
        json_cmd = self.validate(folder, "-f", "json", *as_of)
        cj_cmd = self.theirs(paths[: args.sample])
        text, json_, cj = [], [], []
        for _ in range(args.rounds):
            text.append(len(paths) / wall(text_cmd))
            json_.append(len(paths) / wall(json_cmd))
            if cj_cmd is not None:
                cj.append(min(args.sample, len(paths)) / wall(cj_cmd))
        theirs = statistics.median(cj) if cj else None
        for output, rates in (("text", text), ("json", json_)):
            ours = statistics.median(rates)
            ratio = ours / theirs if theirs else None
            self.rows.append(
                Row(
                    f"corpus {kind}, {output} (plans/s)",
                    f"{ours:.1f}",
                    f"{theirs:.1f}" if theirs else "-",
                    ratio,
                    "≥ 20x",
                    None if ratio is None else ratio >= 20,
                )
            )
        return paths

    def single(self, label: str, path: Path) -> None:
        ours, theirs = [], []
        cj_cmd = self.theirs([path])
        for _ in range(self.args.single_rounds):
            ours.append(wall(self.validate([path], "--as-of", AS_OF)))
            if cj_cmd is not None:
                theirs.append(wall(cj_cmd))
        a = statistics.median(ours)
        b = statistics.median(theirs) if theirs else None
        ratio = a / b if b else None
        self.rows.append(
            Row(
                f"one {path.stat().st_size // 1000} KB plan, {label} (wall s)",
                f"{a:.3f}",
                f"{b:.3f}" if b else "-",
                ratio,
                "≤ 0.30x",
                None if ratio is None else ratio <= 0.30,
            )
        )

    def startup(self) -> None:
        version = median_of(lambda: wall([*self.stpctl, "--version"]), self.args.single_rounds)
        self.rows.append(Row("stpctl --version (wall s)", f"{version:.3f}", "-", None, "", None))

    def jobs(self, label: str, folder: Path | list[Path]) -> None:
        target = [folder] if isinstance(folder, Path) else folder
        serial, default, two = [], [], []
        for _ in range(self.args.rounds):
            serial.append(wall(self.validate(target, "--as-of", AS_OF, "--jobs", "1")))
            default.append(wall(self.validate(target, "--as-of", AS_OF)))
            two.append(wall(self.validate(target, "--as-of", AS_OF, "--jobs", "2")))
        one = statistics.median(serial)
        for name, times in (("default --jobs", default), ("--jobs 2", two)):
            ratio = statistics.median(times) / one
            self.rows.append(
                Row(
                    f"{label}: {name} / --jobs 1 (wall s)",
                    f"{statistics.median(times):.3f}",
                    f"{one:.3f}",
                    ratio,
                    "≤ 1.05x",
                    ratio <= 1.05,
                )
            )

    def cache(self, folder: Path) -> None:
        if not self.has_cache:
            self.rows.append(Row("cache: second run / first", "-", "-", None, "", None))
            return
        command = [*self.stpctl, "validate", str(folder), "--as-of", AS_OF]
        first, second = [], []
        for round_ in range(self.args.rounds):
            cache_dir = self.folder / f"cache-{round_}"
            first.append(wall([*command, "--cache-dir", str(cache_dir)]))
            second.append(wall([*command, "--cache-dir", str(cache_dir)]))
            shutil.rmtree(cache_dir, ignore_errors=True)
        a, b = statistics.median(second), statistics.median(first)
        self.rows.append(
            Row("corpus valid: cache second run / first (wall s)", f"{a:.3f}", f"{b:.3f}",
                a / b, "nearly free", a / b <= 0.25)
        )  # fmt: skip

    def scaling(self) -> None:
        factors = (1, 10) if self.args.smoke else (1, 10, 100)
        times = {}
        for factor in factors:
            raw = dump(make_plan(3, 2 * factor, 20)).encode()
            times[factor] = (in_process(raw, 5 if factor < 100 else 3), len(raw))
        top = factors[-1]
        (t1, _), (tn, sn) = times[1], times[top]
        ratio = tn / t1
        self.rows.append(
            Row(
                f"scaling: {top}x the actions ({sn // 1000} KB) / 1x (ms, in process)",
                f"{tn * 1000:.1f}",
                f"{t1 * 1000:.1f}",
                ratio,
                f"≤ {top * 1.1:.0f}x",
                ratio <= top * 1.1,
            )
        )

    def big(self) -> None:
        big = self.folder / "big.yaml"
        big.write_text(dump(make_plan(5, 2000, 20, title_words=1)), encoding="utf-8")
        command = self.validate([big], "--as-of", AS_OF, "-f", "json")
        seconds = median_of(lambda: wall(command), 3)
        peak = peak_rss_mb(command)
        what = f"{big.stat().st_size / 1e6:.1f} MB plan, 20,000 actions (wall s; peak MB)"
        self.rows.append(Row(what, f"{seconds:.2f}", f"{peak:.0f} MB", None, "< 8 s, < 600 MB",
                             seconds < 8 and peak < 600))  # fmt: skip


def print_table(rows: list[Row]) -> None:
    header = ("measure", "stpctl", "reference", "ratio", "target", "met")
    cells = [header] + [
        (
            r.what,
            r.ours,
            r.theirs,
            "-" if r.ratio is None else f"{r.ratio:.2f}x",
            r.target,
            "-" if r.met is None else ("yes" if r.met else "NO"),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
        if index == 0:
            print("  ".join("-" * w for w in widths))


def default_stpctl() -> list[str]:
    found = shutil.which("stpctl")
    return [found] if found else [sys.executable, "-m", "stpctl"]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--check-jsonschema", help="path of check-jsonschema (ratios need it)")
    parser.add_argument("--stpctl", type=lambda s: [s], default=None, help="path of stpctl")
    parser.add_argument("--plans", type=int, default=200, help="plans in each corpus")
    parser.add_argument("--size", type=int, default=32_000, help="bytes per plan")
    parser.add_argument("--sample", type=int, default=30, help="plans check-jsonschema checks")
    parser.add_argument("--rounds", type=int, default=5, help="rounds of the corpus runs")
    parser.add_argument("--single-rounds", type=int, default=10)
    parser.add_argument("--smoke", action="store_true", help="a tiny run to see the script works")
    args = parser.parse_args(argv)
    args.stpctl = args.stpctl or default_stpctl()
    if args.smoke:
        args.plans, args.size, args.sample, args.rounds, args.single_rounds = 3, 6000, 2, 1, 1
    elif args.check_jsonschema is None:
        parser.error("--check-jsonschema is needed for the ratios (or --smoke)")

    load = os.getloadavg()
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    print(f"run: {stamp}, load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    python = platform.python_version()
    print(f"machine: {platform.platform()}, {os.cpu_count()} CPUs, Python {python}")
    print(
        f"corpora: {args.plans} plans of ~{args.size:,} bytes each;"
        f" medians of {args.rounds} rounds; check-jsonschema on {args.sample} of each"
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        bench = Bench(args, folder)
        valid = bench.corpus("valid", ["--as-of", AS_OF])
        bench.corpus("invalid", ["--as-of", AS_OF])
        bench.corpus("drafts", [])  # as of today: the actions are overdue
        # one plan of ~10 KB, as in issue 15, valid and with one schema error
        small, broken = folder / "small.yaml", folder / "small-broken.yaml"
        small.write_text(dump(sized_plan(7, 10_000)), encoding="utf-8")
        broken.write_text(dump(with_one_error(sized_plan(7, 10_000), 0)), encoding="utf-8")
        bench.single("valid", small)
        bench.single("one schema error", broken)
        bench.startup()
        bench.jobs("corpus valid", folder / "valid")
        bench.jobs(f"{min(5, len(valid))} files", valid[:5])
        bench.cache(folder / "valid")
        bench.scaling()
        if not args.smoke:
            bench.big()
    print()
    print_table(bench.rows)


if __name__ == "__main__":
    main()
