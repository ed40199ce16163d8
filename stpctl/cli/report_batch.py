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
  temporary file renamed over it).
* The files written are listed on stdout, one per line, the index last.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.check.checker import PlanAnalysis, Settings

EXTENSIONS = {"html": "html", "markdown": "md", "docx": "docx"}


def write(
    analyses: list[PlanAnalysis],
    settings: Settings,
    chosen: str,
    order: str,
    folder: Path,
    inputs: list[str],
    marking: str | None = None,
    appendix: bool = True,
) -> None:
    from stpctl.cli.command_report import board, rollup_bytes
    from stpctl.documents.rollup import build
    from stpctl.files.report_names import INDEX, report_names

    extension = EXTENSIONS[chosen]
    made = build(analyses, settings.as_of, settings.guidance, order)
    by_path = {analysis.result.path: analysis for analysis in analyses}
    # In the roll-up's order, named by the current code (a recoded footprint's
    # plans are one footprint's).
    names = report_names([(row.footprint_code, row.path) for row in made.rows], extension)
    reports = {row.path: name for row, name in zip(made.rows, names, strict=True)}
    documents = [
        (name, board(by_path[path], settings, chosen, marking, appendix))
        for path, name in reports.items()
    ]
    index = rollup_bytes(made, settings, chosen, reports, marking)
    documents.append((f"{INDEX}.{extension}", index))
    _make_folder(folder)
    for name, data in documents:
        _write(folder / name, data, inputs, settings)
        sys.stdout.write(f"{options.shown_name(folder / name)}\n")
    sys.stdout.flush()


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


def _write(target: Path, data: bytes, inputs: list[str], settings: Settings) -> None:
    from stpctl.files.output_file import OutputError, refuse_inputs, write_atomic

    try:
        refuse_inputs(target, inputs, "--output-dir", options.read_too(settings))
        write_atomic(target, data)
    except OutputError as err:
        options.usage_error(str(err))
