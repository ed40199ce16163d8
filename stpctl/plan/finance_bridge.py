"""The finance bridge: for each financial year, the do-nothing gap, what the
interventions save, and the residual left unclosed.

Pure arithmetic on whatever the plan holds.  A year works in date order
(``2016/17`` before ``2017/18``, whatever order ``finance.years`` lists them
in), so the final year is the latest one.  An entry of ``finance.years`` that
is not a financial year (``2016-17``) is left out: the schema check reports it.

A figure that is missing or not a number is *unknown*, never 0: a year
without its do-nothing gap has an unknown gap, a year in which any
intervention lacks its savings figure has unknown savings, and either makes
the residual unknown (``None``).  Rule STP401 reports a missing figure; the
report shows the year as unknown rather than inventing a surplus.

A figure written but not a number — text such as ``1,190.0`` (a number a
comma split, which the loader keeps as the text written), ``.inf`` or a
400-digit integer (numbers out of range, kept as text too) — makes its
year *unreadable*: the year's savings and residual are not computed at all,
since leaving that one figure out would understate the savings.  The schema
check reports the figure.

The Sustainability and Transformation Fund is conditional income, not a
saving: ``residual = do-nothing gap - savings - Fund income``, where the
savings leave the Fund out.  Fund income is ``finance.transformation_fund``
(one figure per year) and, for plans written before that field, every
intervention of kind ``transformation_fund``, read as Fund income too.  A
plan that gives neither counts on no Fund: its Fund income is 0.  A Fund
figure missing or not a number makes its year unknown or unreadable, as any
other figure does.

A positive residual is money still missing; zero or negative means the year
closes.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from stpctl.load.loader import in_range
from stpctl.plan.plan_parts import is_financial_year

DEFAULT_UNIT = "GBP million"
OTHER_KIND = "other"
# The kind of intervention that plans written before `finance.transformation_fund`
# used for the Fund: read as Fund income, never as a saving.
FUND_KIND = "transformation_fund"
FUND_FIELD = "transformation_fund"

# Residuals are compared after rounding to this many decimals, so that
# 0.1 + 0.2 - 0.3 (5.5e-17 in binary floating point) counts as closed.
_PLACES = 6


class BridgeYear(NamedTuple):
    """One year of the bridge, amounts in the plan's finance unit."""

    year: str
    gap: float | None  # None: no usable figure for this year
    savings_by_kind: dict[str, float | None]  # None: a scheme of that kind lacks the figure
    savings_total: float | None  # None: some intervention lacks the figure; never the Fund
    residual: float | None  # None when the gap, the savings or the Fund income are unknown
    unreadable: bool = False  # a figure for the year is written but is not a number
    fund: float | None = 0.0  # Fund income; 0.0 when the plan counts on no Fund

    @property
    def known(self) -> bool:
        """Every figure for the year is there, so the residual can be worked out."""
        return self.residual is not None

    @property
    def without_fund(self) -> float | None:
        """The residual if no Fund income came: do-nothing gap - savings."""
        if self.unreadable or self.gap is None or self.savings_total is None:
            return None
        return self.gap - self.savings_total

    @property
    def fund_reliance(self) -> float | None:
        """How much of the balance depends on the Fund: the part of the gap that
        only Fund income closes (0 when the year closes without it, all of the
        Fund income when even that is not enough)."""
        without = self.without_fund
        if without is None or self.fund is None or self.residual is None:
            return None
        reliance = min(self.fund, without)
        return reliance if is_positive(reliance) else 0.0

    @property
    def closed(self) -> bool:
        """Known to close: an unknown year is never reported as closed."""
        return self.residual is not None and not is_positive(self.residual)


def is_positive(amount: float) -> bool:
    """Above zero once floating-point noise is rounded away."""
    return round(amount, _PLACES) > 0


def amount(value: object) -> float | None:
    """A number from the plan as a float, or None (text, booleans, NaN,
    infinity, and numbers too large to add up: see ``stpctl.load.numbers``)."""
    return float(value) if in_range(value) else None


def unreadable(figures: object, year: str) -> bool:
    """Whether ``figures`` (a mapping of year → amount) gives ``year`` a value
    that is not a number; a figure that is absent or empty is missing instead."""
    if not isinstance(figures, dict):
        return False
    value = figures.get(year)
    return value is not None and amount(value) is None


