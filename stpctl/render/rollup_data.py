"""The roll-up as JSON and as CSV (for Excel: see ``render/spreadsheet.py``)."""

from __future__ import annotations

import json
from typing import Any

from stpctl import __version__
from stpctl.documents.report import STATUS_ORDER
from stpctl.documents.rollup import FootprintRow, Rollup
from stpctl.render.report_json import amount
from stpctl.render.spreadsheet import csv_bytes


def _residual(row: FootprintRow) -> float | None:
    return amount(row.final_residual) if row.final_residual is not None else None


def _maybe(value: float | None) -> float | None:
    return amount(value) if value is not None else None


def document(rollup: Rollup, pack_name: str) -> dict[str, Any]:
    return {
        "tool": {"name": "stpctl", "version": __version__},
        "report": "rollup",
        "as_of": rollup.as_of.isoformat(),
        "guidance": pack_name,
        "questions": [key for key, _ in rollup.questions],
        "footprints": [
            {
                "path": row.path,
                "code": row.code,
                "name": row.name,
                "submission_status": row.submission_status,
                "counts": row.counts,
                "completeness_percent": row.percent,
                "final_year": row.final_year,
                "final_residual": _residual(row),
                "unit": row.unit,
                "years_in_deficit": list(row.years_in_deficit),
                "years_not_worked_out": list(row.years_unknown),
                "final_fund_income": _maybe(row.final_fund),
                "final_depends_on_fund": _maybe(row.final_fund_reliance),
                "questions": row.statuses,
                "findings": {"error": row.errors, "warning": row.warnings, "info": row.infos},
            }
            for row in rollup.rows
        ],
        "not_loaded": [
            {"path": item.path, "errors": item.errors, "message": item.message}
            for item in rollup.not_loaded
        ],
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
        },
    }


def render_json(rollup: Rollup, pack_name: str) -> str:
    return (
        json.dumps(document(rollup, pack_name), indent=2, ensure_ascii=False, allow_nan=False)
        + "\n"
    )


def render_csv(rollup: Rollup) -> bytes:
    """One row per plan, then one per file not read (``loaded`` = no); the
    last ten columns are each question's status."""
    keys = [key for key, _ in rollup.questions]
    header = [
        "code",
        "name",
        "path",
        "loaded",
        "submission_status",
        *STATUS_ORDER,
        "completeness_percent",
        "final_year",
        "final_residual",
        "unit",
        "years_in_deficit",
        "deficit_years",
        "final_fund_income",
        "final_depends_on_fund",
        "errors",
        "warnings",
        "info",
        *keys,
    ]
    rows: list[list[object]] = []
    for row in rollup.rows:
        rows.append(
            [
                row.code,
                row.name,
                row.path,
                True,
                row.submission_status,
                *(row.counts[status] for status in STATUS_ORDER),
                row.percent,
                row.final_year,
                _residual(row),
                row.unit,
                len(row.years_in_deficit) if row.bridge_years else None,
                "; ".join(row.years_in_deficit),
                _maybe(row.final_fund),
                _maybe(row.final_fund_reliance),
                row.errors,
                row.warnings,
                row.infos,
                *(row.statuses.get(key) for key in keys),
            ]
        )
    blank = [None] * len(STATUS_ORDER)
    for item in rollup.not_loaded:
        cells: list[object] = [None, None, item.path, False, None, *blank, None, None, None, None]
        cells += [None] * 4  # years in deficit, deficit years, final Fund income, depends on it
        rows.append([*cells, item.errors, None, None, *([None] * len(keys))])
    return csv_bytes(header, rows)
