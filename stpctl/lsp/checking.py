"""Checking one open document, in a worker thread: the text as the editor
has it, the settings found from its folder, the engine ``validate`` uses,
and the diagnostics to publish."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from lsprotocol import types
from pygls.workspace import PositionCodec

from stpctl.check.checker import PlanAnalysis, analyse_bytes
from stpctl.fix.run_fixes import LocatedFix
from stpctl.lsp.configuration import DocumentSettings, SettingsCache, matches_globs
from stpctl.lsp.diagnostics import problem_diagnostic, to_diagnostic
from stpctl.records.file_names import escape_path

# A plan says so on a line of its own at the top level (`stp_plan: 1`).
_PLAN_MARK = re.compile(r"^stp_plan[ \t]*:", re.MULTILINE)
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Checked:
    """One check of one version of a document.  ``analysis`` is ``None``
    when the configuration could not be used (``diagnostics`` then says why)
    or the document is not a plan (``plan`` is false)."""

    version: int | None
    text: str
    path: str
    plan: bool
    found: DocumentSettings | None = None
    analysis: PlanAnalysis | None = None
    diagnostics: list[types.Diagnostic] = field(default_factory=list)
    # The fixes for this text, worked out when the editor first asks for code actions.
    fixes: list[LocatedFix] | None = None

    @property
    def loaded(self) -> bool:
        return self.analysis is not None and self.analysis.data is not None


def is_plan(path: str, text: str, found: DocumentSettings) -> bool:
    """A YAML document whose top level has ``stp_plan:``, or one configuration
    names in ``lsp-globs``."""
    if matches_globs(path, found.config):
        return True
    return path.lower().endswith(YAML_SUFFIXES) and _PLAN_MARK.search(text) is not None


def check_document(
    path: str,
    text: str,
    version: int | None,
    lines: Sequence[str],
    codec: PositionCodec,
    cache: SettingsCache,
) -> Checked:
    """Check ``text`` (the document at ``path``) as ``validate`` would check
    the file, with the settings found from the file's folder."""
    found = cache.for_document(path, date.today())
    if not is_plan(path, text, found):
        return Checked(version, text, path, plan=False, found=found)
    checked = Checked(version, text, path, plan=True, found=found)
    if found.settings is None:
        checked.diagnostics = [problem_diagnostic(found.problem or "", lines)]
        return checked
    shown = escape_path(os.path.abspath(path))  # as waivers and baselines name files
    analysis = analyse_bytes(text.encode("utf-8", errors="surrogatepass"), shown, found.settings)
    checked.analysis = analysis
    loaded = analysis.loaded
    positions = loaded.positions if loaded is not None else analysis.positions
    checked.diagnostics = [
        to_diagnostic(finding, positions, lines, codec) for finding in analysis.result.findings
    ]
    return checked
