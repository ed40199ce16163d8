"""Writing output files whole or not at all.

The text goes to a temporary file in the same directory, which is then
renamed over the target: an interrupted run leaves the old file as it was
and never a half-written one.  The file ends with the permissions a plain
``open(path, "w")`` would give it: a new file gets 0o666 less the umask (not
the private 0o600 of a temporary file), and a file written over keeps its own.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


class OutputError(Exception):
    """The output cannot be written where asked; the message says why."""


def refuse_inputs(target: Path, inputs: Iterable[str], option: str) -> None:
    """Never let an output overwrite a file being read; ``option`` is the
    command-line option that named ``target``, for the message."""
    for given in inputs:
        same = given != "-" and os.path.exists(given) and os.path.exists(target)
        if same and os.path.samefile(given, target):
            raise OutputError(f"{target} is one of the input files; choose another {option} file")


def _current_umask() -> int:
    # The umask can only be read by setting it; it is set back at once (a CLI
    # writes its outputs from one thread).
    mask = os.umask(0o077)  # briefly the most private mask, never a looser one
    os.umask(mask)
    return mask


def _mode_for(target: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:  # a new file (or one we cannot stat): as open() would make it
        return 0o666 & ~_current_umask()


def write_atomic(target: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``data`` — bytes, or chunks of bytes so that a long output need
    not be held in memory — to ``target``, whole or not at all."""
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise OutputError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise OutputError(f"cannot write {target}: it is a directory")
    mode = _mode_for(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in [data] if isinstance(data, bytes) else data:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as err:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
