"""A run over many files keeps the memory of one (issue 10, §5): results
stream from the checker to every output a file at a time, each output part
goes to a spool on disk, and worker processes are handed only a few files
ahead of the output.  Written a file at a time, every format is the same
text as rendered whole.  (20,000 tiny plans once took 2.9 GB for SARIF;
``scripts/hostile-limits`` measures it, these tests hold the mechanism.)
"""

from __future__ import annotations

import json
import weakref
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.check import runner as check_runner
from stpctl.check.baseline import BaselineUse, Entry
from stpctl.check.checker import Settings, check_path
from stpctl.check.result import FileResult, RunResult
from stpctl.cli import app
from stpctl.records.finding import Severity
from stpctl.reference.guidance import default_pack
from stpctl.render import github, gitlab, json_report, junit, sarif, step_summary

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = Settings(as_of=date(2016, 6, 30))
PLANS = [
    ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml",
    ROOT / "examples" / "north-west-london.yaml",
    ROOT / "tests" / "cases" / "invalid" / "yaml-surprises.yaml",
    ROOT / "tests" / "hostile" / "python-tag.yaml",
]
runner = CliRunner()


@pytest.fixture
def many_plans(tmp_path: Path) -> Path:
    folder = tmp_path / "plans"
    folder.mkdir()
    for number in range(60):
        (folder / f"p{number:02}.yaml").write_bytes(b"stp_plan: 1\n")
    return folder


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_a_run_keeps_one_file_result_at_a_time(
    many_plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, output_format: str
) -> None:
    made: list[weakref.ref[FileResult]] = []
    most = [0]
    checked = check_runner.check_path

    def counting(path: str, settings: Settings) -> FileResult:
        result = checked(path, settings)
        made.append(weakref.ref(result))
        most[0] = max(most[0], sum(1 for ref in made if ref() is not None))
        return result

    monkeypatch.setattr(check_runner, "check_path", counting)
    outcome = runner.invoke(
        app,
        [
            "validate", str(many_plans), "--jobs", "1", "--as-of", "2016-06-30",
            "--format", output_format, "--report", f"sarif:{tmp_path / 'out.sarif'}",
        ],
    )  # fmt: skip
    assert outcome.exit_code == 1, outcome.stderr
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    assert len(made) == 60
    assert most[0] <= 3  # not 60: no result is kept once written
    assert len(json.loads((tmp_path / "out.sarif").read_text("utf-8"))["runs"][0]["results"]) > 60


