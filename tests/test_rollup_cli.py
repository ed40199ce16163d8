"""``stpctl report``: the roll-up's options (``--sort``), many plans at once
(``--output-dir``), plans not read said on stderr, the office extras, and
``diff`` warning about two different footprints (issue 13, sections 5-7)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from test_report import AS_OF, ROOT, compare, invoke
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.files.report_names import report_names, safe_stem

CASES = "tests/cases/rollup"
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


# -- --sort ---------------------------------------------------------------------------


@pytest.mark.parametrize("order", ["code", "name", "region", "worst"])
def test_golden_rollup_of_the_small_cases_in_each_order(
    order: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke([CASES, "--rollup", "--sort", order, *AS_OF], monkeypatch)
    assert result.exit_code == 1  # unreadable.yaml
    compare(f"rollup-cases-{order}.md", result.stdout_bytes)


@pytest.mark.parametrize(("fmt", "suffix"), [("html", "html"), ("json", "json"), ("csv", "csv")])
def test_golden_rollup_of_the_small_cases_worst_first(
    fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    result = invoke([CASES, "--rollup", "--sort", "worst", "-f", fmt, *AS_OF], monkeypatch)
    assert result.exit_code == 1
    compare(f"rollup-cases-worst.{suffix}", result.stdout_bytes)


def test_json_says_the_order_and_keeps_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([CASES, "--rollup", "--sort", "name", "-f", "json", *AS_OF], monkeypatch)
    doc = json.loads(result.stdout)
    assert doc["sort"] == "name"
    first = doc["footprints"][0]
    assert (first["file"], first["path"]) == ("south-draft.yaml", f"{CASES}/south-draft.yaml")
    assert doc["totals"]["footprints_without_plan"] == 40
    assert len(doc["without_plan"]) == 40
    assert [r["region"] for r in doc["regions"]] == [
        "London",
        "Midlands and East",
        "North",
        "South",
    ]


def test_sort_needs_a_rollup(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["examples/north-west-london.yaml", "--sort", "worst", *AS_OF], monkeypatch)
    assert result.exit_code == 2 and "--sort" in result.stderr and "--rollup" in result.stderr


def test_an_unknown_sort_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["examples", "--rollup", "--sort", "size"], monkeypatch)
    assert result.exit_code == 2


# -- plans not read: listed, and why on stderr ---------------------------------------


def test_a_rollup_says_on_stderr_why_a_plan_was_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([CASES, "--rollup", *AS_OF], monkeypatch)
    assert result.exit_code == 1
    assert "## Files not read" in result.stdout
    assert f"{CASES}/unreadable.yaml:3:1: error STP002 YAML syntax error" in result.stderr
    assert f"stpctl: {CASES}/unreadable.yaml was not read" in result.stderr
    clean = invoke(["examples", "--rollup", *AS_OF], monkeypatch)
    assert clean.exit_code == 0 and clean.stderr == ""


# -- --output-dir ---------------------------------------------------------------------


EXAMPLE_REPORTS = [
    "E54000019-herefordshire-and-worcestershire-draft",
    "E54000019-herefordshire-and-worcestershire",
    "E54000027",
    "E54000029",
]


@pytest.mark.parametrize(("fmt", "suffix"), [("html", "html"), ("markdown", "md")])
def test_output_dir_writes_a_report_per_plan_and_the_index(
    fmt: str, suffix: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    result = invoke(["examples", "--output-dir", str(out), "-f", fmt, *AS_OF], monkeypatch)
    assert result.exit_code == 0, result.stderr
    names = [f"{stem}.{suffix}" for stem in EXAMPLE_REPORTS]
    assert sorted(p.name for p in out.iterdir()) == sorted([*names, f"index.{suffix}"])
    assert [Path(line).name for line in result.stdout.splitlines()] == [*names, f"index.{suffix}"]
    # Each report is the one `report PLAN` writes; the index is the roll-up, linking to them.
    alone = invoke(["examples/north-west-london.yaml", "-f", fmt, *AS_OF], monkeypatch)
    assert (out / f"E54000027.{suffix}").read_bytes() == alone.stdout_bytes
    index = (out / f"index.{suffix}").read_text("utf-8")
    link = '<a href="E54000027.html">' if fmt == "html" else "(E54000027.md)"
    assert link in index and "Footprints without a plan" in index


def test_golden_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    result = invoke(["examples", "--output-dir", str(out), *AS_OF], monkeypatch)
    assert result.exit_code == 0
    compare("index.md", (out / "index.md").read_bytes())


def test_output_dir_with_a_plan_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    result = invoke([CASES, "--output-dir", str(out), "-f", "html", *AS_OF], monkeypatch)
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "E54000020.html",
        "E54000027.html",
        "E54000037.html",
        # A plan giving the old code and one giving the new are one footprint.
        "E54000046-north-new-code.html",
        "E54000046-north-old-code.html",
        "index.html",
    ]
    assert "unreadable.yaml" in (out / "index.html").read_text("utf-8")
    assert "STP002" in result.stderr and "unreadable.yaml was not read" in result.stderr


def test_output_dir_leaves_other_files_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", "utf-8")
    (out / "E54000027.md").write_text("old", "utf-8")
    result = invoke(["examples", "--output-dir", str(out), *AS_OF], monkeypatch)
    assert result.exit_code == 0
    assert (out / "notes.txt").read_text("utf-8") == "mine"
    assert (out / "E54000027.md").read_text("utf-8").startswith("# ")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--output-dir", "OUT", "-f", "json"], "html, markdown or docx, not json"),
        (["--output-dir", "OUT", "-f", "csv"], "not csv"),
        (["--output-dir", "OUT", "-o", "x.md"], "cannot be used together"),
        (["--output-dir", "missing/OUT"], "does not exist"),
    ],
)
def test_output_dir_usage_errors(
    args: list[str], said: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = [str(tmp_path / a) if "OUT" in a else a for a in args]
    result = invoke(["examples", *args, *AS_OF], monkeypatch)
    assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / "OUT").exists()


def test_output_dir_that_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "out").write_text("x", "utf-8")
    result = invoke(["examples", "--output-dir", str(tmp_path / "out"), *AS_OF], monkeypatch)
    assert result.exit_code == 2 and "is not a folder" in result.stderr


def test_output_dir_never_writes_over_a_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "E54000027.md"  # a plan named like its report, read as YAML
    shutil.copy(ROOT / "examples" / "north-west-london.yaml", tmp_path / "plan.yaml")
    plan.symlink_to(tmp_path / "plan.yaml")
    before = (tmp_path / "plan.yaml").read_bytes()
    result = invoke(
        [str(tmp_path / "plan.yaml"), "--output-dir", str(tmp_path), *AS_OF], monkeypatch
    )
    assert result.exit_code == 2 and "input files" in result.stderr
    assert (tmp_path / "plan.yaml").read_bytes() == before


def test_output_dir_writes_word_reports_and_a_word_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from docx import Document

    out = tmp_path / "out"
    args = ["examples", "--output-dir", str(out), "-f", "docx", "--marking", "OFFICIAL"]
    result = invoke([*args, "--no-appendix", *AS_OF], monkeypatch)
    assert result.exit_code == 0, result.stderr
    written = sorted(p.name for p in out.iterdir())
    assert "index.docx" in written and "E54000027.docx" in written
    report = Document(str(out / "E54000027.docx"))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "North West London" in text
    assert "Appendix" not in text
    assert "OFFICIAL" in report.sections[0].header.paragraphs[0].text
    index = Document(str(out / "index.docx"))
    assert "OFFICIAL" in index.sections[0].header.paragraphs[0].text


def test_xlsx_needs_the_rollup(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["examples/north-west-london.yaml", "-f", "xlsx"], monkeypatch)
    assert result.exit_code == 2 and "add --rollup" in result.stderr


# -- report names ---------------------------------------------------------------------


def test_report_names_come_from_the_code_and_stay_unique() -> None:
    plans: list[tuple[str | None, str]] = [
        ("E54000019", "a/hw-draft.yaml"),
        ("E54000019", "a/hw.yaml"),
        ("E54000027", "nwl.yaml"),
        (None, "no-code.yaml"),
        ("../../etc/passwd", "evil.yaml"),  # plan text: never a path
        (None, "index.yaml"),  # index is the roll-up's
        ("E54000019", "b/hw.yaml"),  # same code and stem as a/hw.yaml
        (None, "NO-CODE.yml"),  # differs only in case
    ]
    assert report_names(plans, "html") == [
        "E54000019-hw-draft.html",
        "E54000019-hw.html",
        "E54000027.html",
        "no-code.html",
        "evil.html",
        "index-2.html",
        "E54000019-hw-2.html",
        "NO-CODE-2.html",
    ]


def test_safe_stems() -> None:
    assert safe_stem("../x y") == "x-y"
    assert safe_stem("...") == "plan"
    assert safe_stem(".hidden") == "hidden"
    assert len(safe_stem("a" * 500)) == 100


# -- the office extras ----------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "extra"), [("xlsx", "xlsx"), ("docx", "docx")])
def test_a_missing_extra_says_how_to_install_it(
    fmt: str, extra: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec

    def hidden(name: str, *args: Any) -> Any:
        return None if name in ("docx", "openpyxl") else real(name, *args)

    monkeypatch.setattr(importlib.util, "find_spec", hidden)
    result = invoke(["examples", "--rollup", "-f", fmt, "-o", "x." + fmt, *AS_OF], monkeypatch)
    assert result.exit_code == 2
    assert result.stderr == (
        f"stpctl: --format {fmt} needs the optional extra stpctl[{extra}];"
        f" install it with: pip install 'stpctl[{extra}]'\n"
    )
    assert not (ROOT / f"x.{fmt}").exists()


def test_help_and_version_do_not_import_the_office_libraries() -> None:
    code = (
        "import sys\n"
        "from stpctl.cli import app\n"
        "for args in (['--version'], ['report', '--help'], ['--help']):\n"
        "    try:\n"
        "        app(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('docx', 'openpyxl') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert done.stdout.splitlines()[-1] == "[]"


# -- diff -----------------------------------------------------------------------------


def diff(*args: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.chdir(ROOT)
    return runner.invoke(app, ["diff", *args, *AS_OF])


def test_diff_warns_when_the_plans_are_different_footprints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    result = diff(
        "examples/north-west-london.yaml",
        "examples/north-east-london.yaml",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 0  # a warning, not a failure
    assert result.stderr == (
        "stpctl: warning: the plans are for different footprints:"
        " examples/north-west-london.yaml is North West London (E54000027),"
        " examples/north-east-london.yaml is North East London (E54000029);"
        " diff compares two versions of one footprint's plan\n"
    )
    assert result.stdout  # the diff is still written
    with_exit = runner.invoke(
        app,
        [
            "diff",
            "examples/north-west-london.yaml",
            "examples/north-east-london.yaml",
            "--exit-code",
            *AS_OF,
        ],
    )
    assert with_exit.exit_code == 1  # they differ, as without the warning


def test_diff_of_one_footprint_says_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    result = diff(
        "examples/herefordshire-and-worcestershire-draft.yaml",
        "examples/herefordshire-and-worcestershire.yaml",
        monkeypatch=monkeypatch,
    )
    assert result.exit_code == 0 and result.stderr == ""


def test_diff_across_a_recoding_is_one_footprint(monkeypatch: pytest.MonkeyPatch) -> None:
    result = diff(
        f"{CASES}/north-old-code.yaml", f"{CASES}/north-new-code.yaml", monkeypatch=monkeypatch
    )
    assert result.exit_code == 0 and result.stderr == ""


def test_diff_without_codes_compares_names(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "examples" / "north-west-london.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("code: E54000027", "code: E54000099"), "utf-8")
    (tmp_path / "b.yaml").write_text(text.replace("  code: E54000027\n", ""), "utf-8")
    result = diff(str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), monkeypatch=monkeypatch)
    assert result.stderr == ""  # one has no code, and the names agree


# -- print layout ---------------------------------------------------------------------


def test_printed_rows_stay_whole_and_headers_repeat(monkeypatch: pytest.MonkeyPatch) -> None:
    html = invoke(["examples", "--rollup", "-f", "html", *AS_OF], monkeypatch).stdout
    assert "thead { display: table-header-group; }" in html
    assert "tr, td, th { break-inside: avoid; page-break-inside: avoid; }" in html
    # A table's heading and note never stay behind at the foot of a page.
    assert "p.lead { break-after: avoid; page-break-after: avoid; }" in html
    assert html.count('<p class="muted lead">') == html.count("<table") == 5
    assert html.count("<thead>") == 5
    # The file column is the file name: a row is one line tall for it.
    assert "<td>north-west-london.yaml</td>" in html and "<td>examples/" not in html
