"""Milestones and the submission history in the board report and the diff
(issue 12, section 5): the report lists milestones first and shows the
history; the diff shows checkpoints added."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from stpctl.cli import app

runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})
PLAN = """\
stp_plan: 1
footprint:
  name: Herefordshire and Worcestershire
  code: E54000019
  organisations: [{name: NHS Herefordshire CCG, type: ccg, code: 05T}]
period: {start: 2016-10-01, end: 2021-03-31}
submission:
  deadline: 2016-10-21
  status: draft
  version: "2.0"
  history:
    - {date: 2016-04-15, version: "0.2", status: submitted, note: April checkpoint}
    - {date: 2016-06-30, version: "1.0", status: submitted, note: June submission}
questions:
  prevention:
    status: draft
    answer: Stop smoking services.
    actions:
      - {id: PRV1, title: Commission NDPP, owner: CCG lead, due: 2016-08-31}
      - {id: PRV2, title: Falls service live, owner: DPH, due: 2017-02-28, milestone: true}
"""


def write(tmp_path: Path, text: str, name: str = "plan.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_report_shows_the_history_and_milestones_first(tmp_path: Path) -> None:
    plan = write(tmp_path, PLAN)
    args = ["report", plan, "--as-of", "2016-06-30"]
    markdown = runner.invoke(app, args).stdout
    assert "### Milestones (1)" in markdown
    assert markdown.index("### Milestones") < markdown.index("### Overdue")
    assert "| PRV2 Falls service live | Prevention | DPH | 28 February 2017 | Open |" in markdown
    assert "## Submission history" in markdown
    assert "| 15 April 2016 | 0.2 | Submitted | April checkpoint |" in markdown
    document = json.loads(runner.invoke(app, [*args, "-f", "json"]).stdout)
    plan_part = document["plans"][0] if "plans" in document else document
    assert plan_part["actions"]["milestones"][0]["id"] == "PRV2"
    assert plan_part["submission_history"][1] == {
        "date": "2016-06-30",
        "version": "1.0",
        "status": "submitted",
        "note": "June submission",
        "line": 13,
    }
    html = runner.invoke(app, [*args, "-f", "html"]).stdout
    assert "<h3>Milestones (1)</h3>" in html and "April checkpoint" in html


def test_the_diff_shows_checkpoints_added(tmp_path: Path) -> None:
    old = write(tmp_path, PLAN, "old.yaml")
    added = '    - {date: 2016-10-21, version: "2.0", status: submitted, note: October plan}\n'
    new = write(
        tmp_path,
        PLAN.replace("note: June submission}\n", "note: June submission}\n" + added),
        "new.yaml",
    )
    result = runner.invoke(app, ["diff", old, new, "--as-of", "2016-06-30", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    plan = json.loads(result.stdout)["plan"]
    assert {
        "field": "submission.history",
        "old": None,
        "new": "2016-10-21 version 2.0 submitted: October plan",
    } in plan
    text = runner.invoke(app, ["diff", old, new, "--as-of", "2016-06-30"]).stdout
    assert "2016-10-21 version 2.0 submitted: October plan" in text


def test_plan_text_in_milestones_and_history_is_escaped(tmp_path: Path) -> None:
    hostile = PLAN.replace("id: PRV2", 'id: "P|<b>2"').replace(
        "note: April checkpoint", 'note: "April | <script>x</script>"'
    )
    plan = write(tmp_path, hostile)
    markdown = runner.invoke(app, ["report", plan, "--as-of", "2016-06-30"]).stdout
    assert "| P\\|&lt;b>2 Falls service live | Prevention |" in markdown
    assert "| April \\| &lt;script>x&lt;/script> |" in markdown
    html = runner.invoke(app, ["report", plan, "--as-of", "2016-06-30", "-f", "html"]).stdout
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
