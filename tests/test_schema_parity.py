"""The jsonschema-rs fast path gives exactly the findings jsonschema gives.

``schema_check`` asks jsonschema-rs "is this plan valid?" and, when it says
no, takes jsonschema-rs's own errors (kind, instance path, schema path)
through the message translator (issue 15).  jsonschema, the reference, is
not run at all.  These tests compare the findings of that path with the
findings of jsonschema alone, over every plan the suite has, over the
mutated plans the fuzzer makes (node mutations, byte mutations and both),
and over numbers YAML reads as infinite, not-a-number or too large (which
the loader keeps as text).
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from plan_mutations import SEED_FILES, load_seed, mutate_bytes, mutate_data

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


SEEDS = [(path.read_bytes(), load_seed(path)) for path in SEED_FILES]


def fuzzer_case(number: int) -> bytes:
    """Case ``number`` made as ``scripts/fuzz`` makes its cases: node mutations,
    byte mutations, or both."""
    rng = random.Random(f"parity:{number}")
    raw, data = SEEDS[rng.randrange(len(SEEDS))]
    kind = number % 3
    if kind == 0:
        return mutate_data(data, rng.randrange, rng.randint(1, 6))
    if kind == 1:
        return mutate_bytes(raw, rng.randrange, rng.randint(1, 8))
    nodes = mutate_data(data, rng.randrange, rng.randint(1, 4))
    return mutate_bytes(nodes, rng.randrange, rng.randint(1, 4))


@pytest.mark.parametrize("start", range(0, 600, 100))
def test_the_fuzzers_mutated_plans_get_the_same_findings(start: int) -> None:
    invalid = 0
    for number in range(start, start + 100):
        loaded: Any = load_bytes(fuzzer_case(number))
        if loaded.ok:
            invalid += not assert_parity(loaded)
    assert invalid  # the cases reach the schema stage with something wrong


EXTREMES = ["1e400", "-1e400", ".inf", "-.inf", "+.Inf", ".nan", ".NaN", "9" * 400]
PLACES = [
    rb"population: [0-9]+",
    rb"likelihood: [0-9]+",
    rb"baseline: [0-9.]+",
    rb"2016/17: [0-9.]+",
]


@pytest.mark.parametrize("value", EXTREMES)
@pytest.mark.parametrize("place", PLACES)
def test_numbers_yaml_cannot_hold_get_the_same_findings(value: str, place: bytes) -> None:
    raw = (ROOT / "examples" / "north-west-london.yaml").read_bytes()
    key = place.split(b":")[0]
    changed = re.sub(place, key + b": " + value.encode(), raw, count=1)
    assert changed != raw
    loaded = load_bytes(changed)
    assert loaded.ok
    assert not assert_parity(loaded)


def test_an_invalid_plan_is_checked_without_importing_jsonschema() -> None:
    """The 45 ms import and the 20 ms walk of jsonschema are the reference's,
    not the user's: jsonschema-rs writes the errors (issue 15)."""
    code = f"""
import sys
from stpctl.check.schema_check import check_schema
from stpctl.load.loader import load_bytes
raw = open({str(ROOT / "examples" / "north-west-london.yaml")!r}, "rb").read()
loaded = load_bytes(raw.replace(b"population: ", b"population: many #", 1))
findings = check_schema(loaded.data, loaded.positions, loaded.implicit)
assert [f.rule for f in findings] == ["STP012"], findings
print("jsonschema" in sys.modules)
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False"]


def _with_organisation_codes(count: int) -> LoadedPlan:
    """North West London with ``count`` numbers where organisation codes belong."""
    raw = (ROOT / "examples" / "north-west-london.yaml").read_bytes()
    codes = b"\n".join(b"      - %d" % n for n in range(count))
    where = raw.index(b"    organisations:", raw.index(b"digital_roadmap:"))
    end = raw.index(b"]", where) + 1
    return load_bytes(raw[:where] + b"    organisations:\n" + codes + raw[end:])


def test_many_wrong_values_get_the_same_findings() -> None:
    loaded = _with_organisation_codes(3_000)
    assert loaded.ok
    assert len(fast_findings(loaded)) >= 3_000
    assert_parity(loaded)


def test_a_plan_with_very_many_values_is_not_given_to_jsonschema_rs_for_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """jsonschema-rs makes every error before the first is read, at a cost
    that grows with their number; beyond ``FAST_ERRORS_UP_TO`` values the
    plan is walked by jsonschema, which stops at the findings limit."""
    loaded = _with_organisation_codes(schema_check.FAST_ERRORS_UP_TO)
    assert loaded.ok

    def refuse(version: int = 1) -> Any:
        raise AssertionError("jsonschema-rs asked for every error of a very large plan")

    monkeypatch.setattr(schema_check, "_fast_error_walk", refuse)
    findings = fast_findings(loaded)
    assert len(findings) == schema_check.MAX_SCHEMA_FINDINGS + 1
    assert findings[-1].rule == "STP005"
