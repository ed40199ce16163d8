"""The board report as JSON: the same content as the Markdown and HTML.

Amounts are numbers in the plan's finance unit, rounded to six decimals so
that floating-point noise (0.1 + 0.2) never reaches the file, and ``null``
where a figure is missing or is not a number (a year with such a figure has
``residual`` and ``closed`` null, never a guess); dates are ISO text.  No
number is ever infinite or NaN (the loader keeps such values as text), so
the file is strict JSON.  Keys are in a fixed order, so the file is
byte-identical across runs.
"""

from __future__ import annotations

import json
from typing import Any

from stpctl import __version__
from stpctl.documents.report import Footprint, Measure, Report
from stpctl.documents.report_actions import ActionRow
from stpctl.documents.report_finance import Finance
from stpctl.render.json_report import finding_dict

PLACES = 6


def amount(value: float) -> float:
    return round(value, PLACES) + 0.0


def maybe(value: float | None) -> float | None:
    """An amount, or ``null`` for a figure the plan does not give."""
    return None if value is None else amount(value)


def document(report: Report, pack_name: str) -> dict[str, Any]:
    return {
        "tool": {"name": "stpctl", "version": __version__},
        "report": "board",
        "path": report.path,
        "as_of": report.as_of.isoformat(),
        "guidance": pack_name,
        "loaded": report.loaded,
        "footprint": _footprint(report.footprint) if report.footprint else None,
        "completeness": (
            {
                "done": report.completeness.done,
                "total": report.completeness.total,
                "percent": report.completeness.percent,
                "counts": report.completeness.counts,
            }
            if report.completeness
            else None
        ),
        "questions": [
            {
                "key": q.key,
                "title": q.title,
                "status": q.status,
                "rag": q.rag,
                "owner": q.owner,
                "missing": list(q.missing),
                "line": q.line,
            }
            for q in report.questions
        ],
        "triple_aim": [
            {
                "key": g.key,
                "title": g.title,
                "status": g.status,
                "rag": g.rag,
                "gap": g.text,
                "measures": [_measure(m) for m in g.measures],
                "line": g.line,
            }
            for g in report.triple_aim
        ],
        "submission_history": [
            {
                "date": h.date,
                "version": h.version,
                "status": h.status,
                "note": h.note,
                "line": h.line,
            }
            for h in report.history
        ],
        "finance": _finance(report.finance) if report.finance else None,
        "actions": {
            "milestones": [
                {
                    "id": m.ident,
                    "title": m.title,
                    "question": m.question_title,
                    "owner": m.owner,
                    "due": m.due,
                    "status": m.status,
                    "line": m.line,
                }
                for m in report.milestones
            ],
            "upcoming_days": report.upcoming_days,
            "overdue": [_action(a, "days_overdue") for a in report.overdue],
            "upcoming": [_action(a, "days_until_due") for a in report.upcoming],
        },
        "findings": {
            "counts": report.counts,
            "items": [finding_dict(f) for f in report.findings],
        },
    }


def render(report: Report, pack_name: str) -> str:
    return (
        json.dumps(document(report, pack_name), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def _footprint(fp: Footprint) -> dict[str, Any]:
    lead = fp.lead
    return {
        "name": fp.name,
        "code": fp.code,
        "region": fp.region,
        "population": fp.population,
        "lead": (
            {"name": lead.name, "role": lead.role, "organisation": lead.organisation}
            if lead
            else None
        ),
        "submission": {
            "status": fp.submission_status,
            "version": fp.version,
            "deadline": fp.deadline,
        },
    }


def _measure(measure: Measure) -> dict[str, Any]:
    return {
        "name": measure.name,
        "unit": measure.unit,
        "baseline": measure.baseline,
        "target": measure.target,
        "by": measure.by,
    }


def _finance(finance: Finance) -> dict[str, Any]:
    final = finance.final
    return {
        "unit": finance.unit,
        "kinds": list(finance.kinds),
        "years": [
            {
                "year": year.year,
                "do_nothing_gap": maybe(year.gap),
                "savings_by_kind": {
                    kind: maybe(saved)
                    for kind, saved in zip(finance.kinds, year.savings, strict=True)
                },
                "savings_total": maybe(year.savings_total),
                "fund_income": maybe(year.fund),
                "residual": maybe(year.residual),
                "closed": year.closed if year.known else None,
                "residual_without_fund": maybe(year.without_fund),
                "depends_on_fund": maybe(year.fund_reliance),
                "control_totals": maybe(year.control_total),
                "fund_at_risk": maybe(year.fund_at_risk),
                "residual_if_fund_at_risk_lost": maybe(year.residual_if_lost),
                "fund_conditions_missed": list(year.conditions_missed),
            }
            for year in finance.years
        ],
        "final_year": final.year if final else None,
        "final_residual": maybe(final.residual) if final else None,
        "balanced": final.closed if final and final.known else None,
        "years_in_deficit": list(finance.years_in_deficit),
        "fund_income_from": finance.fund_from,
        "fund_conditions": [
            {"condition": what, "share": share} for what, share in finance.fund_conditions
        ],
    }


def _action(action: ActionRow, days_key: str) -> dict[str, Any]:
    return {
        "id": action.ident,
        "title": action.title,
        "owner": action.owner,
        "due": action.due.isoformat(),
        days_key: action.days,
        "question": action.question,
        "pointer": action.pointer,
        "line": action.line,
    }
