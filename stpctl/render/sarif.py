"""SARIF 2.1.0 output of ``validate``, for GitHub code scanning and other
static-analysis dashboards.

One run; ``tool.driver.rules`` is the whole rule catalogue, so a dashboard
can show a rule's page for any result.  File locations are URIs relative to
the *source root*, with ``/`` separators, percent-encoded, and
``uriBaseId: "%SRCROOT%"``: the source root is the repository the working
directory lies in (the first folder up holding ``.git``), or the working
directory outside any repository.  So a run from a subdirectory (a monorepo
job's ``working-directory``) names the file as code scanning knows it.
``originalUriBaseIds`` declares ``%SRCROOT%`` with a description but no
absolute URI: the checkout's path on one machine would make the file differ
from run to run.  A file outside the source root gets an absolute
``file://`` URI and no base.  ``invocations`` records whether the run
completed and its exit code, with no times, so the same run gives the same
bytes.  Each result carries the plan's JSON pointer in
``properties.pointer`` and a ``partialFingerprints`` entry computed from
rule, file and pointer — never the line — so GitHub keeps tracking a finding
when lines above it move.  A file name with bytes that are not UTF-8 (shown
``\\xNN`` elsewhere) has those bytes percent-encoded in its URI.
``runs[0].properties.configuration`` names the configuration file the run
used (``null`` when none), since it can switch rules off;
``runs[0].properties.baseline`` the baseline (``null`` when none) with the
number of findings it left out and of its stale entries;
``runs[0].properties.summary`` counts every finding by severity, also those
a file lists only as a count (at most 100 of a rule are listed per file).

A result that ``stpctl fix`` can mend carries the fix in ``fixes``: one
``artifactChange`` whose replacements give the region to delete by line
and column (the end column is the one just after it) and the text to put
there, and ``properties.applicability`` (``safe``, or ``unsafe`` when it may
change what was meant), so a code-scanning tool can offer it.

Written a file at a time (``Writer``): the results of each file as its
result arrives, the run's frame around them last, so a run over thousands
of files never holds the whole log.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from stpctl import __version__
from stpctl.check.result import EXIT_FINDINGS, EXIT_OK, FileResult, RunResult, Totals, exit_code
from stpctl.check.rules import CATALOGUE, Rule
from stpctl.records.file_names import unescape_path
from stpctl.records.finding import Finding, Severity
from stpctl.render.streaming import MARK, DocumentWriter, indented, split_at_mark, whole

if TYPE_CHECKING:
    from stpctl.fix.run_fixes import LocatedFix

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"
FINGERPRINT = "stpctl/v1"
SOURCE_ROOT = "%SRCROOT%"
SOURCE_ROOT_TEXT = (
    "The root of the repository stpctl ran in (the first folder up from the working"
    " directory holding .git), or the working directory outside a repository."
)

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def relative_path(path: str, root: str | None = None) -> str | None:
    """``path`` relative to ``root`` (default: the working directory) with
    ``/`` separators, or ``None`` when it lies outside ``root``."""
    try:
        relative = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        return None
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        return None
    return relative.replace(os.sep, "/")


def source_root() -> str:
    """The folder file locations are relative to: the repository the working
    directory lies in, or the working directory outside any repository."""
    here = os.getcwd()
    for folder in (here, *(str(parent) for parent in Path(here).parents)):
        if os.path.lexists(os.path.join(folder, ".git")):  # a folder, or a file in a worktree
            return folder
    return here


def artifact_location(path: str, root: str) -> dict[str, str]:
    """Where the file a result shows as ``path`` is: relative to ``root``
    with the ``%SRCROOT%`` base, or an absolute ``file://`` URI outside it.  A
    name with bytes that are not UTF-8 (shown ``\\xNN``) gets those very
    bytes, percent-encoded."""
    original = unescape_path(path)
    relative = relative_path(original, root)
    if relative is None:
        return {"uri": Path(os.path.abspath(original)).as_uri()}
    return {"uri": quote(relative, safe="/", errors="surrogateescape"), "uriBaseId": SOURCE_ROOT}


def artifact_uri(path: str, root: str | None = None) -> str:
    """The URI of the file a result shows as ``path`` (see ``artifact_location``)."""
    return artifact_location(path, root or source_root())["uri"]


def fingerprint(rule: str, uri: str, pointer: str, occurrence: int = 0) -> str:
    """Stable across line shifts; ``occurrence`` tells apart the same rule
    firing twice on the same pointer."""
    key = f"{rule}\0{uri}\0{pointer}"
    if occurrence:
        key += f"\0{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def rule_descriptor(item: Rule) -> dict[str, Any]:
    return {
        "id": item.id,
        "name": item.name,
        "shortDescription": {"text": item.summary},
        "fullDescription": {"text": item.doc},
        "help": {"text": item.doc},
        "defaultConfiguration": {"level": LEVEL[item.severity]},
        "properties": {"tags": [item.family]},
    }


def _result(
    finding: Finding, where: dict[str, str], rule_index: int | None, occurrence: int
) -> dict[str, Any]:
    uri = where["uri"]
    result: dict[str, Any] = {"ruleId": finding.rule}
    if rule_index is not None:
        result["ruleIndex"] = rule_index
    result["level"] = LEVEL[finding.severity]
    result["message"] = {"text": finding.message}
    result["locations"] = [
        {
            "physicalLocation": {
                "artifactLocation": dict(where),
                "region": {"startLine": finding.line, "startColumn": finding.column},
            }
        }
    ]
    result["partialFingerprints"] = {
        FINGERPRINT: fingerprint(finding.rule, uri, finding.pointer, occurrence)
    }
    result["properties"] = {"pointer": finding.pointer}
    return result


def baseline(totals: Totals) -> dict[str, Any] | None:
    """The baseline file, how many findings it left out, how many of its entries are stale."""
    if totals.baseline is None:
        return None
    stale = sum(entry.count for entry in totals.baseline.stale)
    return {"path": totals.baseline.path, "baselined": totals.baselined, "stale": stale}


def invocation(totals: Totals) -> dict[str, Any]:
    """The run's outcome: it completed (a SARIF file is only written then),
    and the exit code, which findings at or above --fail-on make 1."""
    status = totals.exit_status
    if status is None:
        status = exit_code(totals, totals.fail_on)
    return {"executionSuccessful": status in (EXIT_OK, EXIT_FINDINGS), "exitCode": status}


def sarif_fix(located: LocatedFix, where: dict[str, str]) -> dict[str, Any]:
    """A fix as SARIF writes one: the regions to replace, by line and column."""
    replacements = []
    for region in located.regions:
        replacement: dict[str, Any] = {
            "deletedRegion": {
                "startLine": region.start_line,
                "startColumn": region.start_column,
                "endLine": region.end_line,
                "endColumn": region.end_column,
            }
        }
        if region.text:
            replacement["insertedContent"] = {"text": region.text}
        replacements.append(replacement)
    return {
        "description": {"text": located.fix.message},
        "artifactChanges": [{"artifactLocation": dict(where), "replacements": replacements}],
        "properties": {"applicability": located.fix.applicability},
    }


def _driver() -> dict[str, Any]:
    return {
        "name": "stpctl",
        "version": __version__,
        "semanticVersion": __version__,
        "rules": [rule_descriptor(item) for item in CATALOGUE],
    }


def _skeleton(results: list[Any], totals: Totals) -> dict[str, Any]:
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": _driver()},
                "invocations": [invocation(totals)],
                "originalUriBaseIds": {SOURCE_ROOT: {"description": {"text": SOURCE_ROOT_TEXT}}},
                # Columns count characters (code points), as the loader does.
                "columnKind": "unicodeCodePoints",
                "results": results,
                # The configuration file can switch rules off or re-grade them, and
                # a baseline leave findings out (counted here); every finding is
                # counted, also those a file lists only as a count.
                "properties": {
                    "configuration": totals.configuration,
                    "baseline": baseline(totals),
                    "summary": totals.summary(),
                },
            }
        ],
    }


def file_results(
    file_result: FileResult,
    index: dict[str, int],
    root: str,
    fixes: Sequence[LocatedFix] = (),
) -> list[dict[str, Any]]:
    """The results of one file, its locations relative to ``root``; ``fixes``
    are offered on the results they answer."""
    where = artifact_location(file_result.path, root)
    seen: dict[tuple[str, str], int] = {}
    offered: dict[tuple[str, str], list[LocatedFix]] = {}
    for located in fixes:
        offered.setdefault((located.fix.rule, located.fix.pointer), []).append(located)
    results = []
    for finding in file_result.findings:
        key = (finding.rule, finding.pointer)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        result = _result(finding, where, index.get(finding.rule), occurrence)
        if offered.get(key):
            result["fixes"] = [sarif_fix(offered[key].pop(0), where)]
        results.append(result)
    return results


def _rule_index() -> dict[str, int]:
    return {item.id: position for position, item in enumerate(CATALOGUE)}


def document(
    run: RunResult, fixes: Mapping[str, Sequence[LocatedFix]] | None = None
) -> dict[str, Any]:
    """The SARIF log; ``fixes`` (file → its fixes) are offered on the results they answer."""
    index, root = _rule_index(), source_root()
    results = [
        item
        for file_result in run.files
        for item in file_results(file_result, index, root, (fixes or {}).get(file_result.path, ()))
    ]
    return _skeleton(results, run.totals())


def _dumps(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False)


class Writer(DocumentWriter):
    """The log a file at a time: the results of each file as it arrives."""

    def __init__(self, fixes: Mapping[str, Sequence[LocatedFix]] | None = None) -> None:
        self.index = _rule_index()
        self.root = source_root()
        self.written = 0
        self.fixes = fixes or {}
        self.offered: Sequence[LocatedFix] = ()

    def offer(self, fixes: Sequence[LocatedFix]) -> None:
        self.offered = fixes

    def part(self, result: FileResult) -> str:
        fixes = self.offered or self.fixes.get(result.path, ())
        self.offered = ()
        texts = [
            indented(_dumps(item), "        ")
            for item in file_results(result, self.index, self.root, fixes)
        ]
        if not texts:
            return ""
        text = ",\n".join(texts)
        first = self.written == 0
        self.written += len(texts)
        return text if first else ",\n" + text

    def head(self, totals: Totals) -> str:
        if not self.written:
            return _dumps(_skeleton([], totals)) + "\n"
        return split_at_mark(_dumps(_skeleton([MARK], totals)))[0]

    def tail(self, totals: Totals) -> str:
        if not self.written:
            return ""
        return "\n" + split_at_mark(_dumps(_skeleton([MARK], totals)))[2] + "\n"


def render(run: RunResult, fixes: Mapping[str, Sequence[LocatedFix]] | None = None) -> str:
    return whole(Writer(fixes), run)
