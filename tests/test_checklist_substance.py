"""The checklist's items from a version 2 guidance pack (issue 12): the pack's
checks ticked from the plan ("Every universal capability has a date" under
`technology`, the must-do measures), the topics to consider, and milestones
listed first.  A version 1 pack has none of them."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from stpctl.check.checker import Settings, analyse_bytes
from stpctl.documents.checklist import Checklist, build
from stpctl.documents.checklist_items import Item
from stpctl.reference.capabilities import capabilities
from stpctl.reference.guidance import GuidancePack, default_pack, load_pack

PACKS = Path(__file__).resolve().parent / "packs"
KEYS = list(capabilities())
PLAN = """\
stp_plan: 1
footprint:
  name: Herefordshire and Worcestershire
  code: E54000019
  organisations: [{{name: NHS Herefordshire CCG, type: ccg, code: 05T}}]
  digital_roadmap:
    organisations: [05T]
    capabilities:
{capabilities}
period: {{start: 2016-04-01, end: 2021-03-31}}
submission: {{deadline: 2016-06-30, status: draft}}
questions:
  core_standards:
    status: draft
    answer: We will recover the four-hour standard.
    measures:
      - {{name: A&E, target: 95, by: 2017/18, standard: ae_4_hour}}
    actions:
      - {{id: CS1, title: Front-door streaming, owner: COO, due: 2016-12-31}}
      - {{id: CS2, title: Winter plan agreed, owner: COO, due: 2016-09-30, milestone: true}}
"""


def checklist(capability_lines: list[str], pack: GuidancePack | None = None) -> Checklist:
    text = PLAN.format(capabilities="\n".join(capability_lines) or "      []")
    settings = Settings(as_of=date(2016, 6, 30), guidance=pack or default_pack())
    analysis = analyse_bytes(textwrap.dedent(text).encode(), "plan.yaml", settings)
    return build(analysis, settings)


def items(made: Checklist, key: str) -> dict[str, Item]:
    found = next(s for s in made.sections if s.key == key)
    return {item.text: item for item in found.items}


def dated(*, skip: str = "") -> list[str]:
    return [
        f"      - {{capability: {key}, due: 2017-12-31}}"
        if key != skip
        else f"      - {{capability: {key}}}"
        for key in KEYS
    ]


def test_the_technology_section_asks_for_a_date_for_every_capability() -> None:
    item = items(checklist(dated()), "technology")["Every universal capability has a date"]
    assert item.done
    undated = items(checklist(dated(skip="e_referrals")), "technology")
    item = undated["Every universal capability has a date"]
    assert not item.done
    assert item.pointer == "/footprint/digital_roadmap/capabilities"
    assert "e_referrals" in item.todo


def test_the_must_do_measures_are_an_item_under_their_question() -> None:
    made = items(checklist(dated()), "core_standards")
    [item] = [i for t, i in made.items() if t.startswith("A measure for each must-do standard")]
    assert not item.done
    assert "rtt_18_weeks" in item.todo and "ae_4_hour" not in item.todo
    assert item.pointer == "/questions/core_standards/measures"


def test_a_version_1_pack_adds_no_items() -> None:
    v1 = load_pack(PACKS / "national-2016-v1.yaml")
    technology = items(checklist(dated(), v1), "technology")
    assert "Every universal capability has a date" not in technology


def test_topics_the_answer_does_not_mention_are_items_to_consider() -> None:
    made = items(checklist(dated()), "core_standards")
    assert not any(text.startswith("Consider A&E four hours") for text in made)
    [rtt] = [i for t, i in made.items() if t.startswith("Consider referral to treatment")]
    assert rtt.kind == "by_hand"
    assert "the answer mentions none of: referral to treatment, RTT" in rtt.text
    assert rtt.pointer == "/questions/core_standards/answer"


def test_milestones_are_listed_first_and_marked() -> None:
    found = next(s for s in checklist(dated()).sections if s.key == "core_standards")
    assert [item.text for item in found.open_actions] == [
        "CS2: Winter plan agreed (milestone)",
        "CS1: Front-door streaming",
    ]
