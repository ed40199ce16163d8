"""``stpctl diff``: the model (``stpctl.documents.plan_diff``), its three renderers and the command.

The main case is the one the examples were written for: the May draft of
Herefordshire and Worcestershire against the June submission.  Golden files
under ``tests/golden/diff/`` hold the three formats; regenerate them on
purpose with ``STPCTL_UPDATE_GOLDEN=1`` and review the diff.
"""

from __future__ import annotations

import io
import json
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_mutations import load_seed, mutate_data
from rich.console import Console
from typer.testing import CliRunner

from stpctl.check.checker import PlanAnalysis, Settings, analyse_bytes, analyse_path
from stpctl.cli import app
from stpctl.documents.diff_findings import match_key
from stpctl.documents.plan_diff import NotLoaded, PlanDiff, diff_plans
from stpctl.render import diff_json, diff_markdown, diff_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
COMPLETE = "examples/herefordshire-and-worcestershire.yaml"
AS_OF = date(2016, 6, 30)
SETTINGS = Settings(as_of=AS_OF)

runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


def analyse(relative: str) -> PlanAnalysis:
    return analyse_path(str(ROOT / relative), SETTINGS)


def analyse_text(text: str, name: str = "plan.yaml") -> PlanAnalysis:
    return analyse_bytes(text.encode("utf-8"), name, SETTINGS)


def diff_of(old: PlanAnalysis, new: PlanAnalysis) -> PlanDiff:
    return diff_plans(old, new, SETTINGS.guidance, AS_OF)


@pytest.fixture(scope="module")
def draft_to_complete() -> PlanDiff:
    return diff_of(analyse(DRAFT), analyse(COMPLETE))


def as_text(found: PlanDiff) -> str:
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(diff_text.render(found), soft_wrap=True)
    return out.getvalue()


def complete_text() -> str:
    return (ROOT / COMPLETE).read_text(encoding="utf-8")


def draft_text() -> str:
    return (ROOT / DRAFT).read_text(encoding="utf-8")


# --- draft → complete ----------------------------------------------------------------------


def test_question_status_changes_in_pack_order(draft_to_complete: PlanDiff) -> None:
    changes = [(q.key, q.old, q.new) for q in draft_to_complete.questions]
    assert changes == [
        ("general_practice", "partial", "answered"),
        ("clinical_priorities", "partial", "answered"),
        ("quality_and_safety", "unanswered", "answered"),
        ("technology", "unanswered", "answered"),
        ("workforce", "unanswered", "answered"),
    ]


def test_submission_status_and_version(draft_to_complete: PlanDiff) -> None:
    history = [c for c in draft_to_complete.details if c.field == "submission.history"]
    assert [(c.old, c.new) for c in history] == [
        (None, "2016-05-18 version 0.4 draft: Circulated to the programme board"),
        (None, "2016-06-30 version 1.0 submitted: June submission"),
    ]
    details = {c.field: (c.old, c.new) for c in draft_to_complete.details if c not in history}
    assert details == {
        "submission.status": ("draft", "submitted"),
        "submission.version": ("0.4", "1.0"),
        "submission.submitted_on": (None, "2016-06-30"),
    }


def test_actions_added_and_closed(draft_to_complete: PlanDiff) -> None:
    found = draft_to_complete.actions
    assert [a.id for a in found.added] == [
        "PRV3", "ENG3", "GP2", "GP3", "NCM3", "CS3", "CP2", "CP3",
        "QS1", "QS2", "TEC1", "TEC2", "TEC3", "WF1", "WF2", "WF3", "FIN2",
    ]  # fmt: skip
    assert [(c.new.id, c.old.status, c.new.status) for c in found.closed] == [
        ("ENG1", "open", "done")
    ]
    assert found.removed == [] and found.slipped == [] and found.reopened == []


