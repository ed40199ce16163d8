"""The roll-up over many plans: one row per plan (``stpctl report --rollup``).

The national and regional assurance view: for every plan, how many of the
ten questions are in each status, its completeness, the final-year residual
of its finance bridge, and its error and warning counts, plus "which
question is red where" (each plan's status per question).

Decisions, written down because the issue is silent on them:

* Rows are sorted by footprint code, then by path (two versions of one
  footprint, such as a draft and a submission, both appear); a plan without
  a code comes after the coded ones.
* A file that could not be read as a plan is not a row: it is listed after
  the plans, sorted by path, with its error count.
* Plans are not footprints: the heading counts both ("5 plans (3
  footprints)"), a footprint counted once per distinct code.  When one code
  appears in several plans (a draft beside its submission, say) the roll-up
  says so, naming the code and the files, and every total is over plans,
  labelled as such.
* Each row shows the plan's ``submission.status`` (draft, submitted,
  approved): the first thing an assurance lead asks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from stpctl.check.checker import PlanAnalysis
from stpctl.check.question_status import UNANSWERED
from stpctl.documents.report import STATUS_ORDER, completeness, footprint
from stpctl.documents.report_finance import finance
from stpctl.records.finding import Severity
from stpctl.reference.guidance import GuidancePack


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

    def red_count(self, key: str) -> int:
        """How many plans leave question ``key`` unanswered."""
        return sum(1 for row in self.rows if row.statuses.get(key) == UNANSWERED)

    def totals(self) -> dict[str, int]:
        """Questions in each status, over all plans (a footprint with two plans
        counts twice: see ``shared_codes``)."""
        return {status: sum(row.counts[status] for row in self.rows) for status in STATUS_ORDER}

    def footprint_count(self) -> int:
        """Distinct footprint codes among the plans."""
        return len({row.code for row in self.rows if row.code is not None})

    def uncoded(self) -> int:
        """Plans that give no footprint code."""
        return sum(1 for row in self.rows if row.code is None)

    def shared_codes(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Each footprint code that appears in more than one plan, with the
        plans' paths (codes sorted, paths in row order)."""
        paths: dict[str, list[str]] = {}
        for row in self.rows:
            if row.code is not None:
                paths.setdefault(row.code, []).append(row.path)
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
    bridge = finance(analysis.data)
    final = bridge.final if bridge else None
    place = footprint(analysis.data)
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
    )


def build(analyses: Iterable[PlanAnalysis], as_of: date, pack: GuidancePack) -> Rollup:
    """The roll-up over ``analyses``, taken one at a time: only each plan's
    row is kept, so the analyses may be made as they are needed."""
    rows: list[FootprintRow] = []
    not_loaded: list[NotLoaded] = []
    for analysis in analyses:
        made = row(analysis, pack)
        if isinstance(made, NotLoaded):
            not_loaded.append(made)
        else:
            rows.append(made)
    rows.sort(key=lambda r: (r.code is None, r.code or "", r.path))
    not_loaded.sort(key=lambda r: r.path)
    questions = tuple((q.key, q.title) for q in pack.questions)
    return Rollup(as_of, questions, tuple(rows), tuple(not_loaded))
