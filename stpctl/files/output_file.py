"""Writing output files whole or not at all, and never over a file the run reads.

How an output is written depends on what the target is:

* **A regular file, or a name that does not exist yet.**  The text goes to a
  temporary file in the same folder, which is then renamed over the target:
  an interrupted run leaves the old file as it was and never a half-written
  one.  A symlink is followed, so the file it points to is written and the
  link stays a link.  The file ends with the permissions a plain
  ``open(path, "w")`` would give it: a new file gets 0o666 less the umask
  (not the private 0o600 of a temporary file), and a file written over keeps
  its own.
* **A device, a FIFO (named pipe) or a socket** (``/dev/null``, ``/dev/full``,
  a terminal), and **any path in /dev or /proc** (``/dev/stdout`` is a link to
  ``/proc/self/fd/1``, which may be a file the shell opened): written to
  directly, appending as the shell's ``>>`` does.  Such a target is never
  replaced (renaming over ``/dev/null`` as root would break the whole
  system) and never created.  A failed write, such as ``/dev/full``'s "no
  space left", is an ``OutputError``.

``stpctl fix --write`` writes over the plan it read, by the same rename; it
passes what it read as ``unchanged``, and the rename happens only if the
file still holds exactly that just before it (else ``ChangedSinceRead``):
an edit made meanwhile, in an editor or by a ``git checkout``, is never lost.

A SIGTERM or SIGHUP that arrives during an atomic write raises ``Stopped``,
so the temporary file is removed as it is on Ctrl-C; the signal handlers in
place before are put back after the write.  A signal that was being ignored
(``nohup`` ignores SIGHUP) stays ignored.
"""

from __future__ import annotations

import contextlib
import os
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import Any

STDIN = "-"
# Folders whose entries are devices or views of open files, never plain files.
SYSTEM_FOLDERS = ("/dev/", "/proc/")
# The signals a service manager or a closing terminal sends to stop a run.
STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)
# Bytes of the target's name kept in the temporary file's name, so that a
# target name as long as the file system allows still has a temporary name.
TEMPORARY_NAME_BYTES = 100


class OutputError(Exception):
    """The output cannot be written where asked; the message says why."""


class ChangedSinceRead(OutputError):
    """The file to be written over changed after it was read; it is left as it is."""


class Stopped(BaseException):
    """A stop signal arrived while an output was being written; the temporary
    file is removed and the target left as it was.  A ``BaseException``, like
    ``KeyboardInterrupt``, so nothing mistakes it for an error to handle."""

    def __init__(self, signum: int) -> None:
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def refuse_inputs(
    target: Path, inputs: Iterable[str], option: str, read_too: Iterable[tuple[str, str]] = ()
) -> None:
    """Never let an output overwrite a file the run reads: a plan in ``inputs``
    (by any name, a symlink or a hard link), the plan on standard input when
    ``-`` is among them, or a file in ``read_too``, given as (what it is, path)
    pairs, e.g. ``("the guidance pack", "pack.yaml")``.  ``option`` is the
    command-line option that named ``target``, for the message."""
    if not _exists(target):
        return  # a new file: it cannot be anything the run reads
    given = list(inputs)
    for path in given:
        if path != STDIN and _same_file(path, target):
            raise OutputError(f"{target} is one of the input files; choose another {option} file")
    if STDIN in given and _is_standard_input(target):
        raise OutputError(
            f"{target} is the plan being read from standard input; choose another {option} file"
        )
    for what, path in read_too:
        if _same_file(path, target):
            raise OutputError(f"{target} is {what} this run reads; choose another {option} file")


