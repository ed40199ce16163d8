"""Shared helpers for the rule tests: run a YAML plan through the real
pipeline (load, schema, rules) and keep the findings of one rule."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from stpctl.check.checker import Settings, check_bytes
from stpctl.records.finding import Finding
from stpctl.reference.guidance import GuidancePack

AS_OF = date(2016, 6, 30)

RuleFindings = Callable[..., list[Finding]]
PACKS = Path(__file__).resolve().parents[1] / "packs"
NATIONAL_2016_V1 = PACKS / "national-2016-v1.yaml"


@pytest.fixture
def rule_findings() -> RuleFindings:
    """``rule_findings(yaml_text, "STP301", as_of=..., guidance=...)``: the
    findings of one rule for a plan written as (indented) YAML; line 1 is the
    text's first line.  The national 2016 pack unless ``guidance`` is given."""

    def run(
        plan_yaml: str, rule_id: str, as_of: date = AS_OF, guidance: GuidancePack | None = None
    ) -> list[Finding]:
        raw = textwrap.dedent(plan_yaml).encode("utf-8")
        settings = Settings(as_of=as_of) if guidance is None else Settings(as_of, guidance)
        result = check_bytes(raw, "plan.yaml", settings)
        return [finding for finding in result.findings if finding.rule == rule_id]

    return run


@pytest.fixture
def small_plan() -> dict[str, object]:
    """A small plan with every part the rules look at, as data (a fresh copy
    each time), for tests that break one part of it."""
    return {
        "stp_plan": 1,
        "footprint": {
            "name": "North West London",
            "code": "E54000027",
            "organisations": [
                {"name": "NHS Brent CCG", "type": "ccg", "code": "07P"},
                {"name": "London Borough of Brent", "type": "local_authority", "code": "E09000005"},
            ],
        },
        "period": {"start": "2016-04-01", "end": "2021-03-31"},
        "submission": {"deadline": "2016-06-30", "status": "draft"},
        "triple_aim": {
            key: {
                "gap": "A gap described in words.",
                "measures": [{"name": "A measure", "baseline": 1.0, "target": 2.0}],
            }
            for key in ("health_and_wellbeing", "care_and_quality", "finance_and_efficiency")
        },
        "delivery_areas": [{"id": "DA1", "title": "Prevention at scale"}],
        "priorities": [
            {
                "id": "P1",
                "title": "Healthy weight",
                "delivery_area": "DA1",
                "questions": ["prevention"],
            },
        ],
        "questions": {
            "prevention": {
                "status": "draft",
                "answer": "Scale up the diabetes prevention programme.",
                "actions": [
                    {
                        "id": "PRV1",
                        "title": "Commission NDPP",
                        "owner": "CCG lead",
                        "due": "2016-10-31",
                        "status": "open",
                    },
                ],
            },
        },
    }


@pytest.fixture
def broken_plan(small_plan: dict[str, object]) -> Callable[[str, object], str]:
    """``broken_plan("questions/prevention/actions", 42)``: the small plan as
    YAML text, with the value at that path (``/``-separated; list indexes as
    numbers) replaced by something of the wrong type."""

    def build(path: str, value: object) -> str:
        *parents, last = path.split("/")
        node: Any = small_plan
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
        return yaml.safe_dump(small_plan, sort_keys=False)

    return build
