"""The Sustainability and Transformation Fund's share at risk, year by year.

The Fund was conditional income (``stpctl.reference.fund_conditions``): in
2016/17, 70 % hung on the control total and 30 % on the referral-to-treatment,
A&E and cancer trajectories.  When the plan itself shows a condition missed
in a year, that condition's share of the year's Fund income is at risk, and
the balance is judged without it:

    residual if the share is lost = residual + Fund income * share at risk / 100

A condition counts as missed in a year when the plan shows it:

* **the control total**: the year has control totals for the footprint's NHS
  bodies, and the bridge's residual (with the Fund) is above minus their sum
  by more than the 0.5 allowed for rounding, i.e. the plan leaves its NHS
  bodies worse off, together, than their control totals allow.  The plan
  gives no bridge per body, so this is judged for the footprint as a whole.
* **a trajectory** (A&E four hours, referral to treatment, cancer 62 days):
  a measure tracking that standard, due (``by``) in the year, targets below
  its threshold as rule STP602 judges it (with the guidance pack's own
  per-year values, such as the A&E recovery path of 2017/18).  The Fund was
  paid for meeting an *agreed* trajectory too; a plan does not record what
  was agreed, so a target below the standard is read as the condition missed.

Used by rule STP409 and by the report; a year whose residual or Fund income
cannot be worked out is never judged.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, NamedTuple

from stpctl.plan import control_totals
from stpctl.plan.finance_bridge import BridgeYear, bridge, figure, is_positive
from stpctl.plan.plan_parts import is_number, measures
from stpctl.reference import fund_conditions, standards
from stpctl.reference.standards import Threshold


class MissedCondition(NamedTuple):
    label: str  # "the control total", "the A&E four-hour trajectory"
    share: float  # percentage of the Fund paid on it
    why: str  # what in the plan shows it missed
    pointer: str  # where that is written


class FundRisk(NamedTuple):
    """One year's Fund income and the conditions the plan shows missed."""

    year: BridgeYear
    missed: tuple[MissedCondition, ...]

    @property
    def share(self) -> float:
        """The percentage of the year's Fund income at risk (at most 100)."""
        return min(math.fsum(item.share for item in self.missed), 100.0)

    @property
    def at_risk(self) -> float:
        """The Fund income at risk, in the plan's unit."""
        return (self.year.fund or 0.0) * self.share / 100

    @property
    def residual_if_lost(self) -> float:
        """The residual if the share at risk is not paid."""
        return (self.year.residual or 0.0) + self.at_risk


def percent(share: float) -> str:
    """``70%``, ``12.5%``."""
    return f"{share:g}%"


def fund_risks(plan: dict[str, Any], pack_standards: Iterable[Threshold] = ()) -> list[FundRisk]:
    """For each year of the bridge with Fund income and a residual that can be
    worked out, the conditions the plan shows missed (possibly none)."""
    extra = tuple(pack_standards)
    totals = control_totals.year_totals(plan)
    out = []
    for year in bridge(plan):
        if year.residual is None or year.fund is None or not is_positive(year.fund):
            continue  # nothing to judge, or no Fund income to lose
        missed = []
        control = _control_total(year, totals.get(year.year))
        if control is not None:
            missed.append(control)
        missed.extend(_trajectories(plan, year.year, extra))
        out.append(FundRisk(year, tuple(missed)))
    return out


def _control_total(
    year: BridgeYear, totals: control_totals.YearTotal | None
) -> MissedCondition | None:
    if totals is None or totals.total is None or year.residual is None:
        return None
    if not control_totals.not_met(year.residual, totals.total):
        return None
    share = fund_conditions.control_total_share()
    return MissedCondition(
        "the control total",
        share,
        f"the bridge leaves a residual of {figure(year.residual)} where the NHS bodies'"
        f" control totals allow at most {figure(-totals.total + 0.0)}",
        totals.entries[0].pointer,
    )


def _trajectories(
    plan: dict[str, Any], year: str, extra: tuple[Threshold, ...]
) -> list[MissedCondition]:
    out = []
    for condition in fund_conditions.trajectory_conditions():
        for pointer, measure in measures(plan):
            key = measure.get("standard")
            if not isinstance(key, str) or key.strip() != condition.standard:
                continue
            target = measure.get("target")
            if measure.get("by") != year or not is_number(target):
                continue
            step = standards.threshold_for(condition.standard, year, extra)
            if step is None or not step.missed_by(float(target)):  # type: ignore[arg-type]
                continue
            name = measure.get("name")
            label = (
                f"measure `{' '.join(name.split())}`"
                if isinstance(name, str) and name.strip()
                else "a measure"
            )
            unit = step.unit if step.unit == "%" else f" {step.unit}"
            out.append(
                MissedCondition(
                    condition.label,
                    condition.share,
                    f"{label} targets {target:g}{unit} against the standard's"
                    f" {step.threshold:g}{unit}",
                    f"{pointer}/target",
                )
            )
            break  # one measure shows the condition missed; its share is at risk once
    return out
