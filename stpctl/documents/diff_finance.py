"""The finance section of ``stpctl diff``: the bridge year by year (the
do-nothing gap, the savings, the Sustainability and Transformation Fund's
income and the residual), and the savings of each intervention.

Years are matched by name and shown in date order, so the final row is the
latest year of either plan.  Interventions are matched by name; two with the
same name are added together.  Amounts are rounded to six decimal places
(``_PLACES``) before they are compared or shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from stpctl.documents.diff_base import FieldChange
from stpctl.plan import finance_bridge

_PLACES = 6


@dataclass(frozen=True)
class Figure:
    """One amount, old and new; ``None`` where that version has no such year."""

    old: float | None
    new: float | None

    @property
    def change(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return _rounded(self.new - self.old)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class FinanceYear:
    year: str
    gap: Figure
    savings: Figure  # the Fund left out: it is income, not a saving
    residual: Figure
    fund: Figure = Figure(0.0, 0.0)  # Fund income

    @property
    def changed(self) -> bool:
        return (
            self.gap.changed or self.savings.changed or self.residual.changed or self.fund.changed
        )


@dataclass(frozen=True)
class InterventionChange:
    """Savings of one intervention (by name) per year, where they changed."""

    name: str
    change: str  # added | removed | changed
    years: tuple[tuple[str, Figure], ...]


@dataclass
class FinanceDiff:
    unit: str  # the new plan's
    unit_change: FieldChange | None
    years: list[FinanceYear]
    interventions: list[InterventionChange]
    new_years: tuple[str, ...] = ()  # the new plan's bridge years

    @property
    def final(self) -> FinanceYear | None:
        return self.years[-1] if self.years else None

    @property
    def has_fund(self) -> bool:
        """Whether either plan gives Fund income (or a Fund figure cannot be read)."""
        return any(year.fund.old != 0 or year.fund.new != 0 for year in self.years)

    @property
    def balance(self) -> str | None:
        """How the final year moved: ``reached`` (now closes), ``lost`` (no
        longer closes), ``still short``, ``still balanced``, ``unknown`` (the
        new plan's final year lacks a figure); ``None`` without years."""
        final = self.final
        if final is None:
            return None
        if final.residual.new is None and final.year in self.new_years:
            return "unknown"
        was = final.residual.old is not None and not finance_bridge.is_positive(final.residual.old)
        now = final.residual.new is not None and not finance_bridge.is_positive(final.residual.new)
        if now:
            return "still balanced" if was else "reached"
        return "lost" if was else "still short"

    def __bool__(self) -> bool:
        return bool(self.unit_change or self.interventions or any(y.changed for y in self.years))


def compare_finance(old: dict[str, Any], new: dict[str, Any]) -> FinanceDiff:
    before = {y.year: y for y in finance_bridge.bridge(old)}
    after = {y.year: y for y in finance_bridge.bridge(new)}
    # Date order, so the final row is the latest year of either plan.
    years = sorted(_union(after, before), key=finance_bridge.year_order)

    def figure(attribute: str, year: str) -> Figure:
        # None both for a year a plan lacks and for a figure it cannot give.
        was = getattr(before[year], attribute) if year in before else None
        now = getattr(after[year], attribute) if year in after else None
        return Figure(
            _rounded(was) if was is not None else None,
            _rounded(now) if now is not None else None,
        )

    rows = [
        FinanceYear(
            year,
            figure("gap", year),
            figure("savings_total", year),
            figure("residual", year),
            figure("fund", year),
        )
        for year in years
    ]
    old_unit, new_unit = finance_bridge.unit(old), finance_bridge.unit(new)
    unit = FieldChange("finance.unit", old_unit, new_unit) if old_unit != new_unit else None
    return FinanceDiff(new_unit, unit, rows, _interventions(old, new, years), tuple(after))


def _rounded(value: float) -> float:
    return round(value, _PLACES) + 0.0  # + 0.0 turns -0.0 into 0.0


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """``first`` in order, then what only ``second`` has, in its order."""
    return list(dict.fromkeys([*first, *second]))


def _savings_by_name(data: dict[str, Any]) -> dict[str, dict[str, float | None]]:
    """Each intervention's savings by year; ``None`` for a year whose figure
    (or, for two of the same name, either figure) is written but is not a
    number: adding only the readable one would understate the savings."""
    out: dict[str, dict[str, list[float | None]]] = {}
    for index, scheme in finance_bridge.interventions(data):
        name = scheme.get("name")
        label = (
            name.strip() if isinstance(name, str) and name.strip() else f"(unnamed #{index + 1})"
        )
        years = out.setdefault(label, {})
        savings = scheme.get("savings")
        for year, value in savings.items() if isinstance(savings, dict) else []:
            amount = finance_bridge.amount(value)
            if isinstance(year, str) and (
                amount is not None or finance_bridge.unreadable(savings, year)
            ):
                years.setdefault(year, []).append(amount)
    return {
        name: {year: _total(values) for year, values in years.items()}
        for name, years in out.items()
    }


def _total(values: list[float | None]) -> float | None:
    if any(value is None for value in values):
        return None
    return _rounded(math.fsum(value for value in values if value is not None))


def _interventions(
    old: dict[str, Any], new: dict[str, Any], years: list[str]
) -> list[InterventionChange]:
    before, after = _savings_by_name(old), _savings_by_name(new)
    out = []
    for name in _union(after, before):
        was, now = before.get(name), after.get(name)
        kind = "added" if was is None else "removed" if now is None else "changed"
        shown = _union(years, sorted(set(was or {}) | set(now or {})))
        figures = tuple(
            (year, Figure((was or {}).get(year), (now or {}).get(year))) for year in shown
        )
        figures = tuple((year, f) for year, f in figures if f.changed)
        if figures or kind != "changed":
            out.append(InterventionChange(name, kind, figures))
    return out
