"""Check a loaded plan against the JSON Schema (draft 2020-12).

Which validator runs is decided here; what the findings say is decided in
``schema_messages``.

Bounded on any input (issue 10):

* jsonschema-rs answers "valid?" for the whole plan first; when it says no,
  its own errors go through the translator (``fast_errors``: 0.1 ms where
  jsonschema took 20 ms and a 45 ms import).  jsonschema is the reference
  (``tests/test_schema_parity.py``) and the fallback where jsonschema-rs
  cannot read a plan; then it walks only the list items and properties
  jsonschema-rs calls wrong against their own part of the schema, so one
  wrong value in a plan of 100,000 actions costs the walk of that value.
* ``uniqueItems`` is checked by hashing, never by comparing every pair (a
  list of mixed kinds made jsonschema compare all of them).
* At most ``MAX_SCHEMA_FINDINGS`` findings are made for one file; the last
  one says the check stopped there (STP005).  A finding per wrong value of
  a list of a million costs minutes, and no one fixes a file that way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import cache
from typing import Any, cast

from stpctl.check.fast_errors import fast_errors
from stpctl.check.schema_messages import RULE_MISSING_KEY, Translator, json_key
from stpctl.load.loader import RULE_UNSAFE, Positions, SplitNumber
from stpctl.plan.plan_parts import is_financial_year
from stpctl.records.finding import Finding, Severity
from stpctl.reference import resources

MAX_SCHEMA_FINDINGS = 10_000
# jsonschema-rs makes all its errors before giving the first, at a cost per
# error that grows with their number (13 µs each for 2,000, 50 µs for
# 200,000): a plan with more values than this is walked by jsonschema, which
# stops at MAX_SCHEMA_FINDINGS.
FAST_ERRORS_UP_TO = 20_000


def years_follow(value: object) -> bool:
    """The ``financial-year`` format: the two years of ``2016/17`` follow each
    other.  Anything not shaped YYYY/YY passes here; the pattern reports it."""
    if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}/[0-9]{2}", value):
        return True
    return is_financial_year(value)


@cache
def plan_schema(version: int = 1) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(resources.schema_path(version).read_text("utf-8"))
    return result


@cache
def _validator(skip_valid: bool, version: int = 1) -> Any:
    """jsonschema's validator for the plan schema; with ``skip_valid``, one
    that leaves out the parts jsonschema-rs calls valid (see the module's notes)."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=("date",))
    checker.checks("financial-year")(years_follow)
    base = jsonschema.Draft202012Validator
    keywords: dict[str, Any] = {"uniqueItems": _unique_items}
    if skip_valid:
        valid = _part_check(version)
        keywords["items"] = _items_skipping(base.VALIDATORS["items"], valid)
        keywords["properties"] = _properties_skipping(valid)
    validator = cast(Any, jsonschema.validators).extend(base, keywords)
    return validator(plan_schema(version), format_checker=checker)


def _part_check(version: int) -> Callable[[Any, Any], bool]:
    """``valid(subschema, value)``: jsonschema-rs's verdict on one part of a
    plan against one part of the schema (``False`` when it cannot judge)."""
    import jsonschema_rs

    root = plan_schema(version)
    compiled: dict[int, Any] = {}

    def valid(subschema: Any, value: Any) -> bool:
        if not isinstance(subschema, dict):
            return False
        check = compiled.get(id(subschema))
        if check is None:
            whole = {**subschema, "$schema": root.get("$schema"), "$defs": root.get("$defs", {})}
            check = jsonschema_rs.validator_for(
                whole, formats={"financial-year": years_follow}, validate_formats=True
            ).is_valid
            compiled[id(subschema)] = check
        try:
            return bool(check(value))
        except Exception:  # e.g. a number too large for Rust: let jsonschema judge
            return False

    return valid


def _items_skipping(items: Any, valid: Callable[[Any, Any], bool]) -> Any:
    def skipping(validator: Any, schema_items: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if schema.get("prefixItems") or not isinstance(instance, list):
            yield from items(validator, schema_items, instance, schema)
            return
        for index, item in enumerate(instance):
            if not valid(schema_items, item):
                yield from validator.descend(item, schema_items, path=index)

    return skipping


def _properties_skipping(valid: Callable[[Any, Any], bool]) -> Any:
    def skipping(validator: Any, properties: Any, instance: Any, schema: Any) -> Iterator[Any]:
        if not isinstance(instance, dict):
            return
        for name, subschema in properties.items():
            if name in instance and not valid(subschema, instance[name]):
                yield from validator.descend(instance[name], subschema, path=name, schema_path=name)

    return skipping


def _unique_items(validator: Any, unique: Any, instance: Any, schema: Any) -> Iterator[Any]:
    """``uniqueItems`` by hashing each item's JSON value: linear, where
    jsonschema compares every pair of a list it cannot sort."""
    if not unique or not isinstance(instance, list):
        return
    seen: set[Any] = set()
    for item in instance:
        key = json_key(item)
        if key in seen:
            import jsonschema

            yield jsonschema.ValidationError(f"{_short_repr(instance)} has non-unique elements")
            return
        seen.add(key)


def _short_repr(value: Any) -> str:
    text = repr(value) if not isinstance(value, list) or len(value) <= 20 else "the list"
    return text[:200]


def schema_errors(data: Any) -> list[Any]:
    """jsonschema's own errors for ``data`` (for fixes, which need to know
    what the schema wants at a place, not a message)."""
    return list(_errors(data))


def _errors(data: Any, translated: bool = False) -> Iterable[Any]:
    """The schema's errors for ``data``: none when jsonschema-rs finds it
    valid; with ``translated``, jsonschema-rs's own errors in the shape the
    message translator reads (up to ``FAST_ERRORS_UP_TO`` values); else
    jsonschema's, walking only the parts jsonschema-rs finds wrong."""
    fast = fast_validator()
    if fast is not None:
        try:
            if fast(data):
                return ()
            if translated and _values_up_to(data, FAST_ERRORS_UP_TO) < FAST_ERRORS_UP_TO:
                return list(fast_errors(plan_schema(), _fast_error_walk()(data)))
        except Exception:  # e.g. a number too large for Rust: let jsonschema judge
            pass
    errors: Iterator[Any] = _validator(fast is not None).iter_errors(data)
    return errors


@cache
def _fast_error_walk(version: int = 1) -> Callable[[Any], Iterator[Any]]:
    """jsonschema-rs's ``iter_errors`` for the plan schema (only called where
    ``fast_validator`` found jsonschema-rs installed)."""
    import jsonschema_rs

    validator = jsonschema_rs.validator_for(
        plan_schema(version),
        formats={"financial-year": years_follow},
        validate_formats=True,
    )
    walk: Callable[[Any], Iterator[Any]] = validator.iter_errors
    return walk


@cache
def fast_validator(version: int = 1) -> Callable[[Any], bool] | None:
    """A yes/no validity check from jsonschema-rs, about fifty times faster than
    jsonschema; ``None`` where it is not installed.

    It only ever answers "valid?": every message comes from jsonschema, the
    reference, so findings are identical whichever path ran (a parity test
    checks the two agree on validity).
    """
    try:
        import jsonschema_rs
    except ImportError:  # pragma: no cover - a platform without its wheels
        return None
    validator = jsonschema_rs.validator_for(
        plan_schema(version),
        formats={"financial-year": years_follow},
        validate_formats=True,
    )
    is_valid: Callable[[Any], bool] = validator.is_valid
    return is_valid


def check_schema(
    data: Any,
    positions: Positions,
    implicit: dict[str, str],
    splits: Iterable[SplitNumber] = (),
    out_of_range: Mapping[str, str] | None = None,
) -> list[Finding]:
    """All schema findings for a loaded plan, one per problem, in file order.
    ``splits`` and ``out_of_range`` are the loader's numbers kept as text,
    which the messages explain."""
    translator = Translator(plan_schema(), positions, implicit, splits, out_of_range)
    findings: dict[tuple[str, str, str], Finding] = {}
    for error in _errors(data, translated=True):
        for finding in translator.translate(error):
            # pattern and format (or type and enum) can both fail on one value: say it once;
            # but two missing keys share a pointer and are two findings
            missing = finding.message if finding.rule == RULE_MISSING_KEY else ""
            findings.setdefault((finding.rule, finding.pointer, missing), finding)
            if len(findings) >= MAX_SCHEMA_FINDINGS:
                return [*sorted(findings.values(), key=Finding.sort_key), _stopped(finding)]
    return sorted(findings.values(), key=Finding.sort_key)


def _values_up_to(data: Any, limit: int) -> int:
    """How many values ``data`` holds, counting no further than ``limit``."""
    count = 0
    todo = [data]
    while todo and count < limit:
        node = todo.pop()
        count += 1
        if isinstance(node, dict):
            todo.extend(node.values())
        elif isinstance(node, list):
            todo.extend(node)
    return count


def _stopped(last: Finding) -> Finding:
    return Finding(
        RULE_UNSAFE,
        Severity.ERROR,
        f"the schema check stopped after {MAX_SCHEMA_FINDINGS:,} findings (the last at line"
        f" {last.line}): a file this far from the plan format is not checked further; fix what"
        " is listed, or check that this is the plan file, and run again",
        last.pointer,
        last.line,
        last.column,
    )
