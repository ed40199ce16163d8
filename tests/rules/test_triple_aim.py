"""STP104 triple-aim-gap, through the real pipeline."""

from __future__ import annotations

import dataclasses
import textwrap
from collections.abc import Callable
from datetime import date

import pytest

from stpctl.check.checker import Settings, check_bytes
from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import default_pack

RuleFindings = Callable[..., list[Finding]]

COMPLETE = """\
    triple_aim:
      health_and_wellbeing:
        gap: Healthy life expectancy is 17 years lower in the most deprived wards.
        measures:
          - {name: Healthy life expectancy gap, unit: years, baseline: 17.0, target: 14.0}
      care_and_quality:
        gap: Around 30 % of people in acute beds do not need to be there.
        measures:
          - {name: Bed days of patients fit for discharge, unit: "%", baseline: 30, target: 15}
      finance_and_efficiency:
        gap: The do-nothing gap reaches GBP 1.4 billion in 2020/21.
        measures:
          - {name: Gap closed, unit: GBP million, baseline: 0.0, target: 1400.0}
"""


def test_complete_gaps_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(COMPLETE, "STP104") == []


def test_missing_triple_aim_gives_one_finding_per_gap(rule_findings: RuleFindings) -> None:
    found = rule_findings("stp_plan: 1\n", "STP104")
    assert [f.pointer for f in found] == ["/triple_aim"] * 3
    messages = " ".join(f.message for f in found)
    for key in ("health_and_wellbeing", "care_and_quality", "finance_and_efficiency"):
        assert f"`triple_aim.{key}`" in messages
    assert all("is missing" in f.message and "baseline" in f.message for f in found)
    assert all(f.severity is Severity.WARNING for f in found)


def test_one_missing_gap_points_at_triple_aim(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.replace("  care_and_quality:", "  x-care_and_quality:")
    [finding] = rule_findings(plan, "STP104")
    assert finding.pointer == "/triple_aim"
    assert finding.line == 1
    assert "care and quality gap" in finding.message
    assert "(`triple_aim.care_and_quality`) is missing" in finding.message


def test_placeholder_gap_and_measure_without_baseline(rule_findings: RuleFindings) -> None:
    plan = """\
        triple_aim:
          health_and_wellbeing:
            gap: TBC
            measures:
              - {name: Smoking prevalence, target: 13.0}
    """
    found = rule_findings(plan, "STP104")
    [finding] = [f for f in found if f.pointer == "/triple_aim/health_and_wellbeing"]
    assert finding.line == 2  # the `health_and_wellbeing:` line
    assert 'placeholder ("TBC")' in finding.message
    assert '"Smoking prevalence" has no numeric baseline' in finding.message
    assert "health and wellbeing gap" in finding.message


def test_a_long_placeholder_gap_is_cut_with_an_ellipsis(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.replace(
        "gap: Healthy life expectancy is 17 years lower in the most deprived wards.",
        "gap: Lorem ipsum dolor sit amet, consectetur adipiscing",
    )
    [finding] = rule_findings(plan, "STP104")
    assert 'has only a placeholder ("Lorem ipsum dolor s…") as its `gap`' in finding.message


def test_text_and_booleans_are_not_numbers(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.replace("baseline: 30, target: 15", 'baseline: "30", target: yes')
    [finding] = rule_findings(plan, "STP104")
    assert finding.pointer == "/triple_aim/care_and_quality"
    assert finding.line == 6
    assert "no numeric baseline or target" in finding.message


def test_gap_without_measures_or_text(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.split("      finance_and_efficiency:")[0] + (
        "      finance_and_efficiency: {x-note: ask finance, measures: []}\n"
    )
    [finding] = rule_findings(plan, "STP104")
    assert finding.pointer == "/triple_aim/finance_and_efficiency"
    assert "has no `gap` text and has no measures" in finding.message


def test_empty_gap_points_at_the_gap(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.split("      finance_and_efficiency:")[0] + "      finance_and_efficiency:\n"
    [finding] = rule_findings(plan, "STP104")
    assert finding.pointer == "/triple_aim/finance_and_efficiency"
    assert finding.line == 10
    assert "is empty" in finding.message


def test_one_good_measure_is_enough(rule_findings: RuleFindings) -> None:
    plan = COMPLETE.replace(
        "          - {name: Gap closed,",
        "          - {name: Not yet quantified}\n          - {name: Gap closed,",
    )
    assert rule_findings(plan, "STP104") == []


def test_submitted_plan_makes_it_an_error(rule_findings: RuleFindings) -> None:
    found = rule_findings("submission: {status: submitted}\n", "STP104")
    assert len(found) == 3
    assert all(f.severity is Severity.ERROR for f in found)


def test_the_gaps_come_from_the_guidance_pack() -> None:
    pack = dataclasses.replace(default_pack(), triple_aim=(("equity", "Equity gap"),))
    settings = Settings(as_of=date(2016, 6, 30), guidance=pack)
    result = check_bytes(textwrap.dedent(COMPLETE).encode(), "plan.yaml", settings)
    [finding] = [f for f in result.findings if f.rule == "STP104"]
    assert "equity gap (`triple_aim.equity`) is missing" in finding.message


@pytest.mark.parametrize(
    ("path", "junk"),
    [
        ("triple_aim", "all of them"),
        ("triple_aim", [1, 2]),
        ("triple_aim", 42),
        ("triple_aim/care_and_quality", "TBC"),
        ("triple_aim/care_and_quality", ["gap", "measures"]),
        ("triple_aim/care_and_quality/gap", 7),
        ("triple_aim/care_and_quality/measures", "many"),
        ("triple_aim/care_and_quality/measures", {"name": "x"}),
        ("triple_aim/care_and_quality/measures/0", "a measure"),
        ("triple_aim/care_and_quality/measures/0", [1.0, 2.0]),
    ],
)
def test_junk_never_crashes(
    broken_plan: Callable[[str, object], str],
    rule_findings: RuleFindings,
    path: str,
    junk: object,
) -> None:
    found = rule_findings(broken_plan(path, junk), "STP104")
    assert found, "a broken triple aim is reported"
    assert all(f.pointer.startswith("/triple_aim") and f.message for f in found)
