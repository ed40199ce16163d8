"""Fixes for one plan: found, checked, applied and proven; and the passes of ``stpctl fix``.

``find_fixes`` checks a plan as ``validate`` does (same settings: rules
switched off or waived findings get no fix), works out the fixes for its
live findings, leaves out those that overlap an earlier one, and then checks
the result again: the fixed text must load; the schema check must have
nothing more to say where a fix wrote (else that fix is dropped: it would
only trade one error for another); and every value not listed must be as it
was.  A fix that breaks the first or the last is a bug in stpctl, raised as
``FixesBroke`` and never shown as a fix.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from stpctl.check.checker import PlanAnalysis, Settings, analyse_bytes
from stpctl.check.schema_check import check_schema, schema_errors
from stpctl.check.schema_messages import RULE_BAD_VALUE, RULE_UNKNOWN_KEY, RULE_WRONG_TYPE
from stpctl.fix.edits import UNCHANGED, Fix, apply_edits, without_overlaps
from stpctl.fix.key_fixes import duplicate_fixes, key_fixes
from stpctl.fix.plan_text import PlanText
from stpctl.fix.schema_wants import SchemaWants
from stpctl.fix.value_fixes import value_fixes
from stpctl.fix.verification import differences, expected_data, moved
from stpctl.load.loader import RULE_DUPLICATE_KEY, LoadedPlan, load_text

# The rules whose findings a fix may answer.
FIXABLE_RULES = frozenset({RULE_DUPLICATE_KEY, RULE_UNKNOWN_KEY, RULE_WRONG_TYPE, RULE_BAD_VALUE})
# Fixes can make others possible (a key renamed, then its value quoted): as
# ruff does, `stpctl fix` runs again on its own result, this many times at most.
MAX_PASSES = 10


class FixesBroke(Exception):
    """Fixes would make a plan unreadable or change a value they do not
    list: a bug in stpctl.  Nothing is shown or written."""


@dataclass
class FoundFixes:
    """A plan as read and checked, and the fixes for it: ``fixes`` can be
    applied together (safe and unsafe); ``overlapping`` were left out because
    they touch the same text as one of those (a next pass may apply them)."""

    path: str
    raw: bytes
    analysis: PlanAnalysis
    fixes: list[Fix]
    overlapping: list[Fix]
    proven: str | None = None  # the text with all of ``fixes`` applied, already proven

    @property
    def loaded(self) -> LoadedPlan | None:
        loaded = self.analysis.loaded
        return loaded if loaded is not None and loaded.ok else None


def find_fixes(raw: bytes, path: str, settings: Settings) -> FoundFixes:
    """Check the plan in ``raw`` (named ``path`` in findings) and find its fixes."""
    analysis = analyse_bytes(raw, path, settings)
    loaded = analysis.loaded
    live = {
        (finding.rule, finding.pointer): finding
        for finding in analysis.result.findings
        if finding.rule in FIXABLE_RULES
    }
    if loaded is None or not loaded.ok or not live:
        return FoundFixes(path, raw, analysis, [], [])
    # jsonschema's errors say what is wanted where; only schema findings need them
    errors = schema_errors(loaded.data) if set(live) - {RULE_DUPLICATE_KEY} else []
    plan = PlanText(loaded.positions.text, loaded, SchemaWants(errors), live)
    others = value_fixes(plan) + key_fixes(plan)
    fixes, overlapping = without_overlaps(others + duplicate_fixes(plan, others))
    fixes, proven = _checked(plan, fixes, path)
    return FoundFixes(path, raw, analysis, fixes, overlapping, proven)


def _checked(plan: PlanText, fixes: list[Fix], path: str) -> tuple[list[Fix], str | None]:
    """The fixes after which the schema check says nothing more where each
    one wrote (``finance.years`` fixed into a year listed twice is one error
    traded for another), and the text with them applied."""
    while fixes:
        text, fixed = _proven(plan.loaded, fixes, path)
        findings = check_schema(
            fixed.data, fixed.positions, fixed.implicit, fixed.splits, fixed.out_of_range
        )
        wrong = {(finding.rule, finding.pointer) for finding in findings}
        failing = [fix for fix in fixes if _still_wrong(fix, fixes, wrong)]
        if not failing:
            return fixes, text
        fixes = [fix for fix in fixes if fix not in failing]
    return fixes, None


def _still_wrong(fix: Fix, fixes: Sequence[Fix], wrong: set[tuple[str, str]]) -> bool:
    """A rewritten value must draw no schema finding at all; a renamed key
    none of its own rule (its value, checked now, may have its own)."""
    place = moved(fix.pointer, fixes)
    if fix.value is not UNCHANGED:
        return any(where == place for _, where in wrong)
    if fix.key is not None:
        return (fix.rule, place) in wrong
    return False


def _proven(loaded: LoadedPlan, fixes: Sequence[Fix], path: str) -> tuple[str, LoadedPlan]:
    """The text with ``fixes`` applied, and loaded; raises ``FixesBroke``
    unless it loads and holds exactly what the fixes say and nothing else
    changed."""
    text = apply_edits(loaded.positions.text, [edit for fix in fixes for edit in fix.edits])
    fixed = load_text(text)
    if not fixed.ok:
        raise FixesBroke(
            f"fixing {path} would make it unreadable ({fixed.findings[0].message});"
            " nothing was changed"
        )
    found = differences(expected_data(loaded.data, fixes), fixed.data)
    if found:
        raise FixesBroke(
            f"fixing {path} would change a value the fixes do not list ({found[0]});"
            " nothing was changed"
        )
    return text, fixed


def apply_fixes(found: FoundFixes, fixes: Sequence[Fix]) -> bytes:
    """The plan's bytes with ``fixes`` (taken from ``found.fixes``) applied:
    proven again, every other byte (line ends, a byte-order mark) kept."""
    loaded = found.loaded
    if loaded is None or not fixes:
        return found.raw
    if list(fixes) == found.fixes and found.proven is not None:
        fixed = found.proven  # proven when the fixes were found
    else:
        fixed, _ = _proven(loaded, fixes, found.path)
    text = loaded.positions.text
    whole = found.raw.decode("utf-8")  # it loaded, so it decodes
    lead = whole[: len(whole) - len(text)]  # the byte-order mark the loader set aside
    return (lead + fixed).encode("utf-8")


@dataclass
class FixRun:
    """What ``stpctl fix`` did to one plan: the bytes before and after, the
    fixes applied (over all passes), and the plan as it is now (``final``:
    its findings, and the fixes still possible, unsafe ones not asked for)."""

    path: str
    original: bytes
    fixed: bytes
    applied: list[Fix]
    final: FoundFixes

    @property
    def loaded(self) -> bool:
        return self.final.loaded is not None

    @property
    def left(self) -> list[Fix]:
        return self.final.fixes + self.final.overlapping


def fix_plan(raw: bytes, path: str, settings: Settings, unsafe: bool) -> FixRun:
    """Apply every safe fix (and unsafe ones when ``unsafe``), pass after
    pass, until none is left or ``MAX_PASSES`` have run."""
    current = raw
    applied: list[Fix] = []
    for _ in range(MAX_PASSES):
        found = find_fixes(current, path, settings)
        chosen = [fix for fix in found.fixes if unsafe or fix.safe]
        if not chosen:
            return FixRun(path, raw, current, applied, found)
        current = apply_fixes(found, chosen)
        applied += chosen
    return FixRun(path, raw, current, applied, find_fixes(current, path, settings))
