"""The roll-up over many plans: one row per plan (``stpctl report --rollup``).

The national and regional assurance view: for every plan, how many of the
ten questions are in each status, its completeness, the final-year residual
of its finance bridge, how many years of the bridge are in deficit, how much
of the final year's balance depends on the Sustainability and
Transformation Fund, and its error and warning counts, plus "which
question is red where" (each plan's status per question).

Decisions, written down because the issue is silent on them:

* Rows are sorted by footprint code (``--sort code``, the default), then by
  path (two versions of one footprint, such as a draft and a submission,
  both appear); a plan without a code comes after the coded ones.  A plan
  with a code that was recoded (E54000001, now E54000046) sorts under its
  current code.  ``--sort name`` sorts by the name the plan gives (ignoring
  case), ``--sort region`` by region (alphabetically, "Region not known"
  last) and code, ``--sort worst`` puts the plans with the most unanswered
  questions first and, among equals, the largest final-year residual (a
  residual that cannot be worked out comes after the known ones, a plan
  without a bridge last).
* A file that could not be read as a plan is not a row: it is listed after
  the plans, sorted by path, with its error count.
* Plans are not footprints: the heading counts both ("5 plans (3
  footprints)"), a footprint counted once per distinct current code.  When
  one footprint appears in several plans (a draft beside its submission,
  say) the roll-up says so, naming the code and the files.  The totals
  (``rollup_totals``) count each footprint once.
* Each row shows the plan's ``submission.status`` (draft, submitted,
  approved): the first thing an assurance lead asks.
* A row's region is the register's for its (current) code; a plan whose code
  is not in the register keeps the region it gives itself.
* A year is *in deficit* when its residual is known and positive (money
  still to find); a year whose residual cannot be worked out is counted
  apart as unknown, never as a deficit or as closed.  "Depends on the Fund"
  is the final year's: the part of its do-nothing gap only Fund income closes.
* The top finding and the Financial balance RAG: ``rollup_findings``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from stpctl.check.checker import PlanAnalysis
from stpctl.check.question_status import UNANSWERED
from stpctl.documents.report import RAG, STATUS_ORDER, completeness, footprint
from stpctl.documents.report_finance import finance
from stpctl.documents.rollup_findings import (
    FINANCE_QUESTION,
    TopFinding,
    finance_rag,
    top_finding,
    worse,
)
from stpctl.plan.finance_bridge import is_positive
from stpctl.records.finding import Severity
from stpctl.reference import register
from stpctl.reference.guidance import GuidancePack

SORTS = ("code", "name", "region", "worst")
NO_REGION = "Region not known"


@dataclass(frozen=True)
class FootprintRow:
    path: str
    code: str | None
    name: str | None
    submission_status: str  # draft | submitted | approved
    statuses: dict[str, str]  # question key → status, in the pack's order
    counts: dict[str, int]  # status → how many questions, in STATUS_ORDER
    percent: int
    final_year: str | None
    final_residual: float | None  # None without a bridge or with a figure missing
    unit: str | None
    errors: int
    warnings: int
    infos: int
    bridge_years: int = 0  # how many years the bridge has
    years_in_deficit: tuple[str, ...] = ()  # known to leave money still to find
    years_unknown: tuple[str, ...] = ()  # residual not worked out
    final_fund: float | None = None  # Fund income in the final year (0.0 without the Fund)
    final_fund_reliance: float | None = None  # how much of its balance depends on the Fund
    footprint_code: str | None = None  # the current code: E54000046 for a plan giving E54000001
    region: str = NO_REGION  # the register's, else the plan's own
    rag: dict[str, str] = field(default_factory=dict)  # question key → colour, finance included
    finance_rag: str = "green"  # from the finance findings alone
    top: TopFinding | None = None

    @property
    def file_name(self) -> str:
        """The plan file's name without its folder (the path is in JSON)."""
        return os.path.basename(self.path) or self.path

    @property
    def in_balance(self) -> bool | None:
        """Whether the final year closes; ``None`` when that is not known."""
        if self.final_residual is None:
            return None
        return not is_positive(self.final_residual)


@dataclass(frozen=True)
class NotLoaded:
    path: str
    errors: int
    message: str  # the first error, so the reader knows why


