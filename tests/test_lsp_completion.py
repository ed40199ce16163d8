"""Completion for what the schema alone cannot know, end to end: the ODS
codes of the footprint's organisations, question keys in a priority's
``questions``, delivery-area ids, and the plan's financial years — also
while the line being typed does not parse yet."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

pytest.importorskip("pygls")

from lsp_session import run, session

from stpctl.reference.guidance import QUESTION_KEYS

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
# The codes of the footprint's organisations (footprint.organisations[*].code).
CODES = {
    organisation["code"]
    for organisation in yaml.safe_load(DRAFT.read_text())["footprint"]["organisations"]
}
YEARS = ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(DRAFT, tmp_path / "plan.yaml")
    return tmp_path / "plan.yaml"


def row_of(plan: Path, text: str) -> tuple[int, str]:
    for row, line in enumerate(plan.read_text().splitlines()):
        if text in line:
            return row, line
    raise AssertionError(text)


def complete_after(plan: Path, text: str, after: str) -> list[str]:
    """Labels offered with the cursor just after ``after`` on the line holding ``text``."""
    row, line = row_of(plan, text)

    async def scenario() -> list[str]:
        async with session(plan.parent) as lsp:
            uri = lsp.open(plan)
            await lsp.diagnostics(uri)
            return await lsp.completion(uri, row, line.index(after) + len(after))

    return run(scenario())


def complete_typed(plan: Path, below: str, typed: str) -> list[str]:
    """Labels offered at the end of a new line ``typed`` inserted below the
    line holding ``below`` (the text does not parse while it is typed)."""
    row, _ = row_of(plan, below)

    async def scenario() -> list[str]:
        async with session(plan.parent) as lsp:
            uri = lsp.open(plan)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            lsp.change(uri, (row + 1, 0), (row + 1, 0), typed + "\n")
            await lsp.diagnostics(uri, after=seen)
            return await lsp.completion(uri, row + 1, len(typed))

    return run(scenario())


def test_codes_in_the_digital_roadmaps_organisations(plan: Path) -> None:
    assert set(complete_after(plan, "organisations: [05F", "[")) == CODES


def test_codes_for_a_control_total_typed_on_a_new_line(plan: Path) -> None:
    labels = complete_typed(plan, "control_totals:", "    - {organisation: ")
    assert set(labels) == CODES


def test_question_keys_in_a_priority(plan: Path) -> None:
    labels = complete_after(plan, "id: P3,", "questions: [")
    assert labels == list(QUESTION_KEYS)


def test_delivery_area_ids_in_a_priority(plan: Path) -> None:
    labels = complete_after(plan, "id: P3,", "delivery_area: ")
    assert labels == ["DA1", "DA2", "DA3", "DA4", "DA5"]


def test_financial_years_as_keys_of_a_year_mapping(plan: Path) -> None:
    assert complete_after(plan, "do_nothing_gap: {", "{") == YEARS


def test_financial_years_in_a_block_mapping_typed_below_savings(plan: Path) -> None:
    row, line = row_of(plan, "savings: {2016/17: 28.0")
    indent = len(line) - len(line.lstrip())
    text = plan.read_text().splitlines()
    text[row] = " " * indent + "savings:"
    plan.write_text("\n".join(text) + "\n")
    assert complete_typed(plan, "      savings:", " " * (indent + 2)) == YEARS


def test_nothing_where_no_list_of_the_plan_applies(plan: Path) -> None:
    assert complete_after(plan, "lead: {name: Catherine", "organisation: ") == []


def test_financial_years_for_a_control_totals_year(plan: Path) -> None:
    labels = complete_after(plan, "{organisation: 05F, year: 2016/17", "year: ")
    assert labels == YEARS
