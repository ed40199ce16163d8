"""Code actions of the language server, end to end: every fix ``stpctl fix``
makes as a quick fix on its diagnostic (unsafe ones marked, never
preferred), and "waive this finding" as an edit to the configuration file
that keeps its comments, loads, and makes the finding go."""

from __future__ import annotations

import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_session import run, session
from lsprotocol import types

from stpctl.check.config import load_config
from stpctl.check.rules import BY_ID

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
EDITING = types.ClientCapabilities(
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(
            document_changes=True,
            resource_operations=[types.ResourceOperationKind.Create],
        )
    )
)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SLIPS, tmp_path / "plan.yaml")
    return tmp_path


def at_line(diagnostics: list[types.Diagnostic], row: int) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.range.start.line == row]


def line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines()) if text in line)


def text_edits(action: types.CodeAction, uri: str) -> list[types.TextEdit]:
    assert action.edit is not None
    if action.edit.changes:
        return list(action.edit.changes[uri])
    found: list[types.TextEdit] = []
    for change in action.edit.document_changes or []:
        if isinstance(change, types.TextDocumentEdit) and change.text_document.uri == uri:
            found += [e for e in change.edits if isinstance(e, types.TextEdit)]
    return found


def apply(text: str, edits: list[types.TextEdit]) -> str:
    """Apply edits (0-based line and character; the plans here are ASCII)."""
    lines = [*text.splitlines(keepends=True), ""]
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def offset(position: types.Position) -> int:
        return offsets[position.line] + position.character

    for edit in sorted(edits, key=lambda e: offset(e.range.start), reverse=True):
        text = text[: offset(edit.range.start)] + edit.new_text + text[offset(edit.range.end) :]
    return text


def quick_fixes(actions: list[types.CodeAction]) -> list[types.CodeAction]:
    return [a for a in actions if not a.title.startswith("Waive")]


def test_a_fix_is_a_quick_fix_and_applying_it_makes_the_finding_go(repo: Path) -> None:
    plan = repo / "plan.yaml"
    row = line_of(plan, "population: 780,000")

    async def scenario() -> tuple[list[types.CodeAction], list[types.Diagnostic]]:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            diagnostics = at_line(await lsp.diagnostics(uri), row)
            actions = quick_fixes(await lsp.code_actions(uri, diagnostics))
            edits = text_edits(actions[0], uri)
            seen = lsp.count(uri)
            for edit in edits:
                start, end = edit.range.start, edit.range.end
                lsp.change(
                    uri, (start.line, start.character), (end.line, end.character), edit.new_text
                )
            return actions, await lsp.diagnostics(uri, after=seen)

    actions, after = run(scenario())
    assert len(actions) == 1
    fix = actions[0]
    assert fix.kind == types.CodeActionKind.QuickFix
    assert "780000" in fix.title and "unsafe" not in fix.title
    assert fix.is_preferred is True
    assert fix.diagnostics and fix.diagnostics[0].code == "STP012"
    assert not at_line(after, row)


def test_an_unsafe_fix_says_so_and_is_not_preferred(repo: Path) -> None:
    plan = repo / "plan.yaml"
    row = line_of(plan, "due: 03/04/2017")

    async def scenario() -> list[types.CodeAction]:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            diagnostics = [
                d for d in at_line(await lsp.diagnostics(uri), row) if d.code == "STP013"
            ]
            return quick_fixes(await lsp.code_actions(uri, diagnostics))

    actions = run(scenario())
    assert len(actions) == 1
    assert actions[0].title.startswith("Unsafe fix: ")
    assert "2017-04-03" in actions[0].title
    assert not actions[0].is_preferred


