"""National standards (issue 12, section 2): the data file's source and
direction columns and its per-year steps, STP602 reading the direction and a
pack's own per-year values, and STP607 must-do standards coverage."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import NATIONAL_2016_V1, RuleFindings

from stpctl.records.finding import Severity
from stpctl.reference import resources, standards
from stpctl.reference.guidance import GuidancePack, default_pack, load_pack


def test_every_row_names_its_source_and_direction() -> None:
    path = resources.data_path("national-standards.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["direction"] in ("at_least", "at_most"), row["key"]
        assert len(row["source"]) > 20, row["key"]


@pytest.mark.parametrize(
    ("key", "year", "threshold", "direction"),
    [
        ("cancer_2_week", "2016/17", 93, "at_least"),
        ("iapt_18_weeks", "2016/17", 95, "at_least"),
        ("iapt_6_weeks", "2016/17", 75, "at_least"),
        ("eip_2_weeks", "2016/17", 50, "at_least"),
        ("eip_2_weeks", "2017/18", 50, "at_least"),
        ("eip_2_weeks", "2018/19", 53, "at_least"),
        ("eip_2_weeks", "2019/20", 56, "at_least"),
        ("eip_2_weeks", "2020/21", 60, "at_least"),
        ("gp_extended_access", "2017/18", 40, "at_least"),
        ("gp_extended_access", "2018/19", 100, "at_least"),
        ("ambulance_cat1_mean", "2017/18", 7, "at_most"),
        ("ambulance_cat1_90th", "2018/19", 15, "at_most"),
        ("ambulance_cat2_mean", "2020/21", 18, "at_most"),
    ],
)
def test_the_steps_of_the_shipped_standards(
    key: str, year: str, threshold: float, direction: str
) -> None:
    step = standards.threshold_for(key, year)
    assert step is not None
    assert (step.threshold, step.direction) == (threshold, direction)


def test_a_standard_that_starts_later_has_no_threshold_before() -> None:
    assert standards.threshold_for("gp_extended_access", "2016/17") is None
    assert "gp_extended_access" in standards.standards()


AMBULANCE = """\
questions:
  core_standards:
    measures:
      - {name: Cat 1 mean, unit: minutes, target: 8.0, by: 2018/19, standard: ambulance_cat1_mean}
"""


def test_an_at_most_standard_fails_a_target_above_it(rule_findings: RuleFindings) -> None:
    [finding] = rule_findings(AMBULANCE, "STP602")
    assert finding.pointer == "/questions/core_standards/measures/0/target"
    assert (finding.line, finding.column) == (4, 51)
    assert "threshold is at most 7 minutes from 2017/18" in finding.message
    assert "but its target is 8 minutes by 2018/19" in finding.message
    assert "lower the target to at most 7 minutes" in finding.message


def test_an_at_most_standard_passes_a_target_at_or_below_it(rule_findings: RuleFindings) -> None:
    assert rule_findings(AMBULANCE.replace("target: 8.0", "target: 7"), "STP602") == []
    assert rule_findings(AMBULANCE.replace("target: 8.0", "target: 6.5"), "STP602") == []


def test_a_measure_before_a_standard_starts_is_not_judged(rule_findings: RuleFindings) -> None:
    plan = AMBULANCE.replace("by: 2018/19", "by: 2016/17")
    assert rule_findings(plan, "STP602") == []


def pack_with(tmp_path: Path, extra: str) -> GuidancePack:
    text = resources.guidance_path().read_text(encoding="utf-8")
    path = tmp_path / "pack.yaml"
    path.write_text(text + extra, encoding="utf-8")
    return load_pack(path)


AE = """\
questions:
  core_standards:
    measures:
      - {name: A&E 4 hours, unit: "%", target: 91.0, by: 2017/18, standard: ae_4_hour}
"""
RECOVERY = """\
standards:
  - {standard: ae_4_hour, threshold: 90, from_year: 2017/18, source: Next Steps (March 2017)}
  - {standard: ae_4_hour, threshold: 95, from_year: 2018/19, source: Next Steps (March 2017)}
