"""The language server's diagnostics, end to end: the real ``stpctl lsp``
over stdio, driven by pygls's client (tests/lsp_session.py)."""

from __future__ import annotations

import asyncio
import re
import shutil
import sys
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("pygls")

from lsp_session import run, session
from lsprotocol import types

from stpctl.check.checker import Settings, analyse_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
SEVERITY = {"error": 1, "warning": 2, "info": 3}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository of one plan: configuration is searched no higher."""
    (tmp_path / ".git").mkdir()
    shutil.copyfile(SLIPS, tmp_path / "plan.yaml")
    return tmp_path


def by_rule(diagnostics: list[types.Diagnostic], rule: str) -> list[types.Diagnostic]:
    return [d for d in diagnostics if d.code == rule]


def line_of(path: Path, text: str) -> int:
    """The 0-based line holding ``text``."""
    return next(i for i, line in enumerate(path.read_text().splitlines()) if text in line)


def test_open_publishes_every_finding_of_validate(repo: Path) -> None:
    plan = repo / "plan.yaml"
    expected = analyse_path(str(plan), Settings(as_of=date.today())).result.findings

    async def scenario() -> list[types.Diagnostic]:
        async with session(repo) as lsp:
            return await lsp.diagnostics(lsp.open(plan))

    got = run(scenario())
    assert len(got) == len(expected) > 5
    for finding, diagnostic in zip(expected, sorted(got, key=_order), strict=True):
        assert diagnostic.code == finding.rule
        assert diagnostic.message == finding.message
        assert diagnostic.severity == SEVERITY[finding.severity.value]
        assert diagnostic.source == "stpctl"
        start = diagnostic.range.start
        assert (start.line + 1, start.character + 1) == (finding.line, finding.column)


def _order(d: types.Diagnostic) -> tuple[int, int, str]:
    return (d.range.start.line, d.range.start.character, str(d.code))


def test_the_range_ends_where_the_node_ends(repo: Path) -> None:
    plan = repo / "plan.yaml"
    row = line_of(plan, "population: 780,000")
    text = plan.read_text().splitlines()[row]

    async def scenario() -> list[types.Diagnostic]:
        async with session(repo) as lsp:
            return await lsp.diagnostics(lsp.open(plan))

    got = [d for d in run(scenario()) if d.range.start.line == row]
    assert got, "the population slip has a finding"
    value = text.index("780,000")
    assert (got[0].range.start.character, got[0].range.end.character) == (value, value + 7)
    assert got[0].range.end.line == row


def test_the_code_links_to_the_rule_page_of_the_documentation_url(repo: Path) -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    page = project["urls"]["Documentation"]
    anchors = {
        heading.lower()
        for heading in re.findall(r"^## (STP\d+)", (ROOT / "docs" / "rules.md").read_text(), re.M)
    }

    async def scenario() -> list[types.Diagnostic]:
        async with session(repo) as lsp:
            return await lsp.diagnostics(lsp.open(repo / "plan.yaml"))

    for diagnostic in run(scenario()):
        assert diagnostic.code_description is not None
        url, _, anchor = diagnostic.code_description.href.partition("#")
        assert url == page
        assert anchor == str(diagnostic.code).lower() and anchor in anchors


def test_a_change_is_checked_again_and_the_finding_goes(repo: Path) -> None:
    plan = repo / "plan.yaml"
    row = line_of(plan, "population: 780,000")
    column = plan.read_text().splitlines()[row].index("780,000")

    async def scenario() -> tuple[list[types.Diagnostic], list[types.Diagnostic]]:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            first = await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            lsp.change(uri, (row, column), (row, column + 7), "780000")
            later = await lsp.diagnostics(uri, after=seen)
            return first, later

    first, later = run(scenario())
    assert [d for d in first if d.range.start.line == row]
    assert not [d for d in later if d.range.start.line == row]
    assert len(later) == len(first) - 1


def test_a_burst_of_changes_is_checked_once(repo: Path) -> None:
    plan = repo / "plan.yaml"
    row = line_of(plan, "population: 780,000")

    async def scenario() -> int:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            for _ in range(5):  # typed faster than the debounce
                lsp.change(uri, (row, 0), (row, 0), "")
                lsp.change(uri, (row - 1, 0), (row - 1, 0), "")
            await lsp.diagnostics(uri, after=seen)
            await asyncio.sleep(0.5)
            return lsp.count(uri) - seen

    assert run(scenario()) == 1


def test_configuration_is_found_from_the_folder_and_read_again(repo: Path) -> None:
    plan = repo / "plan.yaml"
    expected = analyse_path(str(plan), Settings(as_of=date.today())).result.findings
    rule = next(f.rule for f in expected if f.rule.startswith("STP0"))
    (repo / ".stpctl.toml").write_text(f'# ours\n[rules]\n{rule} = "off"\n')

    async def scenario() -> tuple[list[types.Diagnostic], list[types.Diagnostic]]:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            off = await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            (repo / ".stpctl.toml").write_text("# ours\n")
            lsp.client.workspace_did_change_watched_files(
                types.DidChangeWatchedFilesParams(
                    [
                        types.FileEvent(
                            (repo / ".stpctl.toml").as_uri(), types.FileChangeType.Changed
                        )
                    ]
                )
            )
            on = await lsp.diagnostics(uri, after=seen)
            return off, on

    off, on = run(scenario())
    assert not by_rule(off, rule)
    assert by_rule(on, rule)


def test_a_configuration_that_cannot_be_used_is_shown_on_the_plan(repo: Path) -> None:
    (repo / ".stpctl.toml").write_text('fail-onn = "warning"\n')

    async def scenario() -> list[types.Diagnostic]:
        async with session(repo) as lsp:
            return await lsp.diagnostics(lsp.open(repo / "plan.yaml"))

    got = run(scenario())
    assert len(got) == 1
    assert got[0].code == "configuration"
    assert "fail-on" in got[0].message and ".stpctl.toml" in got[0].message


def test_a_yaml_file_that_is_not_a_plan_gets_no_diagnostics(repo: Path) -> None:
    other = repo / "ci.yaml"
    other.write_text("jobs:\n  test: {runs-on: ubuntu}\n")

    async def scenario() -> int:
        async with session(repo) as lsp:
            other_uri = lsp.open(other)
            await lsp.diagnostics(lsp.open(repo / "plan.yaml"))
            return lsp.count(other_uri)

    assert run(scenario()) == 0


def test_lsp_globs_in_configuration_name_plans_without_the_mark(repo: Path) -> None:
    plan = repo / "plans" / "draft.yaml"
    plan.parent.mkdir()
    plan.write_text("footprint: {name: Somewhere}\n")
    (repo / ".stpctl.toml").write_text('lsp-globs = ["plans/*.yaml"]\n')

    async def scenario() -> list[types.Diagnostic]:
        async with session(repo) as lsp:
            return await lsp.diagnostics(lsp.open(plan))

    assert run(scenario())  # no `stp_plan:` line, and findings all the same


def test_saving_the_plan_reads_changed_configuration_again(repo: Path) -> None:
    """An editor that does not report file changes: the configuration edited
    elsewhere counts from the next save of the plan."""
    plan = repo / "plan.yaml"
    (repo / ".stpctl.toml").write_text('[rules]\nSTP012 = "off"\n')

    async def scenario() -> tuple[list[types.Diagnostic], list[types.Diagnostic]]:
        async with session(repo) as lsp:
            uri = lsp.open(plan)
            off = await lsp.diagnostics(uri)
            seen = lsp.count(uri)
            (repo / ".stpctl.toml").write_text("# nothing switched off\n")
            lsp.client.text_document_did_save(
                types.DidSaveTextDocumentParams(types.TextDocumentIdentifier(uri))
            )
            return off, await lsp.diagnostics(uri, after=seen)

    off, on = run(scenario())
    assert not by_rule(off, "STP012")
    assert by_rule(on, "STP012")
