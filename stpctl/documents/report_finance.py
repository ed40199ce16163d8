"""The finance section of the board report (``stpctl report``): the bridge
year by year, with savings by intervention kind.

Kinds are in the schema's order, then any other kind a plan wrote,
alphabetically.  A year missing its do-nothing gap or any intervention's
savings has an unknown (``None``) residual, shown as missing and never as
closed; a year with a figure that is not a number (``1,190.0``, ``.inf``) is
*unreadable*: its savings and residual are not computed.  The roll-up reads
the same ``finance`` for each plan's final year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stpctl.plan.finance_bridge import bridge, unit

KIND_ORDER = (
    "provider_efficiency",
    "commissioner_qipp",
    "transformation_fund",
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


@dataclass(frozen=True)
class FinanceYear:
    """One year of the bridge; ``None`` is a figure the plan does not give (or
    that cannot be worked out without it), shown as missing, never as 0."""

    year: str
    gap: float | None
    savings: tuple[float | None, ...]  # one per ``Finance.kinds``
    savings_total: float | None
    residual: float | None
    closed: bool  # known to close; False for an unknown year
    unreadable: bool = False  # a figure for the year is written but is not a number

    @property
    def known(self) -> bool:
        return self.residual is not None


@dataclass(frozen=True)
class Finance:
    unit: str
    kinds: tuple[str, ...]
    years: tuple[FinanceYear, ...]

    @property
    def final(self) -> FinanceYear | None:
        """The latest year (the bridge is in date order)."""
        return self.years[-1] if self.years else None

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

    def label(self, kind: str) -> str:
        return kind_label(kind)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


def finance(data: dict[str, Any]) -> Finance | None:
    """The bridge with savings by kind; ``None`` when the plan lists no years."""
    years = bridge(data)
    if not years:
        return None
    seen = {kind for year in years for kind in year.savings_by_kind}
    kinds = tuple(
        [kind for kind in KIND_ORDER if kind in seen] + sorted(seen.difference(KIND_ORDER))
    )
    return Finance(
        unit=unit(data),
        kinds=kinds,
        years=tuple(
            FinanceYear(
                year=year.year,
                gap=year.gap,
                savings=tuple(year.savings_by_kind.get(kind, 0.0) for kind in kinds),
                savings_total=year.savings_total,
                residual=year.residual,
                closed=year.closed,
                unreadable=year.unreadable,
            )
            for year in years
        ),
    )
