"""The roll-up as a Word document (``stpctl report --rollup --format docx``).

Written with the shared ``WordDocument`` (``render/word.py``: styles, A4,
the marking in the header, "Page N of M", tables whose header row repeats
and whose rows never split, RAG cells with the word and a shading), from the
same tables as every other format (``rollup_view``), in landscape so the
footprint-by-question matrix fits.  The totals are a bulleted list; each
table follows its Heading 1 and the note that explains it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stpctl.documents.rollup import Rollup
from stpctl.render import rollup_view
from stpctl.render.rollup_view import Table

if TYPE_CHECKING:
    from stpctl.render.word import WordDocument

CHARACTER_CM = 0.17  # about one character of 9 pt Arial
HEADING_CM = 0.19  # bold
PADDING_CM = 0.4  # a cell's margins, left and right
QUESTION_CM = 0.8  # a matrix column: one letter
NARROW_MOST_CM = 4.0  # any other column wraps beyond this (a long file name)


def render(
    rollup: Rollup,
    pack_name: str,
    reports: dict[str, str] | None = None,
    marking: str | None = None,
) -> bytes:
    from stpctl.render.word import WordDocument

    title = rollup_view.title(rollup)
    document = WordDocument(title, marking, landscape=True)
    document.title(title)
    for note in rollup_view.notes(rollup):
        document.paragraph(note)
    document.heading("Totals")
    for line in rollup_view.totals_lines(rollup):
        document.bullet(line)
    for table in rollup_view.tables(rollup, reports):
        document.heading(table.title)
        about = document.paragraph(table.note, "Small")
        about.paragraph_format.keep_with_next = True  # never stranded above its table
        _table(document, table, document.text_width_cm)
    document.paragraph(rollup_view.footer(rollup, pack_name), "Small")
    return document.to_bytes()


def _table(document: WordDocument, table: Table, width_cm: float) -> None:
    from stpctl.render.word import Cell

    header = [column.label if column.question else column.title for column in table.columns]
    rows = [
        [
            Cell(cell.text, rag=cell.rag, numeric=column.number, bold=bool(cell.flag))
            for cell, column in zip(row, table.columns, strict=True)
        ]
        for row in table.rows
    ]
    if table.total:
        rows.append(
            [
                Cell(cell.text, numeric=column.number, bold=True)
                for cell, column in zip(table.total, table.columns, strict=True)
            ]
        )
    document.table(header, rows, column_widths(table, width_cm))


def column_widths(table: Table, width_cm: float) -> list[float]:
    """Each column's width in centimetres: what its text needs (a heading
    may wrap at its spaces), free text sharing what the page has left."""
    rows = [*table.rows, *([table.total] if table.total else [])]
    needs = []
    for index, column in enumerate(table.columns):
        if column.question:
            needs.append(QUESTION_CM)
            continue
        longest_word = max((len(word) for word in column.title.split()), default=1)
        longest = max([len(row[index].text) * CHARACTER_CM for row in rows], default=0.0)
        need = max(longest, longest_word * HEADING_CM) + PADDING_CM
        needs.append(need if column.wide else min(need, NARROW_MOST_CM))
    wide = [i for i, column in enumerate(table.columns) if column.wide]
    fixed = sum(need for i, need in enumerate(needs) if i not in wide)
    room = max(width_cm - fixed, 3.0 * len(wide))
    wanted = sum(needs[i] for i in wide)
    if wide and wanted > room:
        for i in wide:
            needs[i] = max(3.0, room * needs[i] / wanted)
    # The shared table fills the text width in these proportions; a narrow
    # table gets the rest as spare room in its free-text columns.
    spare = width_cm - sum(needs)
    if spare > 0 and wide:
        for i in wide:
            needs[i] += spare / len(wide)
    return needs
