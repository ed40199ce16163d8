"""Excel (.xlsx) workbooks: the sheet layout every stpctl spreadsheet shares.

``ExcelBook.sheet`` writes one table per sheet the way a PMO's tracker
expects it:

* a bold, shaded **header row, frozen**, with **filters** on every column
  and repeated at the top of each printed page; printed pages carry the
  protective marking in their header and "Page N of M" in their footer;
* **column widths fitted** to the longest value (capped; long text wraps,
  and its row is made tall enough for the wrapped lines, since neither
  Excel nor LibreOffice grows a row that openpyxl wrote);
* values of the right **type**: a date is a real Excel date (``d mmm
  yyyy``), money is a number with a ``#,##0.0`` format, counts are whole
  numbers, a percentage is a fraction shown ``0%``;
* a status column coloured by **conditional formatting** on the word the
  cell holds (``RAG``): the word stays, so it reads in black and white and
  when someone changes it the colour follows;
* a **drop-down** (data validation) where a column has fixed ``choices``,
  e.g. an action's status (open, done, dropped) for a workstream lead to
  update;
* **plan text stays text**: every text cell is written as a string, never
  a formula, and one that a spreadsheet would read as a formula when
  edited (``=``, ``+``, ``-``, ``@``, a full-width equals sign, a leading tab or
  carriage return) also gets Excel's quote prefix, as a typed apostrophe
  would give it.  The text itself is not changed.

openpyxl is imported when a workbook is made, never when this module is
imported.  ``to_bytes`` gives the same bytes for the same content.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stpctl.render.office_files import FIXED_TIME, looks_like_formula, stable_zip, xml_text

TEXT, INTEGER, MONEY, DATE, PERCENT = "text", "integer", "money", "date", "percent"
FORMATS = {INTEGER: "#,##0", MONEY: "#,##0.0", DATE: "d mmm yyyy", PERCENT: "0%"}
# Fill and font colour per RAG colour: Excel's own "light red fill with dark
# red text" family, which prints legibly in grey.
RAG_STYLES = {
    "red": ("FFC7CE", "9C0006"),
    "amber": ("FFEB9C", "7F5F00"),
    "green": ("C6EFCE", "006100"),
    "grey": ("E8EDEE", "212B32"),
}
HEADER_FILL = "DCE6F1"
MIN_WIDTH, MAX_WIDTH, WRAP_WIDTH = 6, 50, 40
LINE_HEIGHT = 15.0  # points: one line of 11-point Calibri
SHEET_NAME_LENGTH = 31  # Excel's limit


@dataclass(frozen=True)
class Column:
    """One column: its heading and the kind of value it holds.  ``rag`` maps
    a status word to a colour (``red``, ``amber``, ``green``, ``grey``) for
    conditional formatting; ``choices`` makes a drop-down of allowed words."""

    header: str
    kind: str = TEXT
    rag: Mapping[str, str] = field(default_factory=dict)
    choices: tuple[str, ...] = ()
    wrap: bool = False  # long text: wrap within MAX_WIDTH rather than widen


class ExcelBook:
    """One workbook being written; ``to_bytes`` gives the file."""

    def __init__(self, title: str, marking: str | None = None) -> None:
        from openpyxl import Workbook

        self.marking = marking
        self.workbook: Any = Workbook()
        self.workbook.remove(self.workbook.active)
        properties = self.workbook.properties
        properties.title = xml_text(title)
        properties.creator = properties.lastModifiedBy = "stpctl"
        properties.created = properties.modified = FIXED_TIME.replace(tzinfo=None)

    def sheet(self, title: str, columns: Sequence[Column], rows: Sequence[Sequence[object]]) -> Any:
        """A sheet holding one table: ``rows`` hold one value per column
        (``None`` for an empty cell)."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        sheet = self.workbook.create_sheet(sheet_name(title))
        bold, fill = Font(name="Calibri", bold=True), PatternFill("solid", fgColor=HEADER_FILL)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=index, value=xml_text(column.header))
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row_number, values in enumerate(rows, start=2):
            for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
                _write(sheet.cell(row=row_number, column=index), column, value)
        last_row = max(len(rows) + 1, 2)  # filters and rules need a data row, even empty
        last_column = get_column_letter(len(columns))
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{last_column}{last_row}"
        sheet.print_title_rows = "1:1"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        # Printed: the marking at the top of every page, page numbers at the foot
        # (``&`` starts a header code, so a marking's own ``&`` is doubled).
        if self.marking:
            sheet.oddHeader.center.text = xml_text(self.marking).replace("&", "&&")
        sheet.oddFooter.center.text = "Page &P of &N"
        widths = [fitted_width(c, [row[i] for row in rows]) for i, c in enumerate(columns)]
        for row_number, values in enumerate(rows, start=2):
            lines = max(
                (
                    wrapped_lines(v, w)
                    for c, v, w in zip(columns, values, widths, strict=True)
                    if c.wrap
                ),
                default=1,
            )
            if lines > 1:
                sheet.row_dimensions[row_number].height = lines * LINE_HEIGHT
        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            sheet.column_dimensions[letter].width = widths[index - 1]
            cells = f"{letter}2:{letter}{last_row}"
            if column.rag:
                _colour_by_word(sheet, cells, column.rag)
            if column.choices:
                _drop_down(sheet, cells, column)
        return sheet

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.workbook.save(out)
        return stable_zip(out.getvalue())


