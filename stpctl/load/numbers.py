"""Numbers YAML would misread, which the loader keeps as the text written.

Two kinds, each of which would otherwise put a wrong figure in the plan:

* **A number split by a comma inside a flow mapping.**  In ``{2016/17:
  1,190.0, 2017/18: 3.0}`` the comma ends the entry, so YAML reads ``1`` and
  a stray key ``190.0``; the bridge would silently add 1.0.  The loader sees
  a key that is only digits written straight after a number, joins the
  pieces back into the text ``1,190.0`` and records a ``SplitNumber``, so
  the schema check says "remove the thousands separator" and nothing can
  add up the fragment.
* **A number out of range**: infinite (``.inf``, ``1e999``), not a number
  (``.nan``), or larger than ``LARGEST_NUMBER`` either side of zero (a
  400-digit integer, ``1.7e308``).  No plan needs such a figure, sums of them
  overflow, JSON cannot hold them and Python cannot even print an integer
  of more than 4,300 digits.  The loader keeps the text as written and
  records it, and the schema check reports it where a number is wanted.

10**15 (a thousand trillion) is far above any figure a footprint writes
(populations, participants, amounts in any unit) and below 2**53, so every
whole number up to it is exact in floating point and no sum of a plan's
figures can overflow.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TypeGuard

LARGEST_NUMBER = 10**15

# A key that can only be the rest of a number cut at a comma: digits, and a
# decimal part on the last piece (`1,190.0` → `190.0`).
_REST_OF_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]*)?\Z")
# Thousands separated as in English: 1-3 digits, then groups of exactly three.
_THOUSANDS = re.compile(r"[-+]?[1-9][0-9]{0,2}(?:,[0-9]{3})+(?:\.[0-9]+)?\Z")


def in_range(value: object) -> TypeGuard[int | float]:
    """A number a plan may hold: finite and at most ``LARGEST_NUMBER`` either
    side of zero (booleans and text are not numbers at all)."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return -LARGEST_NUMBER <= value <= LARGEST_NUMBER
    if isinstance(value, float):
        return math.isfinite(value) and abs(value) <= LARGEST_NUMBER
    return False


def is_rest_of_number(key: str) -> bool:
    """Whether a key could be the part of a number after a comma (``190.0``)."""
    return bool(_REST_OF_NUMBER.match(key))


def without_thousands_separators(text: str) -> str | None:
    """``1,190.0`` → ``1190.0`` when the commas separate thousands; ``None``
    otherwise (``1,5`` may be a decimal comma: a fix must not guess)."""
    stripped = text.strip()
    return stripped.replace(",", "") if _THOUSANDS.match(stripped) else None


@dataclass(frozen=True)
class SplitNumber:
    """A number a comma split inside a flow mapping, as the user wrote it.

    ``pointer`` is where the number belongs (the key before it), ``line`` and
    ``column`` where its text starts, ``text`` exactly as written
    (``1,190.0``).  A fix rewrites ``text`` at that place to ``unsplit`` —
    only where the plan wants a number there, and only when ``unsplit`` is
    not ``None``.
    """

    pointer: str
    line: int
    column: int
    text: str

    @property
    def unsplit(self) -> str | None:
        return without_thousands_separators(self.text)
