"""The shared Word and Excel plumbing (``stpctl/render/word.py``,
``excel.py``, ``office_files.py``), read back with the libraries that wrote
the files: styles, header and footer, repeating header rows, RAG cells,
frozen panes, filters, drop-downs, number formats and text kept as text."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from office_content import docx_content, xlsx_content

from stpctl.render import excel, word
from stpctl.render.office_files import looks_like_formula, xml_text

docx = pytest.importorskip("docx")
openpyxl = pytest.importorskip("openpyxl")


def small_document(marking: str | None = "OFFICIAL-SENSITIVE") -> bytes:
    document = word.WordDocument("A title", marking)
    document.title("Board report")
    document.heading("1. The ten questions", 1)
    document.heading("Triple aim", 2)
    document.paragraph("Plain words.")
    rows = [[word.Cell("1", numeric=True), "Prevention", word.Cell("Answered", rag="green")]]
    rows += [
        [word.Cell(str(n), numeric=True), "Q", word.Cell("Unanswered", rag="red")]
        for n in range(2, 60)
    ]
    document.table(["#", "Question", "Status"], rows, [1, 6, 3])
    document.check_item(False, "An owner is named", "name one")
    document.check_item(True, "An answer is written")
    return document.to_bytes()


def test_word_document_uses_real_headings_and_styles() -> None:
    content = docx_content(small_document())
    styles = [(b["style"], b["text"]) for b in content["body"] if "style" in b]
    assert ("Title", "Board report") in styles
    assert ("Heading 1", "1. The ten questions") in styles
    assert ("Heading 2", "Triple aim") in styles
    assert ("Checklist Item", "\u2610\tAn owner is named: name one") in styles
    assert ("Checklist Item", "\u2611\tAn answer is written") in styles


def test_word_header_carries_the_marking_and_the_footer_numbers_pages() -> None:
    content = docx_content(small_document())
    assert content["header"] == ["OFFICIAL-SENSITIVE"]
    assert content["footer"] == ["Page 1 of 1"]  # the fields' last shown values
    assert content["footer_fields"] == ["PAGE", "NUMPAGES"]
    assert content["page"] == {"width_cm": 21.0, "height_cm": 29.7}
    assert docx_content(small_document(None))["header"] == [""]


def test_word_table_repeats_its_header_and_colours_rag_cells_with_the_word() -> None:
    content = docx_content(small_document())
    table = next(block for block in content["body"] if "table" in block)
    assert table["header_repeats"] and table["rows_kept_whole"]
    assert table["table"][0] == ["#", "Question", "Status"]
    assert table["table"][1][2] == {"text": "Answered", "fill": "00703C", "style": "RAG Light"}
    assert table["table"][2][2] == {"text": "Unanswered", "fill": "C8102E", "style": "RAG Light"}


def test_word_file_is_the_same_bytes_every_time() -> None:
    assert small_document() == small_document()


def test_control_characters_in_plan_text_do_not_break_the_file() -> None:
    """YAML's "\\x07" in a double-quoted string is plan text python-docx and
    openpyxl would refuse; it is written out as an escape, as in every human
    format, and the rest is kept."""
    assert xml_text("bell\x07 and tab\t") == "bell\\x07 and tab\t"
    assert xml_text("C1\x85 rtl\u202e line\nend\ufffe") == "C1\\u0085 rtl\\u202e line\nend\ufffd"
    document = word.WordDocument("t")
    document.paragraph("bell\x07")
    assert any(b.get("text") == "bell\\x07" for b in docx_content(document.to_bytes())["body"])
    book = excel.ExcelBook("t")
    book.sheet("S", [excel.Column("a")], [["bell\x1b"]])
    assert xlsx_content(book.to_bytes())["sheets"]["S"]["rows"][1] == ["bell\\x1b"]


def small_workbook() -> bytes:
    book = excel.ExcelBook("Checklist")
    columns = [
        excel.Column("Action"),
        excel.Column("Status", choices=("open", "done", "dropped")),
        excel.Column("Due", excel.DATE),
        excel.Column("Residual", excel.MONEY),
        excel.Column("RAG", rag={"Unanswered": "red", "Answered": "green"}),
    ]
    rows = [
        ['=HYPERLINK("http://x")', "open", date(2016, 6, 30), 35.5, "Unanswered"],
        ["\uff1dSUM(A1)", "done", None, -2.0, "Answered"],
        ["plain", "dropped", date(2016, 9, 30), 1234.25, "Answered"],
    ]
    book.sheet("Actions: [all]", columns, rows)
    return book.to_bytes()


def test_excel_sheet_layout() -> None:
    sheet = xlsx_content(small_workbook())["sheets"]["Actions- -all-"]
    assert sheet["frozen"] == "A2"
    assert sheet["filter"] == "A1:E4"
    assert sheet["print_titles"] == "$1:$1"
    assert sheet["rows"][0] == ["Action", "Status", "Due", "Residual", "RAG"]
    assert sheet["widths"]["A"] == len('=HYPERLINK("http://x")') + 2


def test_excel_values_have_their_types() -> None:
    raw = openpyxl.load_workbook(io.BytesIO(small_workbook())).worksheets[0]
    assert raw["C2"].value == datetime(2016, 6, 30)
    assert raw["C2"].number_format == "d mmm yyyy"
    assert raw["D2"].value == 35.5 and raw["D2"].number_format == "#,##0.0"
    assert raw["D3"].value == -2.0


def test_excel_keeps_formula_like_plan_text_as_text() -> None:
    raw = openpyxl.load_workbook(io.BytesIO(small_workbook())).worksheets[0]
    assert raw["A2"].data_type == "s" and raw["A2"].value == '=HYPERLINK("http://x")'
    assert raw["A2"].quotePrefix and raw["A3"].quotePrefix
    assert not raw["A4"].quotePrefix
    assert all(looks_like_formula(t) for t in ("=1", "+1", "-1", "@A", "\t=1", "\r=1", "\uff0b1"))
    assert not looks_like_formula("plain")


def test_excel_drop_down_and_conditional_formatting() -> None:
    sheet = xlsx_content(small_workbook())["sheets"]["Actions- -all-"]
    assert sheet["drop_downs"] == [
        {"cells": "B2:B4", "type": "list", "list": '"open,done,dropped"'}
    ]
    rules = sheet["conditional_formatting"]
    assert {(r["cells"], r["formula"][0], r["fill"][-6:]) for r in rules} == {
        ("E2:E4", '"Unanswered"', "FFC7CE"),
        ("E2:E4", '"Answered"', "C6EFCE"),
    }


def test_excel_file_is_the_same_bytes_every_time() -> None:
    assert small_workbook() == small_workbook()


def test_a_title_longer_than_a_document_property_holds_is_cut_there_only() -> None:
    """A footprint name of 300 characters (found by the fuzzer, seed 34 case
    5942): python-docx refuses a core property over 255 characters."""
    from docx import Document

    title = "N" * 300
    document = word.WordDocument(title)
    document.title(title)
    read = Document(io.BytesIO(document.to_bytes()))
    assert read.core_properties.title == "N" * 255
    assert any(paragraph.text == title for paragraph in read.paragraphs)
