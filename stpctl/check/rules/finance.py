"""Finance: the bridge from the do-nothing gap to financial balance (PRODUCT.md §4).

The arithmetic lives in `stpctl.plan.finance_bridge` (the report draws its chart
from the same numbers); these rules say where the plan's figures are
incomplete and where the bridge does not close, in every year:

    residual = do-nothing gap - savings - Fund income

Here, STP401: a figure missing for a year.  Whether each year closes is in
``finance_balance`` (the first and the final year judged as strongly, STP404
and STP403, the years between as warnings, STP402); control totals are in
``control_totals``, the Fund's conditions in ``transformation_fund``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan import finance_bridge
from stpctl.plan.plan_parts import is_financial_year
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token

_GAP = "/finance/do_nothing_gap"
_FUND = "/finance/transformation_fund"


def intervention_label(index: int, scheme: dict[str, Any]) -> str:
    name = scheme.get("name")
    if isinstance(name, str) and name.strip():
        return f"intervention `{name.strip()}`"
    return f"intervention {index + 1} (no name)"


def _listing(years: list[str]) -> str:
    return ", ".join(years)


@rule("STP401", "finance-year-missing", Severity.ERROR)
def finance_year_missing(ctx: PlanContext) -> Iterator[Issue]:
    """A financial year is missing from the do-nothing gap or an intervention.

    Every year of `finance.years` needs a figure in `do_nothing_gap` and in
    the `savings` of every intervention (write `0.0` for a year a scheme
    saves nothing), otherwise the bridge for that year is guesswork.  A figure
    for a year that is not in `years` is reported too: it is left out of the
    bridge, and usually means a typo or a year added in one place only.  A
    plan with no do-nothing gap at all (as `stpctl init` writes it) gets one
    reminder, a warning while the plan is a draft.  Fund income given in
    `finance.transformation_fund` needs a figure for every year too (0.0 for
    a year with none): a missing one leaves the year's residual unknown,
    never closed.

    An entry of `years` that is not a financial year (`2016-17`) is the schema
    check's finding (STP013) and is not repeated here; while one is there,
    figures for years missing from `years` are not reported either, since the
    mistyped entry is most likely the year they belong to.  A `years` list out
    of date order gets a note (information): the bridge always works in date
    order, so the final year is the latest one, whatever its place in the list.

    Failing:

        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 96.0, 2017/18: 140.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 40.0}}

    Passing:

        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 96.0, 2017/18: 140.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2016/17: 40.0, 2017/18: 0.0}
    """
    written = finance_bridge.years(ctx.data)
    years = finance_bridge.bridge_years(ctx.data)
    if not years:
        return
    # A mistyped entry may be the year an "extra" figure belongs to: say nothing
    # about extra figures until the schema's finding for the typo is fixed.
    typo = len(years) != len(written)
    if not finance_bridge.in_date_order(ctx.data):
        shown = [year for year in written if is_financial_year(year)]
        yield Issue(
            f"`finance.years` is not in date order ({_listing(shown)}): the bridge is"
            f" worked in date order, so {years[-1]} is taken as the final year;"
            f" list the years as {_listing(years)}",
            "/finance/years",
            Severity.INFO,
        )
    finance = finance_bridge.finance_section(ctx.data)
    gaps = finance.get("do_nothing_gap")
    if gaps is None or gaps == {}:
        yield Issue(
            f"`do_nothing_gap` has no figures yet: give the shortfall if nothing changes for"
            f" each of {_listing(years)}",
            _GAP if "do_nothing_gap" in finance else "/finance",
            completeness_severity(ctx.data),
        )
    elif isinstance(gaps, dict):
        yield from _year_gaps(gaps, years, "`do_nothing_gap`", _GAP, ("figure", "a figure"), typo)
    fund = finance.get("transformation_fund")
    if fund == {}:
        yield Issue(
            f"`transformation_fund` has no figures yet: give the Fund income for each of"
            f" {_listing(years)} (0.0 for a year with none), or remove it if the plan counts"
            " on no Fund",
            _FUND,
            completeness_severity(ctx.data),
        )
    elif isinstance(fund, dict):
        yield from _year_gaps(
            fund, years, "`transformation_fund`", _FUND, ("figure", "a figure"), typo
        )
    for index, scheme in finance_bridge.interventions(ctx.data):
        where = f"/finance/interventions/{index}"
        label = intervention_label(index, scheme)
        savings = scheme.get("savings")
        if savings is None or savings == {}:
            yield Issue(
                f"{label} has no savings: give what it saves in each of {_listing(years)}"
                " (0.0 for a year it saves nothing)",
                f"{where}/savings" if "savings" in scheme else where,
            )
        elif isinstance(savings, dict):
            yield from _year_gaps(savings, years, label, f"{where}/savings", ("savings",) * 2, typo)


def _year_gaps(
    figures: dict[str, Any],
    years: list[str],
    label: str,
    pointer: str,
    what: tuple[str, str],
    typo: bool,
) -> Iterator[Issue]:
    """Years of ``years`` missing from ``figures``, then figures for other years
    (unless ``years`` has a mistyped entry).  ``what`` is the noun after "no"
    and after "has" ("figure", "a figure")."""
    for year in years:
        if year not in figures:
            yield Issue(f"{label} has no {what[0]} for {year}: add a figure (0.0 if none)", pointer)
    if typo:
        return
    for year in figures:
        # A key that is not a financial year at all is the schema check's finding.
        if year not in years and is_financial_year(year):
            yield Issue(
                f"{label} has {what[1]} for {year}, which is not one of `finance.years`"
                f" ({_listing(years)}): add {year} to `years` or remove the figure;"
                " it is left out of the bridge",
                f"{pointer}/{escape_pointer_token(year)}",
            )


RULES = [finance_year_missing]
