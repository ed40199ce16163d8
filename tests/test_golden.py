"""Golden files for the renderers: exact text at a fixed width, no colour.

Each renderer's output for a few plans is compared with a file under
``tests/golden/``.  When a change to the output is intended, regenerate them
on purpose and review the diff before committing:

    STPCTL_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py

Paths are given relative to the repository root (the tests run from there),
so the files do not depend on where the checkout lives.
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from stpctl.check.checker import Settings, check_path
from stpctl.check.result import RunResult
from stpctl.reference.guidance import default_pack
from stpctl.render import json_report, text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
PLANS = {
    "draft-example": "examples/herefordshire-and-worcestershire-draft.yaml",
    "invalid-yaml-surprises": "tests/cases/invalid/yaml-surprises.yaml",
}


def run_for(relative: str, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    monkeypatch.chdir(ROOT)
    return RunResult([check_path(relative, Settings(as_of=date(2016, 6, 30)))])


def render_text(run: RunResult) -> str:
    out = io.StringIO()
    console = Console(file=out, width=100, color_system=None)
    console.print(text.render(run, default_pack()))
    return out.getvalue()


def compare(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert actual == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", PLANS)
def test_text_output(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compare(f"{name}.txt", render_text(run_for(PLANS[name], monkeypatch)))


@pytest.mark.parametrize("name", PLANS)
def test_json_output(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compare(f"{name}.json", json_report.render(run_for(PLANS[name], monkeypatch)))


def test_quiet_text_output(monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    run = run_for(PLANS["invalid-yaml-surprises"], monkeypatch)
    Console(file=out, width=100, color_system=None).print(
        text.render(run, default_pack(), quiet=True)
    )
    compare("invalid-yaml-surprises.quiet.txt", out.getvalue())


def test_output_naming_the_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    """A run that used a configuration file names it (issue 10): a line above
    the summary in text, quiet text included; a top-level key in JSON."""
    run = run_for(PLANS["invalid-yaml-surprises"], monkeypatch)
    run.configuration = "plans/.stpctl.toml"
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(
        text.render(run, default_pack(), quiet=True)
    )
    compare("invalid-yaml-surprises.configured.quiet.txt", out.getvalue())
    compare("invalid-yaml-surprises.configured.json", json_report.render(run))


def test_golden_text_has_no_terminal_markup() -> None:
    for path in GOLDEN.glob("*.txt"):
        assert "\x1b[" not in path.read_text(encoding="utf-8"), path.name
