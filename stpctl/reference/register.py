"""The register of STP footprints (ONS codes E54000001 to E54000048), read from the CSV
that ships in the package."""

from __future__ import annotations

import csv
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources


class Footprint(NamedTuple):
    code: str
    name: str
    aliases: tuple[str, ...]
    replaced_by: str | None


@cache
def footprints() -> dict[str, Footprint]:
    """Every registered footprint by code, in register order."""
    with resources.data_path("stp-footprints.csv").open(encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Footprint(
                code=row["code"],
                name=row["name"],
                aliases=tuple(a.strip() for a in row["aliases"].split(";") if a.strip()),
                replaced_by=row["replaced_by"] or None,
            )
            for row in csv.DictReader(handle)
        }


def find(code_or_name: str) -> Footprint | None:
    """A footprint by code, or by its name or an alias (ignoring case)."""
    register = footprints()
    if code_or_name.upper() in register:
        return register[code_or_name.upper()]
    wanted = code_or_name.strip().lower()
    for footprint in register.values():
        names = (footprint.name, *footprint.aliases)
        if footprint.replaced_by is None and wanted in (n.lower() for n in names):
            return footprint
    return None
