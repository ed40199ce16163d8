"""Checking many inputs: in worker processes when there are many, with the
results always in input order, so output is the same for any ``--jobs``."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, BinaryIO, TypeVar

from stpctl.check import checker
from stpctl.check.checker import InternalError, PlanAnalysis, Settings, check_bytes, check_path
from stpctl.check.result import FileResult, RunResult
from stpctl.files.inputs import STDIN, Inputs
from stpctl.load.loader import RULE_READ
from stpctl.records.file_names import escape_path
from stpctl.records.finding import Finding, Severity

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

CheckPath = Callable[[str, Settings], FileResult]
Done = TypeVar("Done")

# With more files than this, the default is one worker per idle CPU.  A
# worker costs 30-60 ms to start and a plan ~8 ms to check: a second worker
# pays for itself from about 16 files (issue 15, measured on 2 CPUs).
PARALLEL_FROM = 16
# Never fewer files than this for each worker, whatever --jobs asks: with
# fewer, starting the workers costs more than they save.
FILES_PER_WORKER = 8


def default_jobs(count: int) -> int:
    if count <= PARALLEL_FROM:
        return 1
    return idle_cpus()


def idle_cpus() -> int:
    """The CPUs not already busy with other work, at least one: on a shared
    machine whose CPUs are all busy, worker processes only take turns with
    each other."""
    cpus = cpu_count()
    busy = busy_cpus()
    if busy is None:
        return cpus
    return max(1, min(cpus, int(cpus - busy + 0.5)))


def busy_cpus() -> float | None:
    """How many CPUs other work keeps busy now: on Linux the processes
    running at this moment, less this one (``/proc/loadavg``); elsewhere the
    load average of the last minute.  The minute's average lags: just after
    one stpctl run it still says one CPU is busy, and the next run would
    then leave a free CPU idle (measured: 1.7 times slower on 200 plans)."""
    try:
        with open("/proc/loadavg", encoding="ascii") as handle:
            return running_others(handle.read())
    except (OSError, ValueError):
        pass
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):  # not on this platform
        return None


def running_others(loadavg: str) -> float:
    """From ``/proc/loadavg`` text (``0.51 2.00 2.70 1/79 18685``): the
    processes running now other than this one."""
    running = int(loadavg.split()[3].split("/")[0])
    return float(max(0, running - 1))


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
    return RunResult(list(iter_results(inputs, settings, stdin, stdin_name, jobs, on_file_done)))


def iter_results(
    inputs: Inputs,
    settings: Settings,
    stdin: BinaryIO,
    stdin_name: str,
    jobs: int | None = None,
    on_file_done: Callable[[], None] = lambda: None,
    check: CheckPath | None = None,
) -> Iterator[FileResult]:
    """Each input's result, in output order, as soon as it and those before
    it are checked: a caller that writes each away and keeps none needs the
    memory of one file, not of the run (issue 10).  ``jobs`` as for
    ``check_inputs``; ``check`` checks one file (a cache's, which may have
    the result already; picklable, for the workers)."""
    entries = inputs.ordered()
    listed = set(inputs.files)  # a set: thousands of files must not be searched in a list
    paths = [e for e in entries if e != STDIN and e in listed]
    wanted = cpu_count() if jobs == 0 else jobs or default_jobs(len(entries))
    workers = min(wanted, len(paths)) or 1
    checked = _check_paths(paths, settings, workers, check)
    for entry in entries:
        if entry == STDIN:
            yield check_stream(stdin, stdin_name, settings)
        elif entry in inputs.unreadable:
            yield _unreadable_folder(entry, inputs.unreadable[entry])
        elif entry in inputs.refused:
            refused = Finding(RULE_READ, Severity.ERROR, inputs.refused[entry])
            yield FileResult(escape_path(entry), None, None, [refused])
        else:
            result = next(checked)
            on_file_done()
            yield result


def files_to_check(inputs: Inputs) -> int:
    """How many files ``check_inputs`` will read from disk (for a progress bar)."""
    return sum(1 for entry in inputs.files if entry != STDIN)


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
    paths: list[str], settings: Settings, workers: int, check: CheckPath | None = None
) -> Iterator[FileResult]:
    """Results for ``paths`` in their order; with ``workers`` > 1 from worker
    processes (see ``_in_order``)."""
    yield from _in_order(
        paths,
        settings,
        workers,
        check,
        lambda path: (check or check_path)(path, settings),
        _check_chunk_in_worker,
    )


def iter_analyses(
    paths: list[str], settings: Settings, jobs: int | None = None
) -> Iterator[PlanAnalysis]:
    """Each path's analysis, as ``checker.analyse_path`` gives it, in the
    paths' order: for the documents over many plans (``report --rollup`` and
    ``--output-dir``), with the workers ``validate`` would use.  An analysis
    from a worker leaves out what only fixes need (``loaded``), which would
    cost more to send back than it took to make.  One plan a task: an
    analysis holds the whole plan, so no more than a few (twice the workers,
    and one) are held at once, whatever the number of plans."""
    wanted = jobs or default_jobs(len(paths))
    workers = min(wanted, len(paths)) or 1
    yield from _in_order(
        paths,
        settings,
        workers,
        None,
        lambda path: checker.analyse_path(path, settings),  # looked up late: tests wrap it
        _analyse_chunk_in_worker,
        most_per_task=1,
    )


def _in_order(
    paths: list[str],
    settings: Settings,
    workers: int,
    check: CheckPath | None,
    here: Callable[[str], Done],
    in_worker: Callable[[list[str]], list[Done]],
    most_per_task: int = 16,
) -> Iterator[Done]:
    """``here(path)`` for each path in their order, or with ``workers`` > 1
    ``in_worker(chunk)`` in worker processes, a few files a task.  Only a
    few chunks of files are handed out ahead of the caller: workers that run
    ahead of a slow output would otherwise pile up every result in memory."""
    workers = min(workers, len(paths) // FILES_PER_WORKER)
    pool = _pool(workers, settings, check) if workers > 1 else None
    if pool is None:
        for path in paths:
            yield here(path)
        return
    size = min(most_per_task, _chunk(len(paths), workers))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    ahead: deque[Future[list[Done]]] = deque()
    with pool:
        try:
            for chunk in chunks:
                ahead.append(pool.submit(in_worker, chunk))
                if len(ahead) > 2 * workers:
                    yield from ahead.popleft().result()
            while ahead:
                yield from ahead.popleft().result()
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _chunk(count: int, workers: int) -> int:
    """Files per task: a few, so that passing results between processes costs
    little, but not so many that one worker is left with the tail."""
    return max(1, min(16, count // (workers * 8)))


def _pool(workers: int, settings: Settings, check: CheckPath | None) -> ProcessPoolExecutor | None:
    """A process pool, or ``None`` where the platform cannot make one (then
    the files are checked one after another)."""
    from concurrent.futures import ProcessPoolExecutor  # only when there are many files

    from stpctl.check.schema_check import fast_validator

    fast_validator()  # compiled once here, not in every worker (they are forked from here)
    try:
        return ProcessPoolExecutor(workers, initializer=_start_worker, initargs=(settings, check))
    except (OSError, NotImplementedError, ImportError):
        return None


_worker_settings: Settings | None = None
_worker_check: CheckPath | None = None


def _start_worker(settings: Settings, check: CheckPath | None = None) -> None:
    global _worker_settings, _worker_check
    _worker_settings = settings
    _worker_check = check


def _check_chunk_in_worker(paths: list[str]) -> list[FileResult]:
    return [_check_in_worker(path) for path in paths]


def _analyse_chunk_in_worker(paths: list[str]) -> list[PlanAnalysis]:
    return [_analyse_in_worker(path) for path in paths]


def _analyse_in_worker(path: str) -> PlanAnalysis:
    assert _worker_settings is not None, "worker started without settings"
    try:
        analysis = checker.analyse_path(path, _worker_settings)
    except InternalError as err:
        raise RuntimeError(str(err)) from None  # as _check_in_worker
    analysis.loaded = None
    return analysis


def _check_in_worker(path: str) -> FileResult:
    assert _worker_settings is not None, "worker started without settings"
    try:
        return (_worker_check or check_path)(path, _worker_settings)
    except InternalError as err:
        # InternalError cannot be rebuilt from its pickled form; send its text.
        raise RuntimeError(str(err)) from None
