"""The engine: read → load → schema → rules → result, for one file or many.

Nothing here prints; problems with a plan are findings in the result, and
only a bug in stpctl itself raises (``InternalError``, naming the file).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from stpctl.check import baseline as baselines
from stpctl.check import rules as rule_catalogue
from stpctl.check.question_status import QuestionAssessment, assess_plan, question_statuses
from stpctl.check.result import FileResult, RunResult
from stpctl.check.rules import loading
from stpctl.check.rules.base import PlanContext
from stpctl.check.schema_check import check_schema
from stpctl.check.waivers import Waiver, apply_waivers
from stpctl.load.loader import RULE_READ, LoadedPlan, Positions, load_bytes
from stpctl.records.file_names import escape_path
from stpctl.records.finding import Finding, Severity
from stpctl.records.finding_cap import cap_findings
from stpctl.reference.guidance import GuidancePack, default_pack

DEFAULT_MAX_BYTES = 10 * 1024 * 1024
# A file these fire on is not (fully) a plan: always an error, never waived,
# whatever the settings say (configuration refuses to try; see config.py).
LOAD_RULES = frozenset(rule.id for rule in loading.RULES)
STDIN = "-"


class InternalError(Exception):
    """A bug in stpctl met while checking ``path``; the cause is chained."""

    def __init__(self, path: str, cause: BaseException) -> None:
        # One line, whatever the cause says: the command prints this as its only message.
        said = str(cause).strip().splitlines()
        detail = f": {said[0]}" if said else ""
        super().__init__(f"internal error while checking {path}: {type(cause).__name__}{detail}")
        self.path = path


@dataclass(frozen=True)
class Settings:
    """What a check run needs besides the files.  ``severities`` re-grades
    rules by ID; ``None`` switches a rule off.  ``configuration`` is the file
    these settings were read from, if any (outputs name it, and may not
    overwrite it, nor any of ``configuration_files``)."""

    as_of: date
    guidance: GuidancePack = field(default_factory=default_pack)
    max_bytes: int = DEFAULT_MAX_BYTES
    severities: dict[str, Severity | None] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()
    configuration: Path | None = None
    # Every configuration file these settings were read from: ``configuration``
    # first, then the files it extends (a cache keys on them; no output may
    # overwrite one).
    configuration_files: tuple[Path, ...] = ()
    # Findings a baseline accounts for are left out of the results (counted).
    baseline: baselines.Baseline | None = None


def read_limited(path: str, max_bytes: int) -> bytes | Finding:
    """The file's bytes, or a finding saying why it cannot be read."""
    name = escape_path(path)  # messages are output: a name that is not UTF-8 is escaped
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return _read_error(f"{name} does not exist (a dangling symlink?)")
    except OSError as err:
        return _read_error(f"{name} cannot be opened: {err.strerror or err}")
    if stat.S_ISDIR(info.st_mode):
        return _read_error(f"{name} is a directory, not a plan file")
    if not stat.S_ISREG(info.st_mode):
        return _read_error(f"{name} is not a regular file (a FIFO, socket or device)")
    if info.st_size > max_bytes:
        return _read_error(
            f"{name} is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit for a plan;"
            " raise it with --max-bytes if the plan really is this large"
        )
    try:
        with open(path, "rb") as handle:
            raw = handle.read(max_bytes + 1)
    except OSError as err:
        return _read_error(f"{name} cannot be read: {err.strerror or err}")
    if len(raw) > max_bytes:  # the file grew while we looked at it
        return _read_error(f"{name} is over the {max_bytes:,}-byte limit for a plan")
    return raw


def _read_error(message: str) -> Finding:
    return Finding(RULE_READ, Severity.ERROR, message)


@dataclass
class PlanAnalysis:
    """A file's result together with what the documents (checklist, report,
    diff) need besides it: the plan as loaded (``None`` when it did not load
    as a mapping), where each node was written, and the question assessments;
    and, for fixes, all that loading gave (``None`` when the file was not read)."""

    result: FileResult
    data: dict[str, Any] | None = None
    positions: Positions = field(default_factory=Positions)
    assessments: list[QuestionAssessment] = field(default_factory=list)
    loaded: LoadedPlan | None = None


def check_bytes(raw: bytes, path: str, settings: Settings) -> FileResult:
    """Check one plan given as bytes; ``path`` is the name used in reports."""
    return analyse_bytes(raw, path, settings).result


def check_path(path: str, settings: Settings) -> FileResult:
    return analyse_path(path, settings).result


def check_paths(paths: Iterable[str], settings: Settings) -> RunResult:
    return RunResult([check_path(path, settings) for path in paths])


def analyse_path(path: str, settings: Settings) -> PlanAnalysis:
    """Read and check the file at ``path``; the result names it as
    ``escape_path`` shows it."""
    raw = read_limited(path, settings.max_bytes)
    if isinstance(raw, Finding):
        return _not_loaded(escape_path(path), [raw], settings)
    return analyse_bytes(raw, escape_path(path), settings)


def analyse_bytes(raw: bytes, path: str, settings: Settings) -> PlanAnalysis:
    """Check a plan given as bytes; ``path`` is the name to show, already
    escaped (see ``stpctl.records.file_names``)."""
    if len(raw) > settings.max_bytes:  # from stdin, where no size is known beforehand
        message = (
            f"{path} is over the {settings.max_bytes:,}-byte limit for a plan;"
            " raise it with --max-bytes if the plan really is this large"
        )
        return _not_loaded(path, [_read_error(message)], settings)
    try:
        return _analyse_loaded(load_bytes(raw), path, settings, raw)
    except Exception as err:
        raise InternalError(path, err) from err


