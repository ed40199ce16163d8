"""Reading parts of a plan that may have any shape.

Rules, status and reports run on half-valid plans, where any field can be
missing or of the wrong type; these helpers return only what has the shape
the reader needs, so each caller need not check types again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from stpctl.records.pointers import escape_pointer_token

_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_FINANCIAL_YEAR = re.compile(r"([0-9]{4})/([0-9]{2})")


def mappings(value: object) -> list[tuple[int, dict[str, Any]]]:
    """The mappings in a list, with their indexes; nothing when it is not a list."""
    if not isinstance(value, list):
        return []
    return [(index, item) for index, item in enumerate(value) if isinstance(item, dict)]


def is_number(value: object) -> bool:
    """An int or float, but not a boolean (YAML's ``yes`` is not a figure)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_day(value: object) -> date | None:
    """A date written as ISO ``YYYY-MM-DD`` text (how plans keep dates), or ``None``."""
    # fromisoformat alone also takes "20160630" and week dates on Python 3.11+.
    if not isinstance(value, str) or not _ISO_DAY.match(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def is_financial_year(text: object) -> bool:
    """``2016/17``: four digits, a slash, and the next year's last two digits."""
    match = _FINANCIAL_YEAR.fullmatch(text) if isinstance(text, str) else None
    return match is not None and (int(match[1]) + 1) % 100 == int(match[2])


def actions(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every action of every question, in file order, with its JSON pointer."""
    questions = data.get("questions")
    if not isinstance(questions, dict):
        return
    for key, question in questions.items():
        if isinstance(question, dict):
            base = f"/questions/{escape_pointer_token(str(key))}/actions"
            for index, action in mappings(question.get("actions")):
                yield f"{base}/{index}", action


def measures(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every measure in the plan (questions and triple aim) with its pointer."""
    for section in ("questions", "triple_aim"):
        parts = data.get(section)
        if not isinstance(parts, dict):
            continue
        for key, part in parts.items():
            if not isinstance(part, dict) or not isinstance(part.get("measures"), list):
                continue
            base = f"/{section}/{escape_pointer_token(str(key))}/measures"
            for index, measure in mappings(part["measures"]):
                yield f"{base}/{index}", measure
