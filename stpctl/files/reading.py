"""Reading the files a run needs besides the plans — a guidance pack, a
configuration file — and plans from a stream, always within a size limit.

A file that is not a regular file (a device such as ``/dev/zero``, a FIFO, a
socket, a folder) is refused from ``stat`` alone, before it is opened:
opening a FIFO waits for a writer for ever, and a device can be endless.  A
regular file larger than the limit is refused from its size, and one that
grows while it is read is stopped at the limit, so no file can make stpctl
read more than the limit allows.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

# A guidance pack or configuration file is a few kilobytes (the national pack
# is 3 KB); one mebibyte leaves room for any real one.
SETTINGS_FILE_MAX_BYTES = 1024 * 1024


class ReadRefused(Exception):
    """A file that cannot be read within bounds; the message says why, naming it."""


class CannotRead(ReadRefused):
    """The file is missing or the system would not let us read it."""


def read_bounded(path: str | os.PathLike[str], what: str, limit: int) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    ``what`` names the file in messages (``"guidance pack"``).  Raises
    ``ReadRefused`` for a file that does not exist, is not a regular file,
    is over the limit or cannot be read (``CannotRead``, a ``ReadRefused``,
    when it is missing or the system refuses it)."""
    name = os.fspath(path)
    try:
        info = os.stat(name)
    except OSError as err:
        raise CannotRead(f"cannot read {what} {name}: {err.strerror or err}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a device, FIFO or socket"
        raise ReadRefused(f"{what} {name} is not a regular file ({kind}); name a file")
    if info.st_size > limit:
        raise ReadRefused(_over(what, name, limit, info.st_size))
    try:
        with open(name, "rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as err:
        raise CannotRead(f"cannot read {what} {name}: {err.strerror or err}") from None
    if len(raw) > limit:  # it grew while we looked at it
        raise ReadRefused(_over(what, name, limit))
    return raw


def _over(what: str, name: str, limit: int, size: int | None = None) -> str:
    said = f" is {size:,} bytes," if size is not None else ""
    return f"{what} {name}{said} over the {limit:,}-byte limit for a {what}"


def read_stream(stream: BinaryIO, limit: int) -> bytes:
    """At most ``limit + 1`` bytes from ``stream`` (standard input): enough to
    tell that a plan is over the limit without reading the rest of it."""
    return stream.read(limit + 1)
