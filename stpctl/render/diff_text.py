"""The terminal format of ``stpctl diff``, as rich renderables (the command prints).

Plan text goes only into ``Text`` objects and through ``one_line()``, so a plan
can neither inject rich markup nor control characters.  Sections with no
change are left out; an empty diff says so in one line.  Columns are laid
out by hand (not with rich tables) so that nothing wraps inside a cell and
no line ends in spaces: the text is the same on any terminal width.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.text import Text

from stpctl.documents.diff_actions import Action, ActionChange
from stpctl.documents.diff_finance import Figure, FinanceDiff
from stpctl.documents.plan_diff import PlanDiff
from stpctl.plan.finance_bridge import figure
from stpctl.records.finding import Finding
from stpctl.render.terminal import one_line, path_at_line_start, text_at_line_start
from stpctl.render.text import SEVERITY_STYLE, STATUS_STYLE

INDENT = "  "
ARROW = " → "
NONE = "(none)"
# Rows listed per group of actions or organisations in the text and Markdown
# diff; the rest are counted in one line (``--format json`` lists them all).
# A real plan has a few dozen actions; a list of thousands is unreadable and
# would take seconds to lay out.
LISTED = 100
BALANCE = {
    "reached": ("the plan now reaches financial balance", "green"),
    "lost": ("the plan no longer reaches financial balance", "red"),
    "still short": ("the plan is still short of financial balance", "yellow"),
    "still balanced": ("the plan still reaches financial balance", "green"),
    "unknown": (
        "financial balance cannot be judged: a figure is missing or is not a number",
        "yellow",
    ),
}


# --- small pieces, shared with the Markdown renderer ---------------------------------------


def amount(value: float | None) -> str:
    return NONE if value is None else figure(value)


def signed(value: float) -> str:
    """A change with its sign: ``+4.5``, ``-13.5``, ``0.0``."""
    shown = figure(value)
    return shown if shown.startswith("-") or shown == "0.0" else f"+{shown}"


def figure_cell(value: Figure) -> str:
    """``62.0`` when unchanged, else ``56.0 → 60.5 (+4.5)``."""
    if not value.changed:
        return amount(value.new)
    change = value.change
    tail = f" ({signed(change)})" if change is not None else ""
    return f"{amount(value.old)}{ARROW}{amount(value.new)}{tail}"


def savings_change(value: Figure | None) -> str:
    """An intervention's change in one year (added or removed savings count in full)."""
    if value is None:
        return ""
    return signed((value.new or 0.0) - (value.old or 0.0))


def moved(change: ActionChange) -> str:
    days = change.days_moved or 0
    way = "later" if days > 0 else "earlier"
    count = abs(days)
    return f"{count} day{'' if count == 1 else 's'} {way}"


def optional(value: str | None) -> str:
    return NONE if value is None else one_line(value)


# --- layout --------------------------------------------------------------------------------


def columns(rows: list[list[Text]], right: tuple[int, ...] = ()) -> list[Text]:
    """Rows of cells as lines, each column as wide as its widest cell and two
    spaces apart; columns in ``right`` are right-aligned.  No trailing spaces."""
    if not rows:
        return []
    widths = [max(cell.cell_len for cell in column) for column in zip(*rows, strict=True)]
    lines = []
    for row in rows:
        line = Text(INDENT)
        for index, (cell, width) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (width - cell.cell_len)
            if index:
                line.append("  ")
            if index in right:
                line.append(pad)
            line.append_text(cell)
            if index not in right:
                line.append(pad)
        line.rstrip()
        lines.append(line)
    return lines


def _heading(title: str) -> Text:
    return Text(title, style="bold")


def _section(title: str, lines: list[Text]) -> list[RenderableType]:
    return [_heading(title), *lines, Text("")] if lines else []


# --- sections ------------------------------------------------------------------------------


def header(diff: PlanDiff) -> list[RenderableType]:
    line = Text()
    line.append(path_at_line_start(diff.old_path), style="bold")
    line.append(ARROW)
    line.append(one_line(diff.new_path), style="bold")
    name, code = diff.footprint.get("name", ""), diff.footprint.get("code", "")
    label = f"{name} ({code})" if name and code else name or code
    day = f"as of {diff.as_of.isoformat()}"
    about = Text(f"{text_at_line_start(label)}, {day}" if label else day, style="dim")
    return [line, about, Text("")]


