"""The Sustainability and Transformation Fund (issue 12): conditional income,
not a saving.  The bridge reads it as Fund income (``stpctl.plan.finance_bridge``);
which conditions the plan shows missed, and the share at risk, come from
``stpctl.check.fund_risk``; the shares are data
(``stpctl/reference/data/transformation-fund-conditions.csv``)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.fund_risk import fund_risks, percent
from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.check.rules.finance_balance import arithmetic
from stpctl.plan import finance_bridge
from stpctl.plan.finance_bridge import figure
from stpctl.plan.plan_parts import is_number
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token


def _name(scheme: dict[str, Any], index: int) -> str:
    name = scheme.get("name")
    if isinstance(name, str) and name.strip():
        return f"intervention `{' '.join(name.split())}`"
    return f"intervention {index + 1} (no name)"


def _as_written(savings: object) -> str | None:
    """The savings as a YAML flow mapping to paste, or None when a figure is
    not a number (the user moves the figures by hand, and fixes that one)."""
    if not isinstance(savings, dict) or not savings:
        return None
    if not all(isinstance(year, str) and is_number(v) for year, v in savings.items()):
        return None
    return "{" + ", ".join(f"{year}: {value!r}" for year, value in savings.items()) + "}"


@rule("STP408", "fund-as-intervention", Severity.INFO)
def fund_as_intervention(ctx: PlanContext) -> Iterator[Issue]:
    """The Sustainability and Transformation Fund is given as an intervention.

    The Fund is conditional income, not a saving: 70 % of it hung on meeting
    the control total and 30 % on the A&E, referral-to-treatment and cancer
    trajectories, and plans that counted it among their savings hid that
    risk.  The bridge is now `residual = do-nothing gap - savings - Fund
    income`, with Fund income in `finance.transformation_fund: {2016/17:
    25.0, …}`.  A plan written before keeps working: an intervention of kind
    `transformation_fund` is read as Fund income (so a plan that balanced
    before still balances), and this note says how to move its figures —
    into `finance.transformation_fund`, then remove the intervention.  When
    the plan gives the Fund in both places, both are counted, and the
    finding is a warning: if they are the same money it is counted twice.

    Failing:

        finance:
          years: [2016/17]
          do_nothing_gap: {2016/17: 30.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.0}}
            - {name: STF, kind: transformation_fund, savings: {2016/17: 10.0}}

    Passing:

        finance:
          years: [2016/17]
          do_nothing_gap: {2016/17: 30.0}
          transformation_fund: {2016/17: 10.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2016/17: 21.0}}
    """
    field = finance_bridge.fund_field(ctx.data)
    for index, scheme in finance_bridge.fund_interventions(ctx.data):
        where = f"/finance/interventions/{index}/kind"
        label = _name(scheme, index)
        if field is not None:
            yield Issue(
                f"the Sustainability and Transformation Fund is given both in"
                f" `finance.transformation_fund` and as {label}: both are counted as Fund"
                " income, so if they are the same money it is counted twice; move the"
                " intervention's figures into `finance.transformation_fund` and remove it",
                where,
                Severity.WARNING,
            )
            continue
        written = _as_written(scheme.get("savings"))
        move = (
            f"move its figures to `finance.transformation_fund: {written}`"
            if written
            else "move its `savings` to `finance.transformation_fund`"
        )
        yield Issue(
            f"{label} is read as Fund income, not as a saving (the Sustainability and"
            " Transformation Fund is conditional on the control total and the performance"
            f" trajectories): {move} and remove the intervention",
            where,
        )


def _fund_pointer(data: dict[str, Any], year: str) -> str:
    """Where the year's Fund income is written: the field, else the first Fund
    intervention's savings."""
    token = escape_pointer_token(year)
    if finance_bridge.fund_field(data) is not None:
        return f"/finance/transformation_fund/{token}"
    schemes = finance_bridge.fund_interventions(data)
    return f"/finance/interventions/{schemes[0][0]}/savings/{token}" if schemes else "/finance"