def _exists(path: Path | str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _same_file(one: Path | str, other: Path | str) -> bool:
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


def _is_standard_input(target: Path) -> bool:
    """Whether ``target`` is the file standard input reads (``< plan.yaml``)."""
    try:
        held = os.fstat(0)
        info = os.stat(target)
    except OSError:
        return False
    if not stat.S_ISREG(held.st_mode):
        return False  # a terminal or a pipe: nothing an output could overwrite
    return (held.st_dev, held.st_ino) == (info.st_dev, info.st_ino)


def check_target(target: Path) -> None:
    """Refuse a target that cannot be written at all: its folder is missing,
    it is a folder, or the system refuses its name (too long, say)."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        info = None
    except OSError as err:  # a name too long, a path through a file, a loop
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputError(f"cannot write {target}: it is a directory")
    if info is None:
        folder = target.parent if str(target.parent) else Path(".")
        if not os.path.isdir(folder):
            raise OutputError(f"cannot write {target}: folder {folder} does not exist")


def write_atomic(
    target: Path, data: bytes | Iterable[bytes], unchanged: bytes | None = None
) -> None:
    """Write ``data`` — bytes, or chunks of bytes so that a long output need
    not be held in memory — to ``target``: whole or not at all for a file,
    directly for a device or FIFO (see the module's notes).  Raises
    ``OutputError``.  With ``unchanged``, ``target`` must be a file that
    still holds exactly those bytes when it is replaced; else
    ``ChangedSinceRead``."""
    check_target(target)
    chunks = [data] if isinstance(data, bytes) else data
    if unchanged is None and _written_in_place(target):
        _write_in_place(target, chunks)
    else:
        _write_by_rename(target, chunks, unchanged)


def _written_in_place(target: Path) -> bool:
    try:
        info = os.stat(target)
    except OSError:
        info = None
    if info is not None and not stat.S_ISREG(info.st_mode):
        return True  # a device, a FIFO or a socket
    return _in_system_folder(target)


def _in_system_folder(target: Path) -> bool:
    """Whether ``target``, or a symlink on the way to what it names, lies in
    /dev or /proc (``/dev/stdout`` → ``/proc/self/fd/1`` → wherever stdout goes)."""
    if os.name != "posix":
        return False
    path = os.path.abspath(target)
    for _ in range(40):  # as many links as the system follows
        if path.startswith(SYSTEM_FOLDERS):
            return True
        try:
            link = os.readlink(path)
        except (OSError, ValueError):
            return False  # not a link: the end of the chain
        path = os.path.normpath(os.path.join(os.path.dirname(path), link))
    return False


def _write_in_place(target: Path, chunks: Iterable[bytes]) -> None:
    flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_NOCTTY", 0)
    try:
        handle = os.open(target, flags)  # no O_CREAT: nothing is ever made in /dev
    except OSError as err:
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    try:
        for chunk in chunks:
            view = memoryview(chunk)
            while view:
                view = view[os.write(handle, view) :]
    except OSError as err:  # /dev/full: no space left on device; a FIFO closed early
        raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
    finally:
        os.close(handle)


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


def _temporary_prefix(name: str) -> str:
    kept = os.fsencode(name)[:TEMPORARY_NAME_BYTES]
    return f".{os.fsdecode(kept)}."


def _still_holds(path: Path, expected: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(expected) + 1) == expected
    except OSError:
        return False  # gone, or no longer readable: not the file that was read


def _write_by_rename(target: Path, chunks: Iterable[bytes], unchanged: bytes | None = None) -> None:
    import tempfile  # here, not at the top: --help and --version never write

    final = Path(os.path.realpath(target))  # through symlinks: the link stays a link
    mode = _mode_for(final)
    temporary: str | None = None
    with _stopped_by_signals():
        try:
            with _signals_held():  # so that a signal cannot come between mkstemp and here
                handle, temporary = tempfile.mkstemp(
                    prefix=_temporary_prefix(final.name), suffix=".tmp", dir=final.parent
                )
            with os.fdopen(handle, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
                stream.flush()
                os.fsync(stream.fileno())
            os.chmod(temporary, mode)
            if unchanged is not None and not _still_holds(final, unchanged):
                raise ChangedSinceRead(
                    f"{target} changed after stpctl read it; it was left as it is:"
                    " run stpctl fix again"
                )
            os.replace(temporary, final)
        except BaseException as err:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            if isinstance(err, OSError):
                raise OutputError(f"cannot write {target}: {err.strerror or err}") from None
            raise


@contextlib.contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into ``Stopped`` for the duration, where they
    would otherwise end the process on the spot."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may set handlers; it is the one that writes
        return
    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}

    def stop(signum: int, frame: FrameType | None) -> None:
        for number in previous:  # a second signal must not interrupt the clean-up
            signal.signal(number, signal.SIG_IGN)
        raise Stopped(signum)

    for number in STOP_SIGNALS:
        if signal.getsignal(number) is signal.SIG_DFL:
            previous[number] = signal.signal(number, stop)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold the stop signals back (they arrive when this ends)."""
    hold = getattr(signal, "pthread_sigmask", None)
    if hold is None or threading.current_thread() is not threading.main_thread():
        yield
        return
    held = hold(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        hold(signal.SIG_SETMASK, held)
