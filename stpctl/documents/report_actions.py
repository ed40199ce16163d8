"""The actions section of the board report (``stpctl report``): the
milestones first (every action marked ``milestone: true`` that is not
dropped, in due-date order), then open actions that are overdue or due soon;
and the submission history shown under the plan's details.

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
    # Near the end of the calendar (`--as-of 9999-12-31`) the horizon stops there.
    horizon = as_of + min(timedelta(days=UPCOMING_DAYS), date.max - as_of)
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


@dataclass(frozen=True)
class MilestoneRow:
    ident: str | None
    title: str | None
    owner: str | None
    due: str | None
    status: str
    question_title: str
    line: int


def milestones(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack
) -> tuple[MilestoneRow, ...]:
    """Every milestone not dropped, by due date (undated last), then question order."""
    written = mapping(data.get("questions"))
    rows: list[tuple[str, int, MilestoneRow]] = []
    for order, guide in enumerate(pack.questions):
        question = mapping(written.get(guide.key))
        for index, action in mappings(question.get("actions")):
            status = action.get("status", "open")
            if action.get("milestone") is not True or status == "dropped":
                continue
            pointer = f"/questions/{guide.key}/actions/{index}"
            due = parse_day(action.get("due"))
            row = MilestoneRow(
                ident=label(action.get("id")),
                title=text(action.get("title")),
                owner=text(action.get("owner")),
                due=due.isoformat() if due else None,
                status=status if isinstance(status, str) else "open",
                question_title=guide.title,
                line=analysis.positions.locate(pointer)[0],
            )
            rows.append((row.due or "9999", order, row))
    return tuple(row for _, _, row in sorted(rows, key=lambda item: (item[0], item[1])))


@dataclass(frozen=True)
class HistoryRow:
    """One checkpoint or resubmission from ``submission.history``."""

    date: str | None
    version: str | None
    status: str | None
    note: str | None
    line: int


def history(data: dict[str, Any], analysis: PlanAnalysis) -> tuple[HistoryRow, ...]:
    """The submission history as written (STP305 reports dates out of order)."""
    entries = mapping(data.get("submission")).get("history")
    return tuple(
        HistoryRow(
            date=text(entry.get("date")),
            version=label(entry.get("version")),
            status=text(entry.get("status")),
            note=text(entry.get("note")),
            line=analysis.positions.locate(f"/submission/history/{index}")[0],
        )
        for index, entry in mappings(entries)
    )
