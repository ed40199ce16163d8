"""What changed between two versions of a plan (``stpctl diff``).

Pure: two ``PlanAnalysis`` in, one ``PlanDiff`` out; the renderers turn it
into text, Markdown or JSON.  How things are matched, written down because
users read the result:

* questions by key, in the guidance pack's order; their computed status
  (answered, partial…) is compared, and answers whose text changed are named;
* actions by ``id``; an action without one by its question and title (so
  renaming an id-less action shows as one removed and one added);
* interventions by name (two with the same name are added together);
* organisations by ODS code;
* findings by rule and JSON pointer, never by line (lines move with every
  edit).  A list position in the pointer is read as the item's ``id`` (or
  ODS ``code``) when it has one, so inserting an action does not make the
  findings about the actions after it look new.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from stpctl.check.checker import PlanAnalysis
from stpctl.load.loader import RULE_NOT_A_PLAN
from stpctl.plan import finance_bridge
from stpctl.plan.plan_parts import actions, mappings, parse_day
from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import GuidancePack

_PLACES = 6
T = TypeVar("T")
CLOSED = ("done", "dropped")


@dataclass(frozen=True)
class FieldChange:
    """A single value that changed, e.g. ``submission.status`` draft → submitted."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class StatusChange:
    key: str
    title: str
    old: str
    new: str


@dataclass(frozen=True)
class Action:
    id: str | None
    question: str
    title: str
    owner: str | None
    due: str | None
    status: str
    pointer: str


@dataclass(frozen=True)
class ActionChange:
    old: Action
    new: Action

    @property
    def days_moved(self) -> int | None:
        """Days the due date moved (later is positive), when both are dates."""
        before, after = parse_day(self.old.due), parse_day(self.new.due)
        return (after - before).days if before and after else None


@dataclass
class ActionsDiff:
    added: list[Action] = field(default_factory=list)
    removed: list[Action] = field(default_factory=list)
    closed: list[ActionChange] = field(default_factory=list)
    reopened: list[ActionChange] = field(default_factory=list)
    slipped: list[ActionChange] = field(default_factory=list)
    brought_forward: list[ActionChange] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass(frozen=True)
class Figure:
    """One amount, old and new; ``None`` where that version has no such year."""

    old: float | None
    new: float | None

    @property
    def change(self) -> float | None:
        if self.old is None or self.new is None:
            return None
        return _rounded(self.new - self.old)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass(frozen=True)
class FinanceYear:
    year: str
    gap: Figure
    savings: Figure
    residual: Figure

    @property
    def changed(self) -> bool:
        return self.gap.changed or self.savings.changed or self.residual.changed


@dataclass(frozen=True)
class InterventionChange:
    """Savings of one intervention (by name) per year, where they changed."""

    name: str
    change: str  # added | removed | changed
    years: tuple[tuple[str, Figure], ...]


@dataclass
class FinanceDiff:
    unit: str  # the new plan's
    unit_change: FieldChange | None
    years: list[FinanceYear]
    interventions: list[InterventionChange]
    new_years: tuple[str, ...] = ()  # the new plan's bridge years

    @property
    def final(self) -> FinanceYear | None:
        return self.years[-1] if self.years else None

    @property
    def balance(self) -> str | None:
        """How the final year moved: ``reached`` (now closes), ``lost`` (no
        longer closes), ``still short``, ``still balanced``, ``unknown`` (the
        new plan's final year lacks a figure); ``None`` without years."""
        final = self.final
        if final is None:
            return None
        if final.residual.new is None and final.year in self.new_years:
            return "unknown"
        was = final.residual.old is not None and not finance_bridge.is_positive(final.residual.old)
        now = final.residual.new is not None and not finance_bridge.is_positive(final.residual.new)
        if now:
            return "still balanced" if was else "reached"
        return "lost" if was else "still short"

    def __bool__(self) -> bool:
        return bool(self.unit_change or self.interventions or any(y.changed for y in self.years))


@dataclass
class FindingsDiff:
    new: list[Finding]  # lines in NEW
    resolved: list[Finding]  # lines in OLD
    still_present: int

    def __bool__(self) -> bool:
        return bool(self.new or self.resolved)


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    board_sign_off: str | None


