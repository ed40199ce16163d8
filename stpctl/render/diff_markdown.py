"""Markdown output of ``stpctl diff``, from ``templates/diff.md.j2``.

The template receives the ``PlanDiff`` and the figures already formatted
here (numbers are stpctl's own text); every value that comes from a plan or
a guidance pack goes through the template's ``| md`` filter.
"""

from __future__ import annotations

from typing import Any

from stpctl.documents.plan_diff import PlanDiff
from stpctl.render.diff_text import (
    BALANCE,
    LISTED,
    amount,
    intervention_years,
    moved,
    savings_change,
    signed,
)
from stpctl.render.templating import render_template


def _figures(value: Any) -> list[str]:
    change = value.change
    return [amount(value.old), amount(value.new), "" if change is None else signed(change)]


def render(diff: PlanDiff) -> str:
    money = diff.finance
    years = intervention_years(money)
    fund = money.has_fund
    finance_rows = [
        [
            row.year,
            *_figures(row.gap),
            *_figures(row.savings),
            *(_figures(row.fund) if fund else []),
            *_figures(row.residual),
        ]
        for row in money.years
    ]
    interventions = [
        (item.name, item.change, [savings_change(dict(item.years).get(year)) for year in years])
        for item in money.interventions
    ]
    final = money.final
    final_line = None
    if final is not None and money.balance is not None:
        old, new, change = _figures(final.residual)
        final_line = {
            "year": final.year,
            "old": old,
            "new": new,
            "change": change,
            "verdict": BALANCE[money.balance][0],
        }
    slips = [
        (change, moved(change)) for change in [*diff.actions.slipped, *diff.actions.brought_forward]
    ]
    return render_template(
        "diff.md.j2",
        diff=diff,
        listed=LISTED,
        more=_more,
        more_inline=_more_inline,
        label=_label(diff.footprint),
        finance_rows=finance_rows,
        fund=fund,
        final=final_line,
        years=years,
        interventions=interventions,
        slips=slips,
    )


def _more(rows: list[Any], what: str) -> str:
    """After a table cut at ``LISTED`` rows: a paragraph counting the rest."""
    if len(rows) <= LISTED:
        return ""
    return f"\n… and {len(rows) - LISTED:,} more {what}; `--format json` lists them all.\n"


def _more_inline(codes: list[str]) -> str:
    return f" … and {len(codes) - LISTED:,} more" if len(codes) > LISTED else ""


def _label(footprint: dict[str, str]) -> str:
    name, code = footprint.get("name", ""), footprint.get("code", "")
    return f"{name} ({code})" if name and code else name or code or "plan"
