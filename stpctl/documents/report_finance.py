"""The finance section of the board report (``stpctl report``): the bridge
year by year, with savings by intervention kind, the Sustainability and
Transformation Fund as its own band, and the NHS bodies' control totals.

    residual = do-nothing gap - savings - Fund income

Kinds are in the schema's order, then any other kind a plan wrote,
alphabetically; the Fund is never among them (it is income, not a saving:
``finance.transformation_fund``, or the ``transformation_fund``
interventions of a plan written before that field).  For each year the
report says how much of the balance depends on the Fund (the part of the
gap only Fund income closes) and, when the plan itself shows a Fund
condition missed, the Fund income at risk and the residual if it is lost
(``stpctl.check.fund_risk``).  A year missing its do-nothing gap, any
intervention's savings or its Fund income has an unknown (``None``)
residual, shown as missing and never as closed; a year with a figure that
is not a number (``1,190.0``, ``.inf``) is *unreadable*: its savings and
residual are not computed.  The roll-up reads the same ``finance``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stpctl.check.fund_risk import fund_risks
from stpctl.plan import control_totals
from stpctl.plan.finance_bridge import (
    bridge,
    counts_on_fund,
    fund_field,
    fund_interventions,
    is_positive,
    unit,
)
from stpctl.reference.fund_conditions import conditions
from stpctl.reference.standards import Threshold

KIND_ORDER = (
    "provider_efficiency",
    "commissioner_qipp",
    "social_care",
    "estates",
    "other",
)
KIND_LABELS = {
    "provider_efficiency": "Provider efficiency",
    "commissioner_qipp": "Commissioner QIPP",
    "transformation_fund": "Transformation fund",
    "social_care": "Social care",
    "estates": "Estates",
    "other": "Other",
}
# Where a plan gives its Fund income (``Finance.fund_from``).
FUND_FIELD, FUND_INTERVENTIONS, FUND_BOTH, NO_FUND = "field", "interventions", "both", "none"


@dataclass(frozen=True)
class FinanceYear:
    """One year of the bridge; ``None`` is a figure the plan does not give (or
    that cannot be worked out without it), shown as missing, never as 0."""

    year: str
    gap: float | None
    savings: tuple[float | None, ...]  # one per ``Finance.kinds``
    savings_total: float | None  # the Fund left out
    residual: float | None
    closed: bool  # known to close; False for an unknown year
    unreadable: bool = False  # a figure for the year is written but is not a number
    fund: float | None = 0.0  # Fund income; 0.0 for a plan that counts on no Fund
    without_fund: float | None = None  # do-nothing gap - savings
    fund_reliance: float | None = None  # how much of the balance depends on the Fund
    control_total: float | None = None  # the NHS bodies' control totals added up
    fund_at_risk: float | None = None  # None: not judged (no Fund, or residual unknown)
    fund_at_risk_share: float = 0.0  # percentage of the Fund income at risk
    residual_if_lost: float | None = None  # the residual without the Fund income at risk
    conditions_missed: tuple[str, ...] = ()  # what the plan shows missed

    @property
    def known(self) -> bool:
        return self.residual is not None

    @property
    def in_deficit(self) -> bool:
        """Known to leave money still to find."""
        return self.residual is not None and is_positive(self.residual)


@dataclass(frozen=True)
class Finance:
    unit: str
    kinds: tuple[str, ...]
    years: tuple[FinanceYear, ...]
    fund_from: str = NO_FUND  # field | interventions | both | none
    has_control_totals: bool = False
    # The Fund's conditions as shipped data: (what, percentage of the Fund).
    fund_conditions: tuple[tuple[str, float], ...] = ()

    @property
    def final(self) -> FinanceYear | None:
        """The latest year (the bridge is in date order)."""
        return self.years[-1] if self.years else None

    @property
    def counts_on_fund(self) -> bool:
        return self.fund_from != NO_FUND

    @property
    def unknown_years(self) -> tuple[str, ...]:
        """Years whose residual cannot be worked out."""
        return tuple(year.year for year in self.years if not year.known)

    @property
    def missing_years(self) -> tuple[str, ...]:
        """Years not worked out because a figure is missing (and none is unreadable)."""
        return tuple(y.year for y in self.years if not y.known and not y.unreadable)

    @property
    def unreadable_years(self) -> tuple[str, ...]:
        """Years not computed because a figure written for them is not a number."""
        return tuple(year.year for year in self.years if year.unreadable)

    @property
    def years_in_deficit(self) -> tuple[str, ...]:
        """Years known to leave money still to find."""
        return tuple(year.year for year in self.years if year.in_deficit)

    @property
    def at_risk_years(self) -> tuple[FinanceYear, ...]:
        """Years in which the plan shows a Fund condition missed."""
        return tuple(year for year in self.years if year.conditions_missed)

    def label(self, kind: str) -> str:
        return kind_label(kind)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def _fund_from(data: dict[str, Any]) -> str:
    if not counts_on_fund(data):
        return NO_FUND
    field = fund_field(data) is not None
    schemes = bool(fund_interventions(data))
    return FUND_BOTH if field and schemes else FUND_FIELD if field else FUND_INTERVENTIONS


def finance(data: dict[str, Any], pack_standards: Iterable[Threshold] = ()) -> Finance | None:
    """The bridge with savings by kind, the Fund and the control totals;
    ``None`` when the plan lists no years.  ``pack_standards`` are the
    guidance pack's own values of national standards, which decide whether a
    trajectory misses its standard (the Fund's conditions)."""
    years = bridge(data)
    if not years:
        return None
    seen = {kind for year in years for kind in year.savings_by_kind}
    kinds = tuple(
        [kind for kind in KIND_ORDER if kind in seen] + sorted(seen.difference(KIND_ORDER))
    )
    totals = control_totals.year_totals(data)
    risks = {risk.year.year: risk for risk in fund_risks(data, pack_standards)}
    rows = []
    for year in years:
        risk = risks.get(year.year)
        listed = totals.get(year.year)
        rows.append(
            FinanceYear(
                year=year.year,
                gap=year.gap,
                savings=tuple(year.savings_by_kind.get(kind, 0.0) for kind in kinds),
                savings_total=year.savings_total,
                residual=year.residual,
                closed=year.closed,
                unreadable=year.unreadable,
                fund=year.fund,
                without_fund=year.without_fund,
                fund_reliance=year.fund_reliance,
                control_total=listed.total if listed is not None else None,
                fund_at_risk=risk.at_risk if risk is not None else None,
                fund_at_risk_share=risk.share if risk is not None else 0.0,
                residual_if_lost=risk.residual_if_lost if risk is not None else None,
                conditions_missed=tuple(item.label for item in risk.missed) if risk else (),
            )
        )
    return Finance(
        unit=unit(data),
        kinds=kinds,
        years=tuple(rows),
        fund_from=_fund_from(data),
        has_control_totals=control_totals.written(data),
        fund_conditions=tuple((item.label, item.share) for item in conditions()),
    )
