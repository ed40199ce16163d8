"""The text format without colour is written line by line, not rendered by
rich (issue 15), and gives exactly the bytes rich gives."""

from __future__ import annotations

from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from stpctl.check.baseline import BaselineUse, Entry, FileBaseline
from stpctl.check.checker import Settings, check_path
from stpctl.check.result import RunResult
from stpctl.reference.guidance import default_pack
from stpctl.render import text

ROOT = Path(__file__).resolve().parent.parent
PLANS = sorted(
    [
        *ROOT.glob("examples/*.yaml"),
        *ROOT.glob("tests/cases/*/*.yaml"),
        *ROOT.glob("tests/hostile/*.yaml"),
    ]
)
SETTINGS = Settings(as_of=date(2016, 6, 30))


def _console() -> Console:
    return Console(file=StringIO(), width=100, color_system=None, highlight=False)


def _written(writer: text.Writer, run: RunResult) -> str:
    return "".join(writer.part(result) for result in run.files) + writer.tail(run.totals())


STALE = (
    Entry("gone.yaml", "STP302", "/questions/prevention/actions/0", "0123abcd", 2),
    Entry("a\tb.yaml", "STP101", "/questions/workforce", "x", 1),
)


@pytest.mark.parametrize("quiet", [False, True])
@pytest.mark.parametrize(
    "baseline",
    [None, BaselineUse("baseline.json", True), BaselineUse("base\x1bline.json", False, STALE)],
    ids=["none", "written", "stale"],
)
def test_plain_text_is_what_rich_prints_for_every_plan_of_the_suite(
    quiet: bool, baseline: BaselineUse | None
) -> None:
    run = RunResult([check_path(str(plan), SETTINGS) for plan in PLANS])
    run.configuration = "conf\tig.toml"
    run.baseline = baseline
    run.files[0].waived = 3
    run.files[1].baseline = FileBaseline(STALE[:1])
    run.files[2].findings = []
    run.files[2].baseline = FileBaseline(STALE[1:])
    plain = text.Writer(_console(), default_pack(), quiet)
    assert plain.plain is not None
    rendered = text.Writer(_console(), default_pack(), quiet)
    rendered.plain = None
    assert _written(plain, run) == _written(rendered, run)


def test_without_colour_the_text_is_not_rendered_by_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    console = _console()

    def refuse() -> None:
        raise AssertionError("rendered by rich")

    monkeypatch.setattr(console, "capture", refuse)
    writer = text.Writer(console, default_pack())
    result = check_path(
        str(ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"), SETTINGS
    )
    assert "STP101" in writer.part(result)


def test_with_colour_rich_still_renders() -> None:
    console = Console(file=StringIO(), force_terminal=True, color_system="standard")
    writer = text.Writer(console, default_pack())
    result = check_path(
        str(ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"), SETTINGS
    )
    assert "\x1b[" in writer.part(result)
