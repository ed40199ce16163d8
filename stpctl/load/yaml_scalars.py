"""What YAML 1.1 makes of a plain (unquoted) scalar, as PyYAML reads it.

The loader keeps the text of every scalar that did not stay text, so that a
schema message can say "`012`, which YAML reads as the number 10".  The
rules here follow PyYAML's YAML 1.1 reading, plus ``1e3`` as a number (as
YAML 1.2 and JSON read it); timestamps are left as text on purpose: dates
are handled as ISO text throughout stpctl.
"""

from __future__ import annotations

import re
from typing import Any

_NULLS = {"", "~", "null", "Null", "NULL"}
_BOOLS = {
    **dict.fromkeys(("yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"), True),
    **dict.fromkeys(("no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"), False),
}
_INT_DEC = re.compile(r"[-+]?(?:0|[1-9][0-9_]*)\Z")
_INT_OCT = re.compile(r"[-+]?0[0-7_]+\Z")
_INT_HEX = re.compile(r"[-+]?0x[0-9a-fA-F_]+\Z")
_INT_BIN = re.compile(r"[-+]?0b[01_]+\Z")
# Base 60 with more parts than this stays text: YAML 1.1 allows any number
# (``1:0:0:…``), but nobody writes a number so, and converting one part by
# part takes time that grows with the square of its length.
MAX_BASE60_PARTS = 8
# Base 60 as YAML 1.1 writes it: a whole number must not start with 0 (``01:30``
# stays text, as in PyYAML); a number with a fraction may (``0:30.5``).
_SEXAGESIMAL = re.compile(
    r"[-+]?(?:[1-9][0-9_]*(?::[0-5]?[0-9])+|[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*)\Z"
)
# YAML 1.1 floats need a dot; like YAML 1.2 and JSON we also read ``1e3`` as a number.
_FLOAT = re.compile(
    r"[-+]?(?:(?:[0-9][0-9_]*)?\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+)\Z"
)
# Only the spellings YAML 1.1 lists (``.inf``, ``.Inf``, ``.INF``…); ``.iNf`` stays text.
_SPECIAL_FLOATS = {
    **{
        sign + inf: float("-inf" if sign == "-" else "inf")
        for sign in ("", "+", "-")
        for inf in (".inf", ".Inf", ".INF")
    },
    **dict.fromkeys((".nan", ".NaN", ".NAN"), float("nan")),
}


def resolve_plain(text: str) -> Any:
    """What YAML 1.1 (as PyYAML reads it, plus ``1e3``) makes of a plain scalar.

    Timestamps are deliberately left as text: dates are handled as ISO text
    throughout stpctl.
    """
    if text in _NULLS:
        return None
    if text in _BOOLS:
        return _BOOLS[text]
    first = text[0]
    if not (first.isdigit() or first in "+-."):
        return text
    try:
        if _INT_DEC.match(text):
            return int(text.replace("_", ""))
        if _INT_OCT.match(text):
            return int(text.replace("_", ""), 8)
        if _INT_HEX.match(text):
            return int(text.replace("_", ""), 16)
        if _INT_BIN.match(text):
            return int(text.replace("_", ""), 2)
        if _FLOAT.match(text) and any(ch.isdigit() for ch in text):
            return float(text.replace("_", ""))
        if text.count(":") < MAX_BASE60_PARTS and _SEXAGESIMAL.match(text):
            return _sexagesimal(text)
    except ValueError:
        # A decimal integer too long for Python to convert (over 4,300 digits):
        # beyond any float, as ``1e5000`` is; the loader keeps both as text.
        return float("-inf") if text.startswith("-") else float("inf")
    special = _SPECIAL_FLOATS.get(text)
    return text if special is None else special


def _sexagesimal(text: str) -> int | float:
    sign = -1 if text.startswith("-") else 1
    total: int | float = 0
    for part in text.lstrip("+-").replace("_", "").split(":"):
        total = total * 60 + (float(part) if "." in part else int(part))
    return sign * total
