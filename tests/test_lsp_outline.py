"""The outline (document symbols), end to end: the ten questions with their
status, the finance years, the actions."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_session import run, session
from lsprotocol import types

from stpctl.check.checker import Settings, analyse_path

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"


def test_the_outline_holds_questions_with_status_finance_years_and_actions(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(DRAFT, plan)
    analysis = analyse_path(str(plan), Settings(as_of=date.today()))
    assert analysis.data is not None and analysis.result.questions is not None
    lines = plan.read_text().splitlines()

    async def scenario() -> list[types.DocumentSymbol]:
        async with session(tmp_path) as lsp:
            uri = lsp.open(plan)
            await lsp.diagnostics(uri)
            return list(await lsp.symbols(uri))

    groups = {symbol.name: symbol for symbol in run(scenario())}
    assert set(groups) == {"Questions", "Finance years", "Actions"}
    questions = groups["Questions"].children or []
    assert {(q.name, q.detail) for q in questions} == set(analysis.result.questions.items())
    assert len(questions) == 10
    first = questions[0]
    assert lines[first.selection_range.start.line].strip().startswith(first.name)
    years = [y.name for y in groups["Finance years"].children or []]
    assert years == analysis.data["finance"]["years"]
    actions = groups["Actions"].children or []
    written = [
        action
        for question in analysis.data["questions"].values()
        for action in question.get("actions") or []
    ]
    assert len(actions) == len(written) > 0
    assert actions[0].name.startswith(str(written[0]["id"]))