def sheet_name(title: str) -> str:
    """A name Excel accepts: at most 31 characters, none of ``[]:*?/\\``."""
    cleaned = "".join("-" if ch in "[]:*?/\\" else ch for ch in xml_text(title))
    return cleaned[:SHEET_NAME_LENGTH] or "Sheet"


def shown_length(column: Column, value: object) -> int:
    """About how many characters a value takes on screen."""
    if value is None:
        return 0
    if column.kind == DATE:
        return 11  # "30 Jun 2016"
    if column.kind == MONEY and isinstance(value, (int, float)):
        return len(f"{value:,.1f}")
    if column.kind == PERCENT:
        return 4
    return max((len(line) for line in str(value).splitlines()), default=0)


def fitted_width(column: Column, values: Sequence[object]) -> float:
    longest = max([len(column.header), *(shown_length(column, v) for v in values)])
    return float(min(max(longest + 2, MIN_WIDTH), WRAP_WIDTH if column.wrap else MAX_WIDTH))


def wrapped_lines(value: object, width: float) -> int:
    """About how many lines ``value`` takes wrapped in a column ``width``
    characters wide (words are not split, so allow a little slack)."""
    if value is None:
        return 1
    # A column's width counts "0" digits; text runs a little narrower (seen in
    # LibreOffice: rows came out a third too tall with width - 3).
    room = max(int(width * 1.1) - 2, 1)
    return sum(max(-(-len(line) // room), 1) for line in str(value).splitlines() or [""])


def _write(cell: Any, column: Column, value: object) -> None:
    from openpyxl.styles import Alignment

    if value is None:
        return
    if column.kind in (INTEGER, MONEY, PERCENT) and isinstance(value, (int, float)):
        cell.value = value
        cell.number_format = FORMATS[column.kind]
    elif column.kind == DATE and isinstance(value, date):
        cell.value = value
        cell.number_format = FORMATS[DATE]
    else:  # text, or a value that is not of the column's kind: as text, never a formula
        text = xml_text(value)
        cell.value = text
        cell.data_type = "s"
        if looks_like_formula(text):
            cell.quotePrefix = True
    cell.alignment = Alignment(vertical="top", wrap_text=column.wrap)


def _colour_by_word(sheet: Any, cells: str, rag: Mapping[str, str]) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Font, PatternFill

    for word, colour in rag.items():
        fill, font = RAG_STYLES[colour]
        quoted = '"' + word.replace('"', '""') + '"'
        rule = CellIsRule(
            operator="equal",
            formula=[quoted],
            fill=PatternFill("solid", bgColor=fill, fgColor=fill),
            font=Font(color=font, bold=True),
        )
        sheet.conditional_formatting.add(cells, rule)


def _drop_down(sheet: Any, cells: str, column: Column) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    listed = ",".join(column.choices)
    validation = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
    validation.error = f"Choose one of: {', '.join(column.choices)}"
    validation.errorTitle = column.header
    validation.prompt = f"{column.header}: {', '.join(column.choices)}"
    validation.showErrorMessage = validation.showInputMessage = True
    sheet.add_data_validation(validation)
    validation.add(cells)
