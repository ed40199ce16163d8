"""Governance: board sign-off, engagement before the deadline, and consultation
before a service change is decided (PRODUCT.md §4)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from stpctl.check.question_status import completeness_severity, has_text, submission_status
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import mappings, parse_day
from stpctl.records.finding import Severity

_PATIENTS_OR_PUBLIC = ("patients", "public")
_STAFF = ("staff",)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


class SignOffProblem(NamedTuple):
    """What is wrong with an organisation's ``board_sign_off``: who it is,
    what to say after the name, and whether the date is missing (else it is
    written but is not a valid date)."""

    who: str
    what: str
    missing: bool


def sign_off_problem(organisation: dict[str, Any], index: int) -> SignOffProblem | None:
    """``None`` when the sign-off is a valid date.  An invalid one (``yes``,
    ``30/06/2016``) is no sign-off: nobody can tell when, or whether, the
    board signed."""
    value = organisation.get("board_sign_off")
    if parse_day(value) is not None:
        return None
    name = _text(organisation.get("name")) or f"organisation {index + 1}"
    code = _text(organisation.get("code"))
    who = f"`{name}` ({code})" if code else f"`{name}` (no ODS code)"
    if value is None or (isinstance(value, str) and not value.strip()):
        return SignOffProblem(who, "has no `board_sign_off` date", True)
    shown = f" (`{' '.join(value.split())[:40]}`)" if isinstance(value, str) else ""
    return SignOffProblem(who, f"has a `board_sign_off` that is not a valid date{shown}", False)


@rule("STP501", "board-sign-off", Severity.ERROR)
def board_sign_off(ctx: PlanContext) -> Iterator[Issue]:
    """An organisation in a submitted plan has no valid board sign-off date.

    A plan that says it is `submitted` or `approved` speaks for every partner
    in the footprint, so every organisation needs the date its board signed
    the plan off (`board_sign_off`).  A sign-off that is not a valid date
    written YYYY-MM-DD — `yes`, `signed`, `30/06/2016`, `2016-02-30` — is no
    sign-off: the rule names the organisation, as it names one with no date
    at all, and the checklist leaves the sign-off item unticked.  Draft plans
    are not checked.

    Failing:

        submission: {deadline: 2016-06-30, status: submitted}
        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T}

    Passing:

        submission: {deadline: 2016-06-30, status: submitted}
        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T, board_sign_off: 2016-06-24}
    """
    status = submission_status(ctx.data)
    if status not in ("submitted", "approved"):
        return
    footprint = ctx.data.get("footprint")
    if not isinstance(footprint, dict):
        return
    for index, organisation in mappings(footprint.get("organisations")):
        problem = sign_off_problem(organisation, index)
        if problem is None:
            continue
        where = f"/footprint/organisations/{index}"
        if problem.missing:
            yield Issue(
                f"{problem.who} {problem.what}, but the plan is {status}: record the date its"
                " board signed the plan off, or return the plan to draft",
                where,
            )
            continue
        yield Issue(
            f"{problem.who} {problem.what}, but the plan is {status}: an invalid date is no"
            " sign-off; write the date its board signed the plan off as YYYY-MM-DD, or return"
            " the plan to draft",
            f"{where}/board_sign_off",
        )


@rule("STP502", "engagement-before-deadline", Severity.WARNING)
def engagement_before_deadline(ctx: PlanContext) -> Iterator[Issue]:
    """No engagement with patients or the public, or none with staff, before the deadline.

    NHS England asked every footprint how it engaged patients, communities
    and staff.  The `engagement` record needs at least one event with
    `patients` or `public`, and at least one with `staff`, dated on or before
    `submission.deadline` (events after the deadline do not count: the plan
    was written without them).  An event whose date is missing or cannot be
    read (`12/05/2016`, `2016-05-32`) cannot be shown to fall before the
    deadline: when no other event of that audience counts, the rule names
    that event and its date rather than saying there was no engagement (the
    schema check reports the date itself).  A warning in a draft, an error
    once submitted.

    Failing:

        submission: {deadline: 2016-06-30, status: draft}
        engagement:
          - {date: 2016-05-17, audience: staff, title: Staff summit}
          - {date: 2016-07-12, audience: patients, title: Patient forum}

    Passing:

        submission: {deadline: 2016-06-30, status: draft}
        engagement:
          - {date: 2016-05-17, audience: staff, title: Staff summit}
          - {date: 2016-06-12, audience: patients, title: Patient forum}
    """
    submission = ctx.data.get("submission")
    deadline = parse_day(submission.get("deadline")) if isinstance(submission, dict) else None
    events = list(mappings(ctx.data.get("engagement")))
    pointer = "/engagement" if "engagement" in ctx.data else ""
    severity = completeness_severity(ctx.data)
    for audiences, who in ((_PATIENTS_OR_PUBLIC, "patients or the public"), (_STAFF, "staff")):
        mine = [(index, event) for index, event in events if event.get("audience") in audiences]
        dates = [when for _, event in mine if (when := parse_day(event.get("date"))) is not None]
        if dates and (deadline is None or any(when <= deadline for when in dates)):
            continue
        late = sorted(when.isoformat() for when in dates)  # all after the deadline, if any
        note = ""
        if late:
            verb = "does" if len(late) == 1 else "do"
            note = f" ({len(late)} dated after the deadline {verb} not count: {', '.join(late)})"
        unread = [(index, event) for index, event in mine if parse_day(event.get("date")) is None]
        if unread:  # say which date cannot be read, never "no engagement"
            yield _unreadable_dates(unread, who, deadline, note, severity)
        elif deadline is None:
            yield Issue(
                f"no engagement event with {who} is recorded: add the events you held"
                " to `engagement`",
                pointer,
                severity,
            )
        else:
            yield Issue(
                f"no engagement event with {who} on or before the submission deadline"
                f" {deadline.isoformat()}{note}: record the engagement that shaped the plan"
                " in `engagement`",
                pointer,
                severity,
            )


def _unreadable_dates(
    events: list[tuple[int, dict[str, Any]]],
    who: str,
    deadline: date | None,
    note: str,
    severity: Severity,
) -> Issue:
    """The events of one audience whose date is missing or cannot be read,
    named, when no other event of that audience counts."""
    counted = (
        f"shown to be on or before the submission deadline {deadline.isoformat()}{note}"
        if deadline is not None
        else "counted"
    )
    named = [(index, _event_title(index, event), event.get("date")) for index, event in events]
    if len(named) == 1:
        index, title, written = named[0]
        return Issue(
            f"the date of engagement event {title} with {who} {_date_problem(written)},"
            f" so it cannot be {counted}: write the date as YYYY-MM-DD",
            f"/engagement/{index}/date",
            severity,
        )
    listed = ", ".join(f"{title} ({_date_shown(written)})" for _, title, written in named[:5])
    if len(named) > 5:
        listed += f" and {len(named) - 5} more"
    return Issue(
        f"the dates of {len(named)} engagement events with {who} cannot be read: {listed};"
        f" none can be {counted}: write each date as YYYY-MM-DD",
        "/engagement",
        severity,
    )


def _event_title(index: int, event: dict[str, Any]) -> str:
    title = _text(event.get("title"))
    return f"`{' '.join(title.split())[:60]}`" if title else f"{index + 1} (no title)"


def _date_shown(written: object) -> str:
    if written is None or (isinstance(written, str) and not written.strip()):
        return "no date"
    return f"`{' '.join(written.split())[:40]}`" if isinstance(written, str) else "not a date"


def _date_problem(written: object) -> str:
    shown = _date_shown(written)
    if shown == "no date":
        return "is missing"
    return f"cannot be read ({shown})" if shown != "not a date" else "is not a date"


@rule("STP503", "consultation-before-decision", Severity.ERROR)
def consultation_before_decision(ctx: PlanContext) -> Iterator[Issue]:
    """A service change is decided before its public consultation is complete.

    A reconfiguration such as closing an A&E department must be consulted on
    before it is decided; a decision taken first is open to judicial review
    and to referral by the local authority's scrutiny committee.  A `decided`
    change needs `consultation.status: complete`, or `not_required` with a
    `reason` that says why (for example a temporary change on safety grounds).

    Failing:

        service_changes:
          - title: Centralise emergency surgery
            decision: decided
            consultation: {status: planned, date: 2016-11-01}

    Passing:

        service_changes:
          - title: Centralise emergency surgery
            decision: decided
            consultation: {status: complete, date: 2016-03-01}
    """
    for index, change in mappings(ctx.data.get("service_changes")):
        if change.get("decision") != "decided":
            continue
        where = f"/service_changes/{index}"
        title = _text(change.get("title")) or f"service change {index + 1} (no title)"
        consultation = change.get("consultation")
        recorded = consultation if isinstance(consultation, dict) else {}
        status = recorded.get("status")
        risk = (
            "deciding before consulting the public risks judicial review;"
            " complete the consultation or mark the change `proposed`"
        )
        if status == "complete":
            continue
        if status == "not_required":
            if has_text(recorded.get("reason"), ctx.guidance.placeholders):
                continue
            yield Issue(
                f"`{title}` is decided with consultation `not_required` but gives no reason"
                f" (`consultation.reason`): say why no consultation is needed — {risk}",
                f"{where}/consultation/status",
            )
            continue
        if "status" in recorded:
            yield Issue(
                f"`{title}` is decided but its consultation is `{status}`, not `complete`: {risk}",
                f"{where}/consultation/status",
            )
        else:
            yield Issue(
                f"`{title}` is decided but has no consultation status recorded: {risk}",
                where,
            )


RULES = [board_sign_off, engagement_before_deadline, consultation_before_decision]
