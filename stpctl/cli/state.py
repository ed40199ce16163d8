"""What the entry point needs to know about the running command."""

from __future__ import annotations

debug = False


def describe(err: BaseException) -> str:
    """One line for stderr, whatever the exception's text holds."""
    from stpctl.render.terminal import one_line

    text = one_line(str(err))
    if text.startswith("internal error"):
        return text
    return f"internal error: {type(err).__name__}: {text}"
