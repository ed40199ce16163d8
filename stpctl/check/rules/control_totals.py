"""Control totals (issue 12): each NHS body's agreed surplus for a year, in
`finance.control_totals`, checked against the footprint and against the
plan's own bridge.  The reading lives in ``stpctl.plan.control_totals``."""

from __future__ import annotations

from collections.abc import Iterator

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.check.rules.finance_balance import arithmetic
from stpctl.plan import control_totals, finance_bridge
from stpctl.plan.control_totals import NHS_BODY_TYPES, TOLERANCE
from stpctl.plan.finance_bridge import figure
from stpctl.records.finding import Severity

_TOTALS = "/finance/control_totals"


def _position(total: float) -> str:
    """``a surplus of 1.5``, ``a deficit of 2.0``, ``balance (0.0)``."""
    if finance_bridge.is_positive(total):
        return f"a surplus of {figure(total)}"
    if finance_bridge.is_positive(-total):
        return f"a deficit of {figure(-total)}"
    return "balance (0.0)"


@rule("STP405", "control-total-organisation", Severity.ERROR)
def control_total_organisation(ctx: PlanContext) -> Iterator[Issue]:
    """A control total is not for one of the footprint's NHS bodies, or is given twice.

    `finance.control_totals` lists the control total agreed for each NHS
    body of the footprint, year by year: `{organisation: <ODS code>, year:
    2017/18, surplus: 1.5}` (in the finance unit; a deficit is negative).
    The organisation must be one of `footprint.organisations`, and an NHS
    body — a CCG (`ccg`), an NHS trust (`nhs_trust`), a foundation trust
    (`foundation_trust`) or an ambulance trust (`ambulance_trust`): councils
    and other partners have no NHS control total.  A body given twice for one
    year is named too, and that year is not compared with the bridge (rule
    STP406) until one figure is left: which one counts is not for stpctl to
    guess.  A control total that does not count is left out of the year's
    sum.

    Failing:

        footprint:
          organisations:
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
            - {name: Herefordshire Council, type: local_authority, code: E06000019}
        finance:
          control_totals:
            - {organisation: E06000019, year: 2016/17, surplus: 0.5}

    Passing:

        footprint:
          organisations:
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
            - {name: Herefordshire Council, type: local_authority, code: E06000019}
        finance:
          control_totals:
            - {organisation: RLQ, year: 2016/17, surplus: 0.5}
    """
    known = control_totals.organisations(ctx.data)
    first_line: dict[tuple[str, str], int] = {}
    for entry in control_totals.entries(ctx.data):
        code = entry.organisation
        if code is None:
            continue  # missing or not text: the schema check's finding
        when = f" in {entry.year}" if entry.year else ""
        body = known.get(code)
        if body is None:
            yield Issue(
                f"control total for {code}{when}: {code} is not one of the footprint's"
                " organisations; use the ODS code of one of its NHS bodies, or add the body"
                " to `footprint.organisations`",
                f"{entry.pointer}/organisation",
            )
            continue
        if not body.nhs_body:
            what = f"is a {body.kind}" if body.kind else "has no type"
            yield Issue(
                f"control total for {code}{when}: {body.named()} {what}, not an NHS body"
                f" ({', '.join(NHS_BODY_TYPES)}); only NHS bodies have control totals:"
                " remove it or correct the code",
                f"{entry.pointer}/organisation",
            )
            continue
        if entry.year is None:
            continue
        key = (code, entry.year)
        if key not in first_line:
            first_line[key] = ctx.positions.locate(entry.pointer)[0]
            continue
        yield Issue(
            f"second control total for {code} in {entry.year} (the first is on line"
            f" {first_line[key]}): give one figure per body and year; until then {entry.year}"
            " is not compared with the bridge",
            entry.pointer,
        )


