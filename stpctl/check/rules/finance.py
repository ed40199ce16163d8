"""Finance: the bridge from the do-nothing gap to financial balance (PRODUCT.md §4).

The arithmetic lives in `stpctl.plan.finance_bridge` (the report draws its chart
from the same numbers); these rules say where the plan's figures are
incomplete and where the bridge does not close.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan import finance_bridge
from stpctl.plan.finance_bridge import BridgeYear, figure
from stpctl.plan.plan_parts import is_financial_year
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token

_GAP = "/finance/do_nothing_gap"
_MINUS = "\N{MINUS SIGN}"  # the typographic minus a finance paper uses, not a hyphen


def _intervention_label(index: int, scheme: dict[str, Any]) -> str:
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
    reminder, a warning while the plan is a draft.

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
    for index, scheme in finance_bridge.interventions(ctx.data):
        where = f"/finance/interventions/{index}"
        label = _intervention_label(index, scheme)
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


def _unclosed(year: BridgeYear, unit: str) -> str:
    return (
        f"do-nothing gap {figure(year.gap)} {_MINUS} savings {figure(year.savings_total)}"
        f" leaves {figure(year.residual)} {unit} unclosed"
    )


def _gap_pointer(year: str) -> str:
    return f"{_GAP}/{escape_pointer_token(year)}"


@rule("STP402", "finance-bridge", Severity.INFO)
def finance_bridge_year(ctx: PlanContext) -> Iterator[Issue]:
    """A year before the last in which the savings do not close the do-nothing gap.

    The bridge for each year: residual = do-nothing gap minus the sum of every
    intervention's savings.  A gap left open in an early year is normal while
    schemes ramp up, so this is information; what matters is the final (latest)
    year (rule STP403).  A year with a missing figure has no residual to judge
    and is left to rule STP401.  Figures are rounded to one decimal in the
    message.

    Failing:

        finance:
          years: [2018/19, 2019/20]
          do_nothing_gap: {2018/19: 150.0, 2019/20: 180.0}
          interventions:
            - name: Commissioner QIPP
              kind: commissioner_qipp
              savings: {2018/19: 130.0, 2019/20: 180.0}

    Passing:

        finance:
          years: [2018/19, 2019/20]
          do_nothing_gap: {2018/19: 150.0, 2019/20: 180.0}
          interventions:
            - name: Commissioner QIPP
              kind: commissioner_qipp
              savings: {2018/19: 150.0, 2019/20: 180.0}
    """
    unit = finance_bridge.unit(ctx.data)
    for year in finance_bridge.bridge(ctx.data)[:-1]:
        if year.known and not year.closed:
            yield Issue(f"{year.year}: {_unclosed(year, unit)}", _gap_pointer(year.year))


@rule("STP403", "finance-not-balanced", Severity.ERROR)
def finance_not_balanced(ctx: PlanContext) -> Iterator[Issue]:
    """The plan does not reach financial balance in its final year.

    The residual of the final (latest) year of `finance.years` (do-nothing gap
    minus the sum of savings) is above zero: the plan leaves money missing at
    the end of the period, and financial balance by 2020/21 is what NHS
    England asks every STP to show.  Add or enlarge interventions until the
    final year closes.  When a figure for the final year is missing (rule
    STP401 names it), balance cannot be judged, and this rule says so instead
    of guessing.  So too when a figure is written but is not a number — a
    thousands separator inside `{…}` (`1,190.0`), `.inf`, or a number too
    large to add up: the rule names each one and says balance cannot be
    judged until it is fixed; the year is never worked out from the other
    figures alone, which would understate the savings.  A warning while the
    plan is a draft, an error once submitted.

    Failing:

        finance:
          years: [2019/20, 2020/21]
          do_nothing_gap: {2019/20: 250.0, 2020/21: 295.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2019/20: 250.0, 2020/21: 280.5}

    Passing:

        finance:
          years: [2019/20, 2020/21]
          do_nothing_gap: {2019/20: 250.0, 2020/21: 295.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2019/20: 250.0, 2020/21: 295.0}
    """
    years = finance_bridge.bridge(ctx.data)
    if not years or years[-1].closed:
        return
    final = years[-1]
    if final.unreadable:
        problems = _figure_problems(ctx.data, final.year)
        which = "the figure is" if len(problems) == 1 else "these figures are"
        yield Issue(
            f"financial balance in the final year {final.year} cannot be judged until {which}"
            f" fixed: {'; '.join(problems)} (the schema check says how to write"
            f" {'it' if len(problems) == 1 else 'each one'})",
            _gap_pointer(final.year),
            completeness_severity(ctx.data),
        )
        return
    if not final.known:
        yield Issue(
            f"financial balance in the final year {final.year} cannot be judged:"
            f" {_unknown(final)}; give each missing figure as a number"
            " (rule STP401 or the schema check names each one)",
            _gap_pointer(final.year),
            completeness_severity(ctx.data),
        )
        return
    yield Issue(
        f"the plan does not reach financial balance: in {final.year} the"
        f" {_unclosed(final, finance_bridge.unit(ctx.data))};"
        " add or enlarge interventions until the final year closes",
        _gap_pointer(final.year),
        completeness_severity(ctx.data),
    )


def _unknown(year: BridgeYear) -> str:
    """What is missing from a year whose residual cannot be worked out."""
    missing = []
    if year.gap is None:
        missing.append("the do-nothing gap has no figure (a number) for it")
    if year.savings_total is None:
        missing.append("not every intervention has a savings figure (a number) for it")
    return " and ".join(missing)


def _figure_problems(data: dict[str, Any], year: str) -> list[str]:
    """Each figure that keeps ``year`` from being worked out, in file order:
    written but not a number, or missing."""
    finance = finance_bridge.finance_section(data)
    problems = _figure_problem("the do-nothing gap", finance.get("do_nothing_gap"), year)
    for index, scheme in finance_bridge.interventions(data):
        what = f"the savings figure of {_intervention_label(index, scheme)}"
        problems += _figure_problem(what, scheme.get("savings"), year)
    return problems


def _figure_problem(what: str, figures: object, year: str) -> list[str]:
    value = figures.get(year) if isinstance(figures, dict) else None
    if finance_bridge.amount(value) is not None:
        return []
    if value is None:
        return [f"{what} is missing"]
    shown = f"`{_clip(value)}`" if isinstance(value, str) else "a value"
    return [f"{what} is {shown}, not a number"]


def _clip(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


RULES = [finance_year_missing, finance_bridge_year, finance_not_balanced]
