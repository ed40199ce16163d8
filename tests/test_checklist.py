"""``stpctl checklist``: the model's ticks, the four formats, and the command.

Golden files live in ``tests/golden/checklist/``; regenerate them on purpose
with ``STPCTL_UPDATE_GOLDEN=1 python -m pytest tests/test_checklist.py`` and
review the diff.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_mutations import SEED_FILES, load_seed, mutate_data
from typer.testing import CliRunner

from stpctl.check.checker import PlanAnalysis, Settings, analyse_bytes, analyse_path
from stpctl.cli import app
from stpctl.documents.checklist import Checklist, build
from stpctl.documents.checklist_items import ACTION, BY_HAND, CHECK, Item
from stpctl.plan import control_totals
from stpctl.records.wording import counted
from stpctl.reference.guidance import QuestionGuidance, default_pack
from stpctl.render import checklist as render

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "checklist"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
COMPLETE = "examples/herefordshire-and-worcestershire.yaml"
EXAMPLES = sorted(str(path.relative_to(ROOT)) for path in (ROOT / "examples").glob("*.yaml"))
AS_OF = date(2016, 6, 30)
runner = CliRunner()

# Which rules' findings untick which plan-level section (see stpctl/checklist.py).
PLAN_RULES = {
    "triple_aim": ("STP104",),
    "finance": ("STP402", "STP403", "STP404", "STP405", "STP406", "STP407", "STP408", "STP409"),
    "board_sign_off": ("STP501",),
    "engagement": ("STP502",),
    "service_changes": ("STP503",),
    "digital_roadmap": ("STP601",),
}


def checklist_for(path: str | Path, as_of: date = AS_OF, **more: object) -> Checklist:
    chosen = Settings(as_of=as_of, **more)  # type: ignore[arg-type]
    return build(analyse_path(str(ROOT / path), chosen), chosen)


def section(checklist: Checklist, key: str) -> dict[str, Item]:
    """The checks of one question, by their text."""
    found = next(s for s in checklist.sections if s.key == key)
    return {item.text: item for item in found.items}


def checklist_plan(analysis: PlanAnalysis) -> dict[str, object]:
    assert analysis.data is not None
    return analysis.data


def plan_items(checklist: Checklist, key: str) -> list[Item]:
    return [item for item in checklist.plan_items if item.section == key]


# --- ticks -------------------------------------------------------------------------------


def test_sections_follow_the_pack_and_carry_the_status_validate_gives() -> None:
    chosen = Settings(as_of=AS_OF)
    analysis = analyse_path(str(ROOT / DRAFT), chosen)
    checklist = build(analysis, chosen)
    assert [s.key for s in checklist.sections] == [q.key for q in default_pack().questions]
    assert {s.key: s.status for s in checklist.sections} == analysis.result.questions
    first = checklist.sections[0]
    assert first.question == default_pack().question("prevention").question
    assert [item.text for item in first.items[:5]] == [e.item for e in default_pack().expects]


def test_draft_example_ticks_what_the_plan_has_and_no_more() -> None:
    checklist = checklist_for(DRAFT)
    prevention = section(checklist, "prevention").values()
    assert all(item.done for item in prevention if item.kind == CHECK)
    # The pack's topics the answer does not mention are by hand, never ticked (issue 12).
    assert [item.text for item in prevention if item.kind != CHECK] == [
        "Consider smoking (the answer mentions none of: smoking, smokers, tobacco)"
    ]
    gp = section(checklist, "general_practice")
    assert not gp["A measure with a baseline and a target"].done  # baseline but no target
    assert gp["An answer is written (not a placeholder)"].done
    assert not gp["Marked complete"].done  # status: draft
    priorities = section(checklist, "clinical_priorities")
    assert not priorities["An owner is named"].done  # owner left empty
    assert not priorities["Evidence is cited"].done
    quality = section(checklist, "quality_and_safety")
    assert not quality["An answer is written (not a placeholder)"].done  # "TBC"
    assert quality["An owner is named"].done
    workforce = section(checklist, "workforce")
    assert not any(item.done for item in workforce.values())


def test_draft_example_plan_level_items() -> None:
    checklist = checklist_for(DRAFT)
    assert all(item.done for item in plan_items(checklist, "triple_aim"))
    assert len(plan_items(checklist, "triple_aim")) == 3
    finance = plan_items(checklist, "finance")[
        0
    ]  # the final year; three more in test_checklist_finance
    assert not finance.done
    assert "2020/21" in finance.text and "35.5 GBP million" in finance.text
    assert finance.pointer == "/finance/do_nothing_gap/2020~121"
    [signed] = plan_items(checklist, "board_sign_off")
    # a draft: STP501 does not run, but the seven unsigned boards are still listed, as notes
    assert not signed.done and len(signed.notes) == 7
    assert signed.pointer == "/footprint/organisations" and signed.todo == "7 problems to fix"
    assert "`Wye Valley NHS Trust` (RLQ)" in " ".join(note.todo for note in signed.notes)
    assert [note.pointer for note in signed.notes][:2] == [
        "/footprint/organisations/4",
        "/footprint/organisations/5",
    ]
    public, staff = plan_items(checklist, "engagement")
    assert public.done and public.text.startswith("Patients or the public")
    assert not staff.done and "with staff" in staff.todo and len(staff.notes) == 1
    assert all(item.done for item in plan_items(checklist, "service_changes"))
    [roadmap] = plan_items(checklist, "digital_roadmap")
    assert not roadmap.done and len(roadmap.notes) == 2


def test_complete_example_ticks_everything_it_answers() -> None:
    checklist = checklist_for(COMPLETE)
    assert all(item.done for item in checklist.items() if item.kind == CHECK)
    finance = plan_items(checklist, "finance")[0]
    assert "2020/21 (residual -2.0 GBP million)" in finance.text
    summary = checklist.summary()
    assert summary["checks"] == summary["done"] > 60
    assert summary["overdue_actions"] == 0


@pytest.mark.parametrize("path", EXAMPLES)
def test_every_unticked_item_says_what_to_do_and_where(path: str) -> None:
    chosen = Settings(as_of=AS_OF)
    analysis = analyse_path(str(ROOT / path), chosen)
    for item in build(analysis, chosen).items():
        assert item.pointer.startswith("/"), item
        assert item.line == analysis.positions.locate(item.pointer)[0], item
        if not item.done and item.kind == CHECK:
            assert item.todo, item
        if item.done:
            assert item.todo == "", item


@pytest.mark.parametrize("path", [*EXAMPLES, "tests/cases/valid/complete-submitted.yaml"])
def test_plan_level_items_agree_with_validate(path: str) -> None:
    """With no configuration, one note per finding of the matching rule, carrying
    its message, pointer and line (board sign-off on a draft is the documented
    exception)."""
    chosen = Settings(as_of=AS_OF)
    analysis = analyse_path(str(ROOT / path), chosen)
    checklist = build(analysis, chosen)
    for key, rule_ids in PLAN_RULES.items():
        if key == "board_sign_off" and checklist.submission_status == "draft":
            continue
        found = [f for f in analysis.result.findings if f.rule in rule_ids]
        notes = [note for item in plan_items(checklist, key) for note in item.notes]
        assert sorted((n.todo, n.pointer, n.line) for n in notes) == sorted(
            (f.message, f.pointer, f.line) for f in found
        ), key
        for item in plan_items(checklist, key):
            if item.text.startswith("Control totals") and not item.notes:
                # a plan with no control totals at all: asked for them, which no rule requires
                assert item.done == control_totals.written(checklist_plan(analysis))
                continue
            assert item.done == (not item.notes), item


@pytest.mark.parametrize("path", EXAMPLES)
def test_plan_level_items_are_a_fixed_list(path: str) -> None:
    """One item per check, whatever the number of problems."""
    checklist = checklist_for(path)
    assert [item.section for item in checklist.plan_items] == [
        "triple_aim",
        "triple_aim",
        "triple_aim",
        "finance",
        "finance",
        "finance",
        "finance",
        "board_sign_off",
        "engagement",
        "engagement",
        "service_changes",
        "digital_roadmap",
    ]


def test_draft_and_complete_plans_of_one_footprint_have_the_same_number_of_items() -> None:
    """The totals do not grow with the number of problems (seven unsigned boards
    and two roadmap differences in the draft are notes, not items)."""
    draft, complete = checklist_for(DRAFT), checklist_for(COMPLETE)
    assert draft.summary()["checks"] == complete.summary()["checks"] == 75
    assert draft.summary()["done"] < complete.summary()["done"] == 75
    assert len(draft.plan_items) == len(complete.plan_items) == 12


# --- configuration never ticks an item -----------------------------------------------------

RULES_OFF = """[rules]
STP104 = "off"
STP403 = "off"
STP501 = "off"
STP502 = "off"
STP503 = "off"
STP601 = "off"
STP101 = "off"
"""


def test_switching_rules_off_does_not_tick_plan_level_items() -> None:
    """Configuration changes what validate reports, not what is true of the plan."""
    plain = checklist_for(DRAFT)
    off = {rule_id: None for rule_ids in PLAN_RULES.values() for rule_id in rule_ids}
    quiet = checklist_for(DRAFT, severities={**off, "STP101": None})
    assert quiet.plan_items == plain.plan_items
    finance = plan_items(quiet, "finance")[0]
    assert not finance.done and finance.status == "to do"
    _, staff = plan_items(quiet, "engagement")
    assert not staff.done
    assert quiet.summary()["done"] == plain.summary()["done"]
    # validate, meanwhile, no longer reports them
    assert quiet.findings != plain.findings


def test_switched_off_rules_in_a_config_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan = tmp_path / "p.yaml"
    plan.write_bytes((ROOT / DRAFT).read_bytes())
    (tmp_path / ".stpctl.toml").write_text(RULES_OFF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["checklist", "p.yaml", "--as-of", "2016-06-30"])
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "- [x] The finance bridge closes" not in text
    assert "- [ ] The finance bridge closes in 2020/21 (residual 35.5 GBP million)" in text
    assert "- [x] Staff engaged" not in text
    assert "- [ ] Staff engaged" in text
    assert "- [ ] Every partner board has signed the plan off (11 organisations)" in text


WAIVER = """[[waivers]]
rule = "STP601"
pointer = "/footprint/digital_roadmap*"
reason = "LDR footprint agreed with NHS Digital"
expires = {expires}
"""


def checklist_with_config(
    tmp_path: Path, config: str, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> str:
    plan = tmp_path / "p.yaml"
    plan.write_bytes((ROOT / DRAFT).read_bytes())
    (tmp_path / ".stpctl.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["checklist", "p.yaml", "--as-of", "2016-06-30", "--format", fmt]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_a_waived_item_is_unticked_but_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = WAIVER.format(expires="2016-12-31")
    text = checklist_with_config(tmp_path, config, "markdown", monkeypatch)
    assert "- [x] The Local Digital Roadmap" not in text
    assert (
        "- [ ] The Local Digital Roadmap covers the same organisations as the STP:"
        " waived until 2016-12-31: LDR footprint agreed with NHS Digital (accepted, not done)"
    ) in text
    assert "Done: 44 of 75 items, 1 waived" in text
    document = json.loads(checklist_with_config(tmp_path, config, "json", monkeypatch))
    [roadmap] = [i for i in document["plan_items"] if i["section"] == "digital_roadmap"]
    assert (roadmap["done"], roadmap["status"]) == (False, "waived")
    assert len(roadmap["notes"]) == 2
    assert all(n["waived"].startswith("waived until 2016-12-31: LDR") for n in roadmap["notes"])
    assert document["summary"]["waived"] == 1
    rows = parse_csv(checklist_with_config(tmp_path, config, "csv", monkeypatch).encode("utf-8"))
    [row] = [r for r in rows if r["section"] == "digital_roadmap"]
    assert row["status"] == "waived"
    assert row["todo"].startswith("waived until 2016-12-31")
    page = checklist_with_config(tmp_path, config, "html", monkeypatch)
    assert "waived until 2016-12-31: LDR footprint agreed with NHS Digital" in page


def test_an_expired_waiver_leaves_the_item_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = WAIVER.format(expires="2016-06-01")
    document = json.loads(checklist_with_config(tmp_path, config, "json", monkeypatch))
    [roadmap] = [i for i in document["plan_items"] if i["section"] == "digital_roadmap"]
    assert (roadmap["done"], roadmap["status"]) == (False, "to do")
    assert [n["waived"] for n in roadmap["notes"]] == ["", ""]


def test_a_waiver_for_one_problem_of_several_is_shown_on_that_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = (
        '[[waivers]]\nrule = "STP501"\npointer = "/footprint/organisations/4"\n'
        'reason = "board meets in July"\nexpires = 2016-07-31\n'
    )
    text = checklist_with_config(tmp_path, config, "markdown", monkeypatch)
    assert "(11 organisations): 6 problems to fix and 1 waived\n" in text
    assert "(at /footprint/organisations/4, line 32): waived until 2016-07-31: board" in text


# --- question status and the checklist agree -----------------------------------------------


def test_due_tbc_does_not_tick_actions_with_due_dates(tmp_path: Path) -> None:
    data = load_seed(ROOT / COMPLETE)
    for action in data["questions"]["workforce"]["actions"]:
        action["due"] = "TBC"
    chosen = Settings(as_of=AS_OF)
    analysis = analyse_bytes(json.dumps(data).encode(), "plan.yaml", chosen)
    assert any(f.rule == "STP013" for f in analysis.result.findings)
    checklist = build(analysis, chosen)
    workforce = next(s for s in checklist.sections if s.key == "workforce")
    assert workforce.status == "partial"
    assert not section(checklist, "workforce")["Actions with owners and due dates"].done


def test_an_answered_question_recommends_what_its_status_does_not_need() -> None:
    data = load_seed(ROOT / COMPLETE)
    question = data["questions"]["workforce"]
    question["evidence"] = []
    for measure in question["measures"]:
        measure.pop("baseline", None)
    chosen = Settings(as_of=AS_OF)
    checklist = build(analyse_bytes(json.dumps(data).encode(), "plan.yaml", chosen), chosen)
    workforce = next(s for s in checklist.sections if s.key == "workforce")
    assert workforce.status == "answered"
    assert [i.text for i in workforce.recommended()] == [
        "Evidence is cited",
        "A measure with a baseline and a target",
    ]
    assert all(i.status == "recommended" and not i.done for i in workforce.recommended())
    text = render.markdown(checklist).decode()
    assert (
        "Answered (PRODUCT.md §3: an owner, a measure with a target, an action with an owner"
        " and a due date). Also recommended: Evidence is cited; A measure with a baseline"
        " and a target."
    ) in text
    rows = parse_csv(render.csv(checklist))
    unticked = [r for r in rows if r["section"] == "workforce" and r["status"] != "done"]
    assert [r["status"] for r in unticked if "action" not in r["status"]] == [
        "recommended",
        "recommended",
    ]
    # a question that is not answered keeps them as plain "to do"
    draft = checklist_for(DRAFT)
    assert all(not s.recommended() for s in draft.sections if s.status != "answered")


def test_counts_are_pluralised() -> None:
    assert counted(1, "error") == "1 error" and counted(0, "error") == "0 errors"
    checklist = replace(checklist_for(DRAFT), findings={"error": 1, "warning": 1, "info": 1})
    for renderer in (render.markdown, render.html):
        text = renderer(checklist).decode()
        assert "1 error, 1 warning, 1 info" in text
        assert "1 errors" not in text and "1 warnings" not in text


def test_a_submitted_plan_without_a_sign_off_is_unticked_from_stp501(tmp_path: Path) -> None:
    text = (ROOT / COMPLETE).read_text(encoding="utf-8")
    before = text.count("board_sign_off: 2016-06-2")
    text = text.replace(", board_sign_off: 2016-06-2", ", x-was: 2016-06-2", 1)
    assert text.count("board_sign_off: 2016-06-2") == before - 1
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    checklist = checklist_for(plan)
    assert checklist.submission_status in ("submitted", "approved")
    [unsigned] = [item for item in plan_items(checklist, "board_sign_off") if not item.done]
    assert "has no `board_sign_off` date, but the plan is" in unsigned.todo  # STP501's message
    # switched off in configuration, validate no longer says so, but the board has still
    # not signed: the item stays unticked
    quiet = checklist_for(plan, severities={"STP501": None})
    assert plan_items(quiet, "board_sign_off") == [unsigned]


@pytest.mark.parametrize("status", ["submitted", "draft"])
def test_a_sign_off_that_is_not_a_valid_date_is_not_ticked(tmp_path: Path, status: str) -> None:
    text = (ROOT / COMPLETE).read_text(encoding="utf-8")
    signed = "board_sign_off: 2016-06-23}"
    assert text.count(signed) == 2
    text = text.replace(signed, 'board_sign_off: "yes"}').replace(
        "  status: submitted\n", f"  status: {status}\n"
    )
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    checklist = checklist_for(plan)
    assert checklist.submission_status == status
    [item] = plan_items(checklist, "board_sign_off")
    assert not item.done and item.todo == "2 problems to fix"
    assert [note.pointer for note in item.notes] == [
        "/footprint/organisations/9/board_sign_off",
        "/footprint/organisations/10/board_sign_off",
    ]
    assert "`Herefordshire Council` (E06000019) has a `board_sign_off` that is not a valid" in (
        item.notes[0].todo
    )


def test_not_applicable_question_needs_only_its_reason(tmp_path: Path) -> None:
    text = (ROOT / COMPLETE).read_text(encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text(text, encoding="utf-8")
    data = load_seed(plan)
    data["questions"]["technology"] = {
        "status": "not_applicable",
        "not_applicable_reason": "Covered by the regional digital plan.",
    }
    data["questions"]["workforce"] = {"status": "not_applicable"}
    raw = json.dumps(data).encode()  # JSON is YAML
    chosen = Settings(as_of=AS_OF)
    checklist = build(analyse_bytes(raw, "plan.yaml", chosen), chosen)
    technology = section(checklist, "technology")
    assert list(technology) == ["Marked not applicable, with a reason"]
    assert technology["Marked not applicable, with a reason"].done
    workforce = section(checklist, "workforce")["Marked not applicable, with a reason"]
    assert not workforce.done and "not_applicable_reason" in workforce.todo


def test_extra_items_from_the_pack_are_shown_but_never_ticked() -> None:
    pack = default_pack()
    questions = tuple(
        q._replace(extra_items=("Clinical Senate review booked",)) if q.key == "prevention" else q
        for q in pack.questions
    )
    assert isinstance(questions[0], QuestionGuidance)
    custom = replace(pack, questions=questions)
    checklist = checklist_for(COMPLETE, guidance=custom)
    extra = section(checklist, "prevention")["Clinical Senate review booked"]
    assert extra.kind == BY_HAND and not extra.done
    assert "check by hand" in extra.todo
    assert checklist.summary()["by_hand"] == 1
    assert "Clinical Senate review booked (check by hand" in render.markdown(checklist).decode()
    rows = parse_csv(render.csv(checklist))
    assert [r["status"] for r in rows if r["item"] == "Clinical Senate review booked"] == [
        "check by hand"
    ]


# --- actions -----------------------------------------------------------------------------


def test_open_actions_with_overdue_ones_marked_at_the_as_of_date() -> None:
    checklist = checklist_for(DRAFT)
    engagement = next(s for s in checklist.sections if s.key == "engagement")
    eng1, eng2 = engagement.open_actions
    assert eng1.kind == ACTION and eng1.text.startswith("ENG1: Hold first STP staff")
    assert (eng1.owner, eng1.due, eng1.overdue_days) == (
        "Trust communications leads",
        "2016-06-17",
        13,
    )
    assert eng1.pointer == "/questions/engagement/actions/0/due"
    assert "overdue by 13 days at 2016-06-30" in eng1.todo
    assert eng2.overdue_days is None and eng2.todo == ""


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (date(2016, 6, 17), {}),  # due today is not overdue yet
        (date(2016, 6, 18), {"ENG1": 1}),
        (date(2016, 10, 1), {"ENG1": 106, "PRV1": 1, "ENG2": 1}),
    ],
)
def test_overdue_days_follow_as_of(as_of: date, overdue: dict[str, int]) -> None:
    checklist = checklist_for(DRAFT, as_of=as_of)
    actions = [a for s in checklist.sections for a in s.open_actions]
    found = {a.text.split(":")[0]: a.overdue_days for a in actions if a.overdue_days is not None}
    assert found == overdue
    assert checklist.summary()["overdue_actions"] == len(overdue)
    if overdue == {"ENG1": 1}:
        assert "overdue by 1 day at 2016-06-18" in render.markdown(checklist).decode()


def test_done_and_dropped_actions_are_not_open(tmp_path: Path) -> None:
    data = load_seed(ROOT / DRAFT)
    actions = data["questions"]["engagement"]["actions"]
    actions[0]["status"] = "done"
    actions[1]["status"] = "dropped"
    actions.append({"id": "ENG9", "title": "Leaflet", "owner": "TBC"})
    chosen = Settings(as_of=AS_OF)
    checklist = build(analyse_bytes(json.dumps(data).encode(), "plan.yaml", chosen), chosen)
    [only] = next(s for s in checklist.sections if s.key == "engagement").open_actions
    assert only.text == "ENG9: Leaflet" and only.owner is None and only.due is None
    assert "`owner`" in only.todo and "due date" in only.todo


# --- formats -----------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>alert('x')</script>",
    "cell": "</td></tr><tr><td>owned",
    "img": '"><img src=x onerror=alert(1)>',
    "pipe": "a | b | c",
    "link": "[click](javascript:alert(1))",
    "formula": '=HYPERLINK("http://evil.example/x","Click")',
}


def hostile_checklist() -> Checklist:
    data = load_seed(ROOT / DRAFT)
    data["footprint"]["name"] = HOSTILE["script"]
    data["footprint"]["organisations"][4]["name"] = HOSTILE["img"]
    data["questions"]["prevention"]["owner"] = HOSTILE["formula"]
    action = data["questions"]["prevention"]["actions"][0]
    action["title"] = HOSTILE["cell"] + " " + HOSTILE["pipe"]
    action["owner"] = HOSTILE["link"]
    data["questions"]["prevention"]["actions"][1]["id"] = "-2+3"
    data["service_changes"][1]["title"] = HOSTILE["link"] + HOSTILE["script"]
    data["service_changes"][1]["consultation"]["status"] = "planned"
    chosen = Settings(as_of=AS_OF)
    return build(analyse_bytes(json.dumps(data).encode(), "plan.yaml", chosen), chosen)


def test_hostile_plan_text_is_escaped_in_markdown() -> None:
    text = render.markdown(hostile_checklist()).decode("utf-8")
    assert "<script" not in text and "<img" not in text and "</td>" not in text
    assert "&lt;script>" in text and "<script" not in text
    assert "](javascript" not in text and r"\[click\]\(javascript:alert(1))" in text
    assert r"a \| b \| c" in text
    # every task-list line still starts a list item: nothing broke out of its line
    for line in text.splitlines():
        if "[ ]" in line or "[x]" in line:
            assert line.startswith(("- [ ] ", "- [x] ")), line


def test_hostile_plan_text_is_escaped_in_html() -> None:
    page = render.html(hostile_checklist()).decode("utf-8")
    assert "<script" not in page and "<img" not in page
    assert page.count("</td>") == page.count("<td>")  # only our own cells
    assert "&lt;script&gt;" in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:" not in page.replace("[click](javascript:alert(1))", "")
    assert "href=" not in page and "src=" not in page.replace("img src=x", "")


def test_hostile_plan_text_cannot_run_as_a_formula_in_csv() -> None:
    rows = parse_csv(render.csv(hostile_checklist()))
    owners = {row["owner"] for row in rows if row["section"] == "prevention"}
    assert "'" + HOSTILE["formula"] in owners
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert any(row["item"].startswith("'-2+3: ") for row in rows)


def parse_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_has_one_row_per_item_and_parses_back() -> None:
    checklist = checklist_for(DRAFT)
    data = render.csv(checklist)
    assert data.startswith(b"\xef\xbb\xbf")
    body = data[3:]
    assert body.count(b"\r\n") == body.count(b"\n")  # CRLF line endings only
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader)
    assert header[:7] == ["section", "section_title", "item", "owner", "due", "pointer", "line"]
    assert header[7:] == ["todo", "status"]
    rows = parse_csv(data)
    items = checklist.items()
    assert len(rows) == len(items)
    for row, item in zip(rows, items, strict=True):
        assert row["item"] == item.text and row["pointer"] == item.pointer
        assert (row["status"] == "done") == item.done
        assert row["line"] == str(item.line)
    eng1 = next(row for row in rows if row["item"].startswith("ENG1"))
    assert (eng1["owner"], eng1["due"], eng1["status"]) == (
        "Trust communications leads",
        "2016-06-17",
        "overdue action",
    )


def test_json_is_the_model() -> None:
    checklist = checklist_for(DRAFT)
    data = json.loads(render.json_document(checklist))
    assert list(data) == [
        "path",
        "footprint",
        "as_of",
        "guidance",
        "submission",
        "summary",
        "ready_to_submit",
        "include_warnings",
        "findings",
        "sections",
        "plan_items",
    ]
    assert data["as_of"] == "2016-06-30"
    assert [s["key"] for s in data["sections"]] == [s.key for s in checklist.sections]
    assert data["summary"] == checklist.summary()
    first = data["sections"][0]["items"][0]
    assert list(first) == [
        "section",
        "text",
        "done",
        "todo",
        "owner",
        "due",
        "pointer",
        "line",
        "overdue_days",
        "kind",
        "status",
        "notes",
        "rule",
    ]
    [roadmap] = [i for i in data["plan_items"] if i["section"] == "digital_roadmap"]
    assert list(roadmap["notes"][0]) == ["todo", "pointer", "line", "waived"]


def test_html_is_a_printable_self_contained_page() -> None:
    page = render.html(checklist_for(DRAFT)).decode("utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "@media print" in page and "size: A4" in page
    assert "<script" not in page and "<link" not in page and "http" not in page
    assert page.count("&#9744;") > 0 and page.count("&#9745;") > 0


def test_markdown_uses_task_list_boxes() -> None:
    text = render.markdown(checklist_for(DRAFT)).decode("utf-8")
    assert "- [x] An owner is named" in text
    assert "- [ ] A measure with a baseline and a target: add a measure" in text
    assert "(at /questions/general\\_practice/measures, line 152)" in text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SEED_FILES), st.data())
def test_half_valid_plans_still_give_a_checklist_in_every_format(
    seed: Path, data: st.DataObject
) -> None:
    def pick(n: int) -> int:
        return data.draw(st.integers(0, n - 1)) if n > 1 else 0

    raw = mutate_data(load_seed(seed), pick, steps=data.draw(st.integers(1, 6)))
    chosen = Settings(as_of=AS_OF)
    analysis = analyse_bytes(raw, "plan.yaml", chosen)
    if analysis.data is None:
        return
    checklist = build(analysis, chosen)
    for name, renderer in render.RENDERERS.items():
        if name not in ("docx", "xlsx"):  # tests/test_checklist_office.py, fewer: slower
            assert renderer(checklist, None)


# --- golden files and the command --------------------------------------------------------

GOLDEN_CASES = [
    ("draft.md", DRAFT, "markdown"),
    ("draft.csv", DRAFT, "csv"),
    ("draft.json", DRAFT, "json"),
    ("draft.html", DRAFT, "html"),
    ("complete.md", COMPLETE, "markdown"),
    # issue 13: every error an item to fix; with --include-warnings, warnings too
    ("errors.md", "tests/cases/invalid/yaml-surprises.yaml", "markdown"),
    ("errors.csv", "tests/cases/invalid/yaml-surprises.yaml", "csv"),
    ("draft-include-warnings.md", f"{DRAFT} --include-warnings", "markdown"),
]


def run(args: list[str], monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["checklist", *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes


@pytest.mark.parametrize(("name", "plan", "fmt"), GOLDEN_CASES)
def test_golden(name: str, plan: str, fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    actual = run([*plan.split(), "--format", fmt, "--as-of", "2016-06-30"], monkeypatch)
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(actual)
    assert path.is_file(), f"no golden file {name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes()


@pytest.mark.parametrize("fmt", [f for f in render.RENDERERS if f not in ("docx", "xlsx")])
def test_byte_identical_across_runs(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    args = [DRAFT, "--format", fmt, "--as-of", "2016-06-30"]
    assert run(args, monkeypatch) == run(args, monkeypatch)


def test_format_choices_match_the_renderers() -> None:
    from stpctl.cli.command_checklist import Format

    assert [f.value for f in Format] == list(render.RENDERERS)


def test_output_file_is_written_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "checklist.csv"
    printed = run([DRAFT, "-f", "csv", "--as-of", "2016-06-30", "-o", str(target)], monkeypatch)
    assert printed == b""
    assert target.read_bytes() == (GOLDEN / "draft.csv").read_bytes()


def test_output_over_the_plan_is_refused(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((ROOT / DRAFT).read_bytes())
    result = runner.invoke(app, ["checklist", str(plan), "-o", str(plan)])
    assert result.exit_code == 2
    assert plan.read_bytes() == (ROOT / DRAFT).read_bytes()


def test_a_file_that_is_not_a_plan_exits_1_with_the_reason_on_stderr(tmp_path: Path) -> None:
    plan = tmp_path / "list.yaml"
    plan.write_text("- just\n- a list\n", encoding="utf-8")
    result = runner.invoke(app, ["checklist", str(plan), "--as-of", "2016-06-30"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "STP003" in result.stderr and "list.yaml:1:1" in result.stderr
    assert "no checklist" in result.stderr


def test_usage_problems_exit_2(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["checklist", str(tmp_path / "nope.yaml")])
    assert missing.exit_code == 2 and "no such file" in missing.stderr
    bad_date = runner.invoke(app, ["checklist", str(ROOT / DRAFT), "--as-of", "30/06/2016"])
    assert bad_date.exit_code == 2
    bad_format = runner.invoke(app, ["checklist", str(ROOT / DRAFT), "--format", "pdf"])
    assert bad_format.exit_code == 2


def test_code_spans_split_at_matched_backticks_only() -> None:
    assert render.code_spans("name it in `owner` now") == [
        ("name it in ", False),
        ("owner", True),
        (" now", False),
    ]
    assert render.code_spans("an odd ` backtick") == [("an odd ` backtick", False)]


def test_checklist_reads_stdin_as_report_does(monkeypatch: pytest.MonkeyPatch) -> None:
    # Issue 14: `checklist -` reads the plan from standard input.
    monkeypatch.chdir(ROOT)
    from_file = runner.invoke(app, ["checklist", DRAFT, "-f", "json", "--as-of", "2016-06-30"])
    piped = runner.invoke(
        app,
        ["checklist", "-", "-f", "json", "--as-of", "2016-06-30"],
        input=(ROOT / DRAFT).read_bytes(),
    )
    assert piped.exit_code == 0, piped.stderr
    expected = json.loads(from_file.stdout)
    got = json.loads(piped.stdout)
    assert got["path"] == "<stdin>"
    assert {**got, "path": DRAFT} == expected


def test_checklist_of_stdin_that_is_not_a_plan_exits_1() -> None:
    result = runner.invoke(app, ["checklist", "-"], input=b"- a list\n")
    assert result.exit_code == 1
    assert "<stdin>:1:1" in result.stderr and "STP003" in result.stderr
