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

from stpctl.checklist import ACTION, BY_HAND, PLAN_SECTIONS, Checklist, Item
from stpctl.render.spreadsheet import csv_bytes
from stpctl.render.templating import render_template

CSV_HEADER = ("section", "item", "done", "owner", "due", "pointer", "line", "todo", "status")


@dataclass(frozen=True)
class Line:
    """One checkbox in a document: items with the same text side by side
    (e.g. one per organisation without a sign-off) share a box, with one
    sub-point each saying what to do and where."""

    text: str
    done: bool
    items: list[Item]


@dataclass(frozen=True)
class PlanGroup:
    """Plan-level items under one heading (for the templates)."""

    key: str
    title: str
    lines: list[Line]


def lines(items: list[Item]) -> list[Line]:
    out: list[Line] = []
    for item in items:
        if out and out[-1].text == item.text and not item.done and not out[-1].done:
            out[-1].items.append(item)
        else:
            out.append(Line(item.text, item.done, [item]))
    return out


def plan_groups(checklist: Checklist) -> list[PlanGroup]:
    groups = [
        PlanGroup(key, title, lines([item for item in checklist.plan_items if item.section == key]))
        for key, title in PLAN_SECTIONS
    ]
    return [group for group in groups if group.lines]


def row_status(item: Item) -> str:
    """The CSV ``status`` column: what state the line is in, for filtering."""
    if item.kind == BY_HAND:
        return "check by hand"
    if item.kind == ACTION:
        return "overdue action" if item.overdue_days is not None else "open action"
    return "done" if item.done else "to do"


def code_spans(text: str) -> list[tuple[str, bool]]:
    """Text split at backticks into (part, is_code), so the HTML can show
    `owner` as code; the template still escapes every part."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as it is
        return [(text, False)]
    return [(part, index % 2 == 1) for index, part in enumerate(parts) if part]


def _values(checklist: Checklist) -> dict[str, object]:
    return {
        "checklist": checklist,
        "summary": checklist.summary(),
        "groups": plan_groups(checklist),
        "by_hand": BY_HAND,
        "spans": code_spans,
    }


def markdown(checklist: Checklist) -> bytes:
    return render_template("checklist.md.j2", **_values(checklist)).encode("utf-8")


def html(checklist: Checklist) -> bytes:
    return render_template("checklist.html.j2", **_values(checklist)).encode("utf-8")


def csv(checklist: Checklist) -> bytes:
    """One row per item, in the order of the other formats."""
    rows = [
        (
            item.section,
            item.text,
            "yes" if item.done else "no",
            item.owner,
            item.due,
            item.pointer,
            item.line,
            item.todo,
            row_status(item),
        )
        for item in checklist.items()
    ]
    return csv_bytes(CSV_HEADER, rows)


def json_document(checklist: Checklist) -> bytes:
    text = json.dumps(checklist.to_dict(), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


RENDERERS: dict[str, Callable[[Checklist], bytes]] = {
    "markdown": markdown,
    "csv": csv,
    "json": json_document,
    "html": html,
}
