"""STP601 digital-roadmap-alignment, STP602 national-standard-threshold,
STP603 no-local-authority, STP604 footprint-register, through the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.check.question_status import assess_plan
from stpctl.check.rules import alignment
from stpctl.check.rules.base import PlanContext
from stpctl.load.loader import Positions
from stpctl.records.finding import Finding, Severity
from stpctl.reference import standards
from stpctl.reference.guidance import default_pack

RuleFindings = Callable[..., list[Finding]]

FOOTPRINT = """\
submission: {deadline: 2016-06-30, status: draft}
footprint:
  name: Herefordshire and Worcestershire
  code: E54000019
  organisations:
    - {name: NHS Herefordshire CCG, type: ccg, code: 05T}
    - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
    - {name: Herefordshire Council, type: local_authority, code: E06000019}
  digital_roadmap:
    name: Herefordshire and Worcestershire LDR
    organisations: [05T, RLQ, E06000019]
"""


def test_an_aligned_registered_footprint_passes(rule_findings: RuleFindings) -> None:
    for rule_id in ("STP601", "STP602", "STP603", "STP604"):
        assert rule_findings(FOOTPRINT, rule_id) == []


# --- STP601 -------------------------------------------------------------------


def test_organisations_missing_from_the_roadmap_are_named(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("[05T, RLQ, E06000019]", "[05T]")
    [finding] = rule_findings(plan, "STP601")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/footprint/digital_roadmap/organisations"
    assert finding.line == 11
    assert "2 organisations in the STP footprint not in the Local Digital Roadmap" in (
        finding.message
    )
    assert "`Herefordshire and Worcestershire LDR`" in finding.message
    assert "RLQ (Wye Valley NHS Trust), E06000019 (Herefordshire Council)" in finding.message


def test_roadmap_codes_outside_the_stp_are_named(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("[05T, RLQ, E06000019]", "[05T, RLQ, E06000019, RWP, 05J]")
    [finding] = rule_findings(plan, "STP601")
    assert finding.pointer == "/footprint/digital_roadmap/organisations/3"
    assert finding.line == 11
    assert "2 organisations in the Local Digital Roadmap" in finding.message
    assert "not in the STP footprint: RWP, 05J" in finding.message


def test_both_directions_are_two_findings(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("[05T, RLQ, E06000019]", "[05T, RLQ, RWP]")
    found = rule_findings(plan, "STP601")
    assert len(found) == 2
    assert "E06000019 (Herefordshire Council)" in found[0].message
    assert "not in the STP footprint: RWP" in found[1].message


def test_codes_are_compared_as_capitals(rule_findings: RuleFindings) -> None:
    # `rlq` is RLQ written carelessly: the schema reports the case, not this rule.
    plan = FOOTPRINT.replace("code: RLQ}", "code: rlq}")
    assert rule_findings(plan, "STP601") == []


def test_no_roadmap_is_one_finding(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.split("  digital_roadmap:")[0]
    [finding] = rule_findings(plan, "STP601")
    assert finding.pointer == "/footprint"
    assert "no `digital_roadmap`" in finding.message


# --- STP602 -------------------------------------------------------------------

MEASURES = """\
triple_aim:
  care_and_quality:
    measures:
      - {name: Dementia diagnosis, target: 66.7, by: 2017/18, standard: dementia_diagnosis}
questions:
  core_standards:
    measures:
      - {name: A&E 4 hours, unit: "%", baseline: 88.9, target: 95, by: 2017/18, standard: ae_4_hour}
      - {name: RTT 18 weeks, unit: "%", target: 92.0, standard: rtt_18_weeks}
  clinical_priorities:
    measures:
      - {name: EIP within 2 weeks, unit: "%", target: 56.0, by: 2019/20, standard: eip_2_weeks}
      - {name: Patients seen, unit: people, target: 10}
