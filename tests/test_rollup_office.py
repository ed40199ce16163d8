"""The roll-up in Excel and Word (issue 13, section 5), read back with the
library that wrote it: golden *content* (text, tables, styles) compared with
a committed JSON file, and what each format promises checked one by one.
Opening them with a real office program is the last test, skipped where
LibreOffice is not installed."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from test_report import AS_OF, GOLDEN, ROOT, UPDATE, invoke

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")

CASES = "tests/cases/rollup"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def written(fmt: str, monkeypatch: pytest.MonkeyPatch, *paths: str) -> bytes:
    result = invoke([*(paths or ("examples", CASES)), "--rollup", "-f", fmt, *AS_OF], monkeypatch)
    assert result.exit_code in (0, 1), result.stderr
    data: bytes = result.stdout_bytes
    return data


def compare_json(name: str, content: Any) -> None:
    path = GOLDEN / name
    text = json.dumps(content, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert json.loads(text) == json.loads(path.read_text("utf-8"))


# -- Excel ----------------------------------------------------------------------------


def workbook_content(data: bytes) -> dict[str, Any]:
    book = openpyxl.load_workbook(io.BytesIO(data))
    content: dict[str, Any] = {}
    for sheet in book.worksheets:
        rules = []
        for ranges in sheet.conditional_formatting:
            for rule in ranges.rules:
                rules.append([str(ranges.sqref), rule.formula[0], rule.dxf.fill.fgColor.rgb])
        content[sheet.title] = {
            "rows": [
                [_shown(cell) for cell in row] for row in sheet.iter_rows(max_col=sheet.max_column)
            ],
            "formats": sorted(
                {cell.number_format for row in sheet.iter_rows() for cell in row} - {"General"}
            ),
            "freeze": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "print_titles": sheet.print_title_rows,
            "landscape": sheet.page_setup.orientation == "landscape",
            "rag_rules": sorted(rules),
        }
    return content


def _shown(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, datetime):
        return value.date().isoformat()
    return value


def test_golden_xlsx_content(monkeypatch: pytest.MonkeyPatch) -> None:
    compare_json("rollup.xlsx.json", workbook_content(written("xlsx", monkeypatch)))


def test_xlsx_sheets_and_what_each_promises(monkeypatch: pytest.MonkeyPatch) -> None:
    book = openpyxl.load_workbook(io.BytesIO(written("xlsx", monkeypatch)))
    assert book.sheetnames == [
        "Totals",
        "Plans",
        "Questions by footprint",
        "Finance",
        "Without a plan",
        "Not read",
    ]
    plans = book["Plans"]
    assert plans.freeze_panes == "C2" and plans.auto_filter.ref == "A1:I10"
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
    fills = {
        rule.formula[0]: rule.dxf.fill.fgColor.rgb
        for ranges in finance.conditional_formatting
        for rule in ranges.rules
    }
    assert fills['"Amber"'].endswith("FFB81C") and fills['"Red"'].endswith("C8102E")
    # The as-of date is a real date.
    totals = book["Totals"]
    dates = [c.value for row in totals.iter_rows() for c in row if isinstance(c.value, datetime)]
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
    assert cell.data_type == "s"  # stored as text, never a formula
    assert cell.value == '=HYPERLINK("http://evil","x")'  # a control character left out


# -- Word -----------------------------------------------------------------------------


def document_content(data: bytes) -> dict[str, Any]:
    document = docx.Document(io.BytesIO(data))
    body: list[Any] = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{W}p":
            paragraph = docx.text.paragraph.Paragraph(block, document)
            if paragraph.text:
                body.append([paragraph.style.name, paragraph.text])
        elif block.tag == f"{W}tbl":
            table = docx.table.Table(block, document)
            body.append({"table": [[_cell(cell) for cell in row.cells] for row in table.rows]})
    section = document.sections[0]
    footer = section.footer.paragraphs[0]
    return {
        "body": body,
        "landscape": section.page_width > section.page_height,
        "footer": [
            element.text.strip() for element in footer._p.iter(f"{W}instrText") if element.text
        ],
    }


def _cell(cell: Any) -> str:
    """The text, with the fill colour after it for a shaded cell."""
    shading = cell._tc.tcPr.find(f"{W}shd") if cell._tc.tcPr is not None else None
    fill = f" [{shading.get(W + 'fill')}]" if shading is not None else ""
    return f"{cell.text}{fill}"


def test_golden_docx_content(monkeypatch: pytest.MonkeyPatch) -> None:
    compare_json("rollup.docx.json", document_content(written("docx", monkeypatch)))


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
    assert amber.paragraphs[0].style.name == "Roll-up table"


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
