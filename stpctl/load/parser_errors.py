"""The YAML parser's complaints, said at the line a person would look at, with
a hint for the usual causes: a merge conflict left in, curly quotes from
Word, a quote never closed, a colon in unquoted text, a tab, nesting too deep."""

from __future__ import annotations

import re

import yaml

from stpctl.load.limits import MAX_DEPTH, RULE_SYNTAX, RULE_UNSAFE
from stpctl.records.finding import Finding, Severity


def _excerpt(text: str, line: int) -> str:
    lines = text.splitlines()
    if 1 <= line <= len(lines):
        shown = lines[line - 1].strip()
        if shown:
            return f": `{shown[:60]}{'…' if len(shown) > 60 else ''}`"
    return ""


_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_CURLY = "\u201c\u201d\u2018\u2019"
# A value opened with a straight quote and closed with a curly one (or the
# other way round): a curly quote inside properly quoted text is fine.
_CURLY_MIX = re.compile(
    r"""(?:"[^"\n]*[\u201c\u201d]|'[^'\n]*[\u2018\u2019]|:\s*[\u201c\u201d][^"\n]*")\s*$"""
)


def _curly_quote_line(lines: list[str], line: int) -> int | None:
    """The nearest line at or above ``line`` whose quotes mix straight and curly."""
    for number in range(min(line, len(lines)), max(line - 30, 0), -1):
        if _CURLY_MIX.search(lines[number - 1]):
            return number
    return None


def syntax_finding(err: yaml.MarkedYAMLError, text: str) -> Finding:
    """The parser's complaint, at the line a person would look at, with a hint
    for the usual causes: a merge conflict left in, curly quotes from Word, a
    quote never closed, a colon in unquoted text, a tab."""
    conflict = _CONFLICT.search(text)
    if conflict is not None:
        line = text.count("\n", 0, conflict.start()) + 1
        message = (
            f"a git merge conflict is left in the file (line {line}: `{conflict.group(1)}`);"
            " keep the lines you want and delete the conflict markers"
        )
        return Finding(RULE_SYNTAX, Severity.ERROR, message, "", line, 1)
    mark = err.problem_mark or err.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = err.problem or "the YAML cannot be read"
    context = f" {err.context}" if err.context else ""
    lines = text.splitlines()
    hint = ""
    if "end of stream" in problem and "quoted scalar" in context and err.context_mark is not None:
        # the parser only notices at the end of the file; the quote opened here
        line, column = err.context_mark.line + 1, err.context_mark.column + 1
        hint = "; a quoted text starting here is never closed: add the closing quote"
    elif "mapping values are not allowed" in problem:
        hint = (
            "; a colon followed by a space in unquoted text starts a new key:"
            " put the text in quotes"
        )
    # libyaml's words for a tab ("found character that cannot start any token")
    # do not say "tab", so look at the character it stopped on.
    stopped_on = lines[line - 1][column - 1 : column] if 1 <= line <= len(lines) else ""
    if "\t" in problem or "tab" in problem or stopped_on == "\t":
        hint = "; indent with spaces, not tabs"
    curly = _curly_quote_line(lines, line)
    if curly is not None:
        # The mismatched quote is the cause; the parser only stops lines later.
        message = (
            f"line {curly} mixes straight and curly quotes (as Word writes them), so YAML"
            f" reads on until it fails at line {line} ({problem}): use straight quotes"
            """ " or ' at both ends of the text"""
        )
        column = next(i for i, ch in enumerate(lines[curly - 1], 1) if ch in _CURLY)
        return Finding(RULE_SYNTAX, Severity.ERROR, message, "", curly, column)
    return Finding(
        RULE_SYNTAX,
        Severity.ERROR,
        f"YAML syntax error{context}: {problem} (line {line}, column {column})"
        f"{_excerpt(text, line)}{hint}",
        "",
        line,
        column,
    )


# Brackets outside quoted text and comments.  A quote counts only where a
# quoted scalar can start, so the apostrophe in ``it's`` hides nothing.
_FLOW_TOKEN = re.compile(
    r"""(?:(?<=[\s\[{,:])|^)(?:"(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?)"""
    r"|(?:(?<=\s)|^)#[^\n]*"
    r"|[\[\]{}]",
    re.M,
)


def _flow_depth(text: str) -> int:
    """The deepest flow nesting (``[`` and ``{``) reached in ``text``."""
    depth = deepest = 0
    for token in _FLOW_TOKEN.finditer(text):
        opener = token.group()
        if opener in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif opener in ("]", "}"):
            depth = max(depth - 1, 0)
    return deepest


def nesting_finding(err: yaml.MarkedYAMLError, text: str, built_depth: int) -> Finding | None:
    """STP005 when the parser gave up inside nesting deeper than ``MAX_DEPTH``.

    libyaml has a nesting limit of its own (PyYAML 6.0.4 stops near 1,000
    levels) and, in flow style, reads ahead of the events we count, so its
    error can come before ours.  Its wording is not ours to rely on: judge by
    the depth of the text it stopped in, whatever the parser said.
    """
    mark = err.problem_mark or err.context_mark
    if mark is None:
        return None
    index = getattr(mark, "index", None)
    prefix = text[:index] if isinstance(index, int) and index >= 0 else text
    if max(built_depth, _flow_depth(prefix)) < MAX_DEPTH:
        return None
    line, column = mark.line + 1, mark.column + 1
    return Finding(
        RULE_UNSAFE,
        Severity.ERROR,
        f"the plan nests more than {MAX_DEPTH} levels deep (line {line});"
        " a plan needs fewer than ten",
        "",
        line,
        column,
    )


def reader_finding(err: yaml.YAMLError, text: str) -> Finding:
    position = getattr(err, "position", None)
    line, column = 1, 1
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        column = position - (text.rfind("\n", 0, position) + 1) + 1
    character = getattr(err, "character", None)
    what = f"character {character!r}" if character is not None else "a character"
    if isinstance(character, int):
        what = f"character U+{character:04X}"
    return Finding(
        RULE_SYNTAX,
        Severity.ERROR,
        f"the file holds {what} that YAML does not allow (line {line}, column {column});"
        " remove it (often a control character pasted from another program)",
        "",
        line,
        column,
    )