"""


def test_targets_at_or_above_the_thresholds_pass(rule_findings: RuleFindings) -> None:
    assert rule_findings(MEASURES, "STP602") == []


def test_a_target_below_the_threshold_names_both(rule_findings: RuleFindings) -> None:
    plan = MEASURES.replace("target: 95, by", "target: 92.5, by")
    [finding] = rule_findings(plan, "STP602")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/questions/core_standards/measures/0/target"
    assert finding.line == 8
    assert "measure `A&E 4 hours` tracks the national standard `ae_4_hour`" in finding.message
    assert "whose threshold is 95%" in finding.message
    assert "but its target is 92.5% by 2017/18" in finding.message


def test_a_triple_aim_measure_is_checked_too(rule_findings: RuleFindings) -> None:
    plan = MEASURES.replace("target: 66.7", "target: 66.6")
    [finding] = rule_findings(plan, "STP602")
    assert finding.pointer == "/triple_aim/care_and_quality/measures/0/target"
    assert finding.line == 4
    assert "threshold is 66.7%" in finding.message and "target is 66.6%" in finding.message


def test_a_rising_threshold_is_taken_for_the_measures_year(rule_findings: RuleFindings) -> None:
    # 56 % meets the 56 % step of 2019/20 but not the 60 % from 2020/21.
    plan = MEASURES.replace("target: 56.0, by: 2019/20", "target: 56.0, by: 2020/21")
    [finding] = rule_findings(plan, "STP602")
    assert finding.pointer == "/questions/clinical_priorities/measures/0/target"
    assert "`eip_2_weeks`" in finding.message
    assert "threshold is 60% from 2020/21, but its target is 56% by 2020/21" in finding.message


def test_an_unknown_standard_gets_a_did_you_mean(rule_findings: RuleFindings) -> None:
    plan = MEASURES.replace("standard: ae_4_hour}", "standard: ae_4_hours}")
    [finding] = rule_findings(plan, "STP602")
    assert finding.pointer == "/questions/core_standards/measures/0/standard"
    assert "`ae_4_hours`, which stpctl does not know; did you mean `ae_4_hour`?" in (
        finding.message
    )


def test_thresholds_come_from_the_data_file() -> None:
    assert standards.threshold_for("ae_4_hour", "2017/18") is not None
    eip_early = standards.threshold_for("eip_2_weeks", "2017/18")
    eip_late = standards.threshold_for("eip_2_weeks", "2021/22")
    assert eip_early is not None and eip_early.threshold == 50.0
    assert eip_late is not None and eip_late.threshold == 60.0
    no_year = standards.threshold_for("eip_2_weeks", None)
    assert no_year is not None and no_year.threshold == 50.0
    assert standards.threshold_for("nope", "2020/21") is None
    assert len(standards.standards()) == 15


# --- STP603 -------------------------------------------------------------------


def test_no_local_authority(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("type: local_authority", "type: other")
    [finding] = rule_findings(plan, "STP603")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/footprint/organisations"
    assert finding.line == 5
    assert "none of the footprint's 3 organisations is a local authority" in finding.message
    assert "health and social care" in finding.message


# --- STP604 -------------------------------------------------------------------


def test_an_unknown_code_is_a_warning_in_a_draft(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("E54000019", "E54000000")
    [finding] = rule_findings(plan, "STP604")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/footprint/code"
    assert finding.line == 4
    assert "footprint code E54000000 is not in the ONS register" in finding.message
    assert "the register has `Herefordshire and Worcestershire` as E54000019" in finding.message


def test_an_unknown_code_is_an_error_once_submitted(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("E54000019", "E54000099").replace("draft", "submitted")
    plan = plan.replace("name: Herefordshire and Worcestershire\n", "name: Nowhere\n")
    [finding] = rule_findings(plan, "STP604")
    assert finding.severity is Severity.ERROR
    assert "E54000099" in finding.message and "E54000005 to E54000048" in finding.message


def test_a_replaced_code_names_its_successor(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("E54000019", "E54000001").replace(
        "Herefordshire and Worcestershire\n", "Northumberland, Tyne and Wear\n"
    )
    [finding] = rule_findings(plan, "STP604")
    assert finding.pointer == "/footprint/code"
    assert "E54000001 (Northumberland, Tyne and Wear) was replaced" in finding.message
    assert "use E54000046 (Northumberland, Tyne and Wear and North Durham)" in finding.message
    submitted = rule_findings(plan.replace("draft", "submitted"), "STP604")
    assert [f.severity for f in submitted] == [Severity.ERROR]


def test_a_name_that_does_not_match_the_register(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("code: E54000019", "code: E54000018")
    [finding] = rule_findings(plan, "STP604")
    assert finding.pointer == "/footprint/name"
    assert finding.line == 3
    assert "footprint name `Herefordshire and Worcestershire` does not match" in finding.message
    assert "E54000018 is `Coventry and Warwickshire`" in finding.message


def test_a_code_in_small_letters_is_still_found(rule_findings: RuleFindings) -> None:
    plan = FOOTPRINT.replace("E54000019", "e54000019")
    assert rule_findings(plan, "STP604") == []
    assert [f.pointer for f in rule_findings(plan, "STP013")] == ["/footprint/code"]


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E54000019", "  herefordshire AND worcestershire "),
        ("E54000005", "West Yorkshire"),  # a registered alternative name
        ("E54000016", "the black country and west birmingham"),
    ],
)
def test_names_match_ignoring_case_spaces_and_by_alias(
    rule_findings: RuleFindings, code: str, name: str
) -> None:
    plan = FOOTPRINT.replace("E54000019", code).replace(
        "name: Herefordshire and Worcestershire\n", f'name: "{name}"\n'
    )
    assert rule_findings(plan, "STP604") == []


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E54000019", "Herefordshire & Worcestershire"),
        ("E54000019", "Herefordshire  and   Worcestershire"),
        ("E54000019", "Herefordshire and Worcestershire STP"),
        ("E54000019", "Herefordshire and Worcestershire Sustainability and Transformation Plan"),
        (
            "E54000019",
            "Herefordshire & Worcestershire Sustainability and Transformation Partnership",
        ),
        ("E54000019", "Herefordshire-and-Worcestershire"),
        ("E54000015", "Leicester Leicestershire & Rutland"),
        ("E54000010", "Staffordshire and Stoke-on-Trent"),
    ],
)
def test_names_match_however_the_and_spacing_and_suffix_are_written(
    rule_findings: RuleFindings, code: str, name: str
) -> None:
    plan = FOOTPRINT.replace("E54000019", code).replace(
        "name: Herefordshire and Worcestershire\n", f'name: "{name}"\n'
    )
    assert rule_findings(plan, "STP604") == []


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("E54000019", "Herefordshire"),  # part of the footprint is not the footprint
        ("E54000019", "Worcestershire and Herefordshire"),
        ("E54000019", "Coventry & Warwickshire STP"),
        ("E54000019", "STP"),
        ("E54000019", "&"),
        ("E54000016", "Black Country and West Birmingham STP"),  # "the" is part of the name
    ],
)
def test_a_different_footprint_still_does_not_match(
    rule_findings: RuleFindings, code: str, name: str
) -> None:
    plan = FOOTPRINT.replace("E54000019", code).replace(
        "name: Herefordshire and Worcestershire\n", f'name: "{name}"\n'
    )
    [finding] = rule_findings(plan, "STP604")
    assert finding.pointer == "/footprint/name"
    assert "does not match the register" in finding.message


def test_no_two_current_footprints_read_alike() -> None:
    from stpctl.reference import register

    owners: dict[str, set[str]] = {}
    for footprint in register.footprints().values():
        if footprint.replaced_by is None:
            for name in (footprint.name, *footprint.aliases):
                owners.setdefault(alignment._comparable(name), set()).add(footprint.code)
    assert [name for name, codes in owners.items() if len(codes) > 1] == []


# --- junk ---------------------------------------------------------------------

JUNK_PLANS = [
    "footprint: TBC\nquestions: 5\ntriple_aim: [1]\n",
    "footprint: {name: [1], code: 5, organisations: x, digital_roadmap: [05T]}\n",
    "footprint: {code: E54000001, organisations: [1, {code: [x]}, {type: [1]}],"
    " digital_roadmap: {organisations: {a: 1}}}\n",
    "footprint: {digital_roadmap: {organisations: [1, null, 05T]}}\n",
    "questions: {core_standards: {measures: [1, {standard: 5},"
    " {standard: ae_4_hour, target: x}]}}\n",
    "questions: {core_standards: {measures: [{standard: eip_2_weeks, target: 1, by: [2020]}]}}\n"
    "triple_aim: {care_and_quality: [1]}\n",
]


@pytest.mark.parametrize("plan", JUNK_PLANS)
def test_junk_never_crashes(rule_findings: RuleFindings, plan: str) -> None:
    for rule_id in ("STP601", "STP602", "STP603", "STP604"):
        for finding in rule_findings(plan, rule_id):
            assert finding.message


junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
anything = junk | st.sampled_from(["E54000001", "E54000000", "05T", "local_authority", "ae_4_hour"])
measure = st.dictionaries(st.sampled_from(["name", "target", "by", "standard"]), anything)
measures = st.dictionaries(st.just("measures"), st.lists(measure | junk, max_size=3) | junk)
footprint = st.dictionaries(
    st.sampled_from(["name", "code", "organisations", "digital_roadmap"]),
    anything
    | st.lists(st.dictionaries(st.sampled_from(["name", "code", "type"]), anything), max_size=3)
    | st.dictionaries(st.just("organisations"), st.lists(anything, max_size=3) | junk),
)


@settings(max_examples=200, deadline=None)
@given(
    footprint_=footprint | junk,
    questions=st.dictionaries(st.text(max_size=5), measures | junk, max_size=2) | junk,
    triple_aim=st.dictionaries(st.text(max_size=5), measures | junk, max_size=2) | junk,
)
def test_any_shape_is_survived(footprint_: Any, questions: Any, triple_aim: Any) -> None:
    data: dict[str, Any] = {
        "footprint": footprint_,
        "questions": questions,
        "triple_aim": triple_aim,
    }
    pack = default_pack()
    ctx = PlanContext(
        data, Positions(), date(2016, 6, 30), pack, assess_plan(data, pack.placeholders)
    )
    for item in alignment.RULES:
        assert item.check is not None
        for issue in item.check(ctx):
            assert issue.message