@dataclass(frozen=True)
class SignOff:
    """A board sign-off date that was added, changed or taken out."""

    code: str
    name: str
    old: str | None
    new: str | None


@dataclass
class OrganisationsDiff:
    added: list[Organisation] = field(default_factory=list)
    removed: list[Organisation] = field(default_factory=list)
    signed_off: list[SignOff] = field(default_factory=list)
    roadmap_added: list[str] = field(default_factory=list)
    roadmap_removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return any(vars(self).values())


@dataclass
class PlanDiff:
    old_path: str
    new_path: str
    as_of: date
    footprint: dict[str, str]
    details: list[FieldChange]
    questions: list[StatusChange]
    answers_rewritten: list[str]
    actions: ActionsDiff
    finance: FinanceDiff
    findings: FindingsDiff
    organisations: OrganisationsDiff

    @property
    def changed(self) -> bool:
        return any(
            bool(part)
            for part in (
                self.details,
                self.questions,
                self.answers_rewritten,
                self.actions,
                self.finance,
                self.findings,
                self.organisations,
            )
        )


class NotLoaded(Exception):
    """One of the plans did not load; ``finding`` says why."""

    def __init__(self, path: str, finding: Finding) -> None:
        super().__init__(f"{path}:{finding.line}:{finding.column}: {finding.message}")
        self.path = path
        self.finding = finding


def diff_plans(
    old: PlanAnalysis, new: PlanAnalysis, guidance: GuidancePack, as_of: date
) -> PlanDiff:
    """The differences from ``old`` to ``new``; raises ``NotLoaded`` when
    either plan did not load as a mapping."""
    old_data, new_data = _loaded(old), _loaded(new)
    footprint = new.result.footprint or old.result.footprint or {}
    return PlanDiff(
        old_path=old.result.path,
        new_path=new.result.path,
        as_of=as_of,
        footprint=dict(footprint),
        details=_details(old_data, new_data),
        questions=_statuses(old, new, guidance),
        answers_rewritten=_answers_rewritten(old_data, new_data, guidance),
        actions=_actions(old_data, new_data),
        finance=_finance(old_data, new_data),
        findings=_findings(old, new),
        organisations=_organisations(old_data, new_data),
    )


def _loaded(analysis: PlanAnalysis) -> dict[str, Any]:
    if analysis.data is None:
        findings = analysis.result.findings
        why = findings[0] if findings else Finding(RULE_NOT_A_PLAN, Severity.ERROR, "not a plan")
        raise NotLoaded(analysis.result.path, why)
    return analysis.data


# --- plain values -------------------------------------------------------------------------


def _rounded(value: float) -> float:
    return round(value, _PLACES) + 0.0  # + 0.0 turns -0.0 into 0.0


def _text(value: object) -> str | None:
    """A scalar as the plan wrote it, for display; ``None`` when absent."""
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    return value if isinstance(value, dict) else {}


DETAIL_FIELDS = (
    ("footprint", "name"),
    ("footprint", "code"),
    ("submission", "status"),
    ("submission", "version"),
    ("submission", "deadline"),
    ("submission", "submitted_on"),
)


def _details(old: dict[str, Any], new: dict[str, Any]) -> list[FieldChange]:
    out = []
    for section, key in DETAIL_FIELDS:
        before = _text(_section(old, section).get(key))
        after = _text(_section(new, section).get(key))
        if before != after:
            out.append(FieldChange(f"{section}.{key}", before, after))
    return out


# --- questions ----------------------------------------------------------------------------


def _statuses(old: PlanAnalysis, new: PlanAnalysis, guidance: GuidancePack) -> list[StatusChange]:
    before = {a.key: a.status for a in old.assessments}
    after = {a.key: a.status for a in new.assessments}
    return [
        StatusChange(q.key, q.title, before[q.key], after[q.key])
        for q in guidance.questions
        if q.key in before and q.key in after and before[q.key] != after[q.key]
    ]


def _answer(data: dict[str, Any], key: str) -> str:
    question = _section(data, "questions").get(key)
    answer = question.get("answer") if isinstance(question, dict) else None
    # Reflowing a paragraph is not a rewrite: compare the words only.
    return " ".join(answer.split()) if isinstance(answer, str) else ""


