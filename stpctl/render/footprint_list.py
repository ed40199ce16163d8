"""The register of footprints as ``stpctl footprints`` prints it: aligned
text columns (code, name, region, recoded from or to), or JSON."""

from __future__ import annotations

import json
from typing import Any

from stpctl.reference.register import Footprint, recoded_from

COLUMNS = ("code", "name", "region", "recoded")


def recoding(footprint: Footprint) -> str:
    """ "to E54000046" for a recoded footprint, "from E54000001" for its successor."""
    if footprint.replaced_by:
        return f"to {footprint.replaced_by}"
    earlier = recoded_from(footprint.code)
    return f"from {', '.join(earlier)}" if earlier else ""


def as_text(found: list[Footprint]) -> str:
    rows = [COLUMNS, *((fp.code, fp.name, fp.region, recoding(fp)) for fp in found)]
    widths = [max(len(row[index]) for row in rows) for index in range(len(COLUMNS))]
    lines = (
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    )
    return "".join(line.rstrip() + "\n" for line in lines)


def as_dict(footprint: Footprint) -> dict[str, Any]:
    return {
        "code": footprint.code,
        "name": footprint.name,
        "region": footprint.region,
        "aliases": list(footprint.aliases),
        "recoded_from": list(recoded_from(footprint.code)),
        "recoded_to": footprint.replaced_by,
    }


def as_json(found: list[Footprint]) -> str:
    return json.dumps([as_dict(fp) for fp in found], indent=2, ensure_ascii=False) + "\n"


def label(footprint: Footprint) -> str:
    """ "Cheshire and Merseyside (E54000008)", for messages."""
    return f"{footprint.name} ({footprint.code})"
