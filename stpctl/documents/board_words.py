"""Dates and statuses as a board paper writes them (``30 June 2016``,
``Not started``), for the human formats of the board report and the
checklist's Word and Excel files.  JSON keeps the plan's own values."""

from __future__ import annotations

from datetime import date

from stpctl.plan.plan_parts import parse_day


def long_date(day: date) -> str:
    """``30 June 2016``."""
    return f"{day.day} {day:%B %Y}"


def date_words(text: str | None) -> str:
    """A plan's ``YYYY-MM-DD`` as ``30 June 2016``; anything else as written."""
    day = parse_day(text)
    return long_date(day) if day else (text or "")


def status_words(value: str | None) -> str:
    """A status the plan writes (``not_started``, ``draft``, ``open``) as a word:
    ``Not started``, ``Draft``, ``Open``."""
    if not value:
        return ""
    text = value.replace("_", " ")
    return text[:1].upper() + text[1:]


def plain_reason(reason: str) -> str:
    """A question-status reason (``its status is not_started``) with the
    plan's status values in words (``its status is not started``)."""
    for value in ("not_started", "not_applicable"):
        reason = reason.replace(value, value.replace("_", " "))
    return reason
