"""The roll-up in Excel and Word (issue 13, section 5), read back with the
library that wrote it: golden *content* (text, tables, styles) compared with
a committed JSON file, and what each format promises checked one by one.
Opening them with a real office program is the last test, skipped where
LibreOffice is not installed."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from office_content import compare_json, docx_content, xlsx_content
from test_report import AS_OF, GOLDEN, ROOT, UPDATE, invoke

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

CASES = "tests/cases/rollup"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def written(fmt: str, monkeypatch: pytest.MonkeyPatch, *paths: str) -> bytes:
    args = [*(paths or ("examples", CASES)), "--rollup", "-f", fmt, "-o", "-", *AS_OF]
    result = invoke(args, monkeypatch)
    assert result.exit_code in (0, 1), result.stderr
    data: bytes = result.stdout_bytes
    return data


# -- Excel ----------------------------------------------------------------------------


def test_golden_xlsx_content(monkeypatch: pytest.MonkeyPatch) -> None:
    content = xlsx_content(written("xlsx", monkeypatch))
    compare_json(GOLDEN / "rollup.xlsx.json", content, UPDATE)


def test_xlsx_sheets_and_what_each_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.load_workbook(io.BytesIO(written("xlsx", monkeypatch)))
    assert book.sheetnames == [
        "Totals",
        "Plans",
        "Questions by footprint",
        "Finance",
        "Without a plan",
        "Not read",
        "About",
    ]
    plans = book["Plans"]
    assert plans.freeze_panes == "A2" and plans.auto_filter.ref == "A1:I10"
    assert plans.print_title_rows == "$1:$1"
    assert [c.value for c in plans[1]] == [
        "Code",
        "Footprint",
        "Region",
        "Status",
        "Complete",
        "Errors",
        "Warnings",
        "Top finding",
        "File",
    ]
    # Numbers are numbers with a format, not text.
    draft = plans[2]
    assert (draft[4].value, draft[4].number_format) == (0.5, "0%")
    assert draft[6].value == 23 and isinstance(draft[6].value, int)
    finance = book["Finance"]
    residual = finance.cell(row=2, column=4)
    assert (residual.value, residual.number_format) == (35.5, "#,##0.0")
    # RAG: the word in the cell, and a fill from conditional formatting.
    assert finance.cell(row=2, column=8).value == "Amber"
    words = {rule.formula[0] for ranges in finance.conditional_formatting for rule in ranges.rules}
    assert {'"Amber"', '"Red"', '"Green"'} <= words
    matrix = book["Questions by footprint"]
    assert matrix.cell(row=2, column=3).value == "G"
    assert matrix.cell(row=1, column=3).alignment.text_rotation == 90
    # The as-of date is a real date.
    about = book["About"]
    dates = [c.value for row in about.iter_rows() for c in row if isinstance(c.value, datetime)]
    assert [d.date().isoformat() for d in dates] == ["2016-06-30"]
    # Column widths fit: a wide text column is wider than a count's.
    assert plans.column_dimensions["H"].width > plans.column_dimensions["F"].width


def test_xlsx_keeps_formula_like_plan_text_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (ROOT / "examples" / "north-east-london.yaml").read_text("utf-8")
    # YAML's own escapes: quotes inside, and a control character a workbook cannot hold.
    text = text.replace(
        "  name: North East London\n",
        '  name: "=HYPERLINK(\\"http://evil\\",\\"x\\")\\x01"\n',
        1,
    )
    (tmp_path / "hostile.yaml").write_text(text, "utf-8")
    book = openpyxl.load_workbook(io.BytesIO(written("xlsx", monkeypatch, str(tmp_path))))
    cell = book["Plans"].cell(row=2, column=2)
    assert cell.data_type == "s" and cell.quotePrefix  # stored as text, never a formula
    assert cell.value == '=HYPERLINK("http://evil","x")\\x01'  # the control character shown


# -- Word -----------------------------------------------------------------------------


def test_golden_docx_content(monkeypatch: pytest.MonkeyPatch) -> None:
    content = docx_content(written("docx", monkeypatch))
    compare_json(GOLDEN / "rollup.docx.json", content, UPDATE)


def test_docx_headings_tables_and_rag(monkeypatch: pytest.MonkeyPatch) -> None:
    document = docx.Document(io.BytesIO(written("docx", monkeypatch)))
    headings = [(p.style.name, p.text) for p in document.paragraphs if "Heading" in p.style.name]
    assert headings == [
        ("Heading 1", "Totals"),
        ("Heading 1", "Totals by region"),
        ("Heading 1", "Plans"),
        ("Heading 1", "Which question is red where"),
        ("Heading 1", "Finance"),
        ("Heading 1", "Footprints without a plan"),
        ("Heading 1", "Files not read"),
    ]
    assert document.paragraphs[0].style.name == "Title"
    assert len(document.tables) == 6
    for table in document.tables:
        header = table.rows[0]._tr.trPr
        assert header.find(f"{W}tblHeader") is not None  # repeats on every page
        assert all(row._tr.trPr.find(f"{W}cantSplit") is not None for row in table.rows)
    finance = document.tables[3]
    assert [c.text for c in finance.rows[0].cells][-1] == "Financial balance RAG"
    amber = finance.rows[1].cells[-1]
    assert amber.text == "Amber"
    assert amber._tc.tcPr.find(f"{W}shd").get(f"{W}fill") == "FFB81C"
    assert amber.paragraphs[0].style.name == "RAG Dark"
    section = document.sections[0]
    assert section.page_width > section.page_height  # landscape


# -- a real office program ------------------------------------------------------------


@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice (soffice) is not installed; CI's fresh machine has none",
)
def test_libreoffice_opens_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for fmt in ("docx", "xlsx"):
        (tmp_path / f"rollup.{fmt}").write_bytes(written(fmt, monkeypatch))
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own, not the user's
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            str(tmp_path / "rollup.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert (tmp_path / "pdf" / "rollup.pdf").stat().st_size > 10_000, done.stderr
    done = subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76",  # comma, quote, UTF-8
            "--outdir",
            str(tmp_path / "csv"),
            str(tmp_path / "rollup.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    first_sheet = (tmp_path / "csv" / "rollup.csv").read_text("utf-8")
    assert first_sheet.startswith("Region,Plans,Footprints"), done.stderr
    assert "England,9,6,38" in first_sheet
