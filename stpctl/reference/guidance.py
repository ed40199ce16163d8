"""Guidance packs: the questions' wording, checklist items, triple aim and
placeholder words, read from a YAML file (data, not code).

Two formats are read.  Version 1 (``guidance_pack: 1``) has the questions,
what a reviewer expects, the triple aim and the placeholder words.  Version 2
adds, all optional: the must-do standards (``must_do_standards``), per-year
values of standards (``standards``), per question the topics an answer
should cover (``expects`` entries written ``{topic, words}``) and checklist
items ticked from the plan (``checks``), and the pack's words on a rule
(``notes``).  A version 1 pack, including a user's own, reads as before and
has none of them.  A shipped pack can be named instead of given as a path
(``--guidance next-steps-2017``)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from stpctl.files.reading import (
    SETTINGS_FILE_MAX_BYTES,
    CannotRead,
    ReadRefused,
    read_bounded,
)
from stpctl.load.loader import load_bytes
from stpctl.records.pointers import display_path
from stpctl.reference import resources
from stpctl.reference.standards import Threshold, steps_for

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


class Topic(NamedTuple):
    """A topic an answer should cover; any of ``words`` shows it does."""

    topic: str
    words: tuple[str, ...]


class ExpectedItem(NamedTuple):
    check: str
    item: str
    todo: str


class QuestionGuidance(NamedTuple):
    key: str
    title: str
    question: str
    extra_items: tuple[str, ...]
    topics: tuple[Topic, ...] = ()
    checks: tuple[ExpectedItem, ...] = ()


class MustDo(NamedTuple):
    """A national standard every plan must name a measure for, under ``question``."""

    standard: str
    question: str
    name: str


@dataclass(frozen=True)
class GuidancePack:
    name: str
    path: str
    questions: tuple[QuestionGuidance, ...]
    expects: tuple[ExpectedItem, ...]
    triple_aim: tuple[tuple[str, str], ...]
    placeholders: frozenset[str]
    version: int = 1
    must_do: tuple[MustDo, ...] = ()
    standards: tuple[Threshold, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()

    def question(self, key: str) -> QuestionGuidance:
        return next(q for q in self.questions if q.key == key)

    def note(self, rule_id: str) -> str | None:
        """The pack's own words on a rule, if it has any."""
        return next((text for rule, text in self.notes if rule == rule_id), None)


def default_pack() -> GuidancePack:
    return load_pack(resources.guidance_path())


def shipped_pack_names() -> tuple[str, ...]:
    """The packs that ship with stpctl, by the name ``--guidance`` accepts."""
    return tuple(sorted(path.stem for path in resources.guidance_path().parent.glob("*.yaml")))


def find_pack(given: Path) -> Path:
    """The pack file ``given`` names: the file itself when it exists, else a
    shipped pack of that name (``next-steps-2017``); the path as given when it
    is neither, so reading it reports the missing file."""
    if given.exists() or given.suffix or len(given.parts) != 1:
        return given
    shipped = resources.guidance_path(given.name)
    return shipped if shipped.is_file() else given


@cache
def load_pack(path: Path) -> GuidancePack:
    """Read and validate a pack; raises ``GuidanceError`` saying what is wrong."""
    try:  # never a device, a FIFO or a file of gigabytes (issue 10)
        raw = read_bounded(path, "guidance pack", SETTINGS_FILE_MAX_BYTES)
    except CannotRead as err:  # a missing file may be a shipped pack's name mistyped
        names = ", ".join(shipped_pack_names())
        raise GuidanceError(
            f"{err}; give a pack file, or the name of a pack stpctl ships ({names})"
        ) from None
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
        questions=tuple(_question(q) for q in data["questions"]),
        expects=tuple(ExpectedItem(e["check"], e["item"], e["todo"]) for e in data["expects"]),
        triple_aim=tuple((t["key"], t["title"]) for t in data["triple_aim"]),
        placeholders=frozenset(word.strip().lower() for word in data["placeholders"]),
        version=data["guidance_pack"],
        must_do=tuple(
            MustDo(m["standard"], m["question"], m.get("name", m["standard"]))
            for m in data.get("must_do_standards", ())
        ),
        standards=_standards(data.get("standards", ()), path),
        notes=tuple(data.get("notes", {}).items()),
    )


def _question(q: dict[str, Any]) -> QuestionGuidance:
    expects = q.get("expects", ())
    return QuestionGuidance(
        q["key"],
        q["title"],
        q["question"],
        tuple(item for item in expects if isinstance(item, str)),
        tuple(
            Topic(item["topic"], tuple(word.strip() for word in item["words"]))
            for item in expects
            if isinstance(item, dict)
        ),
        tuple(ExpectedItem(c["check"], c["item"], c["todo"]) for c in q.get("checks", ())),
    )


def _standards(rows: Any, path: Path) -> tuple[Threshold, ...]:
    out = []
    for row in rows:
        known = steps_for(row["standard"])
        if not known:
            raise GuidanceError(
                f"guidance pack {path}: standards: `{row['standard']}` is not a national"
                " standard stpctl knows"
            )
        out.append(
            known[0]._replace(
                threshold=float(row["threshold"]), from_year=row["from_year"], source=row["source"]
            )
        )
    return tuple(out)


def _validate(data: dict[str, Any], path: Path, locate: Any) -> None:
    version = data.get("guidance_pack")
    if version not in (1, 2) or isinstance(version, bool):
        line, column = locate("/guidance_pack" if "guidance_pack" in data else "")
        raise GuidanceError(
            f"guidance pack {path}:{line}:{column}: guidance_pack must be 1 or 2"
            " (the format version of the pack)"
        )
    name = f"guidance-{version}.schema.json"
    schema = json.loads(resources.schema_file(name).read_text("utf-8"))
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
