"""The proof that a set of fixes changes only what it lists.

From the plan as loaded and the fixes, ``expected_data`` says what the fixed
plan must load as: each value a fix rewrites becomes its new value, each key
it renames takes its new name in the same place, an entry written twice
with the same value leaves the data as it was.  ``differences`` compares that
with what the fixed text really loads as, pointer by pointer, types and key
order included.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

from stpctl.fix.edits import UNCHANGED, Fix
from stpctl.fix.plan_text import parent_and_key, value_at
from stpctl.records.pointers import escape_pointer_token


def moved(pointer: str, fixes: Iterable[Fix]) -> str:
    """Where ``pointer`` (in the plan as read) is after the fixes' renames."""
    for fix in fixes:
        if fix.key is None:
            continue
        if pointer == fix.pointer or pointer.startswith(fix.pointer + "/"):
            parent, _ = parent_and_key(fix.pointer)
            renamed = f"{parent}/{escape_pointer_token(fix.key)}"
            pointer = renamed + pointer[len(fix.pointer) :]
    return pointer


def expected_data(data: Any, fixes: Iterable[Fix]) -> Any:
    """What the plan must load as once ``fixes`` are applied."""
    fixes = list(fixes)
    expected = copy.deepcopy(data)
    for fix in fixes:  # values first: their pointers are those of the plan as read
        if fix.value is not UNCHANGED:
            parent, key = parent_and_key(fix.pointer)
            container = value_at(expected, parent)
            container[int(key) if isinstance(container, list) else key] = fix.value
    # Renames deepest first, so that a rename inside a renamed mapping still finds its place.
    for fix in sorted(fixes, key=lambda item: -item.pointer.count("/")):
        if fix.key is not None:
            parent, key = parent_and_key(fix.pointer)
            mapping = value_at(expected, parent)
            renamed = {fix.key if name == key else name: item for name, item in mapping.items()}
            mapping.clear()
            mapping.update(renamed)
    return expected


def differences(expected: Any, actual: Any) -> list[str]:
    """Every place where ``actual`` is not ``expected``: a value of another
    type or value, a key missing, added or in another order."""
    want = dict(_flatten(expected))
    have = dict(_flatten(actual))
    found = [
        f"{pointer}: expected {want[pointer]}, found {have.get(pointer, 'nothing')}"
        for pointer in want
        if want[pointer] != have.get(pointer)
    ]
    found += [
        f"{pointer}: not expected, found {have[pointer]}" for pointer in have if pointer not in want
    ]
    return found


def _flatten(value: Any, pointer: str = "") -> Iterator[tuple[str, str]]:
    """Pointer → a description that tells apart types (1, 1.0, true) and
    mapping key orders."""
    if isinstance(value, dict):
        yield pointer, f"mapping {list(value)!r}"
        for key, item in value.items():
            yield from _flatten(item, f"{pointer}/{escape_pointer_token(key)}")
    elif isinstance(value, list):
        yield pointer, f"list of {len(value)}"
        for index, item in enumerate(value):
            yield from _flatten(item, f"{pointer}/{index}")
    else:
        yield pointer, f"{type(value).__name__} {value!r}"
