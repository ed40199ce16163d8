"""The conditions the Sustainability and Transformation Fund was paid on, with
each one's share of the Fund, read from the CSV that ships in the package
(``stpctl/reference/data/transformation-fund-conditions.csv``).

The Fund was conditional income: in 2016/17, 70 % of a trust's allocation
hung on meeting its financial control total and 30 % on its access
trajectories (referral to treatment 12.5 %, A&E four hours 12.5 %, cancer
62 days 5 %).  Each row says where its figure comes from and what is not
certain (the split is taken from reports of NHS Improvement's letter, and
the 2016/17 split is applied to every year of a plan).
"""

from __future__ import annotations

import csv
import math
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources

CONTROL_TOTAL = "control_total"
TRAJECTORY = "trajectory"


class FundCondition(NamedTuple):
    """One condition: ``standard`` is the national standard a trajectory
    condition follows (``None`` for the control total); ``share`` is the
    percentage of the Fund paid on it."""

    condition: str
    standard: str | None
    share: float
    label: str
    source: str


@cache
def conditions() -> tuple[FundCondition, ...]:
    """Every condition, in the file's order; the shares add up to 100."""
    path = resources.data_path("transformation-fund-conditions.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = tuple(
            FundCondition(
                row["condition"].strip(),
                row["standard"].strip() or None,
                float(row["share"]),
                row["label"].strip(),
                row["source"].strip(),
            )
            for row in csv.DictReader(handle)
        )
    # Our own data: a typo here is a bug in stpctl, not something a plan did.
    if not math.isclose(math.fsum(row.share for row in rows), 100.0):
        raise ValueError("transformation-fund-conditions.csv: the shares do not add up to 100")
    for row in rows:
        if row.condition not in (CONTROL_TOTAL, TRAJECTORY):
            raise ValueError(f"transformation-fund-conditions.csv: condition {row.condition!r}")
    return rows


def control_total_share() -> float:
    """The percentage of the Fund that hangs on the control total."""
    return math.fsum(row.share for row in conditions() if row.condition == CONTROL_TOTAL)


def trajectory_conditions() -> tuple[FundCondition, ...]:
    """The trajectory conditions, each with its standard and share."""
    return tuple(row for row in conditions() if row.condition == TRAJECTORY)
