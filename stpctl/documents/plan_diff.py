"""What changed between two versions of a plan (``stpctl diff``).

Pure: two ``PlanAnalysis`` in, one ``PlanDiff`` out; the renderers turn it
into text, Markdown or JSON.  How things are matched, written down because
users read the result:

* questions by key, in the guidance pack's order; their computed status
  (answered, partial…) is compared, and answers whose text changed are named;
* actions by ``id``; an action without one by its question and title (so
  renaming an id-less action shows as one removed and one added);
* interventions by name (two with the same name are added together);
* organisations by ODS code;
* findings by rule and JSON pointer, never by line (lines move with every
  edit).  A list position in the pointer is read as the item's ``id`` (or
  ODS ``code``) when it has one, so inserting an action does not make the
  findings about the actions after it look new.

This module compares the plan's own details (footprint, submission,
organisations) and the questions, and puts the diff together; the actions,
finance and findings sections are compared in ``diff_actions``,
``diff_finance`` and ``diff_findings``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from stpctl.check.checker import PlanAnalysis
from stpctl.documents.diff_actions import ActionsDiff, compare_actions
from stpctl.documents.diff_base import FieldChange, plan_text
from stpctl.documents.diff_finance import FinanceDiff, compare_finance
from stpctl.documents.diff_findings import FindingsDiff, compare_findings
from stpctl.load.loader import RULE_NOT_A_PLAN
from stpctl.plan.plan_parts import mappings
from stpctl.records.finding import Finding, Severity
from stpctl.reference import register
from stpctl.reference.guidance import GuidancePack


@dataclass(frozen=True)
class StatusChange:
    key: str
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    board_sign_off: str | None


@dataclass(frozen=True)
class SignOff:
    """A board sign-off date that was added, changed or taken out."""

    code: str
    name: str
    old: str | None
    new: str | None


@dataclass
class OrganisationsDiff:
    added: list[Organisation] = field(default_factory=list)
    removed: list[Organisation] = field(default_factory=list)
    signed_off: list[SignOff] = field(default_factory=list)
    roadmap_added: list[str] = field(default_factory=list)
    roadmap_removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass
class PlanDiff:
    old_path: str
    new_path: str
    as_of: date
    footprint: dict[str, str]
    details: list[FieldChange]
    questions: list[StatusChange]
    answers_rewritten: list[str]
    actions: ActionsDiff
    finance: FinanceDiff
    findings: FindingsDiff
    organisations: OrganisationsDiff

    @property
    def changed(self) -> bool:
        return any(
            bool(part)
            for part in (
                self.details,
                self.questions,
                self.answers_rewritten,
                self.actions,
                self.finance,
                self.findings,
                self.organisations,
            )
        )


class NotLoaded(Exception):
    """One of the plans did not load; ``finding`` says why."""

    def __init__(self, path: str, finding: Finding) -> None:
        super().__init__(f"{path}:{finding.line}:{finding.column}: {finding.message}")
        self.path = path
        self.finding = finding


def diff_plans(
    old: PlanAnalysis, new: PlanAnalysis, guidance: GuidancePack, as_of: date
) -> PlanDiff:
    """The differences from ``old`` to ``new``; raises ``NotLoaded`` when
    either plan did not load as a mapping."""
    old_data, new_data = _loaded(old), _loaded(new)
    footprint = new.result.footprint or old.result.footprint or {}
    return PlanDiff(
        old_path=old.result.path,
        new_path=new.result.path,
        as_of=as_of,
        footprint=dict(footprint),
        details=_details(old_data, new_data),
        questions=_statuses(old, new, guidance),
        answers_rewritten=_answers_rewritten(old_data, new_data, guidance),
        actions=compare_actions(old_data, new_data),
        finance=compare_finance(old_data, new_data),
        findings=compare_findings(old, new),
        organisations=_organisations(old_data, new_data),
    )


def different_footprints(old: PlanAnalysis, new: PlanAnalysis) -> str | None:
    """A warning when the two plans are about different footprints (by
    current code when both give one, else by name), ``None`` otherwise: a
    diff compares two versions of one footprint's plan.  A plan still giving
    a recoded footprint's old code is the same footprint as its new code."""
    said = [dict(plan.result.footprint or {}) for plan in (old, new)]
    codes = [register.current(place.get("code") or None) for place in said]
    names = [(place.get("name") or "").strip() for place in said]
    if all(codes):
        if codes[0] == codes[1]:
            return None
    elif not all(names) or names[0].casefold() == names[1].casefold():
        return None
    shown = [
        " ".join(part for part in (name, f"({code})" if code else "") if part)
        for name, code in zip(names, [place.get("code") for place in said], strict=True)
    ]
    return (
        f"the plans are for different footprints: {old.result.path} is {shown[0]},"
        f" {new.result.path} is {shown[1]}; diff compares two versions of one footprint's plan"
    )


