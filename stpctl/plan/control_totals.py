"""Control totals: the surplus each NHS body of the footprint agreed to deliver
in a year (``finance.control_totals``), read from a plan of any shape.

Amounts are in the plan's finance unit; a deficit is negative.  The plan's
bridge and its control totals are two views of one position: for each year,
the footprint's residual (positive = money still to find) should be minus
the sum of its NHS bodies' control totals (positive = surplus), within
``TOLERANCE`` for rounding.

Only a control total for one of the footprint's organisations that is an
NHS body counts towards a year's sum (STP405 reports the others).  A year's
sum is not worked out (``None``) when one of its figures is missing or is
not a number, or when a body is given twice that year: which figure counts
is not for stpctl to guess.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from stpctl.plan.finance_bridge import amount, finance_section, is_positive
from stpctl.plan.plan_parts import is_financial_year, mappings

# The organisation types that are NHS bodies with control totals.
NHS_BODY_TYPES = ("ccg", "nhs_trust", "foundation_trust", "ambulance_trust")
# How far the two views may differ before it is more than rounding.
TOLERANCE = 0.5


class Organisation(NamedTuple):
    code: str  # the ODS code in capitals
    name: str | None
    kind: str | None  # the organisation's `type`

    @property
    def nhs_body(self) -> bool:
        return self.kind in NHS_BODY_TYPES

    def named(self) -> str:
        return f"{self.code} ({self.name})" if self.name else self.code


class ControlTotal(NamedTuple):
    """One entry of ``finance.control_totals``; ``None`` for a part that is
    missing or of the wrong shape."""

    row: int  # its index in `finance.control_totals`
    organisation: str | None  # the ODS code in capitals
    year: str | None  # a financial year, or None
    surplus: float | None  # None when missing or not a number

    @property
    def pointer(self) -> str:
        return f"/finance/control_totals/{self.row}"


class YearTotal(NamedTuple):
    """The control totals that count in one year, and their sum."""

    year: str
    entries: tuple[ControlTotal, ...]
    total: float | None  # None: a figure missing or not a number, or a body given twice
    repeated: tuple[str, ...]  # bodies given more than once this year


def ods(code: str) -> str:
    """ODS codes are capitals: `rwp` is RWP written carelessly (the schema says so)."""
    return code.strip().upper()


def organisations(plan: dict[str, Any]) -> dict[str, Organisation]:
    """The footprint's organisations by ODS code (the first of a code written twice)."""
    footprint = plan.get("footprint")
    listed = footprint.get("organisations") if isinstance(footprint, dict) else None
    out: dict[str, Organisation] = {}
    for _, item in mappings(listed):
        code, name, kind = item.get("code"), item.get("name"), item.get("type")
        if isinstance(code, str) and code.strip():
            out.setdefault(
                ods(code),
                Organisation(
                    ods(code),
                    " ".join(name.split()) if isinstance(name, str) and name.strip() else None,
                    kind if isinstance(kind, str) else None,
                ),
            )
    return out


def written(plan: dict[str, Any]) -> bool:
    """Whether the plan gives any control total at all."""
    return bool(mappings(finance_section(plan).get("control_totals")))


def entries(plan: dict[str, Any]) -> list[ControlTotal]:
    """Every entry that is a mapping, in file order."""
    out = []
    for index, item in mappings(finance_section(plan).get("control_totals")):
        code, year = item.get("organisation"), item.get("year")
        out.append(
            ControlTotal(
                index,
                ods(code) if isinstance(code, str) and code.strip() else None,
                year if is_financial_year(year) else None,
                amount(item.get("surplus")),
            )
        )
    return out


def counts(entry: ControlTotal, known: dict[str, Organisation]) -> bool:
    """Whether ``entry`` is for one of the footprint's NHS bodies."""
    body = known.get(entry.organisation) if entry.organisation else None
    return body is not None and body.nhs_body


def year_totals(plan: dict[str, Any]) -> dict[str, YearTotal]:
    """For each year with at least one control total that counts, its sum."""
    known = organisations(plan)
    by_year: dict[str, list[ControlTotal]] = {}
    for entry in entries(plan):
        if entry.year is not None and counts(entry, known):
            by_year.setdefault(entry.year, []).append(entry)
    out = {}
    for year, listed in by_year.items():
        seen: set[str] = set()
        repeated = []
        for entry in listed:
            code = entry.organisation or ""
            if code in seen and code not in repeated:
                repeated.append(code)
            seen.add(code)
        figures = [entry.surplus for entry in listed]
        total = None
        if not repeated and all(value is not None for value in figures):
            # to six decimals, so that 0.8 + 0.2 - 1.0 is 0 and not binary noise
            total = round(math.fsum(value for value in figures if value is not None), 6) + 0.0
        out[year] = YearTotal(year, tuple(listed), total, tuple(repeated))
    return out


def difference(residual: float, total: float) -> float:
    """How far the two views differ: the residual plus the sum of the control
    totals (0 when they agree; positive when the bridge leaves the footprint
    worse off than its control totals allow)."""
    return round(residual + total, 6) + 0.0


def agree(residual: float, total: float) -> bool:
    return abs(difference(residual, total)) <= TOLERANCE


def not_met(residual: float, total: float) -> bool:
    """The plan shows the control totals not met: its bridge leaves the footprint
    worse off than the NHS bodies' control totals add up to, by more than rounding."""
    return is_positive(difference(residual, total) - TOLERANCE)
