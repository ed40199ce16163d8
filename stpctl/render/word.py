"""Word (.docx) documents: the setup every stpctl document shares.

``WordDocument`` wraps a python-docx document with what a board paper
needs and python-docx leaves to the caller:

* **styles, not direct formatting**: the built-in ``Title`` and
  ``Heading 1`` to ``3`` (so Word's navigation pane and a table of contents
  work), ``List Bullet``, ``Caption``, and a few of our own (``Table Text``,
  ``Table Heading``, ``Checklist Item``, ``Marking``, ``Small``, ``RAG Light``
  and ``RAG Dark`` for text on a coloured cell), all defined once here;
* **A4 pages** with the protective marking (``--marking``; DRAFT for a
  draft plan) in the header of every page and "Page N of M" (PAGE and
  NUMPAGES fields, which Word and LibreOffice fill in) in the footer;
* **tables** whose header row repeats on every page (``w:tblHeader``),
  whose rows never split across a page (``w:cantSplit``), and which, when
  short, move to the next page whole (``keep_with_next``);
* **a RAG cell**: the status word *and* a cell shading, so it reads in
  black and white and for colour-blind readers;
* plan text made safe for XML: a control character (which YAML lets a
  double-quoted string hold) would make python-docx refuse the whole
  document, so it becomes U+FFFD; nothing else is changed.

python-docx is imported when a document is made, never when this module
is imported for its constants: ``stpctl --version`` does not load it.
``to_bytes`` writes the same bytes for the same content (fixed zip
timestamps and document properties), so a document is reproducible.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from stpctl.render.office_files import FIXED_TIME, stable_zip, xml_text

# RAG colours: the report's HTML palette (NHS colours), and the style of the
# word on each (white on dark fills, dark on light ones).
FILLS = {"red": "C8102E", "amber": "FFB81C", "green": "00703C", "grey": "E8EDEE"}
LIGHT_TEXT = {"red", "green"}
HEADER_FILL = "F0F4F5"
# A table this short is kept on one page (a finance bridge, the tiles): a row
# stranded on the next page reads as a different table.
KEEP_WHOLE_ROWS = 15
_DOCX_PIXELS_PER_CM = 360000  # English Metric Units per centimetre


@dataclass(frozen=True)
class Cell:
    """A table cell: its text, and optionally a RAG colour (``red``, ``amber``,
    ``green``, ``grey``) for a status word, or ``numeric`` to right-align it."""

    text: str
    rag: str | None = None
    numeric: bool = False
    bold: bool = False


CellValue = Cell | str | None


PROPERTY_LENGTH = 255


class WordDocument:
    """One Word document being written; ``to_bytes`` gives the file."""

    def __init__(self, title: str, marking: str | None = None, *, landscape: bool = False) -> None:
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.shared import Cm

        self.document: Any = docx.Document()
        self._define_styles()
        section = self.document.sections[0]
        width, height = Cm(21.0), Cm(29.7)
        if landscape:
            section.orientation = WD_ORIENT.LANDSCAPE
            width, height = height, width
        section.page_width, section.page_height = width, height
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.0))
        self.text_width_cm = (width - Cm(4.0)) / _DOCX_PIXELS_PER_CM
        properties = self.document.core_properties
        # A document property holds at most 255 characters (python-docx refuses
        # more); the heading in the document keeps the whole title.
        properties.title = xml_text(title)[:PROPERTY_LENGTH]
        properties.author = "stpctl"
        properties.last_modified_by = "stpctl"
        properties.created = properties.modified = FIXED_TIME.replace(tzinfo=None)
        properties.revision = 1
        self.marking = xml_text(marking) if marking else None
        self._header_and_footer(section)

    # -- setup -------------------------------------------------------------------------------

    def _define_styles(self) -> None:
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Cm, Pt, RGBColor

        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name = "Arial"
        normal.font.size = Pt(10)
        normal.paragraph_format.space_after = Pt(4)
        for level, size in ((1, 14), (2, 12), (3, 10.5)):
            heading = styles[f"Heading {level}"]
            heading.font.name = "Arial"
            heading.font.size = Pt(size)
            heading.font.color.rgb = RGBColor(0x00, 0x30, 0x87)
            heading.paragraph_format.keep_with_next = True
        styles["Title"].font.name = "Arial"
        styles["Title"].font.size = Pt(20)

        def paragraph_style(name: str, size: float, bold: bool = False) -> Any:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = normal
            style.font.size = Pt(size)
            style.font.bold = bold
            style.paragraph_format.space_after = Pt(0)
            return style

        paragraph_style("Table Text", 9)
        paragraph_style("Table Heading", 9, bold=True)
        paragraph_style("RAG Dark", 9, bold=True).font.color.rgb = RGBColor(0x21, 0x2B, 0x32)
        paragraph_style("RAG Light", 9, bold=True).font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        paragraph_style("Small", 8.5).font.color.rgb = RGBColor(0x4C, 0x62, 0x72)
        marking = paragraph_style("Marking", 10, bold=True)
        marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        item = paragraph_style("Checklist Item", 10)
        item.paragraph_format.left_indent = Cm(0.6)
        item.paragraph_format.first_line_indent = Cm(-0.6)
        item.paragraph_format.space_after = Pt(2)
        # What a finding quotes from the plan (a name, a key): marked by colour, not
        # a typewriter font, which reads as jargon to a board.
        code = styles.add_style("Code", WD_STYLE_TYPE.CHARACTER)
        code.font.color.rgb = RGBColor(0x00, 0x30, 0x87)
        note = paragraph_style("Checklist Note", 9)
        note.paragraph_format.left_indent = Cm(1.2)
        note.paragraph_format.space_after = Pt(1)

    def _header_and_footer(self, section: Any) -> None:
        header = section.header.paragraphs[0]
        header.style = self.document.styles["Marking"]
        if self.marking:
            header.add_run(self.marking)
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        footer = section.footer.paragraphs[0]
        footer.style = self.document.styles["Small"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES", "1")

    # -- content -----------------------------------------------------------------------------

    def title(self, text: str) -> None:
        self.document.add_paragraph(xml_text(text), style="Title")

    def heading(self, text: str, level: int = 1) -> None:
        """A real Word heading (``Heading 1`` to ``3``)."""
        self.document.add_heading(xml_text(text), level=level)

    def paragraph(self, text: str = "", style: str | None = None, *, bold: str = "") -> Any:
        """A paragraph; ``bold`` is a label written in bold before ``text``
        (``Region:`` …).  Text between backticks is shown in the ``Code``
        style, without the backticks."""
        paragraph = self.document.add_paragraph(style=style)
        if bold:
            paragraph.add_run(xml_text(bold)).bold = True
            if text:
                paragraph.add_run(" ")
        add_text(paragraph, text)
        return paragraph

    def bullet(self, text: str, *, bold: str = "") -> None:
        self.paragraph(text, "List Bullet", bold=bold)

    def check_item(self, done: bool, text: str, detail: str = "") -> None:
        """A checklist line: a ticked or empty box, the item, and what to do."""
        box = "\u2611" if done else "\u2610"
        paragraph = self.document.add_paragraph(style="Checklist Item")
        paragraph.add_run(f"{box}\t")
        add_text(paragraph, text, bold=not done)
        if detail:
            paragraph.add_run(": ")
            add_text(paragraph, detail)

    def note(self, text: str) -> None:
        """A line under a checklist item (one of several problems)."""
        add_text(self.document.add_paragraph("\u2013 ", style="Checklist Note"), text)

    def table(
        self,
        header: Sequence[str],
        rows: Sequence[Sequence[CellValue]],
        widths_cm: Sequence[float] | None = None,
    ) -> Any:
        """A table with a header row that repeats on every page and rows that
        do not split across pages; ``widths_cm`` share out the text width."""
        from docx.shared import Cm

        table = self.document.add_table(rows=1, cols=len(header))
        table.style = self.document.styles["Table Grid"]
        table.autofit = False
        _cell_margins(table)
        head = table.rows[0]
        _repeat_as_header(head)
        for cell, text in zip(head.cells, header, strict=True):
            self._fill(cell, Cell(text), style="Table Heading")
            _shade(cell, HEADER_FILL)
        for values in rows:
            row = table.add_row()
            _keep_together(row)
            for cell, value in zip(row.cells, values, strict=True):
                self._fill(cell, value if isinstance(value, Cell) else Cell(value or ""))
        if widths_cm:
            total = sum(widths_cm)
            for index, share in enumerate(widths_cm):
                width = Cm(self.text_width_cm * share / total)
                table.columns[index].width = width
                for cell in table.columns[index].cells:
                    cell.width = width
        if len(rows) <= KEEP_WHOLE_ROWS:
            _keep_on_one_page(table)
        self.document.add_paragraph(style="Small")  # space after: tables butt up otherwise
        return table

    def _fill(self, cell: Any, value: Cell, style: str = "Table Text") -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        paragraph = cell.paragraphs[0]
        if value.rag is not None:
            style = "RAG Light" if value.rag in LIGHT_TEXT else "RAG Dark"
            _shade(cell, FILLS[value.rag])
        paragraph.style = self.document.styles[style]
        if value.numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        add_text(paragraph, value.text, bold=value.bold)

    def picture(self, png: bytes, width_cm: float, caption: str = "") -> None:
        from docx.shared import Cm

        self.document.add_picture(io.BytesIO(png), width=Cm(width_cm))
        if caption:
            self.paragraph(caption, "Caption")

    def page_break(self) -> None:
        self.document.add_page_break()

    def to_bytes(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return stable_zip(out.getvalue())


def add_text(paragraph: Any, text: str, *, bold: bool = False) -> None:
    """Runs for ``text``: parts between matched backticks in the ``Code``
    style (the backticks dropped), the rest as it is."""
    parts = xml_text(text).split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: the text as written
        parts = [xml_text(text)]
    for index, part in enumerate(parts):
        if not part:
            continue
        run = paragraph.add_run(part, style="Code" if index % 2 else None)
        if bold:
            run.bold = True


# -- OOXML python-docx has no API for ----------------------------------------------------------


def _element(tag: str, **attributes: str) -> Any:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement(tag)
    for name, value in attributes.items():
        element.set(qn(name), value)
    return element


def _field(paragraph: Any, instruction: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES) as Word writes it: begin, instruction,
    separate, the last value shown, end."""
    for part in (
        _element("w:fldChar", **{"w:fldCharType": "begin"}),
        _instruction(instruction),
        _element("w:fldChar", **{"w:fldCharType": "separate"}),
    ):
        paragraph.add_run()._r.append(part)
    paragraph.add_run(shown)
    paragraph.add_run()._r.append(_element("w:fldChar", **{"w:fldCharType": "end"}))


def _instruction(text: str) -> Any:
    element = _element("w:instrText", **{"xml:space": "preserve"})
    element.text = f" {text} "
    return element


def _repeat_as_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    properties.append(_element("w:tblHeader", **{"w:val": "true"}))
    properties.append(_element("w:cantSplit", **{"w:val": "true"}))


def _keep_together(row: Any) -> None:
    row._tr.get_or_add_trPr().append(_element("w:cantSplit", **{"w:val": "true"}))


def _keep_on_one_page(table: Any) -> None:
    """Every row but the last kept with the next, so the table moves to the
    next page whole rather than leaving rows behind."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _cell_margins(table: Any) -> None:
    """Room between a cell's text and its borders (Table Grid has almost none)."""
    margins = _element("w:tblCellMar")
    for side, twips in (("top", "30"), ("left", "80"), ("bottom", "30"), ("right", "80")):
        margins.append(_element(f"w:{side}", **{"w:w": twips, "w:type": "dxa"}))
    table._tbl.tblPr.append(margins)


def _shade(cell: Any, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    properties.append(_element("w:shd", **{"w:val": "clear", "w:color": "auto", "w:fill": fill}))
