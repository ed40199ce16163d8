"""File names shown in output: always valid Unicode, never a byte lost.

On POSIX a file name is bytes, and Python gives stpctl the bytes that are not
UTF-8 as lone surrogates (``surrogateescape``: byte 0xFF is U+DCFF).  Such a
string cannot be written as UTF-8, so every name stpctl shows goes through
``escape_path`` once, where it first meets it:

* a byte that is not UTF-8 is written ``\\xNN`` (``bad\\xff.yaml``), as Python
  itself shows it; any other lone surrogate (possible on Windows) ``\\uNNNN``;
* a backslash is doubled only where it would otherwise read as one of those
  escapes (before ``x``, ``u``, another backslash or an escaped byte), so a
  file really named ``bad\\xff.yaml`` stays distinct, and Windows paths such
  as ``plans\\hw.yaml`` are shown as they are.

The escaping is lossless: ``unescape_path`` gives back the name Python uses
for the file (SARIF uses it to percent-encode the original bytes).
"""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")
_ESCAPED = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _is_surrogate(char: str) -> bool:
    """Whether ``char`` (one character, or "" past the end) is a lone surrogate."""
    return "\ud800" <= char <= "\udfff"


def _escape_char(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def escape_undecodable(text: str) -> str:
    """``text`` with only its lone surrogates escaped: for messages that
    quote a name among other words (not reversible, but never invalid)."""
    return _SURROGATE.sub(lambda match: _escape_char(match.group()), text)


def escape_path(path: str) -> str:
    """``path`` as shown in any output: valid Unicode, and reversible."""
    if "\\" not in path and not _SURROGATE.search(path):
        return path  # nearly every name: nothing to do
    out = []
    for index, char in enumerate(path):
        if _is_surrogate(char):
            out.append(_escape_char(char))
        elif char == "\\":
            following = path[index + 1 : index + 2]
            doubled = following in ("\\", "x", "u") or _is_surrogate(following)
            out.append("\\\\" if doubled else "\\")
        else:
            out.append(char)
    return "".join(out)


def unescape_path(text: str) -> str:
    """The name ``escape_path`` was given: undoes its escapes and nothing else."""

    def original(match: re.Match[str]) -> str:
        escape = match.group(1)
        if escape == "\\":
            return "\\"
        code = int(escape[1:], 16)
        return chr(0xDC00 + code) if escape[0] == "x" else chr(code)

    return _ESCAPED.sub(original, text)
