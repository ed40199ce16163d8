"""Service changes judged as NHS England judged them (issue 12): the
government's four tests for reconfiguration and, from 1 April 2017, NHS
England's beds test.  Consultation before a decision is STP503 in
``governance``."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import mappings, parse_day
from stpctl.records.finding import Severity

# The four tests (Department of Health, 2010), in the order the guidance gives them.
FOUR_TESTS = (
    ("gp_commissioners", "support from GP commissioners"),
    ("public_engagement", "strong public and patient engagement"),
    ("clinical_evidence", "a clear clinical evidence base"),
    ("patient_choice", "consistency with patient choice"),
)
# NHS England's beds test applies to changes decided on or after this day
# (announced 3 March 2017), whichever guidance pack is in use: the date is the rule.
BEDS_TEST_FROM = date(2017, 4, 1)
BEDS_CONDITIONS = {
    "alternative_provision": "sufficient alternative provision and workforce in place",
    "new_treatments": "new treatments or therapies that reduce admissions",
    "efficiency": "a credible plan to use beds as efficiently as the national average",
}


def _title(change: dict[str, Any], index: int) -> str:
    title = change.get("title")
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())
    return f"service change {index + 1} (no title)"


def _test_status(change: dict[str, Any], key: str) -> str | None:
    tests = change.get("four_tests")
    test = tests.get(key) if isinstance(tests, dict) else None
    status = test.get("status") if isinstance(test, dict) else None
    return status if isinstance(status, str) else None


@rule("STP504", "four-tests-for-decided-change", Severity.WARNING)
def four_tests_for_decided_change(ctx: PlanContext) -> Iterator[Issue]:
    """A decided service change does not meet all four reconfiguration tests.

    Since 2010 a reconfiguration (closing an A&E, moving a stroke unit) has
    had to meet the government's four tests: support from GP commissioners
    (`gp_commissioners`), strong public and patient engagement
    (`public_engagement`), a clear clinical evidence base
    (`clinical_evidence`) and consistency with patient choice
    (`patient_choice`).  A `decided` change needs each under `four_tests`
    with `status: met`; a test not recorded counts as not met, and the
    finding says "not recorded".  One finding per change, naming every test
    not met.  A warning in a draft, an error once submitted.

    Failing:

        service_changes:
          - title: Centralise hyper-acute stroke care
            decision: decided
            four_tests:
              gp_commissioners: {status: met}
              public_engagement: {status: met}
              clinical_evidence: {status: not_yet}

    Passing:

        service_changes:
          - title: Centralise hyper-acute stroke care
            decision: decided
            four_tests:
              gp_commissioners: {status: met}
              public_engagement: {status: met}
              clinical_evidence: {status: met}
              patient_choice: {status: met}
    """
    severity = completeness_severity(ctx.data)
    for index, change in mappings(ctx.data.get("service_changes")):
        if change.get("decision") != "decided":
            continue
        unmet = []
        for key, test in FOUR_TESTS:
            status = _test_status(change, key)
            if status != "met":
                unmet.append(f"{test}: {status or 'not recorded'}")
        if not unmet:
            continue
        where = f"/service_changes/{index}"
        pointer = f"{where}/four_tests" if isinstance(change.get("four_tests"), dict) else where
        yield Issue(
            f"`{_title(change, index)}` is decided, but not every reconfiguration test is met"
            f" ({'; '.join(unmet)}): record each of the four tests under `four_tests` with"
            " `status: met` and its evidence, or mark the change `proposed`",
            pointer,
            severity,
        )


def _closes_beds(change: dict[str, Any]) -> tuple[int, int] | None:
    beds = change.get("beds")
    if not isinstance(beds, dict):
        return None
    now, proposed = beds.get("now"), beds.get("proposed")
    if not (isinstance(now, int) and isinstance(proposed, int)) or isinstance(now, bool):
        return None  # beds are whole numbers; the schema reports anything else
    return (now, proposed) if proposed < now else None


@rule("STP505", "beds-test", Severity.WARNING)
def beds_test(ctx: PlanContext) -> Iterator[Issue]:
    """A change decided on or after 1 April 2017 closes beds without meeting the beds test.

    From 1 April 2017 NHS England supports a reconfiguration that closes
    beds only when one of three conditions is met (announced 3 March 2017):
    sufficient alternative provision, such as GP or community services, and
    the workforce to deliver it are in place (`alternative_provision`);
    specific new treatments or therapies will reduce admissions
    (`new_treatments`); or a hospital using beds less efficiently than the
    national average has a credible plan to improve (`efficiency`).  A
    `decided` change whose `beds.proposed` is below `beds.now` and whose
    `decided_on` date is 1 April 2017 or later needs `beds.condition`.  The
    date is the rule, whichever guidance pack is in use (the 2017 pack's
    text mentions it); a decided change with no `decided_on` cannot be
    judged and is not reported.  A warning in a draft, an error once
    submitted.

    Failing:

        service_changes:
          - title: Close Ward 7 at the community hospital
            decision: decided
            decided_on: 2017-06-01
            beds: {now: 24, proposed: 0}

    Passing:

        service_changes:
          - title: Close Ward 7 at the community hospital
            decision: decided
            decided_on: 2017-06-01
            beds: {now: 24, proposed: 0, condition: alternative_provision}
    """
    severity = completeness_severity(ctx.data)
    for index, change in mappings(ctx.data.get("service_changes")):
        decided = parse_day(change.get("decided_on"))
        closing = _closes_beds(change)
        if change.get("decision") != "decided" or decided is None or closing is None:
            continue
        if decided < BEDS_TEST_FROM:
            continue
        beds = change["beds"]
        if beds.get("condition") in BEDS_CONDITIONS:
            continue
        now, proposed = closing
        conditions = "; ".join(f"{key} ({text})" for key, text in BEDS_CONDITIONS.items())
        yield Issue(
            f"`{_title(change, index)}` closes {now - proposed} beds ({now} to {proposed}) and"
            f" was decided on {decided}, when NHS England's beds test applied (from 1 April"
            f" 2017): say which condition is met in `beds.condition`: {conditions}",
            f"/service_changes/{index}/beds",
            severity,
        )


@rule("STP506", "proposed-change-test-not-met", Severity.WARNING)
def proposed_change_test_not_met(ctx: PlanContext) -> Iterator[Issue]:
    """A proposed service change records one of the four tests as not met.

    A `proposed` change is still being worked on, so tests `not_yet` met are
    expected; a test recorded `not_met` is a change that cannot be decided
    as it stands, and the programme board should know.  One warning per test
    not met, naming it.

    Failing:

        service_changes:
          - title: Consolidate inpatient orthopaedics
            decision: proposed
            four_tests:
              gp_commissioners: {status: not_met, evidence: One CCG opposes it}

    Passing:

        service_changes:
          - title: Consolidate inpatient orthopaedics
            decision: proposed
            four_tests:
              gp_commissioners: {status: not_yet, evidence: CCG votes in July}
    """
    for index, change in mappings(ctx.data.get("service_changes")):
        if change.get("decision") != "proposed":
            continue
        for key, test in FOUR_TESTS:
            if _test_status(change, key) != "not_met":
                continue
            yield Issue(
                f"`{_title(change, index)}` is proposed, but {test} is not met: the change"
                " cannot be decided until it is; record what will change, or revisit the"
                " proposal",
                f"/service_changes/{index}/four_tests/{key}/status",
            )


RULES = [four_tests_for_decided_change, beds_test, proposed_change_test_not_met]
