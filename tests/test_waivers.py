"""Waivers silence a finding by rule and pointer glob until they expire."""

from __future__ import annotations

from datetime import date

from stpctl.check.checker import Settings, check_bytes
from stpctl.check.waivers import Waiver, apply_waivers
from stpctl.records.finding import Finding, Severity

PLAN = b"""stp_plan: 1
footprint:
  name: Devon
  code: E54000037
  organisations: [{name: NEW Devon CCG, type: ccg, code: 99P}]
period: {start: 2016-04-01, end: 2021-03-31}
submission: {deadline: 2016-06-30, status: draft}
questions:
  prevention: {status: draft, answer: TBC}
"""


SOURCE = "plans/.stpctl.toml"


def finding(rule: str, pointer: str, line: int = 3) -> Finding:
    return Finding(rule, Severity.WARNING, "m", pointer, line, 1)


def test_live_waiver_silences_and_counts() -> None:
    waiver = Waiver("STP101", "/questions/prev*", "agreed", date(2016, 12, 31), SOURCE)
    kept, waived = apply_waivers(
        [finding("STP101", "/questions/prevention"), finding("STP101", "/questions/workforce")],
        (waiver,),
        date(2016, 6, 30),
    )
    assert waived == 1
    assert [f.pointer for f in kept] == ["/questions/workforce"]


def test_waiver_keys_on_rule_and_pointer_not_line() -> None:
    waiver = Waiver("STP101", "/questions/prevention", "agreed", date(2016, 12, 31), SOURCE)
    moved = finding("STP101", "/questions/prevention", line=99)
    other_rule = finding("STP102", "/questions/prevention", line=99)
    kept, waived = apply_waivers([moved, other_rule], (waiver,), date(2016, 6, 30))
    assert waived == 1
    assert kept == [other_rule]


def test_expired_waiver_brings_the_finding_back_with_a_warning() -> None:
    waiver = Waiver(
        "STP101", "/questions/prevention", "agreed at the May board", date(2016, 5, 31), SOURCE
    )
    original = finding("STP101", "/questions/prevention")
    kept, waived = apply_waivers([original], (waiver,), date(2016, 6, 30))
    assert waived == 0
    assert kept[0] == original
    assert kept[1].rule == "STP007"
    assert kept[1].severity is Severity.WARNING
    assert kept[1].message == (
        "the waiver in plans/.stpctl.toml for STP101 at `/questions/prevention` (reason given:"
        " agreed at the May board) expired on 2016-05-31, so STP101 is reported again; renew"
        " the waiver with a new `expires` date or fix the finding"
    )


def test_an_expired_waiver_is_reported_once_at_its_first_finding() -> None:
    waiver = Waiver("STP101", "/questions/*", "agreed", date(2016, 5, 31), SOURCE)
    other = Waiver("STP102", "/questions/*", "also agreed", date(2016, 5, 31), SOURCE)
    findings = [
        finding("STP101", "/questions/workforce", line=40),
        finding("STP101", "/questions/prevention", line=10),
        finding("STP101", "/questions/engagement", line=20),
        finding("STP102", "/questions/engagement", line=21),
    ]
    kept, waived = apply_waivers(findings, (waiver, other), date(2016, 6, 30))
    assert waived == 0
    warnings = [f for f in kept if f.rule == "STP007"]
    assert [(f.line, f.pointer) for f in warnings] == [
        (10, "/questions/prevention"),
        (21, "/questions/engagement"),
    ]
    assert "STP101" in warnings[0].message and "STP102" in warnings[1].message
    assert sum(1 for f in kept if f.rule != "STP007") == 4


def test_an_expired_waiver_that_matches_nothing_says_nothing() -> None:
    waiver = Waiver("STP101", "/questions/prevention", "agreed", date(2016, 5, 31), SOURCE)
    kept, _ = apply_waivers(
        [finding("STP102", "/questions/prevention")], (waiver,), date(2017, 1, 1)
    )
    assert [f.rule for f in kept] == ["STP102"]


def test_waivers_and_regrading_through_the_engine() -> None:
    settings = Settings(
        as_of=date(2016, 6, 30),
        severities={"STP101": Severity.ERROR, "STP102": None},
        waivers=(Waiver("STP101", "/questions/prevention", "agreed", date(2016, 12, 31), SOURCE),),
    )
    result = check_bytes(PLAN, "plan.yaml", settings)
    rules = [f.rule for f in result.findings]
    assert "STP102" not in rules
    assert result.waived == 1
    assert not any(
        f.pointer == "/questions/prevention" and f.rule == "STP101" for f in result.findings
    )
    assert all(f.severity is Severity.ERROR for f in result.findings if f.rule == "STP101")
    assert any(f.rule == "STP101" for f in result.findings)


def test_load_rules_stay_errors_whatever_the_settings_say() -> None:
    # Configuration refuses this; code that builds Settings directly cannot either.
    settings = Settings(
        as_of=date(2016, 6, 30),
        severities={"STP002": None, "STP004": Severity.INFO},
        waivers=(Waiver("STP002", "*", "x", date(2017, 1, 1), "test"),),
    )
    broken = check_bytes(b"stp_plan: [1\n", "broken.yaml", settings)
    assert [(f.rule, f.severity) for f in broken.findings] == [("STP002", Severity.ERROR)]
    twice = check_bytes(PLAN + b"stp_plan: 1\n", "twice.yaml", settings)
    assert ("STP004", Severity.ERROR) in [(f.rule, f.severity) for f in twice.findings]
