"""Coverage of the must-do national standards (issue 12): the guidance pack
lists them, so a later pack can change the list."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import measures
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token


def tracked_standards(data: dict[str, Any]) -> set[str]:
    """The standards some measure of the plan names (questions or triple aim)."""
    return {
        key.strip()
        for _, measure in measures(data)
        if isinstance(key := measure.get("standard"), str)
    }


@rule("STP607", "must-do-standard-not-covered", Severity.WARNING)
def must_do_standard_not_covered(ctx: PlanContext) -> Iterator[Issue]:
    """No measure tracks a must-do national standard.

    The 2016/17 planning guidance ("Delivering the Forward View", December
    2015) made some national standards must-dos for every footprint: A&E
    four hours, referral to treatment, cancer 62 days and diagnostics (under
    `core_standards`), IAPT, the dementia diagnosis rate and early
    intervention in psychosis (under `clinical_priorities`).  A plan that
    names no measure with `standard: <key>` for one of them says nothing
    about a standard a reviewer judged first, and used to pass silently.
    The guidance pack lists the must-dos (`must_do_standards`, format
    version 2), so a later pack can change them (the 2017 pack adds GP
    extended access under `general_practice`); a version 1 pack lists none.
    A measure anywhere in the plan counts, including the triple aim; the
    finding is on the question the pack names, one per question.  A warning
    in a draft, an error once submitted.

    Failing:

        questions:
          core_standards:
            measures:
              - {name: A&E 4 hours, target: 95, by: 2017/18, standard: ae_4_hour}

    Passing:

        questions:
          core_standards:
            measures:
              - {name: A&E 4 hours, target: 95, by: 2017/18, standard: ae_4_hour}
              - {name: RTT, target: 92, by: 2016/17, standard: rtt_18_weeks}
              - {name: Cancer 62 days, target: 85, by: 2016/17, standard: cancer_62_day}
              - {name: Diagnostics, target: 99, by: 2016/17, standard: diagnostics_6_weeks}
    """
    tracked = tracked_standards(ctx.data)
    missing: dict[str, list[str]] = {}
    for must in ctx.guidance.must_do:
        if must.standard not in tracked:
            missing.setdefault(must.question, []).append(f"{must.name} (`{must.standard}`)")
    severity = completeness_severity(ctx.data)
    for question, named in missing.items():
        base = f"/questions/{escape_pointer_token(question)}"
        pointer = f"{base}/measures" if f"{base}/measures" in ctx.positions.values else base
        standards = "standards" if len(named) > 1 else "standard"
        yield Issue(
            f"`{question}`: no measure tracks the must-do {standards} {', '.join(named)}"
            f" of {ctx.guidance.name}; add a measure with `standard:`, a baseline and a"
            " target for each",
            pointer,
            severity,
        )


RULES = [must_do_standard_not_covered]
