"""The roll-up's totals: over the country, by region, and the footprints of
the register that have no plan.

Decisions, written down because the issue leaves them open:

* The totals count each **footprint once**.  When several plans share a
  footprint (a draft beside its submission, or a plan still giving a
  recoded code beside one giving the new code), the one furthest along
  stands for it: approved, then submitted, then draft, and among equals the
  last in path order.  A plan without a footprint code counts on its own.
  ``plans`` still counts every plan.
* *In balance* is the final year's: a known residual of zero or less; *out
  of balance* a known positive residual; a plan whose final-year residual
  cannot be worked out (or that has no bridge) is *not known*.
* The *total final-year residual* adds the known final-year residuals of
  the footprints counted, in GBP million; a plan that gives its finance in
  another unit is left out of the sum and counted as such.  *Out of balance
  by* adds only the positive ones: surpluses elsewhere do not close them.
* *Questions* count the roll-up's cells: red, amber, green and grey (not
  applicable), the Financial balance cell agreeing with the finance
  findings (``rollup_findings``).
* A region's figures are the same, over the footprints of that region (the
  register's region; see ``rollup``).  Regions are listed alphabetically,
  "Region not known" last.
* *Footprints without a plan* are the register's current footprints (44;
  a recoded one once, under its current code) that no plan names, by its
  current or its old code.  A plan that could not be read names none.
"""

from __future__ import annotations

from dataclasses import dataclass

from stpctl.documents.rollup import NO_REGION, FootprintRow, Rollup
from stpctl.plan.finance_bridge import DEFAULT_UNIT, is_positive
from stpctl.reference import register

SUBMISSION_STATUSES = ("draft", "submitted", "approved")
OTHER_STATUS = "other"
RAG_ORDER = ("red", "amber", "green", "grey")
# How far along a plan is, for choosing the one that stands for a footprint.
_PROGRESS = {"draft": 1, "submitted": 2, "approved": 3}


@dataclass(frozen=True)
class Totals:
    plans: int
    footprints: int  # distinct footprints among the plans
    without_code: int  # plans that give no footprint code
    by_status: dict[str, int]  # draft, submitted, approved, other: footprints counted
    in_balance: int
    out_of_balance: int
    balance_not_known: int
    final_residual: float | None  # known final-year residuals added up; None: none known
    out_of_balance_by: float  # the positive ones added up
    other_unit: int  # left out of the sums: finance in another unit
    questions: dict[str, int]  # red, amber, green, grey
    registered: int  # footprints in the register (in the region)
    without_plan: int  # of those, named by no plan


@dataclass(frozen=True)
class RegionTotals:
    region: str
    totals: Totals


@dataclass(frozen=True)
class Unplanned:
    code: str
    name: str
    region: str
    old_codes: tuple[str, ...]  # the codes it had before a recoding


def counted(rows: tuple[FootprintRow, ...]) -> list[FootprintRow]:
    """One plan per footprint (see the module's notes), plus every plan
    without a code, in the rows' order."""
    chosen: dict[str, FootprintRow] = {}
    for row in sorted(rows, key=lambda r: r.path):
        code = row.footprint_code
        if code is None:
            continue
        held = chosen.get(code)
        if held is None or _progress(row) >= _progress(held):
            chosen[code] = row
    keep = {id(row) for row in chosen.values()}
    return [row for row in rows if row.footprint_code is None or id(row) in keep]


def _progress(row: FootprintRow) -> int:
    return _PROGRESS.get(row.submission_status, 0)


def totals(rollup: Rollup, region: str | None = None) -> Totals:
    """The totals over all the plans, or over those of ``region``."""
    rows = tuple(row for row in rollup.rows if region is None or row.region == region)
    footprints = counted(rows)
    by_status = dict.fromkeys((*SUBMISSION_STATUSES, OTHER_STATUS), 0)
    for row in footprints:
        status = row.submission_status
        by_status[status if status in SUBMISSION_STATUSES else OTHER_STATUS] += 1
    same_unit = [row for row in footprints if row.unit in (None, DEFAULT_UNIT)]
    residuals = [row.final_residual for row in same_unit if row.final_residual is not None]
    questions = dict.fromkeys(RAG_ORDER, 0)
    for row in footprints:
        for colour in row.rag.values():
            questions[colour] += 1
    registered = _registered(region)
    covered = {row.footprint_code for row in rows} & set(registered)
    return Totals(
        plans=len(rows),
        footprints=len({row.footprint_code for row in rows if row.footprint_code is not None}),
        without_code=sum(1 for row in rows if row.footprint_code is None),
        by_status=by_status,
        in_balance=sum(1 for row in footprints if row.in_balance is True),
        out_of_balance=sum(1 for row in footprints if row.in_balance is False),
        balance_not_known=sum(1 for row in footprints if row.in_balance is None),
        final_residual=_added(residuals) if residuals else None,
        out_of_balance_by=_added([r for r in residuals if is_positive(r)]),
        other_unit=sum(
            1
            for row in footprints
            if row.unit not in (None, DEFAULT_UNIT) and row.final_residual is not None
        ),
        questions=questions,
        registered=len(registered),
        without_plan=len(registered) - len(covered),
    )


def _added(amounts: list[float]) -> float:
    # Rounded as the bridge rounds, so 0.1 + 0.2 shows as 0.3.
    return round(sum(amounts), 6) + 0.0


def _registered(region: str | None) -> dict[str, register.Footprint]:
    """The register's current footprints, in ``region`` when one is given."""
    return {
        code: fp
        for code, fp in register.footprints().items()
        if fp.replaced_by is None and (region is None or fp.region == region)
    }


def regions(rollup: Rollup) -> tuple[RegionTotals, ...]:
    """The totals of each region that has a plan or a registered footprint."""
    names = {row.region for row in rollup.rows} | {fp.region for fp in _registered(None).values()}
    ordered = sorted(names - {NO_REGION}, key=str.casefold)
    if NO_REGION in names:
        ordered.append(NO_REGION)
    return tuple(RegionTotals(name, totals(rollup, name)) for name in ordered)


def without_plan(rollup: Rollup) -> tuple[Unplanned, ...]:
    """The register's current footprints that no plan names, in code order."""
    named = {row.footprint_code for row in rollup.rows}
    return tuple(
        Unplanned(code, fp.name, fp.region or NO_REGION, register.recoded_from(code))
        for code, fp in sorted(_registered(None).items())
        if code not in named
    )
