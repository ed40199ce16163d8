"""How the board report reads a value from the plan (``stpctl report``).

Defensively: the report is drawn for half-valid plans too, so a value of the
wrong type is left out (``None``, or an empty mapping) rather than shown as
something it is not.
"""

from __future__ import annotations

from typing import Any

from stpctl.plan.plan_parts import is_number


def text(value: object) -> str | None:
    """Plan text as one clean string, or ``None`` when it is not text or blank."""
    if not isinstance(value, str):
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def label(value: object) -> str | None:
    """Text, or a number written where text was meant (``version: 1.0``)."""
    if is_number(value):
        return str(value)
    return text(value)


def mapping(value: object) -> dict[str, Any]:
    """``value`` when it is a mapping, else an empty one to read ``None`` from."""
    return value if isinstance(value, dict) else {}
