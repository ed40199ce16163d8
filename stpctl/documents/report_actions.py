"""The actions section of the board report (``stpctl report``): open actions
that are overdue or due soon.

An action is overdue when it is open (``status: open`` or none) and its
``due`` date is before ``--as-of``; it is upcoming when open and due on
``--as-of`` or within the next ``UPCOMING_DAYS`` days.  Each list is in due
date order, then the guidance pack's order of questions, then file order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stpctl.check.checker import PlanAnalysis
from stpctl.documents.report_values import label, mapping, text
from stpctl.plan.plan_parts import mappings, parse_day
from stpctl.reference.guidance import GuidancePack

UPCOMING_DAYS = 90


@dataclass(frozen=True)
class ActionRow:
    ident: str | None
    title: str | None
    owner: str | None
    due: date
    question: str
    question_title: str
    days: int  # days overdue, or days until due for upcoming actions
    pointer: str
    line: int


def actions(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack, as_of: date
) -> tuple[tuple[ActionRow, ...], tuple[ActionRow, ...]]:
    written = mapping(data.get("questions"))
    horizon = as_of + timedelta(days=UPCOMING_DAYS)
    overdue: list[tuple[int, ActionRow]] = []
    upcoming: list[tuple[int, ActionRow]] = []
    for order, guide in enumerate(pack.questions):
        question = mapping(written.get(guide.key))
        for index, action in mappings(question.get("actions")):
            due = parse_day(action.get("due"))
            if due is None or action.get("status", "open") not in ("open", None):
                continue
            pointer = f"/questions/{guide.key}/actions/{index}"
            row = ActionRow(
                ident=label(action.get("id")),
                title=text(action.get("title")),
                owner=text(action.get("owner")),
                due=due,
                question=guide.key,
                question_title=guide.title,
                days=abs((due - as_of).days),
                pointer=pointer,
                line=analysis.positions.locate(pointer)[0],
            )
            if due < as_of:
                overdue.append((order, row))
            elif due <= horizon:
                upcoming.append((order, row))
    return _by_due(overdue), _by_due(upcoming)


def _by_due(rows: list[tuple[int, ActionRow]]) -> tuple[ActionRow, ...]:
    ordered = sorted(rows, key=lambda item: (item[1].due, item[0], item[1].line))
    return tuple(row for _, row in ordered)