def year_order(year: str) -> int:
    """Sort key of a financial year: its first calendar year."""
    return int(year[:4])


def finance_section(plan: dict[str, Any]) -> dict[str, Any]:
    finance = plan.get("finance")
    return finance if isinstance(finance, dict) else {}


def unit(plan: dict[str, Any]) -> str:
    value = finance_section(plan).get("unit")
    return value.strip() if isinstance(value, str) and value.strip() else DEFAULT_UNIT


def years(plan: dict[str, Any]) -> list[str]:
    """The plan's financial years, in the order written, each once."""
    listed = finance_section(plan).get("years")
    if not isinstance(listed, list):
        return []
    return list(dict.fromkeys(year for year in listed if isinstance(year, str)))


def bridge_years(plan: dict[str, Any]) -> list[str]:
    """The valid financial years of ``finance.years`` in date order, each once."""
    return sorted((year for year in years(plan) if is_financial_year(year)), key=year_order)


def in_date_order(plan: dict[str, Any]) -> bool:
    """Whether the valid financial years are written in date order."""
    written = [year for year in years(plan) if is_financial_year(year)]
    return written == bridge_years(plan)


def interventions(plan: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The interventions that are mappings, with their index in the list."""
    listed = finance_section(plan).get("interventions")
    if not isinstance(listed, list):
        return []
    return [(index, item) for index, item in enumerate(listed) if isinstance(item, dict)]


def is_fund(scheme: dict[str, Any]) -> bool:
    """An intervention that is the Fund (kind ``transformation_fund``)."""
    return scheme.get("kind") == FUND_KIND


def fund_interventions(plan: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The interventions read as Fund income, with their index in the list."""
    return [(index, scheme) for index, scheme in interventions(plan) if is_fund(scheme)]


def fund_field(plan: dict[str, Any]) -> object:
    """``finance.transformation_fund`` as written (``None`` when absent or empty)."""
    return finance_section(plan).get(FUND_FIELD)


def counts_on_fund(plan: dict[str, Any]) -> bool:
    """Whether the plan gives any Fund income: the field, or a Fund intervention."""
    return fund_field(plan) is not None or bool(fund_interventions(plan))


def bridge(plan: dict[str, Any]) -> list[BridgeYear]:
    """The bridge for every financial year of ``finance.years``, in date order."""
    gaps = finance_section(plan).get("do_nothing_gap")
    gaps = gaps if isinstance(gaps, dict) else {}
    field = fund_field(plan)
    schemes = interventions(plan)
    out = []
    for year in bridge_years(plan):
        gap = amount(gaps.get(year))
        bad = unreadable(gaps, year)
        by_kind: dict[str, list[float | None]] = {}
        fund: list[float | None] = []
        if field is not None:
            fund.append(amount(field.get(year)) if isinstance(field, dict) else None)
            bad = bad or unreadable(field, year)
        for _, scheme in schemes:
            savings = scheme.get("savings")
            saved = amount(savings.get(year)) if isinstance(savings, dict) else None
            bad = bad or unreadable(savings, year)
            if is_fund(scheme):
                fund.append(saved)
                continue
            kind = scheme.get("kind")
            by_kind.setdefault(kind if isinstance(kind, str) else OTHER_KIND, []).append(saved)
        totals = {kind: _sum(values) for kind, values in by_kind.items()}
        total = _sum([value for values in by_kind.values() for value in values])
        income = _sum(fund)
        residual = (
            gap - total - income
            if gap is not None and total is not None and income is not None
            else None
        )
        out.append(BridgeYear(year, gap, totals, total, residual, bad, income))
    return out


def _sum(values: list[float | None]) -> float | None:
    """The exact sum, or None when any value is unknown."""
    if any(value is None for value in values):
        return None
    return math.fsum(value for value in values if value is not None)


def figure(value: float | None) -> str:
    """An amount for a message: one decimal, more only when one would show 0.0;
    ``unknown`` for a figure that cannot be worked out."""
    if value is None:
        return "unknown"
    shown = round(value, 1)
    if shown == 0 and is_positive(abs(value)):
        return f"{value:.{_PLACES}f}".rstrip("0")
    return f"{shown + 0.0:.1f}"  # + 0.0 turns -0.0 into 0.0