def _answers_rewritten(
    old: dict[str, Any], new: dict[str, Any], guidance: GuidancePack
) -> list[str]:
    return [q.key for q in guidance.questions if _answer(old, q.key) != _answer(new, q.key)]


# --- actions ------------------------------------------------------------------------------


def _action_list(data: dict[str, Any]) -> list[tuple[tuple[str, ...], Action]]:
    out: list[tuple[tuple[str, ...], Action]] = []
    for pointer, raw in actions(data):
        question = pointer.split("/")[2].replace("~1", "/").replace("~0", "~")
        ident = raw.get("id") if isinstance(raw.get("id"), str) and raw.get("id") else None
        status = raw.get("status")
        action = Action(
            id=ident,
            question=question,
            title=_text(raw.get("title")) or "",
            owner=_text(raw.get("owner")),
            due=_text(raw.get("due")),
            status=status if isinstance(status, str) else "open",
            pointer=pointer,
        )
        key = ("id", ident) if ident else ("title", question, action.title)
        out.append((key, action))
    return out


def _pair(
    old: Sequence[tuple[Hashable, T]], new: Sequence[tuple[Hashable, T]]
) -> tuple[list[tuple[T, T]], list[T], list[T]]:
    """Match items by key, in order (the n-th of a repeated key with the n-th);
    returns the pairs, the old items left over and the new items left over."""
    waiting: dict[Hashable, list[T]] = {}
    for key, item in old:
        waiting.setdefault(key, []).append(item)
    pairs: list[tuple[T, T]] = []
    added: list[T] = []
    for key, item in new:
        if waiting.get(key):
            pairs.append((waiting[key].pop(0), item))
        else:
            added.append(item)
    matched = {id(a) for a, _ in pairs}
    removed = [item for _, item in old if id(item) not in matched]
    return pairs, removed, added


def _actions(old: dict[str, Any], new: dict[str, Any]) -> ActionsDiff:
    pairs, removed, added = _pair(_action_list(old), _action_list(new))
    out = ActionsDiff(added=added, removed=removed)
    for before, after in pairs:
        change = ActionChange(before, after)
        if before.status not in CLOSED and after.status in CLOSED:
            out.closed.append(change)
        elif before.status in CLOSED and after.status not in CLOSED:
            out.reopened.append(change)
        moved = change.days_moved
        if moved is not None and moved > 0:
            out.slipped.append(change)
        elif moved is not None and moved < 0:
            out.brought_forward.append(change)
    return out


# --- finance ------------------------------------------------------------------------------


def _union(first: Iterable[str], second: Iterable[str]) -> list[str]:
    """``first`` in order, then what only ``second`` has, in its order."""
    return list(dict.fromkeys([*first, *second]))


def _finance(old: dict[str, Any], new: dict[str, Any]) -> FinanceDiff:
    before = {y.year: y for y in finance_bridge.bridge(old)}
    after = {y.year: y for y in finance_bridge.bridge(new)}
    # Date order, so the final row is the latest year of either plan.
    years = sorted(_union(after, before), key=finance_bridge.year_order)

    def figure(attribute: str, year: str) -> Figure:
        # None both for a year a plan lacks and for a figure it cannot give.
        was = getattr(before[year], attribute) if year in before else None
        now = getattr(after[year], attribute) if year in after else None
        return Figure(
            _rounded(was) if was is not None else None,
            _rounded(now) if now is not None else None,
        )

    rows = [
        FinanceYear(
            year, figure("gap", year), figure("savings_total", year), figure("residual", year)
        )
        for year in years
    ]
    old_unit, new_unit = finance_bridge.unit(old), finance_bridge.unit(new)
    unit = FieldChange("finance.unit", old_unit, new_unit) if old_unit != new_unit else None
    return FinanceDiff(new_unit, unit, rows, _interventions(old, new, years), tuple(after))