@rule("STP406", "control-totals-disagree", Severity.ERROR)
def control_totals_disagree(ctx: PlanContext) -> Iterator[Issue]:
    """The bridge and the NHS bodies' control totals disagree about a year.

    The bridge and the control totals are two views of one position: for
    each year, the footprint's residual (do-nothing gap - savings - Fund
    income; positive = money still to find) must equal minus the sum of its
    NHS bodies' control totals (positive = surplus), within 0.5 for rounding.
    The residual counts the Fund income, so the control totals to write are
    the ones agreed with the Fund counted in (as 2016/17's were set).  A
    difference larger than that means one of the two is wrong; the finding
    names the difference, both figures and the arithmetic.  Only control
    totals of the footprint's NHS bodies count (rule STP405 names the
    others); a year with a residual that cannot be worked out, a control
    total that is not a number, or a body given twice is not compared.  A
    warning while the plan is a draft, an error once submitted.

    Failing:

        footprint:
          organisations:
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
        finance:
          years: [2016/17]
          do_nothing_gap: {2016/17: 20.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.5}}
          control_totals:
            - {organisation: RLQ, year: 2016/17, surplus: 4.0}

    Passing:

        footprint:
          organisations:
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
        finance:
          years: [2016/17]
          do_nothing_gap: {2016/17: 20.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.5}}
          control_totals:
            - {organisation: RLQ, year: 2016/17, surplus: 1.5}
    """
    totals = control_totals.year_totals(ctx.data)
    if not totals:
        return
    unit = finance_bridge.unit(ctx.data)
    with_fund = finance_bridge.counts_on_fund(ctx.data)
    for year in finance_bridge.bridge(ctx.data):
        listed = totals.get(year.year)
        if listed is None or listed.total is None or year.residual is None:
            continue
        if control_totals.agree(year.residual, listed.total):
            continue
        gap = abs(control_totals.difference(year.residual, listed.total))
        bodies = len({entry.organisation for entry in listed.entries})
        yield Issue(
            f"in {year.year} the bridge and the control totals disagree by {figure(gap)} {unit}:"
            f" the bridge leaves a residual of {figure(year.residual)}"
            f" ({arithmetic(year, with_fund)}), but the control totals of"
            f" {bodies} NHS bod{'y' if bodies == 1 else 'ies'} add up to"
            f" {_position(listed.total)}, so the residual should be {figure(-listed.total + 0.0)}"
            f" (within {TOLERANCE:g}); correct the bridge or the control totals",
            listed.entries[0].pointer,
            completeness_severity(ctx.data),
        )


@rule("STP407", "control-totals-years", Severity.WARNING)
def control_totals_years(ctx: PlanContext) -> Iterator[Issue]:
    """Control totals are given for some years of the plan but not others.

    Once a plan gives control totals (`finance.control_totals`), every year
    of `finance.years` needs them: a year without any cannot be checked
    against the bridge (rule STP406), and NHS England set and judged control
    totals year by year.  A control total for a year that is not one of
    `finance.years` is named too: it is compared with nothing.

    Failing:

        finance:
          years: [2016/17, 2017/18]
          control_totals:
            - {organisation: RLQ, year: 2016/17, surplus: 0.5}

    Passing:

        finance:
          years: [2016/17, 2017/18]
          control_totals:
            - {organisation: RLQ, year: 2016/17, surplus: 0.5}
            - {organisation: RLQ, year: 2017/18, surplus: 1.0}
    """
    entries = control_totals.entries(ctx.data)
    years = finance_bridge.bridge_years(ctx.data)
    if not entries or not years:
        return
    given = [year for year in years if any(entry.year == year for entry in entries)]
    missing = [year for year in years if year not in given]
    if given and missing:
        have = "has" if len(given) == 1 else "have"
        yield Issue(
            f"no control totals for {_and(missing)}, while {_and(given)} {have} them: give each"
            " NHS body's control total for every year of `finance.years`",
            _TOTALS,
        )
    for entry in entries:
        if entry.year is not None and entry.year not in years:
            yield Issue(
                f"control total for {entry.organisation or 'an organisation'} in {entry.year},"
                f" which is not one of `finance.years` ({', '.join(years)}): add the year or"
                " remove the figure; it is compared with nothing",
                f"{entry.pointer}/year",
            )


def _and(years: list[str]) -> str:
    return years[0] if len(years) == 1 else f"{', '.join(years[:-1])} and {years[-1]}"


RULES = [control_total_organisation, control_totals_disagree, control_totals_years]
