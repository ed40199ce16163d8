"""A deterministic corpus of realistic, valid plans for benchmarks.

``make_plan(seed, actions_per_question, answer_words)`` builds one plan as a
Python mapping; ``write_corpus`` writes N of them as YAML (and the same data
as JSON, for the ``json.loads`` floor) with a target size per file.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import yaml

from stpctl.reference.guidance import QUESTION_KEYS as QUESTIONS
from stpctl.reference.register import footprints

YEARS = ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
WORDS = (
    "care",
    "home",
    "primary",
    "community",
    "integrated",
    "services",
    "hospital",
    "patients",
    "staff",
    "digital",
    "prevention",
    "demand",
    "workforce",
    "outcomes",
    "pathway",
    "capacity",
    "social",
    "council",
    "partners",
    "transformation",
    "investment",
    "estates",
    "review",
    "access",
    "urgent",
    "planned",
    "mental",
    "health",
    "children",
    "older",
    "people",
    "long-term",
    "conditions",
    "diabetes",
    "cancer",
    "respiratory",
    "quality",
)


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def make_plan(
    seed: int, actions_per_question: int = 3, answer_words: int = 120, title_words: int = 6
) -> dict[str, Any]:
    rng = random.Random(seed)
    code = f"E540000{rng.randint(5, 44):02d}"
    name = footprints()[code].name
    orgs = [
        {
            "name": f"Organisation {n}",
            "type": rng.choice(["ccg", "nhs_trust", "foundation_trust", "local_authority"]),
            "code": f"{rng.choice('RQ')}{rng.randint(10, 99)}{n}",
            "board_sign_off": "2016-06-24",
        }
        for n in range(8)
    ]
    orgs[0]["type"] = "local_authority"
    questions: dict[str, Any] = {}
    for q_index, key in enumerate(QUESTIONS):
        questions[key] = {
            "status": "complete",
            "answer": _text(rng, answer_words),
            "owner": f"Director {q_index}",
            "evidence": [{"title": _text(rng, 5), "link": f"https://example.nhs.uk/{key}"}],
            "measures": [
                {
                    "name": _text(rng, 4),
                    "unit": "%",
                    "baseline": rng.randint(40, 80),
                    "target": 90,
                    "by": "2020/21",
                }
            ],
            "actions": [
                {
                    "id": f"{key[:3].upper()}{a}",
                    "title": _text(rng, title_words),
                    "owner": f"Lead {a}",
                    "due": f"20{rng.randint(17, 20)}-0{rng.randint(1, 9)}-15",
                    "status": "open",
                }
                for a in range(actions_per_question)
            ],
            "risks": [{"title": _text(rng, 5), "likelihood": 3, "impact": 4, "mitigation": "x"}],
        }
    gap = {year: 50.0 * (i + 1) for i, year in enumerate(YEARS)}
    return {
        "stp_plan": 1,
        "footprint": {
            "name": name,
            "code": code,
            "region": "London",
            "population": rng.randint(500_000, 3_000_000),
            "lead": {"name": "A Lead", "role": "Chief Executive", "organisation": "CCG"},
            "organisations": orgs,
            "digital_roadmap": {"name": "LDR", "organisations": [o["code"] for o in orgs]},
        },
        "period": {"start": "2016-04-01", "end": "2021-03-31"},
        "submission": {"deadline": "2016-06-30", "status": "submitted", "version": "1.0"},
        "triple_aim": {
            key: {
                "gap": _text(rng, 20),
                "measures": [
                    {"name": "m", "unit": "%", "baseline": 1, "target": 2, "by": "2020/21"}
                ],
            }
            for key in ("health_and_wellbeing", "care_and_quality", "finance_and_efficiency")
        },
        "questions": questions,
        "finance": {
            "unit": "GBP million",
            "years": YEARS,
            "do_nothing_gap": gap,
            "interventions": [
                {"name": "Provider efficiency", "kind": "provider_efficiency", "savings": gap}
            ],
        },
        "engagement": [
            {"date": "2016-05-12", "audience": "patients", "title": "Event", "participants": 80},
            {"date": "2016-05-19", "audience": "staff", "title": "Event", "participants": 60},
        ],
    }


def dump(plan: dict[str, Any]) -> str:
    return yaml.safe_dump(plan, sort_keys=False, allow_unicode=True, width=100)


def sized_plan(seed: int, target_bytes: int, actions_per_question: int = 3) -> dict[str, Any]:
    """A plan whose YAML is close to ``target_bytes``, by answer length."""
    small, large = 20, 60
    size_small = len(dump(make_plan(seed, actions_per_question, small)).encode())
    size_large = len(dump(make_plan(seed, actions_per_question, large)).encode())
    per_word = (size_large - size_small) / (large - small)
    words = max(1, small + round((target_bytes - size_small) / per_word))
    return make_plan(seed, actions_per_question, words)


def write_corpus(folder: Path, count: int, target_bytes: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        plan = sized_plan(index, target_bytes)
        path = folder / f"plan-{index:05d}.yaml"
        path.write_text(dump(plan), encoding="utf-8")
        (folder / f"plan-{index:05d}.json").write_text(json.dumps(plan), encoding="utf-8")
        paths.append(path)
    return paths
