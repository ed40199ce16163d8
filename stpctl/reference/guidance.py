"""Guidance packs: the questions' wording, checklist items, triple aim and
placeholder words, read from a YAML file (data, not code)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from stpctl.files.reading import SETTINGS_FILE_MAX_BYTES, ReadRefused, read_bounded
from stpctl.load.loader import load_bytes
from stpctl.records.pointers import display_path
from stpctl.reference import resources

QUESTION_KEYS = (
    "prevention",
    "engagement",
    "general_practice",
    "new_care_models",
    "core_standards",
    "clinical_priorities",
    "quality_and_safety",
    "technology",
    "workforce",
    "financial_balance",
)
TRIPLE_AIM_KEYS = ("health_and_wellbeing", "care_and_quality", "finance_and_efficiency")


class GuidanceError(Exception):
    """A guidance pack that cannot be used; the message says what to fix."""


class QuestionGuidance(NamedTuple):
    key: str
    title: str
    question: str
    extra_items: tuple[str, ...]


class ExpectedItem(NamedTuple):
    check: str
    item: str
    todo: str


@dataclass(frozen=True)
class GuidancePack:
    name: str
    path: str
    questions: tuple[QuestionGuidance, ...]
    expects: tuple[ExpectedItem, ...]
    triple_aim: tuple[tuple[str, str], ...]
    placeholders: frozenset[str]

    def question(self, key: str) -> QuestionGuidance:
        return next(q for q in self.questions if q.key == key)


def default_pack() -> GuidancePack:
    return load_pack(resources.guidance_path())


@cache
def load_pack(path: Path) -> GuidancePack:
    """Read and validate a pack; raises ``GuidanceError`` saying what is wrong."""
    try:  # never a device, a FIFO or a file of gigabytes (issue 10)
        raw = read_bounded(path, "guidance pack", SETTINGS_FILE_MAX_BYTES)
    except ReadRefused as err:
        raise GuidanceError(str(err)) from None
    loaded = load_bytes(raw)
    if not loaded.ok or loaded.findings:
        first = loaded.findings[0]
        raise GuidanceError(f"guidance pack {path}:{first.line}:{first.column}: {first.message}")
    data: dict[str, Any] = loaded.data
    _validate(data, path, loaded.positions.locate)
    keys = [q["key"] for q in data["questions"]]
    missing = [key for key in QUESTION_KEYS if key not in keys]
    if missing:
        raise GuidanceError(
            f"guidance pack {path} must list each of the ten questions once;"
            f" missing: {', '.join(missing)}"
        )
    return GuidancePack(
        name=data["name"],
        path=str(path),
        questions=tuple(
            QuestionGuidance(q["key"], q["title"], q["question"], tuple(q.get("expects", ())))
            for q in data["questions"]
        ),
        expects=tuple(ExpectedItem(e["check"], e["item"], e["todo"]) for e in data["expects"]),
        triple_aim=tuple((t["key"], t["title"]) for t in data["triple_aim"]),
        placeholders=frozenset(word.strip().lower() for word in data["placeholders"]),
    )


def _validate(data: dict[str, Any], path: Path, locate: Any) -> None:
    schema = json.loads(resources.schema_file("guidance-1.schema.json").read_text("utf-8"))
    try:  # the quick yes/no first: jsonschema costs a noticeable import on every run
        import jsonschema_rs

        if jsonschema_rs.validator_for(schema).is_valid(data):
            return
    except ImportError:  # pragma: no cover
        pass
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        pointer = "".join(f"/{part}" for part in error.absolute_path)
        line, column = locate(pointer)
        where = display_path(pointer) or "the pack"
        raise GuidanceError(f"guidance pack {path}:{line}:{column}: {where}: {error.message}")
