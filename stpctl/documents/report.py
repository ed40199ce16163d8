"""The board report for one plan, as plain data (``stpctl report``).

Built from a ``PlanAnalysis`` (findings, question assessments, the plan as
loaded) and the finance bridge; the renderers in ``stpctl/render/`` turn it
into Markdown, HTML or JSON and add nothing of their own but layout.

Every field that comes from the plan is read defensively: the report is
drawn for half-valid plans too, so a value of the wrong type is left out
(``None``) rather than shown as something it is not.

Decisions, written down because the issue is silent on them:

* Completeness counts a question as done when it is ``answered`` or
  ``not_applicable``: the percentage is done ÷ ten, rounded to a whole number.
* An action is overdue when it is open (``status: open`` or none) and its
  ``due`` date is before ``--as-of``; it is upcoming when open and due on
  ``--as-of`` or within the next ``UPCOMING_DAYS`` days.
* A triple-aim gap is *quantified* (green) when it has gap text and a
  measure with a numeric baseline and target, *partial* (amber) with one of
  the two, *missing* (red) with neither.
* Savings are grouped by intervention kind in the schema's order of kinds,
  then any other kind a plan wrote, alphabetically.
* Years are in date order; a year missing its do-nothing gap or any
  intervention's savings has an unknown (``None``) residual, shown as
  missing and never as closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from stpctl.check.checker import PlanAnalysis
from stpctl.check.question_status import (
    ANSWERED,
    NOT_APPLICABLE,
    PARTIAL,
    UNANSWERED,
    has_text,
    submission_status,
)
from stpctl.plan.finance_bridge import bridge, unit
from stpctl.plan.plan_parts import is_number, mappings, parse_day
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import escape_pointer_token
from stpctl.reference.guidance import GuidancePack

UPCOMING_DAYS = 90

# Colour and word for each status: the word is always shown beside the colour,
# for colour-blind readers and black-and-white printing.
RAG = {ANSWERED: "green", PARTIAL: "amber", UNANSWERED: "red", NOT_APPLICABLE: "grey"}
STATUS_WORDS = {
    ANSWERED: "Answered",
    PARTIAL: "Partial",
    UNANSWERED: "Unanswered",
    NOT_APPLICABLE: "Not applicable",
}
QUANTIFIED, GAP_PARTIAL, MISSING = "quantified", "partial", "missing"
GAP_RAG = {QUANTIFIED: "green", GAP_PARTIAL: "amber", MISSING: "red"}
GAP_WORDS = {QUANTIFIED: "Quantified", GAP_PARTIAL: "Partial", MISSING: "Missing"}

KIND_ORDER = (
    "provider_efficiency",
    "commissioner_qipp",
    "transformation_fund",
    "social_care",
    "estates",
    "other",
)
KIND_LABELS = {
    "provider_efficiency": "Provider efficiency",
    "commissioner_qipp": "Commissioner QIPP",
    "transformation_fund": "Transformation fund",
    "social_care": "Social care",
    "estates": "Estates",
    "other": "Other",
}
SEVERITY_ORDER = (Severity.ERROR, Severity.WARNING, Severity.INFO)
# Statuses as a board reads them: best first.
STATUS_ORDER = (ANSWERED, PARTIAL, UNANSWERED, NOT_APPLICABLE)


@dataclass(frozen=True)
class Lead:
    name: str | None
    role: str | None
    organisation: str | None


@dataclass(frozen=True)
class Footprint:
    name: str | None
    code: str | None
    region: str | None
    population: int | None
    lead: Lead | None
    submission_status: str
    version: str | None
    deadline: str | None


@dataclass(frozen=True)
class Completeness:
    done: int
    total: int
    percent: int
    counts: dict[str, int]  # every status, in STATUS_ORDER


@dataclass(frozen=True)
class QuestionRow:
    key: str
    title: str
    status: str
    rag: str
    word: str
    owner: str | None
    missing: tuple[str, ...]
    line: int


@dataclass(frozen=True)
class Measure:
    name: str | None
    unit: str | None
    baseline: float | None
    target: float | None
    by: str | None


@dataclass(frozen=True)
class GapRow:
    key: str
    title: str
    status: str
    rag: str
    word: str
    text: str | None
    measures: tuple[Measure, ...]
    line: int


@dataclass(frozen=True)
class FinanceYear:
    """One year of the bridge; ``None`` is a figure the plan does not give (or
    that cannot be worked out without it), shown as missing, never as 0."""

    year: str
    gap: float | None
    savings: tuple[float | None, ...]  # one per ``Finance.kinds``
    savings_total: float | None
    residual: float | None
    closed: bool  # known to close; False for an unknown year

    @property
    def known(self) -> bool:
        return self.residual is not None


@dataclass(frozen=True)
class Finance:
    unit: str
    kinds: tuple[str, ...]
    years: tuple[FinanceYear, ...]

    @property
    def final(self) -> FinanceYear | None:
        """The latest year (the bridge is in date order)."""
        return self.years[-1] if self.years else None

    @property
    def unknown_years(self) -> tuple[str, ...]:
        """Years whose residual cannot be worked out for a missing figure."""
        return tuple(year.year for year in self.years if not year.known)

    def label(self, kind: str) -> str:
        return kind_label(kind)


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


@dataclass(frozen=True)
class Report:
    path: str
    as_of: date
    loaded: bool
    footprint: Footprint | None
    completeness: Completeness | None
    questions: tuple[QuestionRow, ...]
    triple_aim: tuple[GapRow, ...]
    finance: Finance | None
    overdue: tuple[ActionRow, ...]
    upcoming: tuple[ActionRow, ...]
    findings: tuple[Finding, ...]  # most severe first, then in file order
    counts: dict[str, int]  # "error", "warning", "info"
    upcoming_days: int = UPCOMING_DAYS


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def text(value: object) -> str | None:
    """Plan text as one clean string, or ``None`` when it is not text or blank."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def label(value: object) -> str | None:
    """Text, or a number written where text was meant (``version: 1.0``)."""
    if is_number(value):
        return str(value)
    return text(value)


