"""The roll-up as JSON and as CSV (for Excel: see ``render/spreadsheet.py``).

The JSON keeps every plan's path and the machine detail of its top finding
(rule, pointer, line); the human formats show the file name and board words.

The CSV is one table: a ``record`` column says what each row is (``plan``,
``not read``, ``no plan`` for a registered footprint no plan names,
``region`` for a region's subtotal, ``total`` for the country's), so a
spreadsheet can filter on it; columns a record does not use are empty.
"""

from __future__ import annotations

import json
from typing import Any

from stpctl import __version__
from stpctl.documents.report import STATUS_ORDER
from stpctl.documents.rollup import FootprintRow, Rollup
from stpctl.documents.rollup_totals import (
    RAG_ORDER,
    SUBMISSION_STATUSES,
    Totals,
    regions,
    totals,
    without_plan,
)
from stpctl.render.report_json import amount
from stpctl.render.spreadsheet import csv_bytes

BALANCE = {True: "in balance", False: "out of balance", None: "not known"}


def _residual(row: FootprintRow) -> float | None:
    return amount(row.final_residual) if row.final_residual is not None else None


def _maybe(value: float | None) -> float | None:
    return amount(value) if value is not None else None


def _totals(figures: Totals) -> dict[str, Any]:
    return {
        "plans": figures.plans,
        "footprints": figures.footprints,
        "plans_without_code": figures.without_code,
        "by_status": figures.by_status,
        "in_balance": figures.in_balance,
        "out_of_balance": figures.out_of_balance,
        "balance_not_known": figures.balance_not_known,
        "final_residual": _maybe(figures.final_residual),
        "out_of_balance_by": amount(figures.out_of_balance_by),
        "plans_in_another_unit": figures.other_unit,
        "questions": figures.questions,
        "registered_footprints": figures.registered,
        "footprints_without_plan": figures.without_plan,
    }


def _top(row: FootprintRow) -> dict[str, Any] | None:
    top = row.top
    if top is None:
        return None
    return {
        "severity": top.severity.value,
        "rule": top.rule,
        "text": top.text,
        "message": top.message,
        "pointer": top.pointer,
        "line": top.line,
    }


def document(rollup: Rollup, pack_name: str) -> dict[str, Any]:
    return {
        "tool": {"name": "stpctl", "version": __version__},
        "report": "rollup",
        "as_of": rollup.as_of.isoformat(),
        "guidance": pack_name,
        "sort": rollup.order,
        "questions": [key for key, _ in rollup.questions],
        "footprints": [
            {
                "path": row.path,
                "file": row.file_name,
                "code": row.code,
                "footprint_code": row.footprint_code,
                "name": row.name,
                "region": row.region,
                "submission_status": row.submission_status,
                "counts": row.counts,
                "completeness_percent": row.percent,
                "final_year": row.final_year,
                "final_residual": _residual(row),
                "in_balance": row.in_balance,
                "unit": row.unit,
                "years_in_deficit": list(row.years_in_deficit),
                "years_not_worked_out": list(row.years_unknown),
                "final_fund_income": _maybe(row.final_fund),
                "final_depends_on_fund": _maybe(row.final_fund_reliance),
                "questions": row.statuses,
                "rag": row.rag,
                "finance_findings_rag": row.finance_rag,
                "findings": {"error": row.errors, "warning": row.warnings, "info": row.infos},
                "top_finding": _top(row),
            }
            for row in rollup.rows
        ],
        "not_loaded": [
            {"path": item.path, "errors": item.errors, "message": item.message}
            for item in rollup.not_loaded
        ],
        "without_plan": [
            {
                "code": item.code,
                "name": item.name,
                "region": item.region,
                "old_codes": list(item.old_codes),
            }
            for item in without_plan(rollup)
        ],
        "totals": _totals(totals(rollup)),
        "regions": [{"region": item.region, **_totals(item.totals)} for item in regions(rollup)],
        "summary": {
            "plans": len(rollup.rows),
            "footprints": rollup.footprint_count(),
            "plans_without_code": rollup.uncoded(),
            "shared_codes": [
                {"code": code, "paths": list(paths)} for code, paths in rollup.shared_codes()
            ],
            "not_loaded": len(rollup.not_loaded),
            "plans_with_a_year_in_deficit": rollup.in_deficit(),
            "questions_over_plans": rollup.totals(),
            "unanswered_by_question": {key: rollup.red_count(key) for key, _ in rollup.questions},
            "red_by_question": {key: rollup.red_cells(key) for key, _ in rollup.questions},
        },
    }


