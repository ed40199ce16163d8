"""Findings as LSP diagnostics: the same rule, severity and message as
``validate``; the range from where the finding is reported to the end of
the node it is about (the loader's recorded spans); the rule ID as ``code``,
linked to the rule's page in the documentation.

And the rule for a half-typed document: while the text does not parse, the
syntax error is shown where it is, the last good diagnostics before it stay
(moved with the edits), and those after it go.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import metadata

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.load.loader import RULE_SYNTAX, Positions
from stpctl.records.finding import Finding, Severity

SOURCE = "stpctl"
# Where the rules are documented when the installed metadata does not say
# (pyproject.toml's [project.urls] Documentation is the one place to change it).
RULES_PAGE = "https://github.com/stpctl/stpctl/blob/main/docs/rules.md"
CONFIGURATION = "configuration"  # the code of a diagnostic about the configuration file

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
}


@cache
def rules_page() -> str:
    """The documentation URL of the rule catalogue, from the package metadata."""
    try:
        urls = metadata.metadata("stpctl").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        urls = []
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "documentation" and url.strip():
            return str(url.strip())
    return RULES_PAGE


def rule_link(rule: str) -> str:
    """The rule's heading in docs/rules.md (`## STP101` is `#stp101`)."""
    return f"{rules_page()}#{rule.lower()}"


def to_client(lines: Sequence[str], codec: PositionCodec, line: int, column: int) -> types.Position:
    """A 1-based line and column (code points) as an LSP position in the
    client's units, kept inside the document."""
    row = min(max(line - 1, 0), max(len(lines) - 1, 0))
    if not lines:
        return types.Position(0, 0)
    text = lines[row].rstrip("\r\n")
    if line - 1 > row:  # past the last line: its end
        column = len(text) + 1
    character = min(max(column - 1, 0), len(text))
    return codec.position_to_client_units(lines, types.Position(row, character))


def finding_end(finding: Finding, positions: Positions) -> tuple[int, int] | None:
    """Where the node a finding is about ends: its value's span when the
    finding starts where the value or its key does; its key's when the
    finding is reported at the key and the value has no span."""
    if finding.pointer == "":  # the whole plan: the first line is enough
        return None
    start = (finding.line, finding.column)
    span = positions.span(finding.pointer)
    key = positions.key_span(finding.pointer)
    if span is not None and (span.line, span.column) == start:
        return (span.end_line, span.end_column)
    if key is not None and (key.line, key.column) == start:
        if span is not None and (span.end_line, span.end_column) > start:
            return (span.end_line, span.end_column)
        return (key.end_line, key.end_column)
    return None


def to_diagnostic(
    finding: Finding, positions: Positions, lines: Sequence[str], codec: PositionCodec
) -> types.Diagnostic:
    start = to_client(lines, codec, finding.line, finding.column)
    found = finding_end(finding, positions)
    if found is None or found <= (finding.line, finding.column):
        # No node to underline: the rest of the line (at least one character).
        row = lines[start.line].rstrip("\r\n") if start.line < len(lines) else ""
        width = len(row.rstrip())
        found = (finding.line, max(width + 1, finding.column + 1))
    end = to_client(lines, codec, *found)
    return types.Diagnostic(
        range=types.Range(start, end),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.rule,
        code_description=types.CodeDescription(href=rule_link(finding.rule)),
        source=SOURCE,
        data={"rule": finding.rule, "pointer": finding.pointer},
    )


def problem_diagnostic(message: str, lines: Sequence[str]) -> types.Diagnostic:
    """A configuration that cannot be used, shown on the plan's first line:
    the command line would refuse to run, so no finding is shown either."""
    width = len(lines[0].rstrip("\r\n")) if lines else 0
    return types.Diagnostic(
        range=types.Range(types.Position(0, 0), types.Position(0, max(width, 1))),
        message=message,
        severity=types.DiagnosticSeverity.Error,
        code=CONFIGURATION,
        source=SOURCE,
    )


def is_syntax_error(diagnostic: types.Diagnostic) -> bool:
    return diagnostic.code == RULE_SYNTAX


def half_typed(
    fresh: list[types.Diagnostic], last_good: list[types.Diagnostic]
) -> list[types.Diagnostic]:
    """What to show while the text does not parse: the syntax error(s) found
    now, and the last good diagnostics that lie before the first of them."""
    stops = [d.range.start.line for d in fresh if is_syntax_error(d)]
    if not stops:
        return fresh
    before = [d for d in last_good if d.range.end.line < min(stops)]
    return before + fresh


def shift(
    diagnostics: list[types.Diagnostic], change: types.TextDocumentContentChangeEvent
) -> list[types.Diagnostic]:
    """Diagnostics moved with one edit: those below it move by the lines it
    added or removed; those it touched go (their text was edited)."""
    if not isinstance(change, types.TextDocumentContentChangePartial):
        return []  # the whole text replaced: nothing is known to be where it was
    first, last = change.range.start.line, change.range.end.line
    delta = change.text.count("\n") - (last - first)
    out = []
    for diagnostic in diagnostics:
        start, end = diagnostic.range.start, diagnostic.range.end
        if end.line < first:
            out.append(diagnostic)
        elif start.line > last:
            moved = types.Range(
                types.Position(start.line + delta, start.character),
                types.Position(end.line + delta, end.character),
            )
            out.append(
                types.Diagnostic(
                    range=moved,
                    message=diagnostic.message,
                    severity=diagnostic.severity,
                    code=diagnostic.code,
                    code_description=diagnostic.code_description,
                    source=diagnostic.source,
                    data=diagnostic.data,
                )
            )
    return out
