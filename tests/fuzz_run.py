"""Run one fuzz case through every command and every renderer, and check each output.

In process, through the code the commands call: the plans are written to a
fresh folder (under the case's file names) and analysed with
``analyse_path``; then ``validate`` in all five formats over every plan of the
case, the checklist (four formats) and the board report (three) of
``plans[0]``, the roll-up of all of them (four), and the diff between
``plans[0]`` and the seed it was made from (three).  When the case has a
command line, it also runs through ``typer.testing.CliRunner`` on the real
``stpctl.cli.app``, so option handling is covered too.

What must hold, for every step:

* no exception, other than the documented outcomes (a plan that does not
  load has no checklist and no diff: the commands exit 1 and say why);
* a command line exits 0, 1 or 2 (3, or an exception, is a crash);
* every output parses in its format (``tests/fuzz_formats.py``);
* no input changed, and no file appeared other than the outputs asked for
  (SHA-256 of every file in the folder, before and after).

Each fault is a ``Failure``; its ``signature`` (where, what kind of fault,
the innermost stpctl frame) groups faults into classes.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
import traceback
import zlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from fuzz_case import SEEDS, Case
from fuzz_formats import (
    BadOutput,
    check_csv,
    check_docx,
    check_github,
    check_gitlab,
    check_html,
    check_json,
    check_junit,
    check_markdown,
    check_sarif,
    check_text,
    check_xlsx,
    decoded,
)
from typer.testing import CliRunner

from stpctl.check.checker import PlanAnalysis, Settings, analyse_bytes, analyse_path
from stpctl.check.result import RunResult, exit_code
from stpctl.cli import app, command_diff, command_report
from stpctl.cli.validate_output import writer_for
from stpctl.documents import checklist as checklist_document
from stpctl.documents.plan_diff import NotLoaded, diff_plans
from stpctl.fix.engine import fix_plan
from stpctl.fix.run_fixes import fixes_for_run
from stpctl.records.finding import Severity
from stpctl.reference.guidance import default_pack
from stpctl.render import sarif
from stpctl.render.checklist import RENDERERS as CHECKLIST_RENDERERS
from stpctl.render.streaming import whole

ROOT = Path(__file__).resolve().parent.parent
PACK = default_pack()
OFFICE_EVERY = 25
QUESTION_KEYS = {question.key for question in PACK.questions}
runner = CliRunner()
SEED_BYTES = {name: raw for name, raw, _ in SEEDS}


@dataclass
class Failure:
    where: str  # the command and format, e.g. "report html" or "cli validate --format sarif"
    kind: str  # the kind of fault, with figures and quoted text taken out
    origin: str  # the innermost stpctl frame of the traceback, if any
    details: str  # the whole story: message and traceback

    @property
    def signature(self) -> str:
        return " | ".join(part for part in (self.where, self.kind, self.origin) if part)


def _innermost(err: BaseException) -> BaseException:
    """The exception at the bottom of the chain (``InternalError`` wraps the real one)."""
    while err.__cause__ is not None:
        err = err.__cause__
    return err


def normalised(message: str) -> str:
    """A message with what varies between occurrences taken out."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    first = re.sub(r"\\[uUx][0-9a-fA-F]+", lambda _: "\\u…", first)
    first = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", first)
    return re.sub(r"\d+", "N", first)[:120]


def failure_of(where: str, err: BaseException) -> Failure:
    details = "".join(traceback.format_exception(type(err), err, err.__traceback__))
    if isinstance(err, BadOutput):
        return Failure(where, err.kind, "", details)
    cause = _innermost(err)
    origin = ""
    for frame in reversed(traceback.extract_tb(cause.__traceback__)):
        if f"{os.sep}stpctl{os.sep}" in frame.filename:
            origin = f"stpctl{frame.filename.rsplit(f'{os.sep}stpctl', 1)[1]}:{frame.name}"
            break
    # A codec error's message quotes the character and its position; its reason is the class.
    said = cause.reason if isinstance(cause, UnicodeError) else str(cause)  # type: ignore[attr-defined]
    return Failure(where, f"{type(cause).__name__}: {normalised(said)}", origin, details)


class Steps:
    """Runs steps, keeping every failure; ``only``: run just the steps whose
    name starts with it (for shrinking an input while keeping one failure)."""

    def __init__(self, only: str | None = None) -> None:
        self.only = only
        self.failures: list[Failure] = []
        self.seconds: dict[str, float] = {}  # how long each step took

    def wanted(self, where: str) -> bool:
        """Checking the plans is needed by every other step; a step is also
        needed by the steps named after it ("checklist" by "checklist html")."""
        if self.only is None or where == "check":
            return True
        return where.startswith(self.only) or self.only.startswith(where)

    def run(self, where: str, step: Callable[[], Any]) -> Any:
        if not self.wanted(where):
            return None
        began = time.perf_counter()
        try:
            return step()
        except Exception as err:
            self.failures.append(failure_of(where, err))
            return None
        finally:
            self.seconds[where] = self.seconds.get(where, 0.0) + time.perf_counter() - began


