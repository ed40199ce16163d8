"""The outline of a plan (document symbols): the ten questions with their
status, the finance years, and the actions under each question."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.check.checker import PlanAnalysis
from stpctl.load.positions import Positions
from stpctl.lsp.diagnostics import to_client


class _Place:
    def __init__(self, positions: Positions, lines: Sequence[str], codec: PositionCodec) -> None:
        self.positions, self.lines, self.codec = positions, lines, codec

    def ranges(self, pointer: str) -> tuple[types.Range, types.Range] | None:
        """(whole node, its name): from the key, or the value in a list, to the value's end."""
        value = self.positions.span(pointer)
        key = self.positions.key_span(pointer)
        name = key or value
        if name is None:
            return None
        end = value if value is not None and value.end >= name.end else name
        start = to_client(self.lines, self.codec, name.line, name.column)
        whole = types.Range(start, to_client(self.lines, self.codec, end.end_line, end.end_column))
        chosen = types.Range(
            start, to_client(self.lines, self.codec, name.end_line, name.end_column)
        )
        return whole, chosen

    def symbol(
        self,
        name: str,
        pointer: str,
        kind: types.SymbolKind,
        detail: str | None = None,
        children: list[types.DocumentSymbol] | None = None,
    ) -> types.DocumentSymbol | None:
        found = self.ranges(pointer)
        if found is None:
            return None
        return types.DocumentSymbol(
            name=name or pointer,
            kind=kind,
            range=found[0],
            selection_range=found[1],
            detail=detail,
            children=children,
        )


def outline(
    analysis: PlanAnalysis, lines: Sequence[str], codec: PositionCodec
) -> list[types.DocumentSymbol]:
    data = analysis.data
    if data is None:
        return []
    place = _Place(analysis.positions, lines, codec)
    out: list[types.DocumentSymbol] = []
    statuses = analysis.result.questions or {}
    questions = data.get("questions")
    if isinstance(questions, dict):
        children = [
            place.symbol(key, f"/questions/{key}", types.SymbolKind.Module, statuses.get(key))
            for key in questions
        ]
        group = place.symbol(
            "Questions", "/questions", types.SymbolKind.Namespace, None, _kept(children)
        )
        out += [group] if group is not None else []
    finance = data.get("finance")
    years = finance.get("years") if isinstance(finance, dict) else None
    if isinstance(years, list):
        children = [
            place.symbol(str(year), f"/finance/years/{index}", types.SymbolKind.Constant)
            for index, year in enumerate(years)
        ]
        group = place.symbol(
            "Finance years", "/finance/years", types.SymbolKind.Namespace, None, _kept(children)
        )
        out += [group] if group is not None else []
    actions = _actions(questions, place)
    if actions:
        whole = types.Range(actions[0].range.start, actions[-1].range.end)
        out.append(
            types.DocumentSymbol(
                name="Actions",
                kind=types.SymbolKind.Namespace,
                range=whole,
                selection_range=actions[0].selection_range,
                children=actions,
            )
        )
    return out


def _actions(questions: Any, place: _Place) -> list[types.DocumentSymbol]:
    if not isinstance(questions, dict):
        return []
    found = []
    for key, question in questions.items():
        actions = question.get("actions") if isinstance(question, dict) else None
        for index, action in enumerate(actions if isinstance(actions, list) else []):
            if not isinstance(action, dict):
                continue
            name = " ".join(str(action.get(part, "")) for part in ("id", "title")).strip()
            detail = ", ".join(
                str(action[part]) for part in ("status", "due", "owner") if action.get(part)
            )
            symbol = place.symbol(
                name, f"/questions/{key}/actions/{index}", types.SymbolKind.Event, detail
            )
            if symbol is not None:
                found.append(symbol)
    return found


def _kept(symbols: list[types.DocumentSymbol | None]) -> list[types.DocumentSymbol]:
    return [symbol for symbol in symbols if symbol is not None]
