"""A real LSP client (pygls's own) driving ``stpctl lsp`` over stdio, for the
end-to-end tests of the language server and the speed benchmark."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.client import LanguageClient

TIMEOUT = 30.0


class Session:
    """A client connected to a running server, with every diagnostic it published."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.published: dict[str, list[types.PublishDiagnosticsParams]] = {}
        self._arrived = asyncio.Condition()
        self.versions: dict[str, int] = {}

    async def record(self, params: types.PublishDiagnosticsParams) -> None:
        async with self._arrived:
            self.published.setdefault(params.uri, []).append(params)
            self._arrived.notify_all()

    async def diagnostics(
        self,
        uri: str,
        after: int = 0,
        until: Callable[[list[types.Diagnostic]], bool] | None = None,
    ) -> list[types.Diagnostic]:
        """The first diagnostics published for ``uri`` after the ``after``-th
        publication that satisfy ``until`` (any, when not given)."""

        def ready() -> bool:
            return any(
                until is None or until(p.diagnostics) for p in self.published.get(uri, [])[after:]
            )

        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(ready), TIMEOUT)
        return next(
            p.diagnostics
            for p in self.published[uri][after:]
            if until is None or until(p.diagnostics)
        )

    def count(self, uri: str) -> int:
        return len(self.published.get(uri, []))

    def open(self, path: Path, text: str | None = None) -> str:
        uri = path.as_uri()
        self.versions[uri] = 1
        self.client.text_document_did_open(
            types.DidOpenTextDocumentParams(
                types.TextDocumentItem(
                    uri=uri,
                    language_id="yaml",
                    version=1,
                    text=path.read_text(encoding="utf-8") if text is None else text,
                )
            )
        )
        return uri

    def change(self, uri: str, start: tuple[int, int], end: tuple[int, int], text: str) -> None:
        """Replace the text from ``start`` to ``end`` (0-based line, character)."""
        self.versions[uri] += 1
        change = types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(*start), types.Position(*end)), text=text
        )
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [change],
            )
        )

    def replace_all(self, uri: str, text: str) -> None:
        self.versions[uri] += 1
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(uri=uri, version=self.versions[uri]),
                [types.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )

    async def hover(self, uri: str, line: int, character: int) -> types.Hover | None:
        return await self.client.text_document_hover_async(
            types.HoverParams(types.TextDocumentIdentifier(uri), types.Position(line, character))
        )

    async def completion(self, uri: str, line: int, character: int) -> list[str]:
        found = await self.client.text_document_completion_async(
            types.CompletionParams(
                types.TextDocumentIdentifier(uri), types.Position(line, character)
            )
        )
        items = found.items if isinstance(found, types.CompletionList) else (found or [])
        return [item.label for item in items]

    async def symbols(self, uri: str) -> Any:
        return await self.client.text_document_document_symbol_async(
            types.DocumentSymbolParams(types.TextDocumentIdentifier(uri))
        )

    async def code_actions(
        self, uri: str, diagnostics: list[types.Diagnostic]
    ) -> list[types.CodeAction]:
        where = diagnostics[0].range
        found = await self.client.text_document_code_action_async(
            types.CodeActionParams(
                types.TextDocumentIdentifier(uri),
                where,
                types.CodeActionContext(diagnostics=diagnostics),
            )
        )
        return [a for a in found or [] if isinstance(a, types.CodeAction)]


@asynccontextmanager
async def session(
    cwd: Path, capabilities: types.ClientCapabilities | None = None
) -> AsyncIterator[Session]:
    client = LanguageClient("stpctl-tests", "1")
    running = Session(client)

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    async def published(params: types.PublishDiagnosticsParams) -> None:
        await running.record(params)

    await client.start_io(sys.executable, "-m", "stpctl", "lsp", cwd=str(cwd))
    await asyncio.wait_for(
        client.initialize_async(
            types.InitializeParams(
                capabilities=capabilities or types.ClientCapabilities(),
                root_uri=cwd.as_uri(),
            )
        ),
        TIMEOUT,
    )
    client.initialized(types.InitializedParams())
    try:
        yield running
    finally:
        await asyncio.wait_for(client.shutdown_async(None), TIMEOUT)
        client.exit(None)
        await client.stop()


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)
