"""What the entry point needs to know about the running command."""

from __future__ import annotations

debug = False


def describe(err: BaseException) -> str:
    text = str(err)
    if text.startswith("internal error"):
        return text
    return f"internal error: {type(err).__name__}: {text}"