def build(analysis: PlanAnalysis, as_of: date, pack: GuidancePack) -> Report:
    """The report for one analysed plan (a plan that did not load gets only
    its path and findings)."""
    result = analysis.result
    findings = tuple(sorted(result.findings, key=_finding_order))
    counts = {severity.value: result.count(severity) for severity in SEVERITY_ORDER}
    data = analysis.data
    if data is None:
        return Report(result.path, as_of, False, None, None, (), (), None, (), (), findings, counts)
    statuses = {item.key: item for item in analysis.assessments}
    questions = _questions(data, analysis, pack)
    overdue, upcoming = _actions(data, analysis, pack, as_of)
    return Report(
        path=result.path,
        as_of=as_of,
        loaded=True,
        footprint=footprint(data),
        completeness=completeness([statuses[key].status for key in statuses]),
        questions=questions,
        triple_aim=_triple_aim(data, analysis, pack),
        finance=finance(data),
        overdue=overdue,
        upcoming=upcoming,
        findings=findings,
        counts=counts,
    )


def _finding_order(finding: Finding) -> tuple[int, int, int, str, str]:
    return (-finding.severity.rank, *finding.sort_key())


def footprint(data: dict[str, Any]) -> Footprint:
    section = _mapping(data.get("footprint"))
    lead = section.get("lead")
    population = section.get("population")
    submission = _mapping(data.get("submission"))
    return Footprint(
        name=text(section.get("name")),
        code=text(section.get("code")),
        region=text(section.get("region")),
        population=population if isinstance(population, int) and is_number(population) else None,
        lead=(
            Lead(text(lead.get("name")), text(lead.get("role")), text(lead.get("organisation")))
            if isinstance(lead, dict)
            else None
        ),
        submission_status=submission_status(data),
        version=label(submission.get("version")),
        deadline=text(submission.get("deadline")),
    )


