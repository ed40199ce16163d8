"""Check a loaded plan against the JSON Schema (draft 2020-12).

Which validator runs is decided here; what the findings say is decided in
``schema_messages``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cache
from typing import Any

from stpctl.check.schema_messages import RULE_MISSING_KEY, Translator
from stpctl.load.loader import Positions, SplitNumber
from stpctl.plan.plan_parts import is_financial_year
from stpctl.records.finding import Finding
from stpctl.reference import resources


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
def _validator(version: int = 1) -> Any:
    import jsonschema

    checker = jsonschema.FormatChecker(formats=("date",))
    checker.checks("financial-year")(years_follow)
    return jsonschema.Draft202012Validator(plan_schema(version), format_checker=checker)


def schema_errors(data: Any) -> list[Any]:
    """jsonschema's own errors for ``data`` (for fixes, which need to know
    what the schema wants at a place, not a message)."""
    return list(_validator().iter_errors(data))


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
    fast = fast_validator()
    if fast is not None:
        try:
            if fast(data):
                return []
        except Exception:  # e.g. a number too large for Rust: let jsonschema judge
            pass
    translator = Translator(plan_schema(), positions, implicit, splits, out_of_range)
    findings: dict[tuple[str, str, str], Finding] = {}
    for error in _validator().iter_errors(data):
        for finding in translator.translate(error):
            # pattern and format (or type and enum) can both fail on one value: say it once;
            # but two missing keys share a pointer and are two findings
            missing = finding.message if finding.rule == RULE_MISSING_KEY else ""
            findings.setdefault((finding.rule, finding.pointer, missing), finding)
    return sorted(findings.values(), key=Finding.sort_key)
