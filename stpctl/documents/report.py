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

The finance and actions sections are built in ``report_finance`` and
``report_actions``; ``report_values`` reads plan values defensively for all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from stpctl.check.checker import PlanAnalysis, Settings, findings_once_submitted
from stpctl.check.question_status import (
    ANSWERED,
    NOT_APPLICABLE,
    PARTIAL,
    UNANSWERED,
    has_text,
    submission_status,
)
from stpctl.documents.report_actions import (
    UPCOMING_DAYS,
    ActionRow,
    HistoryRow,
    MilestoneRow,
    actions,
    history,
    milestones,
)
from stpctl.documents.report_finance import Finance, finance
from stpctl.documents.report_findings import NO_FINDINGS, BoardFindings, board_findings
from stpctl.documents.report_values import label, mapping, text
from stpctl.plan.plan_parts import is_number, mappings
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import escape_pointer_token
from stpctl.reference.guidance import GuidancePack

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
    milestones: tuple[MilestoneRow, ...] = ()
    history: tuple[HistoryRow, ...] = ()
    board: BoardFindings = NO_FINDINGS  # the findings for a board (human formats)


def build(
    analysis: PlanAnalysis, as_of: date, pack: GuidancePack, settings: Settings | None = None
) -> Report:
    """The report for one analysed plan (a plan that did not load gets only
    its path and findings).  With ``settings``, a draft's findings for the
    board include what would be errors once it is submitted."""
    result = analysis.result
    findings = tuple(sorted(result.findings, key=_finding_order))
    counts = {severity.value: result.count(severity) for severity in SEVERITY_ORDER}
    data = analysis.data
    if data is None:
        return Report(result.path, as_of, False, None, None, (), (), None, (), (), findings, counts)
    once_submitted = (
        findings_once_submitted(analysis, settings)
        if settings is not None and submission_status(data) not in ("submitted", "approved")
        else None
    )
    statuses = {item.key: item for item in analysis.assessments}
    questions = _questions(data, analysis, pack)
    overdue, upcoming = actions(data, analysis, pack, as_of)
    return Report(
        path=result.path,
        as_of=as_of,
        loaded=True,
        footprint=footprint(data),
        completeness=completeness([statuses[key].status for key in statuses]),
        questions=questions,
        triple_aim=_triple_aim(data, analysis, pack),
        finance=finance(data, pack.standards),
        overdue=overdue,
        upcoming=upcoming,
        findings=findings,
        counts=counts,
        milestones=milestones(data, analysis, pack),
        history=history(data, analysis),
        board=board_findings(findings, once_submitted),
    )


def _finding_order(finding: Finding) -> tuple[int, int, int, str, str]:
    return (-finding.severity.rank, *finding.sort_key())


def footprint(data: dict[str, Any]) -> Footprint:
    section = mapping(data.get("footprint"))
    lead = section.get("lead")
    population = section.get("population")
    submission = mapping(data.get("submission"))
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


def _questions(
    data: dict[str, Any], analysis: PlanAnalysis, pack: GuidancePack
) -> tuple[QuestionRow, ...]:
    by_key = {item.key: item for item in analysis.assessments}
    written = mapping(data.get("questions"))
    rows = []
    for guide in pack.questions:
        assessment = by_key.get(guide.key)
        if assessment is None:
            continue
        question = mapping(written.get(guide.key))
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
    section = mapping(data.get("triple_aim"))
    rows = []
    for key, title in pack.triple_aim:
        gap = mapping(section.get(key))
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