# --- files --------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[bytes, str]:
    """SHA-256 of every file under ``folder``, by path (as bytes: names need not be UTF-8)."""
    sums = {}
    for top, _, names in os.walk(bytes(folder)):
        for name in names:
            path = os.path.join(top, name)
            with open(path, "rb") as handle:
                sums[path] = hashlib.sha256(handle.read()).hexdigest()
    return sums


def unchanged(before: dict[bytes, str], after: dict[bytes, str], outputs: set[bytes]) -> None:
    changed = [p for p in before if after.get(p) != before[p]]
    if changed:
        raise BadOutput("an input file changed or vanished", repr(changed[0]))
    extra = [p for p in after if p not in before and p not in outputs]
    if extra:
        raise BadOutput("a file appeared that nobody asked for", repr(extra[0]))


@dataclass
class Folder:
    """The case's files on disk: plans in ``plans/``, the seed in ``seed/``,
    an empty ``.stpctl.toml`` on top so no configuration outside is found."""

    root: Path
    plans: list[str]
    seed: str

    @classmethod
    def write(cls, case: Case, base: Path) -> Folder:
        root = Path(tempfile.mkdtemp(prefix="case-", dir=base))
        (root / ".stpctl.toml").write_bytes(b"")
        (root / "plans").mkdir()
        (root / "seed").mkdir()
        paths = []
        for plan in case.plans:
            path = os.path.join(bytes(root / "plans"), plan.name)
            with open(path, "wb") as handle:
                handle.write(plan.raw)
            paths.append(os.fsdecode(path))
        seed = root / "seed" / case.seed
        seed.write_bytes(SEED_BYTES[case.seed])
        return cls(root, paths, str(seed))


# --- in process ---------------------------------------------------------------------------

_SEED_ANALYSES: dict[tuple[str, str], PlanAnalysis] = {}


def seed_analysis(folder: Folder, settings: Settings) -> PlanAnalysis:
    """The seed's analysis, kept: every case of the same seed and date compares with it."""
    key = (folder.seed.rsplit(os.sep, 1)[1], settings.as_of.isoformat())
    if key not in _SEED_ANALYSES:
        _SEED_ANALYSES[key] = analyse_path(folder.seed, settings)
    found = _SEED_ANALYSES[key]
    return replace(found, result=replace(found.result, path=folder.seed))


def check_validate_json(data: bytes, run: RunResult, analyses: list[PlanAnalysis]) -> None:
    doc = check_json(data)
    files = doc.get("files") if isinstance(doc, dict) else None
    if not isinstance(files, list) or len(files) != len(run.files):
        raise BadOutput("validate JSON does not list every file")
    for entry, analysis in zip(files, analyses, strict=True):
        if analysis.data is not None and set(entry.get("questions") or ()) != QUESTION_KEYS:
            raise BadOutput("validate JSON lacks the ten questions of a plan that loaded")