"""


def test_a_packs_per_year_value_is_the_threshold_of_that_year(
    rule_findings: RuleFindings, tmp_path: Path
) -> None:
    pack = pack_with(tmp_path, RECOVERY)
    assert rule_findings(AE, "STP602", guidance=pack) == []
    [national] = rule_findings(AE, "STP602")
    assert "threshold is 95%" in national.message
    [later] = rule_findings(AE.replace("2017/18", "2018/19"), "STP602", guidance=pack)
    assert "threshold is 95% from 2018/19" in later.message


def test_a_pack_naming_an_unknown_standard_is_refused(tmp_path: Path) -> None:
    from stpctl.reference.guidance import GuidanceError

    with pytest.raises(GuidanceError, match="`ae_4_hours` is not a national standard"):
        pack_with(tmp_path, RECOVERY.replace("ae_4_hour,", "ae_4_hours,", 1))


# --- STP607 must-do-standard-not-covered -----------------------------------------

COVERED = """\
submission: {deadline: 2016-06-30, status: draft}
triple_aim:
  care_and_quality:
    measures:
      - {name: A&E 4 hours, target: 95, by: 2017/18, standard: ae_4_hour}
questions:
  core_standards:
    status: draft
    measures:
      - {name: RTT, target: 92, by: 2016/17, standard: rtt_18_weeks}
      - {name: Cancer 62 days, target: 85, by: 2016/17, standard: cancer_62_day}
      - {name: Diagnostics, target: 99, by: 2016/17, standard: diagnostics_6_weeks}
  clinical_priorities:
    status: draft
    measures:
      - {name: IAPT, target: 75, by: 2016/17, standard: iapt_6_weeks}
      - {name: Dementia, target: 67, by: 2016/17, standard: dementia_diagnosis}
      - {name: EIP, target: 50, by: 2016/17, standard: eip_2_weeks}
"""


def test_every_must_do_named_somewhere_passes(rule_findings: RuleFindings) -> None:
    assert rule_findings(COVERED, "STP607") == []


def test_a_must_do_with_no_measure_is_named_under_its_question(
    rule_findings: RuleFindings,
) -> None:
    plan = COVERED.replace("standard: cancer_62_day", "standard: cancer_31_day")
    plan = plan.replace("standard: eip_2_weeks", "standard: iapt_18_weeks")
    found = rule_findings(plan, "STP607")
    assert [(f.pointer, f.line, f.column) for f in found] == [
        ("/questions/core_standards/measures", 9, 5),
        ("/questions/clinical_priorities/measures", 15, 5),
    ]
    assert all(f.severity is Severity.WARNING for f in found)
    assert "no measure tracks the must-do standard cancer 62 days (`cancer_62_day`)" in (
        found[0].message
    )
    assert "early intervention in psychosis within 2 weeks (`eip_2_weeks`)" in found[1].message


def test_coverage_is_an_error_once_submitted(rule_findings: RuleFindings) -> None:
    plan = COVERED.replace("status: draft}", "status: submitted}")
    plan = plan.replace("standard: dementia_diagnosis", "standard: cancer_2_week")
    [finding] = rule_findings(plan, "STP607")
    assert finding.severity is Severity.ERROR
    assert "`dementia_diagnosis`" in finding.message


def test_a_missing_question_is_found_at_questions(rule_findings: RuleFindings) -> None:
    plan = COVERED.split("  clinical_priorities:")[0]
    found = rule_findings(plan, "STP607")
    assert [f.pointer for f in found] == ["/questions/clinical_priorities"]
    assert "IAPT within 6 weeks (`iapt_6_weeks`), dementia diagnosis rate" in found[0].message


def test_a_version_1_pack_names_no_must_dos(rule_findings: RuleFindings) -> None:
    v1 = load_pack(NATIONAL_2016_V1)
    assert v1.version == 1 and v1.must_do == ()
    assert rule_findings("questions: {}\n", "STP607", guidance=v1) == []
    assert default_pack().version == 2
    assert rule_findings("questions: {}\n", "STP607") != []