def test_workers_are_handed_only_a_few_files_ahead(
    many_plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []
    chunked = check_runner._check_chunk_in_worker

    def counting(paths: list[str]) -> list[FileResult]:
        started.append(len(paths))
        return chunked(paths)

    def threads(workers: int, settings: Settings, *rest: Any) -> ThreadPoolExecutor:
        return ThreadPoolExecutor(
            workers, initializer=check_runner._start_worker, initargs=(settings,)
        )

    monkeypatch.setattr(check_runner, "_pool", threads)
    monkeypatch.setattr(check_runner, "_check_chunk_in_worker", counting)
    paths = sorted(str(p) for p in many_plans.iterdir())
    results = check_runner._check_paths(paths, SETTINGS, 2)
    first = next(results)
    handed_out = len(started)
    rest = list(results)
    assert [first.path, *(r.path for r in rest)] == paths  # in order, every one
    assert handed_out <= 2 * 2 + 1  # a window of chunks, not all of them
    assert sum(started) == len(paths)


def _run() -> RunResult:
    return RunResult([check_path(str(path), SETTINGS) for path in PLANS])


def _run_told_all() -> RunResult:
    """A run with what the command tells the outputs about it: the
    configuration, the exit code, JUnit following --fail-on, a baseline."""
    stale = Entry("gone.yaml", "STP302", "/questions/prevention/actions/0", "0123abcd", 2)
    return RunResult(
        _run().files,
        configuration=".stpctl.toml",
        fail_on=Severity.WARNING,
        exit_status=1,
        junit_fails_from=Severity.ERROR,
        baseline=BaselineUse(".stpctl-baseline.json", stale=(stale,)),
    )


@pytest.mark.parametrize(
    "run", [_run(), RunResult(), RunResult(_run().files[1:2]), _run_told_all()]
)
def test_written_a_file_at_a_time_every_format_is_the_whole_document(run: RunResult) -> None:
    assert json_report.render(run) == _dumps(json_report.document(run))
    assert sarif.render(run) == _dumps(sarif.document(run))
    assert gitlab.render(run) == _dumps(gitlab.document(run))
    root = junit.document(run)
    ET.indent(root)
    whole = ET.tostring(root, encoding="unicode")
    assert junit.render(run) == f'<?xml version="1.0" encoding="UTF-8"?>\n{whole}\n'
    lines = [
        github.annotation(path, finding)
        for result in run.files
        for path in [github.relative_path(result.path) or result.path]
        for finding in result.findings
    ]
    assert github.render(run) == "".join(line + "\n" for line in lines)
    summary = step_summary.render(run, default_pack())
    assert summary.count("\n| ") == 2 + len(run.files)  # head, separator, a row a plan


def test_what_the_command_tells_the_outputs_reaches_every_streamed_format() -> None:
    run = _run_told_all()
    document = json_report.document(run)
    assert document["configuration"] == ".stpctl.toml"
    assert document["baseline"]["stale"][0]["count"] == 2
    assert document["summary"]["baselined"] == 0
    [sarif_run] = sarif.document(run)["runs"]
    assert sarif_run["invocations"] == [{"executionSuccessful": True, "exitCode": 1}]
    assert sarif_run["originalUriBaseIds"]["%SRCROOT%"]["description"]["text"]
    assert sarif_run["properties"]["configuration"] == ".stpctl.toml"
    assert sarif_run["properties"]["baseline"]["stale"] == 2
    assert sarif_run["properties"]["summary"] == run.summary()
    # JUnit fails a case only from --fail-on's severity: warnings are notes
    root = ET.fromstring(junit.render(run))
    severities = {
        line.split()[1]
        for failure in root.iter("failure")
        for line in (failure.text or "").split("\n")
    }
    assert severities == {"error"}
    plain = ET.fromstring(junit.render(_run()))
    assert int(root.get("failures", "0")) < int(plain.get("failures", "0"))


def _dumps(document: Any) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def test_a_rollup_keeps_one_plan_at_a_time(
    many_plans: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.check import checker

    made: list[weakref.ref[checker.PlanAnalysis]] = []
    most = [0]
    analysed = checker.analyse_path

    def counting(path: str, settings: Settings) -> checker.PlanAnalysis:
        analysis = analysed(path, settings)
        made.append(weakref.ref(analysis))
        most[0] = max(most[0], sum(1 for ref in made if ref() is not None))
        return analysis

    monkeypatch.setattr(checker, "analyse_path", counting)
    # One process, whatever the machine's load: the count is of this process's plans.
    from stpctl.check import runner as check_runner

    monkeypatch.setattr(check_runner, "default_jobs", lambda count: 1)
    outcome = runner.invoke(
        app, ["report", "--rollup", "--format", "csv", str(many_plans), "--as-of", "2016-06-30"]
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert len(made) == 60
    assert most[0] <= 3  # each plan's row is kept, not the plan


def test_the_measuring_script_runs_a_tiny_case() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable, str(ROOT / "scripts" / "hostile-limits"), "--only", "free-list",
            "--size", "20000", "--commands", "validate", "--timeout", "120",
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "free-list" in done.stdout and "kept the promise" in done.stdout


def test_the_measuring_script_compares_runs_over_many_files() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [
            sys.executable, str(ROOT / "scripts" / "hostile-limits"), "--only", "many-files",
            "--files", "10", "--commands", "validate", "--timeout", "120",
        ],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "many files: 10 plans against 2 (5 times the files)" in done.stdout


def test_a_run_with_every_ci_extra_keeps_one_file_result_at_a_time(
    many_plans: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The baseline, GitHub's job summary, --min-severity and JUnit following
    --fail-on all work from results as they go past."""
    made: list[weakref.ref[FileResult]] = []
    most = [0]
    checked = check_runner.check_path

    def counting(path: str, settings: Settings) -> FileResult:
        result = checked(path, settings)
        made.append(weakref.ref(result))
        most[0] = max(most[0], sum(1 for ref in made if ref() is not None))
        return result

    monkeypatch.setattr(check_runner, "check_path", counting)
    summary = tmp_path / "summary.md"
    common = ["validate", str(many_plans), "--jobs", "1", "--as-of", "2016-06-30"]
    outcome = runner.invoke(
        app,
        [*common, "--write-baseline", str(tmp_path / "baseline.json")],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert most[0] <= 3
    recorded = json.loads((tmp_path / "baseline.json").read_text("utf-8"))
    assert len({entry["path"] for entry in recorded["entries"]}) == 60
    assert summary.read_text("utf-8").count(".yaml |") == 60  # a row a plan

    made.clear()
    most[0] = 0
    outcome = runner.invoke(
        app,
        [
            *common, "--baseline", str(tmp_path / "baseline.json"), "--min-severity", "error",
            "--junit-follow-fail-on", "--format", "junit",
            "--report", f"sarif:{tmp_path / 'out.sarif'}",
        ],
        env={"GITHUB_STEP_SUMMARY": str(summary)},
    )  # fmt: skip
    assert outcome.exit_code == 0, outcome.stderr
    assert most[0] <= 3
    [log] = json.loads((tmp_path / "out.sarif").read_text("utf-8"))["runs"]
    assert log["invocations"][0]["exitCode"] == 0
    assert log["properties"]["baseline"]["baselined"] > 60
    assert log["results"] == []
    assert summary.read_text("utf-8").count(".yaml |") == 120


def test_report_output_dir_keeps_one_plan_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.check import checker

    folder = tmp_path / "plans"
    folder.mkdir()
    source = (ROOT / "examples" / "north-west-london.yaml").read_text("utf-8")
    for number in range(12):
        code = f"E540000{number + 30:02}"
        (folder / f"p{number:02}.yaml").write_text(
            source.replace("E54000027", code), encoding="utf-8"
        )
    made: list[weakref.ref[checker.PlanAnalysis]] = []
    most = [0]
    analysed = checker.analyse_path

    def counting(path: str, settings: Settings) -> checker.PlanAnalysis:
        analysis = analysed(path, settings)
        made.append(weakref.ref(analysis))
        most[0] = max(most[0], sum(1 for ref in made if ref() is not None))
        return analysis

    monkeypatch.setattr(checker, "analyse_path", counting)
    out = tmp_path / "out"
    outcome = runner.invoke(
        app, ["report", str(folder), "--output-dir", str(out), "--as-of", "2016-06-30"]
    )
    assert outcome.exit_code == 0, outcome.stderr
    assert len(made) == 12
    assert most[0] <= 3  # each plan's report is put away, the plan dropped
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 13 and "index.md" in written
    assert all((out / name).stat().st_size > 1000 for name in written)
