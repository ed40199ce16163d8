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

Every error ``validate`` reports (with ``include_warnings``, every warning)
that no other item already carries is an item of its own under the question
or part of the plan it is about (``checklist_findings``).  The checklist is
*ready to submit* only when no item is ``to do``: every check done, waived
or only recommended, and no error left.

The items are built in ``checklist_questions`` (per question),
``checklist_plan_items`` (plan-level) and ``checklist_findings`` (findings),
from the records in ``checklist_items``.  Renderers live in ``stpctl/render/checklist.py``;
nothing here prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from stpctl.check.checker import PlanAnalysis, Settings, unconfigured_findings
from stpctl.check.question_status import submission_status
from stpctl.documents.checklist_findings import FINDING, FINDING_SECTIONS, FindingItems
from stpctl.documents.checklist_items import (
    ACTION,
    BY_HAND,
    CHECK,
    TO_DO,
    WAIVED,
    Item,
    Section,
    one_line_text,
)
from stpctl.documents.checklist_plan_items import PLAN_RULES, PLAN_SECTIONS, PlanItems
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
    include_warnings: bool = False

    def items(self) -> list[Item]:
        """Every line, in the order shown: questions (checks, then actions), then plan."""
        out = [
            item for section in self.sections for item in (*section.items, *section.open_actions)
        ]
        return out + self.plan_items

    def blocking(self) -> list[Item]:
        """What stands between the plan and its submission: every item to do."""
        return [item for item in self.items() if item.status == TO_DO]

    def ready(self) -> bool:
        return not self.blocking()

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
            "findings_to_fix": sum(1 for item in self.items() if item.kind == FINDING),
            "blocking": len(self.blocking()),
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
            "ready_to_submit": self.ready(),
            "include_warnings": self.include_warnings,
            "findings": self.findings,
            "sections": [asdict(section) for section in self.sections],
            "plan_items": [asdict(item) for item in self.plan_items],
        }


# Plan-level groups in the order shown: the groups of the fixed items, then
# those only findings fill.
GROUPS = (FINDING_SECTIONS[0], FINDING_SECTIONS[1], *PLAN_SECTIONS, FINDING_SECTIONS[2])


def build(analysis: PlanAnalysis, settings: Settings, include_warnings: bool = False) -> Checklist:
    """The checklist for a plan that loaded as a mapping (``analysis.data``);
    ``include_warnings`` lists warnings as items to consider, beside errors."""
    if analysis.data is None:
        raise ValueError(f"{analysis.result.path} did not load as a plan; there is no checklist")
    plan = analysis.data
    questions = QuestionItems(plan, analysis.positions, settings)
    plan_level = PlanItems(plan, analysis.positions, settings)
    statuses = {item.key: item for item in analysis.assessments}
    sections = [questions.section(q, statuses.get(q.key)) for q in settings.guidance.questions]
    keys = {section.key for section in sections}
    fixed = plan_level.plan_items(unconfigured_findings(analysis, settings, PLAN_RULES))
    noted = {note.pointer for item in fixed for note in item.notes}
    found = FindingItems(plan, analysis.positions, settings).items(
        analysis.result.findings, keys, include_warnings, noted
    )
    sections = [
        replace(section, items=[*section.items, *found.get(section.key, [])])
        for section in sections
    ]
    plan_items = [
        item
        for group, _ in GROUPS
        for item in (*(i for i in fixed if i.section == group), *found.get(group, []))
    ]
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
        plan_items=plan_items,
        include_warnings=include_warnings,
    )
