"""Findings a file can make are bounded (issue 10, §5): at most
``SHOWN_PER_RULE`` of each rule are listed per file, the rest summed up in
one finding per rule and severity that says how many, and every count —
the summary, the exit code, the totals of SARIF and JUnit — still counts
them all.  The schema check walks only what is wrong, checks ``uniqueItems``
without comparing every pair, and stops at ``MAX_SCHEMA_FINDINGS``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner

from stpctl.check import schema_check
from stpctl.check.checker import Settings, check_bytes
from stpctl.check.result import FileResult, RunResult, exit_code
from stpctl.cli import app
from stpctl.load.loader import load_text
from stpctl.records.finding import Finding, Severity
from stpctl.records.finding_cap import SHOWN_PER_RULE, cap_findings

ROOT = Path(__file__).resolve().parent.parent
DRAFT = (ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml").read_text("utf-8")
EXAMPLE = (ROOT / "examples" / "north-west-london.yaml").read_text("utf-8")
SETTINGS = Settings(as_of=date(2016, 6, 30))
runner = CliRunner()


def with_wrong_items(count: int) -> str:
    """The draft with ``count`` numbers where its delivery areas belong."""
    text = DRAFT.replace("delivery_areas:", "x-delivery_areas:", 1)
    return text + "delivery_areas: [" + ", ".join(["1"] * count) + "]\n"


def with_actions(count: int, due: str = "2016-05-01") -> str:
    """The complete example with ``count`` more actions under prevention."""
    marker = "    actions:\n"
    at = EXAMPLE.index(marker, EXAMPLE.index("  prevention:")) + len(marker)
    added = "".join(
        f"      - {{id: Z{n}, title: Step {n}, owner: PMO, due: {due}}}\n" for n in range(count)
    )
    return EXAMPLE[:at] + added + EXAMPLE[at:]


def of_rule(result: FileResult, rule: str) -> tuple[list[Finding], list[Finding]]:
    mine = [f for f in result.findings if f.rule == rule]
    return [f for f in mine if not f.more], [f for f in mine if f.more]


# -- the cap itself -----------------------------------------------------------------------


def test_the_first_findings_in_file_order_are_listed_the_rest_summed_by_severity() -> None:
    findings = [
        Finding("STP999", Severity.WARNING, f"w{n}", f"/x/{n}", n + 1, 1) for n in range(150)
    ]
    findings.append(Finding("STP999", Severity.ERROR, "late", "/y", 500, 3))
    findings.append(Finding("STP998", Severity.INFO, "other rule", "/z", 2, 1))
    capped = cap_findings(reversed(findings))  # any order in, file order out
    listed = [f for f in capped if f.rule == "STP999" and not f.more]
    assert [f.line for f in listed] == list(range(1, SHOWN_PER_RULE + 1))
    summaries = {f.severity: f for f in capped if f.more}
    assert summaries[Severity.WARNING].more == 150 - SHOWN_PER_RULE
    assert summaries[Severity.WARNING].line == SHOWN_PER_RULE + 1  # at the first not listed
    assert summaries[Severity.ERROR].more == 1
    assert summaries[Severity.ERROR].line == 500
    assert "1 more STP999 error " in summaries[Severity.ERROR].message
    assert capped == sorted(capped, key=Finding.sort_key)
    # the exit code and the counts see the error that is not listed
    result = FileResult("plan.yaml", None, None, capped)
    assert result.count(Severity.WARNING) == 150
    assert result.count(Severity.ERROR) == 1
    assert exit_code(RunResult([result]), Severity.ERROR) == 1


def test_capping_twice_keeps_the_counts() -> None:
    findings = [Finding("STP999", Severity.WARNING, "w", f"/x/{n}", n + 1, 1) for n in range(300)]
    once = cap_findings(findings)
    assert cap_findings(once) == once
    assert sum(f.counts_as for f in once) == 300


# -- through the checker and the formats ---------------------------------------------------


def test_a_schema_rule_firing_on_every_item_lists_the_cap_and_counts_all() -> None:
    result = check_bytes(with_wrong_items(1_000).encode(), "plan.yaml", SETTINGS)
    listed, summary = of_rule(result, "STP012")
    assert len(listed) == SHOWN_PER_RULE
    assert [f.more for f in summary] == [1_000 - SHOWN_PER_RULE]
    assert f"{1_000 - SHOWN_PER_RULE:,} more STP012 errors" in summary[0].message
    assert result.count(Severity.ERROR) >= 1_000


def test_a_domain_rule_firing_on_every_action_lists_the_cap_and_counts_all() -> None:
    result = check_bytes(with_actions(300).encode(), "plan.yaml", SETTINGS)
    listed, summary = of_rule(result, "STP302")  # overdue actions
    assert len(listed) == SHOWN_PER_RULE
    assert sum(f.more for f in summary) == 300 - SHOWN_PER_RULE + _overdue_in_example()
    assert all(f.severity is Severity.WARNING for f in summary)


def _overdue_in_example() -> int:
    plain = check_bytes(EXAMPLE.encode(), "plan.yaml", SETTINGS)
    return sum(1 for f in plain.findings if f.rule == "STP302")


def _invoke(*args: str) -> tuple[int, str]:
    outcome = runner.invoke(app, ["validate", "--as-of", "2016-06-30", *args])
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome.exit_code, outcome.stdout


def test_every_format_counts_the_findings_it_does_not_list(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_text(with_wrong_items(1_000), encoding="utf-8")
    code, out = _invoke("--format", "json", str(plan))
    assert code == 1
    report = json.loads(out)
    findings = report["files"][0]["findings"]
    assert len(findings) < 150
    errors = report["summary"]["error"]
    assert errors >= 1_000
    assert any("900 more STP012 errors" in f["message"] for f in findings)

    _, out = _invoke("--format", "sarif", str(plan))
    sarif = json.loads(out)
    assert sarif["runs"][0]["properties"]["summary"]["error"] == errors
    texts = [r["message"]["text"] for r in sarif["runs"][0]["results"]]
    assert len(texts) < 150 and any("900 more STP012" in t for t in texts)

    _, out = _invoke("--format", "junit", str(plan))
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    messages = [f.get("message", "") for f in suite.iter("failure")]
    counted = sum(int(m.split()[0]) if m.split()[0].isdigit() else 1 for m in messages)
    assert counted == errors + report["summary"]["warning"]  # a failure is a warning or worse

    _, out = _invoke("--format", "github", str(plan))
    assert len(out.splitlines()) < 150
    assert "900 more STP012 errors" in out

    _, out = _invoke("--format", "text", "--quiet", str(plan))
    assert f"{errors:,} errors" in out.splitlines()[-1] or f"{errors} errors" in out


# -- the schema check ---------------------------------------------------------------------


def test_the_schema_check_stops_at_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schema_check, "MAX_SCHEMA_FINDINGS", 50)
    loaded = load_text(with_wrong_items(200))
    found = schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)
    assert len(found) == 51
    last = found[-1]
    assert last.rule == "STP005"
    assert "stopped after 50 findings" in last.message


def test_the_schema_check_stops_inside_a_mapping_of_many_unknown_keys(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(schema_check, "MAX_SCHEMA_FINDINGS", 50)
    keys = "".join(f"  typo{n}: 1\n" for n in range(5_000))
    loaded = load_text(DRAFT.replace("footprint:\n", "footprint:\n" + keys, 1))
    assert loaded.ok
    found = schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)
    assert len(found) == 51 and found[-1].rule == "STP005"


@pytest.fixture
def counted_required(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Count how often jsonschema's ``required`` keyword runs."""
    calls = [0]
    original = jsonschema.Draft202012Validator.VALIDATORS["required"]

    def counting(*args: Any) -> Any:
        calls[0] += 1
        return original(*args)

    monkeypatch.setitem(jsonschema.Draft202012Validator.VALIDATORS, "required", counting)
    schema_check._validator.cache_clear()
    yield calls
    schema_check._validator.cache_clear()


