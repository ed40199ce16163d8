"""The plan is never harmed (issue 6, PRODUCT.md §7): nothing is lost, terminal
output cannot be hijacked by plan text, nothing goes to the network, and a bug
in stpctl is one line and exit 3.

(That no input file changes during the whole suite is checked by the
autouse fixtures in ``conftest.py``.)
"""

from __future__ import annotations

import errno
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console
from typer.testing import CliRunner

import stpctl.check.rules
from stpctl.check.checker import InternalError, Settings, check_path
from stpctl.check.result import RunResult
from stpctl.check.rules.base import Issue, PlanContext, Rule
from stpctl.check.schema_check import plan_schema
from stpctl.cli import app, main, state
from stpctl.files.output_file import OutputError, refuse_inputs, write_atomic
from stpctl.records.finding import Severity
from stpctl.reference.guidance import default_pack
from stpctl.render import terminal, text

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "north-east-london.yaml"
ESCAPES = ROOT / "tests" / "hostile" / "terminal-escapes.yaml"
AS_OF = "2016-06-30"
runner = CliRunner()


# --- nothing is lost ----------------------------------------------------------------------


def _leftovers(folder: Path, keep: set[str]) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in keep)


def test_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text("stp_plan: 1  # my work\n", encoding="utf-8")
    refused = runner.invoke(app, ["init", str(plan)])
    assert refused.exit_code == 2
    assert "--force" in refused.stderr
    assert plan.read_text(encoding="utf-8") == "stp_plan: 1  # my work\n"
    forced = runner.invoke(app, ["init", str(plan), "--force"])
    assert forced.exit_code == 0
    assert "questions:" in plan.read_text(encoding="utf-8")
    assert _leftovers(tmp_path, {"plan.yaml"}) == []


def test_write_atomic_writes_the_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert _leftovers(tmp_path, {"report.json"}) == []


def _fail(error: BaseException) -> Any:
    def raise_it(*args: object, **kwargs: object) -> None:
        raise error

    return raise_it


