"""How many worker processes a run uses (issue 15): none for a run too
small to repay starting them, whatever --jobs says; by default none for 16
files or fewer, and no more than the CPUs other work leaves idle."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stpctl.check import runner as check_runner
from stpctl.check.checker import Settings

SETTINGS = Settings(as_of=date(2016, 6, 30))


def test_sixteen_files_or_fewer_are_checked_in_this_process_by_default() -> None:
    assert check_runner.default_jobs(16) == 1


@pytest.mark.parametrize(
    ("cpus", "load", "workers"),
    [(2, 0.1, 2), (2, 0.6, 1), (2, 1.4, 1), (2, 3.0, 1), (8, 2.2, 6), (8, 0.0, 8), (4, 9.0, 1)],
)
def test_the_default_leaves_out_the_cpus_other_work_keeps_busy(
    monkeypatch: pytest.MonkeyPatch, cpus: int, load: float, workers: int
) -> None:
    monkeypatch.setattr(check_runner, "cpu_count", lambda: cpus)
    monkeypatch.setattr(check_runner, "busy_cpus", lambda: load)
    assert check_runner.default_jobs(500) == workers


def test_without_a_measure_of_busy_cpus_the_default_is_one_worker_per_cpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(check_runner, "cpu_count", lambda: 4)
    monkeypatch.setattr(check_runner, "busy_cpus", lambda: None)
    assert check_runner.default_jobs(500) == 4


@pytest.mark.parametrize(
    ("text", "others"),
    [("0.51 2.00 2.70 1/79 18685", 0.0), ("3.10 2.90 2.70 4/310 9", 3.0), ("0 0 0 0/5 1", 0.0)],
)
def test_the_processes_running_now_other_than_this_one(text: str, others: float) -> None:
    """The minute's load average lags behind a run that has just ended."""
    assert check_runner.running_others(text) == others


def test_busy_cpus_fall_back_to_the_load_average_without_proc(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import builtins

    real_open = builtins.open

    def no_proc(path: Any, *args: Any, **kwargs: Any) -> Any:
        if str(path) == "/proc/loadavg":
            raise OSError("not Linux")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", no_proc)
    monkeypatch.setattr(check_runner.os, "getloadavg", lambda: (1.25, 1.0, 1.0))
    assert check_runner.busy_cpus() == 1.25

    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(check_runner.os, "getloadavg", unknown)
    assert check_runner.busy_cpus() is None


@pytest.mark.parametrize(("files", "asked", "started"), [(5, 2, None), (15, 4, None), (16, 4, 2)])
def test_a_small_run_starts_no_more_workers_than_it_has_files_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, asked: int, started: int | None
) -> None:
    pools: list[int] = []

    def no_pool(workers: int, settings: Any, check: Any) -> None:
        pools.append(workers)
        return None  # the files are then checked in this process

    monkeypatch.setattr(check_runner, "_pool", no_pool)
    paths = []
    for number in range(files):
        path = tmp_path / f"p{number:02}.yaml"
        path.write_bytes(b"stp_plan: 1\n")
        paths.append(str(path))
    results = list(check_runner._check_paths(paths, SETTINGS, asked))
    assert [r.path for r in results] == paths
    assert pools == ([] if started is None else [started])


# -- report --rollup and --output-dir use the same runner -----------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _plans(folder: Path, count: int) -> Path:
    folder.mkdir()
    sources = sorted((ROOT / "examples").glob("*.yaml"))
    for number in range(count):
        source = sources[number % len(sources)]
        (folder / f"{number:02}-{source.name}").write_bytes(source.read_bytes())
    return folder


@pytest.mark.parametrize("how", ["rollup", "output-dir"])
def test_report_over_many_plans_uses_the_workers_and_says_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from typer.testing import CliRunner

    from stpctl.cli import app

    plans = _plans(tmp_path / "plans", 18)
    pools: list[int] = []

    def threads(workers: int, settings: Settings, check: Any) -> ThreadPoolExecutor:
        pools.append(workers)  # threads: the workers' code, without forking the test
        return ThreadPoolExecutor(
            workers, initializer=check_runner._start_worker, initargs=(settings, check)
        )

    def run(jobs: int, out: str) -> tuple[int, str, dict[str, bytes]]:
        monkeypatch.setattr(check_runner, "default_jobs", lambda count: jobs)
        args = ["report", str(plans), "--as-of", "2016-06-30", "-f", "markdown"]
        if how == "rollup":
            args += ["--rollup"]
        else:
            args += ["--output-dir", str(tmp_path / out)]
        done = CliRunner().invoke(app, args)
        written = {p.name: p.read_bytes() for p in (tmp_path / out).glob("*")}
        return done.exit_code, done.stdout.replace(str(tmp_path / out), "OUT"), written

    monkeypatch.setattr(check_runner, "_pool", threads)
    serial = run(1, "one")
    parallel = run(2, "two")
    assert pools == [2]
    assert parallel == serial
    assert serial[1] or serial[2]


def test_a_rollup_with_workers_holds_a_few_plans_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An analysis holds a whole plan: with workers, a roll-up holds a few
    (one task a plan, twice the workers ahead), not a chunk of plans a task."""
    import weakref
    from concurrent.futures import ThreadPoolExecutor

    from typer.testing import CliRunner

    from stpctl.check import checker
    from stpctl.cli import app

    plans = _plans(tmp_path / "plans", 64)
    made: list[weakref.ref[checker.PlanAnalysis]] = []
    most = [0]
    analysed = checker.analyse_path

    def counting(path: str, settings: Settings) -> checker.PlanAnalysis:
        analysis = analysed(path, settings)
        made.append(weakref.ref(analysis))
        most[0] = max(most[0], sum(1 for ref in made if ref() is not None))
        return analysis

    def threads(workers: int, settings: Settings, check: Any) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(
            workers, initializer=check_runner._start_worker, initargs=(settings, check)
        )

    monkeypatch.setattr(checker, "analyse_path", counting)
    monkeypatch.setattr(check_runner, "_pool", threads)
    monkeypatch.setattr(check_runner, "default_jobs", lambda count: 2)
    args = ["report", str(plans), "--rollup", "--as-of", "2016-06-30", "-f", "json"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.stdout
    assert len(made) == 64
    assert most[0] <= 2 * 2 + 3
