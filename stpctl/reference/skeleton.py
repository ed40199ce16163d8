"""The plan skeleton ``stpctl init`` writes, filled from templates (data),
and the placeholders it writes where only the footprint can give the value.

The placeholders are data too (``data/skeleton-placeholders.yaml``): the
template takes each value from there, and rule STP105 reads the same list to
report every placeholder still in a plan, so the two cannot drift apart.
"""

from __future__ import annotations

import json
import re
from functools import cache
from string import Template
from typing import NamedTuple

from stpctl.load.loader import load_bytes
from stpctl.load.yaml_scalars import resolve_plain
from stpctl.reference import resources
from stpctl.reference.guidance import default_pack
from stpctl.reference.register import Footprint

# Words, digits and spaces: safe unquoted anywhere in the skeleton, flow mappings included.
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ]*")


class Placeholder(NamedTuple):
    """A value ``stpctl init`` writes that the footprint must replace."""

    name: str  # the skeleton template's variable
    at: str  # JSON pointer; ``*`` stands for any list item
    value: str | int
    write: str  # what to write instead


@cache
def placeholders() -> tuple[Placeholder, ...]:
    """The placeholders of the skeleton, in the order the skeleton writes them."""
    loaded = load_bytes(resources.data_path("skeleton-placeholders.yaml").read_bytes())
    return tuple(
        Placeholder(item["name"], item["at"], item["value"], item["write"])
        for item in loaded.data["placeholders"]
    )


def skeleton(footprint: Footprint | None, filename: str) -> str:
    """A new plan: valid against the schema, every question ``not_started``."""
    templates = resources.HERE / "data"
    plan = Template((templates / "plan-skeleton.yaml").read_text("utf-8"))
    question = Template((templates / "question-skeleton.yaml").read_text("utf-8"))
    pack = default_pack()
    questions = "".join(question.substitute(key=q.key, text=q.question) for q in pack.questions)
    values = {item.name: item.value for item in placeholders()}
    if footprint is not None:
        values["footprint_name"] = footprint.name
        values["footprint_code"] = footprint.code
        values["footprint_region"] = footprint.region or values["footprint_region"]
    shown = {name: _scalar(value) for name, value in values.items()}
    for name in ("footprint_name", "footprint_region"):  # register text: always quoted
        shown[name] = json.dumps(values[name], ensure_ascii=False)
    return plan.substitute(shown, questions=questions, filename=filename)


def _scalar(value: str | int) -> str:
    """A value as YAML text: as it is when YAML reads it back unchanged as
    plain text (``Lead CCG``, ``AAA``), else in quotes."""
    text = str(value)
    if isinstance(value, str) and not (_PLAIN.fullmatch(text) and resolve_plain(text) == text):
        return json.dumps(text, ensure_ascii=False)
    return text
