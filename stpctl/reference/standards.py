"""The national standards a measure may track, with their thresholds, read from the
CSV that ships in the package (``stpctl/data/national-standards.csv``).

A standard can have more than one row: a threshold that rises over the plan
period (early intervention in psychosis: 50 %, then 60 % from 2020/21) is one
row per step, each with the financial year it applies from.
"""

from __future__ import annotations

import csv
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources


class Threshold(NamedTuple):
    """One national threshold; ``from_year`` is None for the first step."""

    key: str
    standard: str
    threshold: float
    unit: str
    from_year: str | None


@cache
def standards() -> dict[str, tuple[Threshold, ...]]:
    """Every known standard by key, its steps in the order they apply."""
    by_key: dict[str, list[Threshold]] = {}
    path = resources.data_path("national-standards.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            step = Threshold(
                key=row["key"].strip(),
                standard=row["standard"].strip(),
                threshold=float(row["threshold"]),
                unit=row["unit"].strip(),
                from_year=row["from_year"].strip() or None,
            )
            by_key.setdefault(step.key, []).append(step)
    # "YYYY/YY" sorts in time order as text; the first step has no year.
    return {
        key: tuple(sorted(steps, key=lambda s: s.from_year or "")) for key, steps in by_key.items()
    }


def threshold_for(key: str, year: object) -> Threshold | None:
    """The threshold of standard ``key`` that applies in financial year ``year``.

    ``year`` is the measure's ``by``; when it is not a year the first step
    applies.  ``None`` when the standard is not known.
    """
    steps = standards().get(key)
    if not steps:
        return None
    chosen = steps[0]
    if isinstance(year, str):
        for step in steps:
            if step.from_year is None or step.from_year <= year:
                chosen = step
    return chosen
