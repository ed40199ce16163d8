"""What the schema wants at each place a fix may touch, read from jsonschema's
own errors (so ``$ref``s and ``additionalProperties`` are resolved as the
check resolved them)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from stpctl.records.pointers import escape_pointer_token

_DATE = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_FINANCIAL_YEAR = "^[0-9]{4}/[0-9]{2}$"


def pointer_of(parts: Iterable[Any]) -> str:
    return "".join(f"/{escape_pointer_token(str(part))}" for part in parts)


def _is_date(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("format") == "date" or schema.get("pattern") == _DATE
    )


def _is_financial_year(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("format") == "financial-year" or schema.get("pattern") == _FINANCIAL_YEAR
    )


def _types(schema: Any) -> set[str]:
    wanted = schema.get("type") if isinstance(schema, dict) else None
    if isinstance(wanted, str):
        return {wanted}
    return set(wanted) if isinstance(wanted, list) else set()


class SchemaWants:
    """jsonschema's errors for a plan, indexed by the place they concern."""

    def __init__(self, errors: Iterable[Any]) -> None:
        self.values: dict[str, list[Any]] = {}
        self.keys: dict[str, Any] = {}  # a key's pointer → its propertyNames error
        self.allowed: dict[str, list[str]] = {}  # a mapping → the keys it may hold
        for error in errors:
            pointer = pointer_of(error.absolute_path)
            if "propertyNames" in error.absolute_schema_path:
                self.keys[f"{pointer}/{escape_pointer_token(str(error.instance))}"] = error
            elif error.validator == "additionalProperties":
                self.allowed[pointer] = list(error.schema.get("properties", {}))
            else:
                self.values.setdefault(pointer, []).append(error)

    def _schemas(self, pointer: str) -> list[Any]:
        return [error.schema for error in self.values.get(pointer, [])]

    def text(self, pointer: str) -> bool:
        """Free text is wanted, and something else was written: not a date,
        not a financial year (quotes would not make those right)."""
        schemas = self._schemas(pointer)
        return any("string" in _types(schema) for schema in schemas) and not any(
            _is_date(schema) or _is_financial_year(schema) for schema in schemas
        )

    def date(self, pointer: str) -> bool:
        return any(_is_date(schema) for schema in self._schemas(pointer))

    def financial_year(self, pointer: str) -> bool:
        return any(_is_financial_year(schema) for schema in self._schemas(pointer))

    def number(self, pointer: str) -> bool:
        return any({"number", "integer"} & _types(schema) for schema in self._schemas(pointer))

    def key_financial_year(self, pointer: str) -> bool:
        """The key at ``pointer`` should be a financial year, and is not one."""
        error = self.keys.get(pointer)
        return error is not None and (
            error.validator_value == _FINANCIAL_YEAR or error.validator_value == "financial-year"
        )