def render_json(rollup: Rollup, pack_name: str) -> str:
    return (
        json.dumps(document(rollup, pack_name), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


PLAN_COLUMNS = [
    "record",
    "code",
    "footprint_code",
    "name",
    "region",
    "file",
    "path",
    "loaded",
    "submission_status",
    *STATUS_ORDER,
    "completeness_percent",
    "final_year",
    "final_residual",
    "balance",
    "unit",
    "years_in_deficit",
    "deficit_years",
    "final_fund_income",
    "final_depends_on_fund",
    "financial_balance_rag",
    "errors",
    "warnings",
    "info",
    "top_finding_severity",
    "top_finding_rule",
    "top_finding",
]
# Counts for a region's or the country's row (and a plan's own RAG cells).
TOTAL_COLUMNS = [
    "plans",
    "footprints",
    "without_plan",
    *SUBMISSION_STATUSES,
    "in_balance",
    "out_of_balance",
    "balance_not_known",
    *RAG_ORDER,
]


def render_csv(rollup: Rollup) -> bytes:
    """Plans, files not read, footprints without a plan, the regions and the
    country (see the module's notes); the question statuses come last."""
    keys = [key for key, _ in rollup.questions]
    header = [*PLAN_COLUMNS, *TOTAL_COLUMNS, *keys]
    rows: list[list[object]] = []
    for row in rollup.rows:
        top = row.top
        cells: dict[str, object] = {
            "record": "plan",
            "code": row.code,
            "footprint_code": row.footprint_code,
            "name": row.name,
            "region": row.region,
            "file": row.file_name,
            "path": row.path,
            "loaded": True,
            "submission_status": row.submission_status,
            **{status: row.counts[status] for status in STATUS_ORDER},
            "completeness_percent": row.percent,
            "final_year": row.final_year,
            "final_residual": _residual(row),
            "balance": BALANCE[row.in_balance],
            "unit": row.unit,
            "years_in_deficit": len(row.years_in_deficit) if row.bridge_years else None,
            "deficit_years": "; ".join(row.years_in_deficit),
            "final_fund_income": _maybe(row.final_fund),
            "final_depends_on_fund": _maybe(row.final_fund_reliance),
            "financial_balance_rag": row.rag.get("financial_balance"),
            "errors": row.errors,
            "warnings": row.warnings,
            "info": row.infos,
            "top_finding_severity": top.severity.value if top else None,
            "top_finding_rule": top.rule if top else None,
            "top_finding": top.text if top else None,
            **{colour: list(row.rag.values()).count(colour) for colour in RAG_ORDER},
            **row.statuses,
        }
        rows.append([cells.get(column) for column in header])
    for item in rollup.not_loaded:
        lost = {"record": "not read", "path": item.path, "loaded": False, "errors": item.errors}
        lost["file"] = item.path.replace("\\", "/").rsplit("/", 1)[-1]
        lost["top_finding"] = item.message
        rows.append([lost.get(column) for column in header])
    for missing in without_plan(rollup):
        cells = {"record": "no plan", "code": missing.code, "footprint_code": missing.code}
        cells.update(name=missing.name, region=missing.region)
        rows.append([cells.get(column) for column in header])
    for name, figures in [(item.region, item.totals) for item in regions(rollup)] + [
        (None, totals(rollup))
    ]:
        cells = {"record": "region" if name else "total", "region": name}
        cells.update(_total_cells(figures))
        rows.append([cells.get(column) for column in header])
    return csv_bytes(header, rows)


def _total_cells(figures: Totals) -> dict[str, object]:
    return {
        "plans": figures.plans,
        "footprints": figures.footprints,
        "without_plan": figures.without_plan,
        **figures.by_status,
        "in_balance": figures.in_balance,
        "out_of_balance": figures.out_of_balance,
        "balance_not_known": figures.balance_not_known,
        "final_residual": _maybe(figures.final_residual),
        **figures.questions,
    }
