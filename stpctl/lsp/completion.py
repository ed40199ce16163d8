"""Completion for what the schema alone cannot know, from the plan itself
(as last loaded) and the guidance pack: the ODS codes of the footprint's
organisations where a code is expected (a control total's ``organisation``,
``digital_roadmap.organisations``), question keys in a priority's
``questions``, delivery-area ids in a priority's ``delivery_area``, and the
plan's financial years (``finance.years``) as keys of a year mapping and as
a control total's ``year``.

Where the cursor is, is read from the text as typed — it usually does not
parse while a value is being typed — by the keys that enclose it: those of
the flow collections (``{…}``, ``[…]``) open on its line, and those of the
lines above it with less indentation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from lsprotocol import types

from stpctl.reference.guidance import GuidancePack

YEAR_MAPPINGS = frozenset({"do_nothing_gap", "transformation_fund", "savings"})
_TOKEN = re.compile(r"[\[\]{},]|([^\s\[\]{},:#\"'][^\[\]{},:]*?)\s*:(?=\s|$)")
_KEY_LINE = re.compile(r"^\s*(?:-\s+)?([^\s\[\]{},:#\"'][^\[\]{},:]*?)\s*:(\s|$)")


class Place(NamedTuple):
    """Where the cursor is: in the value of a key, an item of a list, or a key
    of a mapping (``where``: value, item, key); ``key`` the key that owns it;
    ``outer`` the keys enclosing that, innermost first."""

    where: str
    key: str | None
    outer: tuple[str, ...]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _ancestors(lines: Sequence[str], row: int, indent: int, same_level: bool) -> list[str]:
    """Keys of the lines above ``row`` with less indentation (or, for the first,
    the same, when ``same_level``: a list may start at its key's indentation)."""
    found = []
    for line in reversed(lines[:row]):
        text = line.rstrip("\r\n")
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        level = _indent(text)
        dash = text.lstrip().startswith("-")
        if level < indent or (same_level and level == indent and not dash):
            match = _KEY_LINE.match(text)
            if match:
                found.append(match.group(1).strip())
            indent, same_level = level, False
            if level == 0:
                break
    return found


def place_of(lines: Sequence[str], row: int, character: int) -> Place | None:
    if row >= len(lines):
        return None
    line = lines[row].rstrip("\r\n")
    before = line[:character]
    frames: list[tuple[str, str | None]] = []  # open `[` / `{` on this line, and their keys
    current: str | None = None
    for token in _TOKEN.finditer(before):
        if token.group(1) is not None:
            current = token.group(1).strip()
        elif token.group(0) in "[{":
            frames.append((token.group(0), current))
            current = None
        elif token.group(0) in "]}":
            if frames:
                frames.pop()
            current = None
        else:
            current = None
    owners = tuple(key for _, key in reversed(frames) if key is not None)
    above = tuple(_ancestors(lines, row, _indent(line), same_level=False))
    if current is not None:  # after `key:` on this line
        outer = owners + above
        return Place("value", current, outer)
    if frames:
        kind = "item" if frames[-1][0] == "[" else "key"
        owner = frames[-1][1]
        outer = tuple(key for _, key in reversed(frames[:-1]) if key is not None) + above
        return Place(kind, owner, outer)
    stripped = before.strip()
    if before.lstrip().startswith("-") and re.fullmatch(r"-\s*\S*", stripped):
        keys = _ancestors(lines, row, _indent(line), same_level=True)
        return Place("item", keys[0] if keys else None, tuple(keys[1:]))
    if re.fullmatch(r"\S*", stripped) and _indent(before) > 0:
        keys = list(above)
        return Place("key", keys[0] if keys else None, tuple(keys[1:]))
    return None


def _codes(data: dict[str, Any]) -> list[types.CompletionItem]:
    footprint = data.get("footprint")
    organisations = footprint.get("organisations") if isinstance(footprint, dict) else None
    items = []
    for organisation in organisations if isinstance(organisations, list) else []:
        if isinstance(organisation, dict) and isinstance(organisation.get("code"), str):
            items.append(
                types.CompletionItem(
                    label=organisation["code"],
                    kind=types.CompletionItemKind.Value,
                    detail=str(organisation.get("name", "")),
                )
            )
    return items


def _areas(data: dict[str, Any]) -> list[types.CompletionItem]:
    areas = data.get("delivery_areas")
    return [
        types.CompletionItem(
            label=area["id"], kind=types.CompletionItemKind.Value, detail=str(area.get("title", ""))
        )
        for area in (areas if isinstance(areas, list) else [])
        if isinstance(area, dict) and isinstance(area.get("id"), str)
    ]


def _years(data: dict[str, Any]) -> list[types.CompletionItem]:
    finance = data.get("finance")
    years = finance.get("years") if isinstance(finance, dict) else None
    return [
        types.CompletionItem(label=year, kind=types.CompletionItemKind.Constant)
        for year in (years if isinstance(years, list) else [])
        if isinstance(year, str)
    ]


def _questions(pack: GuidancePack) -> list[types.CompletionItem]:
    return [
        types.CompletionItem(
            label=question.key, kind=types.CompletionItemKind.EnumMember, detail=question.title
        )
        for question in pack.questions
    ]


def completions(
    place: Place | None, data: dict[str, Any] | None, pack: GuidancePack
) -> list[types.CompletionItem]:
    if place is None or data is None:
        return []
    where, key, outer = place
    if where == "value" and key == "organisation" and "control_totals" in outer:
        return _codes(data)
    if where == "item" and key == "organisations" and "digital_roadmap" in outer:
        return _codes(data)
    if where == "value" and key == "delivery_area" and "priorities" in outer:
        return _areas(data)
    if where == "item" and key == "questions" and "priorities" in outer:
        return _questions(pack)
    if where == "key" and key in YEAR_MAPPINGS and "finance" in outer:
        return _years(data)
    if where == "value" and key == "year" and "control_totals" in outer:
        return _years(data)
    return []