def _not_loaded(path: str, findings: list[Finding], settings: Settings) -> PlanAnalysis:
    kept, waived, baselined = _settle(findings, settings, path)
    return PlanAnalysis(FileResult(path, None, None, kept, waived, baselined))


def _analyse_loaded(
    loaded: LoadedPlan, path: str, settings: Settings, raw: bytes = b""
) -> PlanAnalysis:
    if not loaded.ok:
        analysis = _not_loaded(path, loaded.findings, settings)
        analysis.loaded = loaded
        return analysis
    data: dict[str, Any] = loaded.data
    findings = list(loaded.findings)
    findings.extend(
        check_schema(data, loaded.positions, loaded.implicit, loaded.splits, loaded.out_of_range)
    )
    assessments = assess_plan(data, settings.guidance.placeholders)
    context = PlanContext(data, loaded.positions, settings.as_of, settings.guidance, assessments)
    # The text, for rules that point inside a value (STP110); it loaded, so it decodes.
    context.extras["source"] = raw.decode("utf-8-sig", errors="replace")
    for item in rule_catalogue.CATALOGUE:
        if item.check is None or settings.severities.get(item.id, item.severity) is None:
            continue
        findings.extend(_run_rule(item, context))
    kept, waived, baselined = _settle(findings, settings, path)
    statuses = question_statuses(assessments)
    result = FileResult(path, _footprint(data), statuses, kept, waived, baselined)
    return PlanAnalysis(result, data, loaded.positions, assessments, loaded)


def _run_rule(item: rule_catalogue.Rule, context: PlanContext) -> list[Finding]:
    if item.check is None:
        return []
    out = []
    for issue in item.check(context):
        line, column = issue.position or context.positions.locate(issue.pointer)
        severity = issue.severity or item.severity
        out.append(Finding(item.id, severity, issue.message, issue.pointer, line, column))
    return out


def unconfigured_findings(
    analysis: PlanAnalysis, settings: Settings, rule_ids: Iterable[str]
) -> dict[str, list[Finding]]:
    """What the named rules say about the plan itself, by rule ID: run even when
    configuration switches them off, with no re-grading and no waivers applied.

    For documents that state facts about the plan (the checklist): switching a
    rule off changes what ``validate`` reports, not what is true of the plan.
    Empty lists when the plan did not load as a mapping."""
    if analysis.data is None:
        return {rule_id: [] for rule_id in rule_ids}
    context = PlanContext(
        analysis.data, analysis.positions, settings.as_of, settings.guidance, analysis.assessments
    )
    return {rule_id: _run_rule(rule_catalogue.BY_ID[rule_id], context) for rule_id in rule_ids}


def findings_once_submitted(analysis: PlanAnalysis, settings: Settings) -> list[Finding]:
    """What the rules would report, configured as ``validate`` reports it, if
    the plan said ``submission.status: submitted``: the completeness, balance
    and engagement findings that are warnings in a draft become errors, and
    the rules only a submitted plan faces (board sign-off, a first-year
    milestone) are judged.  For the board report, which tells a draft's board
    what must be fixed before submission.  Empty when the plan did not load."""
    if analysis.data is None:
        return []
    submission = analysis.data.get("submission")
    written = submission if isinstance(submission, dict) else {}
    data = {**analysis.data, "submission": {**written, "status": "submitted"}}
    assessments = assess_plan(data, settings.guidance.placeholders)
    context = PlanContext(data, analysis.positions, settings.as_of, settings.guidance, assessments)
    findings = [
        finding
        for item in rule_catalogue.CATALOGUE
        if settings.severities.get(item.id, item.severity) is not None
        for finding in _run_rule(item, context)
    ]
    return _configure(findings, settings, analysis.result.path)[0]


def _configure(findings: list[Finding], settings: Settings, path: str) -> tuple[list[Finding], int]:
    """Apply re-graded and switched-off rules and the waivers that cover the
    file shown as ``path``.  Returns the findings kept and how many were
    waived; ``_settle`` puts them in file order."""
    out = []
    for finding in findings:
        if finding.rule in LOAD_RULES:  # a file that is not a plan is always an error
            out.append(finding)
            continue
        severity = settings.severities.get(finding.rule, finding.severity)
        if severity is None:
            continue
        if severity is not finding.severity:
            finding = finding._replace(severity=severity)
        out.append(finding)
    waivers = tuple(w for w in settings.waivers if w.rule not in LOAD_RULES and w.covers(path))
    return apply_waivers(out, waivers, settings.as_of)


def _settle(
    findings: list[Finding], settings: Settings, path: str
) -> tuple[list[Finding], int, baselines.FileBaseline | None]:
    """What a file's result lists: configuration and waivers applied, then
    the baseline, which weighs every finding (a baseline written today
    records each one, and one in use takes out exactly as many as it
    counts); only then are at most ``SHOWN_PER_RULE`` of each rule listed,
    in file order, the rest summed up and counted (``cap_findings``).
    Returns the findings listed, how many were waived, and what the
    baseline did."""
    kept, waived = _configure(findings, settings, path)
    kept.sort(key=Finding.sort_key)  # a baseline takes out the first of its findings
    kept, baselined = _against_baseline(kept, settings, path)
    return cap_findings(kept), waived, baselined


def _against_baseline(
    findings: list[Finding], settings: Settings, path: str
) -> tuple[list[Finding], baselines.FileBaseline | None]:
    """Findings a baseline does not account for; every finding is weighed
    here, before any output decides what to show."""
    if settings.baseline is None:
        return findings, None
    return baselines.apply(settings.baseline, path, findings)


def _footprint(data: dict[str, Any]) -> dict[str, str] | None:
    footprint = data.get("footprint")
    if not isinstance(footprint, dict):
        return None
    return {key: str(footprint[key]) for key in ("name", "code") if key in footprint}
