"""Dates (PRODUCT.md §4): actions fall inside the plan period, open actions
are not overdue at `--as-of`, the period is five financial years, a
submitted plan has a milestone in its first year, and the submission
history does not go backwards.

The loader keeps dates as the text the user wrote; a date that is not a real
`YYYY-MM-DD` day is the schema check's to report, so these rules skip it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from stpctl.check.question_status import submission_status
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import actions, mappings, parse_day
from stpctl.records.finding import Severity
from stpctl.records.pointers import display_path

FINANCIAL_YEARS = 5


def _label(pointer: str, action: dict[str, Any]) -> str:
    """``action PRV2 "Commission NDPP"``: how a programme manager finds it."""
    ident = action.get("id")
    label = (
        f"action {ident}" if isinstance(ident, str) else f"the action at `{display_path(pointer)}`"
    )
    title = action.get("title")
    if isinstance(title, str) and title.strip():
        label += f' "{_clip(" ".join(title.split()), 60)}"'
    return label


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _period(data: dict[str, Any]) -> tuple[date | None, date | None]:
    period = data.get("period")
    if not isinstance(period, dict):
        return None, None
    return parse_day(period.get("start")), parse_day(period.get("end"))


def _is_open(action: dict[str, Any]) -> bool:
    return action.get("status", "open") in ("open", None)


@rule("STP301", "action-outside-period", Severity.WARNING)
def action_outside_period(ctx: PlanContext) -> Iterator[Issue]:
    """An action is due before the plan period starts or after it ends.

    Every action's `due` date should fall inside `period` (normally
    2016-04-01 to 2021-03-31): an action due outside it is either a typo in
    the date or work the plan does not cover.  Dropped actions are not
    checked.

    Failing:

        period: {start: 2016-04-01, end: 2021-03-31}
        questions:
          workforce:
            actions:
              - {id: WF1, title: Open the staff bank, owner: HR lead, due: 2012-09-30}

    Passing:

        period: {start: 2016-04-01, end: 2021-03-31}
        questions:
          workforce:
            actions:
              - {id: WF1, title: Open the staff bank, owner: HR lead, due: 2017-09-30}
    """
    start, end = _period(ctx.data)
    if start is None and end is None:
        return
    shown = f"{start or '?'} to {end or '?'}"
    for pointer, action in actions(ctx.data):
        due = parse_day(action.get("due"))
        if due is None or action.get("status") == "dropped":
            continue
        if start is not None and due < start:
            where = f"before the plan period starts ({shown})"
        elif end is not None and due > end:
            where = f"after the plan period ends ({shown})"
        else:
            continue
        message = (
            f"{_label(pointer, action)} is due {due}, {where}; check the date, or say"
            " why the work falls outside the plan"
        )
        yield Issue(message, f"{pointer}/due")


@rule("STP302", "action-overdue", Severity.WARNING)
def action_overdue(ctx: PlanContext) -> Iterator[Issue]:
    """An open action is overdue at the `--as-of` date.

    An action whose `status` is `open` (or not given: actions are open
    unless said otherwise) and whose `due` date is before the `--as-of` date
    (today unless given) is overdue.  One finding per action, naming its
    owner and how many days late it is, so a programme office can chase it.
    Mark finished work `done`, abandoned work `dropped`, or agree a new date.
    The examples assume `--as-of 2016-06-30`.

    Failing:

        questions:
          prevention:
            actions:
              - {id: PRV2, title: Commission NDPP, owner: CCG lead, due: 2016-05-31}

    Passing:

        questions:
          prevention:
            actions:
              - {id: PRV2, title: Commission NDPP, owner: CCG lead, due: 2016-05-31, status: done}
    """
    for pointer, action in actions(ctx.data):
        due = parse_day(action.get("due"))
        if due is None or due >= ctx.as_of or not _is_open(action):
            continue
        days = (ctx.as_of - due).days
        owner = action.get("owner")
        whose = f"owner: {owner}" if isinstance(owner, str) and owner.strip() else "no owner"
        message = (
            f"{_label(pointer, action)} ({whose}) was due {due} and is overdue by"
            f" {days} day{'s' if days != 1 else ''} at {ctx.as_of}; mark it done or"
            " dropped, or agree a new due date"
        )
        yield Issue(message, f"{pointer}/due")


def _expected_period(start: date) -> tuple[date, date] | None:
    """The five financial years (1 April to 31 March) that begin in the
    financial year holding ``start``; ``None`` when they would run off the
    calendar (a start in year 1 or after 9994: certainly a typo)."""
    first = start.year if start.month >= 4 else start.year - 1
    if first < date.min.year or first + FINANCIAL_YEARS > date.max.year:
        return None
    return date(first, 4, 1), date(first + FINANCIAL_YEARS, 3, 31)


@rule("STP303", "period-not-five-years", Severity.WARNING)
def period_not_five_years(ctx: PlanContext) -> Iterator[Issue]:
    """The plan period is not five financial years.

    STPs are five-year plans, written over the financial years 2016/17 to
    2020/21, and their finance, measures and actions are set against those
    years: the period must end on 31 March five years after the financial
    year it starts in.  It may start on 1 April or later in that first
    year: the guidance's own plan period ran from October 2016 to March
    2021, so `2016-10-01` to `2021-03-31` is accepted, and so is any start
    in 2016/17 with that end.  Actions due before such a start are still
    outside the plan (STP301).  A different period usually is a typo, and it
    shifts which actions count as outside the plan.  A start so early or so
    late that five years from it would run off the calendar (`0001-01-01`,
    `9999-12-31`) is reported the same way.

    Failing:

        period: {start: 2016-04-01, end: 2020-03-31}

    Passing:

        period: {start: 2016-10-01, end: 2021-03-31}
    """
    start, end = _period(ctx.data)
    if start is None or end is None:
        return
    expected = _expected_period(start)
    if expected is None:
        yield Issue(
            f"the plan period runs {start} to {end}, which is not five financial years:"
            f" five years from {start} would run off the calendar; correct `period`"
            " (an STP runs from 2016-04-01 to 2021-03-31)",
            "/period/start",
        )
        return
    want_start, want_end = expected
    if end == want_end:
        return
    shown_start = start if end.month == 3 and end.day == 31 else want_start
    pointer = "/period/start" if shown_start != start else "/period/end"
    message = (
        f"the plan period runs {start} to {end}, which is not five financial years:"
        " it should start on 1 April (or later in that financial year, as the guidance's"
        " October 2016 start did) and end on 31 March five years later"
        f" ({shown_start} to {want_end}); correct `period`"
    )
    yield Issue(message, pointer)


def _financial_year(day: date) -> str:
    first = day.year if day.month >= 4 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


@rule("STP304", "no-first-year-milestone", Severity.ERROR)
def no_first_year_milestone(ctx: PlanContext) -> Iterator[Issue]:
    """A submitted plan has no milestone due in its first year.

    The planning guidance asked every footprint for its "locally critical
    milestones" for 2016/17: what must be done in the first year for the
    plan to be on track.  Mark them on their actions with `milestone: true`.
    A plan that is `submitted` or `approved` needs at least one milestone
    (not dropped) due in the first year of its period: from `period.start`
    to the 31 March after it.  Draft plans are not checked; the checklist
    and the report list milestones first.

    Failing:

        period: {start: 2016-04-01, end: 2021-03-31}
        submission: {deadline: 2016-06-30, status: submitted}
        questions:
          prevention:
            actions:
              - {id: PRV1, title: Commission NDPP, due: 2017-10-31, milestone: true}

    Passing:

        period: {start: 2016-04-01, end: 2021-03-31}
        submission: {deadline: 2016-06-30, status: submitted}
        questions:
          prevention:
            actions:
              - {id: PRV1, title: Commission NDPP, due: 2016-10-31, milestone: true}
    """
    if submission_status(ctx.data) not in ("submitted", "approved"):
        return
    start, _ = _period(ctx.data)
    if start is None:
        return
    expected = _expected_period(start)
    if expected is None:  # a period off the calendar: STP303 reports it
        return
    first_year_end = date(expected[1].year - FINANCIAL_YEARS + 1, 3, 31)
    for _, action in actions(ctx.data):
        due = parse_day(action.get("due"))
        if action.get("milestone") is not True or action.get("status") == "dropped":
            continue
        if due is not None and start <= due <= first_year_end:
            return
    yield Issue(
        f"no action marked `milestone: true` is due in {_financial_year(start)}, the plan's"
        f" first year ({start} to {first_year_end}): mark the locally critical milestones"
        " of the first year on their actions",
        "/questions",
    )


def _checkpoint(index: int, entry: dict[str, Any]) -> str:
    version = entry.get("version")
    shown = f" (version {version})" if isinstance(version, str) and version.strip() else ""
    return f"checkpoint {index + 1}{shown}"


@rule("STP305", "submission-history-order", Severity.WARNING)
def submission_history_order(ctx: PlanContext) -> Iterator[Issue]:
    """A checkpoint in `submission.history` is dated before the one listed above it.

    `submission.history` records the plan's checkpoints and resubmissions
    (the April checkpoint, 30 June, the October full plan), oldest first,
    and the diff and the report show it.  A date earlier than the entry
    above it is a typo in a date or entries in the wrong order; either way
    the record of what was sent when is wrong.

    Failing:

        submission:
          deadline: 2016-10-21
          status: submitted
          history:
            - {date: 2016-06-30, version: "1.0", status: submitted}
            - {date: 2016-04-15, version: "0.2", status: submitted}

    Passing:

        submission:
          deadline: 2016-10-21
          status: submitted
          history:
            - {date: 2016-04-15, version: "0.2", status: submitted}
            - {date: 2016-06-30, version: "1.0", status: submitted}
    """
    submission = ctx.data.get("submission")
    history = submission.get("history") if isinstance(submission, dict) else None
    latest: tuple[int, dict[str, Any], date] | None = None
    for index, entry in mappings(history):
        day = parse_day(entry.get("date"))
        if day is None:
            continue
        if latest is not None and day < latest[2]:
            before, earlier, when = latest
            label = _checkpoint(before, earlier)
            shown = label.replace(")", f", {when})") if "(" in label else f"{label} ({when})"
            yield Issue(
                f"{_checkpoint(index, entry)} is dated {day}, before {shown} listed above"
                " it: correct the date, or list the checkpoints oldest first",
                f"/submission/history/{index}/date",
            )
            continue
        latest = (index, entry, day)


RULES = [
    action_outside_period,
    action_overdue,
    period_not_five_years,
    no_first_year_milestone,
    submission_history_order,
]
