"""The checklist's finance items (issue 12, section 1): the bridge closes in
every year, the control totals agree with it, and the Fund is income apart
from savings with no balance resting on Fund income at risk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from stpctl.check.checker import Settings, analyse_path
from stpctl.documents.checklist import Checklist, build
from stpctl.documents.checklist_items import Item
from stpctl.render import checklist as render

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
COMPLETE = ROOT / "examples" / "herefordshire-and-worcestershire.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 30))


def checklist_for(path: Path, **more: object) -> Checklist:
    chosen = Settings(as_of=SETTINGS.as_of, **more)  # type: ignore[arg-type]
    return build(analyse_path(str(path), chosen), chosen)


def finance_items(checklist: Checklist) -> list[Item]:
    return [item for item in checklist.plan_items if item.section == "finance"]


def test_four_finance_items_in_a_fixed_order() -> None:
    texts = [item.text for item in finance_items(checklist_for(COMPLETE))]
    assert texts == [
        "The finance bridge closes in 2020/21 (residual -2.0 GBP million)",
        "The finance bridge closes in every year before 2020/21 (2016/17 to 2019/20)",
        "Control totals recorded for each NHS body and year, agreeing with the bridge",
        "Sustainability and Transformation Fund income given apart from savings, and no"
        " year's balance resting on Fund income at risk (32.0 GBP million of 2020/21's"
        " balance depends on the Fund)",
    ]
    assert all(item.done for item in finance_items(checklist_for(COMPLETE)))


def test_the_draft_leaves_each_finance_item_to_do_with_its_problems() -> None:
    final, earlier, totals, fund = finance_items(checklist_for(DRAFT))
    assert not final.done and final.pointer == "/finance/do_nothing_gap/2020~121"
    assert not earlier.done and earlier.todo == "4 problems to fix"
    assert [note.pointer for note in earlier.notes] == [
        "/finance/do_nothing_gap/2016~117",
        "/finance/do_nothing_gap/2017~118",
        "/finance/do_nothing_gap/2018~119",
        "/finance/do_nothing_gap/2019~120",
    ]
    assert earlier.notes[0].todo.startswith("the plan is not in financial balance in its first")
    assert not totals.done and len(totals.notes) == 2  # STP407 and STP406
    assert "no control totals for 2018/19, 2019/20 and 2020/21" in totals.notes[0].todo
    assert "disagree by 6.0 GBP million" in totals.notes[1].todo
    assert not fund.done and len(fund.notes) == 2  # STP408 and STP409
    assert "is read as Fund income, not as a saving" in fund.notes[0].todo
    assert "so 70% of the Fund income 12.0 (8.4) is at risk" in fund.notes[1].todo


def test_a_plan_without_control_totals_is_asked_for_them(tmp_path: Path) -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    start = text.index("  # Control totals agreed")
    end = text.index("  x-residual-2020-21")
    plain = tmp_path / "plain.yaml"
    plain.write_text(text[:start] + text[end:], encoding="utf-8")
    totals = finance_items(checklist_for(plain))[2]
    assert not totals.done
    assert totals.todo == (
        "record each NHS body's control total for every year under `finance.control_totals`"
    )


def test_switching_the_rules_off_ticks_nothing() -> None:
    rules = ("STP402", "STP403", "STP404", "STP405", "STP406", "STP407", "STP408", "STP409")
    quiet = checklist_for(DRAFT, severities=dict.fromkeys(rules))
    assert [item.done for item in finance_items(quiet)] == [False] * 4
    assert finance_items(quiet) == finance_items(checklist_for(DRAFT))


def test_the_items_show_in_markdown() -> None:
    text = render.markdown(checklist_for(DRAFT)).decode("utf-8")
    assert "- [ ] The finance bridge closes in every year before 2020/21 (2016/17 to 2019/20)" in (
        text
    )
    assert "- [ ] Control totals recorded for each NHS body and year" in text