def details(diff: PlanDiff) -> list[RenderableType]:
    rows = [
        [Text(change.field), Text(f"{optional(change.old)}{ARROW}{optional(change.new)}")]
        for change in diff.details[:LISTED]  # a history may hold thousands of entries
    ]
    lines = columns(rows)
    if len(diff.details) > LISTED:
        lines.append(not_listed(len(diff.details) - LISTED, "plan changes"))
    return _section("Plan", lines)


def questions(diff: PlanDiff) -> list[RenderableType]:
    rows = []
    for change in diff.questions:
        status = Text()
        status.append(change.old, style=STATUS_STYLE.get(change.old, ""))
        status.append(ARROW)
        status.append(change.new, style=STATUS_STYLE.get(change.new, ""))
        rows.append([Text(one_line(change.key)), status])
    lines = columns(rows)
    if diff.answers_rewritten:
        keys = ", ".join(one_line(key) for key in diff.answers_rewritten)
        lines.append(Text(f"{INDENT}answers rewritten ({len(diff.answers_rewritten)}): {keys}"))
    title = f"Questions: {len(diff.questions)} changed status"
    return _section(title, lines)


def _action_row(action: Action, change: str) -> list[Text]:
    return [
        Text(one_line(action.id or "(no id)"), style="bold"),
        Text(one_line(action.question)),
        Text(change),
        Text(one_line(action.title)),
    ]


def _owner_due(action: Action) -> str:
    return f"owner {optional(action.owner)}, due {optional(action.due)}"


def not_listed(count: int, what: str) -> Text:
    """The line that counts what a group does not list (``LISTED``)."""
    return Text(f"{INDENT * 2}… and {count:,} more {what}; --format json lists them all")


def actions(diff: PlanDiff) -> list[RenderableType]:
    found = diff.actions
    groups: list[tuple[str, int, list[list[Text]]]] = [
        ("added", len(found.added), [_action_row(a, _owner_due(a)) for a in found.added[:LISTED]]),
        (
            "closed",
            len(found.closed),
            [_status_row(c) for c in found.closed[:LISTED]],
        ),
        (
            "reopened",
            len(found.reopened),
            [_status_row(c) for c in found.reopened[:LISTED]],
        ),
        ("slipped", len(found.slipped), [_slip_row(c) for c in found.slipped[:LISTED]]),
        (
            "brought forward",
            len(found.brought_forward),
            [_slip_row(c) for c in found.brought_forward[:LISTED]],
        ),
        (
            "removed",
            len(found.removed),
            [_action_row(a, _owner_due(a)) for a in found.removed[:LISTED]],
        ),
    ]
    lines = []
    for name, count, rows in groups:
        if rows:
            lines.append(Text(f"{INDENT}{name}"))
            lines.extend(Text(INDENT).append_text(line) for line in columns(rows))
            if count > len(rows):
                lines.append(not_listed(count - len(rows), f"{name}"))
    counts = ", ".join(f"{count} {name}" for name, count, rows in groups if rows)
    return _section(f"Actions: {counts}", lines)


def _status_row(change: ActionChange) -> list[Text]:
    return _action_row(
        change.new, f"{one_line(change.old.status)}{ARROW}{one_line(change.new.status)}"
    )


def _slip_row(change: ActionChange) -> list[Text]:
    due = f"due {optional(change.old.due)}{ARROW}{optional(change.new.due)} ({moved(change)})"
    return _action_row(change.new, due)


def _final_year(money: FinanceDiff) -> Text | None:
    final = money.final
    if final is None or money.balance is None:
        return None
    residual = figure_cell(final.residual)
    line = Text(f"{INDENT}final year {one_line(final.year)}: residual {residual}; ")
    words, style = BALANCE[money.balance]
    line.append(words, style=style)
    return line


