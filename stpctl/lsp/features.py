"""The requests besides diagnostics: hover, code actions, completion and the
outline, each answered from the newest check of the document."""

from __future__ import annotations

import asyncio

from lsprotocol import types

from stpctl.lsp.actions import fix_actions, fixes_of, waive_actions
from stpctl.lsp.checking import Checked
from stpctl.lsp.completion import completions, place_of
from stpctl.lsp.hover import hover_text
from stpctl.lsp.nodes import node_at, offset_of
from stpctl.lsp.server import PlanServer, server
from stpctl.lsp.symbols import outline


def _current(ls: PlanServer, uri: str) -> Checked | None:
    """The newest check of ``uri`` if it is of the text the editor has now."""
    checked = ls.checked.get(uri)
    document = ls.workspace.text_documents.get(uri)
    if checked is None or document is None or checked.version != document.version:
        return None
    return checked


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION,
    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]),
)
async def code_action(
    ls: PlanServer, params: types.CodeActionParams
) -> list[types.CodeAction] | None:
    uri = params.text_document.uri
    checked = _current(ls, uri)
    if checked is None or not checked.plan:
        return None
    ours = [d for d in params.context.diagnostics if d.source == "stpctl"]
    if not ours:
        return None
    if checked.fixes is None:
        loop = asyncio.get_running_loop()
        checked.fixes = await loop.run_in_executor(ls.worker, fixes_of, checked)
    document = ls.workspace.get_text_document(uri)
    lines = list(document.lines)
    actions = fix_actions(uri, checked.fixes, ours, lines, ls.workspace.position_codec)
    open_text = {u: d.source for u, d in ls.workspace.text_documents.items()}
    actions += waive_actions(checked, ours, open_text, ls.client_capabilities)
    return actions


def _contains(where: types.Range, position: types.Position) -> bool:
    start, end = where.start, where.end
    after_start = (position.line, position.character) >= (start.line, start.character)
    return after_start and (position.line, position.character) <= (end.line, end.character)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: PlanServer, params: types.HoverParams) -> types.Hover | None:
    uri = params.text_document.uri
    checked = _current(ls, uri)
    if checked is None or checked.found is None or checked.found.settings is None:
        return None
    pack = checked.found.settings.guidance
    under = [d for d in checked.diagnostics if _contains(d.range, params.position)]
    node = None
    data = checked.analysis.data if checked.analysis is not None else None
    if checked.analysis is not None and data is not None:
        document = ls.workspace.get_text_document(uri)
        offset = offset_of(list(document.lines), ls.workspace.position_codec, params.position)
        node = node_at(checked.analysis.positions, offset)
    text = hover_text(node, data, pack, under)
    if text is None:
        return None
    return types.Hover(types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(
    ls: PlanServer, params: types.DocumentSymbolParams
) -> list[types.DocumentSymbol] | None:
    uri = params.text_document.uri
    checked = _current(ls, uri)
    if checked is None or checked.analysis is None:
        return None
    document = ls.workspace.get_text_document(uri)
    return outline(checked.analysis, list(document.lines), ls.workspace.position_codec)


@server.feature(
    types.TEXT_DOCUMENT_COMPLETION,
    types.CompletionOptions(trigger_characters=[" ", "[", "{", ","]),
)
def completion(ls: PlanServer, params: types.CompletionParams) -> types.CompletionList | None:
    """From the newest text that loaded: the line being typed seldom parses."""
    uri = params.text_document.uri
    checked = ls.loaded.get(uri)
    if checked is None or checked.analysis is None or checked.found is None:
        return None
    if checked.found.settings is None:
        return None
    document = ls.workspace.get_text_document(uri)
    lines = list(document.lines)
    inside = ls.workspace.position_codec.position_from_client_units(lines, params.position)
    place = place_of(lines, inside.line, inside.character)
    items = completions(place, checked.analysis.data, checked.found.settings.guidance)
    return types.CompletionList(is_incomplete=False, items=items)
