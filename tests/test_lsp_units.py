"""Pieces of the language server that need no server: positions in the
client's units, and diagnostics moved with an edit."""

from __future__ import annotations

import pytest

pytest.importorskip("pygls")

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.lsp.diagnostics import shift, to_client


def test_columns_count_utf16_units_for_a_client_that_uses_them() -> None:
    codec = PositionCodec(encoding=types.PositionEncodingKind.Utf16)
    lines = ["name: 😀 x: bad\n"]
    # Column 9 (1-based, code points) is `x`; the emoji before it is two UTF-16 units.
    assert to_client(lines, codec, 1, 9) == types.Position(0, 9)
    assert to_client(lines, codec, 1, 7) == types.Position(0, 6)  # the emoji itself


def test_a_position_past_the_text_stays_inside_it() -> None:
    codec = PositionCodec()
    assert to_client(["a: 1\n"], codec, 3, 1) == types.Position(0, 4)
    assert to_client(["a: 1\n"], codec, 1, 99) == types.Position(0, 4)


def _at(line: int) -> types.Diagnostic:
    return types.Diagnostic(
        range=types.Range(types.Position(line, 2), types.Position(line, 5)), message=str(line)
    )


def test_an_edit_moves_what_is_below_it_keeps_what_is_above_and_drops_what_it_touched() -> None:
    edit = types.TextDocumentContentChangePartial(
        range=types.Range(types.Position(5, 0), types.Position(6, 3)), text="a\nb\nc\n"
    )
    moved = shift([_at(1), _at(5), _at(6), _at(9)], edit)
    assert [(d.message, d.range.start.line) for d in moved] == [("1", 1), ("9", 11)]


def test_the_whole_text_replaced_keeps_nothing() -> None:
    edit = types.TextDocumentContentChangeWholeDocument(text="stp_plan: 1\n")
    assert shift([_at(1)], edit) == []
