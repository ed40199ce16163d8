"""The documents stay bounded on large plans (issue 10, §5): the text and
Markdown diff list at most ``LISTED`` rows per group and count the rest (the
JSON diff lists them all), and nothing in a diff compares every item of one
long list with every item of another.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.check.checker import Settings, analyse_bytes
from stpctl.cli import app
from stpctl.documents import diff_base, plan_diff
from stpctl.render.diff_text import LISTED

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "north-west-london.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 30))
runner = CliRunner()


def with_actions(count: int) -> str:
    text = EXAMPLE.read_text("utf-8")
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    added = "".join(
        f"      - {{id: Z{n}, title: Step {n}, owner: PMO, due: 2019-03-31}}\n"
        for n in range(count)
    )
    return text[:at] + added + text[at:]


@pytest.fixture
def grown(tmp_path: Path) -> Path:
    path = tmp_path / "grown.yaml"
    path.write_text(with_actions(LISTED + 400), encoding="utf-8")
    return path


def _diff(*args: str) -> str:
    outcome = runner.invoke(app, ["diff", str(EXAMPLE), *args, "--as-of", "2016-06-30"])
    assert outcome.exit_code == 0, outcome.stderr
    return outcome.stdout


def test_the_text_diff_lists_a_bounded_number_of_rows(grown: Path) -> None:
    out = _diff(str(grown))
    assert f"Actions: {LISTED + 400} added" in out
    assert sum(1 for line in out.splitlines() if " Z" in line or line.strip().startswith("Z")) == (
        LISTED
    )
    assert "… and 400 more added; --format json lists them all" in out


def test_the_markdown_diff_lists_a_bounded_number_of_rows(grown: Path) -> None:
    out = _diff(str(grown), "--format", "markdown")
    assert f"### Added ({LISTED + 400})" in out
    assert sum(1 for line in out.splitlines() if line.startswith("| Z")) == LISTED
    assert "… and 400 more added; `--format json` lists them all." in out


def test_the_json_diff_lists_every_row(grown: Path) -> None:
    found = json.loads(_diff(str(grown), "--format", "json"))
    assert len(found["actions"]["added"]) == LISTED + 400


class CountedText(str):
    """Text that counts how often it is compared."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        CountedText.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_two_long_digital_roadmaps_are_compared_without_every_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def roadmap(first: int) -> bytes:
        codes = ", ".join(f"R{n}" for n in range(first, first + 2_000))
        text = EXAMPLE.read_text("utf-8")
        at = text.index("  digital_roadmap:")
        return (text[:at] + f"  x-roadmap: [{codes}]\n" + text[at:]).encode()

    def counted(value: object) -> Any:
        text = diff_base.plan_text(value)
        return CountedText(text) if text is not None else None

    old = analyse_bytes(roadmap(0), "old.yaml", SETTINGS)
    new = analyse_bytes(roadmap(1_000), "new.yaml", SETTINGS)
    for analysis in (old, new):  # the x- list becomes the roadmap itself
        assert analysis.data is not None
        footprint = analysis.data["footprint"]
        footprint["digital_roadmap"]["organisations"] = footprint.pop("x-roadmap")
    monkeypatch.setattr(plan_diff, "plan_text", counted)
    CountedText.compared = 0
    found = plan_diff.diff_plans(old, new, SETTINGS.guidance, SETTINGS.as_of)
    assert len(found.organisations.roadmap_added) == 1_000
    assert len(found.organisations.roadmap_removed) == 1_000
    assert CountedText.compared < 20_000  # every pair would be millions


def test_many_items_with_one_key_are_paired_in_order() -> None:
    old = [("same", n) for n in range(5_000)]
    new = [("same", n) for n in range(5_000)]
    pairs, removed, added = diff_base.pair(old, new)
    assert pairs == [(n, n) for n in range(5_000)]
    assert removed == [] and added == []


def with_history(count: int) -> str:
    """The example with ``count`` more checkpoints in ``submission.history``
    (a group main added to the diff after the rows were bounded)."""
    text = EXAMPLE.read_text("utf-8")
    marker = "  history:\n"
    at = text.index(marker) + len(marker)
    added = "".join(
        f'    - {{date: 2016-05-{1 + n % 28:02}, version: "0.{n}", status: draft,'
        f" note: checkpoint {n}}}\n"
        for n in range(count)
    )
    return text[:at] + added + text[at:]


def test_the_diff_lists_a_bounded_number_of_history_entries(tmp_path: Path) -> None:
    path = tmp_path / "history.yaml"
    path.write_text(with_history(LISTED + 250), encoding="utf-8")
    out = _diff(str(path))
    assert sum(1 for line in out.splitlines() if "submission.history" in line) == LISTED
    assert "… and 250 more plan changes; --format json lists them all" in out
    out = _diff(str(path), "--format", "markdown")
    assert sum(1 for line in out.splitlines() if line.startswith("| submission.history")) == LISTED
    assert "… and 250 more plan changes; `--format json` lists them all." in out
    found = json.loads(_diff(str(path), "--format", "json"))
    history = [c for c in found["plan"] if c["field"] == "submission.history"]
    assert len(history) == LISTED + 250
