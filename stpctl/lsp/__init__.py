"""The language server (``stpctl lsp``): every finding of ``validate`` while a
plan is edited, with hovers, quick fixes, completion and an outline.

The server calls the same engine as the command line (``check.checker``,
``fix.engine``); nothing here judges a plan.  pygls, lsprotocol and tomlkit
come from the optional extra ``stpctl[lsp]`` and are imported only in this
room, only when ``stpctl lsp`` runs.

May import: records, files, load, plan, reference, check, fix, documents, render.
"""