@dataclass(frozen=True)
class Rollup:
    as_of: date
    questions: tuple[tuple[str, str], ...]  # (key, title) in the pack's order
    rows: tuple[FootprintRow, ...]
    not_loaded: tuple[NotLoaded, ...]
    order: str = "code"  # how the rows are sorted: one of SORTS

    def red_count(self, key: str) -> int:
        """How many plans leave question ``key`` unanswered."""
        return sum(1 for row in self.rows if row.statuses.get(key) == UNANSWERED)

    def red_cells(self, key: str) -> int:
        """How many plans show question ``key`` red: unanswered, or for
        Financial balance also a finance error."""
        return sum(1 for row in self.rows if row.rag.get(key) == "red")

    def totals(self) -> dict[str, int]:
        """Questions in each status, over all plans (a footprint with two plans
        counts twice: see ``shared_codes``)."""
        return {status: sum(row.counts[status] for row in self.rows) for status in STATUS_ORDER}

    def footprint_count(self) -> int:
        """Distinct footprints among the plans (a recoded code counts for its
        current one)."""
        return len({row.footprint_code for row in self.rows if row.footprint_code is not None})

    def in_deficit(self) -> int:
        """How many plans have at least one year in deficit."""
        return sum(1 for row in self.rows if row.years_in_deficit)

    def uncoded(self) -> int:
        """Plans that give no footprint code."""
        return sum(1 for row in self.rows if row.code is None)

    def shared_codes(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each footprint code that appears in more than one plan, with the
        plans' paths (codes sorted, paths in row order)."""
        paths: dict[str, list[str]] = {}
        for row in self.rows:
            if row.footprint_code is not None:
                paths.setdefault(row.footprint_code, []).append(row.path)
        return tuple(
            (code, tuple(found)) for code, found in sorted(paths.items()) if len(found) > 1
        )


def row(analysis: PlanAnalysis, pack: GuidancePack) -> FootprintRow | NotLoaded:
    result = analysis.result
    errors = result.count(Severity.ERROR)
    if analysis.data is None:
        first = next((f.message for f in result.findings if f.severity is Severity.ERROR), "")
        return NotLoaded(result.path, errors, first)
    by_key = {item.key: item.status for item in analysis.assessments}
    statuses = {q.key: by_key[q.key] for q in pack.questions if q.key in by_key}
    done = completeness(list(statuses.values()))
    bridge = finance(analysis.data, pack.standards)
    final = bridge.final if bridge else None
    place = footprint(analysis.data)
    current = current_code(place.code)
    money = finance_rag(result.findings)
    rag = {key: RAG[status] for key, status in statuses.items()}
    if FINANCE_QUESTION in rag:
        rag[FINANCE_QUESTION] = worse(rag[FINANCE_QUESTION], money)
    return FootprintRow(
        path=result.path,
        code=place.code,
        name=place.name,
        submission_status=place.submission_status,
        statuses=statuses,
        counts=done.counts,
        percent=done.percent,
        final_year=final.year if final else None,
        final_residual=final.residual if final else None,
        unit=bridge.unit if bridge else None,
        errors=errors,
        warnings=result.count(Severity.WARNING),
        infos=result.count(Severity.INFO),
        bridge_years=len(bridge.years) if bridge else 0,
        years_in_deficit=bridge.years_in_deficit if bridge else (),
        years_unknown=bridge.unknown_years if bridge else (),
        final_fund=final.fund if final else None,
        final_fund_reliance=final.fund_reliance if final else None,
        footprint_code=current,
        region=region_of(current, place.region),
        rag=rag,
        finance_rag=money,
        top=top_finding(result.findings, pack),
    )


def current_code(code: str | None) -> str | None:
    """The footprint's code today (``register.current``)."""
    return register.current(code)


def region_of(code: str | None, written: str | None) -> str:
    """The register's region for ``code``, else the region the plan gives."""
    known = register.footprints().get(code or "")
    if known is not None and known.region:
        return known.region
    return written.strip() if written and written.strip() else NO_REGION


def sort_key(order: str) -> Callable[[FootprintRow], tuple[object, ...]]:
    """How ``--sort`` orders the rows (see the module's notes)."""

    def by_code(row: FootprintRow) -> tuple[object, ...]:
        return (row.footprint_code is None, row.footprint_code or "", row.code or "", row.path)

    if order == "name":
        return lambda row: (row.name is None, (row.name or "").casefold(), *by_code(row))
    if order == "region":
        return lambda row: (row.region == NO_REGION, row.region.casefold(), *by_code(row))
    if order == "worst":

        def worst(row: FootprintRow) -> tuple[object, ...]:
            known = row.final_residual is not None
            gap = -row.final_residual if row.final_residual is not None else 0.0
            unknown_rank = 0 if known else (1 if row.final_year else 2)
            return (-row.counts[UNANSWERED], unknown_rank, gap, *by_code(row))

        return worst
    return by_code


def build(
    analyses: Iterable[PlanAnalysis], as_of: date, pack: GuidancePack, order: str = "code"
) -> Rollup:
    """The roll-up over ``analyses``, taken one at a time: only each plan's
    row is kept, so the analyses may be made as they are needed."""
    return assemble((row(analysis, pack) for analysis in analyses), as_of, pack, order)


def assemble(
    made: Iterable[FootprintRow | NotLoaded], as_of: date, pack: GuidancePack, order: str = "code"
) -> Rollup:
    """The roll-up from each plan's row (or ``NotLoaded``), sorted by ``order``."""
    rows: list[FootprintRow] = []
    not_loaded: list[NotLoaded] = []
    for one in made:
        if isinstance(one, NotLoaded):
            not_loaded.append(one)
        else:
            rows.append(one)
    rows.sort(key=sort_key(order))
    not_loaded.sort(key=lambda r: r.path)
    questions = tuple((q.key, q.title) for q in pack.questions)
    return Rollup(as_of, questions, tuple(rows), tuple(not_loaded), order)
