"""Nothing forged, nothing leaked (issue 10, §6).

* Line-oriented formats (text, GitHub annotations, JUnit failure bodies)
  write plan text and file names on one line, control characters escaped
  so they can be seen (``\\n``, ``\\x1b``, ``\\u202e``): a plan cannot print
  a workflow command (``::error …``) or a summary line of its own.
* HTML, Markdown and CSV carry no raw terminal control (ESC, BEL, OSC-8)
  and no invisible direction character; all of those are shown as escapes.
* A folder is searched without following symlinks that leave it, and a
  finding about a file that is not a plan quotes at most a short part of
  the line it is about.
* CSV neutralises full-width equals, plus, minus and at signs like = + - @.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.render.spreadsheet import safe_cell

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "north-west-london.yaml"
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
AS_OF = ["--as-of", "2016-06-30"]
FORGED = "\n::error file=plan.yaml,line=1::forged\n1 file checked: 0 errors, 0 warnings, 0 info\n"
# What must never reach a terminal raw: ESC, BEL, an OSC-8 link, C1 CSI,
# and the direction overrides, isolates and marks.
TERMINAL = "\x1b[2J\x07\x1b]8;;https://example.org\x07link\x1b]8;;\x07\x9b31m"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
RAW = ["\x1b", "\x07", "\x9b", *BIDI]
runner = CliRunner()


def _quoted(text: str) -> str:
    """``text`` as a double-quoted YAML scalar."""
    return json.dumps(text)  # JSON strings are YAML double-quoted scalars


def forged_plan(tmp_path: Path, name: str = "plan.yaml") -> Path:
    """The complete example with an overdue action whose id and title
    hold line breaks that try to forge workflow commands and a summary,
    and a footprint name holding terminal controls and direction overrides."""
    text = EXAMPLE.read_text("utf-8")
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    action = (
        f"      - {{id: {_quoted('A1' + FORGED)}, title: {_quoted('Step' + TERMINAL + BIDI)},"
        " owner: PMO, due: 2016-05-01}\n"
    )
    text = text[:at] + action + text[at:]
    name_line = text[text.index("  name: ") : text.index("\n", text.index("  name: "))]
    text = text.replace(name_line, f"  name: {_quoted('North West ' + TERMINAL + BIDI)}", 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _invoke(*args: str) -> str:
    outcome = runner.invoke(app, [*args, *AS_OF])
    assert outcome.exit_code in (0, 1), outcome.stderr
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome.stdout


# -- line-oriented formats ----------------------------------------------------------------


def test_the_text_format_writes_each_finding_and_header_on_one_line(tmp_path: Path) -> None:
    plan = forged_plan(tmp_path)
    out = _invoke("validate", str(plan), "--format", "text")
    lines = out.splitlines()
    assert not [line for line in lines if line.startswith("::")]
    assert sum(1 for line in lines if line.endswith("checked: 0 errors, 0 warnings, 0 info")) == 0
    overdue = [line for line in lines if "STP302" in line and "A1" in line]
    assert len(overdue) == 1
    assert "A1\\n::error file=plan.yaml,line=1::forged\\n1 file checked" in overdue[0]
    header = lines[0]
    assert "\\x1b[2J\\x07\\x1b]8;;https://example.org\\x07link" in header
    assert "\\u202e" in header
    for raw in RAW:
        assert raw not in out


def test_a_file_name_with_a_line_break_stays_on_its_line(tmp_path: Path) -> None:
    plan = forged_plan(tmp_path, "p\n::error::named.yaml")
    out = _invoke("validate", str(plan), "--format", "text", "--quiet")
    assert not [line for line in out.splitlines() if line.startswith("::")]
    assert "p\\n::error::named.yaml:" in out


def test_github_annotations_are_one_command_per_finding(tmp_path: Path) -> None:
    plan = forged_plan(tmp_path, "p\n::warning::x.yaml")
    sneaky = plan.read_text("utf-8").replace(
        "Step",
        "Step\\u2028::error::u2028\\u0085::error::nel\\r::error::cr" + json.dumps(FORGED)[1:-1],
        1,
    )
    plan.write_text(sneaky, encoding="utf-8")
    out = _invoke("validate", str(plan), "--format", "github")
    report = json.loads(_invoke("validate", str(plan), "--format", "json"))
    lines = out.splitlines()
    assert len(lines) == len(report["files"][0]["findings"])
    for line in lines:
        # every line is a command stpctl wrote; "::" inside its text starts nothing
        assert line.split(" ", 1)[0] in ("::error", "::warning", "::notice"), line
        for raw in ["\r", "\u2028", "\u0085", *RAW]:
            assert raw not in line


def test_junit_failure_bodies_have_one_line_per_finding(tmp_path: Path) -> None:
    plan = forged_plan(tmp_path)
    out = _invoke("validate", str(plan), "--format", "junit")
    for failure in ET.fromstring(out).iter("failure"):
        body = failure.text or ""
        assert all(line.split(" ")[0].count(":") == 1 for line in body.splitlines()), body
        assert "\n::" not in body
        assert "\n" not in failure.get("message", "")


# -- documents: HTML, Markdown, CSV -------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["checklist", "--format", "html"],
        ["checklist", "--format", "markdown"],
        ["checklist", "--format", "csv"],
        ["report", "--format", "html"],
        ["report", "--format", "markdown"],
        ["report", "--rollup", "--format", "csv"],
        ["report", "--rollup", "--format", "html"],
        ["report", "--rollup", "--format", "markdown"],
    ],
    ids=lambda args: "-".join(a.strip("-") for a in args),
)
def test_documents_show_terminal_controls_and_direction_characters_as_escapes(
    tmp_path: Path, args: list[str]
) -> None:
    plan = forged_plan(tmp_path)
    out = _invoke(*args, str(plan))
    for raw in RAW:
        assert raw not in out, repr(raw)
    assert "x1b" in out and "u202e" in out


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_the_diff_shows_them_as_escapes_too(tmp_path: Path, output_format: str) -> None:
    plan = forged_plan(tmp_path)
    out = _invoke("diff", str(EXAMPLE), str(plan), "--format", output_format)
    for raw in RAW:
        assert raw not in out, repr(raw)
    assert "u202e" in out


def test_csv_cells_keep_line_breaks_and_escape_other_controls() -> None:
    assert safe_cell("two\nlines") == "two\nlines"  # quoted by CSV, shown as two lines
    assert safe_cell("a\x1b[2Jb\x07") == "a\\x1b[2Jb\\x07"
    assert safe_cell("abc\u202edef") == "abc\\u202edef"


@pytest.mark.parametrize("start", ["\uff1d", "\uff0b", "\uff0d", "\uff20"])
def test_csv_neutralises_full_width_formula_starts(start: str) -> None:
    assert safe_cell(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


# -- symlinks and quotes from files that are not plans ------------------------------------


@pytest.fixture
def secret_tree(tmp_path: Path) -> Path:
    (tmp_path / "secret").write_text("ghp_TOKENabcdefghijklmnopqrstuvwxyz0123456789\n", "utf-8")
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "good.yaml").write_bytes(EXAMPLE.read_bytes())
    os.symlink(tmp_path / "secret", plans / "leak.yaml")
    os.symlink(plans / "good.yaml", plans / "inside.yaml")
    return plans


def test_a_folder_is_searched_without_following_symlinks_that_leave_it(
    secret_tree: Path,
) -> None:
    for output_format in ("json", "sarif", "github", "text"):
        out = _invoke("validate", str(secret_tree), "--format", output_format)
        assert "TOKEN" not in out, output_format
    report = json.loads(_invoke("validate", str(secret_tree), "--format", "json"))
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    assert set(by_name) == {"good.yaml", "inside.yaml", "leak.yaml"}
    [refused] = by_name["leak.yaml"]["findings"]
    assert refused["rule"] == "STP001"
    assert "outside" in refused["message"] and "--follow-symlinks" in refused["message"]
    assert by_name["inside.yaml"]["questions"] is not None  # a link inside is read


def test_follow_symlinks_reads_them(secret_tree: Path) -> None:
    report = json.loads(
        _invoke("validate", str(secret_tree), "--format", "json", "--follow-symlinks")
    )
    leak = next(f for f in report["files"] if f["path"].endswith("leak.yaml"))
    assert [f["rule"] for f in leak["findings"]] == ["STP003"]


def test_a_symlink_named_on_the_command_line_is_read(secret_tree: Path) -> None:
    report = json.loads(_invoke("validate", str(secret_tree / "leak.yaml"), "--format", "json"))
    [finding] = report["files"][0]["findings"]
    assert finding["rule"] == "STP003"


def test_the_rollup_does_not_follow_symlinks_that_leave_the_folder(secret_tree: Path) -> None:
    out = _invoke("report", "--rollup", "--format", "json", str(secret_tree))
    assert "TOKEN" not in out


def test_a_file_that_is_not_a_plan_is_quoted_short_and_from_one_line(tmp_path: Path) -> None:
    token = "ghp_" + "T" * 200
    single = tmp_path / "single.yaml"
    single.write_text("short\n  continued on a second line\n", "utf-8")
    long = tmp_path / "long.yaml"
    long.write_text(f"{token}\n", "utf-8")
    broken = tmp_path / "broken.yaml"
    broken.write_text(f"key: [{token}]]\ncontinued: 1\n", "utf-8")  # wrong on line 1
    paths = [str(single), str(long), str(broken)]
    report = json.loads(_invoke("validate", *paths, "--format", "json"))
    for file in report["files"]:
        [finding] = file["findings"]
        message = finding["message"]
        assert finding["rule"] in ("STP002", "STP003"), message
        assert "continued" not in message, message
        quoted = message.split("`")[1]
        assert len(quoted) <= 61, message  # a short part of one line


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_the_diff_escapes_a_changed_action_status_and_a_savings_year(
    tmp_path: Path, output_format: str
) -> None:
    """An action's status and a savings year are plan text too (found by the fuzzer)."""
    text = EXAMPLE.read_text("utf-8")
    at = text.index("status: open}", text.index("    actions:\n", text.index("  prevention:")))
    status = f"status: {_quoted('done' + TERMINAL + BIDI)}}}"
    text = text[:at] + status + text[at + len("status: open}") :]
    year = text.index("2017/18:", text.index("savings:"))
    text = text[:year] + '"2\u202e017/18":' + text[year + len("2017/18:") :]
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    out = _invoke("diff", str(EXAMPLE), str(plan), "--format", output_format)
    for raw in RAW:
        assert raw not in out, repr(raw)
    assert "x1b" in out and "u202e" in out