def completeness(statuses: list[str]) -> Completeness:
    counts = {status: statuses.count(status) for status in STATUS_ORDER}
    done = counts[ANSWERED] + counts[NOT_APPLICABLE]
    total = len(statuses)
    percent = (done * 200 + total) // (2 * total) if total else 0  # half up, no float
    return Completeness(done, total, percent, counts)


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _questions(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack
) -> tuple[QuestionRow, ...]:
    by_key = {item.key: item for item in analysis.assessments}
    written = _mapping(data.get("questions"))
    rows = []
    for guide in pack.questions:
        assessment = by_key.get(guide.key)
        if assessment is None:
            continue
        question = _mapping(written.get(guide.key))
        missing = () if assessment.status == ANSWERED else assessment.reasons
        rows.append(
            QuestionRow(
                key=guide.key,
                title=guide.title,
                status=assessment.status,
                rag=RAG[assessment.status],
                word=STATUS_WORDS[assessment.status],
                owner=text(question.get("owner")),
                missing=missing,
                line=analysis.positions.locate(f"/questions/{guide.key}")[0],
            )
        )
    return tuple(rows)


def _triple_aim(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack
) -> tuple[GapRow, ...]:
    section = _mapping(data.get("triple_aim"))
    rows = []
    for key, title in pack.triple_aim:
        gap = _mapping(section.get(key))
        described = has_text(gap.get("gap"), pack.placeholders)
        measures = tuple(_measure(m) for _, m in mappings(gap.get("measures")))
        quantified = any(m.baseline is not None and m.target is not None for m in measures)
        status = (
            QUANTIFIED
            if described and quantified
            else GAP_PARTIAL
            if described or quantified
            else MISSING
        )
        rows.append(
            GapRow(
                key=key,
                title=title,
                status=status,
                rag=GAP_RAG[status],
                word=GAP_WORDS[status],
                text=text(gap.get("gap")) if described else None,
                measures=measures,
                line=analysis.positions.locate(f"/triple_aim/{escape_pointer_token(key)}")[0],
            )
        )
    return tuple(rows)


def _measure(measure: dict[str, Any]) -> Measure:
    def number(value: object) -> float | None:
        return float(value) if is_number(value) else None  # type: ignore[arg-type]

    return Measure(
        name=text(measure.get("name")),
        unit=text(measure.get("unit")),
        baseline=number(measure.get("baseline")),
        target=number(measure.get("target")),
        by=text(measure.get("by")),
    )


def finance(data: dict[str, Any]) -> Finance | None:
    """The bridge with savings by kind; ``None`` when the plan lists no years."""
    years = bridge(data)
    if not years:
        return None
    seen = {kind for year in years for kind in year.savings_by_kind}
    kinds = tuple(
        [kind for kind in KIND_ORDER if kind in seen] + sorted(seen.difference(KIND_ORDER))
    )
    return Finance(
        unit=unit(data),
        kinds=kinds,
        years=tuple(
            FinanceYear(
                year=year.year,
                gap=year.gap,
                savings=tuple(year.savings_by_kind.get(kind, 0.0) for kind in kinds),
                savings_total=year.savings_total,
                residual=year.residual,
                closed=year.closed,
            )
            for year in years
        ),
    )


def _actions(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack, as_of: date
) -> tuple[tuple[ActionRow, ...], tuple[ActionRow, ...]]:
    written = _mapping(data.get("questions"))
    horizon = as_of + timedelta(days=UPCOMING_DAYS)
    overdue: list[tuple[int, ActionRow]] = []
    upcoming: list[tuple[int, ActionRow]] = []
    for order, guide in enumerate(pack.questions):
        question = _mapping(written.get(guide.key))
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
