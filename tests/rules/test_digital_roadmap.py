"""The Local Digital Roadmap's substance (issue 12, section 4): STP605
universal-capabilities and STP606 roadmap-not-signed-off."""

from __future__ import annotations

from conftest import RuleFindings

from stpctl.records.finding import Severity
from stpctl.reference.capabilities import capabilities

KEYS = list(capabilities())
LISTED = "".join(
    f"      - {{capability: {key}, due: 2017-12-31, status: planned}}\n" for key in KEYS
)
ROADMAP = f"""\
submission: {{deadline: 2016-06-30, status: draft}}
footprint:
  digital_roadmap:
    name: H&W LDR
    organisations: [05T]
    signed_off: 2016-06-29
    capabilities:
{LISTED}"""


def test_the_ten_capabilities_ship_as_data_with_their_source() -> None:
    assert len(KEYS) == 10
    for item in capabilities().values():
        assert item.due.isoformat() == "2018-03-31"
        assert "Local Digital Roadmaps guidance" in item.source


def test_every_capability_dated_by_march_2018_passes(rule_findings: RuleFindings) -> None:
    assert rule_findings(ROADMAP, "STP605") == []
    assert rule_findings(ROADMAP.replace("draft", "submitted"), "STP606") == []


def test_a_capability_due_after_march_2018(rule_findings: RuleFindings) -> None:
    plan = ROADMAP.replace("e_referrals, due: 2017-12-31", "e_referrals, due: 2018-06-30")
    [finding] = rule_findings(plan, "STP605")
    assert finding.severity is Severity.WARNING
    index = KEYS.index("e_referrals")
    assert finding.pointer == f"/footprint/digital_roadmap/capabilities/{index}/due"
    assert (finding.line, finding.column) == (8 + index, 40)
    assert "`e_referrals` (GPs can refer electronically to secondary care)" in finding.message
    assert "is due 2018-06-30, after 2018-03-31" in finding.message


def test_a_capability_without_a_date(rule_findings: RuleFindings) -> None:
    plan = ROADMAP.replace("e_referrals, due: 2017-12-31,", "e_referrals,")
    [finding] = rule_findings(plan, "STP605")
    assert finding.pointer.endswith(f"/capabilities/{KEYS.index('e_referrals')}")
    assert "has no `due` date" in finding.message


def test_missing_capabilities_are_named_in_one_finding(rule_findings: RuleFindings) -> None:
    gone = ("child_protection", "patient_gp_record")
    lines = ROADMAP.splitlines(keepends=True)
    plan = "".join(line for line in lines if not any(key in line for key in gone))
    [finding] = rule_findings(plan, "STP605")
    assert finding.pointer == "/footprint/digital_roadmap/capabilities"
    assert "2 of the 10 universal capabilities are not listed" in finding.message
    assert "child_protection" in finding.message and "patient_gp_record" in finding.message


def test_no_capabilities_at_all_is_one_finding_and_an_error_once_submitted(
    rule_findings: RuleFindings,
) -> None:
    plan = ROADMAP.split("    capabilities:")[0].replace("draft", "submitted")
    [finding] = rule_findings(plan, "STP605")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/footprint/digital_roadmap"
    assert "no universal capabilities" in finding.message


def test_an_unknown_capability_gets_a_did_you_mean(rule_findings: RuleFindings) -> None:
    plan = ROADMAP.replace("{capability: e_referrals,", "{capability: e_referral,")
    found = rule_findings(plan, "STP605")
    assert any(
        f.pointer.endswith("/capability") and "did you mean `e_referrals`?" in f.message
        for f in found
    )


def test_a_submitted_plan_needs_the_roadmap_signed_off(rule_findings: RuleFindings) -> None:
    plan = ROADMAP.replace("    signed_off: 2016-06-29\n", "").replace("draft", "submitted")
    [finding] = rule_findings(plan, "STP606")
    assert finding.severity is Severity.ERROR
    assert finding.pointer == "/footprint/digital_roadmap"
    assert (finding.line, finding.column) == (3, 3)
    assert "`H&W LDR` has no `signed_off` date" in finding.message
    assert rule_findings(plan.replace("submitted", "draft"), "STP606") == []