@pytest.mark.parametrize("where", ["fsync", "replace"])
def test_write_atomic_failing_midway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"the old report")
    monkeypatch.setattr(os, where, _fail(OSError(errno.ENOSPC, "No space left on device")))
    with pytest.raises(OutputError, match="No space left on device"):
        write_atomic(target, b"x" * 100_000)
    monkeypatch.undo()
    assert target.read_bytes() == b"the old report"
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_write_atomic_interrupted_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"the old report")
    monkeypatch.setattr(os, "fsync", _fail(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, b"new")
    monkeypatch.undo()
    assert target.read_bytes() == b"the old report"
    assert _leftovers(tmp_path, {"report.json"}) == []


def test_write_atomic_into_a_missing_folder_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_atomic(tmp_path / "missing" / "report.json", b"x")
    assert _leftovers(tmp_path, set()) == []


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    return plan


def test_refuse_inputs_refuses_an_input_however_it_is_named(
    plan_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    link = plan_file.with_name("link.yaml")
    link.symlink_to(plan_file)
    hard = plan_file.with_name("hard.yaml")
    os.link(plan_file, hard)
    monkeypatch.chdir(plan_file.parent)
    for target in (plan_file, Path("plan.yaml"), Path("./sub/../plan.yaml"), link, hard):
        (plan_file.parent / "sub").mkdir(exist_ok=True)
        with pytest.raises(OutputError, match="one of the input files"):
            refuse_inputs(target, ["-", str(plan_file)], "--output")
    with pytest.raises(OutputError):  # the input given through the link, the output plainly
        refuse_inputs(plan_file, [str(link)], "--output")


def test_refuse_inputs_allows_other_files_and_new_files(plan_file: Path) -> None:
    other = plan_file.with_name("other.json")
    other.write_text("{}", encoding="utf-8")
    refuse_inputs(other, [str(plan_file), "-"], "--output")
    refuse_inputs(plan_file.with_name("new.json"), [str(plan_file)], "--output")


def test_refuse_inputs_names_the_option_that_was_used(plan_file: Path) -> None:
    with pytest.raises(OutputError, match="choose another --report file"):
        refuse_inputs(plan_file, [str(plan_file)], "--report")


def test_a_report_onto_an_input_names_report_not_output(plan_file: Path) -> None:
    result = runner.invoke(
        app, ["validate", str(plan_file), "--report", f"json:{plan_file}", "--as-of", AS_OF]
    )
    assert result.exit_code == 2
    assert "choose another --report file" in result.stderr
    assert "--output" not in result.stderr
    result = runner.invoke(
        app, ["validate", str(plan_file), "--output", str(plan_file), "--as-of", AS_OF]
    )
    assert result.exit_code == 2
    assert "choose another --output file" in result.stderr


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.usefixtures("umask_022")
def test_a_new_output_file_gets_the_mode_open_would_give(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    write_atomic(target, b"{}")
    assert target.stat().st_mode & 0o777 == 0o644  # 0o666 less the umask, not 0o600
    os.umask(0o027)
    second = tmp_path / "board.html"
    write_atomic(second, b"<p>")
    assert second.stat().st_mode & 0o777 == 0o640


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.usefixtures("umask_022")
def test_an_overwritten_output_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"old")
    target.chmod(0o664)  # shared with the group on purpose
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o664
    target.chmod(0o600)  # private on purpose
    write_atomic(target, b"newer")
    assert target.stat().st_mode & 0o777 == 0o600


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes")
@pytest.mark.usefixtures("umask_022")
def test_writing_an_output_leaves_the_umask_as_it_was(tmp_path: Path) -> None:
    write_atomic(tmp_path / "report.json", b"{}")
    assert os.umask(0o022) == 0o022


def test_validate_output_onto_an_input_is_refused_and_the_plan_kept(plan_file: Path) -> None:
    before = plan_file.read_bytes()
    link = plan_file.with_name("link.json")
    link.symlink_to(plan_file)
    for target in (plan_file, link):
        outcome = runner.invoke(
            app, ["validate", str(plan_file), "--format", "json", "--output", str(target)]
        )
        assert outcome.exit_code == 2
        assert "input" in outcome.stderr
        assert plan_file.read_bytes() == before


def test_validate_output_is_written_whole(plan_file: Path) -> None:
    report = plan_file.with_name("report.json")
    outcome = runner.invoke(
        app,
        ["validate", str(plan_file), "--as-of", AS_OF, "--format", "json", "--output", str(report)],
    )
    assert outcome.exit_code == 0
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["files"] == 1
    assert _leftovers(plan_file.parent, {"plan.yaml", "report.json"}) == []


# --- terminal output cannot be hijacked by plan text --------------------------------------

# What rich itself writes when colour is on: Select Graphic Rendition only.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_safe_escapes_every_kind_of_control_character_visibly() -> None:
    hostile = "a\x1b[2Jb\x1b]0;title\x07c\x9b31md\x00e\x7ff\u202eg\u200bh\ni"
    assert terminal.safe(hostile) == (
        "a\\x1b[2Jb\\x1b]0;title\\x07c\\u009b31md\\x00e\\x7ff\\u202eg\\u200bh\\ni"
    )
    assert (
        terminal.safe("plain text, with [bold red] and £ é")
        == "plain text, with [bold red] and £ é"
    )


def test_text_validate_prints_no_escape_from_plan_text_and_no_markup() -> None:
    outcome = runner.invoke(app, ["validate", str(ESCAPES), "--as-of", AS_OF, "--format", "text"])
    assert outcome.exit_code == 1
    assert "\x1b" not in outcome.stdout
    assert "\x07" not in outcome.stdout
    # the escapes reached the output as visible, harmless text ...
    assert "\\x1b[2J\\x1b]0;pwned\\x07" in outcome.stdout  # the footprint name in the header
    assert "`\\x1b[2Jdraft[bold red]`" in outcome.stdout  # the value quoted in a finding
    # ... and rich markup written in the plan is printed as written, not obeyed
    assert "[bold red]and Worcestershire[/bold red]" in outcome.stdout


def test_a_file_name_with_escapes_is_made_safe_too(tmp_path: Path) -> None:
    plan = tmp_path / "evil\x1b[2J.yaml"
    plan.write_bytes(EXAMPLE.read_bytes())
    outcome = runner.invoke(app, ["validate", str(plan), "--as-of", AS_OF, "--format", "text"])
    assert outcome.exit_code == 0
    assert "\x1b" not in outcome.stdout
    assert "evil\\x1b[2J.yaml" in outcome.stdout


def test_on_a_colour_terminal_only_rich_styles_are_escape_sequences() -> None:
    settings = Settings(as_of=date.fromisoformat(AS_OF))
    run = RunResult([check_path(str(ESCAPES), settings)])
    screen = StringIO()
    Console(file=screen, force_terminal=True, color_system="truecolor", width=200).print(
        text.render(run, default_pack())
    )
    written = screen.getvalue()
    assert _SGR.search(written), "colour was expected on a forced terminal"
    plain = _SGR.sub("", written)
    assert "\x1b" not in plain and "\x07" not in plain
    assert "[bold red]and Worcestershire[/bold red]" in plain


def test_json_output_escapes_control_characters() -> None:
    outcome = runner.invoke(app, ["validate", str(ESCAPES), "--as-of", AS_OF, "--format", "json"])
    assert "\x1b" not in outcome.stdout and "\x07" not in outcome.stdout
    name = json.loads(outcome.stdout)["files"][0]["footprint"]["name"]
    assert name.startswith("Herefordshire \x1b[2J\x1b]0;pwned\x07")  # kept exactly, as data


# --- no network ---------------------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[object]]:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network access is disabled in this test")

    for name in ("socket", "create_connection", "getaddrinfo"):
        monkeypatch.setattr(socket, name, refuse)
    yield attempts


def test_validate_works_with_the_network_disabled(no_network: list[object]) -> None:
    outcome = runner.invoke(app, ["validate", str(EXAMPLE), "--as-of", AS_OF, "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    report = json.loads(outcome.stdout)
    assert report["summary"]["files"] == 1
    assert len(report["files"][0]["questions"]) == 10
    assert no_network == []


def _refs(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("$ref", "$dynamicRef") and isinstance(value, str):
                yield value
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def test_the_schema_refers_only_inside_itself() -> None:
    refs = list(_refs(plan_schema()))
    assert refs, "expected the schema to use $ref for its shared definitions"
    assert [ref for ref in refs if not ref.startswith("#/")] == []


# --- internal errors: one line naming the file, exit 3 ------------------------------------


def _broken(context: PlanContext) -> Iterator[Issue]:
    """Always fails: stands in for a bug in a rule."""
    raise RuntimeError("rule exploded\nsecond line of the cause")
    yield Issue("never reached")


BROKEN = Rule("STP999", "broken", Severity.ERROR, "Always fails.", "Always fails.", _broken)


@pytest.fixture
def broken_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stpctl.check.rules, "CATALOGUE", [*stpctl.check.rules.CATALOGUE, BROKEN])
    monkeypatch.setattr(state, "debug", False)


def _run_main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["stpctl", "validate", str(EXAMPLE), "--as-of", AS_OF, *args])
    with pytest.raises(SystemExit) as stopped:
        main()
    code = stopped.value.code
    assert isinstance(code, int)
    return code


@pytest.mark.usefixtures("broken_rule")
def test_a_crashing_rule_is_one_line_naming_the_file_and_exit_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_main(monkeypatch) == 3
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert str(EXAMPLE) in lines[0]
    assert "RuntimeError: rule exploded" in lines[0]
    assert "--debug" in lines[0]
    assert "Traceback" not in captured.err + captured.out


@pytest.mark.usefixtures("broken_rule")
def test_with_debug_the_traceback_is_shown_and_the_exit_is_still_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_main(monkeypatch, "--debug") == 3
    captured = capsys.readouterr()
    assert "Traceback" in captured.err
    assert "_broken" in captured.err  # the frame of the failing rule
    assert captured.err.rstrip().splitlines()[-1].startswith("stpctl: internal error")


def test_internal_error_text_is_one_line() -> None:
    error = InternalError("plans/a.yaml", ValueError("first\nsecond"))
    assert str(error) == "internal error while checking plans/a.yaml: ValueError: first"
    assert (
        str(InternalError("a.yaml", KeyError())) == "internal error while checking a.yaml: KeyError"
    )


def test_the_installed_entry_point_exits_3_on_a_crash() -> None:
    """A real process: the exit code a CI job sees."""
    program = (
        "import sys, stpctl.check.rules\n"
        "from stpctl.cli import main\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from test_safety_outputs import BROKEN\n"
        "stpctl.check.rules.CATALOGUE = [*stpctl.check.rules.CATALOGUE, BROKEN]\n"
        "sys.argv = ['stpctl', 'validate', sys.argv[2]]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(Path(__file__).parent), str(EXAMPLE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 3
    assert done.stdout == ""
    assert len(done.stderr.splitlines()) == 1
    assert str(EXAMPLE) in done.stderr
