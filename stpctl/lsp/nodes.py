"""What the cursor is on: the key or value of which node, found from the
spans the loader recorded (``load.positions``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.load.positions import Positions


class Node(NamedTuple):
    pointer: str
    on_key: bool  # the cursor is on the member's key, not its value


def offset_of(lines: Sequence[str], codec: PositionCodec, position: types.Position) -> int:
    """The character offset (code points) of an LSP position in the text."""
    inside = codec.position_from_client_units(lines, position)
    return sum(len(line) for line in lines[: inside.line]) + inside.character


def node_at(positions: Positions, offset: int) -> Node | None:
    """The innermost node whose key or value the offset lies in (a cursor
    just after the last character counts as on it)."""
    for pointer in positions.keys:
        span = positions.key_span(pointer)
        if span is not None and span.start <= offset <= span.end:
            return Node(pointer, on_key=True)
    best: tuple[int, str] | None = None
    for pointer, span in positions.spans():
        if pointer and span.start <= offset <= span.end:
            width = span.end - span.start
            if best is None or width <= best[0]:
                best = (width, pointer)
    return Node(best[1], on_key=False) if best is not None else None


def parts(pointer: str) -> list[str]:
    return [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]


def value_at(data: Any, pointer: str) -> Any:
    """The value at ``pointer`` in the loaded plan, or ``None``."""
    for part in parts(pointer):
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data