def test_finance_per_year_with_residuals(draft_to_complete: PlanDiff) -> None:
    money = draft_to_complete.finance
    rows = [
        (y.year, y.gap.old, y.gap.new, y.savings.old, y.savings.new, y.residual.old, y.residual.new)
        for y in money.years
    ]
    # Savings leave the Fund out: it is income, in its own row (issue 12).
    assert rows == [
        ("2016/17", 62.0, 62.0, 44.0, 50.5, 6.0, -0.5),
        ("2017/18", 110.0, 110.0, 79.5, 93.0, 10.5, -3.0),
        ("2018/19", 158.0, 158.0, 115.0, 139.0, 17.0, -7.0),
        ("2019/20", 205.0, 205.0, 149.5, 181.0, 25.5, -6.0),
        ("2020/21", 250.0, 250.0, 180.5, 218.0, 35.5, -2.0),
    ]
    # The draft gives the Fund as an intervention, the submission in
    # `finance.transformation_fund`: the same Fund income either way.
    assert [(y.fund.old, y.fund.new, y.fund.changed) for y in money.years] == [
        (12.0, 12.0, False),
        (20.0, 20.0, False),
        (26.0, 26.0, False),
        (30.0, 30.0, False),
        (34.0, 34.0, False),
    ]
    assert money.has_fund
    final = money.final
    assert final is not None and final.year == "2020/21"
    assert final.residual.change == -37.5
    assert money.balance == "reached"
    document = json.loads(diff_json.render(draft_to_complete))
    assert document["finance"]["final_year"] == {
        "year": "2020/21",
        "residual": {"old": 35.5, "new": -2.0, "change": -37.5},
        "balance": "reached",
    }
    assert "final year 2020/21: residual 35.5 → -2.0 (-37.5)" in as_text(draft_to_complete)
    assert document["finance"]["years"][0]["fund_income"] == {
        "old": 12.0,
        "new": 12.0,
        "change": 0.0,
    }
    assert "Fund income" in as_text(draft_to_complete)


def test_intervention_savings_by_name(draft_to_complete: PlanDiff) -> None:
    by_name = {item.name: item for item in draft_to_complete.finance.interventions}
    estates = by_name["Estates rationalisation"]
    assert estates.change == "added"
    assert [(year, f.old, f.new) for year, f in estates.years][-1] == ("2020/21", None, 12.0)
    back_office = by_name["Back-office sharing and other schemes"]
    assert [(year, f.change) for year, f in back_office.years] == [
        ("2019/20", -0.5),
        ("2020/21", -0.5),
    ]
    # The Fund moved out of the interventions into `finance.transformation_fund` (issue 12).
    assert by_name["Sustainability and Transformation Fund"].change == "removed"


def test_findings_resolved_and_new_by_rule_and_pointer(draft_to_complete: PlanDiff) -> None:
    found = draft_to_complete.findings
    assert found.new == []
    resolved = {(f.rule, f.pointer) for f in found.resolved}
    assert ("STP302", "/questions/engagement/actions/0/due") in resolved
    assert ("STP101", "/questions/technology") in resolved
    assert ("STP403", "/finance/do_nothing_gap/2020~121") in resolved
    assert ("STP504", "/service_changes/1") in resolved
    # The submission closes every year and its control totals agree (issue 12).
    assert ("STP404", "/finance/do_nothing_gap/2016~117") in resolved
    assert ("STP409", "/finance/interventions/2/savings/2016~117") in resolved
    assert len(found.resolved) == 26
    assert found.still_present == 0
    # Resolved findings carry their line in OLD.
    eng1 = next(f for f in found.resolved if f.rule == "STP302")
    assert draft_text().splitlines()[eng1.line - 1].lstrip().startswith("- {id: ENG1")


def test_organisations_sign_offs_and_roadmap(draft_to_complete: PlanDiff) -> None:
    orgs = draft_to_complete.organisations
    assert orgs.added == [] and orgs.removed == []
    signed = {s.code: (s.old, s.new) for s in orgs.signed_off}
    assert signed["05F"] == ("2016-04-12", "2016-06-21")
    assert signed["RWP"] == (None, "2016-06-29")
    assert len(signed) == 11
    assert (orgs.roadmap_added, orgs.roadmap_removed) == (["RYA"], ["7A7"])


# --- matching ------------------------------------------------------------------------------


