"""What ``validate`` does for CI besides checking: each result as the
outputs show it (``--min-severity``), the job summary GitHub Actions asks
for, and the paths given that do not exist, reported after the others were
checked.  (The exit code SARIF records and JUnit's failing threshold are
set on the run's ``Totals`` and the JUnit writer by the command.)"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.result import FileResult
    from stpctl.records.finding import Severity

STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


def floor(min_severity: options.Level | None) -> Severity | None:
    """The lowest severity the outputs show (``--min-severity``); ``None``: all."""
    return None if min_severity is None else options.severity(min_severity)


def shown(result: FileResult, lowest: Severity | None) -> FileResult:
    """``result`` as every output shows it: findings below ``--min-severity``
    are left out (and so not counted).  The exit code is worked out from
    every finding, before this (``--fail-on``)."""
    if lowest is None:
        return result
    return replace(result, findings=[f for f in result.findings if f.severity.rank >= lowest.rank])


def summary_wanted() -> bool:
    """Whether GitHub Actions asks for a job summary (``GITHUB_STEP_SUMMARY``
    is set for every step)."""
    return bool(os.environ.get(STEP_SUMMARY))


def step_summary(
    texts: Iterable[str] | None, inputs: list[str], read_too: Sequence[tuple[str, str]]
) -> None:
    """Append the Markdown summary (``texts``, from
    ``stpctl.render.step_summary``) to the file ``GITHUB_STEP_SUMMARY``
    names, when it is set.  A summary that cannot be written is a warning on
    stderr: the checks themselves ran, and their exit code stands."""
    target = os.environ.get(STEP_SUMMARY)
    if not target or texts is None:
        return
    from stpctl.files.output_file import OutputError, refuse_inputs
    from stpctl.render.terminal import one_line

    try:
        refuse_inputs(Path(target), inputs, STEP_SUMMARY, read_too)
        with open(target, "a", encoding="utf-8") as handle:
            for text in texts:
                handle.write(text)
    except OutputError as err:
        problem = str(err)
    except OSError as err:
        problem = f"cannot append to {target}: {err.strerror or err}"
    else:
        return
    sys.stderr.write(
        f"stpctl: warning: no job summary written ({STEP_SUMMARY}): {one_line(problem)}\n"
    )


def report_missing(missing: list[str]) -> None:
    """Paths given that do not exist, reported after the results of the
    others (one missing path must not hide them); the run then exits 2."""
    from stpctl.render.terminal import one_line

    for path in missing:
        sys.stderr.write(
            f"stpctl: {one_line(path)}: no such file or directory; the other paths were checked\n"
        )
    raise typer.Exit(2)
