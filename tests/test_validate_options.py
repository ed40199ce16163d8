"""``validate`` options for CI: --jobs, --report, --output, --quiet, --color."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check import runner as check_runner
from stpctl.check.checker import InternalError
from stpctl.cli import app, command_validate
from stpctl.reference.skeleton import skeleton
from stpctl.render import VALIDATE_FORMATS

runner = CliRunner()
PLAN = skeleton(None, "plan.yaml")
AS_OF = ["--as-of", "2016-05-01"]


def write(path: Path, text: str = PLAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Twelve plans, some broken, and the working directory set above them."""
    monkeypatch.chdir(tmp_path)
    for number in range(10):
        text = PLAN.replace("status: not_started", "status: draft", number)
        write(tmp_path / "plans" / f"plan-{number:02}.yaml", text)
    write(tmp_path / "plans" / "broken.yaml", "stp_plan: 1\nfootprint: [\n")
    write(tmp_path / "plans" / "sub" / "list.yml", "- a\n")
    return tmp_path / "plans"


def invoke(*args: str, **kwargs: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], **kwargs)  # type: ignore[arg-type]
    return result.exit_code, result.stdout, result.stderr


def test_format_choices_match_the_renderers() -> None:
    assert command_validate.FORMAT_NAMES == VALIDATE_FORMATS
    assert tuple(f.value for f in command_validate.Format) == VALIDATE_FORMATS


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "junit", "github"])
def test_parallel_output_is_identical_to_serial(plans: Path, output_format: str) -> None:
    serial = invoke("plans", "--jobs", "1", "--format", output_format, *AS_OF)
    parallel = invoke("plans", "--jobs", "2", "--format", output_format, *AS_OF)
    assert serial == parallel
    code, stdout, stderr = serial
    assert code == 1
    assert stderr == ""
    assert "plans/sub/list.yml" in stdout


def test_default_jobs_are_one_for_few_files_and_per_cpu_for_many() -> None:
    assert check_runner.default_jobs(3) == 1
    assert check_runner.default_jobs(check_runner.PARALLEL_FROM) == 1
    assert check_runner.default_jobs(500) >= 1
    assert command_validate.PARALLEL_FROM == check_runner.PARALLEL_FROM


def test_the_default_run_on_many_files_matches_a_serial_run(plans: Path) -> None:
    for number in range(10, 30):
        write(plans / "more" / f"plan-{number}.yaml")
    assert invoke("plans", "--format", "json", *AS_OF) == invoke(
        "plans", "--format", "json", "--jobs", "1", *AS_OF
    )


def test_a_bug_in_a_worker_keeps_its_message(monkeypatch: pytest.MonkeyPatch) -> None:
    # InternalError cannot cross a process boundary as itself; its text must.
    def explode(path: str, settings: object) -> None:
        raise InternalError(path, ValueError("boom"))

    monkeypatch.setattr(check_runner, "check_path", explode)
    monkeypatch.setattr(check_runner, "_worker_settings", object())
    with pytest.raises(
        RuntimeError, match=r"internal error while checking p.yaml: ValueError: boom"
    ):
        check_runner._check_in_worker("p.yaml")


def test_report_files_are_written_and_the_summary_still_printed(
    plans: Path, tmp_path: Path
) -> None:
    code, stdout, _ = invoke(
        "plans", *AS_OF, "--report", "sarif:out.sarif", "--report", "junit:junit.xml",
        "--report", "json:./out.json",
    )  # fmt: skip
    assert code == 1
    assert "12 files checked" in stdout
    sarif = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))
    assert sarif["version"] == "2.1.0"
    assert (tmp_path / "junit.xml").read_text(encoding="utf-8").startswith("<?xml")
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["summary"]["files"] == 12


def test_a_text_report_has_no_colour(plans: Path, tmp_path: Path) -> None:
    code, _, _ = invoke("plans/broken.yaml", "--report", "text:out.txt", "--color", "always")
    assert code == 1
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "\x1b[" not in text
    assert "1 file checked: 1 error" in text


