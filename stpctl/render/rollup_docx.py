"""The roll-up as a Word document (``stpctl report --rollup --format docx``).

Built with python-docx (the ``stpctl[docx]`` extra), imported only when this
format is asked for, from the same tables as the other formats
(``rollup_view``).  A4 landscape, so the footprint-by-question matrix fits.

Real Word headings (Title, Heading 1), so the navigation pane and a table
of contents work; the totals as a bulleted list; real tables whose header
row repeats on every page and whose rows never split across a page; RAG
cells with the word or letter *and* a cell colour (readable in black and
white); page numbers in the footer.  Table text uses a paragraph style of
its own ("Roll-up table"), not direct formatting, so a reader can restyle it.

Note for whoever folds this onto the shared office plumbing
(``render/word.py``): the helpers here (repeating header, shading, page
number field) are the kind that module is meant to hold.
"""

from __future__ import annotations

import io
from typing import Any

from stpctl.documents.rollup import Rollup
from stpctl.render import rollup_view
from stpctl.render.rollup_view import Cell, Table

TABLE_STYLE = "Roll-up table"
FILLS = {
    "red": ("C8102E", "FFFFFF"),
    "amber": ("FFB81C", "212B32"),
    "green": ("00703C", "FFFFFF"),
    "grey": ("E8EDEE", "212B32"),
}
HEADER_FILL = "F0F4F5"
PAGE_WIDTH_MM = 297 - 2 * 12  # A4 landscape less the margins
CHARACTER_MM = 1.7  # about one character of 8 pt Arial (bold: HEADING_MM)
HEADING_MM = 1.9
PADDING_MM = 5.0  # a cell's margins, left and right
QUESTION_MM = 8.0  # a matrix column: one letter
WIDE_MM = 30.0  # free text never narrower than this
NARROW_MOST_MM = 40.0  # any other column wraps beyond this (a long file name)
# Characters XML 1.0 cannot hold; left out of plan text.
_NOT_XML = dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])


def render(rollup: Rollup, pack_name: str, reports: dict[str, str] | None = None) -> bytes:
    from docx import Document

    document = Document()
    _page(document)
    _styles(document)
    document.core_properties.title = rollup_view.title(rollup)
    document.core_properties.author = "stpctl"
    document.add_heading(_clean(rollup_view.title(rollup)), level=0)
    for note in rollup_view.notes(rollup):
        document.add_paragraph(_clean(note))
    document.add_heading("Totals", level=1)
    for line in rollup_view.totals_lines(rollup):
        document.add_paragraph(_clean(line), style="List Bullet")
    for table in rollup_view.tables(rollup, reports):
        document.add_heading(table.title, level=1)
        about = document.add_paragraph(_clean(table.note))
        about.paragraph_format.keep_with_next = True  # never stranded above its table
        _table(document, table)
    document.add_paragraph(_clean(rollup_view.footer(rollup, pack_name)))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _clean(text: str) -> str:
    return text.translate(_NOT_XML)


def _page(document: Any) -> None:
    """A4 landscape, 12 mm margins, the page number in the footer."""
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), ("instr", instruction), ("separate", None), ("end", None)):
        run = paragraph.add_run()
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)
        if kind == "separate":
            paragraph.add_run("1")  # shown until the field is updated


def _styles(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10)
    table_text = document.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(8)
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.space_before = Pt(0)


def _table(document: Any, table: Table) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    rows = [*table.rows, *([table.total] if table.total else [])]
    made = document.add_table(rows=1 + len(rows), cols=len(table.columns))
    made.style = "Table Grid"
    made.alignment = WD_TABLE_ALIGNMENT.CENTER
    made.autofit = False
    _widths(made, table)
    header = made.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns, strict=True):
        label = column.label if column.question else column.title
        _write(cell, Cell(label), bold=True, fill=HEADER_FILL)
        if column.number or column.question:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, cells in enumerate(rows, 1):
        row = made.rows[index]
        _keep_together(row)
        total = table.total is not None and index == len(rows)
        for target, cell, column in zip(row.cells, cells, table.columns, strict=True):
            colour = FILLS.get(cell.rag or "")
            _write(
                target,
                cell,
                bold=total or bool(cell.flag) or colour is not None,
                fill=colour[0] if colour else None,
                ink=colour[1] if colour else ("C8102E" if cell.flag and not total else None),
            )
            if column.number:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif column.question:
                target.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER


def column_widths(table: Table) -> list[float]:
    """Each column's width in millimetres: what its text needs (a heading
    may wrap at its spaces), free text sharing what the page has left."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    needs = []
    for index, column in enumerate(table.columns):
        if column.question:
            needs.append(QUESTION_MM)
            continue
        longest_word = max((len(word) for word in column.title.split()), default=1)
        longest = max([len(row[index].text) * CHARACTER_MM for row in rows])
        need = max(longest, longest_word * HEADING_MM) + PADDING_MM
        needs.append(need if column.wide else min(need, NARROW_MOST_MM))
    wide = [i for i, column in enumerate(table.columns) if column.wide]
    fixed = sum(need for i, need in enumerate(needs) if i not in wide)
    if not wide:
        scale = min(1.0, PAGE_WIDTH_MM / sum(needs))
        return [need * scale for need in needs]
    room = max(PAGE_WIDTH_MM - fixed, WIDE_MM * len(wide))
    wanted = sum(needs[i] for i in wide)
    for i in wide:
        needs[i] = max(WIDE_MM, room * needs[i] / wanted) if wanted > room else needs[i]
    return needs


def _widths(made: Any, table: Table) -> None:
    from docx.shared import Mm

    for index, width in enumerate(column_widths(table)):
        made.columns[index].width = Mm(width)
        for cell in made.columns[index].cells:
            cell.width = Mm(width)  # Word reads the cells' widths, LibreOffice the grid's


def _write(
    target: Any, cell: Cell, bold: bool, fill: str | None = None, ink: str | None = None
) -> None:
    from docx.shared import RGBColor

    paragraph = target.paragraphs[0]
    paragraph.style = TABLE_STYLE
    run = paragraph.add_run(_clean(cell.text))
    run.bold = bold or None
    if ink:
        run.font.color.rgb = RGBColor.from_string(ink)
    if fill:
        _shade(target, fill)


def _shade(target: Any, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    target._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row: Any) -> None:
    """Mark a table's first row as its header: Word repeats it on every page."""
    _row_property(row, "w:tblHeader")
    _keep_together(row)


def _keep_together(row: Any) -> None:
    """A row never splits across two pages."""
    _row_property(row, "w:cantSplit")


def _row_property(row: Any, name: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    element = OxmlElement(name)
    element.set(qn("w:val"), "true")
    properties.append(element)