@rule("STP409", "fund-at-risk", Severity.ERROR)
def fund_at_risk(ctx: PlanContext) -> Iterator[Issue]:
    """Without the Fund income the plan itself puts at risk, a year does not balance.

    The Sustainability and Transformation Fund was paid on conditions: in
    2016/17, 70 % of it on meeting the financial control total and 30 % on
    the access trajectories (referral to treatment 12.5 %, A&E four hours
    12.5 %, cancer 62 days 5 %).  When the plan itself shows a condition
    missed in a year, that share of the year's Fund income is at risk, and
    the year is judged without it:

        residual if lost = residual + Fund income * share at risk / 100

    A control total is *not met* in a year when the bridge's residual (with
    the Fund) is above minus the sum of the NHS bodies' control totals by more
    than 0.5: the plan leaves its NHS bodies, together, worse off than their
    control totals allow (the plan gives no bridge per body, so the footprint
    is judged as a whole).  A trajectory is *missed* in a year when a measure
    tracking `rtt_18_weeks`, `ae_4_hour` or `cancer_62_day`, due (`by`) that
    year, targets below the standard as rule STP602 judges it (with the
    guidance pack's own values, such as 90 % for A&E in 2017/18 under the
    2017 pack); the Fund was also paid for meeting an agreed trajectory below
    the standard, which a plan does not record.  Shares of conditions missed
    in one year add up.  Not certain: the split is NHS Improvement's for
    2016/17, taken from reports of its letter to trusts (HFMA, 7 July 2016)
    rather than the letter itself, and is applied to every year; the rules
    for 2017/18 onwards are not confirmed.  NHS Improvement judged each
    trust's control total on its position before Fund income; a plan gives
    no such figure per trust, so stpctl compares the footprint's residual
    with the Fund counted, as rule STP406 does.  The split is data:
    `stpctl/reference/data/transformation-fund-conditions.csv`, each row with
    its source.  A year whose residual cannot be worked out is not judged.
    A warning while the plan is a draft, an error once submitted.

    Failing:

        finance:
          years: [2017/18]
          do_nothing_gap: {2017/18: 40.0}
          transformation_fund: {2017/18: 20.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2017/18: 21.0}}
        questions:
          core_standards:
            measures:
              - {name: A&E four hours, target: 90.0, by: 2017/18, standard: ae_4_hour}

    Passing:

        finance:
          years: [2017/18]
          do_nothing_gap: {2017/18: 40.0}
          transformation_fund: {2017/18: 20.0}
          interventions:
            - {name: Provider CIPs, kind: provider_efficiency, savings: {2017/18: 21.0}}
        questions:
          core_standards:
            measures:
              - {name: A&E four hours, target: 95.0, by: 2017/18, standard: ae_4_hour}
    """
    unit = finance_bridge.unit(ctx.data)
    for risk in fund_risks(ctx.data, ctx.guidance.standards):
        if not risk.missed or not finance_bridge.is_positive(risk.residual_if_lost):
            continue
        year = risk.year
        conditions = " and ".join(
            f"{item.label} ({percent(item.share)}: {item.why})" for item in risk.missed
        )
        plural = "s" if len(risk.missed) > 1 else ""
        kept = year._replace(fund=(year.fund or 0.0) - risk.at_risk)
        yield Issue(
            f"in {year.year} the plan shows {'Fund conditions' if plural else 'a Fund condition'}"
            f" missed: {conditions}, so {percent(risk.share)} of the Fund income"
            f" {figure(year.fund)} ({figure(risk.at_risk)}) is at risk; without it the"
            f" {arithmetic(kept, True)} leaves {figure(risk.residual_if_lost)} {unit} unclosed:"
            f" meet the condition{plural} in the plan, or close the year without the share at risk",
            _fund_pointer(ctx.data, year.year),
            completeness_severity(ctx.data),
        )


RULES = [fund_as_intervention, fund_at_risk]
