"""The Markdown summary ``validate`` appends to GitHub's job summary (the
file ``GITHUB_STEP_SUMMARY`` names): the summary line and one table row per
plan with its counts and the status of each of the ten questions."""

from __future__ import annotations

from typing import Any

from stpctl.check.result import FileResult, RunResult
from stpctl.records.finding import Severity
from stpctl.reference.guidance import GuidancePack
from stpctl.render.templating import render_template
from stpctl.render.text import summary_line

NOT_READ = "—"  # a plan that could not be read has no question statuses


def footprint_label(result: FileResult) -> str:
    if not result.footprint:
        return ""
    name, code = result.footprint.get("name", ""), result.footprint.get("code", "")
    return f"{name} ({code})" if name and code else name or code


def row(result: FileResult, keys: list[str]) -> dict[str, Any]:
    questions = result.questions
    return {
        "path": result.path,
        "footprint": footprint_label(result),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "info": result.count(Severity.INFO),
        "statuses": [
            NOT_READ if questions is None else questions.get(key, "unanswered") for key in keys
        ],
    }


def render(run: RunResult, pack: GuidancePack) -> str:
    keys = [question.key for question in pack.questions]
    return render_template(
        "step_summary.md.j2",
        summary=summary_line(run).plain,
        configuration=run.configuration,
        questions=keys,
        rows=[row(result, keys) for result in run.files],
    )
