"""Example plans under ``tests/cases/``, parametrised from the directory listing.

``valid/NAME.yaml`` must give no errors (warnings are allowed: a draft is valid).
``invalid/NAME.yaml`` must give exactly the findings listed in
``invalid/NAME.expected.json`` (rule, line, pointer), in file order.  Hostile
inputs (an alias bomb, a Python tag) are kept here as files so they can be
replayed with ``stpctl validate``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings, check_path
from stpctl.records.finding import Severity

CASES = Path(__file__).parent / "cases"
VALID = sorted((CASES / "valid").glob("*.yaml"))
INVALID = sorted((CASES / "invalid").glob("*.yaml"))
SETTINGS = Settings(as_of=date(2016, 6, 30))


def test_the_directories_hold_cases() -> None:
    # An empty glob would make the parametrised tests below vanish silently.
    assert len(VALID) >= 2
    assert len(INVALID) >= 6


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_case_has_no_errors(path: Path) -> None:
    result = check_path(str(path), SETTINGS)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    assert result.questions is not None


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_case_gives_exactly_the_expected_findings(path: Path) -> None:
    expected = json.loads(path.with_name(f"{path.stem}.expected.json").read_text("utf-8"))
    result = check_path(str(path), SETTINGS)
    found = [{"rule": f.rule, "line": f.line, "pointer": f.pointer} for f in result.findings]
    assert found == expected
    assert any(f.severity is Severity.ERROR for f in result.findings)
