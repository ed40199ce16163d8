"""The roll-up as an Excel workbook (``stpctl report --rollup --format xlsx``).

Written with the shared ``ExcelBook`` (``render/excel.py``: a frozen,
filtered header row repeated on printed pages, fitted widths, numbers and
dates of the right type, RAG by conditional formatting on the word, plan
text kept as text), from the same tables as every other format
(``rollup_view``).  One sheet per part: Totals (the region subtotals and the
country's row), Plans, Questions by footprint, Finance, Without a plan, Not
read (when a file could not be read), and About (the as-of date, a real
date, the totals in words and what produced the workbook).

In the questions sheet the ten question columns are narrow, one letter
wide, with their titles turned on their side in the header row.
"""

from __future__ import annotations

from typing import Any

from stpctl.documents.rollup import Rollup
from stpctl.render import rollup_view
from stpctl.render.rollup_view import Table

SHEET_TITLES = {
    "regions": "Totals",
    "plans": "Plans",
    "questions": "Questions by footprint",
    "finance": "Finance",
    "unplanned": "Without a plan",
    "not_read": "Not read",
}
QUESTION_WIDTH = 5  # characters: one letter
QUESTION_HEADER_HEIGHT = 110  # points: the longest title on its side
SENTENCE_WIDTH = 100  # characters: the About sheet's sentences


def render(rollup: Rollup, pack_name: str, marking: str | None = None) -> bytes:
    from stpctl.render.excel import DATE, ExcelBook
    from stpctl.render.excel import Column as SheetColumn

    book = ExcelBook(rollup_view.title(rollup), marking)
    for table in rollup_view.tables(rollup):
        sheet = book.sheet(SHEET_TITLES[table.key], *_columns_and_rows(table))
        if any(column.question for column in table.columns):
            _narrow_questions(sheet, table)
        if table.total:
            _bold_last_row(sheet)
    about = [
        ("Roll-up", rollup_view.title(rollup)),
        ("As of", rollup.as_of),
        ("Guidance pack", pack_name),
        ("Sorted by", rollup_view.SORT_WORDS[rollup.order]),
        *(("Note", note) for note in rollup_view.notes(rollup)),
        *(("Totals", line) for line in rollup_view.totals_lines(rollup)),
        ("Produced by", rollup_view.footer(rollup, pack_name)),
    ]
    sheet = book.sheet("About", [SheetColumn("About"), SheetColumn("", DATE, wrap=True)], about)
    _widen_sentences(sheet, [str(value) for _, value in about])
    return book.to_bytes()


def _columns_and_rows(table: Table) -> tuple[list[Any], list[list[object]]]:
    """The shared sheet's columns (each with the kind of value it holds and
    the RAG words it colours) and rows (the total row last)."""
    from stpctl.render.excel import INTEGER, MONEY, PERCENT, TEXT
    from stpctl.render.excel import Column as SheetColumn

    rows = [*table.rows, *([table.total] if table.total else [])]
    columns = []
    for index, column in enumerate(table.columns):
        cells = [row[index] for row in rows]
        if any(cell.money for cell in cells):
            kind = MONEY
        elif any(cell.text.endswith("%") and cell.number for cell in cells):
            kind = PERCENT
        elif column.number:
            kind = INTEGER
        else:
            kind = TEXT
        rag = {cell.text: cell.rag for cell in cells if cell.rag}
        columns.append(SheetColumn(column.title, kind, rag=rag, wrap=column.wide))
    values = [[_value(cell) for cell in row] for row in rows]
    return columns, values


def _value(cell: rollup_view.Cell) -> object:
    """A number stays a number; a dash (nothing to show) is an empty cell;
    anything else is the text the other formats show."""
    if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool):
        return cell.value
    if cell.text in ("", rollup_view.DASH):
        return None
    return cell.text


def _widen_sentences(sheet: Any, texts: list[str]) -> None:
    """The About sheet's second column holds a date and sentences: the shared
    sheet sizes it for the date, so give it the room of a line of text and
    the rows the height of what then wraps."""
    from stpctl.render.excel import LINE_HEIGHT, wrapped_lines

    sheet.column_dimensions["B"].width = SENTENCE_WIDTH
    for row, text in enumerate(texts, start=2):
        lines = wrapped_lines(text, SENTENCE_WIDTH)
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines if lines > 1 else None


def _bold_last_row(sheet: Any) -> None:
    """The total row (the country's, or "Red in") in bold, as in the other formats."""
    from openpyxl.styles import Font

    for cell in sheet[sheet.max_row]:
        cell.font = Font(name="Calibri", bold=True)


def _narrow_questions(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter

    for index, column in enumerate(table.columns, start=1):
        if not column.question:  # level with the titles on their side
            sheet.cell(row=1, column=index).alignment = Alignment(vertical="bottom", wrap_text=True)
            continue
        sheet.column_dimensions[get_column_letter(index)].width = QUESTION_WIDTH
        sheet.cell(row=1, column=index).alignment = Alignment(
            text_rotation=90, vertical="bottom", horizontal="center", wrap_text=True
        )
        for row in range(2, sheet.max_row + 1):
            sheet.cell(row=row, column=index).alignment = Alignment(horizontal="center")
    sheet.row_dimensions[1].height = QUESTION_HEADER_HEIGHT
