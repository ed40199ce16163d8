"""What a rule is, and what it sees.

A rule is a function decorated with ``@rule(ID, name, severity)``: it gets a
``PlanContext`` and yields ``Issue``s (message and JSON pointer).  The engine
turns issues into findings with line and column, and applies configuration.
The function's docstring is the rule's documentation page (``stpctl explain``):
what it checks, why, and a failing and a passing example.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from stpctl.check.question_status import QuestionAssessment
from stpctl.load.loader import Positions
from stpctl.records.finding import Severity
from stpctl.reference.guidance import GuidancePack


class Issue(NamedTuple):
    """What a rule found: a message and where.  ``severity`` overrides the
    rule's default for this one issue (e.g. completeness is an error once a
    plan is submitted).  ``position`` (line, column) overrides where the
    pointer's node is written, for a finding inside a text (a placeholder
    on the fifth line of an answer)."""

    message: str
    pointer: str = ""
    severity: Severity | None = None
    position: tuple[int, int] | None = None


@dataclass
class PlanContext:
    """Everything a rule may look at.  ``data`` is the plan as loaded: a
    mapping, but any field may have the wrong type when the schema check
    failed, so rules check types before they use a value.  ``extras`` may
    hold ``source``, the plan's text, for rules that look inside a value."""

    data: dict[str, Any]
    positions: Positions
    as_of: date
    guidance: GuidancePack
    assessments: list[QuestionAssessment]
    extras: dict[str, Any] = field(default_factory=dict)


CheckFunction = Callable[[PlanContext], Iterator[Issue]]


class Rule(NamedTuple):
    id: str
    name: str
    severity: Severity
    summary: str
    doc: str
    check: CheckFunction | None  # None: reported by the loader or schema stage

    @property
    def family(self) -> str:
        return self.id[:4] + "xx"


def rule(rule_id: str, name: str, severity: Severity) -> Callable[[CheckFunction], Rule]:
    """Make a check function into a ``Rule``; its docstring is its page."""

    def wrap(function: CheckFunction) -> Rule:
        return _make(rule_id, name, severity, function.__doc__ or "", function)

    return wrap


def documented(rule_id: str, name: str, severity: Severity, doc: str) -> Rule:
    """A rule whose findings come from the loader or the schema stage."""
    return _make(rule_id, name, severity, doc, None)


def _make(
    rule_id: str, name: str, severity: Severity, doc: str, check: CheckFunction | None
) -> Rule:
    text = inspect.cleandoc(doc)
    if not text:
        raise ValueError(f"rule {rule_id} has no documentation")
    summary = " ".join(text.split("\n\n")[0].split())  # the first paragraph, on one line
    return Rule(rule_id, name, severity, summary, text, check)
