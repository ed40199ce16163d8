"""``stpctl lsp``: start the language server on stdio (optional extra ``stpctl[lsp]``)."""

from __future__ import annotations

import sys

import typer


def lsp() -> None:
    """Start a language server on stdio, for editors: every finding of
    `validate` while you type, hovers, quick fixes and completion.  Needs the
    optional extra: pip install 'stpctl[lsp]'."""
    try:  # the extra is optional: the command line must start without it
        import pygls  # noqa: F401
        import tomlkit  # noqa: F401
    except ImportError:
        sys.stderr.write(
            "stpctl: the language server needs the optional extra;"
            " install it with: pip install 'stpctl[lsp]'\n"
        )
        raise typer.Exit(2) from None
    from stpctl.lsp.server import serve

    serve()
