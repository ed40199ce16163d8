"""The board report as Markdown and as one self-contained HTML page.

The human formats speak board language (issue 13): no line numbers, rule
IDs or file paths in the body, statuses and dates in words, the findings as
"What must be fixed before submission" and "What to watch", each in the part
of the plan it is about.  The appendix "For the plan's editors" keeps the
plan file, the rules and the lines (``appendix=False`` drops it).  The
protective marking (``marking``; DRAFT for a draft) heads every page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stpctl import __version__
from stpctl.documents.board_words import date_words, long_date, plain_reason, status_words
from stpctl.documents.checklist import GROUPS
from stpctl.documents.checklist_findings import section_for
from stpctl.documents.marking import marking as header_marking
from stpctl.documents.report import Lead, Report
from stpctl.documents.report_actions import ActionRow
from stpctl.documents.report_finance import FUND_INTERVENTIONS, Finance, FinanceYear
from stpctl.documents.report_findings import board_text
from stpctl.plan.finance_bridge import is_positive
from stpctl.records.finding import Finding
from stpctl.render import finance_chart
from stpctl.render.checklist import code_spans
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
    """The bridge table's rows (years are columns), amounts formatted: the
    Fund's rows only for a plan that counts on the Fund, the control totals
    only for a plan that gives them, the Fund at risk only when the plan
    shows a condition missed."""
    years = finance.years
    rows = [FinanceRow("Do-nothing gap", tuple(given(y.gap, y.unreadable) for y in years))]
    for index, kind in enumerate(finance.kinds):
        cells = tuple(given(y.savings[index], y.unreadable) for y in years)
        rows.append(FinanceRow(f"{MINUS} {finance.label(kind)}", cells))
    rows.append(FinanceRow("Total savings", tuple(worked_out(y.savings_total) for y in years)))
    if finance.counts_on_fund:
        cells = tuple(given(y.fund, y.unreadable) for y in years)
        rows.append(FinanceRow(f"{MINUS} Fund income", cells))
    residual = tuple(f"**{worked_out(y.residual)}**" for y in years)
    rows.append(FinanceRow("Residual", residual, bold=True))
    if finance.counts_on_fund:
        without = tuple(worked_out(y.without_fund) for y in years)
        rows.append(FinanceRow("Residual without the Fund", without))
        rows.append(
            FinanceRow("Depends on the Fund", tuple(worked_out(y.fund_reliance) for y in years))
        )
    if finance.has_control_totals:
        totals = tuple(worked_out(y.control_total) for y in years)
        rows.append(FinanceRow("NHS control totals (sum)", totals))
    if finance.at_risk_years:
        rows.append(
            FinanceRow("Fund income at risk", tuple(worked_out(y.fund_at_risk) for y in years))
        )
        lost = tuple(worked_out(y.residual_if_lost) for y in years)
        rows.append(FinanceRow("Residual if it is lost", lost))
    rows.append(FinanceRow("Closes?", tuple(closes_text(y) for y in years)))
    return rows


def deficit_text(finance: Finance) -> str:
    """``5 of 5 (2016/17, …)``, ``none of 5``; years not worked out are named."""
    total = len(finance.years)
    short = finance.years_in_deficit
    text = f"{len(short)} of {total} ({', '.join(short)})" if short else f"none of {total}"
    unknown = finance.unknown_years
    if unknown:
        text += f"; not worked out: {', '.join(unknown)}"
    return text


def conditions_text(finance: Finance) -> str:
    """The Fund's conditions from the shipped data: ``70% on the control total,
    12.5% on …  and 5% on …``."""
    parts = [f"{share:g}% on {what}" for what, share in finance.fund_conditions]
    if len(parts) < 2:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def at_risk_text(year: FinanceYear) -> str:
    """One year's Fund income at risk, as a sentence."""
    missed = " and ".join(year.conditions_missed)
    lost = year.residual_if_lost
    after = (
        f"without it the year is {finance_chart.amount_text(lost)} short"
        if lost is not None and is_positive(lost)
        else "the year still closes without it"
    )
    return (
        f"In {year.year} the plan shows {missed} missed: {year.fund_at_risk_share:g}% of the Fund"
        f" income, {worked_out(year.fund_at_risk)}, is at risk, and {after}."
    )


def question_titles(report: Report) -> dict[str, str]:
    return {q.key: q.title for q in report.questions}


def part_of_plan(report: Report, finding: Finding) -> str:
    """The part of the plan a finding is about, in words: a question's title,
    or a part such as "Finance" or "Footprint, period and submission"."""
    titles = question_titles(report)
    key = section_for(finding.pointer, set(titles))
    return titles.get(key) or dict(GROUPS).get(key, key)


def board_message(report: Report, finding: Finding) -> str:
    """A finding's message for the board, question keys as their titles."""
    return board_text(finding, question_titles(report))


def plain_text(text: str) -> str:
    """Text with its code spans' backticks dropped (Markdown for a board)."""
    return "".join(part for part, _ in code_spans(text))


def _values(report: Report, pack_name: str, marking: str | None, appendix: bool) -> dict[str, Any]:
    fp = report.footprint
    return {
        "report": report,
        "marking": header_marking(marking, fp.submission_status if fp else None),
        "appendix": appendix,
        "long_date": long_date,
        "date_words": date_words,
        "status_words": status_words,
        "still_needed": lambda q: "; ".join(plain_reason(r) for r in q.missing),
        "part": lambda finding: part_of_plan(report, finding),
        "board_message": lambda finding: board_message(report, finding),
        "plain": plain_text,
        "spans": code_spans,
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
        "deficit": deficit_text,
        "conditions": conditions_text,
        "at_risk": at_risk_text,
        "fund_interventions": FUND_INTERVENTIONS,
    }


def markdown(
    report: Report, pack_name: str, marking: str | None = None, appendix: bool = True
) -> str:
    finance = report.finance
    return render_template(
        "report.md.j2",
        mark=MARKS,
        finance_rows=finance_rows(finance) if finance else [],
        bars=finance_chart.text_chart(finance) if finance else None,
        **_values(report, pack_name, marking, appendix),
    )


def html(report: Report, pack_name: str, marking: str | None = None, appendix: bool = True) -> str:
    finance = report.finance
    return render_template(
        "report.html.j2",
        chart=finance_chart.layout(finance) if finance else None,
        **_values(report, pack_name, marking, appendix),
    )
