"""Schema errors in plain English: each JSON Schema error kind gets its own sentence.

jsonschema's own messages ("'x' is not of type 'string'") are written for
programmers; a programme manager needs "`footprint.organisations[0].code`
should be text, but it is `012`, which YAML reads as the number 10; put it in
quotes".  The translator reads an error's kind, instance path and schema path
only, so it does not depend on which validator found the error.  It points at
the key for unknown keys and at the value otherwise.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from stpctl.load.loader import (
    LARGEST_NUMBER,
    Positions,
    SplitNumber,
    without_thousands_separators,
)
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import display_path, escape_pointer_token

RULE_UNKNOWN_KEY = "STP010"
RULE_MISSING_KEY = "STP011"
RULE_WRONG_TYPE = "STP012"
RULE_BAD_VALUE = "STP013"

_EXPECTED = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "object": "a mapping (keys and values)",
    "array": "a list",
    "boolean": "true or false",
    "null": "empty",
}

# What each pattern in the schema means, for messages.
_PATTERNS = {
    "^E54[0-9]{6}$": "an ONS STP code: E54 followed by six digits, e.g. E54000019",
    "^[0-9]{4}/[0-9]{2}$": "a financial year written YYYY/YY, e.g. 2016/17",
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": "a date written YYYY-MM-DD, e.g. 2016-06-30",
    "^[A-Z0-9]{3,9}$": "an ODS code: 3 to 9 capital letters and digits, e.g. 05T or RWP",
    "^DA[0-9]+$": "a delivery area id: DA followed by a number, e.g. DA1",
    "^P[0-9]+$": "a priority id: P followed by a number, e.g. P1",
    "^[a-z][a-z0-9_]*$": "a key in lower case with underscores, e.g. ae_4_hour",
}


def _pointer(parts: Iterable[Any]) -> str:
    return "".join(f"/{escape_pointer_token(str(part))}" for part in parts)


def _where(pointer: str) -> str:
    return f"`{display_path(pointer)}`" if pointer else "the plan"


def _short(value: object, limit: int = 40) -> str:
    text = str(value).replace("\n", " ")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _written(key: str, value: str) -> str:
    """How a value is written under its key: `` `participants: 1200` ``, or
    just the value for a list item."""
    return f"`{value}`" if key.isdigit() else f"`{key}: {value}`"


def _wants_date(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("format") == "date" or schema.get("pattern") == "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    )


def json_key(value: Any) -> Any:
    """A hashable key, equal for values JSON Schema calls equal (1 and 1.0,
    but not 1 and true), so that repeats are found by hashing."""
    if isinstance(value, bool) or value is None:
        return ("literal", value)
    if isinstance(value, (int, float)):
        return ("number", value)
    if isinstance(value, str):
        return ("text", value)
    if isinstance(value, list):
        return ("list", tuple(json_key(item) for item in value))
    if isinstance(value, dict):
        return ("mapping", frozenset((key, json_key(item)) for key, item in value.items()))
    return ("other", repr(value))


def _wants_financial_year(schema: Any) -> bool:
    return isinstance(schema, dict) and (
        schema.get("format") == "financial-year" or schema.get("pattern") == "^[0-9]{4}/[0-9]{2}$"
    )


def _financial_year_like(value: object) -> str:
    """The financial year a number most likely meant: 2020 → 2020/21."""
    if isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2099:
        return f"{value}/{(value + 1) % 100:02d}"
    return "2016/17"


class Translator:
    """Turns one schema error into the findings a person reads."""

    def __init__(
        self,
        schema: dict[str, Any],
        positions: Positions,
        implicit: dict[str, str],
        splits: Iterable[SplitNumber] = (),
        out_of_range: Mapping[str, str] | None = None,
    ):
        self.schema = schema
        self.positions = positions
        self.implicit = implicit
        self.splits = {split.pointer: split for split in splits}
        self.out_of_range = out_of_range or {}

    # -- helpers ---------------------------------------------------------------

    def resolve(self, subschema: Any) -> Any:
        """Follow local ``$ref``s (``#/$defs/...``) to the schema they name."""
        seen = 0
        while isinstance(subschema, dict) and "$ref" in subschema and seen < 20:
            target: Any = self.schema
            for part in subschema["$ref"].lstrip("#").split("/")[1:]:
                target = target[part.replace("~1", "/").replace("~0", "~")]
            subschema = target
            seen += 1
        return subschema

    def found(self, value: Any, pointer: str) -> str:
        """Describe a value as the user wrote it and as YAML read it."""
        source = self.implicit.get(pointer)
        if source is not None:
            if source == "":
                return "empty"
            if value is None:
                return f"`{source}`, which YAML reads as empty (null)"
            if isinstance(value, bool):
                return f"`{source}`, which YAML reads as {'true' if value else 'false'}"
            return f"`{_short(source)}`, which YAML reads as the number {value!r}"
        if isinstance(value, str):
            return f"the text `{_short(value)}`" if value else "empty text"
        if isinstance(value, bool):
            return "true" if value else "false"
        if value is None:
            return "empty"
        if isinstance(value, dict):
            return "a mapping (keys and values)"
        if isinstance(value, list):
            return "a list"
        return f"the number {value!r}"

    def owner(self, error: Any, pointer: str) -> str:
        """``footprint.organisations[7]``, or, for a list item with a name (title,
        id), ``organisation `Wye Valley NHS Trust` (footprint.organisations[7])``:
        a reader finds an entry by its name, not by counting from zero."""
        path = display_path(pointer) or "the plan"
        item = error.instance
        if not pointer.rsplit("/", 1)[-1].isdigit() or not isinstance(item, dict):
            return path
        for key in ("name", "title", "id"):
            value = item.get(key)
            if isinstance(value, str) and value.strip():
                title = error.schema.get("title")
                kind = title[0].lower() + title[1:] if isinstance(title, str) and title else "entry"
                return f"{kind} `{_short(' '.join(value.split()))}` ({path})"
        return path

    def make(self, rule: str, message: str, pointer: str, at_key: bool = False) -> Finding:
        locate = self.positions.locate_key if at_key else self.positions.locate
        line, column = locate(pointer)
        return Finding(rule, Severity.ERROR, message, pointer, line, column)

    # -- one error → findings ----------------------------------------------------

    def translate(self, error: Any) -> Iterable[Finding]:
        if error.validator in ("anyOf", "oneOf") and error.context:
            import jsonschema

            best = jsonschema.exceptions.best_match(error.context)
            if best is not None:
                return self.translate(best)
        pointer = _pointer(error.absolute_path)
        handler: Callable[[Any, str], Iterable[Finding]] = getattr(
            self, f"_{error.validator}", self._other
        )
        if "propertyNames" in error.absolute_schema_path:
            return self._property_name(error, pointer)
        return handler(error, pointer)

    def _additionalProperties(self, error: Any, pointer: str) -> Iterator[Finding]:
        # A generator: a mapping may hold a million unknown keys, and the
        # caller stops taking findings at its limit (schema_check).
        schema = error.schema
        known = list(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        for key in error.instance:
            if key in known or any(p.search(key) for p in patterns):
                continue
            child = f"{pointer}/{escape_pointer_token(key)}"
            message = f"unknown key `{_short(key, 60)}` under {_where(pointer)}"
            match = difflib.get_close_matches(key[:100], known, n=1, cutoff=0.6)
            if match:
                message += f"; did you mean `{match[0]}`?"
            elif error.instance[key] is None and " " in key.strip():
                # `{name: Barking, Havering and Redbridge}`: the comma ended the name
                message += (
                    "; it looks like part of the text before it, cut off by a comma:"
                    " put that text in quotes"
                )
            else:
                message += f"; the keys allowed here are {', '.join(f'`{k}`' for k in known)}"
                if patterns:
                    message += " (and any key starting `x-` for local use)"
            yield self.make(RULE_UNKNOWN_KEY, message, child, at_key=True)

    def _required(self, error: Any, pointer: str) -> list[Finding]:
        findings = []
        properties = error.schema.get("properties", {})
        owner = self.owner(error, pointer)
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name in error.instance:
                continue
            message = f"{owner} has no `{name}`"
            examples = self.resolve(properties.get(name, {})).get("examples", [])
            if examples and isinstance(examples[0], (str, int, float)):
                message += f"; add it, e.g. `{name}: {examples[0]}`"
            findings.append(self.make(RULE_MISSING_KEY, message, pointer, at_key=True))
        return findings

    def _type(self, error: Any, pointer: str) -> list[Finding]:
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else list(wanted)
        value = error.instance
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        if {"number", "integer"} & set(wanted):
            if pointer in self.out_of_range:
                return [self._out_of_range(pointer)]
            if pointer in self.splits:
                return [self._split(self.splits[pointer], key)]
        if "string" in wanted and _wants_date(error.schema):
            # quotes would give the text "yes", which is still not a date
            message = (
                f"{_where(pointer)} should be a date written YYYY-MM-DD, e.g. 2016-06-30,"
                f" but it is {self.found(value, pointer)}"
            )
            if value is None:
                message += "; write the date or remove the key"
            return [self.make(RULE_WRONG_TYPE, message, pointer)]
        expected = " or ".join(_EXPECTED.get(w, w) for w in wanted)
        message = f"{_where(pointer)} should be {expected}, but it is {self.found(value, pointer)}"
        source = self.implicit.get(pointer)
        if "string" in wanted and _wants_financial_year(error.schema) and value is not None:
            # quotes would give the text "2020", which is still not a financial year
            year = _financial_year_like(value)
            message += (
                f"; write it as a financial year, e.g. `{key}: {year}`"
                if not key.isdigit()
                else f"; write it as a financial year, e.g. {year}"
            )
        elif "string" in wanted and source and value is not None:
            quoted = f'"{source}"'
            message += (
                f"; put it in quotes: `{key}: {quoted}`"
                if not key.isdigit()
                else f"; put it in quotes: {quoted}"
            )
        elif "string" in wanted and value is None:
            message += "; write a value or remove the key"
            if source:  # `~` or `null` written out: perhaps the text itself was meant
                message += f', or write "{source}" in quotes if you meant that text'
        elif wanted[0] in ("number", "integer") and isinstance(value, str):
            unsplit = without_thousands_separators(value)
            if unsplit is not None:
                message += f"; remove the thousands separator: {_written(key, unsplit)}"
            elif re.fullmatch(r"[£$]?[0-9][0-9,]*(\.[0-9]+)?\s*%?[a-zA-Z ]*", value.strip()):
                message += "; write the number alone, without commas, units or symbols"
        return [self.make(RULE_WRONG_TYPE, message, pointer)]

    def _split(self, split: SplitNumber, key: str) -> Finding:
        """A number a comma split inside ``{…}``: say what YAML did and how to
        write it, never "unknown key `190.0`"."""
        first, rest = split.text.split(",", 1)
        message = (
            f"{_where(split.pointer)} is written `{_short(split.text)}`: inside `{{…}}` a comma"
            f" ends an entry, so YAML reads {_short(first)} and a key `{_short(rest)}`"
        )
        if split.unsplit is not None:
            message += f"; remove the thousands separator: {_written(key, split.unsplit)}"
        else:
            message += "; write the number without a comma, with a dot for any decimals"
        return self.make(RULE_WRONG_TYPE, message, split.pointer)

    def _out_of_range(self, pointer: str) -> Finding:
        """A number YAML reads as infinite, not-a-number or too large: never a figure."""
        text = self.out_of_range[pointer]
        shown = f"`{_short(text)}`"
        if len(text) > 40:
            shown += f" ({len(text):,} characters)"
        special = text.lstrip("+-").lower()
        if special == ".inf":
            reading = "which YAML reads as infinity"
        elif special == ".nan":
            reading = "which YAML reads as not-a-number"
        else:
            reading = "which is too large"
        message = (
            f"{_where(pointer)} is {shown}, {reading}: a number in a plan must be finite and"
            f" at most {LARGEST_NUMBER:,} in size; write the figure as an ordinary number"
            " (check its unit)"
        )
        return self.make(RULE_BAD_VALUE, message, pointer)

    def _enum(self, error: Any, pointer: str) -> list[Finding]:
        allowed = [str(v) for v in error.validator_value]
        value = error.instance
        message = f"{_where(pointer)} is {self.found(value, pointer)}; it must be one of: "
        message += ", ".join(allowed)
        # `CCG` for `ccg` is the commonest slip: compare without case
        match = difflib.get_close_matches(str(value).lower(), allowed, n=1, cutoff=0.6)
        if isinstance(value, str) and match:
            message += f" — did you mean `{match[0]}`?"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _const(self, error: Any, pointer: str) -> list[Finding]:
        value = error.instance
        if pointer == "/stp_plan":
            shown = f"`{value}`" if isinstance(value, int) else self.found(value, pointer)
            message = (
                f"`stp_plan` is {shown}, but this stpctl reads plan format"
                f" version {error.validator_value} only; write `stp_plan: {error.validator_value}`"
            )
        else:
            message = (
                f"{_where(pointer)} must be `{error.validator_value}`,"
                f" but it is {self.found(value, pointer)}"
            )
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _pattern(self, error: Any, pointer: str) -> list[Finding]:
        phrase = _PATTERNS.get(error.validator_value, f"of the form `{error.validator_value}`")
        message = (
            f"{_where(pointer)} is {self.found(error.instance, pointer)}, which is not {phrase}"
        )
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _format(self, error: Any, pointer: str) -> list[Finding]:
        value = error.instance
        if error.validator_value == "financial-year":
            start = int(value[:4])
            message = (
                f"{_where(pointer)} is `{value}`, but a financial year runs over two consecutive"
                f" years: write {start}/{(start + 1) % 100:02d}"
            )
        elif error.validator_value == "date":
            message = f"{_where(pointer)} is `{value}`, which is not a real date (YYYY-MM-DD)"
        else:
            message = f"{_where(pointer)} is `{_short(value)}`, not a valid {error.validator_value}"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _property_name(self, error: Any, pointer: str) -> list[Finding]:
        key = str(error.instance)
        child = f"{pointer}/{escape_pointer_token(key)}"
        key = _short(key, 60)
        phrase = _PATTERNS.get(getattr(error, "validator_value", ""), "allowed here")
        if error.validator == "format" and error.validator_value == "financial-year":
            start = int(key[:4])
            phrase = f"a financial year (two consecutive years: {start}/{(start + 1) % 100:02d})"
        message = f"key `{key}` in {_where(pointer)} is not {phrase}"
        return [self.make(RULE_BAD_VALUE, message, child, at_key=True)]

    def _minimum(self, error: Any, pointer: str) -> list[Finding]:
        message = (
            f"{_where(pointer)} is {error.instance!r}; it must be at least {error.validator_value}"
        )
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _maximum(self, error: Any, pointer: str) -> list[Finding]:
        message = (
            f"{_where(pointer)} is {error.instance!r}; it must be at most {error.validator_value}"
        )
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _exclusiveMinimum(self, error: Any, pointer: str) -> list[Finding]:
        limit = error.validator_value
        message = f"{_where(pointer)} is {error.instance!r}; it must be more than {limit}"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _minItems(self, error: Any, pointer: str) -> list[Finding]:
        count = error.validator_value
        message = f"{_where(pointer)} lists {len(error.instance)}; list at least {count}"
        if not error.instance:
            message = f"{_where(pointer)} is an empty list; list at least {count}"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _maxItems(self, error: Any, pointer: str) -> list[Finding]:
        count = error.validator_value
        message = f"{_where(pointer)} lists {len(error.instance)}; list at most {count}"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _minLength(self, error: Any, pointer: str) -> list[Finding]:
        message = f"{_where(pointer)} is empty text; write something or remove the key"
        return [self.make(RULE_BAD_VALUE, message, pointer)]

    def _uniqueItems(self, error: Any, pointer: str) -> list[Finding]:
        seen: set[Any] = set()
        repeated = None
        for index, item in enumerate(error.instance):
            key = json_key(item)  # hashed: comparing each item with all before is quadratic
            if key in seen:
                repeated = (index, item)
                break
            seen.add(key)
        if repeated is None:  # pragma: no cover - jsonschema only reports real repeats
            return self._other(error, pointer)
        index, item = repeated
        message = f"{_where(pointer)} lists {_short(item)} more than once; remove the repeat"
        return [self.make(RULE_BAD_VALUE, message, f"{pointer}/{index}")]

    def _other(self, error: Any, pointer: str) -> list[Finding]:
        return [self.make(RULE_BAD_VALUE, f"{_where(pointer)}: {error.message}", pointer)]
