"""Finance: whether the bridge closes in every year (PRODUCT.md §4, issue 12).

    residual = do-nothing gap - savings - Fund income

A positive residual is money still to find.  The first and the final year
are judged as strongly (STP404, STP403: a warning in a draft, an error once
submitted), the years between as warnings (STP402).  A year with a figure
missing or written but not a number is never worked out without it: the
first and final years say balance cannot be judged, and STP401 and the
schema check name the figures.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.check.rules.finance import intervention_label
from stpctl.plan import finance_bridge
from stpctl.plan.finance_bridge import BridgeYear, figure
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token

_GAP = "/finance/do_nothing_gap"
_MINUS = "\N{MINUS SIGN}"  # the typographic minus a finance paper uses, not a hyphen


def arithmetic(year: BridgeYear, with_fund: bool) -> str:
    """The bridge's sum for a year as a finance paper writes it:
    ``do-nothing gap 96.0 - savings 80.5 - Fund income 10.0`` (the Fund term
    only for a plan that counts on the Fund)."""
    text = f"do-nothing gap {figure(year.gap)} {_MINUS} savings {figure(year.savings_total)}"
    return text + (f" {_MINUS} Fund income {figure(year.fund)}" if with_fund else "")


def unclosed(ctx: PlanContext, year: BridgeYear) -> str:
    """``in 2016/17 the do-nothing gap … leaves 5.5 GBP million unclosed``."""
    with_fund = finance_bridge.counts_on_fund(ctx.data)
    return (
        f"in {year.year} the {arithmetic(year, with_fund)} leaves {figure(year.residual)}"
        f" {finance_bridge.unit(ctx.data)} unclosed"
    )


def _gap_pointer(year: str) -> str:
    return f"{_GAP}/{escape_pointer_token(year)}"


@rule("STP402", "finance-bridge", Severity.WARNING)
def finance_bridge_year(ctx: PlanContext) -> Iterator[Issue]:
    """A year between the first and the last in which the bridge does not close.

    The bridge for each year: residual = do-nothing gap - savings - Fund
    income, where the savings are every intervention's except the Fund's and
    Fund income is `finance.transformation_fund` (or, in a plan written
    before that field, the interventions of kind `transformation_fund`).  A
    positive residual is money still to find.  Control totals were set and
    judged year by year, so a gap left open in any year is a finding: the
    first year (STP404) and the final year (STP403) as strongly as each other,
    the years between as warnings, whatever the plan's status.  A year with a
    missing figure, or one written but not a number, has no residual to judge
    and is left to rule STP401 and the schema check.  Figures are rounded to
    one decimal in the message.  (Before issue 12 this rule was information
    and also covered the first year.)

    Failing:

        finance:
          years: [2018/19, 2019/20, 2020/21]
          do_nothing_gap: {2018/19: 150.0, 2019/20: 180.0, 2020/21: 200.0}
          interventions:
            - name: Commissioner QIPP
              kind: commissioner_qipp
              savings: {2018/19: 150.0, 2019/20: 170.0, 2020/21: 200.0}

    Passing:

        finance:
          years: [2018/19, 2019/20, 2020/21]
          do_nothing_gap: {2018/19: 150.0, 2019/20: 180.0, 2020/21: 200.0}
          interventions:
            - name: Commissioner QIPP
              kind: commissioner_qipp
              savings: {2018/19: 150.0, 2019/20: 180.0, 2020/21: 200.0}
    """
    for year in finance_bridge.bridge(ctx.data)[1:-1]:
        if year.known and not year.closed:
            yield Issue(
                f"{unclosed(ctx, year)}; close every year, not only the last: control totals"
                " and the Fund are judged year by year",
                _gap_pointer(year.year),
            )


@rule("STP403", "finance-not-balanced", Severity.ERROR)
def finance_not_balanced(ctx: PlanContext) -> Iterator[Issue]:
    """The plan does not reach financial balance in its final year.

    The residual of the final (latest) year of `finance.years` — do-nothing
    gap - savings - Fund income — is above zero: the plan leaves money
    missing at the end of the period, and financial balance by 2020/21 is
    what NHS England asks every STP to show.  Add or enlarge interventions
    until the final year closes.  The Sustainability and Transformation Fund
    is income, not a saving (`finance.transformation_fund`; a plan written
    before that field gives it as an intervention of kind
    `transformation_fund`, read the same way), so a plan that balanced before
    still balances; how much of the balance depends on the Fund is in the
    report, and rule STP409 judges the balance without the Fund's share at
    risk.  When a figure for the final year is missing (rule STP401 names
    it), balance cannot be judged, and this rule says so instead of guessing.
    So too when a figure is written but is not a number — a thousands
    separator inside `{…}` (`1,190.0`), `.inf`, or a number too large to add
    up: the rule names each one and says balance cannot be judged until it is
    fixed; the year is never worked out from the other figures alone, which
    would understate the savings.  A warning while the plan is a draft, an
    error once submitted.  The first year is judged the same way by STP404,
    the years between by STP402.

    Failing:

        finance:
          years: [2019/20, 2020/21]
          do_nothing_gap: {2019/20: 250.0, 2020/21: 295.0}
          transformation_fund: {2019/20: 10.0, 2020/21: 10.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2019/20: 240.0, 2020/21: 280.5}

    Passing:

        finance:
          years: [2019/20, 2020/21]
          do_nothing_gap: {2019/20: 250.0, 2020/21: 295.0}
          transformation_fund: {2019/20: 10.0, 2020/21: 10.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2019/20: 240.0, 2020/21: 285.0}
    """
    years = finance_bridge.bridge(ctx.data)
    if years:
        yield from _judge(
            ctx,
            years[-1],
            "final",
            "the plan does not reach financial balance",
            "add or enlarge interventions until the final year closes",
        )


@rule("STP404", "finance-first-year-not-balanced", Severity.ERROR)
def finance_first_year_not_balanced(ctx: PlanContext) -> Iterator[Issue]:
    """The plan is not in financial balance in its first year.

    The planning guidance's first must-do was aggregate financial balance in
    2016/17, and control totals were set and judged year by year: a plan
    that balances only at the end of the period has not shown how it gets
    there.  The first (earliest) year of `finance.years` is judged exactly as
    the final year is by STP403 — residual = do-nothing gap - savings - Fund
    income, above zero is money still to find; a missing figure or one that
    is not a number means balance cannot be judged, and the finding says so
    instead of guessing — a warning while the plan is a draft, an error once
    submitted.  A plan with a single year is judged once, by STP403.

    Failing:

        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 96.0, 2017/18: 140.0}
          transformation_fund: {2016/17: 10.0, 2017/18: 12.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2016/17: 80.5, 2017/18: 130.0}

    Passing:

        finance:
          years: [2016/17, 2017/18]
          do_nothing_gap: {2016/17: 96.0, 2017/18: 140.0}
          transformation_fund: {2016/17: 10.0, 2017/18: 12.0}
          interventions:
            - name: Provider CIPs
              kind: provider_efficiency
              savings: {2016/17: 86.0, 2017/18: 130.0}
    """
    years = finance_bridge.bridge(ctx.data)
    if len(years) > 1:
        yield from _judge(
            ctx,
            years[0],
            "first",
            "the plan is not in financial balance in its first year",
            "add or enlarge interventions until the first year closes",
        )


def _judge(ctx: PlanContext, year: BridgeYear, which: str, lead: str, todo: str) -> Iterator[Issue]:
    """Balance in the first or final year: short, cannot be judged, or nothing."""
    if year.closed:
        return
    severity = completeness_severity(ctx.data)
    if year.unreadable:
        problems = _figure_problems(ctx.data, year.year)
        which_ones = "the figure is" if len(problems) == 1 else "these figures are"
        yield Issue(
            f"financial balance in the {which} year {year.year} cannot be judged until"
            f" {which_ones} fixed: {'; '.join(problems)} (the schema check says how to write"
            f" {'it' if len(problems) == 1 else 'each one'})",
            _gap_pointer(year.year),
            severity,
        )
        return
    if not year.known:
        yield Issue(
            f"financial balance in the {which} year {year.year} cannot be judged:"
            f" {_unknown(year)}; give each missing figure as a number"
            " (rule STP401 or the schema check names each one)",
            _gap_pointer(year.year),
            severity,
        )
        return
    yield Issue(f"{lead}: {unclosed(ctx, year)}; {todo}", _gap_pointer(year.year), severity)


def _unknown(year: BridgeYear) -> str:
    """What is missing from a year whose residual cannot be worked out."""
    missing = []
    if year.gap is None:
        missing.append("the do-nothing gap has no figure (a number) for it")
    if year.savings_total is None:
        missing.append("not every intervention has a savings figure (a number) for it")
    if year.fund is None:
        missing.append("the Fund income has no figure (a number) for it")
    return " and ".join(missing)


def _figure_problems(data: dict[str, Any], year: str) -> list[str]:
    """Each figure that keeps ``year`` from being worked out, in file order:
    written but not a number, or missing."""
    finance = finance_bridge.finance_section(data)
    problems = _figure_problem("the do-nothing gap", finance.get("do_nothing_gap"), year)
    if finance.get("transformation_fund") is not None:
        what = "the Fund income in `transformation_fund`"
        problems += _figure_problem(what, finance.get("transformation_fund"), year)
    for index, scheme in finance_bridge.interventions(data):
        what = f"the savings figure of {intervention_label(index, scheme)}"
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


RULES = [finance_bridge_year, finance_not_balanced, finance_first_year_not_balanced]
