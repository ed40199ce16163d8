"""Tags: which a plan may carry, and the value of a scalar under its tag.

Only the standard tags for text, numbers, booleans, null, mappings and lists
are accepted; any other tag stops the load with a finding, and nothing is
ever constructed from a tag.
"""

from __future__ import annotations

from typing import Any, NoReturn

from stpctl.load.limits import RULE_SYNTAX, RULE_UNSAFE, stop
from stpctl.load.numbers import in_range
from stpctl.load.yaml_scalars import resolve_plain

_YAML = "tag:yaml.org,2002:"
_TEXT_TAGS = {"!", _YAML + "str", _YAML + "timestamp"}
KEY_TAGS = _TEXT_TAGS | {_YAML + name for name in ("int", "float", "bool", "null")}
MAP_TAGS = {None, "!", _YAML + "map"}
SEQ_TAGS = {None, "!", _YAML + "seq"}

_TAGGED_TYPES: dict[str, type | tuple[type, ...]] = {
    _YAML + "int": int,
    _YAML + "float": (int, float),
    _YAML + "bool": bool,
    _YAML + "null": type(None),
}


def refuse_tag(tag: str, mark: Any, pointer: str) -> NoReturn:
    """Stop the load: ``tag`` is not one a plan may carry."""
    shown = tag.replace(_YAML, "!!")
    raise stop(
        RULE_UNSAFE,
        f"the tag `{shown}` is refused (line {mark.line + 1}): stpctl never builds objects"
        " from YAML tags; remove the tag and write plain values",
        mark.line + 1,
        mark.column + 1,
        pointer,
    )


def scalar_value(event: Any, pointer: str) -> Any:
    """The value of a scalar event: resolved as YAML 1.1 when plain, as its
    tag says when tagged (a value that does not fit its tag stops the load)."""
    tag = event.tag
    text = event.value
    if tag is None:
        return resolve_plain(text) if event.implicit[0] else text
    if tag in _TEXT_TAGS:
        return text
    if tag in (_YAML + "int", _YAML + "float", _YAML + "bool", _YAML + "null"):
        value: Any = resolve_plain(text)
        wanted = _TAGGED_TYPES[tag]
        if isinstance(value, wanted) and not (tag == _YAML + "int" and isinstance(value, bool)):
            # (an integer beyond any float stays as it is: the caller keeps it as text)
            return float(value) if tag == _YAML + "float" and in_range(value) else value
        mark = event.start_mark
        raise stop(
            RULE_SYNTAX,
            f"`{text}` does not match its tag `{tag.replace(_YAML, '!!')}` (line {mark.line + 1})",
            mark.line + 1,
            mark.column + 1,
            pointer,
        )
    refuse_tag(tag, event.start_mark, pointer)
