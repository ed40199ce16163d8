"""The rule catalogue: every check stpctl makes, each with a stable ID.

The registry is explicit (no import-time discovery), so the catalogue's order
and contents are visible here.  IDs by family: STP0xx reading and schema,
STP1xx completeness, STP2xx identifiers and references, STP3xx dates, STP4xx
finance, STP5xx governance (sign-off, engagement, service changes), STP6xx
alignment (digital roadmap, national standards, integration, register).
"""

from __future__ import annotations

from stpctl.check.rules import (
    alignment,
    answers,
    configuration,
    control_totals,
    coverage,
    dates,
    digital_roadmap,
    finance,
    finance_balance,
    governance,
    loading,
    placeholders,
    questions,
    references,
    schema,
    service_changes,
    transformation_fund,
    triple_aim,
)
from stpctl.check.rules.base import Issue, PlanContext, Rule

CATALOGUE: tuple[Rule, ...] = (
    *loading.RULES,
    *configuration.RULES,
    *schema.RULES,
    *questions.RULES,
    *answers.RULES,
    *triple_aim.RULES,
    *placeholders.RULES,
    *references.RULES,
    *dates.RULES,
    *finance.RULES,
    *finance_balance.RULES,
    *control_totals.RULES,
    *transformation_fund.RULES,
    *governance.RULES,
    *service_changes.RULES,
    *alignment.RULES,
    *digital_roadmap.RULES,
    *coverage.RULES,
)

BY_ID: dict[str, Rule] = {item.id: item for item in CATALOGUE}

__all__ = ["BY_ID", "CATALOGUE", "Issue", "PlanContext", "Rule"]