def test_a_report_may_not_overwrite_an_input(plans: Path) -> None:
    before = (plans / "broken.yaml").read_text(encoding="utf-8")
    code, stdout, stderr = invoke("plans", "--report", "json:plans/broken.yaml")
    assert code == 2
    assert "plans/broken.yaml is one of the input files" in stderr
    assert stdout == ""
    assert (plans / "broken.yaml").read_text(encoding="utf-8") == before


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("sarif", "--report 'sarif' names no file; write it as --report sarif:FILE"),
        ("sarif:", "--report 'sarif:' names no file"),
        ("yaml:out.yaml", "unknown format 'yaml'; choose one of text, json, sarif, junit, github"),
        ("out.sarif", "--report 'out.sarif' names no file; write it as --report FORMAT:FILE"),
        ("json:missing/out.json", "cannot write missing/out.json: folder missing does not exist"),
        ("json:plans", "cannot write plans: it is a directory"),
    ],
)
def test_bad_report_specs_are_usage_errors(plans: Path, spec: str, message: str) -> None:
    code, stdout, stderr = invoke("plans", "--report", spec)
    assert code == 2
    assert message in stderr
    assert stdout == ""


def test_two_reports_to_one_file_are_refused(plans: Path) -> None:
    code, _, stderr = invoke("plans", "--report", "json:a.out", "--report", "sarif:./a.out")
    assert code == 2
    assert "named for two reports" in stderr


def test_output_writes_the_format_to_a_file_instead_of_stdout(plans: Path, tmp_path: Path) -> None:
    code, stdout, _ = invoke("plans", "--format", "sarif", "--output", "out.sarif", *AS_OF)
    assert code == 1
    assert stdout == ""
    assert json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"]


def test_output_may_not_overwrite_an_input(plans: Path) -> None:
    code, _, stderr = invoke("plans/broken.yaml", "--output", "plans/broken.yaml")
    assert code == 2
    assert "is one of the input files" in stderr


def test_quiet_text_shows_only_findings_and_the_summary(plans: Path) -> None:
    _, loud, _ = invoke("plans/plan-00.yaml", "plans/broken.yaml", *AS_OF)
    code, quiet, _ = invoke("plans/plan-00.yaml", "plans/broken.yaml", "--quiet", *AS_OF)
    assert code == 1
    assert "question" in loud and "question" not in quiet.replace("`", "")
    lines = quiet.splitlines()
    assert lines[-1].startswith("2 files checked: 1 error, ")
    assert all(line.startswith("plans/") for line in lines[:-1])
    loud_findings = [
        line for line in loud.splitlines() if line.startswith("plans/") and ":" in line
    ]
    assert lines[:-1] == loud_findings


def test_quiet_leaves_machine_formats_alone(plans: Path) -> None:
    assert invoke("plans", "-f", "json", "-q", *AS_OF) == invoke("plans", "-f", "json", *AS_OF)


def test_colour_always_and_never(plans: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("TERM", "dumb")
    _, always, _ = invoke("plans/broken.yaml", "--color", "always")
    assert "\x1b[" in always  # an explicit flag beats NO_COLOR and a dumb terminal
    monkeypatch.delenv("NO_COLOR")
    _, never, _ = invoke("plans/broken.yaml", "--color", "never")
    assert "\x1b[" not in never
    assert "1 file checked: 1 error" in never


def test_auto_colour_respects_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")  # pretend stdout is a terminal
    assert command_validate._console(command_validate.Color.auto).color_system is not None
    assert not command_validate._console(command_validate.Color.auto).no_color
    monkeypatch.setenv("NO_COLOR", "1")
    assert command_validate._console(command_validate.Color.auto).no_color
    assert command_validate._console(command_validate.Color.never).color_system is None


def test_no_progress_bar_when_stderr_is_not_a_terminal(plans: Path) -> None:
    for number in range(30):
        write(plans / "more" / f"plan-{number}.yaml")
    code, stdout, stderr = invoke("plans", "--format", "json", *AS_OF)
    assert code == 1
    assert stderr == ""
    assert json.loads(stdout)["summary"]["files"] == 42
