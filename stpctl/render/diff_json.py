"""JSON output of ``stpctl diff``: the whole ``PlanDiff``, keys in a fixed
order, every list in the order the model gives (pack, file or year order),
amounts rounded to six decimals, so equal inputs give equal bytes."""

from __future__ import annotations

import json
from typing import Any

from stpctl import __version__
from stpctl.documents.diff_actions import Action, ActionChange
from stpctl.documents.diff_finance import Figure
from stpctl.documents.plan_diff import PlanDiff
from stpctl.render.json_report import finding_dict


def _action(action: Action) -> dict[str, Any]:
    return {
        "id": action.id,
        "question": action.question,
        "title": action.title,
        "owner": action.owner,
        "due": action.due,
        "status": action.status,
        "pointer": action.pointer,
    }


def _change(change: ActionChange) -> dict[str, Any]:
    return {
        **_action(change.new),
        "old_status": change.old.status,
        "old_due": change.old.due,
        "days_moved": change.days_moved,
    }


def _figure(figure: Figure) -> dict[str, Any]:
    return {"old": figure.old, "new": figure.new, "change": figure.change}


def document(diff: PlanDiff) -> dict[str, Any]:
    actions, finance, orgs = diff.actions, diff.finance, diff.organisations
    final = finance.final
    return {
        "tool": {"name": "stpctl", "version": __version__},
        "as_of": diff.as_of.isoformat(),
        "old": diff.old_path,
        "new": diff.new_path,
        "footprint": {
            key: diff.footprint[key] for key in ("name", "code") if key in diff.footprint
        },
        "changed": diff.changed,
        "plan": [{"field": c.field, "old": c.old, "new": c.new} for c in diff.details],
        "questions": [{"key": q.key, "old": q.old, "new": q.new} for q in diff.questions],
        "answers_rewritten": list(diff.answers_rewritten),
        "actions": {
            "added": [_action(a) for a in actions.added],
            "removed": [_action(a) for a in actions.removed],
            "closed": [_change(c) for c in actions.closed],
            "reopened": [_change(c) for c in actions.reopened],
            "slipped": [_change(c) for c in actions.slipped],
            "brought_forward": [_change(c) for c in actions.brought_forward],
        },
        "finance": {
            "unit": finance.unit,
            "old_unit": finance.unit_change.old if finance.unit_change else finance.unit,
            "years": [
                {
                    "year": row.year,
                    "do_nothing_gap": _figure(row.gap),
                    "savings": _figure(row.savings),
                    "fund_income": _figure(row.fund),
                    "residual": _figure(row.residual),
                }
                for row in finance.years
            ],
            "final_year": None
            if final is None
            else {
                "year": final.year,
                "residual": _figure(final.residual),
                "balance": finance.balance,
            },
            "interventions": [
                {
                    "name": item.name,
                    "change": item.change,
                    "savings": [{"year": year, **_figure(f)} for year, f in item.years],
                }
                for item in finance.interventions
            ],
        },
        "findings": {
            "new": [finding_dict(f) for f in diff.findings.new],
            "resolved": [finding_dict(f) for f in diff.findings.resolved],
            "still_present": diff.findings.still_present,
        },
        "organisations": {
            "added": [{"code": o.code, "name": o.name} for o in orgs.added],
            "removed": [{"code": o.code, "name": o.name} for o in orgs.removed],
            "board_sign_off": [
                {"code": s.code, "name": s.name, "old": s.old, "new": s.new}
                for s in orgs.signed_off
            ],
            "digital_roadmap_added": list(orgs.roadmap_added),
            "digital_roadmap_removed": list(orgs.roadmap_removed),
        },
    }


def render(diff: PlanDiff) -> str:
    return json.dumps(document(diff), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
