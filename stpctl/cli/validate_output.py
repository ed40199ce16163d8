"""``validate``'s outputs, written a file at a time (issue 10).

Each output — the ``--format`` on stdout, ``--output FILE``, every
``--report FORMAT:FILE`` — has a writer (``stpctl.render.streaming``) and a
spool on disk (``stpctl.files.spool``).  As each file's result arrives it
is rendered into every spool and dropped; only the run's totals are kept.
When the run is over, each output is written: head, the spool, tail — a
file whole or not at all, as before.  So the memory of a run over 20,000
plans is that of its largest plan, not of all of them, and its time grows
in step with the number of files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from io import StringIO
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from rich.console import Console

    from stpctl.check.checker import Settings
    from stpctl.check.result import FileResult, Totals
    from stpctl.files.spool import Spool
    from stpctl.reference.guidance import GuidancePack
    from stpctl.render.streaming import DocumentWriter

# Width used for text written to a file (no terminal to measure).
FILE_WIDTH = 100


class Output:
    """One output of the run: its writer, its spool, and where it goes
    (``target`` ``None``: stdout, through ``console`` for the text format)."""

    def __init__(self, writer: DocumentWriter, spool: Spool, target: Path | None) -> None:
        self.writer = writer
        self.spool = spool
        self.target = target

    def add(self, result: FileResult) -> None:
        self.spool.write(self.writer.part(result))

    def finish(self, totals: Totals) -> None:
        head = self.writer.head(totals)
        tail = self.writer.tail(totals)
        texts = chain([head], self.spool.chunks(), [tail])
        if self.target is None:
            for text in texts:
                sys.stdout.write(text)
            sys.stdout.flush()
            return
        from stpctl.files.output_file import OutputError, write_atomic

        try:
            write_atomic(self.target, (text.encode("utf-8") for text in texts))
        except OutputError as err:
            options.usage_error(str(err))


def writer_for(
    name: str, pack: GuidancePack, quiet: bool, console: Console | None
) -> DocumentWriter:
    """The writer for format ``name``; the text format renders through
    ``console`` (the terminal's, for stdout), or without colour at the file
    width when ``console`` is ``None``."""
    if name != "text":
        from stpctl.render import machine_writer

        return machine_writer(name)
    from rich.console import Console

    from stpctl.render import text

    if console is None:
        console = Console(file=StringIO(), width=FILE_WIDTH, color_system=None, highlight=False)
    return text.Writer(console, pack, quiet)


def write_outputs(
    results: Iterator[FileResult],
    outputs: list[tuple[str, Path | None]],
    settings: Settings,
    quiet: bool,
    stdout_console: Callable[[], Console],
) -> Totals:
    """Write every output in ``outputs`` ((format, file or ``None`` for
    stdout)) from ``results``; files first, then stdout.  Returns the totals."""
    from stpctl.check.result import Totals
    from stpctl.files.spool import Spool

    totals = Totals()
    with ExitStack() as stack:
        made = []
        for name, target in outputs:
            console = stdout_console() if target is None and name == "text" else None
            writer = writer_for(name, settings.guidance, quiet, console)
            made.append(Output(writer, stack.enter_context(Spool()), target))
        for result in results:
            totals.add(result)
            for output in made:
                output.add(result)
        for output in sorted(made, key=lambda item: item.target is None):
            output.finish(totals)
    return totals
