"""Checking many inputs: in worker processes when there are many, with the
results always in input order, so output is the same for any ``--jobs``."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO

from stpctl.check.checker import InternalError, Settings, check_bytes, check_path
from stpctl.check.result import FileResult, RunResult
from stpctl.files.inputs import STDIN, Inputs
from stpctl.load.loader import RULE_READ
from stpctl.records.file_names import escape_path
from stpctl.records.finding import Finding, Severity

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

# With more files than this, the default is one worker per CPU.
PARALLEL_FROM = 8


def default_jobs(count: int) -> int:
    if count <= PARALLEL_FROM:
        return 1
    return cpu_count()


def cpu_count() -> int:
    """The CPUs this process may run on (``--jobs 0`` starts one worker each)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_inputs(
    inputs: Inputs,
    settings: Settings,
    stdin: BinaryIO,
    stdin_name: str,
    jobs: int | None = None,
    on_file_done: Callable[[], None] = lambda: None,
) -> RunResult:
    """Check every input; ``on_file_done`` is called after each file (for a
    progress bar).  ``jobs``: worker processes; ``0`` one per CPU, ``None``
    one per CPU above ``PARALLEL_FROM`` files.  Never raises for bad input;
    only stpctl's own bugs raise."""
    entries = inputs.ordered()
    results: list[FileResult | None] = [None] * len(entries)
    to_check: list[tuple[int, str]] = []
    for index, entry in enumerate(entries):
        if entry == STDIN:
            results[index] = check_stream(stdin, stdin_name, settings)
        elif entry in inputs.unreadable:
            results[index] = _unreadable_folder(entry, inputs.unreadable[entry])
        else:
            to_check.append((index, entry))
    wanted = cpu_count() if jobs == 0 else jobs or default_jobs(len(entries))
    workers = min(wanted, len(to_check)) or 1
    for index, result in _check_paths(to_check, settings, workers):
        results[index] = result
        on_file_done()
    return RunResult([result for result in results if result is not None])


def files_to_check(inputs: Inputs) -> int:
    """How many files ``check_inputs`` will read from disk (for a progress bar)."""
    return sum(1 for entry in inputs.ordered() if entry != STDIN and entry not in inputs.unreadable)


def check_stream(stream: BinaryIO, name: str, settings: Settings) -> FileResult:
    """Check a plan read from a stream (stdin), within the size limit."""
    name = escape_path(name)  # --stdin-filename may hold bytes that are not UTF-8
    raw = stream.read(settings.max_bytes + 1)
    if len(raw) > settings.max_bytes:
        message = (
            f"the plan on standard input is over the {settings.max_bytes:,}-byte limit;"
            " raise it with --max-bytes if the plan really is this large"
        )
        return FileResult(name, None, None, [Finding(RULE_READ, Severity.ERROR, message)])
    return check_bytes(raw, name, settings)


def _unreadable_folder(folder: str, reason: str) -> FileResult:
    folder = escape_path(folder)
    message = f"folder {folder} cannot be searched ({reason}); the plans in it were not checked"
    return FileResult(folder, None, None, [Finding(RULE_READ, Severity.ERROR, message)])


def _check_paths(
    to_check: list[tuple[int, str]], settings: Settings, workers: int
) -> Iterator[tuple[int, FileResult]]:
    from concurrent.futures import as_completed

    pool = _pool(workers, settings) if workers > 1 else None
    if pool is None:
        for index, path in to_check:
            yield index, check_path(path, settings)
        return
    with pool:
        futures: dict[Future[FileResult], int] = {
            pool.submit(_check_in_worker, path): index for index, path in to_check
        }
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _pool(workers: int, settings: Settings) -> ProcessPoolExecutor | None:
    """A process pool, or ``None`` where the platform cannot make one (then
    the files are checked one after another)."""
    from concurrent.futures import ProcessPoolExecutor  # only when there are many files

    try:
        return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings,))
    except (OSError, NotImplementedError, ImportError):
        return None


_worker_settings: Settings | None = None


def _start_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _check_in_worker(path: str) -> FileResult:
    assert _worker_settings is not None, "worker started without settings"
    try:
        return check_path(path, _worker_settings)
    except InternalError as err:
        # InternalError cannot be rebuilt from its pickled form; send its text.
        raise RuntimeError(str(err)) from None
