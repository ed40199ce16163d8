"""The actions section of ``stpctl diff``: which actions were added, removed,
closed, reopened, slipped or brought forward.

Actions are matched by ``id``; an action without one by its question and
title, so renaming an id-less action shows as one removed and one added.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stpctl.documents.diff_base import pair, plan_text
from stpctl.plan.plan_parts import actions, parse_day

CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class Action:
    id: str | None
    question: str
    title: str
    owner: str | None
    due: str | None
    status: str
    pointer: str


@dataclass(frozen=True)
class ActionChange:
    old: Action
    new: Action

    @property
    def days_moved(self) -> int | None:
        """Days the due date moved (later is positive), when both are dates."""
        before, after = parse_day(self.old.due), parse_day(self.new.due)
        return (after - before).days if before and after else None


@dataclass
class ActionsDiff:
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    closed: list[ActionChange] = field(default_factory=list)
    reopened: list[ActionChange] = field(default_factory=list)
    slipped: list[ActionChange] = field(default_factory=list)
    brought_forward: list[ActionChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(vars(self).values())


def compare_actions(old: dict[str, Any], new: dict[str, Any]) -> ActionsDiff:
    pairs, removed, added = pair(_action_list(old), _action_list(new))
    out = ActionsDiff(added=added, removed=removed)
    for before, after in pairs:
        change = ActionChange(before, after)
        if before.status not in CLOSED and after.status in CLOSED:
            out.closed.append(change)
        elif before.status in CLOSED and after.status not in CLOSED:
            out.reopened.append(change)
        moved = change.days_moved
        if moved is not None and moved > 0:
            out.slipped.append(change)
        elif moved is not None and moved < 0:
            out.brought_forward.append(change)
    return out


def _action_list(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Action]]:
    out: list[tuple[tuple[str, ...], Action]] = []
    for pointer, raw in actions(data):
        question = pointer.split("/")[2].replace("~1", "/").replace("~0", "~")
        ident = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else None
        status = raw.get("status")
        action = Action(
            id=ident,
            question=question,
            title=plan_text(raw.get("title")) or "",
            owner=plan_text(raw.get("owner")),
            due=plan_text(raw.get("due")),
            status=status if isinstance(status, str) else "open",
            pointer=pointer,
        )
        key = ("id", ident) if ident else ("title", question, action.title)
        out.append((key, action))
    return out
