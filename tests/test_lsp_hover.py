"""Hover, end to end: a question key shows the question and what the
guidance pack expects; a diagnostic its rule's page; the footprint code its
register entry; a measure's standard the national threshold for its year."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_session import run, session
from lsprotocol import types

from stpctl.check.rules import BY_ID
from stpctl.reference.guidance import default_pack
from stpctl.reference.register import footprints
from stpctl.reference.standards import threshold_for

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
NWL = ROOT / "examples" / "north-west-london.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SLIPS, tmp_path / "plan.yaml")
    shutil.copyfile(NWL, tmp_path / "nwl.yaml")
    return tmp_path


def where(path: Path, text: str, column_of: str | None = None) -> tuple[int, int]:
    """0-based line and character of ``column_of`` (or ``text``) on the first
    line holding ``text``."""
    for row, line in enumerate(path.read_text().splitlines()):
        if text in line:
            return row, line.index(column_of or text)
    raise AssertionError(text)


def hover_text(path: Path, at: tuple[int, int], repo: Path) -> str:
    async def scenario() -> types.Hover | None:
        async with session(repo) as lsp:
            uri = lsp.open(path)
            await lsp.diagnostics(uri)
            return await lsp.hover(uri, *at)

    found = run(scenario())
    assert found is not None
    assert isinstance(found.contents, types.MarkupContent)
    assert found.contents.kind == types.MarkupKind.Markdown
    return found.contents.value


def test_hover_on_a_question_key_shows_the_question_and_what_is_expected(repo: Path) -> None:
    plan = repo / "nwl.yaml"
    text = hover_text(plan, where(plan, "  prevention:", "prevention"), repo)
    question = default_pack().question("prevention")
    assert question.question in text
    assert question.topics[0].topic in text  # what the pack expects the answer to cover
    assert default_pack().expects[0].item in text


def test_hover_on_a_diagnostic_shows_the_rule_page(repo: Path) -> None:
    plan = repo / "plan.yaml"
    text = hover_text(plan, where(plan, "population: 780,000", "780"), repo)
    rule = BY_ID["STP012"]
    assert f"STP012 {rule.name}" in text
    assert rule.doc.strip().splitlines()[0] in text


def test_hover_on_the_footprint_code_shows_the_register_entry(repo: Path) -> None:
    plan = repo / "nwl.yaml"
    text = hover_text(plan, where(plan, "code: E54000027", "E54"), repo)
    entry = footprints()["E54000027"]
    assert entry.name in text and entry.region in text


def test_hover_on_a_standard_shows_the_threshold_for_the_measures_year(repo: Path) -> None:
    plan = repo / "nwl.yaml"
    text = hover_text(plan, where(plan, "standard: eip_2_weeks", "eip_2_weeks"), repo)
    step = threshold_for("eip_2_weeks", "2020/21")
    assert step is not None
    assert step.standard in text
    assert "2020/21" in text and f"{step.threshold:g}" in text