def in_process(case: Case, folder: Folder, steps: Steps, always_office: bool = False) -> None:
    settings = Settings(as_of=date.fromisoformat(case.as_of), guidance=PACK)
    # Word and Excel take a second or more a case (python-docx, openpyxl,
    # matplotlib): one case in OFFICE_EVERY (25) renders them, chosen by its label.
    chosen = always_office or zlib.crc32(case.label.encode()) % OFFICE_EVERY == 0
    office = ("docx", "xlsx") if chosen else ()
    analyses: list[PlanAnalysis] = []
    for path in folder.plans:
        made = steps.run("check", lambda path=path: analyse_path(path, settings))
        if made is None:
            return
        analyses.append(made)
    run = RunResult([analysis.result for analysis in analyses])
    findings = sum(len(result.findings) for result in run.files)
    steps.run("validate exit code", lambda: _exit_code(run))
    outputs: dict[str, Callable[[bytes], None]] = {
        "text": lambda data: check_text(data, "validate text", summary_lines=1),
        "json": lambda data: check_validate_json(data, run, analyses),
        "sarif": lambda data: check_sarif(data, findings),
        "junit": lambda data: check_junit(data, len(run.files)),
        "github": lambda data: check_github(data, findings),
    }
    outputs["gitlab"] = lambda data: check_gitlab(data, findings)
    for name, check in outputs.items():
        steps.run(
            f"validate {name}",
            lambda name=name, check=check: check(
                validate_text(name, run, case.quiet).encode("utf-8")
            ),
        )
    if steps.wanted("fix"):
        steps.run(
            "validate sarif with fixes",
            lambda: check_sarif(sarif_with_fixes(run, settings), findings),
        )
        steps.run("fix", lambda: check_fix(folder.plans[0], settings))
    main = analyses[0]
    if main.data is not None:  # otherwise `checklist` exits 1 and writes none (documented)
        made = steps.run("checklist", lambda: checklist_document.build(main, settings))
        for name in CHECKLIST_RENDERERS:
            if made is not None and (name not in ("docx", "xlsx") or name in office):
                steps.run(
                    f"checklist {name}",
                    lambda name=name: check_document(name, CHECKLIST_RENDERERS[name](made)),
                )
    report_formats = ("markdown", "html", "json", *office[:1])
    # A plan that did not load gets no board report (`report` says why and exits 1).
    for name in report_formats if main.data is not None else ():
        steps.run(
            f"report {name}",
            lambda name=name: check_document(name, command_report.board(main, settings, name)),
        )
    for name in ("markdown", "html", "json", "csv", *office):
        steps.run(
            f"rollup {name}",
            lambda name=name: check_document(
                name, command_report._rollup(iter(analyses), settings, name, "worst")[0]
            ),
        )
    if steps.wanted("diff"):
        pair = [seed_analysis(folder, settings), main]
        if case.diff_reversed:
            pair.reverse()
        found = steps.run("diff", lambda: _diff(pair[0], pair[1], settings))
        for name in command_diff.DiffFormat:
            if found is not None:
                steps.run(
                    f"diff {name.value}",
                    lambda name=name: check_document(
                        "text" if name.value == "text" else name.value,
                        command_diff.render(found, name).encode("utf-8"),
                    ),
                )


def validate_text(name: str, run: RunResult, quiet: bool) -> str:
    """``validate``'s output in format ``name`` for a run, as a file gets it."""
    return whole(writer_for(name, PACK, quiet, None, Severity.WARNING), run)


def sarif_with_fixes(run: RunResult, settings: Settings) -> bytes:
    return sarif.render(run, fixes_for_run(run, settings)).encode("utf-8")


def check_fix(path: str, settings: Settings) -> None:
    """``stpctl fix`` on the case's plan: the fixed text is still UTF-8,
    loads whenever the plan loaded (no new STP001-STP005), and is checked
    again without a crash.  Other findings may appear: a figure that was
    text is judged once it is a number, and a renamed key's contents are
    checked once the key is known (seed 30 case 120, seed 33 case 2960).
    That each fix answers its finding is ``fix``'s own proof (and the
    suite's tests of it)."""
    with open(path, "rb") as handle:
        raw = handle.read()
    done = fix_plan(raw, path, settings, unsafe=True)
    if not done.applied:
        if done.fixed != raw:
            raise BadOutput("fix changed a plan without applying a fix")
        return
    decoded(done.fixed, "fixed plan")
    before = analyse_bytes(raw, path, settings).result.findings
    after = analyse_bytes(done.fixed, path, settings).result.findings
    load = [sum(f.rule <= "STP005" for f in found) for found in (before, after)]
    if load[1] > load[0]:
        raise BadOutput("fix made a plan that loads less", f"{load[0]} → {load[1]}")


def _exit_code(run: RunResult) -> None:
    for level in Severity:
        if exit_code(run, level) not in (0, 1):
            raise BadOutput("validate exit code is not 0 or 1")


def _diff(old: PlanAnalysis, new: PlanAnalysis, settings: Settings) -> Any:
    try:
        return diff_plans(old, new, settings.guidance, settings.as_of)
    except NotLoaded:  # documented: `diff` says which plan did not load and exits 1
        return None


def check_document(name: str, data: bytes) -> None:
    checks: dict[str, Callable[[bytes], Any]] = {
        "markdown": check_markdown,
        "html": check_html,
        "json": check_json,
        "csv": check_csv,
        "text": check_text,
        "docx": check_docx,
        "xlsx": check_xlsx,
    }
    checks[name](data)


# --- the command line ---------------------------------------------------------------------

_SGR = re.compile("\x1b\\[[0-9;]*m")


