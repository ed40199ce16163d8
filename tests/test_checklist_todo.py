"""The checklist as the to-do list (issue 13, section 4): every error an
unticked item under the question or part of the plan it is about, with the
fix and its owner; warnings too with ``--include-warnings``; "ready to
submit" only when nothing blocks."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.checker import Settings, analyse_bytes, analyse_path
from stpctl.cli import app
from stpctl.documents.checklist import Checklist, build
from stpctl.documents.checklist_findings import section_for

ROOT = Path(__file__).resolve().parent.parent
SURPRISES = "tests/cases/invalid/yaml-surprises.yaml"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
COMPLETE = "examples/herefordshire-and-worcestershire.yaml"
AS_OF = date(2016, 6, 30)
runner = CliRunner()


def checklist_for(path: str, include_warnings: bool = False) -> Checklist:
    chosen = Settings(as_of=AS_OF)
    return build(analyse_path(str(ROOT / path), chosen), chosen, include_warnings)


def checklist_of(text: str, include_warnings: bool = False) -> Checklist:
    chosen = Settings(as_of=AS_OF)
    return build(analyse_bytes(text.encode(), "plan.yaml", chosen), chosen, include_warnings)


def fixes(checklist: Checklist) -> list[tuple[str, str, str, str | None]]:
    """(section, rule, pointer, owner) of every finding's item, in order."""
    return [
        (item.section, item.rule, item.pointer, item.owner)
        for item in checklist.items()
        if item.kind == "finding"
    ]


def test_every_error_is_an_unticked_item_under_its_section() -> None:
    checklist = checklist_for(SURPRISES)
    items = [item for item in checklist.items() if item.kind == "finding"]
    assert {(i.section, i.rule, i.pointer) for i in items} == {
        ("footprint", "STP012", "/footprint/population"),
        ("footprint", "STP012", "/submission/version"),
        ("digital_roadmap", "STP605", "/footprint/digital_roadmap"),
        ("digital_roadmap", "STP606", "/footprint/digital_roadmap"),
        ("plan_file", "STP304", "/questions"),
        ("general_practice", "STP012", "/questions/general_practice/owner"),
        ("core_standards", "STP607", "/questions/core_standards/measures"),
        ("clinical_priorities", "STP607", "/questions/clinical_priorities/measures"),
    }
    population = next(i for i in items if i.pointer == "/footprint/population")
    assert not population.done and population.status == "to do"
    assert population.todo.startswith("`footprint.population` should be a whole number")
    assert "`population: 780000`" in population.todo  # the fix in plain words
    assert population.line == 8
    # Under its question, after the question's own checks.
    section = next(s for s in checklist.sections if s.key == "general_practice")
    assert section.items[-1].rule == "STP012"


def test_what_other_items_carry_is_not_listed_twice() -> None:
    rules = {rule for _, rule, _, _ in fixes(checklist_for(SURPRISES))}
    # completeness (the question's own checks), topics (items to consider)
    assert rules.isdisjoint({"STP101", "STP102", "STP103", "STP111", "STP302", "STP403"})


def test_owners_come_from_the_part_of_the_plan() -> None:
    checklist = checklist_for(SURPRISES)
    owners = {pointer: owner for _, _, pointer, owner in fixes(checklist)}
    assert owners["/footprint/population"] == "Catherine Hollins"  # the STP lead
    assert owners["/questions/core_standards/measures"] == "Programme lead 5"  # its owner


PRIORITY_PLAN = """\
stp_plan: 1
footprint: {name: X, code: E54000019, lead: {name: Ann Lead}}
delivery_areas:
  - {id: DA1, title: Prevention, lead: Dr Jane Smith}
priorities:
  - {id: P1, title: Healthier lives, delivery_area: DA1, questions: [prevention], bad: 1}
questions:
  financial_balance: {status: draft, owner: Finance Director, answer: text}
finance:
  unit: GBP million
  years: [2016/17]
  do_nothing_gap: {2016/17: 10.0}
  extra: 1
"""


