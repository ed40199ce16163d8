"""``validate``'s baseline: which one a run uses (``--baseline``, or
``baseline`` in configuration, relative to that file), writing one
(``--write-baseline``), and what the outputs say about it, gathered from
each file's result as the run goes past it."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.baseline import Baseline, BaselineUse, Entry
    from stpctl.check.config import Config
    from stpctl.check.result import FileResult


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


class Gathered:
    """What the results of a run say about its baseline, gathered a file at
    a time as they go past (the outputs keep no results, issue 10): the
    entries of a baseline being written, the stale entries of one in use,
    and which of the files it names were checked."""

    def __init__(self, baseline: Baseline | None) -> None:
        self.baseline = baseline
        self.entries: list[Entry] = []  # the findings a baseline being written records
        self.stale: list[Entry] = []
        self.checked: list[str] = []  # files checked that the baseline names, as shown

    def add(self, result: FileResult) -> None:
        if self.baseline is None or result.baseline is None:
            return
        if self.baseline.record:
            self.entries.extend(result.baseline.baselined)
            return
        self.stale.extend(result.baseline.stale)
        from stpctl.check.waivers import path_from

        if path_from(self.baseline.folder, result.path) in self.baseline.entries:
            self.checked.append(result.path)


def finish(gathered: Gathered, baseline: Baseline | None, write: Path | None) -> BaselineUse | None:
    """Write the baseline being recorded, or gather the stale entries of the
    one in use: what the outputs say about the baseline (``None``: none)."""
    if baseline is None:
        return None
    from stpctl.check.baseline import BaselineUse, gone

    if write is not None:
        _write(gathered.entries, write)
        return BaselineUse(options.shown_name(write), written=True)
    stale = [*gathered.stale, *gone(baseline, gathered.checked)]
    return BaselineUse(options.shown_name(baseline.file), stale=tuple(sorted(stale)))


def _write(entries: list[Entry], target: Path) -> None:
    from stpctl.check.baseline import dumps
    from stpctl.files.output_file import OutputError, write_atomic
    from stpctl.records.wording import counted

    try:
        write_atomic(target, dumps(entries).encode("utf-8"))
    except OutputError as err:
        options.usage_error(str(err))
    findings = sum(entry.count for entry in entries)
    files = len({entry.path for entry in entries})
    sys.stderr.write(
        f"stpctl: wrote baseline {options.shown_name(target)}:"
        f" {counted(findings, 'finding')} in {counted(files, 'file')}\n"
    )
