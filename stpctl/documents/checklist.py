"""The submission checklist for one plan (PRODUCT.md §5, ``stpctl checklist``).

A plain model built from a ``PlanAnalysis``: one section per national
question, in the guidance pack's order, then the plan-level items.  Each
item is ticked from the plan, and each unticked item says what to do and
where (JSON pointer and line).

Per-question items are ticked with the same helpers that decide question
status.  Plan-level items are a fixed list, one per check (``PLAN_SECTIONS``),
ticked from what the matching rules (STP104, STP402 to STP409, STP501,
STP502, STP503, STP601) say about the plan itself, run whatever the
configuration says: switching a rule off changes what ``stpctl validate``
reports, not what is true of the plan, so it never ticks an item.  Each problem a rule finds is a
``Note`` under its item.  A problem covered by a live waiver stays unticked
but is marked accepted ("waived until …: reason"); an item whose every
problem is waived has status ``waived``, never ``done``.  Board sign-off on a
draft is listed from the plan although STP501 only judges submitted plans:
collecting the sign-offs is what a draft still needs.

The items are built in ``checklist_questions`` (per question) and
``checklist_plan_items`` (plan-level), from the records in
``checklist_items``.  Renderers live in ``stpctl/render/checklist.py``;
nothing here prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from stpctl.check.checker import PlanAnalysis, Settings, unconfigured_findings
from stpctl.check.question_status import submission_status
from stpctl.documents.checklist_items import (
    ACTION,
    BY_HAND,
    CHECK,
    WAIVED,
    Item,
    Section,
    one_line_text,
)
from stpctl.documents.checklist_plan_items import PLAN_RULES, PlanItems
from stpctl.documents.checklist_questions import QuestionItems
from stpctl.records.finding import Severity


@dataclass(frozen=True)
class Checklist:
    path: str
    footprint: dict[str, str]
    as_of: date
    guidance: str
    submission_status: str
    deadline: str | None
    findings: dict[str, int]
    sections: list[Section]
    plan_items: list[Item]

    def items(self) -> list[Item]:
        """Every line, in the order shown: questions (checks, then actions), then plan."""
        out = [
            item for section in self.sections for item in (*section.items, *section.open_actions)
        ]
        return out + self.plan_items

    def summary(self) -> dict[str, int]:
        checks = [item for item in self.items() if item.kind == CHECK]
        actions = [item for item in self.items() if item.kind == ACTION]
        return {
            "checks": len(checks),
            "done": sum(1 for item in checks if item.done),
            "waived": sum(1 for item in checks if item.status == WAIVED),
            "by_hand": sum(1 for item in self.items() if item.kind == BY_HAND),
            "open_actions": len(actions),
            "overdue_actions": sum(1 for item in actions if item.overdue_days is not None),
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, keys in a fixed order."""
        return {
            "path": self.path,
            "footprint": self.footprint,
            "as_of": self.as_of.isoformat(),
            "guidance": self.guidance,
            "submission": {"status": self.submission_status, "deadline": self.deadline},
            "summary": self.summary(),
            "findings": self.findings,
            "sections": [asdict(section) for section in self.sections],
            "plan_items": [asdict(item) for item in self.plan_items],
        }


def build(analysis: PlanAnalysis, settings: Settings) -> Checklist:
    """The checklist for a plan that loaded as a mapping (``analysis.data``)."""
    if analysis.data is None:
        raise ValueError(f"{analysis.result.path} did not load as a plan; there is no checklist")
    plan = analysis.data
    questions = QuestionItems(plan, analysis.positions, settings)
    plan_level = PlanItems(plan, analysis.positions, settings)
    statuses = {item.key: item for item in analysis.assessments}
    sections = [questions.section(q, statuses.get(q.key)) for q in settings.guidance.questions]
    submission = plan.get("submission")
    deadline = submission.get("deadline") if isinstance(submission, dict) else None
    result = analysis.result
    return Checklist(
        path=result.path,
        footprint=dict(result.footprint or {}),
        as_of=settings.as_of,
        guidance=settings.guidance.name,
        submission_status=submission_status(plan),
        deadline=one_line_text(deadline),
        findings={level.value: result.count(level) for level in reversed(Severity)},
        sections=sections,
        plan_items=plan_level.plan_items(unconfigured_findings(analysis, settings, PLAN_RULES)),
    )
