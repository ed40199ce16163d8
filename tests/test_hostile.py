"""Hostile input: every bad plan gets one clear finding, no traceback, and a
bounded run (issue 6).

Each file under ``tests/hostile/`` is one case, named for what is wrong with
it; ``EXPECTED`` says which finding it must give.  The cases too large to
keep as files (nesting 50,000 deep, a 1.5 MB plan, a file over the size
limit) and the ones that are about the file system rather than the bytes
(a directory, a FIFO, symlinks, an unreadable file) are made in a temporary
folder by the tests below.

"Bounded run" is by construction, not by a clock: the loader stops at the
first alias beyond its node budget and the first level beyond its depth
limit, so these tests finish quickly or not at all.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from stpctl.check import checker
from stpctl.check.checker import Settings, check_bytes, check_path
from stpctl.check.result import FileResult
from stpctl.cli import app
from stpctl.load.loader import MAX_ALIAS_NODES, MAX_DEPTH, load_bytes
from stpctl.records.finding import Finding, Severity

HOSTILE = Path(__file__).parent / "hostile"
EXAMPLES = Path(__file__).parent.parent / "examples"
AS_OF = "2016-06-01"
SETTINGS = Settings(as_of=date.fromisoformat(AS_OF))
# Written out from PRODUCT.md, not imported: the test checks the contract.
QUESTION_KEYS = {
    "prevention",
    "engagement",
    "general_practice",
    "new_care_models",
    "core_standards",
    "clinical_priorities",
    "quality_and_safety",
    "technology",
    "workforce",
    "financial_balance",
}


@dataclass(frozen=True)
class Expected:
    """The one error a case must give: rule, where, and words the message must hold."""

    rule: str
    line: int
    column: int
    says: tuple[str, ...]


QUOTES = "put it in quotes"
EXPECTED: dict[str, Expected] = {
    # a key written twice, at any depth, block and flow style: both lines named
    "duplicate-key-top": Expected("STP004", 15, 1, ("`period`", "line 8", "line 15")),
    "duplicate-key-block": Expected(
        "STP004", 19, 9, ("`owner`", "questions.prevention.actions[0]", "line 17", "line 19")
    ),
    "duplicate-key-flow": Expected("STP004", 15, 84, ("`due`", "line 15", "columns 67 and 84")),
    # YAML 1.1 implicit types where text was meant: what YAML made of it, and quotes
    "implicit-yes": Expected("STP012", 14, 12, ("`yes`", "reads as true", QUOTES)),
    "implicit-no": Expected("STP012", 14, 12, ("`No`", "reads as false", QUOTES)),
    "implicit-on": Expected("STP012", 15, 24, ("`on`", "reads as true", QUOTES)),
    "implicit-off": Expected("STP012", 14, 12, ("`off`", "reads as false", QUOTES)),
    "implicit-tilde": Expected("STP012", 15, 47, ("`~`", "reads as empty (null)", "in quotes")),
    "implicit-exponent": Expected("STP012", 8, 59, ("`1e3`", "the number 1000.0", QUOTES)),
    "implicit-octal": Expected("STP012", 7, 54, ("`012`", "the number 10", QUOTES)),
    "implicit-sexagesimal": Expected("STP012", 9, 60, ("`12:30`", "the number 750", QUOTES)),
    # malformed YAML: the parser's line and column and an excerpt of the line
    "unclosed-bracket": Expected(
        "STP002", 4, 7, ("line 4, column 7", "`period: {start: 2016-04-01, end: 2021-03-31}`")
    ),
    "bad-indent": Expected("STP002", 5, 2, ("line 5, column 2", "`code: E54000019`")),
    "tabs": Expected(
        "STP002",
        4,
        1,
        ("line 4, column 1", "`name: Herefordshire and Worcestershire`", "spaces, not tabs"),
    ),
    "control-character": Expected("STP002", 4, 22, ("U+0000", "line 4, column 22")),
    # encodings: not UTF-8 names the first bad byte; BOM and CRLF are accepted
    "not-utf8": Expected("STP001", 4, 12, ("not UTF-8", "0xE9", "line 4, column 12")),
    "utf16": Expected("STP001", 1, 1, ("UTF-16", "save it as UTF-8")),
    "bom": Expected("STP013", 1, 11, ("`stp_plan`", "version 1")),
    "crlf": Expected("STP012", 19, 12, ("`yes`", "reads as true", QUOTES)),
    # not one plan-shaped document
    "empty": Expected("STP003", 1, 1, ("holds nothing", "stpctl init")),
    "only-comments": Expected("STP003", 1, 1, ("only comments", "stpctl init")),
    "top-list": Expected("STP003", 2, 1, ("holds a list", "mapping")),
    "top-scalar": Expected("STP003", 2, 1, ("single value", "mapping")),
    "two-documents": Expected("STP003", 4, 1, ("more than one YAML document", "line 4")),
    # tags are refused, never constructed
    "python-tag": Expected("STP005", 4, 9, ("`!!python/object/apply:os.system`", "refused")),
    "unknown-tag": Expected("STP005", 3, 12, ("`!organisation`", "refused")),
    # aliases: bounded in nodes and, through aliases of aliases, in depth
    "alias-bomb": Expected("STP005", 9, 10, (f"{MAX_ALIAS_NODES:,} nodes", "alias bomb")),
    "nested-aliases": Expected("STP005", 6, 61, (f"more than {MAX_DEPTH} levels", "`*a0`")),
    # plan text that would rewrite a terminal is a finding only where it is a bad value
    "terminal-escapes": Expected("STP013", 14, 13, ("`questions.prevention.status`",)),
}

CASES = sorted(HOSTILE.glob("*.yaml"))
runner = CliRunner()


def _errors(result: FileResult) -> list[Finding]:
    return [f for f in result.findings if f.severity is Severity.ERROR]


def _validate_json(*args: str, stdin: bytes | None = None) -> tuple[int, dict[str, object]]:
    """Run ``stpctl validate --format json``; the exit code and the parsed report."""
    outcome = runner.invoke(app, ["validate", "--format", "json", "--as-of", AS_OF, *args], stdin)
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit), outcome.output
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome.exit_code, json.loads(outcome.stdout)


def test_every_case_file_has_an_expectation_and_every_expectation_a_file() -> None:
    assert sorted(path.stem for path in CASES) == sorted(EXPECTED)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case_gives_exactly_one_clear_error(path: Path) -> None:
    expected = EXPECTED[path.stem]
    result = check_path(str(path), SETTINGS)
    errors = _errors(result)
    assert [(f.rule, f.line, f.column) for f in errors] == [
        (expected.rule, expected.line, expected.column)
    ], [f.message for f in errors]
    message = errors[0].message
    for words in expected.says:
        assert words in message
    assert "\n" not in message and "Traceback" not in message
    # Nothing else from the loading and schema stages (STP0xx): the one problem
    # is said once.  Warnings from later rules (a draft is incomplete) may follow.
    assert [f.rule for f in result.findings if f.rule.startswith("STP0")] == [expected.rule]


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_case_through_the_command_line_exits_1_with_json(path: Path) -> None:
    code, report = _validate_json(str(path))
    assert code == 1
    files = report["files"]
    assert isinstance(files, list) and len(files) == 1
    questions = files[0]["questions"]
    if load_bytes(path.read_bytes()).ok:
        assert set(questions) == QUESTION_KEYS
    else:
        assert questions is None


def test_python_tag_runs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[object] = []
    monkeypatch.setattr(os, "system", lambda *a: ran.append(a) or 0)
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: ran.append(a))
    result = check_path(str(HOSTILE / "python-tag.yaml"), SETTINGS)
    assert ran == []
    assert [f.rule for f in result.findings] == ["STP005"]


def test_bom_and_crlf_files_are_otherwise_read_as_plans() -> None:
    for name in ("bom.yaml", "crlf.yaml"):
        loaded = load_bytes((HOSTILE / name).read_bytes())
        assert loaded.ok
        assert loaded.data["footprint"]["name"] == "Herefordshire and Worcestershire"
    answer = load_bytes((HOSTILE / "crlf.yaml").read_bytes()).data["questions"]["prevention"]
    assert answer["answer"].splitlines()[0] == "Scale up the diabetes prevention programme."
    assert "\r" not in answer["answer"]


# --- cases generated in a temporary folder -----------------------------------------------


@pytest.mark.parametrize("style", ["flow", "block"])
def test_nesting_50000_deep_is_an_error_not_a_recursion_error(tmp_path: Path, style: str) -> None:
    depth = 50_000
    if style == "flow":
        text = "stp_plan: 1\nx-deep: " + "[" * depth + "]" * depth + "\n"
    else:  # block style: `- - - x` is a list in a list in a list
        text = "stp_plan: 1\nx-deep:\n" + "- " * depth + "x\n"
    path = tmp_path / "deep-nesting.yaml"
    path.write_text(text, encoding="utf-8")
    result = check_path(str(path), SETTINGS)
    assert [f.rule for f in result.findings] == ["STP005"]
    assert f"more than {MAX_DEPTH} levels" in result.findings[0].message


def _large_plan() -> bytes:
    """An example plan grown to 20,000 actions (about 1.5 MB)."""
    plan = load_bytes((EXAMPLES / "north-west-london.yaml").read_bytes()).data
    questions = plan["questions"]
    keys = list(questions)
    count = sum(len(q.get("actions", [])) for q in questions.values())
    template = questions["prevention"]["actions"][0]
    number = 0
    while count < 20_000:
        action = {**template, "id": f"X{number}", "title": f"Step {number}", "owner": "PMO"}
        questions[keys[number % len(keys)]]["actions"].append(action)
        number += 1
        count += 1
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # the C one is much faster
    text = yaml.dump(plan, Dumper=dumper, sort_keys=False, default_flow_style=None, width=200)
    return text.encode()


def test_a_large_plan_of_20000_actions_still_validates_correctly(tmp_path: Path) -> None:
    raw = _large_plan()
    assert 1_200_000 < len(raw) < 2_000_000
    path = tmp_path / "large.yaml"
    path.write_bytes(raw)
    original = check_path(str(EXAMPLES / "north-west-london.yaml"), SETTINGS)
    large = check_path(str(path), SETTINGS)
    assert large.questions == original.questions
    assert large.footprint == original.footprint
    assert not [f for f in large.findings if f.rule in ("STP001", "STP002", "STP005")]
    # The same rules fire (the finance bridge is unchanged); only lines move.
    assert sorted(f.rule for f in large.findings) == sorted(f.rule for f in original.findings)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "over-limit.yaml"
    path.write_bytes((EXAMPLES / "north-east-london.yaml").read_bytes())
    opened: list[object] = []
    monkeypatch.setattr(checker, "open", lambda *a, **k: opened.append(a), raising=False)
    result = check_path(str(path), Settings(as_of=SETTINGS.as_of, max_bytes=1000))
    assert opened == []
    assert [f.rule for f in result.findings] == ["STP001"]
    assert "over the 1,000-byte limit" in result.findings[0].message
    assert "--max-bytes" in result.findings[0].message


def test_max_bytes_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "over-limit.yaml"
    path.write_bytes((EXAMPLES / "north-east-london.yaml").read_bytes())
    code, report = _validate_json("--max-bytes", "1000", str(path))
    assert code == 1
    assert [f["rule"] for f in report["files"][0]["findings"]] == ["STP001"]
    code, report = _validate_json("--max-bytes", "1000000", str(path))
    assert code == 0


def test_stdin_over_the_size_limit_is_one_finding() -> None:
    raw = (EXAMPLES / "north-east-london.yaml").read_bytes()
    code, report = _validate_json("--max-bytes", "1000", "-", stdin=raw)
    assert code == 1
    findings = report["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["STP001"]
    assert "limit" in findings[0]["message"]


def test_bytes_over_the_limit_given_to_check_bytes_are_one_finding() -> None:
    raw = (EXAMPLES / "north-east-london.yaml").read_bytes()
    result = check_bytes(raw, "plan.yaml", Settings(as_of=SETTINGS.as_of, max_bytes=1000))
    assert [f.rule for f in result.findings] == ["STP001"]


@pytest.mark.parametrize(
    "args",
    [
        ["no-such-plan.yaml"],
        ["--max-bytes", "0", "examples/north-east-london.yaml"],
        ["--as-of", "30/06/2016", "examples/north-east-london.yaml"],
        ["--format", "pdf", "examples/north-east-london.yaml"],
    ],
    ids=["missing-file", "max-bytes-zero", "bad-date", "unknown-format"],
)
def test_usage_errors_exit_2_without_a_traceback(args: list[str]) -> None:
    root = Path(__file__).parent.parent
    outcome = runner.invoke(
        app, ["validate", *[str(root / a) if a.endswith("yaml") else a for a in args]]
    )
    assert outcome.exit_code == 2
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert outcome.stdout == ""


# --- paths that are not plain files -------------------------------------------------------


def _directory(tmp: Path) -> Path:
    folder = tmp / "plans.yaml"
    folder.mkdir()
    return folder


def _fifo(tmp: Path) -> Path:
    path = tmp / "fifo.yaml"
    os.mkfifo(path)
    return path


def _dangling(tmp: Path) -> Path:
    path = tmp / "dangling.yaml"
    path.symlink_to(tmp / "gone.yaml")
    return path


def _loop(tmp: Path) -> Path:
    first, second = tmp / "loop-a.yaml", tmp / "loop-b.yaml"
    first.symlink_to(second)
    second.symlink_to(first)
    return first


def _unreadable(tmp: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("running as root: chmod 000 does not stop root reading the file")
    path = tmp / "unreadable.yaml"
    path.write_bytes((EXAMPLES / "north-east-london.yaml").read_bytes())
    path.chmod(0)
    return path


PATH_CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "directory": (_directory, "is a directory"),
    "fifo": (_fifo, "not a regular file"),
    "dangling-symlink": (_dangling, "does not exist"),
    "symlink-loop": (_loop, "symbolic links"),
    "unreadable": (_unreadable, "ermission denied"),
}


def _in_thread(work: Callable[[], FileResult]) -> FileResult:
    """Run ``work`` where a hang (a FIFO opened for reading) cannot hang the suite."""
    box: list[FileResult] = []
    thread = threading.Thread(target=lambda: box.append(work()), daemon=True)
    thread.start()
    thread.join(timeout=30)
    assert box, "checking the path did not return: it blocked"
    return box[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and symlinks")
@pytest.mark.parametrize("case", sorted(PATH_CASES))
def test_a_path_that_is_not_a_readable_file_is_one_finding(tmp_path: Path, case: str) -> None:
    make, says = PATH_CASES[case]
    path = make(tmp_path)
    try:
        result = _in_thread(lambda: check_path(str(path), SETTINGS))
        assert [f.rule for f in result.findings] == ["STP001"]
        assert says in result.findings[0].message
        assert str(path) in result.findings[0].message
        assert result.questions is None
    finally:
        if case == "unreadable":
            path.chmod(0o600)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs and symlinks")
@pytest.mark.parametrize("case", ["fifo", "dangling-symlink", "symlink-loop", "unreadable"])
def test_such_a_path_through_the_command_line_exits_1_and_the_others_are_checked(
    tmp_path: Path, case: str
) -> None:
    make, _ = PATH_CASES[case]
    path = make(tmp_path)
    good = tmp_path / "good.yaml"
    good.write_bytes((EXAMPLES / "north-east-london.yaml").read_bytes())
    try:
        code, report = _validate_json(str(path), str(good))
    finally:
        if case == "unreadable":
            path.chmod(0o600)
    assert code == 1
    by_path = {f["path"]: f for f in report["files"]}
    assert [f["rule"] for f in by_path[str(path)]["findings"]] == ["STP001"]
    assert set(by_path[str(good)]["questions"]) == QUESTION_KEYS


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs POSIX FIFOs")
def test_a_fifo_met_while_searching_a_folder_does_not_block(tmp_path: Path) -> None:
    _fifo(tmp_path)
    (tmp_path / "good.yaml").write_bytes((EXAMPLES / "north-east-london.yaml").read_bytes())
    code, report = _validate_json(str(tmp_path))
    assert code == 1
    rules = {Path(f["path"]).name: [x["rule"] for x in f["findings"]] for f in report["files"]}
    assert rules == {"fifo.yaml": ["STP001"], "good.yaml": []}
