"""An output kept on disk while a run writes it, then copied where it goes.

``validate`` writes each file's part of every output as the file is checked
(see ``stpctl.render.streaming``).  The parts go to a spool — memory up to
8 MiB, then an unnamed temporary file, removed by the system when it is
closed or the process ends — and are read back in chunks when the run is
over, after the head that needs the run's totals.  So an output of hundreds of megabytes never
has to be held in memory, and the file it is meant for is still written
whole or not at all.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from types import TracebackType
from typing import IO, Any, TypeVar

CHUNK = 1024 * 1024
# An output up to this size stays in memory; past it, it moves to disk.
IN_MEMORY = 8 * 1024 * 1024
_Self = TypeVar("_Self", bound="_Temporary")


class _Temporary:
    """A temporary file that goes when closed (or when the ``with`` ends)."""

    _file: IO[Any]

    def close(self) -> None:
        self._file.close()

    def __enter__(self: _Self) -> _Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


class Spool(_Temporary):
    """Text written now and read back later, from a temporary file."""

    def __init__(self) -> None:
        # surrogateescape both ways: a file name that is not UTF-8 comes back
        # as it went in, and what to do with it is the writer's business.
        self._file = tempfile.SpooledTemporaryFile(  # noqa: SIM115 - closed by close()
            max_size=IN_MEMORY, mode="w+", encoding="utf-8", errors="surrogateescape", newline=""
        )

    def write(self, text: str) -> None:
        self._file.write(text)

    def chunks(self, size: int = CHUNK) -> Iterator[str]:
        """Everything written, from the start, ``size`` characters at a time."""
        self._file.flush()
        self._file.seek(0)
        while True:
            chunk = self._file.read(size)
            if not chunk:
                return
            yield chunk


class Stash(_Temporary):
    """Documents put away by name now and read back later, in chunks: memory
    up to ``IN_MEMORY``, then an unnamed temporary file (as ``Spool``).  For
    a run that must render every document before it writes any, without
    holding them all (``report --output-dir``)."""

    def __init__(self) -> None:
        self._file = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY, mode="w+b")  # noqa: SIM115
        self._where: dict[str, tuple[int, int]] = {}  # name → (offset, length)
        self._end = 0

    def put(self, name: str, data: bytes) -> None:
        self._file.seek(self._end)
        self._file.write(data)
        self._where[name] = (self._end, len(data))
        self._end += len(data)

    def chunks(self, name: str, size: int = CHUNK) -> Iterator[bytes]:
        """The document put away as ``name``, ``size`` bytes at a time."""
        offset, left = self._where[name]
        while left:
            self._file.seek(offset)
            chunk = self._file.read(min(size, left))
            if not chunk:  # pragma: no cover - the file is ours; it cannot shrink
                return
            offset += len(chunk)
            left -= len(chunk)
            yield chunk
