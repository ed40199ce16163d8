"""Writing output files whole or not at all.

The text goes to a temporary file in the same directory, which is then
renamed over the target: an interrupted run leaves the old file as it was
and never a half-written one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written where asked; the message says why."""


def refuse_inputs(target: Path, inputs: Iterable[str]) -> None:
    """Never let an output overwrite a file being read."""
    for given in inputs:
        same = given != "-" and os.path.exists(given) and os.path.exists(target)
        if same and os.path.samefile(given, target):
            raise OutputError(f"{target} is one of the input files; choose another --output")


def write_atomic(target: Path, data: bytes) -> None:
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
