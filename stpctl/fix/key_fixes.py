"""Fixes to keys: a misspelt key renamed, a key written twice with the same value removed.

* An unknown key with exactly one close match among the keys allowed there
  (``questoins`` → ``questions``, ``ower`` → ``owner``) is renamed (STP010);
  a financial-year key written ``2016-17`` becomes ``2016/17`` (STP013).
  Never when the new name is already in that mapping: that would make a key
  written twice.
* A key written twice whose two values are the same is written once (STP004):
  the second entry is removed, with its line when it has one to itself.  Not
  when that entry holds a ``#`` (a comment would be lost) or an anchor (an
  alias may use it), shares its line with something else, or another fix
  changes it.
"""

from __future__ import annotations

import difflib
import re

from stpctl.check.schema_messages import RULE_BAD_VALUE, RULE_UNKNOWN_KEY
from stpctl.fix.edits import LATER, SAFE, Edit, Fix
from stpctl.fix.plan_text import PlanText, parent_and_key, value_at
from stpctl.fix.written_forms import financial_year
from stpctl.load.loader import RULE_DUPLICATE_KEY, RepeatedKey
from stpctl.load.positions import FLOW

_BLANK = re.compile(r"[ \t]*")
# An anchor (`&name`) that an alias further on may use: `A&E` is not one.
_ANCHOR = re.compile(r"(?<![^\s\[\]{},])&[^\s\[\]{},]")
_LINE_END = re.compile(r"[ \t]*(?:\r\n|\n|\r|\Z)")


def key_fixes(plan: PlanText) -> list[Fix]:
    fixes = []
    for rule, pointer in list(plan.findings):
        fix = None
        if rule == RULE_UNKNOWN_KEY:
            fix = _misspelt(plan, pointer)
        elif rule == RULE_BAD_VALUE and plan.wants.key_financial_year(pointer):
            fix = _year_key(plan, pointer)
        if fix is not None:
            fixes.append(fix)
    return fixes


def close_match(key: str, allowed: list[str]) -> str | None:
    """The one allowed key ``key`` is a slip of: one edit away (a letter
    added, dropped, changed, or two swapped), two for a key over five letters;
    and the key stpctl's message suggests.  ``None`` when none or several are."""
    limit = 1 if len(key) <= 5 else 2
    near = [name for name in allowed if _distance(key, name, limit) <= limit]
    suggested = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
    if len(near) == 1 and suggested == near:
        return near[0]
    return None


def _distance(one: str, other: str, limit: int) -> int:
    """Edits from ``one`` to ``other`` (optimal string alignment: insert,
    delete, replace, swap two neighbours), or ``limit + 1`` once it is over."""
    if abs(len(one) - len(other)) > limit:
        return limit + 1
    before: list[int] = []
    row = list(range(len(other) + 1))
    for i, a in enumerate(one, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            cost = 0 if a == b else 1
            best = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + cost)
            if i > 1 and j > 1 and a == other[j - 2] and one[i - 2] == b:
                best = min(best, before[j - 2] + 1)
            current.append(best)
        before, row = row, current
        if min(row) > limit:
            return limit + 1
    return row[-1]


def _misspelt(plan: PlanText, pointer: str) -> Fix | None:
    parent, key = parent_and_key(pointer)
    allowed = plan.wants.allowed.get(parent)
    if not allowed:
        return None
    target = close_match(key, allowed)
    if target is None:
        return None
    return _rename(plan, RULE_UNKNOWN_KEY, pointer, key, target, f"rename `{key}` to `{target}`")


def _year_key(plan: PlanText, pointer: str) -> Fix | None:
    _, key = parent_and_key(pointer)
    year = financial_year(key)
    if year is None:
        return None
    message = f"write the financial year `{key}` as {year}"
    return _rename(plan, RULE_BAD_VALUE, pointer, key, year, message)


def _rename(
    plan: PlanText, rule: str, pointer: str, key: str, target: str, message: str
) -> Fix | None:
    parent, _ = parent_and_key(pointer)
    try:
        mapping = value_at(plan.data, parent)
    except (KeyError, IndexError, ValueError):
        return None
    if not isinstance(mapping, dict) or target in mapping:
        return None  # the new name is taken: renaming would write a key twice
    if any(repeated.pointer == pointer for repeated in plan.loaded.repeated_keys):
        # Written twice: renaming the entry that counts would leave the other
        # behind under the old name.  Once one entry is removed (STP004's fix,
        # or by hand), the next pass renames the one left.
        return None
    token = plan.token(plan.loaded.positions.key_span(pointer), key)
    if token is None:
        return None
    edit = Edit(token.inner_start, token.inner_end, target)
    return Fix(rule, pointer, message, SAFE, (edit,), key=target)


def duplicate_fixes(plan: PlanText, others: list[Fix]) -> list[Fix]:
    """Remove the second of two entries with the same key and value, unless
    another fix (in ``others``) changes it."""
    fixes = []
    for repeated in plan.loaded.repeated_keys:
        if not repeated.same_value or (RULE_DUPLICATE_KEY, repeated.pointer) not in plan.findings:
            continue
        span = _entry(plan, repeated)
        if span is None:
            continue
        start, end = span
        if any(start <= edit.start < end for fix in others for edit in fix.edits):
            continue  # that fix is applied first; a next run can remove the entry
        _, key = parent_and_key(repeated.pointer)
        earlier = repeated.earlier_key.line
        later = repeated.later_key.line
        where = f"line {later}" if later != earlier else f"column {repeated.later_key.column}"
        message = f"remove the second `{key}` ({where}): its value is the same as the first's"
        edits = (Edit(start, end, ""),)
        fixes.append(Fix(RULE_DUPLICATE_KEY, repeated.pointer, message, SAFE, edits, removes=LATER))
    return fixes


def _entry(plan: PlanText, repeated: RepeatedKey) -> tuple[int, int] | None:
    """The characters to remove with the second entry: from the comma before
    it to its value's end inside ``{…}``; its whole line(s) in a block."""
    text = plan.text
    key, value = repeated.later_key, repeated.later_value
    parent, _ = parent_and_key(repeated.pointer)
    parent_span = plan.loaded.positions.span(parent)
    if parent_span is None:
        return None
    if parent_span.style == FLOW:
        comma = key.start - 1
        while comma >= 0 and text[comma] in " \t\r\n":
            comma -= 1
        if comma < 0 or text[comma] != ",":
            return None  # a comment or `?` before the key
        start, end = comma, value.end
    else:
        line_start = max(text.rfind("\n", 0, key.start), text.rfind("\r", 0, key.start)) + 1
        if not _BLANK.fullmatch(text, line_start, key.start):
            return None  # `- key: …` or `? key`: the line holds more than this entry
        start, end = line_start, value.end
        if text[end - 1 : end] not in ("\n", "\r"):  # a block scalar ends after its line break
            line_end = _LINE_END.match(text, end)
            if line_end is None:
                return None  # something after the value on its line (a comment)
            end = line_end.end()
    removed = text[start:end]
    if "#" in removed:
        return None  # a comment (or a # in the text): removing it would lose words
    if _ANCHOR.search(removed):
        return None  # an alias further on may need the anchor
    return start, end
