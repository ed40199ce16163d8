"""The language server: pygls wiring, and when each document is checked.

A document is checked when opened and saved, and 0.1 s after the last of a
burst of changes (the debounce), in one worker thread, so the editor's
requests are answered while a large plan is being checked.  A newer change
cancels a check not yet started; the result of one that ran for an older
version of the text is dropped, never published.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from stpctl import __version__
from stpctl.lsp.checking import Checked, check_document
from stpctl.lsp.configuration import SettingsCache
from stpctl.lsp.diagnostics import half_typed, is_syntax_error, shift

DEBOUNCE_SECONDS = 0.1
# Files whose change may change the findings of every open plan.
WATCHED = ("**/.stpctl.toml", "**/pyproject.toml", "**/*.toml", "**/*.json")


class PlanServer(LanguageServer):
    """The server, with what it knows of each open document."""

    def __init__(self) -> None:
        super().__init__("stpctl", __version__)
        self.settings_cache = SettingsCache()
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stpctl-check")
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.checked: dict[str, Checked] = {}  # the newest check published, by URI
        self.last_good: dict[str, list[types.Diagnostic]] = {}  # from text that parsed
        self.loaded: dict[str, Checked] = {}  # the newest check whose text loaded, by URI

    def schedule(self, uri: str, delay: float) -> None:
        """Check ``uri`` after ``delay`` seconds, instead of any check still pending."""
        earlier = self.pending.pop(uri, None)
        if earlier is not None:
            earlier.cancel()
        self.pending[uri] = asyncio.get_running_loop().create_task(self._check(uri, delay))

    def recheck_all(self) -> None:
        self.settings_cache.forget()
        for uri in list(self.workspace.text_documents):
            self.schedule(uri, 0)

    async def _check(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        document = self.workspace.get_text_document(uri)
        if document.path is None or not uri.startswith("file:"):
            return
        version, text, lines = document.version, document.source, list(document.lines)
        codec = self.workspace.position_codec
        loop = asyncio.get_running_loop()
        try:
            checked = await loop.run_in_executor(
                self.worker,
                check_document,
                document.path,
                text,
                version,
                lines,
                codec,
                self.settings_cache,
            )
        except Exception as err:  # a bug in stpctl: say so once, keep serving the rest
            message = str(err).strip().splitlines()
            self.window_show_message(
                types.ShowMessageParams(
                    type=types.MessageType.Error,
                    message=f"stpctl: {message[0] if message else type(err).__name__};"
                    " this is a bug in stpctl — please report it",
                )
            )
            return
        current = self.workspace.text_documents.get(uri)
        if current is None or current.version != version:
            return  # the text changed while it was checked: a newer check follows
        self.pending.pop(uri, None)
        self.publish(uri, checked)

    def publish(self, uri: str, checked: Checked) -> None:
        if not checked.plan and uri not in self.checked:
            return  # not a plan, and nothing of ours shown on it
        shown = checked.diagnostics
        if any(is_syntax_error(d) for d in shown):
            shown = half_typed(shown, self.last_good.get(uri, []))
        else:
            self.last_good[uri] = list(shown)
        self.checked[uri] = checked
        if checked.loaded:
            self.loaded[uri] = checked
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, version=checked.version, diagnostics=shown)
        )

    def shift_last_good(
        self, uri: str, changes: list[types.TextDocumentContentChangeEvent]
    ) -> None:
        kept = self.last_good.get(uri)
        if kept is None:
            return
        for change in changes:
            kept = shift(kept, change)
        self.last_good[uri] = kept


server = PlanServer()


@server.feature(types.INITIALIZED)
async def initialized(ls: PlanServer, params: types.InitializedParams) -> None:
    """Ask the editor to report changes to configuration and baseline files."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace is not None else None
    if watched is None or not watched.dynamic_registration:
        return  # such a client is covered by checking the files on every check
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED]
    )
    registration = types.Registration(
        id="stpctl-configuration",
        method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
        register_options=options,
    )
    try:
        await ls.client_register_capability_async(types.RegistrationParams([registration]))
    except Exception as err:  # the editor refused: files are still checked on each check
        logging.getLogger(__name__).info("watching configuration files refused: %s", err)


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: PlanServer, params: types.DidOpenTextDocumentParams) -> None:
    ls.schedule(params.text_document.uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: PlanServer, params: types.DidChangeTextDocumentParams) -> None:
    ls.shift_last_good(params.text_document.uri, list(params.content_changes))
    ls.schedule(params.text_document.uri, DEBOUNCE_SECONDS)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: PlanServer, params: types.DidSaveTextDocumentParams) -> None:
    uri = params.text_document.uri
    if uri.endswith((".toml", ".json")):  # configuration or a baseline, saved in the editor
        ls.recheck_all()
    else:
        ls.settings_cache.forget()
        ls.schedule(uri, 0)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: PlanServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    pending = ls.pending.pop(uri, None)
    if pending is not None:
        pending.cancel()
    ls.last_good.pop(uri, None)
    ls.loaded.pop(uri, None)
    if ls.checked.pop(uri, None) is not None:
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=[])
        )


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: PlanServer, params: types.DidChangeWatchedFilesParams) -> None:
    ls.recheck_all()


def serve() -> None:
    """Serve on stdin and stdout until the editor says exit."""
    import stpctl.lsp.features  # noqa: F401  (registers hover, code actions, completion, outline)

    server.start_io()