def test_one_wrong_value_in_a_large_plan_walks_only_what_is_wrong(
    counted_required: list[int],
) -> None:
    # Issue 10: with one error, jsonschema walked all of a 10 MB plan (13 s).
    plan = with_actions(2_000, due="2019-03-31").replace("stp_plan: 1", "stp_plan: 2", 1)
    loaded = load_text(plan)
    found = schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)
    assert [f.pointer for f in found] == ["/stp_plan"]
    assert counted_required[0] < 100  # each of 2,000 actions would be one more


def test_a_wrong_action_among_many_is_still_found(counted_required: list[int]) -> None:
    plan = with_actions(2_000, due="2019-03-31").replace("due: 2019-03-31}", "due: 31/03/2019}", 1)
    loaded = load_text(plan)
    found = schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)
    assert [f.rule for f in found] == ["STP013"]
    assert found[0].pointer.endswith("/due")
    assert counted_required[0] < 100


def test_unique_items_are_checked_without_comparing_every_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A list of mixed kinds cannot be sorted, so jsonschema compared every pair.
    compared = [0]
    original = jsonschema._utils.equal

    def counting(one: Any, two: Any) -> bool:
        compared[0] += 1
        return bool(original(one, two))

    monkeypatch.setattr(jsonschema._utils, "equal", counting)
    numbers = ", ".join(str(n) for n in range(1, 2_999))  # text and numbers: no order
    plan = EXAMPLE.replace("  years:", f"  years: [2016/17, {numbers}, 2016/17]\n  x-years:", 1)
    loaded = load_text(plan)
    found = schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)
    repeats = [f for f in found if "more than once" in f.message]
    assert [f.pointer for f in repeats] == ["/finance/years/2999"]
    assert compared[0] < 10_000  # every pair of 3,000 would be 4.5 million


