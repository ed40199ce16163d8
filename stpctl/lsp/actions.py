"""Code actions: the fixes ``stpctl fix`` would make, each a quick fix on the
diagnostic it answers (an unsafe one titled so, and never preferred), and
"waive this finding" as an edit to the configuration file in use."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.check.config import LOAD_RULES
from stpctl.check.waivers import RULE_WAIVER_EXPIRED
from stpctl.fix.engine import find_fixes
from stpctl.fix.run_fixes import LocatedFix, located
from stpctl.lsp.checking import Checked
from stpctl.lsp.diagnostics import to_client
from stpctl.lsp.waive import target_file, with_waiver

UNSAFE_PREFIX = "Unsafe fix: "


def fixes_of(checked: Checked) -> list[LocatedFix]:
    """The fixes for the text that was checked (run in the worker thread)."""
    found = checked.found
    if found is None or found.settings is None or checked.analysis is None:
        return []
    raw = checked.text.encode("utf-8", errors="surrogatepass")
    return located(find_fixes(raw, checked.analysis.result.path, found.settings))


def _about(diagnostic: types.Diagnostic) -> tuple[str, str] | None:
    data = diagnostic.data
    if isinstance(data, dict) and isinstance(data.get("rule"), str):
        return data["rule"], str(data.get("pointer", ""))
    return None


def fix_actions(
    uri: str,
    fixes: Sequence[LocatedFix],
    diagnostics: Sequence[types.Diagnostic],
    lines: Sequence[str],
    codec: PositionCodec,
) -> list[types.CodeAction]:
    by_finding = {_about(d): d for d in diagnostics if _about(d) is not None}
    actions = []
    for item in fixes:
        diagnostic = by_finding.get((item.fix.rule, item.fix.pointer))
        if diagnostic is None:
            continue
        edits = [
            types.TextEdit(
                range=types.Range(
                    to_client(lines, codec, region.start_line, region.start_column),
                    to_client(lines, codec, region.end_line, region.end_column),
                ),
                new_text=region.text,
            )
            for region in item.regions
        ]
        title = item.fix.message[:1].upper() + item.fix.message[1:]
        actions.append(
            types.CodeAction(
                title=title if item.fix.safe else UNSAFE_PREFIX + item.fix.message,
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=item.fix.safe,
                edit=types.WorkspaceEdit(changes={uri: edits}),
            )
        )
    return actions


def waive_actions(
    checked: Checked,
    diagnostics: Sequence[types.Diagnostic],
    open_text: dict[str, str],
    capabilities: types.ClientCapabilities,
) -> list[types.CodeAction]:
    """One "waive" action per finding a waiver may silence.  ``open_text``
    holds the text of documents the editor has open (by URI): a configuration
    file being edited is changed as the editor has it, not as it is on disk."""
    found = checked.found
    if found is None or found.settings is None:
        return []
    workspace = capabilities.workspace
    edit_caps = workspace.workspace_edit if workspace is not None else None
    document_changes = bool(edit_caps and edit_caps.document_changes)
    can_create = bool(
        edit_caps and types.ResourceOperationKind.Create in (edit_caps.resource_operations or [])
    )
    plan = Path(checked.path)
    target = target_file(plan, found.settings.configuration)
    exists = target.is_file()
    if not exists and not (document_changes and can_create):
        return []  # the editor cannot create the file: no action rather than a broken one
    uri = target.as_uri()
    if uri in open_text:
        text = open_text[uri]
    elif exists:
        try:
            text = target.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return []
    else:
        text = ""
    actions = []
    for diagnostic in diagnostics:
        about = _about(diagnostic)
        if about is None or about[0] in LOAD_RULES or about[0] == RULE_WAIVER_EXPIRED:
            continue
        rule, pointer = about
        new_text = with_waiver(text, target, plan, rule, pointer, date.today())
        whole = types.Range(types.Position(0, 0), _end(text))
        edit = types.TextEdit(range=whole, new_text=new_text)
        if document_changes:
            changes: list[
                types.TextDocumentEdit | types.CreateFile | types.RenameFile | types.DeleteFile
            ] = []
            if not exists:
                changes.append(
                    types.CreateFile(
                        uri=uri, options=types.CreateFileOptions(ignore_if_exists=True)
                    )
                )
            changes.append(
                types.TextDocumentEdit(
                    text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri),
                    edits=[edit],
                )
            )
            workspace_edit = types.WorkspaceEdit(document_changes=changes)
        else:
            workspace_edit = types.WorkspaceEdit(changes={uri: [edit]})
        actions.append(
            types.CodeAction(
                title=f"Waive {rule} here for 90 days (in {target.name}; then write why)",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic],
                is_preferred=False,
                edit=workspace_edit,
            )
        )
    return actions


def _end(text: str) -> types.Position:
    """The position just after the last character (LSP lines and UTF-16 units)."""
    lines = text.split("\n")
    return types.Position(len(lines) - 1, len(lines[-1].encode("utf-16-le")) // 2)
