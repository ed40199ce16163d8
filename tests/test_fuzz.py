"""Fuzzing in the suite (issue 6): mutated example plans never crash stpctl.

For every mutated plan: no exception escapes ``check_bytes``; ``stpctl
validate --format json`` exits 0 or 1 and prints JSON; and when the file
still parses as a mapping, ``questions`` has all ten keys (PRODUCT.md §6).

The runs here are modest so the suite stays quick; ``scripts/fuzz`` runs the
same mutations for 100,000 cases and more.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_mutations import SEED_FILES, load_seed, mutate_bytes, mutate_data
from typer.testing import CliRunner

import stpctl.check.rules
from stpctl.check.checker import InternalError, Settings, check_bytes
from stpctl.check.rules.base import Issue, PlanContext, Rule
from stpctl.cli import app
from stpctl.load.loader import load_bytes
from stpctl.records.finding import Severity
from stpctl.reference.guidance import default_pack

AS_OF = "2016-06-30"
SETTINGS = Settings(as_of=date.fromisoformat(AS_OF))
QUESTION_KEYS = {question.key for question in default_pack().questions}
SEEDS: dict[str, Any] = {path.name: load_seed(path) for path in SEED_FILES}
RAW: dict[str, bytes] = {path.name: path.read_bytes() for path in SEED_FILES}
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
runner = CliRunner()


def assert_handled(raw: bytes) -> None:
    """The properties every input must have, however broken.

    The command reads ``-`` with ``check_bytes``; an exception escaping it
    would be caught by the runner and kept in ``outcome.exception`` (with exit
    code 1, which is why the exception is checked before the code)."""
    outcome = runner.invoke(app, ["validate", "-", "--format", "json", "--as-of", AS_OF], raw)
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        raise outcome.exception
    assert outcome.exit_code in (0, 1), outcome.stderr
    as_mapping = load_bytes(raw).ok
    report = json.loads(outcome.stdout)
    questions = report["files"][0]["questions"]
    if as_mapping:
        assert set(questions) == QUESTION_KEYS
    else:
        assert questions is None
        assert [f["severity"] for f in report["files"][0]["findings"]] == ["error"]


def test_there_are_seed_plans() -> None:
    assert len(SEEDS) >= 3
    assert QUESTION_KEYS and len(QUESTION_KEYS) == 10


@FUZZ
@given(st.data())
def test_plans_with_mutated_nodes_are_handled(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(sorted(SEEDS)), label="seed")
    steps = data.draw(st.integers(1, 6), label="steps")
    raw = mutate_data(SEEDS[seed], lambda n: data.draw(st.integers(0, n - 1)), steps)
    assert_handled(raw)


@FUZZ
@given(st.data())
def test_plans_with_corrupted_bytes_are_handled(data: st.DataObject) -> None:
    seed = data.draw(st.sampled_from(sorted(RAW)), label="seed")
    steps = data.draw(st.integers(1, 8), label="steps")
    raw = mutate_bytes(RAW[seed], lambda n: data.draw(st.integers(0, n - 1)), steps)
    assert_handled(raw)


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: Path(p).name)
def test_the_unmutated_seeds_pass_the_same_checks(path: Path) -> None:
    assert_handled(path.read_bytes())
    assert check_bytes(path.read_bytes(), path.name, SETTINGS).questions is not None


def test_a_crash_inside_check_bytes_would_fail_these_properties(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Guard the guard: the runner must not hide an exception as exit code 1."""

    def explode(context: PlanContext) -> Iterator[Issue]:
        raise RuntimeError("boom")

    broken = Rule("STP999", "broken", Severity.ERROR, "Fails.", "Fails.", explode)
    monkeypatch.setattr(stpctl.check.rules, "CATALOGUE", [*stpctl.check.rules.CATALOGUE, broken])
    with pytest.raises(InternalError):
        assert_handled(RAW[sorted(RAW)[0]])
