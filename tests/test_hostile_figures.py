"""Hostile figures and dates (issue 10, §2 and §3): every command, every format.

Each file under ``tests/hostile/figures/`` is one case: a small draft plan
with one number or date that used to give a wrong figure or crash a command
(exit 3).  ``EXPECTED`` names the findings it must give.  Every command then
runs on it in every format, alone and beside good plans: never exit 3, never
a traceback, every JSON output strict JSON (no ``NaN`` or ``Infinity``).

The cases too large to keep as files — integers of more than 4,300 digits
written in hexadecimal, octal, binary or base 60, where Python refuses to
turn the number into text — are made by the tests below.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.check.checker import Settings, check_path
from stpctl.cli import app
from stpctl.records.finding import Severity

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "hostile" / "figures"
EXAMPLE = ROOT / "examples" / "herefordshire-and-worcestershire.yaml"
AS_OF = "2016-06-30"
SETTINGS = Settings(as_of=__import__("datetime").date.fromisoformat(AS_OF))
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})

LIMIT = "at most 1,000,000,000,000,000 in size"
# (rule, severity, line, column, words the message must hold), for each case.
Want = tuple[str, Severity, int, int, tuple[str, ...]]
EXPECTED: dict[str, list[Want]] = {
    "thousands-separator-savings": [
        (
            "STP012",
            Severity.ERROR,
            25,
            67,
            ("`1,190.0`", "remove the thousands separator", "`2016/17: 1190.0`"),
        ),
    ],
    "thousands-separator-final-year": [
        ("STP012", Severity.ERROR, 25, 81, ("remove the thousands separator", "`2017/18: 1003.0`")),
        (
            "STP403",
            Severity.WARNING,
            22,
            44,
            ("2017/18 cannot be judged until the figure is fixed", "`1,003.0`"),
        ),
    ],
    "thousands-separator-participants": [
        (
            "STP012",
            Severity.ERROR,
            28,
            79,
            ("remove the thousands separator", "`participants: 1200`"),
        ),
    ],
    "infinity": [("STP013", Severity.ERROR, 22, 29, ("`.inf`", "infinity", LIMIT))],
    "not-a-number": [("STP013", Severity.ERROR, 14, 75, ("`.nan`", "not-a-number", LIMIT))],
    "overflowing-sum": [
        ("STP013", Severity.ERROR, 24, 75, ("`1.7e308`", "too large", LIMIT)),
        ("STP013", Severity.ERROR, 25, 67, ("`1.7e308`", "too large", LIMIT)),
    ],
    "figure-of-400-digits": [
        ("STP013", Severity.ERROR, 22, 29, ("(400 characters)", "too large", LIMIT)),
    ],
    "period-start-9999": [
        ("STP303", Severity.WARNING, 9, 17, ("9999-12-31", "not five financial years")),
    ],
    "period-start-0001": [
        ("STP303", Severity.WARNING, 9, 17, ("0001-01-01", "not five financial years")),
    ],
}
FILES = sorted(CASES.glob("*.yaml"))


def strict_json(text: str) -> Any:
    """Parse as strict JSON: ``NaN`` and ``Infinity`` are not JSON."""

    def refuse(constant: str) -> Any:
        raise ValueError(f"{constant} is not JSON")

    return json.loads(text, parse_constant=refuse)


def parses(command: list[str], output: str) -> None:
    """The output of ``command`` parses in its format (JSON strictly)."""
    if "json" in command or "sarif" in command:
        strict_json(output)
    elif "junit" in command:
        ET.fromstring(output)


def invoke(*args: str) -> Any:
    """Run stpctl; assert it did not fail as a bug (exit 3) or print a traceback."""
    outcome = runner.invoke(app, [*args])
    said = outcome.stdout + outcome.stderr
    assert outcome.exit_code in (0, 1), f"exit {outcome.exit_code}: {said[-500:]}"
    assert "Traceback" not in said and "internal error" not in said
    return outcome


def test_every_case_file_has_an_expectation() -> None:
    assert sorted(path.stem for path in FILES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_case_gives_its_findings_and_no_other_error(path: Path) -> None:
    result = check_path(str(path), SETTINGS)
    for rule, severity, line, column, words in EXPECTED[path.stem]:
        found = [
            f
            for f in result.findings
            if (f.rule, f.severity, f.line, f.column) == (rule, severity, line, column)
        ]
        assert len(found) == 1, [(f.rule, f.line, f.column) for f in result.findings]
        for word in words:
            assert word in found[0].message
        assert "\n" not in found[0].message
    errors = [(f.rule, f.line, f.column) for f in result.findings if f.severity is Severity.ERROR]
    wanted = [(r, ln, col) for r, sev, ln, col, _ in EXPECTED[path.stem] if sev is Severity.ERROR]
    assert errors == wanted


def _every_command(path: str) -> list[list[str]]:
    """Every command and format that reads a plan, on ``path``."""
    commands = [["validate", "-f", fmt, path] for fmt in ("text", "json", "sarif", "junit")]
    commands += [["validate", "-f", "github", path]]
    commands += [["checklist", "-f", fmt, path] for fmt in ("markdown", "csv", "json", "html")]
    commands += [["report", "-f", fmt, path] for fmt in ("markdown", "html", "json")]
    commands += [
        ["report", "--rollup", "-f", fmt, path, str(EXAMPLE)]
        for fmt in ("markdown", "html", "json", "csv")
    ]
    for fmt in ("text", "markdown", "json"):
        commands += [["diff", "-f", fmt, str(EXAMPLE), path], ["diff", "-f", fmt, path, path]]
    return [[*command, "--as-of", AS_OF] for command in commands]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_every_command_and_format_finishes_with_output_that_parses(path: Path) -> None:
    for command in _every_command(str(path)):
        parses(command, invoke(*command).stdout)


def test_a_run_over_many_files_checks_every_one() -> None:
    paths = [str(path) for path in FILES] + [str(EXAMPLE)]
    outcome = invoke("validate", "-f", "json", "--as-of", AS_OF, *paths)
    assert outcome.exit_code == 1
    files = {entry["path"]: entry for entry in strict_json(outcome.stdout)["files"]}
    assert sorted(files) == sorted(paths)
    assert {f["severity"] for f in files[str(EXAMPLE)]["findings"]} <= {"info"}
    rollup = invoke("report", "--rollup", "-f", "json", "--as-of", AS_OF, *paths)
    assert len(strict_json(rollup.stdout)["footprints"]) == len(paths)


# --- integers Python cannot turn into text (more than 4,300 digits) ------------------------

HUGE = {
    "hexadecimal": "0x" + "f" * 3700,  # 16**3700 has 4,456 digits
    "octal": "0" + "7" * 5000,  # 8**5000: 4,516 digits
    "binary": "0b" + "1" * 15000,  # 2**15000: 4,516 digits
    "base-60": "1" + ":00" * 2500,  # 60**2500: 4,446 digits
}


def _with_huge(tmp_path: Path, where: str, text: str) -> Path:
    plan = (CASES / "thousands-separator-savings.yaml").read_text(encoding="utf-8")
    plan = plan.replace("1,190.0", "1.0")
    if where == "text":  # where the plan wants text: the title of an engagement event
        plan = plan.replace("title: STP staff event,", f"title: {text},")
    else:  # where it wants a number: a savings figure
        plan = plan.replace("savings: {2016/17: 30.0,", f"savings: {{2016/17: {text},")
    path = tmp_path / f"huge-{where}.yaml"
    path.write_text(plan, encoding="utf-8")
    return path


@pytest.mark.parametrize("base", sorted(HUGE))
@pytest.mark.parametrize("where", ["text", "number"])
def test_an_integer_of_more_than_4300_digits_is_no_crash(
    tmp_path: Path, base: str, where: str
) -> None:
    path = _with_huge(tmp_path, where, HUGE[base])
    result = check_path(str(path), SETTINGS)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if where == "text":
        # kept as the text written: what the user wrote, and a valid title
        assert errors == []
    elif base == "base-60":
        # More than 8 parts of base 60 stay text (converting them is quadratic,
        # issue 10 §5): a number field holding text, not a huge number.
        [error] = errors
        assert (error.rule, error.line) == ("STP012", 24)
        assert "should be a number" in error.message and len(error.message) < 400
    else:
        [error] = errors
        assert (error.rule, error.line) == ("STP013", 24)
        assert "too large" in error.message and len(error.message) < 400
    for command in _every_command(str(path)):
        parses(command, invoke(*command).stdout)


# --- the --as-of date at the ends of the calendar ------------------------------------------


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_as_of_at_the_ends_of_the_calendar_is_no_crash(day: str) -> None:
    plan = str(EXAMPLE)
    for command in (
        ["validate", "-f", "json", plan],
        ["checklist", "-f", "json", plan],
        ["report", "-f", "json", plan],
        ["report", "-f", "markdown", plan],
        ["report", "--rollup", "-f", "json", plan],
        ["diff", "-f", "json", plan, plan],
    ):
        parses(command, invoke(*command, "--as-of", day).stdout)
    report = strict_json(invoke("report", "-f", "json", plan, "--as-of", day).stdout)
    assert report["as_of"] == day
    if day == "9999-12-31":  # every open action is overdue, none is upcoming
        assert report["actions"]["upcoming"] == [] and report["actions"]["overdue"]
