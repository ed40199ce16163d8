"""The exit code: one pure function of the findings and ``--fail-on``."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stpctl.check.result import EXIT_FINDINGS, EXIT_OK, FileResult, RunResult, exit_code
from stpctl.records.finding import Finding, Severity


def run_with(*severities: Severity) -> RunResult:
    findings = [Finding("STP999", severity, "something") for severity in severities]
    return RunResult([FileResult("plan.yaml", None, None, findings)])


@pytest.mark.parametrize(
    ("severities", "fail_on", "code"),
    [
        ((), Severity.ERROR, EXIT_OK),
        ((), Severity.INFO, EXIT_OK),
        ((Severity.ERROR,), Severity.ERROR, EXIT_FINDINGS),
        ((Severity.WARNING,), Severity.ERROR, EXIT_OK),
        ((Severity.INFO,), Severity.ERROR, EXIT_OK),
        ((Severity.WARNING,), Severity.WARNING, EXIT_FINDINGS),
        ((Severity.INFO,), Severity.WARNING, EXIT_OK),
        ((Severity.ERROR,), Severity.WARNING, EXIT_FINDINGS),
        ((Severity.INFO,), Severity.INFO, EXIT_FINDINGS),
        ((Severity.INFO, Severity.WARNING), Severity.ERROR, EXIT_OK),
        ((Severity.INFO, Severity.ERROR), Severity.ERROR, EXIT_FINDINGS),
    ],
)
def test_exit_code_table(severities: tuple[Severity, ...], fail_on: Severity, code: int) -> None:
    assert exit_code(run_with(*severities), fail_on) == code


def test_no_files_exit_zero() -> None:
    assert exit_code(RunResult(), Severity.INFO) == EXIT_OK


def test_findings_in_any_file_count() -> None:
    run = RunResult(
        [
            FileResult("a.yaml", None, None, [Finding("STP001", Severity.ERROR, "unreadable")]),
            FileResult("b.yaml", None, None, []),
        ]
    )
    assert exit_code(run, Severity.ERROR) == EXIT_FINDINGS


findings = st.builds(
    Finding,
    rule=st.sampled_from(["STP001", "STP010", "STP101", "STP401"]),
    severity=st.sampled_from(list(Severity)),
    message=st.text(max_size=10),
)
runs = st.lists(
    st.builds(
        FileResult,
        path=st.text(min_size=1, max_size=5),
        footprint=st.none(),
        questions=st.none(),
        findings=st.lists(findings, max_size=5),
    ),
    max_size=4,
).map(RunResult)


@given(run=runs, fail_on=st.sampled_from(list(Severity)))
def test_exit_code_is_one_exactly_when_a_finding_reaches_the_threshold(
    run: RunResult, fail_on: Severity
) -> None:
    reached = any(
        finding.severity.rank >= fail_on.rank for result in run.files for finding in result.findings
    )
    assert exit_code(run, fail_on) == (EXIT_FINDINGS if reached else EXIT_OK)


@given(run=runs)
def test_a_stricter_threshold_never_lowers_the_exit_code(run: RunResult) -> None:
    codes = [exit_code(run, level) for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
    assert codes == sorted(codes)
