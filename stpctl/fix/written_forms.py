"""Dates, financial years and amounts as people write them, read without guessing.

Each function returns the form a plan wants, or ``None`` when the text is not
one of the few shapes read here or could mean more than one thing.  Dates are
read day first, the UK convention; a date whose day and month could swap
(``03/04/2016``) is returned with ``ambiguous`` set, so that its fix is
marked unsafe.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from stpctl.load.numbers import without_thousands_separators

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
# 30 June 2016, 1st Sept 2016, 30 Jun. 2016
_WORDS = re.compile(r"([0-9]{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\.?,?\s+([0-9]{4})\Z")
# 30/06/2016, 30.06.2016, 30-06-2016 (the same separator twice)
_NUMBERS = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2([0-9]{4})\Z")
# 2016-17, 2016/2017, 2016-2017, and with an en dash as word processors write it
_YEARS = re.compile(r"([0-9]{4})\s*[-/\u2013]\s*([0-9]{2}|[0-9]{4})\Z")
# £96.0, £ 1,200 — a number and nothing after it (not £1.2m, not £96k)
_POUNDS = re.compile(r"£\s*([0-9][0-9,]*(?:\.[0-9]+)?)\Z")
_PLAIN_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?\Z")


class ReadDate(NamedTuple):
    """A date read day first: ISO text, and whether day and month could swap."""

    iso: str
    ambiguous: bool


def day_first_date(text: str) -> ReadDate | None:
    """``30 June 2016`` or ``30/06/2016`` → ``2016-06-30``; ``None`` for any
    other shape or a day that does not exist (``31/06/2016``)."""
    text = text.strip()
    words = _WORDS.match(text)
    if words is not None:
        month = _MONTHS.get(words.group(2).lower())
        if month is None:
            return None
        found = _real(int(words.group(3)), month, int(words.group(1)))
        return None if found is None else ReadDate(found, False)
    numbers = _NUMBERS.match(text)
    if numbers is None:
        return None
    day, month, year = int(numbers.group(1)), int(numbers.group(3)), int(numbers.group(4))
    found = _real(year, month, day)
    if found is None:
        return None
    # 03/04/2016 is 3 April here but 4 March in the US: only a day over 12
    # (or the same day and month) leaves no doubt.
    return ReadDate(found, day <= 12 and day != month)


def _real(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def financial_year(text: str) -> str | None:
    """``2016-17``, ``2016/2017`` → ``2016/17``; ``None`` unless the two years
    follow each other (``2016-18`` is not a financial year: no guess)."""
    found = _YEARS.match(text.strip())
    if found is None:
        return None
    start, end = int(found.group(1)), found.group(2)
    follows = int(end) == start + 1 if len(end) == 4 else int(end) == (start + 1) % 100
    return f"{start}/{(start + 1) % 100:02d}" if follows else None


def plain_amount(text: str, unit_is_pounds: bool) -> str | None:
    """A number written with thousands separators (``780,000``), or, where
    the unit is already pounds, with a pound sign (``£96.0``), as the number
    alone; ``None`` otherwise: ``£1.2m``, ``96k``, ``1,5`` (a decimal comma?)
    are left as they are."""
    text = text.strip()
    pounds = _POUNDS.match(text)
    if pounds is not None:
        if not unit_is_pounds:
            return None
        text = pounds.group(1)
        if _PLAIN_NUMBER.match(text):
            return text
    return without_thousands_separators(text)


def is_pounds(unit: object) -> bool:
    """Whether a unit is in pounds sterling: ``GBP``, ``GBP million``, ``£m``."""
    if not isinstance(unit, str):
        return False
    unit = unit.strip()
    return unit.startswith("£") or unit[:3].upper() == "GBP"
