"""The finance bridge: for each financial year, the do-nothing gap, what the
interventions save, and the residual left unclosed.

Pure arithmetic on whatever the plan holds: a figure that is missing or not a
finite number counts as 0 (the schema and rule STP401 report it), so the
bridge can always be drawn.  A positive residual is money still missing; zero
or negative means the year closes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

DEFAULT_UNIT = "GBP million"
OTHER_KIND = "other"

# Residuals are compared after rounding to this many decimals, so that
# 0.1 + 0.2 - 0.3 (5.5e-17 in binary floating point) counts as closed.
_PLACES = 6
_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


@dataclass(frozen=True)
class BridgeYear:
    """One year of the bridge, amounts in the plan's finance unit."""

    year: str
    gap: float
    savings_by_kind: dict[str, float]
    savings_total: float
    residual: float

    @property
    def closed(self) -> bool:
        return not is_positive(self.residual)


def is_positive(amount: float) -> bool:
    """Above zero once floating-point noise is rounded away."""
    return round(amount, _PLACES) > 0


def amount(value: object) -> float | None:
    """A finite number from the plan, or None (text, booleans, NaN, infinity)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def is_financial_year(text: object) -> bool:
    """``2016/17``: four digits, a slash, and the next year's last two digits."""
    match = _YEAR.fullmatch(text) if isinstance(text, str) else None
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


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


def interventions(plan: dict[str, Any]) -> list[tuple[int, dict[str, Any]]]:
    """The interventions that are mappings, with their index in the list."""
    listed = finance_section(plan).get("interventions")
    if not isinstance(listed, list):
        return []
    return [(index, item) for index, item in enumerate(listed) if isinstance(item, dict)]


def bridge(plan: dict[str, Any]) -> list[BridgeYear]:
    """The bridge for every year of ``finance.years``, in order."""
    gaps = finance_section(plan).get("do_nothing_gap")
    gaps = gaps if isinstance(gaps, dict) else {}
    schemes = interventions(plan)
    out = []
    for year in years(plan):
        gap = amount(gaps.get(year)) or 0.0
        by_kind: dict[str, list[float]] = {}
        for _, scheme in schemes:
            savings = scheme.get("savings")
            saved = amount(savings.get(year)) if isinstance(savings, dict) else None
            if saved is None:
                continue
            kind = scheme.get("kind")
            by_kind.setdefault(kind if isinstance(kind, str) else OTHER_KIND, []).append(saved)
        totals = {kind: math.fsum(values) for kind, values in by_kind.items()}
        total = math.fsum(value for values in by_kind.values() for value in values)
        out.append(BridgeYear(year, gap, totals, total, gap - total))
    return out


def figure(value: float) -> str:
    """An amount for a message: one decimal, more only when one would show 0.0."""
    shown = round(value, 1)
    if shown == 0 and is_positive(abs(value)):
        return f"{value:.{_PLACES}f}".rstrip("0")
    return f"{shown + 0.0:.1f}"  # + 0.0 turns -0.0 into 0.0
