"""The ten universal capabilities every Local Digital Roadmap was to deliver
by 2018, read from the CSV that ships in the package
(``stpctl/reference/data/universal-capabilities.csv``), each with its due date
and its source (which says where the wording is not confirmed)."""

from __future__ import annotations

import csv
from datetime import date
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources


class Capability(NamedTuple):
    key: str
    capability: str
    due: date
    source: str


@cache
def capabilities() -> dict[str, Capability]:
    """Every universal capability by key, in the guidance's order."""
    path = resources.data_path("universal-capabilities.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return {
            row["key"].strip(): Capability(
                row["key"].strip(),
                row["capability"].strip(),
                date.fromisoformat(row["due"].strip()),
                row["source"].strip(),
            )
            for row in csv.DictReader(handle)
        }
