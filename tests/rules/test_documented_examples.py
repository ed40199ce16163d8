"""Every rule's page shows a failing and a passing YAML example (`stpctl
explain`); a reader must be able to trust them, so each is run through the
real pipeline.  An example is a fragment of a plan, so it is judged on the
parts it writes: the rule must report something there for the failing
example and nothing there for the passing one (a fragment leaves other
questions unwritten, which the completeness rules report elsewhere)."""

from __future__ import annotations

import textwrap
from datetime import date

import pytest

from stpctl.check.checker import Settings, analyse_bytes
from stpctl.check.rules import CATALOGUE, Rule
from stpctl.records.finding import Finding

CHECKED = [rule for rule in CATALOGUE if rule.check is not None]


def examples(rule: Rule) -> tuple[str, str]:
    failing = rule.doc.split("Failing:")[1].split("Passing:")[0]
    passing = rule.doc.split("Passing:")[1]
    return textwrap.dedent(failing), textwrap.dedent(passing)


def findings_in_written_parts(snippet: str, rule: Rule) -> list[Finding]:
    """The rule's findings at a node the snippet writes, or inside one below
    the top-level sections (a fragment that writes one question must not be
    blamed for the nine it leaves out)."""
    analysis = analyse_bytes(snippet.encode(), "plan.yaml", Settings(as_of=date(2016, 6, 30)))
    written = {p for p in analysis.positions.values if p}
    nested = [p for p in written if p.count("/") >= 2]
    return [
        f
        for f in analysis.result.findings
        if f.rule == rule.id
        and (f.pointer in written or any(f.pointer.startswith(p + "/") for p in nested))
    ]


@pytest.mark.parametrize("rule", CHECKED, ids=lambda rule: rule.id)
def test_the_documented_examples_are_true(rule: Rule) -> None:
    failing, passing = examples(rule)
    assert findings_in_written_parts(failing, rule), f"{rule.id}: the failing example finds nothing"
    assert findings_in_written_parts(passing, rule) == [], f"{rule.id}: the passing example fails"
