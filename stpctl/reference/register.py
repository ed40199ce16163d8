"""The register of STP footprints (ONS codes E54000001 to E54000048), read from the CSV
that ships in the package, and searched loosely for people who remember a
footprint by part of its name."""

from __future__ import annotations

import csv
import difflib
import re
from functools import cache
from typing import NamedTuple

from stpctl.reference import resources

# How alike a word of a name must be to what was typed to be suggested (difflib's ratio).
CLOSE_ENOUGH = 0.75


class Footprint(NamedTuple):
    code: str
    name: str
    aliases: tuple[str, ...]
    replaced_by: str | None
    region: str = ""  # the NHS England region of 2016: North, Midlands and East, London, South


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
                region=row["region"],
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


def current(code: str | None) -> str | None:
    """The footprint's code today: a recoded footprint's new code (E54000001
    → E54000046), any other code as written."""
    register = footprints()
    seen: set[str] = set()
    while code is not None and code in register and code not in seen:
        seen.add(code)
        replaced_by = register[code].replaced_by
        if replaced_by is None:
            break
        code = replaced_by
    return code


def recoded_from(code: str) -> tuple[str, ...]:
    """The codes that were recoded to ``code`` (E54000046 ← E54000001)."""
    return tuple(fp.code for fp in footprints().values() if fp.replaced_by == code)


def _plain(text: str) -> str:
    """Lower case, with punctuation and runs of spaces as one space:
    "Stoke-on-Trent" and "stoke on trent" are the same words."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _names(footprint: Footprint) -> tuple[str, ...]:
    return tuple(_plain(name) for name in (footprint.name, *footprint.aliases))


def search(text: str) -> list[Footprint]:
    """Footprints whose code, name or alternative name contains ``text``
    (ignoring case and punctuation), in register order; all of them when
    ``text`` is blank."""
    wanted = _plain(text)
    if not wanted:
        return list(footprints().values())
    return [
        fp
        for fp in footprints().values()
        if wanted in fp.code.lower() or any(wanted in name for name in _names(fp))
    ]


def closest(text: str, limit: int = 3) -> list[Footprint]:
    """The footprints whose code, name or alternative name is most like
    ``text``, best first, for a did-you-mean; recoded ones left out."""
    wanted = _plain(text)
    scored = []
    for fp in footprints().values():
        if fp.replaced_by is not None or not wanted:
            continue
        score = max(_likeness(wanted, candidate) for candidate in (fp.code.lower(), *_names(fp)))
        if score >= CLOSE_ENOUGH:
            scored.append((-score, fp.code, fp))
    return [fp for _, _, fp in sorted(scored)[:limit]]


def _likeness(wanted: str, name: str) -> float:
    """How alike ``wanted`` is to ``name`` or to any run of as many words in
    it, so that "chesire" is near "Cheshire and Merseyside"."""
    words = name.split()
    size = len(wanted.split())
    pieces = [name] + [" ".join(words[i : i + size]) for i in range(len(words) - size + 1)]
    return max(difflib.SequenceMatcher(None, wanted, piece).ratio() for piece in pieces)
