"""jsonschema-rs's errors in the shape the message translator reads.

The translator (``schema_messages``) reads an error's kind, instance path,
schema path, the part of the schema that failed, that part's keyword value
and the value that failed: nothing that depends on which validator found the
error.  jsonschema-rs gives all of them, about two hundred times faster than
jsonschema walking the plan (20 ms and a 45 ms import for one wrong value),
so it writes the findings; jsonschema stays the reference that
``tests/test_schema_parity.py`` compares against, on every plan of the suite
and on mutated plans.

Where the two validators report one problem differently, this module
reshapes jsonschema-rs's report into jsonschema's:

* ``required``: one error per missing key (jsonschema: one per keyword,
  listing all of them); the translator is told the one key.
* ``propertyNames``: an error wrapping the key's own error; the wrapped
  error is what failed, the mapping is where.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any


class FastError:
    """One schema error, with the attributes of jsonschema's ``ValidationError``
    that the translator reads."""

    __slots__ = (
        "absolute_path",
        "absolute_schema_path",
        "context",
        "instance",
        "message",
        "schema",
        "validator",
        "validator_value",
    )

    def __init__(
        self,
        validator: str,
        validator_value: Any,
        instance: Any,
        absolute_path: Sequence[str | int],
        absolute_schema_path: Sequence[str | int],
        schema: Any,
        message: str,
    ) -> None:
        self.validator = validator
        self.validator_value = validator_value
        self.instance = instance
        self.absolute_path = absolute_path
        self.absolute_schema_path = absolute_schema_path
        self.schema = schema
        self.message = message
        self.context: list[Any] = []  # anyOf/oneOf alternatives: the plan schema has none


def _part(root: Any, schema_path: Sequence[str | int]) -> Any:
    """The schema object that holds the failing keyword (``schema_path`` is
    jsonschema-rs's location after following ``$ref``s, from the root)."""
    part = root
    for step in schema_path[:-1]:
        part = part[step]
    return part


def fast_errors(root: dict[str, Any], errors: Iterator[Any]) -> Iterator[FastError]:
    """jsonschema-rs's ``iter_errors`` output, reshaped (see the module's notes)."""
    for error in errors:
        kind = error.kind.name
        if kind == "propertyNames":
            inner = error.kind.error
            schema = _part(root, inner.schema_path)
            keyword = inner.kind.name
            yield FastError(
                keyword,
                schema.get(keyword) if isinstance(schema, dict) else None,
                inner.instance,
                error.instance_path,
                [*error.evaluation_path, "propertyNames"],
                schema,
                inner.message,
            )
            continue
        schema = _part(root, error.schema_path)
        value = [error.kind.property] if kind == "required" else schema.get(kind)
        yield FastError(
            kind,
            value,
            error.instance,
            error.instance_path,
            error.evaluation_path,
            schema,
            error.message,
        )
