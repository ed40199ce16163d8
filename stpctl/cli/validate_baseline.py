"""``validate``'s baseline: which one a run uses (``--baseline``, or
``baseline`` in configuration, relative to that file), writing one
(``--write-baseline``), and what the outputs say about it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.baseline import Baseline
    from stpctl.check.config import Config
    from stpctl.check.result import RunResult


def choose(config: Config, given: Path | None, write: Path | None, off: bool) -> Baseline | None:
    """The baseline of this run.  Writing one records every finding (any
    baseline in use is then ignored); ``--no-baseline`` ignores the
    configured one.  A baseline that is missing or cannot be read is a usage
    error."""
    import os

    from stpctl.check.baseline import Baseline, BaselineError, read

    if write is not None:
        return Baseline(folder=os.path.abspath(write.parent), record=True)
    if off or (given is None and config.baseline is None):
        return None
    path = given if given is not None else config.baseline
    assert path is not None
    if not path.exists():
        named = f"--baseline {path}" if given is not None else f"{config.path}: baseline {path}"
        options.usage_error(
            f"{named}: no such file; record today's findings first with --write-baseline {path}"
        )
    try:
        return read(path)
    except BaselineError as err:
        options.usage_error(str(err))


def finish(run: RunResult, baseline: Baseline | None, write: Path | None) -> None:
    """Write the baseline being recorded, or gather the stale entries of the
    one in use, and tell the outputs (``run.baseline``)."""
    if baseline is None:
        return
    from stpctl.check.baseline import BaselineUse, gone

    if write is not None:
        _write(run, write)
        run.baseline = BaselineUse(options.shown_name(write), written=True)
        return
    stale = [entry for result in run.files if result.baseline for entry in result.baseline.stale]
    stale.extend(gone(baseline, [result.path for result in run.files]))
    run.baseline = BaselineUse(options.shown_name(baseline.file), stale=tuple(sorted(stale)))


def _write(run: RunResult, target: Path) -> None:
    from stpctl.check.baseline import dumps
    from stpctl.files.output_file import OutputError, write_atomic
    from stpctl.records.wording import counted

    entries = [
        entry for result in run.files if result.baseline for entry in result.baseline.baselined
    ]
    try:
        write_atomic(target, dumps(entries).encode("utf-8"))
    except OutputError as err:
        options.usage_error(str(err))
    files = len({entry.path for entry in entries})
    sys.stderr.write(
        f"stpctl: wrote baseline {options.shown_name(target)}:"
        f" {counted(run.baselined, 'finding')} in {counted(files, 'file')}\n"
    )
