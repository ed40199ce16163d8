"""The roll-up as Markdown and as one self-contained HTML page (A4
landscape), both from the tables of ``rollup_view``."""

from __future__ import annotations

from typing import Any

from stpctl.documents.rollup import Rollup
from stpctl.render import rollup_view
from stpctl.render.report_document import MARKS
from stpctl.render.rollup_view import Cell
from stpctl.render.templating import markdown_text, render_template


def markdown_cell(cell: Cell) -> str:
    """A cell in Markdown: the text escaped; a RAG cell with its coloured
    square before the letter or word; a flagged figure in bold."""
    shown = markdown_text(cell.text)
    if cell.number and shown.startswith("\\-"):
        shown = shown[1:]  # a negative figure: in a table cell "-" starts no list
    if cell.rag:
        shown = f"{MARKS[cell.rag]} {shown}"
    if cell.flag and cell.text:
        shown = f"**{shown}**"
    if cell.link:  # a name report_names made: letters, digits, ".", "_" and "-" only
        shown = f"[{shown}]({cell.link})"
    return shown


def _values(rollup: Rollup, pack_name: str, reports: dict[str, str] | None) -> dict[str, Any]:
    return {
        "title": rollup_view.title(rollup),
        "heading": rollup_view.plans_heading(rollup),
        "as_of": rollup.as_of.isoformat(),
        "notes": rollup_view.notes(rollup),
        "totals": rollup_view.totals_lines(rollup),
        "tables": rollup_view.tables(rollup, reports),
        "footer": rollup_view.footer(rollup, pack_name),
        "rag_words": rollup_view.RAG_WORDS,
    }


def markdown(rollup: Rollup, pack_name: str, reports: dict[str, str] | None = None) -> str:
    values = _values(rollup, pack_name, reports)
    return render_template("rollup.md.j2", cell_text=markdown_cell, **values)


def html(rollup: Rollup, pack_name: str, reports: dict[str, str] | None = None) -> str:
    return render_template("rollup.html.j2", **_values(rollup, pack_name, reports))
