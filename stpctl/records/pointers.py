"""JSON pointers (RFC 6901): how stpctl names a place in a plan, and how it
shows one to a person."""

from __future__ import annotations


def escape_pointer_token(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def display_path(pointer: str) -> str:
    """``/questions/prevention/actions/0/due`` → ``questions.prevention.actions[0].due``."""
    out = ""
    for raw in pointer.split("/")[1:]:
        token = raw.replace("~1", "/").replace("~0", "~")
        if token.isdigit():
            out += f"[{token}]"
        else:
            out += f".{token}" if out else token
    return out
