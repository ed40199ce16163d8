"""The roll-up as Markdown and as one self-contained HTML page (A4 landscape)."""

from __future__ import annotations

from typing import Any

from stpctl import __version__
from stpctl.documents.report import RAG, STATUS_WORDS
from stpctl.documents.rollup import FootprintRow, Rollup
from stpctl.plan.finance_bridge import DEFAULT_UNIT, is_positive
from stpctl.render.finance_chart import amount_text
from stpctl.render.report_document import MARKS
from stpctl.render.templating import render_template

# One letter per status for the footprint-by-question matrix (an en dash for
# not applicable).
LETTERS = {"red": "R", "amber": "A", "green": "G", "grey": "\u2013"}


def residual_text(row: FootprintRow) -> tuple[str, str | None]:
    """The final-year residual, and its unit only when it is not the usual one
    (the unit is plan text, escaped by the template)."""
    if row.final_residual is None:
        # A final year without a residual has a figure missing: say so, not "—".
        return ("unknown" if row.final_year else "—"), None
    unusual = row.unit if row.unit not in (None, DEFAULT_UNIT) else None
    return amount_text(row.final_residual), unusual


def deficit_text(row: FootprintRow) -> str:
    """``2 of 5``, with the years not worked out: ``2 of 5 (1 unknown)``; a dash
    without a bridge."""
    if not row.bridge_years:
        return "—"
    text = f"{len(row.years_in_deficit)} of {row.bridge_years}"
    return text + (f" ({len(row.years_unknown)} unknown)" if row.years_unknown else "")


def fund_text(row: FootprintRow) -> str:
    """How much of the final year's balance depends on the Fund: an amount,
    ``none`` for a plan without Fund income, ``unknown`` when it cannot be
    worked out, a dash without a bridge."""
    if not row.final_year:
        return "—"
    if row.final_fund_reliance is None:
        return "unknown"
    if row.final_fund == 0:
        return "none"
    return amount_text(row.final_fund_reliance)


def plans_heading(rollup: Rollup) -> str:
    """``5 plans (3 footprints)``: plans and footprints are not the same count."""
    plans = len(rollup.rows)
    footprints = rollup.footprint_count()
    parts = [f"{footprints} footprint{'' if footprints == 1 else 's'}"]
    if rollup.uncoded():
        parts.append(f"{rollup.uncoded()} without a footprint code")
    return f"{plans} plan{'' if plans == 1 else 's'} ({', '.join(parts)})"


def _values(rollup: Rollup, pack_name: str) -> dict[str, Any]:
    return {
        "rollup": rollup,
        "pack_name": pack_name,
        "version": __version__,
        "rag": RAG,
        "words": STATUS_WORDS,
        "letters": LETTERS,
        "residual": residual_text,
        "deficit": deficit_text,
        "fund": fund_text,
        "plans_heading": plans_heading,
        "short": lambda row: row.final_residual is not None and is_positive(row.final_residual),
    }


def markdown(rollup: Rollup, pack_name: str) -> str:
    return render_template("rollup.md.j2", mark=MARKS, **_values(rollup, pack_name))


def html(rollup: Rollup, pack_name: str) -> str:
    return render_template("rollup.html.j2", **_values(rollup, pack_name))