def finance(diff: PlanDiff) -> list[RenderableType]:
    money = diff.finance
    if not money:
        return []
    lines = []
    if money.unit_change:
        old, new = money.unit_change.old, money.unit_change.new
        lines.append(Text(f"{INDENT}unit {optional(old)}{ARROW}{optional(new)}"))
    fund = money.has_fund
    names = ("year", "do-nothing gap", "savings", *(("Fund income",) if fund else ()), "residual")
    rows = [[Text(name) for name in names]]
    for row in money.years:
        shown = (row.gap, row.savings, *((row.fund,) if fund else ()), row.residual)
        rows.append([Text(one_line(row.year)), *(Text(figure_cell(f)) for f in shown)])
    lines += columns(rows, right=tuple(range(1, len(names)))) if money.years else []
    final = _final_year(money)
    if final is not None:
        lines.append(final)
    if money.interventions:
        lines.append(Text(f"{INDENT}savings by intervention, change per year"))
        lines += [Text(INDENT).append_text(line) for line in intervention_rows(money)]
    return _section(f"Finance ({one_line(money.unit)})", lines)


def intervention_years(money: FinanceDiff) -> list[str]:
    years = [row.year for row in money.years]
    extra = [year for item in money.interventions for year, _ in item.years if year not in years]
    return years + list(dict.fromkeys(extra))


def intervention_rows(money: FinanceDiff) -> list[Text]:
    years = intervention_years(money)
    rows = [[Text("intervention"), Text(""), *(Text(one_line(year)) for year in years)]]
    for item in money.interventions:
        by_year = dict(item.years)
        cells = [Text(savings_change(by_year.get(year))) for year in years]
        rows.append([Text(one_line(item.name)), Text(item.change), *cells])
    return columns(rows, right=tuple(range(2, 2 + len(years))))


def _finding_line(path: str, finding: Finding) -> Text:
    line = Text(INDENT * 2)
    line.append(f"{one_line(path)}:{finding.line}:{finding.column}", style="bold")
    line.append("  ")
    line.append(f"{finding.severity.value:<7}", style=SEVERITY_STYLE[finding.severity])
    line.append(f"  {finding.rule}  ")
    line.append(one_line(finding.message))
    return line


def findings(diff: PlanDiff) -> list[RenderableType]:
    found = diff.findings
    if not found:
        return []
    lines = []
    if found.new:
        lines.append(Text(f"{INDENT}new (lines in {one_line(diff.new_path)})"))
        lines += [_finding_line(diff.new_path, f) for f in found.new]
    if found.resolved:
        lines.append(Text(f"{INDENT}resolved (lines in {one_line(diff.old_path)})"))
        lines += [_finding_line(diff.old_path, f) for f in found.resolved]
    title = (
        f"Findings: {len(found.new)} new, {len(found.resolved)} resolved,"
        f" {found.still_present} still present"
    )
    return _section(title, lines)


def organisations(diff: PlanDiff) -> list[RenderableType]:
    orgs = diff.organisations
    rows = [
        [Text("added"), Text(one_line(o.code)), Text(one_line(o.name))] for o in orgs.added[:LISTED]
    ]
    rows += [
        [Text("removed"), Text(one_line(o.code)), Text(one_line(o.name))]
        for o in orgs.removed[:LISTED]
    ]
    rows += [
        [
            Text("board sign-off"),
            Text(one_line(s.code)),
            Text(f"{one_line(s.name)}: {optional(s.old)}{ARROW}{optional(s.new)}"),
        ]
        for s in orgs.signed_off[:LISTED]
    ]
    if orgs.roadmap_added:
        rows.append([Text("digital roadmap added"), Text(_codes(orgs.roadmap_added))])
    if orgs.roadmap_removed:
        rows.append([Text("digital roadmap removed"), Text(_codes(orgs.roadmap_removed))])
    # Rows of two cells (roadmap) are padded so zip() in columns() sees every column.
    width = max((len(row) for row in rows), default=0)
    rows = [row + [Text("")] * (width - len(row)) for row in rows]
    lines = columns(rows)
    unlisted = sum(
        max(len(group) - LISTED, 0) for group in (orgs.added, orgs.removed, orgs.signed_off)
    )
    if unlisted:
        lines.append(not_listed(unlisted, "organisation changes"))
    return _section("Organisations", lines)


def _codes(codes: list[str]) -> str:
    shown = ", ".join(codes[:LISTED])
    more = f" … and {len(codes) - LISTED:,} more" if len(codes) > LISTED else ""
    return one_line(shown) + more


def render(diff: PlanDiff) -> RenderableType:
    parts = header(diff)
    if not diff.changed:
        parts.append(Text("No changes between the two versions.", style="green"))
        return Group(*parts)
    for section in (details, questions, actions, finance, findings, organisations):
        parts.extend(section(diff))
    return Group(*parts)
