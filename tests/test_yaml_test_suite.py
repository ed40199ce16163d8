"""Every input of the official YAML test suite goes through ``check_bytes``.

None of the 402 inputs is a plan, so each must give at least one finding and
none may crash; the 94 marked invalid (an ``error`` file beside ``in.yaml``)
must give a load error.  The suite lives in the shared data folder next to the
repository (yaml/yaml-test-suite, ``data`` branch); without it these tests skip.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings, check_bytes

SUITE = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "yaml-test-suite"
CASES = sorted(SUITE.rglob("in.yaml")) if SUITE.is_dir() else []
INVALID = [path for path in CASES if (path.parent / "error").exists()]
LOAD_ERRORS = {"STP001", "STP002", "STP003", "STP005"}
SETTINGS = Settings(as_of=date(2016, 6, 30))

# Invalid YAML that libyaml (PyYAML's CSafeLoader, which stpctl uses) accepted
# when this list was written.  The parser's leniency, not ours: stpctl reports
# what it was given, which in each case is readable data.  A stricter parser
# may refuse some of these (fine); accepting any other invalid input fails.
LIBYAML_ACCEPTS = {
    "9C9N",  # flow sequence continued on lines less indented than its key
    "DK95/01",  # a tab at the start of a continuation line in a quoted scalar
    "QB6E",  # multi-line double-quoted scalar less indented than its key
    "S98Z",  # block scalar with a more-indented blank line before a comment
    "SU5Z",  # comment with no space before `#` after a quoted scalar
    "X4QW",  # comment straight after a block scalar indicator (`># comment`)
}

pytestmark = pytest.mark.skipif(
    not CASES, reason=f"the YAML test suite is not at {SUITE} (shared data folder absent)"
)


def case_id(path: Path) -> str:
    return path.parent.relative_to(SUITE).as_posix()


def test_the_suite_is_complete() -> None:
    assert len(CASES) == 402
    assert len(INVALID) == 94


@pytest.mark.parametrize("path", CASES, ids=case_id)
def test_every_input_gives_findings_and_never_crashes(path: Path) -> None:
    result = check_bytes(path.read_bytes(), case_id(path), SETTINGS)
    assert result.findings


def test_invalid_inputs_give_a_load_error_except_the_known_libyaml_gaps() -> None:
    accepted = set()
    for path in INVALID:
        result = check_bytes(path.read_bytes(), case_id(path), SETTINGS)
        if not any(finding.rule in LOAD_ERRORS for finding in result.findings):
            accepted.add(case_id(path))
        else:
            assert result.questions is None, case_id(path)
    assert accepted <= LIBYAML_ACCEPTS
