"""The national standards a measure may track, with their thresholds, read from the
CSV that ships in the package (``stpctl/reference/data/national-standards.csv``).

A standard can have more than one row: a threshold that changes over the plan
period (early intervention in psychosis: 50 %, then 53 %, 56 % and 60 % by
2020/21) is one row per step, each with the financial year it applies from.
A standard whose first row has a year (GP extended access from 2017/18) has
no threshold before it.  Every row says which way the standard points
(``at_least`` a percentage, ``at_most`` a response time in minutes) and its
``source``: the document and date it comes from, and what is not certain.

A guidance pack may carry per-year values of its own (``standards`` in a
version 2 pack: the A&E recovery path of Next Steps, 90 % in 2017/18): they
replace the shipped row for the same standard and year, or add a step.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources

AT_LEAST = "at_least"
AT_MOST = "at_most"
DIRECTIONS = (AT_LEAST, AT_MOST)


class Threshold(NamedTuple):
    """One national threshold; ``from_year`` is None for a step that applies
    from the start."""

    key: str
    standard: str
    threshold: float
    unit: str
    from_year: str | None
    direction: str = AT_LEAST
    source: str = ""

    def missed_by(self, target: float) -> bool:
        """True when ``target`` plans to miss this threshold."""
        gap = round(self.threshold - target, 6)
        return gap > 0 if self.direction == AT_LEAST else gap < 0


@cache
def standards() -> dict[str, tuple[Threshold, ...]]:
    """Every known standard by key, its steps in the order they apply."""
    by_key: dict[str, list[Threshold]] = {}
    path = resources.data_path("national-standards.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            direction = row["direction"].strip()
            if direction not in DIRECTIONS:  # our own data: a typo is a bug, not a finding
                raise ValueError(f"national-standards.csv: {row['key']}: direction {direction!r}")
            step = Threshold(
                key=row["key"].strip(),
                standard=row["standard"].strip(),
                threshold=float(row["threshold"]),
                unit=row["unit"].strip(),
                from_year=row["from_year"].strip() or None,
                direction=direction,
                source=row["source"].strip(),
            )
            by_key.setdefault(step.key, []).append(step)
    return {key: _ordered(steps) for key, steps in by_key.items()}


def _ordered(steps: Iterable[Threshold]) -> tuple[Threshold, ...]:
    # "YYYY/YY" sorts in time order as text; a step with no year comes first.
    return tuple(sorted(steps, key=lambda s: s.from_year or ""))


def steps_for(key: str, extra: Iterable[Threshold] = ()) -> tuple[Threshold, ...]:
    """The steps of standard ``key``, with ``extra`` (a pack's own values)
    replacing a shipped step of the same year or adding one.  Empty when the
    standard is not known."""
    shipped = standards().get(key, ())
    if not shipped:
        return ()
    by_year = {step.from_year: step for step in shipped}
    first = shipped[0]
    for step in extra:
        if step.key == key:
            by_year[step.from_year] = first._replace(
                threshold=step.threshold, from_year=step.from_year, source=step.source
            )
    return _ordered(by_year.values())


def threshold_for(key: str, year: object, extra: Iterable[Threshold] = ()) -> Threshold | None:
    """The threshold of standard ``key`` that applies in financial year ``year``.

    ``year`` is the measure's ``by``; when it is not a year the first step
    applies.  ``None`` when the standard is not known, or has no threshold
    yet in that year (its first step starts later).
    """
    steps = steps_for(key, extra)
    if not steps:
        return None
    if not isinstance(year, str):
        return steps[0]
    chosen = None
    for step in steps:
        if step.from_year is None or step.from_year <= year:
            chosen = step
    return chosen