# -- the baseline sees every finding (merge of trust-bounds with the baseline) -------------


def test_a_baseline_weighs_every_finding_before_the_cap(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from stpctl.check.baseline import Baseline, index

    monkeypatch.chdir(tmp_path)
    raw = with_actions(300).encode()
    every = check_bytes(raw, "plan.yaml", SETTINGS)
    total = sum(f.counts_as for f in every.findings)
    overdue = sum(f.counts_as for f in every.findings if f.rule == "STP302")
    assert overdue > SHOWN_PER_RULE + 150

    # Writing a baseline records each finding, not the 100 listed and a summary.
    recording = replace(SETTINGS, baseline=Baseline(folder=str(tmp_path), record=True))
    recorded = check_bytes(raw, "plan.yaml", recording)
    assert recorded.baseline is not None
    entries = recorded.baseline.baselined
    assert sum(entry.count for entry in entries) == total == recorded.baselined

    # A baseline of them all leaves nothing, and counts them all.
    using = replace(SETTINGS, baseline=Baseline(folder=str(tmp_path), entries=index(entries)))
    quiet = check_bytes(raw, "plan.yaml", using)
    assert quiet.findings == [] and quiet.baselined == total

    # One that accounts for 150 overdue actions fewer: those 150 are new,
    # listed up to the cap and counted in full.
    dropped = [entry for entry in entries if entry.rule == "STP302"][:150]
    fewer = [entry for entry in entries if entry not in dropped]
    assert sum(e.count for e in dropped) == 150
    using = replace(SETTINGS, baseline=Baseline(folder=str(tmp_path), entries=index(fewer)))
    new = check_bytes(raw, "plan.yaml", using)
    listed, summary = of_rule(new, "STP302")
    assert len(listed) == SHOWN_PER_RULE
    assert sum(f.more for f in summary) == 150 - SHOWN_PER_RULE
    assert new.count(Severity.WARNING) == 150
    assert new.baselined == total - 150