def waive_scenario(
    repo: Path, config_name: str | None, text: str, match: str
) -> tuple[types.CodeAction, str, list[types.Diagnostic], list[types.Diagnostic], str]:
    """Open the plan, take the waive action on the finding on the line holding
    ``match``, write the edit to the configuration file as an editor would, and
    return the action, the new configuration text, and the diagnostics before
    and after."""
    plan = repo / "plan.yaml"
    row = line_of(plan, match)
    target = repo / (config_name or ".stpctl.toml")
    if config_name is not None:
        target.write_text(text)

    async def scenario() -> tuple[
        types.CodeAction, str, list[types.Diagnostic], list[types.Diagnostic], str
    ]:
        async with session(repo, EDITING) as lsp:
            uri = lsp.open(plan)
            before = await lsp.diagnostics(uri)
            on_line = at_line(before, row)
            actions = await lsp.code_actions(uri, on_line[:1])
            waive = next(a for a in actions if a.title.startswith("Waive"))
            edits = text_edits(waive, target.as_uri())
            new_text = apply(target.read_text() if target.exists() else "", edits)
            target.write_text(new_text)
            seen = lsp.count(uri)
            lsp.client.workspace_did_change_watched_files(
                types.DidChangeWatchedFilesParams(
                    [types.FileEvent(target.as_uri(), types.FileChangeType.Changed)]
                )
            )
            after = await lsp.diagnostics(uri, after=seen)
            return waive, new_text, before, after, str(on_line[0].code)

    return run(scenario())


def test_waive_writes_a_waiver_that_loads_keeps_comments_and_silences(repo: Path) -> None:
    original = '# Our settings: agreed with the region\nfail-on = "error"  # for CI\n'
    action, new_text, before, after, rule = waive_scenario(
        repo, ".stpctl.toml", original, "regoin: Midlands"
    )
    assert new_text.startswith(original)  # every comment and setting kept
    config = load_config(repo / ".stpctl.toml", list(BY_ID))
    (waiver,) = config.waivers
    assert waiver.rule == rule
    assert waiver.expires == date.today() + timedelta(days=90)
    assert waiver.reason and "say why" in waiver.reason
    assert waiver.paths == ("plan.yaml",)
    assert len(after) == len(before) - 1
    assert not action.is_preferred


def test_waive_in_pyproject_goes_under_tool_stpctl(repo: Path) -> None:
    original = '[project]\nname = "plans"  # ours\n\n[tool.stpctl]\n# strict\nfail-on = "warning"\n'
    _action, new_text, before, after, rule = waive_scenario(
        repo, "pyproject.toml", original, "regoin: Midlands"
    )
    assert new_text.startswith(original)
    assert "[[tool.stpctl.waivers]]" in new_text
    config = load_config(repo / "pyproject.toml", list(BY_ID))
    assert [w.rule for w in config.waivers] == [rule]
    assert len(after) == len(before) - 1


def test_waive_creates_a_configuration_file_at_the_repository_root(repo: Path) -> None:
    (repo / "plans").mkdir()
    (repo / "plan.yaml").rename(repo / "plans" / "plan.yaml")
    shutil.copyfile(repo / "plans" / "plan.yaml", repo / "plan.yaml")  # line_of reads this one
    plan = repo / "plans" / "plan.yaml"
    row = line_of(plan, "regoin: Midlands")

    async def scenario() -> types.CodeAction:
        async with session(repo, EDITING) as lsp:
            uri = lsp.open(plan)
            diagnostics = at_line(await lsp.diagnostics(uri), row)
            actions = await lsp.code_actions(uri, diagnostics[:1])
            return next(a for a in actions if a.title.startswith("Waive"))

    action = run(scenario())
    assert action.edit is not None and action.edit.document_changes
    create = action.edit.document_changes[0]
    assert isinstance(create, types.CreateFile)
    assert create.uri == (repo / ".stpctl.toml").as_uri()
    new_text = apply("", text_edits(action, create.uri))
    (repo / ".stpctl.toml").write_text(new_text)
    (waiver,) = load_config(repo / ".stpctl.toml", list(BY_ID)).waivers
    assert waiver.paths == ("plans/plan.yaml",)
