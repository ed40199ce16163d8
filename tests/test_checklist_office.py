"""``stpctl checklist --format docx|xlsx`` (issue 13, sections 1 and 2): the
checklist as a Word document and as an Excel tracker, read back with
python-docx and openpyxl and compared with golden content under
``tests/golden/checklist/`` (regenerate on purpose with
``STPCTL_UPDATE_GOLDEN=1``); the options and usage errors."""

from __future__ import annotations

import importlib.util
import io
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from office_content import compare_json, docx_content, xlsx_content
from plan_mutations import SEED_FILES, load_seed, mutate_data
from typer.testing import CliRunner

from stpctl.check.checker import Settings, analyse_bytes
from stpctl.cli import app
from stpctl.documents.checklist import build
from stpctl.render import checklist as render

pytest.importorskip("docx")
pytest.importorskip("openpyxl")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "checklist"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
SURPRISES = "tests/cases/invalid/yaml-surprises.yaml"
runner = CliRunner()


def write(args: list[str], tmp_path: Path, suffix: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.chdir(ROOT)
    target = tmp_path / f"out.{suffix}"
    result = runner.invoke(
        app, ["checklist", *args, "-f", suffix, "--as-of", "2016-06-30", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    return target.read_bytes()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft.docx.json", [DRAFT, "--marking", "OFFICIAL-SENSITIVE"]),
        ("errors.docx.json", [SURPRISES]),
    ],
)
def test_golden_word_content(
    name: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare_json(GOLDEN / name, docx_content(write(args, tmp_path, "docx", monkeypatch)), UPDATE)


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft.xlsx.json", [DRAFT]),
        ("errors-warnings.xlsx.json", [SURPRISES, "--include-warnings"]),
    ],
)
def test_golden_excel_content(
    name: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare_json(GOLDEN / name, xlsx_content(write(args, tmp_path, "xlsx", monkeypatch)), UPDATE)


def test_word_checklist_has_headings_boxes_and_the_marking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = docx_content(write([DRAFT, "--marking", "OFFICIAL"], tmp_path, "docx", monkeypatch))
    assert content["header"] == ["OFFICIAL \u00b7 DRAFT"]  # the plan is a draft
    assert content["footer_fields"] == ["PAGE", "NUMPAGES"]
    blocks = [b for b in content["body"] if "style" in b]
    headings = [b["text"] for b in blocks if b["style"] == "Heading 1"]
    assert headings[0] == "1. Prevention: answered" and headings[-1] == "Plan-level items"
    assert any(b["style"] == "Intense Quote" and "Not ready to submit" in b["text"] for b in blocks)
    items = [b["text"] for b in blocks if b["style"] == "Checklist Item"]
    assert "\u2611\tAn answer is written (not a placeholder)" in items
    # code spans lose their backticks in Word (shown in the Code style instead)
    assert not any("`" in text for text in items)
    actions = [b for b in content["body"] if "table" in b]
    assert actions and all(t["header_repeats"] for t in actions)
    assert actions[0]["table"][0] == ["Action", "Owner", "Due", "What to do", "Line"]
    assert actions[0]["table"][1][2] == "30 September 2016"  # dates in words


def test_excel_checklist_is_a_tracker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    data = write([DRAFT], tmp_path, "xlsx", monkeypatch)
    content = xlsx_content(data)["sheets"]
    assert list(content) == ["Checklist", "Actions", "To fix"]
    for sheet in content.values():
        assert sheet["frozen"] == "A2" and sheet["filter"].startswith("A1:")
    actions = content["Actions"]
    assert actions["drop_downs"] == [
        {"cells": "E2:E12", "type": "list", "list": '"open,done,dropped"'}
    ]
    assert actions["number_formats"]["D"] == "d mmm yyyy"
    book = openpyxl.load_workbook(io.BytesIO(data))
    due = book["Actions"]["D2"]
    assert due.is_date and due.value.date().isoformat() == "2016-09-30"
    rules = content["Checklist"]["conditional_formatting"]
    assert {r["formula"][0] for r in rules} >= {'"done"', '"to do"'}
    assert book["Checklist"].oddHeader.center.text == "DRAFT"
    assert book["Checklist"].oddFooter.center.text == "Page &P of &N"


HOSTILE = """\
stp_plan: 1
footprint: {name: "=HYPERLINK(\\"http://evil\\")", code: E54000019}
submission: {status: draft}
questions:
  prevention:
    status: draft
    answer: text
    owner: "+cmd|' /C calc'!A0"
    actions:
      - {id: A1, title: "@SUM(1+1)\\u0007", owner: "-2+3", due: 2016-09-30, status: open}
"""


def test_plan_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    import openpyxl

    plan = tmp_path / "plan.yaml"
    plan.write_text(HOSTILE, encoding="utf-8")
    target = tmp_path / "out.xlsx"
    result = runner.invoke(
        app, ["checklist", str(plan), "-f", "xlsx", "--as-of", "2016-06-30", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    book = openpyxl.load_workbook(target)
    [row] = list(book["Actions"].iter_rows(min_row=2))
    action, owner = row[1], row[2]
    assert action.value == "A1: @SUM(1+1)\\x07" and action.data_type == "s"
    assert owner.value == "-2+3" and owner.data_type == "s" and owner.quotePrefix
    assert all(cell.data_type != "f" for sheet in book for r in sheet.iter_rows() for cell in r)
    docx = tmp_path / "out.docx"
    result = runner.invoke(
        app, ["checklist", str(plan), "-f", "docx", "--as-of", "2016-06-30", "-o", str(docx)]
    )
    assert result.exit_code == 0, result.stderr
    assert "=HYPERLINK" in docx_content(docx.read_bytes())["body"][0]["text"]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_output_is_required_for_binary_formats(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["checklist", DRAFT, "-f", fmt])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"--format {fmt} writes a binary file; name it with --output FILE.{fmt}" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_binary_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.chdir(ROOT)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True, raising=False)
    from stpctl.cli import options

    with pytest.raises(Exception) as stopped:
        options.check_office_format("docx", Path("-"))
    assert getattr(stopped.value, "exit_code", None) == 2


@pytest.mark.parametrize(("fmt", "module"), [("docx", "docx"), ("xlsx", "openpyxl")])
def test_without_the_extra_one_line_says_how_to_install_it(
    fmt: str, module: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, *args: object) -> object:
        return None if name == module else real(name, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["checklist", DRAFT, "-f", fmt, "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert result.stderr == (
        f"stpctl: --format {fmt} needs the optional extra stpctl[{fmt}];"
        f" install it with: pip install 'stpctl[{fmt}]'\n"
    )
    assert not (tmp_path / "x").exists()


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_same_bytes_every_run(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    first = write([DRAFT], tmp_path, fmt, monkeypatch)
    time.sleep(1.1)  # the libraries stamp files with the clock, to the second
    assert write([DRAFT], tmp_path, fmt, monkeypatch) == first


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEED_FILES), st.data())
def test_half_valid_plans_still_give_word_and_excel(seed: Path, data: st.DataObject) -> None:
    def pick(n: int) -> int:
        return data.draw(st.integers(0, n - 1)) if n > 1 else 0

    raw = mutate_data(load_seed(seed), pick, steps=data.draw(st.integers(1, 6)))
    chosen = Settings(as_of=date(2016, 6, 30))
    analysis = analyse_bytes(raw, "plan.yaml", chosen)
    if analysis.data is None:
        return
    checklist = build(analysis, chosen, include_warnings=True)
    assert docx_content(render.docx(checklist, "OFFICIAL"))["header"] == [
        "OFFICIAL" + (" \u00b7 DRAFT" if checklist.submission_status == "draft" else "")
    ]
    assert "Checklist" in xlsx_content(render.xlsx(checklist))["sheets"]
