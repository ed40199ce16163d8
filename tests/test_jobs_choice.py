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
    monkeypatch.setattr(check_runner.os, "getloadavg", lambda: (load, load, load))
    assert check_runner.default_jobs(500) == workers


def test_without_a_load_average_the_default_is_one_worker_per_cpu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(check_runner, "cpu_count", lambda: 4)

    def unknown() -> tuple[float, float, float]:
        raise OSError("no load average here")

    monkeypatch.setattr(check_runner.os, "getloadavg", unknown)
    assert check_runner.default_jobs(500) == 4


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
