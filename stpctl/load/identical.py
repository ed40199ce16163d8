"""Whether two loaded values are the same, as a plan means them.

Python's ``==`` says ``1 == 1.0 == True`` and ignores the order of a
mapping's keys; a plan's values differ in all three.  Used to tell whether a
key written twice says the same thing both times, and by fixes to prove that
nothing but what they list has changed.
"""

from __future__ import annotations

from typing import Any


def identical(one: Any, other: Any) -> bool:
    """Same type and value all the way down, mapping keys in the same order."""
    if type(one) is not type(other):
        return False
    if isinstance(one, dict):
        return list(one) == list(other) and all(identical(one[k], other[k]) for k in one)
    if isinstance(one, list):
        return len(one) == len(other) and all(map(identical, one, other))
    return bool(one == other)
