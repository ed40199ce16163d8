"""Fixes that rewrite a value as the schema wants it, keeping what was written.

* A value YAML 1.1 read as a boolean, number or base-60 number where the
  schema wants text: quoted exactly as written (``no`` → ``"no"``, ``1.10``
  → ``"1.10"``).  Never where a date or financial year is wanted: quotes
  would make the text ``yes``, which is no date either.
* A financial year written ``2016-17`` or ``2016/2017``: ``2016/17``.
* A date written ``30 June 2016`` or ``30/06/2016``: ``2016-06-30``, read day
  first; unsafe when the day is 12 or less (``03/04/2016``).
* A number written with thousands separators (``780,000``, also when a comma
  split it inside ``{…}``) or, where the unit is already pounds, a pound sign
  (``£96.0``): the number alone.  ``£1.2m`` and the like stay as written.

Each fix answers the finding at its place (STP012 or STP013).
"""

from __future__ import annotations

import re
from typing import Any

from stpctl.check.schema_messages import RULE_BAD_VALUE, RULE_WRONG_TYPE
from stpctl.fix.edits import SAFE, UNSAFE, Edit, Fix
from stpctl.fix.plan_text import PlanText, parent_and_key, value_at
from stpctl.fix.written_forms import day_first_date, financial_year, is_pounds, plain_amount
from stpctl.load.loader import in_range
from stpctl.load.positions import PLAIN
from stpctl.load.yaml_scalars import resolve_plain
from stpctl.plan import finance_bridge

_RULES = (RULE_WRONG_TYPE, RULE_BAD_VALUE)
# Straight after a value inside {…}: the rest of a number a comma cut off.
_CUT_NUMBER = re.compile(r",[0-9]")


def value_fixes(plan: PlanText) -> list[Fix]:
    fixes = []
    places = dict.fromkeys(pointer for rule, pointer in plan.findings if rule in _RULES)
    for pointer in places:
        rule = _value_rule(plan, pointer)
        if rule is None:
            continue
        try:
            value = value_at(plan.data, pointer)
        except (KeyError, IndexError, ValueError):
            continue  # a finding about something missing
        fix = _fix(plan, rule, pointer, value)
        if fix is not None:
            fixes.append(fix)
    return fixes


def _value_rule(plan: PlanText, pointer: str) -> str | None:
    """The rule of the finding about the value at ``pointer`` (not its key:
    ``2017-18: £96.0`` has a finding for each)."""
    if (RULE_WRONG_TYPE, pointer) in plan.findings:
        return RULE_WRONG_TYPE
    if (RULE_BAD_VALUE, pointer) in plan.findings and pointer not in plan.wants.keys:
        return RULE_BAD_VALUE
    return None


def _fix(plan: PlanText, rule: str, pointer: str, value: Any) -> Fix | None:
    wants = plan.wants
    split = next((item for item in plan.loaded.splits if item.pointer == pointer), None)
    if split is not None:
        return _split_number(plan, rule, pointer, split.text, split.unsplit)
    source = plan.loaded.implicit.get(pointer)
    if source is not None and value is not None and not isinstance(value, str):
        return _quoted(plan, rule, pointer, source) if wants.text(pointer) else None
    if not isinstance(value, str):
        return None
    if wants.date(pointer):
        return _date(plan, rule, pointer, value)
    if wants.financial_year(pointer):
        year = financial_year(value)
        if year is None:
            return None
        message = f"write the financial year `{value}` as {year}"
        return _rewrite(plan, rule, pointer, value, year, message, SAFE)
    if wants.number(pointer):
        return _number(plan, rule, pointer, value)
    return None


def _quoted(plan: PlanText, rule: str, pointer: str, source: str) -> Fix | None:
    token = plan.token(plan.loaded.positions.span(pointer), source)
    if token is None or token.style != PLAIN:
        return None
    quoted = f'"{source}"'
    message = f"put `{source}` in quotes, so that it stays the text {quoted}"
    edit = Edit(token.start, token.end, quoted)
    return Fix(rule, pointer, message, SAFE, (edit,), value=source)


def _date(plan: PlanText, rule: str, pointer: str, value: str) -> Fix | None:
    read = day_first_date(value)
    if read is None:
        return None
    message = f"write the date `{value}` as {read.iso}"
    applicability = SAFE
    if read.ambiguous:
        applicability = UNSAFE
        message += (
            " (read day first, as in the UK; if it was written month first, it means another day)"
        )
    return _rewrite(plan, rule, pointer, value, read.iso, message, applicability)


def _rewrite(
    plan: PlanText,
    rule: str,
    pointer: str,
    value: str,
    new: str,
    message: str,
    applicability: str,
) -> Fix | None:
    """Text becomes other text, written in the same style (plain or quoted)."""
    token = plan.token(plan.loaded.positions.span(pointer), value)
    if token is None:
        return None
    edit = Edit(token.inner_start, token.inner_end, new)
    return Fix(rule, pointer, message, applicability, (edit,), value=new)


def _number(plan: PlanText, rule: str, pointer: str, value: str) -> Fix | None:
    pounds = is_pounds(_unit_for(plan.data, pointer))
    number = plain_amount(value, pounds)
    if number is None:
        return None
    token = plan.token(plan.loaded.positions.span(pointer), value)
    if token is None or _CUT_NUMBER.match(plan.text, token.end):
        return None  # `{a: £1,190.0}`: YAML cut it at the comma; `£1` is not the figure
    new = resolve_plain(number)
    if isinstance(new, bool) or not in_range(new):
        return None
    if "£" in value:
        message = f"write `{value}` as the number {number}: the unit is already pounds"
    else:
        message = f"write `{value}` as the number {number}, without thousands separators"
    # The whole token goes, quotes included: quoted, a number would stay text.
    return Fix(rule, pointer, message, SAFE, (Edit(token.start, token.end, number),), value=new)


def _split_number(
    plan: PlanText, rule: str, pointer: str, written: str, unsplit: str | None
) -> Fix | None:
    if unsplit is None or not plan.wants.number(pointer):
        return None
    span = plan.loaded.positions.span(pointer)
    if span is None or plan.text[span.start : span.end] != written:
        return None
    new = resolve_plain(unsplit)
    if isinstance(new, bool) or not in_range(new):
        return None
    message = (
        f"write `{written}` as the number {unsplit}: inside `{{…}}` the comma ends the"
        " entry, so YAML read it as two"
    )
    return Fix(rule, pointer, message, SAFE, (Edit(span.start, span.end, unsplit),), value=new)


def _unit_for(data: Any, pointer: str) -> object:
    """The unit a figure at ``pointer`` is in: the finance unit for the
    finance section, a measure's own unit for its baseline and target."""
    if pointer.startswith("/finance/"):
        return finance_bridge.unit(data)
    parent, key = parent_and_key(pointer)
    if key in ("baseline", "target"):
        try:
            measure = value_at(data, parent)
        except (KeyError, IndexError, ValueError):
            return None
        return measure.get("unit") if isinstance(measure, dict) else None
    return None