def command_line(case: Case, folder: Folder, steps: Steps) -> None:
    assert case.cli is not None
    out = str(folder.root / "out")
    args: list[str] = []
    for arg in case.cli:
        if arg == "{plans}":
            args.extend(folder.plans)
        else:
            args.append(
                arg.replace("{plan0}", folder.plans[0])
                .replace("{dir}", str(folder.root / "plans"))
                .replace("{seed}", folder.seed)
                .replace("{out}", out)
            )
    fmt = case.cli[case.cli.index("--format") + 1] if "--format" in case.cli else "text"
    command = case.cli[0] + (" --rollup" if "--rollup" in case.cli else "")
    where = f"cli {command} --format {fmt}"
    if not steps.wanted(where):
        return
    before = snapshot(folder.root)
    outputs = {os.fsencode(out), os.fsencode(out + ".report")}
    result = steps.run(where, lambda: runner.invoke(app, args, input=case.stdin))
    if result is None:
        return
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        steps.failures.append(failure_of(where, result.exception))
        return
    steps.run(where, lambda: _cli_outcome(case, result, args, fmt, out))
    steps.run(where, lambda: unchanged(before, snapshot(folder.root), outputs))


def _cli_outcome(case: Case, result: Any, args: list[str], fmt: str, out: str) -> None:
    assert case.cli is not None
    if result.exit_code not in (0, 1, 2):
        raise BadOutput(
            "command exit code is not 0, 1 or 2", f"{result.exit_code}: {result.stderr[-300:]}"
        )
    if result.exit_code == 2:
        lines = result.stderr.strip().splitlines()
        if len(lines) != 1 or not lines[0].startswith("stpctl: "):
            raise BadOutput("usage error is not one line starting 'stpctl: '", result.stderr[-300:])
        return
    command = case.cli[0]
    kind = {"validate": "validate", "checklist": "document", "report": "document", "diff": "diff"}[
        command
    ]
    written = result.stdout_bytes
    # A board report of a plan that did not load is not written (exit 1, why on stderr).
    one_report_not_read = (
        command == "report" and "--rollup" not in case.cli and result.exit_code == 1
    )
    if one_report_not_read:
        if written or os.path.exists(out) or "no report" not in result.stderr:
            raise BadOutput("report of a plan not read wrote something or did not say why")
        return
    if "--output" in case.cli:
        if os.path.exists(out):
            with open(out, "rb") as handle:
                written = handle.read()
        elif result.exit_code == 0 or command in ("validate", "report"):
            raise BadOutput("--output was not written")
    if command == "diff" and result.exit_code == 1 and not written:
        return  # a plan did not load: said on stderr, nothing written (documented)
    if command == "checklist" and result.exit_code == 1:
        return
    colour = "--color" in case.cli and case.cli[case.cli.index("--color") + 1] == "always"
    _check_cli_output(kind, fmt, written, colour)
    for index, arg in enumerate(case.cli):
        if arg == "--report":
            report_format = case.cli[index + 1].split(":", 1)[0]
            with open(out + ".report", "rb") as handle:
                _check_cli_output("validate", report_format, handle.read(), False)


def _check_cli_output(kind: str, fmt: str, data: bytes, colour: bool) -> None:
    if colour:  # stpctl's own colour codes; plan text never reaches the terminal raw
        data = _SGR.sub("", data.decode("utf-8", "surrogateescape")).encode(
            "utf-8", "surrogateescape"
        )
    if kind == "validate":
        validate_checks: dict[str, Callable[[bytes], Any]] = {
            "text": lambda d: check_text(d, "validate text", summary_lines=1),
            "json": check_json,
            "sarif": lambda d: check_sarif(d, None),
            "junit": lambda d: check_junit(d, None),
            "github": lambda d: check_github(d, None),
            "gitlab": lambda d: check_gitlab(d, None),
        }
        validate_checks[fmt](data)
    else:
        check_document(fmt, data)


# --- one case -----------------------------------------------------------------------------


def run_case(
    case: Case,
    base: Path,
    only: str | None = None,
    seconds: dict[str, float] | None = None,
    always_office: bool = False,
) -> list[Failure]:
    """Every failure of the case; the folder it used is removed afterwards.
    ``seconds``, when given, is filled with how long each step took."""
    steps = Steps(only)
    steps.seconds = seconds if seconds is not None else {}
    folder = Folder.write(case, base)
    try:
        before = snapshot(folder.root)
        in_process(case, folder, steps, always_office)
        steps.run("inputs", lambda: unchanged(before, snapshot(folder.root), set()))
        if case.cli is not None:
            command_line(case, folder, steps)
    finally:
        shutil.rmtree(folder.root, ignore_errors=True)
    return steps.failures


def scratch() -> Path:
    return Path(tempfile.mkdtemp(prefix="stpctl-fuzz-"))
