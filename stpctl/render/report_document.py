"""The board report as Markdown and as one self-contained HTML page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stpctl import __version__
from stpctl.documents.report import Lead, Report
from stpctl.documents.report_actions import ActionRow
from stpctl.documents.report_finance import Finance, FinanceYear
from stpctl.render import finance_chart
from stpctl.render.templating import render_template

# A true minus sign before each kind of saving: the rows read as a subtraction.
MINUS = "\u2212"
# Colour for Markdown, where styles do not survive: a coloured square beside
# the word (the word alone carries the meaning).
MARKS = {"red": "🟥", "amber": "🟧", "green": "🟩", "grey": "⬜"}


@dataclass(frozen=True)
class FinanceRow:
    label: str
    cells: tuple[str, ...]
    bold: bool = False


def lead_text(lead: Lead | None) -> str:
    """``Name, role (organisation)``, with whatever parts the plan gives."""
    if lead is None:
        return "—"
    who = ", ".join(part for part in (lead.name, lead.role) if part)
    if lead.organisation:
        who = f"{who} ({lead.organisation})" if who else lead.organisation
    return who or "—"


def number_text(value: float | None) -> str:
    """A measure's baseline or target as written: no trailing ``.0``."""
    return "—" if value is None else format(value + 0.0, ",.10g")


def action_text(action: ActionRow) -> str:
    parts = [part for part in (action.ident, action.title) if part]
    return ": ".join(parts) if parts else f"(untitled action at line {action.line})"


def given(value: float | None, unreadable: bool = False) -> str:
    """A figure the plan should give: ``missing`` when it does not, and ``not
    computed`` in a year with a figure that is not a number."""
    if value is None:
        return "not computed" if unreadable else "missing"
    return finance_chart.amount_text(value)


def worked_out(value: float | None) -> str:
    """A figure worked out from others: a dash when one of them is missing."""
    return "—" if value is None else finance_chart.amount_text(value)


def closes_text(year: FinanceYear) -> str:
    if not year.known:
        return "unknown"
    return "yes" if year.closed else "no"


def finance_rows(finance: Finance) -> list[FinanceRow]:
    """The bridge table's rows (years are columns), amounts formatted."""
    rows = [FinanceRow("Do-nothing gap", tuple(given(y.gap, y.unreadable) for y in finance.years))]
    for index, kind in enumerate(finance.kinds):
        cells = tuple(given(y.savings[index], y.unreadable) for y in finance.years)
        rows.append(FinanceRow(f"{MINUS} {finance.label(kind)}", cells))
    totals = tuple(worked_out(y.savings_total) for y in finance.years)
    rows.append(FinanceRow("Total savings", totals))
    residual = tuple(f"**{worked_out(y.residual)}**" for y in finance.years)
    rows.append(FinanceRow("Residual", residual, bold=True))
    rows.append(FinanceRow("Closes?", tuple(closes_text(y) for y in finance.years)))
    return rows


def _values(report: Report, pack_name: str) -> dict[str, Any]:
    return {
        "report": report,
        "pack_name": pack_name,
        "version": __version__,
        "money": finance_chart.amount_text,
        "given": given,
        "worked_out": worked_out,
        "closes": closes_text,
        "number": number_text,
        "lead": lead_text,
        "action": action_text,
        "residual_label": finance_chart.residual_label,
    }


def markdown(report: Report, pack_name: str) -> str:
    finance = report.finance
    return render_template(
        "report.md.j2",
        mark=MARKS,
        finance_rows=finance_rows(finance) if finance else [],
        bars=finance_chart.text_chart(finance) if finance else None,
        **_values(report, pack_name),
    )


def html(report: Report, pack_name: str) -> str:
    finance = report.finance
    return render_template(
        "report.html.j2",
        chart=finance_chart.layout(finance) if finance else None,
        **_values(report, pack_name),
    )
