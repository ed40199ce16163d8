"""``stpctl fix``: the mechanical fixes, shown as a diff or written with ``--write``.

The one command that writes to a plan it reads, and only when asked by
name: whole or not at all, and never over an edit made after it read the
file.  The diff goes to stdout; what was fixed, what was not and why, and
what is left to do by hand go to stderr (see ``docs/fix.md``).
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from stpctl.cli import options, state

if TYPE_CHECKING:
    from stpctl.check.checker import Settings
    from stpctl.fix.engine import FixRun
    from stpctl.records.finding import Finding


class _Done(NamedTuple):  # (not a dataclass: this module is imported on every start)
    """One input: its name as shown, what fixing it did (``None`` when it
    could not be read at all), and, with ``--write``, why the fixed plan was
    not written (it changed since it was read, or it is read-only)."""

    name: str
    run: FixRun | None
    not_written: str = ""

    @property
    def unfinished(self) -> bool:
        """Something fix could do, or should have done, is not done."""
        run = self.run
        return run is None or not run.loaded or bool(self.not_written) or bool(run.left)


def fix(
    plans: Annotated[
        list[str],
        typer.Argument(
            help="Plan files, directories (searched for *.yaml/*.yml) or - for stdin.",
            metavar="PLAN...",
            show_default=False,
        ),
    ],
    write: Annotated[
        bool,
        typer.Option(
            "--write", help="Apply the fixes to the files (a plan from stdin: print it fixed)."
        ),
    ] = False,
    unsafe_fixes: Annotated[
        bool,
        typer.Option(
            "--unsafe-fixes",
            help="Also show and apply fixes that may change what was meant"
            " (03/04/2016 read day first as 3 April).",
        ),
    ] = False,
    as_of: options.AsOfOption = None,
    guidance: options.GuidanceOption = None,
    config: options.ConfigOption = None,
    stdin_filename: Annotated[
        str, typer.Option(help="Name to show for a plan read from stdin.")
    ] = "<stdin>",
    max_bytes: Annotated[
        int | None,
        typer.Option(
            help="Largest plan file to read, in bytes [default: 10 MiB; at most 100 MiB].", min=1
        ),
    ] = None,
    debug: options.DebugOption = False,
) -> None:
    """Fix what needs no guess, each fix tied to the finding it answers:
    YAML 1.1 values quoted as written, dates and financial years in their
    form, thousands separators, a misspelt key with one close match, a key
    written twice with the same value.  Shows a diff; --write applies it.

    Exit codes: 0 nothing to fix, or every fix written; 1 a fix left
    unwritten (shown as a diff; unsafe without --unsafe-fixes; the file
    changed while stpctl worked on it) or a plan that cannot be read;
    2 usage problems; 3 an internal error (nothing is written).
    """
    state.debug = debug
    from stpctl.cli.command_validate import find_inputs

    settings, _ = options.resolve_settings(plans, as_of, None, guidance, max_bytes, config)
    inputs = find_inputs(plans, [])
    done = [
        _fix_one(entry, settings, stdin_filename, write, unsafe_fixes) for entry in inputs.ordered()
    ]
    sys.stderr.write(_summary(done, write, unsafe_fixes))
    shown_only = not write and any(item.run is not None and item.run.applied for item in done)
    raise typer.Exit(1 if shown_only or any(item.unfinished for item in done) else 0)


def _fix_one(entry: str, settings: Settings, stdin_name: str, write: bool, unsafe: bool) -> _Done:
    from stpctl.check.checker import read_limited
    from stpctl.files.inputs import STDIN
    from stpctl.fix.engine import fix_plan
    from stpctl.records.file_names import escape_path
    from stpctl.records.finding import Finding

    if entry == STDIN:  # (over the size limit, analyse_bytes says so: a finding, exit 1)
        name = escape_path(stdin_name)
        raw = sys.stdin.buffer.read(settings.max_bytes + 1)
    else:
        name = escape_path(entry)
        read = read_limited(entry, settings.max_bytes)
        if isinstance(read, Finding):
            sys.stderr.write(_finding_line(name, read))
            return _Done(name, None)
        raw = read
    # A fix that would change what it does not list is a bug: fix_plan raises,
    # and the entry point reports it (exit 3) before anything is written.
    run = fix_plan(raw, name, settings, unsafe)
    if not run.loaded:
        for finding in run.final.analysis.result.findings:
            sys.stderr.write(_finding_line(name, finding))
        return _Done(name, run)
    if entry == STDIN:
        _print(run.fixed if write else _diff(run, name))
    elif not write:
        _print(_diff(run, name))
    elif run.fixed != run.original:
        return _Done(name, run, _write_over(Path(entry), run))
    return _Done(name, run)


def _diff(run: FixRun, name: str) -> bytes:
    from stpctl.load.loader import decode
    from stpctl.render.terminal import safe
    from stpctl.render.unified_diff import unified_diff

    text = unified_diff(decode(run.original), decode(run.fixed), name)
    # On a terminal, plan text that hides or reorders what is shown is made
    # visible; piped, the diff stays exact, for patch and git apply.
    return (safe(text) if sys.stdout.isatty() else text).encode("utf-8")


def _print(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


def _write_over(path: Path, run: FixRun) -> str:
    """Write the fixed plan over the file; else say why it was not written."""
    import stat

    from stpctl.files.output_file import ChangedSinceRead, OutputError, write_atomic

    try:
        if not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            # Replacing the file would succeed (the folder is writable), but
            # read-only is the owner saying "do not change this".
            return "it is read-only, so nothing was written"
        write_atomic(path, run.fixed, unchanged=run.original)
    except ChangedSinceRead:
        return "changed after stpctl read it, so nothing was written; run stpctl fix again"
    except OutputError as err:
        options.usage_error(str(err))
    except OSError as err:  # the file went away, or cannot be looked at any more
        options.usage_error(f"cannot write {path}: {err.strerror or err}")
    return ""


# --- what is said on stderr ---------------------------------------------------------------


def _finding_line(name: str, finding: Finding) -> str:
    from stpctl.render.terminal import one_line

    return (
        f"{one_line(name)}:{finding.line}:{finding.column}: {finding.severity.value}"
        f" {finding.rule} {one_line(finding.message)}\n"
    )


def _plural(count: int, word: str) -> str:
    if count == 1:
        return f"{count} {word}"
    return f"{count} {word}es" if word.endswith("x") else f"{count} {word}s"


def _summary(done: list[_Done], write: bool, unsafe: bool) -> str:
    from stpctl.records.pointers import display_path
    from stpctl.render.terminal import one_line

    out = []
    fixed = hidden = 0
    for item in done:
        name, run = one_line(item.name), item.run
        if run is None or not run.loaded:
            out.append(f"{name}: not fixed: it cannot be read as a plan\n")
            continue
        if item.not_written:
            out.append(f"{name}: {item.not_written}\n")
        elif run.applied:
            rules = Counter(fix.rule for fix in run.applied)
            counts = ", ".join(f"{count} {rule}" for rule, count in sorted(rules.items()))
            verb = "fixed" if write else "can fix"
            out.append(f"{name}: {verb} {_plural(len(run.applied), 'problem')} ({counts})\n")
            fixed += len(run.applied)
        for left in run.left:
            why = "left for a next run"
            if not left.safe:
                why = "unsafe, not applied" if write else "unsafe, not shown"
            hidden += not left.safe
            where = display_path(left.pointer) or "the plan"
            out.append(f"{name}: {why}: {where}: {one_line(left.message)}\n")
        if write and not item.not_written:
            out.append(_remaining(name, run))
    out.append(_total(fixed, hidden, len(done), write, unsafe))
    return "".join(out)


def _remaining(name: str, run: FixRun) -> str:
    """What is left to do by hand, as the fixed plan is checked again."""
    from stpctl.records.finding import Severity

    findings = run.final.analysis.result.findings
    if not findings:
        return f"{name}: no findings remain\n"
    counts = Counter(finding.severity for finding in findings)
    said = ", ".join(
        _plural(counts[level], level.value.replace("info", "info note"))
        for level in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        if counts[level]
    )
    lines = [f"{name}: still to do by hand: {said} (stpctl validate lists them all)\n"]
    for finding in findings:
        if finding.severity is Severity.ERROR:
            lines.append("  " + _finding_line(name, finding))
    return "".join(lines)


def _total(fixed: int, hidden: int, plans: int, write: bool, unsafe: bool) -> str:
    where = _plural(plans, "plan")
    if fixed == 0:
        line = f"Nothing to fix in {where}."
    elif write:
        line = f"Fixed {_plural(fixed, 'problem')} in {where}."
    else:
        again = " --unsafe-fixes" if unsafe else ""
        line = f"{_plural(fixed, 'fix')} shown above; apply them with stpctl fix --write{again}."
    if hidden:
        line += (
            f" {_plural(hidden, 'unsafe fix')} not {'applied' if write else 'shown'}:"
            " check it reads as meant, then add --unsafe-fixes."
        )
    return line + "\n"
