"""``validate``'s outputs, written a file at a time (issue 10).

Each output — the ``--format`` on stdout, ``--output FILE``, every
``--report FORMAT:FILE`` and GitHub's job summary — has a writer
(``stpctl.render.streaming``) and a spool (``stpctl.files.spool``).  As
each file's result arrives it is rendered into every spool and dropped;
only the run's totals are kept, and what the baseline needs.  When the run
is over, each output is written: head, the spool, tail — a file whole or
not at all, as before.  So the memory of a run over 20,000 plans is that of
its largest plan, not of all of them, and its time grows in step with the
number of files.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from itertools import chain
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from stpctl.cli import options

if TYPE_CHECKING:
    from rich.console import Console

    from stpctl.check.result import FileResult, Totals
    from stpctl.cli.validate_baseline import Gathered
    from stpctl.files.spool import Spool
    from stpctl.fix.run_fixes import LocatedFix
    from stpctl.records.finding import Severity
    from stpctl.reference.guidance import GuidancePack
    from stpctl.render.streaming import DocumentWriter


class Output:
    """One output of the run: its writer, its spool, and where it goes
    (``target`` ``None``: stdout, through a console for the text format)."""

    def __init__(self, writer: DocumentWriter, spool: Spool, target: Path | None) -> None:
        self.writer = writer
        self.spool = spool
        self.target = target

    def add(self, result: FileResult, fixes: Sequence[LocatedFix] = ()) -> None:
        if fixes:
            self.writer.offer(fixes)
        self.spool.write(self.writer.part(result))

    def texts(self, totals: Totals) -> Iterator[str]:
        """The whole output: head and tail are asked for after the last part."""
        head = self.writer.head(totals)
        tail = self.writer.tail(totals)
        return chain([head], self.spool.chunks(), [tail])

    def finish(self, totals: Totals) -> None:
        texts = self.texts(totals)
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
    name: str,
    pack: GuidancePack,
    quiet: bool,
    console: Console | None,
    junit_fails_from: Severity,
) -> DocumentWriter:
    """The writer for format ``name``; the text format renders through
    ``console`` (the terminal's, for stdout), or as plain lines without
    colour when ``console`` is ``None`` (a file, or a stdout that gets none)."""
    if name != "text":
        from stpctl.render import machine_writer

        return machine_writer(name, junit_fails_from)
    if console is None:  # no colour: plain lines, without loading rich
        from stpctl.render import text_plain

        return text_plain.Writer(pack, quiet)
    from stpctl.render import text

    return text.Writer(console, pack, quiet)


class Outputs:
    """Every output of a ``validate`` run (``outputs``: (format, file or
    ``None`` for stdout)), and the job summary when ``summary`` is asked for.
    A context: the spools are removed when it ends."""

    def __init__(
        self,
        outputs: list[tuple[str, Path | None]],
        pack: GuidancePack,
        quiet: bool,
        stdout_console: Callable[[], Console | None],
        junit_fails_from: Severity,
        summary: bool = False,
        fixes_for: Callable[[FileResult], Sequence[LocatedFix]] | None = None,
    ) -> None:
        from stpctl.files.spool import Spool

        self.fixes_for = fixes_for

        self._stack = ExitStack()
        self.made: list[Output] = []
        for name, target in outputs:
            console = stdout_console() if target is None and name == "text" else None
            writer = writer_for(name, pack, quiet, console, junit_fails_from)
            self.made.append(Output(writer, self._stack.enter_context(Spool()), target))
        self.summary: Output | None = None
        if summary:
            from stpctl.render import step_summary

            spool = self._stack.enter_context(Spool())
            self.summary = Output(step_summary.Writer(pack), spool, None)

    def add(self, result: FileResult, fixes: Sequence[LocatedFix] = ()) -> None:
        for output in self.made:
            output.add(result, fixes)
        if self.summary is not None:
            self.summary.add(result)

    def finish(self, totals: Totals) -> None:
        """Write every output: files first, then stdout (the job summary is
        the caller's: it is appended, and only warned about)."""
        for output in sorted(self.made, key=lambda item: item.target is None):
            output.finish(totals)

    def summary_texts(self, totals: Totals) -> Iterable[str] | None:
        return None if self.summary is None else self.summary.texts(totals)

    def __enter__(self) -> Outputs:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._stack.close()


def write_all(
    results: Iterable[FileResult],
    written: Outputs,
    gathered: Gathered,
    lowest: Severity | None,
) -> tuple[Totals, Totals]:
    """Render each result into every output as it arrives, and tell the
    baseline about it; keep none.  Returns the totals of every finding (the
    exit code follows them) and of those the outputs show (``lowest``:
    ``--min-severity``)."""
    from stpctl.check.result import Totals
    from stpctl.cli.validate_ci import shown

    every, listed = Totals(), Totals()
    for result in results:
        every.add(result)
        gathered.add(result)
        # Fixes are matched to what was found, before --min-severity leaves any out.
        fixes = written.fixes_for(result) if written.fixes_for is not None else ()
        result = shown(result, lowest)
        listed.add(result)
        written.add(result, fixes)
    return every, listed