def test_a_priority_belongs_to_its_delivery_area_lead_and_finance_to_its_owner() -> None:
    found = {(s, p): o for s, _, p, o in fixes(checklist_of(PRIORITY_PLAN))}
    assert found[("delivery", "/priorities/0/bad")] == "Dr Jane Smith"
    assert found[("finance", "/finance/extra")] == "Finance Director"


def test_pointers_map_to_sections() -> None:
    keys = {"prevention"}
    assert section_for("", keys) == "plan_file"
    assert section_for("/questions/prevntion", keys) == "plan_file"  # a typo'd key
    assert section_for("/questions/prevention/actions/0/due", keys) == "prevention"
    assert section_for("/footprint/organisations/3/code", keys) == "board_sign_off"
    assert section_for("/period/start", keys) == "footprint"
    assert section_for("/delivery_areas/0/id", keys) == "delivery"
    assert section_for("/engagement/2/date", keys) == "engagement"


def test_warnings_join_only_with_include_warnings_and_do_not_block() -> None:
    plain = checklist_for(DRAFT)
    assert all(item.status == "to do" for item in plain.items() if item.kind == "finding")
    warned = checklist_for(DRAFT, include_warnings=True)
    extra = [item for item in warned.items() if item.status == "to consider"]
    assert extra and all(item.kind == "finding" for item in extra)
    assert len(warned.blocking()) == len(plain.blocking())


def test_ready_to_submit_only_when_nothing_blocks() -> None:
    draft = checklist_for(DRAFT)
    assert not draft.ready() and draft.summary()["blocking"] == len(draft.blocking()) > 0
    assert checklist_for(SURPRISES).ready() is False
    complete = checklist_for(COMPLETE)
    assert complete.ready(), [(i.section, i.text, i.todo) for i in complete.blocking()]
    assert complete.to_dict()["ready_to_submit"] is True


def test_the_command_lists_warnings_with_the_option_and_keeps_its_exit_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    args = ["checklist", DRAFT, "-f", "json", "--as-of", "2016-06-30"]
    plain = runner.invoke(app, args)
    warned = runner.invoke(app, [*args, "--include-warnings"])
    assert plain.exit_code == warned.exit_code == 0
    count = json.loads(warned.stdout)["summary"]["findings_to_fix"]
    assert count > json.loads(plain.stdout)["summary"]["findings_to_fix"]
    assert json.loads(warned.stdout)["ready_to_submit"] is False


def test_markdown_says_whether_the_plan_is_ready(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    draft = runner.invoke(app, ["checklist", DRAFT, "--as-of", "2016-06-30"]).stdout
    assert "**Not ready to submit**" in draft
    complete = runner.invoke(app, ["checklist", COMPLETE, "--as-of", "2016-06-30"]).stdout
    assert "**Ready to submit**" in complete
    surprises = runner.invoke(app, ["checklist", SURPRISES, "--as-of", "2016-06-30"]).stdout
    assert "- [ ] Fix this error (STP012): \\`footprint.population\\` should be" in surprises


def test_csv_has_a_section_title_beside_the_key_and_one_status_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Issue 13, section 7: the key column PRODUCT.md fixes gets a readable
    title beside it, and ``done`` (yes/no) no longer repeats ``status``."""
    import csv
    import io

    monkeypatch.chdir(ROOT)
    out = runner.invoke(app, ["checklist", SURPRISES, "-f", "csv", "--as-of", "2016-06-30"])
    rows = list(csv.DictReader(io.StringIO(out.stdout_bytes.decode("utf-8-sig"))))
    assert list(rows[0]) == [
        "section",
        "section_title",
        "item",
        "owner",
        "due",
        "pointer",
        "line",
        "todo",
        "status",
    ]
    titles = {row["section"]: row["section_title"] for row in rows}
    assert titles["general_practice"] == "General practice"
    assert titles["footprint"] == "Footprint, period and submission"
    assert titles["finance"] == "Finance"