def _savings_by_name(data: dict[str, Any]) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, list[float]]] = {}
    for index, scheme in finance_bridge.interventions(data):
        name = scheme.get("name")
        label = (
            name.strip() if isinstance(name, str) and name.strip() else f"(unnamed #{index + 1})"
        )
        years = out.setdefault(label, {})
        savings = scheme.get("savings")
        for year, value in savings.items() if isinstance(savings, dict) else []:
            amount = finance_bridge.amount(value)
            if isinstance(year, str) and amount is not None:
                years.setdefault(year, []).append(amount)
    return {
        name: {year: _rounded(math.fsum(values)) for year, values in years.items()}
        for name, years in out.items()
    }


def _interventions(
    old: dict[str, Any], new: dict[str, Any], years: list[str]
) -> list[InterventionChange]:
    before, after = _savings_by_name(old), _savings_by_name(new)
    out = []
    for name in _union(after, before):
        was, now = before.get(name), after.get(name)
        kind = "added" if was is None else "removed" if now is None else "changed"
        shown = _union(years, sorted(set(was or {}) | set(now or {})))
        figures = tuple(
            (year, Figure((was or {}).get(year), (now or {}).get(year))) for year in shown
        )
        figures = tuple((year, f) for year, f in figures if f.changed)
        if figures or kind != "changed":
            out.append(InterventionChange(name, kind, figures))
    return out


# --- findings -----------------------------------------------------------------------------


def match_key(pointer: str, data: dict[str, Any]) -> str:
    """``pointer`` with each list position replaced by the item's identity
    when it has one (``/questions/x/actions/[id=A3]/due``)."""
    node: Any = data
    out = []
    for token in pointer.split("/")[1:] if pointer else []:
        if isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
            out.append(_identity(node) or token)
            continue
        name = token.replace("~1", "/").replace("~0", "~")
        node = node.get(name) if isinstance(node, dict) else None
        out.append(token)
    return "/" + "/".join(out) if out else ""


def _identity(item: object) -> str | None:
    """How a list item is known regardless of its position: its ``id`` or
    ``code``, or itself when it is text (an ODS code in a list)."""
    if isinstance(item, str):
        return f"[{item}]"
    if isinstance(item, dict):
        for name in ("id", "code"):
            if isinstance(item.get(name), str):
                return f"[{name}={item[name]}]"
    return None


def _findings(old: PlanAnalysis, new: PlanAnalysis) -> FindingsDiff:
    old_data, new_data = old.data or {}, new.data or {}
    before = [((f.rule, match_key(f.pointer, old_data)), f) for f in old.result.findings]
    after = [((f.rule, match_key(f.pointer, new_data)), f) for f in new.result.findings]
    pairs, resolved, added = _pair(before, after)
    return FindingsDiff(
        sorted(added, key=Finding.sort_key), sorted(resolved, key=Finding.sort_key), len(pairs)
    )


# --- organisations ------------------------------------------------------------------------


def _organisations_of(data: dict[str, Any]) -> dict[str, Organisation]:
    out: dict[str, Organisation] = {}
    for _, org in mappings(_section(data, "footprint").get("organisations")):
        code = _text(org.get("code"))
        if code and code not in out:
            out[code] = Organisation(
                code, _text(org.get("name")) or "", _text(org.get("board_sign_off"))
            )
    return out


def _roadmap(data: dict[str, Any]) -> list[str]:
    listed = _section(_section(data, "footprint"), "digital_roadmap").get("organisations")
    codes = [_text(code) for code in listed] if isinstance(listed, list) else []
    return list(dict.fromkeys(code for code in codes if code))


def _organisations(old: dict[str, Any], new: dict[str, Any]) -> OrganisationsDiff:
    before, after = _organisations_of(old), _organisations_of(new)
    out = OrganisationsDiff(
        added=[org for code, org in after.items() if code not in before],
        removed=[org for code, org in before.items() if code not in after],
    )
    for code, org in after.items():
        was = before.get(code)
        if was is not None and was.board_sign_off != org.board_sign_off:
            out.signed_off.append(SignOff(code, org.name, was.board_sign_off, org.board_sign_off))
    old_roadmap, new_roadmap = _roadmap(old), _roadmap(new)
    out.roadmap_added = [code for code in new_roadmap if code not in old_roadmap]
    out.roadmap_removed = [code for code in old_roadmap if code not in new_roadmap]
    return out
