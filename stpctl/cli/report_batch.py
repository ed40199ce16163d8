"""``stpctl report DIR --output-dir OUT``: a board report per plan, and the
roll-up as ``index`` in the same format, linking to them.

Decisions, written down because the issue leaves them open:

* Reports are named by ``files.report_names``: the footprint code
  (``E54000027.html``; a recoded footprint's current code), or the code and
  the plan file's stem when several plans share a footprint, or the stem
  alone without a usable code.  They are listed in the roll-up's order.
* A plan that cannot be read gets no report (as ``report`` on one such plan
  writes nothing); the index lists it as not read, stderr says why, and the
  run exits 1.
* OUT is created when it does not exist (its parent must); files already in
  it are left alone, except those this run writes, which are replaced.  No
  file the run reads is ever written over.
* Everything is rendered before anything is written, so a failure while
  rendering leaves OUT as it was; each file is then written whole (a
  temporary file renamed over it).  Plans are read one at a time and each
  report is put away as it is rendered (``files.spool.Stash``: on disk past
  a few megabytes), so memory is that of the largest plan, not of all of
  them (issue 10).
* The files written are listed on stdout, one per line, the index last.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.checker import PlanAnalysis, Settings

EXTENSIONS = {"html": "html", "markdown": "md", "docx": "docx"}


def write(
    analyses: Iterable[PlanAnalysis],
    settings: Settings,
    chosen: str,
    order: str,
    folder: Path,
    inputs: list[str],
    marking: str | None = None,
    appendix: bool = True,
) -> bool:
    """Write the board reports and the index; whether a plan could not be read."""
    from stpctl.cli.command_report import board, rollup_bytes
    from stpctl.documents.rollup import NotLoaded, assemble
    from stpctl.documents.rollup import row as plan_row
    from stpctl.files.report_names import INDEX, report_names
    from stpctl.files.spool import Stash

    extension = EXTENSIONS[chosen]
    with Stash() as rendered:
        # One plan at a time: its report is rendered and put away, its row
        # kept, the plan itself dropped (issue 10: memory of the largest plan).
        rows = []
        for analysis in analyses:
            made_row = plan_row(analysis, settings.guidance)
            if not isinstance(made_row, NotLoaded):
                rendered.put(made_row.path, board(analysis, settings, chosen, marking, appendix))
            rows.append(made_row)
        made = assemble(rows, settings.as_of, settings.guidance, order)
        # In the roll-up's order, named by the current code (a recoded footprint's
        # plans are one footprint's).
        names = report_names([(row.footprint_code, row.path) for row in made.rows], extension)
        reports = {row.path: name for row, name in zip(made.rows, names, strict=True)}
        index = rollup_bytes(made, settings, chosen, reports, marking)
        _make_folder(folder)
        for path, name in reports.items():
            _write(folder / name, rendered.chunks(path), inputs, settings)
            sys.stdout.write(f"{options.shown_name(folder / name)}\n")
        _write(folder / f"{INDEX}.{extension}", index, inputs, settings)
        sys.stdout.write(f"{options.shown_name(folder / f'{INDEX}.{extension}')}\n")
    sys.stdout.flush()
    return bool(made.not_loaded)


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if os.path.lexists(folder):
        options.usage_error(f"--output-dir {folder} is not a folder")
    if not folder.parent.is_dir() and str(folder.parent) not in ("", "."):
        options.usage_error(f"--output-dir {folder}: its folder {folder.parent} does not exist")
    try:
        folder.mkdir()
    except OSError as err:
        options.usage_error(f"cannot make the folder {folder}: {err.strerror or err}")


def _write(
    target: Path, data: bytes | Iterable[bytes], inputs: list[str], settings: Settings
) -> None:
    from stpctl.files.output_file import OutputError, refuse_inputs, write_atomic

    try:
        refuse_inputs(target, inputs, "--output-dir", options.read_too(settings))
        write_atomic(target, data)
    except OutputError as err:
        options.usage_error(str(err))
