"""The submission checklist as Markdown, HTML, CSV or JSON (``stpctl checklist``).

Each renderer takes a ``Checklist`` and returns the whole document as bytes
(UTF-8).  Markdown and HTML come from templates: HTML autoescapes all text,
and the Markdown template passes every plan-derived value through ``md``.
CSV goes through ``csv_bytes`` (BOM and CRLF for Excel, formulas
neutralised).  Nothing here depends on the clock, so the same plan and
``--as-of`` give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from stpctl.documents.checklist import GROUPS, Checklist
from stpctl.documents.checklist_findings import FINDING
from stpctl.documents.checklist_items import BY_HAND, WAIVED, Item, Note
from stpctl.documents.marking import marking as header_marking
from stpctl.records.wording import counted
from stpctl.render.spreadsheet import csv_bytes
from stpctl.render.templating import render_template

# ``section`` is the key (a question's key, or a plan-level group's);
# ``section_title`` says it in words.  ``status`` alone says whether an item is
# done (an earlier ``done`` column only repeated it as yes/no).
CSV_HEADER = (
    "section",
    "section_title",
    "item",
    "owner",
    "due",
    "pointer",
    "line",
    "todo",
    "status",
)


@dataclass(frozen=True)
class PlanGroup:
    """Plan-level items under one heading (for the templates)."""

    key: str
    title: str
    items: list[Item]


def plan_groups(checklist: Checklist) -> list[PlanGroup]:
    groups = [
        PlanGroup(key, title, [item for item in checklist.plan_items if item.section == key])
        for key, title in GROUPS
    ]
    return [group for group in groups if group.items]


def section_titles(checklist: Checklist) -> dict[str, str]:
    """Section key → its title: the questions' from the guidance pack, then
    the plan-level groups'."""
    return {**{s.key: s.title for s in checklist.sections}, **dict(GROUPS)}


def notes_shown(item: Item) -> list[Note]:
    """The notes to list under an item: none when its one problem is already
    said on the item's own line."""
    if len(item.notes) == 1 and not item.notes[0].waived:
        return []
    return item.notes


def row_todo(item: Item) -> str:
    """The CSV ``todo`` column: the item's todo, then each of its notes with
    its pointer and line, numbered, so that one row still says everything."""
    notes = notes_shown(item)
    if not notes:
        return item.todo
    listed = "; ".join(
        f"({number}) {note.todo} (at {note.pointer}, line {note.line}"
        + (f"; {note.waived})" if note.waived and item.status != WAIVED else ")")
        for number, note in enumerate(notes, start=1)
    )
    return f"{item.todo}: {listed}"


def code_spans(text: str) -> list[tuple[str, bool]]:
    """Text split at backticks into (part, is_code), so the HTML can show
    `owner` as code; the template still escapes every part."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as it is
        return [(text, False)]
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]


def _values(checklist: Checklist, marking: str | None) -> dict[str, object]:
    return {
        "checklist": checklist,
        "marking": header_marking(marking, checklist.submission_status),
        "summary": checklist.summary(),
        "groups": plan_groups(checklist),
        "by_hand": BY_HAND,
        "spans": code_spans,
        "count": counted,
        "notes_shown": notes_shown,
        "finding": FINDING,
        "blocking": len(checklist.blocking()),
    }


def markdown(checklist: Checklist, marking: str | None = None) -> bytes:
    return render_template("checklist.md.j2", **_values(checklist, marking)).encode("utf-8")


def html(checklist: Checklist, marking: str | None = None) -> bytes:
    return render_template("checklist.html.j2", **_values(checklist, marking)).encode("utf-8")


def docx(checklist: Checklist, marking: str | None = None) -> bytes:
    from stpctl.render import checklist_office  # python-docx only when asked for

    return checklist_office.docx(checklist, marking)


def xlsx(checklist: Checklist, marking: str | None = None) -> bytes:
    from stpctl.render import checklist_office  # openpyxl only when asked for

    return checklist_office.xlsx(checklist, marking)


def csv(checklist: Checklist, marking: str | None = None) -> bytes:
    """One row per item, in the order of the other formats; a plan-level
    item's notes are joined into its ``todo`` cell (see ``row_todo``)."""
    titles = section_titles(checklist)
    rows = [
        (
            item.section,
            titles.get(item.section, item.section),
            item.text,
            item.owner,
            item.due,
            item.pointer,
            item.line,
            row_todo(item),
            item.status,
        )
        for item in checklist.items()
    ]
    return csv_bytes(CSV_HEADER, rows)


def json_document(checklist: Checklist, marking: str | None = None) -> bytes:
    text = json.dumps(checklist.to_dict(), indent=2, ensure_ascii=False, allow_nan=False)
    return (text + "\n").encode("utf-8")


# Every renderer takes the protective marking (``--marking``); data formats ignore it.
RENDERERS: dict[str, Callable[[Checklist, str | None], bytes]] = {
    "markdown": markdown,
    "csv": csv,
    "json": json_document,
    "html": html,
    "docx": docx,
    "xlsx": xlsx,
}