def test_line_shifts_alone_change_no_findings() -> None:
    text = draft_text()
    shifted = "# moved down by a comment\n\n\n# and blank lines\n\n" + text.replace(
        "\nquestions:\n", "\n# a comment in the middle\n\nquestions:\n", 1
    )
    old, new = analyse_text(text, "old.yaml"), analyse_text(shifted, "new.yaml")
    assert [f.line for f in old.result.findings] != [f.line for f in new.result.findings]
    found = diff_of(old, new)
    assert found.findings.new == [] and found.findings.resolved == []
    assert found.findings.still_present == len(old.result.findings) == 26
    assert not found.changed


def test_inserting_an_action_does_not_renumber_findings() -> None:
    text = draft_text()
    marker = "      - {id: ENG1,"
    extra = (
        "      - {id: ENG0, title: Brief the Healthwatch boards, owner: Bethan Carwood,"
        " due: 2016-05-01, status: done}\n"
    )
    assert text.count(marker) == 1
    found = diff_of(analyse_text(text), analyse_text(text.replace(marker, extra + marker)))
    # ENG1's overdue finding moved from actions/0 to actions/1: the same finding.
    assert found.findings.new == [] and found.findings.resolved == []
    assert [a.id for a in found.actions.added] == ["ENG0"]


def test_match_key_reads_list_positions_as_identities() -> None:
    data = {"questions": {"q": {"actions": [{"id": "A1"}, {"title": "no id"}]}}}
    assert match_key("/questions/q/actions/0/due", data) == "/questions/q/actions/[id=A1]/due"
    assert match_key("/questions/q/actions/1/due", data) == "/questions/q/actions/1/due"
    assert match_key("/questions/q/actions/7", data) == "/questions/q/actions/7"
    assert match_key("", data) == ""


SMALL = """\
stp_plan: 1
questions:
  prevention:
    status: draft
    answer: Work in progress on prevention.
    actions:
      - {title: Agree the framework, owner: DPH, due: 2016-09-30}
      - {title: Commission falls service, owner: DPH, due: 2017-04-01, status: open}
      - {id: P3, title: Diabetes programme, owner: CCG, due: 2017-10-31}
"""


def test_actions_without_id_match_by_question_and_title() -> None:
    edited = (
        SMALL.replace("due: 2016-09-30}", "due: 2016-09-30, status: done}")
        .replace("Commission falls service", "Commission a falls service")
        .replace("due: 2017-10-31", "due: 2017-12-31")
    )
    found = diff_of(analyse_text(SMALL), analyse_text(edited)).actions
    assert [c.new.title for c in found.closed] == ["Agree the framework"]
    assert [a.title for a in found.removed] == ["Commission falls service"]
    assert [a.title for a in found.added] == ["Commission a falls service"]
    assert [(c.new.id, c.days_moved) for c in found.slipped] == [("P3", 61)]


def test_slipped_and_brought_forward_say_by_how_many_days() -> None:
    text = complete_text()
    later = "owner: WAHT director of finance, due: 2016-12-15"
    earlier = "owner: Acute trust CIOs, due: 2018-06-30"
    edited = text.replace("owner: WAHT director of finance, due: 2016-10-31", later).replace(
        "owner: Acute trust CIOs, due: 2018-09-30", earlier
    )
    assert later in edited and earlier in edited
    found = diff_of(analyse_text(text), analyse_text(edited))
    assert [(c.new.id, c.days_moved) for c in found.actions.slipped] == [("FIN2", 45)]
    assert [(c.new.id, c.days_moved) for c in found.actions.brought_forward] == [("TEC2", -92)]
    shown = as_text(found)
    assert "due 2016-10-31 → 2016-12-15 (45 days later)" in shown
    assert "due 2018-09-30 → 2018-06-30 (92 days earlier)" in shown
    markdown = diff_markdown.render(found)
    assert "| 45 days later |" in markdown


def test_reopened_and_removed_actions() -> None:
    text = complete_text()
    edited = text.replace("due: 2016-06-17, status: done}", "due: 2016-06-17, status: open}")
    lines = [line for line in edited.splitlines(keepends=True) if "{id: WF3," not in line]
    found = diff_of(analyse_text(text), analyse_text("".join(lines))).actions
    assert [c.new.id for c in found.reopened] == ["ENG1"]
    assert [a.id for a in found.removed] == ["WF3"]


