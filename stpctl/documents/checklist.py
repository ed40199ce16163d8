"""The submission checklist for one plan (PRODUCT.md §5, ``stpctl checklist``).

A plain model built from a ``PlanAnalysis``: one section per national
question, in the guidance pack's order, then the plan-level items.  Each
item is ticked from the plan, and each unticked item says what to do and
where (JSON pointer and line).

Per-question items are ticked with the same helpers that decide question
status.  Plan-level items are a fixed list, one per check (``PLAN_CHECKS``),
ticked from what the matching rules (STP104, STP403, STP501, STP502, STP503,
STP601) say about the plan itself, run whatever the configuration says:
switching a rule off changes what ``stpctl validate`` reports, not what is
true of the plan, so it never ticks an item.  Each problem a rule finds is a
``Note`` under its item.  A problem covered by a live waiver stays unticked
but is marked accepted ("waived until …: reason"); an item whose every
problem is waived has status ``waived``, never ``done``.  Board sign-off on a
draft is listed from the plan although STP501 only judges submitted plans:
collecting the sign-offs is what a draft still needs.
Renderers live in ``stpctl/render/checklist.py``; nothing here prints.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Any

from stpctl.check.checker import PlanAnalysis, Settings, unconfigured_findings
from stpctl.check.question_status import (
    ANSWERED,
    QuestionAssessment,
    has_owned_action,
    has_text,
    submission_status,
)
from stpctl.load.loader import Positions
from stpctl.plan import finance_bridge
from stpctl.plan.plan_parts import is_number, mappings, parse_day
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import escape_pointer_token
from stpctl.records.wording import counted
from stpctl.reference.guidance import ExpectedItem, QuestionGuidance

# What kind of line an item is: ticked from the plan, ticked by a person, or an open action.
CHECK = "check"
BY_HAND = "by_hand"
ACTION = "action"

# Plan-level groups, in the order the checklist shows them.
PLAN_SECTIONS = (
    ("triple_aim", "Triple aim"),
    ("finance", "Finance"),
    ("board_sign_off", "Board sign-off"),
    ("engagement", "Engagement"),
    ("service_changes", "Service changes"),
    ("digital_roadmap", "Digital roadmap"),
)
BY_HAND_TODO = "check by hand: stpctl does not tick this from the plan"

# An item's state: ``status`` in JSON and CSV.
DONE = "done"
TO_DO = "to do"
WAIVED = "waived"
# An unticked item of a question that is already "answered" by PRODUCT.md §3 (an
# owner, a measure with a target, an action with an owner and a due date): the
# status rule does not need it (evidence; a baseline as well as a target), but
# reviewers look for it, so the checklist recommends it instead of contradicting
# the status.
RECOMMENDED = "recommended"

# The rules whose findings about the plan tick the plan-level items.
PLAN_RULES = ("STP104", "STP403", "STP501", "STP502", "STP503", "STP601")


@dataclass(frozen=True)
class Note:
    """One problem under a plan-level item: what to do and where.  ``waived``
    says so ("waived until 2016-12-31: reason") when a live waiver covers it."""

    todo: str
    pointer: str
    line: int
    waived: str = ""


@dataclass(frozen=True)
class Item:
    """One checklist line.  ``todo`` is empty when nothing is left to do;
    ``line`` is where ``pointer`` (or its nearest written ancestor) is.
    ``status`` is ``done``, ``to do``, ``waived`` (every problem accepted
    under a live waiver: unticked, but nothing left to do now) or
    ``recommended`` (see ``RECOMMENDED``).  A plan-level
    item lists its problems in ``notes``, one per problem, each with its own
    pointer and line."""

    section: str
    text: str
    done: bool
    todo: str = ""
    owner: str | None = None
    due: str | None = None
    pointer: str = ""
    line: int = 1
    overdue_days: int | None = None
    kind: str = CHECK
    status: str = ""
    notes: list[Note] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.status:  # frozen: set the default the dataclass way
            object.__setattr__(self, "status", self.default_status())

    def default_status(self) -> str:
        if self.kind == BY_HAND:
            return "check by hand"
        if self.kind == ACTION:
            return "overdue action" if self.overdue_days is not None else "open action"
        return DONE if self.done else TO_DO


@dataclass(frozen=True)
class Section:
    """One national question: its wording, status, items and open actions."""

    key: str
    title: str
    question: str
    status: str
    owner: str | None
    items: list[Item] = field(default_factory=list)
    open_actions: list[Item] = field(default_factory=list)

    def recommended(self) -> list[Item]:
        """Unticked items of an answered question (see ``RECOMMENDED``)."""
        return [item for item in self.items if item.status == RECOMMENDED]


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
    builder = _Builder(plan, analysis.positions, settings)
    statuses = {item.key: item for item in analysis.assessments}
    sections = [builder.section(q, statuses.get(q.key)) for q in settings.guidance.questions]
    submission = plan.get("submission")
    deadline = submission.get("deadline") if isinstance(submission, dict) else None
    result = analysis.result
    return Checklist(
        path=result.path,
        footprint=dict(result.footprint or {}),
        as_of=settings.as_of,
        guidance=settings.guidance.name,
        submission_status=submission_status(plan),
        deadline=_text(deadline),
        findings={level.value: result.count(level) for level in reversed(Severity)},
        sections=sections,
        plan_items=builder.plan_items(unconfigured_findings(analysis, settings, PLAN_RULES)),
    )


def _text(value: object) -> str | None:
    """Plan text on one line, or ``None`` when there is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def has_evidence(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return any(
        has_text(item.get("title"), placeholders) for _, item in mappings(question.get("evidence"))
    )


def has_baseline_and_target(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    # Stricter than question status (a target suffices there): the pack's item
    # says "a baseline and a target", and a target alone shows no progress.
    return any(
        is_number(m.get("baseline")) and is_number(m.get("target"))
        for _, m in mappings(question.get("measures"))
    )


def _has_answer(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return has_text(question.get("answer"), placeholders)


def _has_owner(question: dict[str, Any], placeholders: Collection[str]) -> bool:
    return has_text(question.get("owner"), placeholders)


Tick = Callable[[dict[str, Any], Collection[str]], bool]
# For each `check` a pack may name: how it is ticked, and the field to point at.
TICKS: dict[str, tuple[Tick, str]] = {
    "answer": (_has_answer, "answer"),
    "owner": (_has_owner, "owner"),
    "evidence": (has_evidence, "evidence"),
    "measure": (has_baseline_and_target, "measures"),
    "action": (has_owned_action, "actions"),
}


class _Builder:
    def __init__(self, plan: dict[str, Any], positions: Positions, settings: Settings) -> None:
        self.plan = plan
        self.positions = positions
        self.as_of = settings.as_of
        self.expects: tuple[ExpectedItem, ...] = settings.guidance.expects
        self.placeholders = settings.guidance.placeholders
        self.triple_aim = settings.guidance.triple_aim
        self.waivers = settings.waivers

    def item(
        self, section: str, text: str, done: bool, todo: str, pointer: str, **more: Any
    ) -> Item:
        line = self.positions.locate(pointer)[0]
        return Item(section, text, done, "" if done else todo, pointer=pointer, line=line, **more)

    # --- the ten questions ---------------------------------------------------------------

    def section(self, guide: QuestionGuidance, assessed: QuestionAssessment | None) -> Section:
        key = guide.key
        questions = self.plan.get("questions")
        value = questions.get(key) if isinstance(questions, dict) else None
        question = value if isinstance(value, dict) else None
        base = f"/questions/{escape_pointer_token(key)}"
        named = question is not None and _has_owner(question, self.placeholders)
        owner = _text(question.get("owner")) if question is not None and named else None
        status = assessed.status if assessed is not None else "unanswered"
        items = []
        if question is not None and question.get("status") == "not_applicable":
            done = has_text(question.get("not_applicable_reason"), self.placeholders)
            todo = "say why it does not apply in `not_applicable_reason`, or answer it"
            text = "Marked not applicable, with a reason"
            pointer = f"{base}/not_applicable_reason"
            items.append(self.item(key, text, done, todo, pointer, owner=owner))
            return Section(key, guide.title, guide.question, status, owner, items, [])
        for expected in self.expects:
            tick, name = TICKS[expected.check]
            done = question is not None and tick(question, self.placeholders)
            pointer = f"{base}/{name}" if question is not None else base
            items.append(self.item(key, expected.item, done, expected.todo, pointer, owner=owner))
        done = question is not None and question.get("status") == "complete"
        todo = "set `status: complete` once the answer and everything above are in place"
        pointer = f"{base}/status" if question is not None else base
        items.append(self.item(key, "Marked complete", done, todo, pointer, owner=owner))
        for text in guide.extra_items:
            items.append(self.item(key, text, False, BY_HAND_TODO, base, owner=owner, kind=BY_HAND))
        actions = self.open_actions(key, base, question) if question is not None else []
        if status == ANSWERED:
            # Answered by PRODUCT.md §3, which does not need these items: say they are
            # recommended rather than "to do", so the section and its status agree.
            items = [
                replace(item, status=RECOMMENDED) if item.kind == CHECK and not item.done else item
                for item in items
            ]
        return Section(key, guide.title, guide.question, status, owner, items, actions)

    def open_actions(self, key: str, base: str, question: dict[str, Any]) -> list[Item]:
        out = []
        for index, action in mappings(question.get("actions")):
            if action.get("status", "open") not in ("open", None):
                continue
            pointer = f"{base}/actions/{index}"
            ident = _text(action.get("id")) or f"action {index + 1}"
            title = _text(action.get("title"))
            owner = _text(action.get("owner"))
            due = _text(action.get("due"))
            day = parse_day(action.get("due"))
            todo = []
            overdue = None
            if day is not None and day < self.as_of:
                overdue = (self.as_of - day).days
                pointer += "/due"
                todo.append(
                    f"overdue by {overdue} day{'' if overdue == 1 else 's'} at {self.as_of}:"
                    " mark it done or dropped, or agree a new due date"
                )
            if not has_text(action.get("owner"), self.placeholders):
                owner = None
                todo.append("name who will do it in `owner`")
            if day is None:
                todo.append("give it a due date (`due`, YYYY-MM-DD)")
            text = f"{ident}: {title}" if title else ident
            line = self.positions.locate(pointer)[0]
            out.append(
                Item(key, text, False, "; ".join(todo), owner, due, pointer, line, overdue, ACTION)
            )
        return out

    # --- plan-level items ----------------------------------------------------------------

    def plan_items(self, found: dict[str, list[Finding]]) -> list[Item]:
        """The fixed list of plan-level items (see ``PLAN_SECTIONS``): one per
        triple-aim gap, then finance, sign-off, the two audiences of engagement,
        consultations and the digital roadmap, whatever the number of problems."""
        return [
            *self.triple_aim_items(found.get("STP104", [])),
            self.finance_item(found.get("STP403", [])),
            self.sign_off_item(found.get("STP501", [])),
            *self.engagement_items(found.get("STP502", [])),
            self.consultation_item(found.get("STP503", [])),
            self.checked(
                "digital_roadmap",
                "The Local Digital Roadmap covers the same organisations as the STP",
                found.get("STP601", []),
                "/footprint/digital_roadmap",
            ),
        ]

    def waiver_note(self, finding: Finding) -> str:
        """ "waived until …: reason" when a live waiver covers ``finding``."""
        for waiver in self.waivers:
            if waiver.matches(finding) and waiver.expires >= self.as_of:
                return f"waived until {waiver.expires.isoformat()}: {waiver.reason}"
        return ""

    def note(self, finding: Finding, pointer: str) -> Note:
        line = self.positions.locate(pointer)[0]
        return Note(finding.message, pointer, line, self.waiver_note(finding))

    def checked(self, section: str, text: str, found: list[Finding], pointer: str) -> Item:
        """One item: ticked when the rule found nothing, else a note per problem.
        The item's own todo and pointer are the problem's when there is one, and a
        summary at ``pointer`` when there are several."""
        if not found:
            return self.item(section, text, True, "", pointer)
        notes = [self.note(f, f.pointer or pointer) for f in found]
        waived = sum(1 for note in notes if note.waived)
        status = WAIVED if waived == len(notes) else TO_DO
        if len(notes) == 1:
            todo = notes[0].waived or notes[0].todo
            pointer = notes[0].pointer
        elif status == WAIVED:  # accepted, not done: say so instead of listing work
            todo = "; ".join(dict.fromkeys(note.waived for note in notes))
        else:
            todo = f"{counted(len(notes) - waived, 'problem')} to fix"
            todo += f" and {waived} waived" if waived else ""
        item = self.item(section, text, False, todo, pointer)
        return replace(item, status=status, notes=notes)

    def triple_aim_items(self, found: list[Finding]) -> list[Item]:
        if not self.triple_aim:
            return []
        pointers = [f"/triple_aim/{escape_pointer_token(key)}" for key, _ in self.triple_aim]
        mine: list[list[Finding]] = [[] for _ in self.triple_aim]
        for finding in found:
            claimed = [
                index
                for index, (key, _) in enumerate(self.triple_aim)
                if finding.pointer == pointers[index]
                or (finding.pointer == "/triple_aim" and f"`triple_aim.{key}`" in finding.message)
            ]
            # STP104 names every gap it reports; one it does not still shows, under the first.
            mine[claimed[0] if claimed else 0].append(finding)
        return [
            self.checked(
                "triple_aim",
                f"{title}: described and quantified (a measure with baseline and target)",
                mine[index],
                pointers[index],
            )
            for index, (_, title) in enumerate(self.triple_aim)
        ]

    def finance_item(self, found: list[Finding]) -> Item:
        years = finance_bridge.bridge(self.plan)
        if not years:
            return self.item(
                "finance",
                "The finance bridge closes in the final year",
                False,
                "list the financial years in `finance.years`, with the do-nothing gap"
                " and each intervention's savings for every year",
                "/finance/years",
            )
        final = years[-1]
        if final.residual is None:
            text = (
                f"The finance bridge closes in {final.year} (residual unknown: a figure is missing)"
            )
        else:
            shown = f"{finance_bridge.figure(final.residual)} {finance_bridge.unit(self.plan)}"
            text = f"The finance bridge closes in {final.year} (residual {shown})"
        pointer = f"/finance/do_nothing_gap/{escape_pointer_token(final.year)}"
        return self.checked("finance", text, found, pointer)

    def sign_off_item(self, found: list[Finding]) -> Item:
        footprint = self.plan.get("footprint")
        listed = footprint.get("organisations") if isinstance(footprint, dict) else None
        organisations = mappings(listed)
        text = (
            "Every partner board has signed the plan off"
            f" ({counted(len(organisations), 'organisation')})"
        )
        pointer = "/footprint/organisations"
        if not organisations:
            todo = "list the footprint's organisations under `footprint.organisations`"
            return self.item("board_sign_off", text, False, todo, pointer)
        if submission_status(self.plan) in ("submitted", "approved"):
            return self.checked("board_sign_off", text, found, pointer)
        # A draft: STP501 does not judge it yet, but these are the sign-offs still to collect.
        # Written as STP501 findings so that a waiver for STP501 covers them the same way.
        unsigned = []
        for index, organisation in organisations:
            if _text(organisation.get("board_sign_off")) is not None:
                continue
            name = _text(organisation.get("name")) or f"organisation {index + 1}"
            code = _text(organisation.get("code"))
            who = f"`{name}` ({code})" if code else f"`{name}` (no ODS code)"
            todo = (
                f"{who} has no `board_sign_off` date: record the date its board signs"
                " the plan off before it is submitted"
            )
            where = f"{pointer}/{index}"
            line, column = self.positions.locate(where)
            unsigned.append(Finding("STP501", Severity.ERROR, todo, where, line, column))
        return self.checked("board_sign_off", text, unsigned, pointer)

    def engagement_items(self, found: list[Finding]) -> list[Item]:
        submission = self.plan.get("submission")
        deadline = _text(submission.get("deadline")) if isinstance(submission, dict) else None
        when = f" on or before the submission deadline ({deadline})" if deadline else ""
        staff = [f for f in found if "with staff" in f.message]
        public = [f for f in found if f not in staff]
        return [
            self.checked(
                "engagement", f"Patients or the public engaged{when}", public, "/engagement"
            ),
            self.checked("engagement", f"Staff engaged{when}", staff, "/engagement"),
        ]

    def consultation_item(self, found: list[Finding]) -> Item:
        decided = sum(
            1
            for _, change in mappings(self.plan.get("service_changes"))
            if change.get("decision") == "decided"
        )
        text = f"Public consultation complete for every decided service change ({decided} decided)"
        return self.checked("service_changes", text, found, "/service_changes")
