"""The plan skeleton ``stpctl init`` writes, filled from templates (data)."""

from __future__ import annotations

import json
from string import Template

from stpctl.reference import resources
from stpctl.reference.guidance import default_pack
from stpctl.reference.register import Footprint


def skeleton(footprint: Footprint | None, filename: str) -> str:
    """A new plan: valid against the schema, every question ``not_started``."""
    templates = resources.HERE / "data"
    plan = Template((templates / "plan-skeleton.yaml").read_text("utf-8"))
    question = Template((templates / "question-skeleton.yaml").read_text("utf-8"))
    pack = default_pack()
    questions = "".join(question.substitute(key=q.key, text=q.question) for q in pack.questions)
    if footprint is None:
        name, code, region = "Name of the footprint", "E54000000", "Region"
    else:
        name, code = footprint.name, footprint.code
        region = footprint.region or "Region"
    return plan.substitute(
        name=json.dumps(name, ensure_ascii=False),
        code=code,
        region=json.dumps(region),
        questions=questions,
        filename=filename,
    )
