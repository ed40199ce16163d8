"""A half-typed plan, end to end: while the text does not parse, the syntax
error is shown where it is, the last good diagnostics before it stay (moved
with the edits), and those after it go."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_session import run, session
from lsprotocol import types

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"


def test_a_syntax_error_keeps_earlier_diagnostics_moved_and_drops_later_ones(
    tmp_path: Path,
) -> None:
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SLIPS, plan)
    lines = plan.read_text().splitlines()
    # Two new lines typed after `delivery_areas:`, the second half-typed: `{` never closed.
    row = next(i for i, line in enumerate(lines) if line.startswith("delivery_areas:")) + 1

    async def scenario() -> tuple[list[types.Diagnostic], list[types.Diagnostic]]:
        async with session(tmp_path) as lsp:
            uri = lsp.open(plan)
            good = await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            lsp.change(uri, (row, 0), (row, 0), "  - {id: DA0, title: New}\n  - {id: DA9, ti\n")
            typing = await lsp.diagnostics(uri, after=seen)
            return good, typing

    good, typing = run(scenario())
    syntax = [d for d in typing if d.code == "STP002"]
    assert len(syntax) == 1
    stop = syntax[0].range.start.line
    assert row <= stop <= row + 4  # at the half-typed entry, not at the end of the file
    before = sorted(
        (
            (d.range.start.line, d.range.start.character, d.code, d.message)
            for d in good
            if d.range.start.line < row
        ),
    )
    kept = sorted(
        (d.range.start.line, d.range.start.character, d.code, d.message)
        for d in typing
        if d.code != "STP002"
    )
    assert before and kept == before  # the earlier ones stay, where they were
    assert not [d for d in typing if d.range.start.line > stop]  # later ones go


def test_diagnostics_below_an_edit_move_with_it(tmp_path: Path) -> None:
    """Lines added above a finding move it down while the text does not parse
    further below: the kept diagnostic is at its new line."""
    (tmp_path / ".git").mkdir()
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(SLIPS, plan)
    lines = plan.read_text().splitlines()
    population = next(i for i, line in enumerate(lines) if "population: 780,000" in line)
    last = len(lines)

    async def scenario() -> list[types.Diagnostic]:
        async with session(tmp_path) as lsp:
            uri = lsp.open(plan)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            lsp.change(uri, (1, 0), (1, 0), "# one\n# two\n")  # two comment lines at the top
            lsp.change(uri, (last + 2, 0), (last + 2, 0), "x-broken: [\n")  # and a syntax error
            return await lsp.diagnostics(
                uri, after=seen, until=lambda ds: any(d.code == "STP002" for d in ds)
            )

    typing = run(scenario())
    assert [d.code for d in typing if d.range.start.line == population + 2] == ["STP012"]