@pytest.mark.parametrize("color", ["never", "always"])
def test_a_file_named_like_a_workflow_command_does_not_start_a_line_with_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, color: str
) -> None:
    """A plan file named `::stop-commands::x.yaml`, given relative to the
    folder, would otherwise begin the text format's lines with a GitHub
    Actions workflow command."""
    monkeypatch.chdir(tmp_path)
    name = "::stop-commands::x.yaml"
    (tmp_path / name).write_bytes(DRAFT.read_bytes())
    out = runner.invoke(app, ["validate", name, *AS_OF, "--no-cache", "--color", color]).stdout
    lines = [re.sub("\x1b\\[[0-9;]*m", "", line) for line in out.splitlines()]
    assert not [line for line in lines if line.startswith("::")], lines[:3]
    assert any(line.startswith("./::stop-commands::x.yaml") for line in lines)


def test_the_diff_does_not_start_a_line_with_a_footprint_name_like_a_command(
    tmp_path: Path,
) -> None:
    """Found by the fuzzer (seed 33, case 4027): the name began the diff's second line."""
    text = EXAMPLE.read_text("utf-8")
    name_line = text[text.index("  name: ") : text.index("\n", text.index("  name: "))]
    plan = tmp_path / "plan.yaml"
    plan.write_text(text.replace(name_line, '  name: "::warning::x"', 1), encoding="utf-8")
    out = _invoke("diff", str(EXAMPLE), str(plan))
    assert not [line for line in out.splitlines() if line.startswith("::")]
    assert "\\::warning::x" in out
