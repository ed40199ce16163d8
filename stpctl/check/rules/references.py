"""Identifiers and references (PRODUCT.md §4): ids are unique, and what a
priority points at exists.

Ids that are not text are left to the schema check; here we only compare
the ids a reader could confuse.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import actions, mappings
from stpctl.records.finding import Severity
from stpctl.records.pointers import display_path
from stpctl.reference.guidance import QUESTION_KEYS


def _duplicates(
    ctx: PlanContext,
    kind: str,
    entries: Iterator[tuple[str, dict[str, Any]]],
    field: str,
    advice: str,
) -> Iterator[Issue]:
    """One issue for each repeat of a ``field`` value among ``entries``
    (pointer of the entry, the entry), naming where it was first used."""
    first: dict[str, tuple[str, dict[str, Any]]] = {}
    count: dict[str, int] = {}
    for pointer, entry in entries:
        value = entry.get(field)
        if not isinstance(value, str):
            continue
        if value not in first:
            first[value] = (pointer, entry)
            count[value] = 1
            continue
        count[value] += 1
        times = "twice" if count[value] == 2 else f"{count[value]} times"
        where, earlier = first[value]
        line, _ = ctx.positions.locate(where)
        message = (
            f"{kind} `{value}` is used {times}: first at `{display_path(where)}`"
            f" ({_called(earlier)}line {line}); {advice}"
        )
        yield Issue(message, f"{pointer}/{field}")


def _called(entry: dict[str, Any]) -> str:
    """The title or name of an entry, quoted, for a reader who knows things by name."""
    for key in ("title", "name"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            text = " ".join(value.split())
            return f'"{_clip(text, 60)}", '
    return ""


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _listed(data: dict[str, Any], *path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """The mappings in the list at ``path`` (e.g. footprint, organisations)."""
    value: object = data
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    base = "".join(f"/{key}" for key in path)
    for index, item in mappings(value):
        yield f"{base}/{index}", item


@rule("STP201", "duplicate-id", Severity.ERROR)
def duplicate_id(ctx: PlanContext) -> Iterator[Issue]:
    """An identifier is used more than once.

    Delivery area ids, priority ids and ODS codes of the footprint's
    organisations must each be unique, and so must action ids across the
    whole plan (all ten questions together): checklists, reports and board
    papers refer to things by id, and two things with one id make every such
    reference ambiguous.  The finding points at the second use and names
    where the first one is.

    Failing:

        questions:
          prevention:
            actions:
              - {id: A3, title: Commission NDPP}
          workforce:
            actions:
              - {id: A3, title: Launch a joint staff bank}

    Passing:

        questions:
          prevention:
            actions:
              - {id: PRV1, title: Commission NDPP}
          workforce:
            actions:
              - {id: WF1, title: Launch a joint staff bank}
    """
    data = ctx.data
    areas = _listed(data, "delivery_areas")
    yield from _duplicates(
        ctx, "delivery area id", areas, "id", "give each delivery area its own id"
    )
    priorities = _listed(data, "priorities")
    yield from _duplicates(ctx, "priority id", priorities, "id", "give each priority its own id")
    yield from _duplicates(
        ctx, "action id", actions(data), "id", "give each action in the plan its own id"
    )
    organisations = _listed(data, "footprint", "organisations")
    yield from _duplicates(
        ctx,
        "ODS code",
        organisations,
        "code",
        "list each organisation once, and check the code against ODS",
    )


def _suggest(value: str, valid: list[str], what: str) -> str:
    """ "did you mean X?", or the valid values when none is near (``what`` is plural)."""
    if not valid:
        return f"the plan lists no {what}"
    near = difflib.get_close_matches(value, valid, n=1)
    if near:
        return f"did you mean `{near[0]}`?"
    return f"the valid {what} are: {', '.join(f'`{item}`' for item in valid)}"


def _area_ids(areas: object) -> list[str] | None:
    """The delivery area ids, or ``None`` when the list is malformed: the
    schema reports that, and comparing against a half-read list would only
    add noise."""
    if areas is None:
        return []
    if not isinstance(areas, list):
        return None
    ids = []
    for item in areas:
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str):
            return None
        ids.append(ident)
    return ids


@rule("STP202", "unresolved-reference", Severity.ERROR)
def unresolved_reference(ctx: PlanContext) -> Iterator[Issue]:
    """A priority refers to a delivery area or a question that does not exist.

    Each priority's `delivery_area` must be the id of one of the plan's
    `delivery_areas`, and each entry of its `questions` must be one of the
    ten national question keys (`prevention`, `engagement`,
    `general_practice`, `new_care_models`, `core_standards`,
    `clinical_priorities`, `quality_and_safety`, `technology`, `workforce`,
    `financial_balance`).  A reference that does not resolve usually is a
    typo, and it drops the priority out of the report for the area or
    question it was meant for.  The message names the nearest valid value.

    Failing:

        delivery_areas:
          - {id: DA1, title: Prevention at scale}
        priorities:
          - {id: P1, title: Healthy weight, delivery_area: DA2, questions: [preventon]}

    Passing:

        delivery_areas:
          - {id: DA1, title: Prevention at scale}
        priorities:
          - {id: P1, title: Healthy weight, delivery_area: DA1, questions: [prevention]}
    """
    area_ids = _area_ids(ctx.data.get("delivery_areas"))
    for pointer, priority in _listed(ctx.data, "priorities"):
        name = priority.get("id")
        label = f"priority {name}" if isinstance(name, str) else f"`{display_path(pointer)}`"
        area = priority.get("delivery_area")
        if area_ids is not None and isinstance(area, str) and area not in area_ids:
            hint = _suggest(area, area_ids, "delivery area ids")
            message = (
                f"{label} belongs to delivery area `{area}`, which is not listed under"
                f" `delivery_areas`; {hint}"
            )
            yield Issue(message, f"{pointer}/delivery_area")
        keys = priority.get("questions")
        if not isinstance(keys, list):
            continue
        for index, key in enumerate(keys):
            if isinstance(key, str) and key not in QUESTION_KEYS:
                hint = _suggest(key, list(QUESTION_KEYS), "question keys")
                message = (
                    f"{label} names question `{key}`, which is not one of the ten national"
                    f" questions; {hint}"
                )
                yield Issue(message, f"{pointer}/questions/{index}")


RULES = [duplicate_id, unresolved_reference]
