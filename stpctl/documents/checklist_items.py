"""The lines of the submission checklist (``stpctl checklist``).

What kind of line an item is and what state it is in, the ``Note``, ``Item``
and ``Section`` records, and ``ItemBuilder``: the plan, its positions and
the settings that both the per-question items (``checklist_questions``) and
the plan-level items (``checklist_plan_items``) are built from.  The
checklist itself and ``build`` are in ``checklist``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stpctl.check.checker import Settings
from stpctl.load.loader import Positions
from stpctl.reference.guidance import ExpectedItem

# What kind of line an item is: ticked from the plan, ticked by a person, or an open action.
CHECK = "check"
BY_HAND = "by_hand"
ACTION = "action"

# An item's state: ``status`` in JSON and CSV.
DONE = "done"
TO_DO = "to do"
WAIVED = "waived"
# An unticked item of a question that is already "answered" by PRODUCT.md §3 (an
# owner, a measure with a target, an action with an owner and a due date): the
# status rule does not need it (evidence; a baseline as well as a target), but
# reviewers look for it, so the checklist recommends it instead of contradicting
# the status.
RECOMMENDED = "recommended"


@dataclass(frozen=True)
class Note:
    """One problem under a plan-level item: what to do and where.  ``waived``
    says so ("waived until 2016-12-31: reason") when a live waiver covers it."""

    todo: str
    pointer: str
    line: int
    waived: str = ""


@dataclass(frozen=True)
class Item:
    """One checklist line.  ``todo`` is empty when nothing is left to do;
    ``line`` is where ``pointer`` (or its nearest written ancestor) is.
    ``status`` is ``done``, ``to do``, ``waived`` (every problem accepted
    under a live waiver: unticked, but nothing left to do now) or
    ``recommended`` (see ``RECOMMENDED``).  A plan-level
    item lists its problems in ``notes``, one per problem, each with its own
    pointer and line."""

    section: str
    text: str
    done: bool
    todo: str = ""
    owner: str | None = None
    due: str | None = None
    pointer: str = ""
    line: int = 1
    overdue_days: int | None = None
    kind: str = CHECK
    status: str = ""
    notes: list[Note] = field(default_factory=list)
    rule: str = ""  # the rule of a finding's item (kind ``finding``)

    def __post_init__(self) -> None:
        if not self.status:  # frozen: set the default the dataclass way
            object.__setattr__(self, "status", self.default_status())

    def default_status(self) -> str:
        if self.kind == BY_HAND:
            return "check by hand"
        if self.kind == ACTION:
            return "overdue action" if self.overdue_days is not None else "open action"
        return DONE if self.done else TO_DO


@dataclass(frozen=True)
class Section:
    """One national question: its wording, status, items and open actions."""

    key: str
    title: str
    question: str
    status: str
    owner: str | None
    items: list[Item] = field(default_factory=list)
    open_actions: list[Item] = field(default_factory=list)

    def recommended(self) -> list[Item]:
        """Unticked items of an answered question (see ``RECOMMENDED``)."""
        return [item for item in self.items if item.status == RECOMMENDED]


def one_line_text(value: object) -> str | None:
    """Plan text on one line, or ``None`` when there is none."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


class ItemBuilder:
    """What the builders of both kinds of item share: the plan, where its
    values are written, and the settings that decide the items."""

    def __init__(self, plan: dict[str, Any], positions: Positions, settings: Settings) -> None:
        self.plan = plan
        self.positions = positions
        self.as_of = settings.as_of
        self.expects: tuple[ExpectedItem, ...] = settings.guidance.expects
        self.placeholders = settings.guidance.placeholders
        self.triple_aim = settings.guidance.triple_aim
        self.must_do = settings.guidance.must_do
        self.waivers = settings.waivers

    def item(
        self, section: str, text: str, done: bool, todo: str, pointer: str, **more: Any
    ) -> Item:
        """An item at ``pointer``, on the line where the plan writes it; a done
        item has nothing left to do, whatever ``todo`` says."""
        line = self.positions.locate(pointer)[0]
        return Item(section, text, done, "" if done else todo, pointer=pointer, line=line, **more)
