"""Governance: board sign-off, engagement before the deadline, and consultation
before a service change is decided (PRODUCT.md §4)."""

from __future__ import annotations

from collections.abc import Iterator

from stpctl.check.question_status import completeness_severity, has_text, submission_status
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import mappings, parse_day
from stpctl.records.finding import Severity

_PATIENTS_OR_PUBLIC = ("patients", "public")
_STAFF = ("staff",)


def _text(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


@rule("STP501", "board-sign-off", Severity.ERROR)
def board_sign_off(ctx: PlanContext) -> Iterator[Issue]:
    """An organisation in a submitted plan has no board sign-off date.

    A plan that says it is `submitted` or `approved` speaks for every partner
    in the footprint, so every organisation needs the date its board signed
    the plan off (`board_sign_off`).  Draft plans are not checked.

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
        if _text(organisation.get("board_sign_off")) is not None:
            continue
        name = _text(organisation.get("name")) or f"organisation {index + 1}"
        code = _text(organisation.get("code"))
        who = f"`{name}` ({code})" if code else f"`{name}` (no ODS code)"
        yield Issue(
            f"{who} has no `board_sign_off` date, but the plan is {status}: record the date"
            " its board signed the plan off, or return the plan to draft",
            f"/footprint/organisations/{index}",
        )


@rule("STP502", "engagement-before-deadline", Severity.WARNING)
def engagement_before_deadline(ctx: PlanContext) -> Iterator[Issue]:
    """No engagement with patients or the public, or none with staff, before the deadline.

    NHS England asked every footprint how it engaged patients, communities
    and staff.  The `engagement` record needs at least one event with
    `patients` or `public`, and at least one with `staff`, dated on or before
    `submission.deadline` (events after the deadline do not count: the plan
    was written without them).  A warning in a draft, an error once
    submitted.

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
    events = [
        (when, event.get("audience"))
        for _, event in mappings(ctx.data.get("engagement"))
        if (when := parse_day(event.get("date"))) is not None
    ]
    pointer = "/engagement" if "engagement" in ctx.data else ""
    severity = completeness_severity(ctx.data)
    for audiences, who in ((_PATIENTS_OR_PUBLIC, "patients or the public"), (_STAFF, "staff")):
        dates = [when for when, audience in events if audience in audiences]
        if deadline is None:
            if dates:
                continue
            yield Issue(
                f"no engagement event with {who} is recorded: add the events you held"
                " to `engagement`",
                pointer,
                severity,
            )
            continue
        if any(when <= deadline for when in dates):
            continue
        late = sorted(when.isoformat() for when in dates if when > deadline)
        note = ""
        if late:
            note = f" ({len(late)} dated after the deadline do not count: {', '.join(late)})"
        yield Issue(
            f"no engagement event with {who} on or before the submission deadline"
            f" {deadline.isoformat()}{note}: record the engagement that shaped the plan"
            " in `engagement`",
            pointer,
            severity,
        )


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