# --- empty, determinism, load failures -----------------------------------------------------


def test_identical_plans_give_an_empty_diff() -> None:
    found = diff_of(analyse(COMPLETE), analyse(COMPLETE))
    assert not found.changed
    assert found.questions == [] and found.details == [] and found.answers_rewritten == []
    assert not found.actions and not found.finance and not found.organisations
    assert found.findings.new == [] and found.findings.resolved == []
    assert "No changes between the two versions." in as_text(found)
    assert "No changes between the two versions." in diff_markdown.render(found)
    document = json.loads(diff_json.render(found))
    assert document["changed"] is False
    assert document["actions"]["added"] == [] and document["findings"]["new"] == []


def test_outputs_are_byte_identical_across_runs() -> None:
    first, second = (diff_of(analyse(DRAFT), analyse(COMPLETE)) for _ in range(2))
    assert diff_json.render(first) == diff_json.render(second)
    assert diff_markdown.render(first) == diff_markdown.render(second)
    assert as_text(first) == as_text(second)


def test_a_plan_that_does_not_load_is_reported() -> None:
    broken = analyse_text("stp_plan: 1\nquestions: [\n", "broken.yaml")
    with pytest.raises(NotLoaded) as caught:
        diff_of(broken, analyse(COMPLETE))
    assert caught.value.path == "broken.yaml"
    assert caught.value.finding.rule == "STP002"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_half_valid_plans_never_crash_the_diff(data: st.DataObject) -> None:
    seed = load_seed(ROOT / COMPLETE)
    steps = data.draw(st.integers(1, 6), label="steps")
    raw = mutate_data(seed, lambda n: data.draw(st.integers(0, n - 1)), steps)
    mutated = analyse_bytes(raw, "mutated.yaml", SETTINGS)
    if mutated.data is None:
        return
    for found in (diff_of(analyse(COMPLETE), mutated), diff_of(mutated, analyse(COMPLETE))):
        json.loads(diff_json.render(found))
        assert diff_markdown.render(found).startswith("# Plan changes")
        assert as_text(found)


# --- hostile plan text ---------------------------------------------------------------------

# As YAML writes it: a double-quoted string, with \e for the escape character.
HOSTILE_TITLE = (
    r'"<script>alert(1)</script> a|b [x](javascript:alert(1)) \"><img onerror=x>'
    r' [bold red]boom[/] \e[31m line\nbreak"'
)


def hostile_pair() -> PlanDiff:
    text = complete_text()
    plain = "title: Capital business case for Worcestershire Royal expansion"
    assert text.count(plain) == 1
    hostile = text.replace(plain, f"title: {HOSTILE_TITLE}").replace(
        "- name: Estates rationalisation", "- name: '<b>Estates</b> | =HYPERLINK(1)'"
    )
    # Against the draft, which has neither, so both show up as added.
    return diff_of(analyse_text(draft_text()), analyse_text(hostile))


def test_hostile_plan_text_is_escaped_in_markdown() -> None:
    found = hostile_pair()
    assert any("<script>" in a.title for a in found.actions.added)
    assert any(i.name.startswith("<b>") for i in found.finance.interventions)
    markdown = diff_markdown.render(found)
    assert "<script" not in markdown and "<img" not in markdown and "<b>" not in markdown
    assert "&lt;script>" in markdown and "<script" not in markdown
    assert "](javascript" not in markdown and r"\]\(javascript" in markdown
    assert r"a\|b" in markdown
    assert "line break" in markdown
    # Every table row keeps its column count: no cell was split by a plan's "|".
    for line in markdown.splitlines():
        if line.startswith("| FIN2 "):
            assert line.replace("\\|", "").count("|") == 6


def test_hostile_plan_text_is_inert_on_a_terminal() -> None:
    out = io.StringIO()
    Console(file=out, width=100, force_terminal=True, color_system="standard").print(
        diff_text.render(hostile_pair()), soft_wrap=True
    )
    shown = out.getvalue()
    assert "[bold red]boom[/]" in shown  # printed as written, not taken as markup
    assert "\\x1b[31m" in shown  # the plan's escape character is shown as an escape
    assert "line break" in shown  # a line break in a title does not break the layout


