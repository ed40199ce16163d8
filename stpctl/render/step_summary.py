"""The Markdown summary ``validate`` appends to GitHub's job summary (the
file ``GITHUB_STEP_SUMMARY`` names): the summary line and one table row per
plan with its counts and the status of each of the ten questions.

Written a file at a time (``Writer``), as the other outputs are: each plan's
row as its result arrives, the heading with the run's summary line asked
for last (issue 10)."""

from __future__ import annotations

from typing import Any

from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.records.finding import Severity
from stpctl.reference.guidance import GuidancePack
from stpctl.render.streaming import DocumentWriter, whole
from stpctl.render.templating import render_template
from stpctl.render.text import summary_line

NOT_READ = "—"  # a plan that could not be read has no question statuses
TEMPLATE = "step_summary.md.j2"


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


class Writer(DocumentWriter):
    """The summary a file at a time: each plan's row, then the heading."""

    def __init__(self, pack: GuidancePack) -> None:
        self.keys = [question.key for question in pack.questions]

    def part(self, result: FileResult) -> str:
        return render_template(TEMPLATE, rows_only=True, rows=[row(result, self.keys)])

    def head(self, totals: Totals) -> str:
        return render_template(
            TEMPLATE,
            rows_only=False,
            summary=summary_line(totals).plain,
            configuration=totals.configuration,
            questions=self.keys,
            rows=[],
        )


def render(run: RunResult, pack: GuidancePack) -> str:
    return whole(Writer(pack), run)