def _loaded(analysis: PlanAnalysis) -> dict[str, Any]:
    if analysis.data is None:
        findings = analysis.result.findings
        why = findings[0] if findings else Finding(RULE_NOT_A_PLAN, Severity.ERROR, "not a plan")
        raise NotLoaded(analysis.result.path, why)
    return analysis.data


# --- footprint and submission details -----------------------------------------------------


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


DETAIL_FIELDS = (
    ("footprint", "name"),
    ("footprint", "code"),
    ("submission", "status"),
    ("submission", "version"),
    ("submission", "deadline"),
    ("submission", "submitted_on"),
)


def _details(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    out = []
    for section, key in DETAIL_FIELDS:
        before = plan_text(_section(old, section).get(key))
        after = plan_text(_section(new, section).get(key))
        if before != after:
            out.append(FieldChange(f"{section}.{key}", before, after))
    # Checkpoints and resubmissions: each entry added or taken out, as one line.
    # (Looked up in sets: a list of each would compare every pair, issue 10.)
    before_history, after_history = _history(old), _history(new)
    before_set, after_set = set(before_history), set(after_history)
    out.extend(
        FieldChange("submission.history", entry, None)
        for entry in before_history
        if entry not in after_set
    )
    out.extend(
        FieldChange("submission.history", None, entry)
        for entry in after_history
        if entry not in before_set
    )
    return out


def _history(data: dict[str, Any]) -> list[str]:
    """``submission.history`` entries as lines: ``2016-06-30 version 1.0 submitted: note``."""
    lines = []
    for _, entry in mappings(_section(data, "submission").get("history")):
        version = plan_text(entry.get("version"))
        status, note = plan_text(entry.get("status")), plan_text(entry.get("note"))
        line = plan_text(entry.get("date")) or "(no date)"
        line += f" version {version}" if version else ""
        line += f" {status}" if status else ""
        lines.append(line + (f": {note}" if note else ""))
    return lines


# --- questions ----------------------------------------------------------------------------


def _statuses(old: PlanAnalysis, new: PlanAnalysis, guidance: GuidancePack) -> list[StatusChange]:
    before = {a.key: a.status for a in old.assessments}
    after = {a.key: a.status for a in new.assessments}
    return [
        StatusChange(q.key, q.title, before[q.key], after[q.key])
        for q in guidance.questions
        if q.key in before and q.key in after and before[q.key] != after[q.key]
    ]


def _answer(data: dict[str, Any], key: str) -> str:
    question = _section(data, "questions").get(key)
    answer = question.get("answer") if isinstance(question, dict) else None
    # Reflowing a paragraph is not a rewrite: compare the words only.
    return " ".join(answer.split()) if isinstance(answer, str) else ""


def _answers_rewritten(
    old: dict[str, Any], new: dict[str, Any], guidance: GuidancePack
) -> list[str]:
    return [q.key for q in guidance.questions if _answer(old, q.key) != _answer(new, q.key)]


# --- organisations ------------------------------------------------------------------------


def _organisations_of(data: dict[str, Any]) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    for _, org in mappings(_section(data, "footprint").get("organisations")):
        code = plan_text(org.get("code"))
        if code and code not in out:
            out[code] = Organisation(
                code, plan_text(org.get("name")) or "", plan_text(org.get("board_sign_off"))
            )
    return out


def _roadmap(data: dict[str, Any]) -> list[str]:
    listed = _section(_section(data, "footprint"), "digital_roadmap").get("organisations")
    codes = [plan_text(code) for code in listed] if isinstance(listed, list) else []
    return list(dict.fromkeys(code for code in codes if code))


def _organisations(old: dict[str, Any], new: dict[str, Any]) -> OrganisationsDiff:
    before, after = _organisations_of(old), _organisations_of(new)
    out = OrganisationsDiff(
        added=[org for code, org in after.items() if code not in before],
        removed=[org for code, org in before.items() if code not in after],
    )
    for code, org in after.items():
        was = before.get(code)
        if was is not None and was.board_sign_off != org.board_sign_off:
            out.signed_off.append(SignOff(code, org.name, was.board_sign_off, org.board_sign_off))
    old_roadmap, new_roadmap = _roadmap(old), _roadmap(new)
    # Looked up in sets: in the lists themselves, two long roadmaps would
    # compare every code with every other.
    listed_before, listed_after = set(old_roadmap), set(new_roadmap)
    out.roadmap_added = [code for code in new_roadmap if code not in listed_before]
    out.roadmap_removed = [code for code in old_roadmap if code not in listed_after]
    return out