# --- golden files and the command ----------------------------------------------------------


def cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, ["diff", *args], input=stdin)
    return result.exit_code, result.stdout, result.stderr


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "suffix"), [("text", "txt"), ("markdown", "md"), ("json", "json")])
def test_golden_draft_to_complete(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, err = cli(DRAFT, COMPLETE, "--as-of", "2016-06-30", "--format", fmt)
    assert (code, err) == (0, "")
    assert "\x1b[" not in out
    compare(f"draft-to-complete.{suffix}", out)


def test_golden_text_matches_a_console_at_width_100(
    draft_to_complete: PlanDiff, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    found = diff_of(analyse_path(DRAFT, SETTINGS), analyse_path(COMPLETE, SETTINGS))
    assert as_text(found) == (GOLDEN / "draft-to-complete.txt").read_text(encoding="utf-8")


def test_cli_exit_code_option(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert cli(DRAFT, COMPLETE)[0] == 0
    assert cli(DRAFT, COMPLETE, "--exit-code")[0] == 1
    code, out, _ = cli(COMPLETE, COMPLETE, "--exit-code", "--format", "json")
    assert code == 0 and json.loads(out)["changed"] is False


def test_cli_reads_one_plan_from_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = cli(
        "-", COMPLETE, "--format", "json", "--as-of", "2016-06-30", stdin=draft_text()
    )
    document = json.loads(out)
    assert code == 0 and document["old"] == "<stdin>"
    assert document["questions"][0] == {
        "key": "general_practice",
        "old": "partial",
        "new": "answered",
    }


def test_cli_plan_that_does_not_load_exits_1(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("stp_plan: 1\nquestions: [\n", encoding="utf-8")
    code, out, err = cli(str(broken), str(ROOT / COMPLETE))
    assert code == 1 and out == ""
    assert "cannot compare" in err and "broken.yaml:" in err and "STP002" in err


def test_cli_usage_problems_exit_2(tmp_path: Path) -> None:
    assert cli(str(tmp_path / "missing.yaml"), str(ROOT / COMPLETE))[0] == 2
    assert cli("-", "-")[0] == 2
    assert cli(str(tmp_path), str(ROOT / COMPLETE))[0] == 2
    code, _, err = cli(str(ROOT / DRAFT), str(ROOT / COMPLETE), "--output", str(ROOT / COMPLETE))
    assert code == 2 and "input" in err


def test_cli_writes_output_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "diff.md"
    code, out, _ = cli(
        DRAFT, COMPLETE, "--as-of", "2016-06-30", "-f", "markdown", "-o", str(target)
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == (GOLDEN / "draft-to-complete.md").read_text(
        encoding="utf-8"
    )


# --- finance with a missing figure -----------------------------------------------------------


def test_a_final_year_missing_its_gap_is_unknown_not_balanced() -> None:
    text = complete_text()
    assert ", 2020/21: 250.0}" in text
    new = analyse_text(text.replace(", 2020/21: 250.0}", "}"), "new.yaml")
    found = diff_of(analyse(COMPLETE), new)
    final = found.finance.final
    assert final is not None and final.year == "2020/21"
    assert (final.gap.old, final.gap.new) == (250.0, None)
    assert (final.residual.old, final.residual.new) == (-2.0, None)
    assert final.residual.change is None
    assert found.finance.balance == "unknown"
    assert "financial balance cannot be judged" in as_text(found)
    document = json.loads(diff_json.render(found))
    assert document["finance"]["final_year"]["balance"] == "unknown"
    assert document["finance"]["final_year"]["residual"]["new"] is None
    assert "cannot be judged" in diff_markdown.render(found)


def test_diff_years_are_in_date_order() -> None:
    text = complete_text()
    listed = "    - 2019/20\n    - 2020/21\n"
    assert listed in text
    new = analyse_text(text.replace(listed, "    - 2020/21\n    - 2019/20\n"), "new.yaml")
    found = diff_of(analyse(COMPLETE), new)
    assert [y.year for y in found.finance.years][-2:] == ["2019/20", "2020/21"]
    assert not found.finance  # the same figures, only listed in another order
