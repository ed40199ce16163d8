"""The jsonschema-rs fast path gives exactly the findings jsonschema gives.

``schema_check`` asks jsonschema-rs only "is this plan valid?"; when it says
yes, jsonschema (the reference) is not run, and when it says no, jsonschema
writes the findings.  So the findings are identical as long as jsonschema-rs
never calls valid a plan that jsonschema finds invalid.  (The other way
round is harmless: jsonschema-rs reads a NaN figure as null and calls it
invalid, jsonschema then finds nothing wrong, and the findings agree.)

These tests compare the findings of the fast path and of jsonschema alone,
over every plan the suite has and over mutated plans (issue 7: "prove it
with a parity test over all test plans").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_mutations import SEED_FILES, load_seed, mutate_data

from stpctl.check import schema_check
from stpctl.load.loader import LoadedPlan, load_bytes
from stpctl.records.finding import Finding

ROOT = Path(__file__).resolve().parents[1]
PLAN_FILES = sorted(
    [
        *ROOT.glob("examples/*.yaml"),
        *ROOT.glob("tests/cases/*/*.yaml"),
        *ROOT.glob("tests/hostile/*.yaml"),
    ]
)


def reference_findings(loaded: LoadedPlan) -> list[Finding]:
    """Findings with the fast path switched off: jsonschema alone."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(schema_check, "fast_validator", lambda version=1: None)
        return schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)


def fast_findings(loaded: LoadedPlan) -> list[Finding]:
    return schema_check.check_schema(loaded.data, loaded.positions, loaded.implicit)


def assert_parity(loaded: LoadedPlan) -> bool:
    fast, reference = fast_findings(loaded), reference_findings(loaded)
    assert fast == reference
    return not reference


def test_the_fast_path_is_installed_and_used() -> None:
    assert schema_check.fast_validator() is not None


@pytest.mark.parametrize("path", PLAN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_plan_in_the_suite_gets_the_same_findings(path: Path) -> None:
    loaded = load_bytes(path.read_bytes())
    if not loaded.ok:
        pytest.skip("does not load as a plan: the schema stage never runs")
    assert_parity(loaded)


def test_the_suite_has_both_valid_and_invalid_plans() -> None:
    valid = [
        assert_parity(loaded) for path in PLAN_FILES if (loaded := load_bytes(path.read_bytes())).ok
    ]
    assert True in valid and False in valid


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.sampled_from(SEED_FILES), data=st.data())
def test_mutated_plans_get_the_same_findings(seed: Path, data: st.DataObject) -> None:
    def pick(n: int) -> int:
        return data.draw(st.integers(min_value=0, max_value=max(n - 1, 0)))

    raw = mutate_data(load_seed(seed), pick, steps=data.draw(st.integers(1, 4)))
    loaded: Any = load_bytes(raw)
    if loaded.ok:
        assert_parity(loaded)
