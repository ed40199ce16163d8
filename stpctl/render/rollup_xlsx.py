"""The roll-up as an Excel workbook (``stpctl report --rollup --format xlsx``).

Built with openpyxl (the ``stpctl[xlsx]`` extra), imported only when this
format is asked for.  One sheet per part, from the same tables as the other
formats (``rollup_view``): Totals (the region subtotals, the country's row
and the totals in words), Plans, Questions by footprint, Finance, Without a
plan, and Not read when a file could not be read.

Every data sheet has its header in row 1, frozen, with a filter over the
data, column widths that fit the text (free text wraps), and prints in
landscape on A4, one page wide, the header row on every page.  Figures are
numbers with a number format (money ``#,##0.0``, percentages ``0%``), the
as-of date a real date.  RAG cells carry the word or letter *and* a fill
from conditional formatting, so a changed cell recolours itself.  Plan text
is always stored as text: a name beginning with ``=`` is shown, never run as
a formula (the CSV rule), and characters a workbook cannot hold are left out.
"""

from __future__ import annotations

import io
from typing import Any

from stpctl.documents.rollup import Rollup
from stpctl.render import rollup_view
from stpctl.render.rollup_view import Cell, Table

SHEET_TITLES = {
    "regions": "Totals",
    "plans": "Plans",
    "questions": "Questions by footprint",
    "finance": "Finance",
    "unplanned": "Without a plan",
    "not_read": "Not read",
}
# Fills for RAG cells (the NHS identity colours the HTML uses) and their text colour.
FILLS = {
    "red": ("C8102E", "FFFFFF"),
    "amber": ("FFB81C", "212B32"),
    "green": ("00703C", "FFFFFF"),
    "grey": ("E8EDEE", "212B32"),
}
MONEY_FORMAT = "#,##0.0"
PERCENT_FORMAT = "0%"
DATE_FORMAT = "d mmmm yyyy"
WIDE_COLUMN = 60  # characters: wider text wraps
NARROW_COLUMN = 6
SENTENCE_CHARACTERS = 150  # about what fits across the Totals table
MAX_CELL = 32_000  # Excel holds at most 32,767 characters in a cell


def render(rollup: Rollup, pack_name: str) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in rollup_view.tables(rollup):
        sheet = book.create_sheet(SHEET_TITLES[table.key])
        _table(sheet, table)
        if table.key == "regions":
            _totals_in_words(sheet, rollup, pack_name, len(table.rows) + 3)
    book.properties.title = rollup_view.title(rollup)
    book.properties.creator = "stpctl"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _table(sheet: Any, table: Table) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    header_fill = PatternFill("solid", fgColor="F0F4F5")
    for index, column in enumerate(table.columns, 1):
        cell = sheet.cell(row=1, column=index, value=_text(column.title))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="bottom",
            horizontal="center" if column.question else None,
            text_rotation=90 if column.question else 0,
        )
    for number, row in enumerate(table.rows, 2):
        _row(sheet, table, number, row, bold=False)
    last = len(table.rows) + 1
    if table.total:
        _row(sheet, table, last + 1, table.total, bold=True)
    sheet.freeze_panes = "C2" if table.key in ("plans", "questions", "finance") else "B2"
    if table.rows:
        sheet.auto_filter.ref = f"A1:{_letter(len(table.columns))}{last}"
    _widths(sheet, table)
    _rag_formatting(sheet, table, last + (1 if table.total else 0))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"


def _row(sheet: Any, table: Table, number: int, cells: tuple[Cell, ...], bold: bool) -> None:
    from openpyxl.styles import Alignment, Font

    for index, (cell, column) in enumerate(zip(cells, table.columns, strict=True), 1):
        target = sheet.cell(row=number, column=index)
        value = cell.value
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            target.value = value
            if cell.money:
                target.number_format = MONEY_FORMAT
            elif cell.text.endswith("%"):
                target.number_format = PERCENT_FORMAT
        elif cell.text in ("", rollup_view.DASH) and value is None:
            target.value = None  # an empty cell filters and sums as empty
        else:
            target.value = _text(cell.text)
            target.data_type = "s"  # text, even when it looks like a formula
        target.alignment = Alignment(
            wrap_text=column.wide,
            vertical="top",
            horizontal="center" if column.question else None,
        )
        if bold or cell.flag:
            target.font = Font(bold=True, color="C8102E" if cell.flag and not bold else None)


def _text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("", value))[:MAX_CELL]


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index))


def _widths(sheet: Any, table: Table) -> None:
    for index, column in enumerate(table.columns, 1):
        texts = [
            column.title if not column.question else "",
            *(r[index - 1].text for r in table.rows),
        ]
        if table.total:
            texts.append(table.total[index - 1].text)
        longest = max((len(text) for text in texts), default=0)
        if column.question:
            width = NARROW_COLUMN  # one letter; the title wraps in the header
        elif column.wide:
            width = min(max(longest, 12), WIDE_COLUMN)
        else:
            width = min(max(longest, NARROW_COLUMN), 30)
        sheet.column_dimensions[_letter(index)].width = width + 2
    if any(column.question for column in table.columns):
        sheet.row_dimensions[1].height = 110  # question titles turned on their side
    for number, row in enumerate(table.rows, 2):
        # Rows of wrapped text get their height here: not every program sizes them.
        lines = max(
            (
                -(-len(cell.text) // (WIDE_COLUMN - 10))
                for cell, column in zip(row, table.columns, strict=True)
                if column.wide
            ),
            default=1,
        )
        if lines > 1:
            sheet.row_dimensions[number].height = 15 * lines


def _rag_formatting(sheet: Any, table: Table, last: int) -> None:
    """A fill for each RAG word or letter, by conditional formatting, over
    the columns that hold them."""
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    for index in range(1, len(table.columns) + 1):
        words = {(r[index - 1].text, r[index - 1].rag) for r in table.rows if r[index - 1].rag}
        if not words:
            continue
        letter = _letter(index)
        for text, colour in sorted(words, key=lambda pair: pair[0]):
            assert colour is not None
            fill, ink = FILLS[colour]
            sheet.conditional_formatting.add(
                f"{letter}2:{letter}{max(last, 2)}",
                CellIsRule(
                    operator="equal",
                    formula=[_formula_text(text)],
                    fill=PatternFill("solid", fgColor=fill, bgColor=fill),
                    font=Font(bold=True, color=ink),
                ),
            )


def _formula_text(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _totals_in_words(sheet: Any, rollup: Rollup, pack_name: str, first: int) -> None:
    """Below the region table: the as-of date (a real date), the totals in
    words, and what produced the workbook."""
    from openpyxl.styles import Alignment, Font

    sheet.cell(row=first, column=1, value="As of").font = Font(bold=True)
    day = sheet.cell(row=first, column=2, value=rollup.as_of)
    day.number_format = DATE_FORMAT
    sheet.merge_cells(start_row=first, start_column=2, end_row=first, end_column=5)
    lines = [rollup_view.title(rollup), *rollup_view.notes(rollup)]
    lines += [*rollup_view.totals_lines(rollup), rollup_view.footer(rollup, pack_name)]
    columns = sheet.max_column
    for offset, line in enumerate(lines, 1):
        number = first + offset
        cell = sheet.cell(row=number, column=1, value=_text(line))
        cell.data_type = "s"
        # Across the table's width and wrapped, so the sheet prints one page wide.
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=columns)
        sheet.row_dimensions[number].height = 15 * (1 + len(line) // SENTENCE_CHARACTERS)
