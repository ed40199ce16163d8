"""The baseline (issue 14, section 2): record today's findings, then report
only new ones; entries keyed on rule, file, pointer and the message's
subject — never the line — so edits above a finding and runs from another
folder keep matching; stale entries are reported; load rules never enter."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.check import baseline
from stpctl.check.baseline import Baseline, BaselineError
from stpctl.check.checker import Settings, check_path
from stpctl.cli import app
from stpctl.records.finding import Finding, Severity

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
AS_OF = ["--as-of", "2016-06-30"]
runner = CliRunner(env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"})
# Today's findings on the draft, counted by the engine itself: the baseline
# must record exactly these, however many the rule catalogue gives.
TODAY = len(check_path(str(DRAFT), Settings(as_of=date(2016, 6, 30))).findings)
ALL_BASELINED = f"1 file checked: 0 errors, 0 warnings, 0 info ({TODAY} baselined)"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "plans").mkdir()
    shutil.copy(DRAFT, tmp_path / "plans" / "draft.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout, result.stderr


def run_json(*args: str) -> tuple[int, dict[str, Any]]:
    code, stdout, stderr = run("--format", "json", *AS_OF, *args)
    assert code in (0, 1), stderr
    return code, json.loads(stdout)


def rules_of(document: dict[str, Any]) -> list[str]:
    return [f["rule"] for item in document["files"] for f in item["findings"]]


def close_eng1(repo: Path) -> None:
    """Mark the overdue action ENG1 done: its STP302 finding goes away."""
    edit(
        repo / "plans" / "draft.yaml",
        "due: 2016-06-17, status: open}",
        "due: 2016-06-17, status: done}",
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# --- writing and using ------------------------------------------------------------------


def test_write_baseline_records_todays_findings(repo: Path) -> None:
    code, stdout, stderr = run("plans", *AS_OF, "--write-baseline", ".stpctl-baseline.json")
    assert code == 0, stderr
    assert f"wrote baseline .stpctl-baseline.json: {TODAY} findings in 1 file" in stderr
    assert stdout.splitlines()[-1] == ALL_BASELINED
    written = json.loads((repo / ".stpctl-baseline.json").read_text(encoding="utf-8"))
    assert written["version"] == 1
    entries = written["entries"]
    assert sum(e["count"] for e in entries) == TODAY
    assert {e["path"] for e in entries} == {"plans/draft.yaml"}
    assert set(entries[0]) == {"path", "rule", "pointer", "subject", "count"}
    keys = [(e["path"], e["rule"], e["pointer"], e["subject"]) for e in entries]
    assert keys == sorted(keys)
    assert not any("line" in e for e in entries)


def test_with_the_baseline_only_new_findings_are_reported(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    code, document = run_json("plans", "--baseline", "baseline.json", "--fail-on", "info")
    assert code == 0
    assert rules_of(document) == []
    assert document["summary"]["baselined"] == TODAY
    edit(
        repo / "plans" / "draft.yaml",
        'status: complete\n    owner: "Dr Imogen',
        'status: not_started\n    owner: "Dr Imogen',
    )
    code, document = run_json("plans", "--baseline", "baseline.json", "--fail-on", "warning")
    assert code == 1
    (new,) = document["files"][0]["findings"]
    assert (new["rule"], new["pointer"]) == ("STP101", "/questions/prevention")
    # what the edit made go away (a prompt on the old answer) is stale, the rest baselined
    stale = sum(entry["count"] for entry in document["baseline"]["stale"])
    assert document["summary"]["baselined"] + stale == TODAY


def test_lines_inserted_above_do_not_break_it(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    plan = repo / "plans" / "draft.yaml"
    plan.write_text(
        "# a new comment\n# and another\n\n" + plan.read_text(encoding="utf-8"), encoding="utf-8"
    )
    _, document = run_json("plans", "--baseline", "baseline.json")
    assert rules_of(document) == []
    assert document["summary"]["baselined"] == TODAY


def test_running_from_another_folder_does_not_break_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    monkeypatch.chdir(repo / "plans")
    _, document = run_json("draft.yaml", "--baseline", "../baseline.json")
    assert rules_of(document) == [] and document["summary"]["baselined"] == TODAY
    monkeypatch.chdir("/")
    _, document = run_json(str(repo / "plans"), "--baseline", str(repo / "baseline.json"))
    assert rules_of(document) == [] and document["summary"]["baselined"] == TODAY


def test_a_later_as_of_date_keeps_the_same_findings_baselined(repo: Path) -> None:
    # "overdue by 13 days" becomes "by 15 days": the same finding.
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    _, stdout, _ = run(
        "plans", "--as-of", "2016-07-02", "--baseline", "baseline.json", "-f", "json"
    )
    document = json.loads(stdout)
    assert "STP302" not in rules_of(document)


def test_waived_findings_are_not_recorded(repo: Path) -> None:
    (repo / ".stpctl.toml").write_text(
        '[[waivers]]\nrule = "STP601"\nreason = "agreed"\nexpires = 2016-12-31\n', encoding="utf-8"
    )
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert "STP601" not in {e["rule"] for e in entries}
    _, document = run_json("plans", "--baseline", "baseline.json")
    assert document["summary"]["waived"] == 2 and document["summary"]["baselined"] == TODAY - 2


# --- load rules ---------------------------------------------------------------------------


def test_load_rules_are_never_baselined(repo: Path) -> None:
    (repo / "plans" / "broken.yaml").write_text("stp_plan: 1\nfootprint: [\n", encoding="utf-8")
    code, stdout, stderr = run("plans", *AS_OF, "--write-baseline", "baseline.json")
    assert code == 1, stderr
    assert "STP002" in stdout
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert "STP002" not in {e["rule"] for e in entries}
    code, document = run_json("plans", "--baseline", "baseline.json")
    assert code == 1 and rules_of(document) == ["STP002"]


def test_a_baseline_entry_for_a_load_rule_is_refused(repo: Path) -> None:
    entry = {
        "path": "plans/draft.yaml",
        "rule": "STP004",
        "pointer": "",
        "subject": "0" * 16,
        "count": 1,
    }
    (repo / "b.json").write_text(json.dumps({"version": 1, "entries": [entry]}), encoding="utf-8")
    code, stdout, stderr = run("plans", *AS_OF, "--baseline", "b.json")
    assert code == 2 and stdout == ""
    assert "b.json: entry 1: STP004 reports a key written twice" in stderr
    assert "cannot be baselined" in stderr


# --- stale entries --------------------------------------------------------------------------


def test_entries_that_match_nothing_are_reported_as_stale(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    close_eng1(repo)
    code, document = run_json("plans", "--baseline", "baseline.json")
    assert code == 0
    (stale,) = document["baseline"]["stale"]
    assert (stale["path"], stale["rule"], stale["pointer"]) == (
        "plans/draft.yaml",
        "STP302",
        "/questions/engagement/actions/0/due",
    )
    assert document["baseline"]["path"] == "baseline.json"
    _, text, _ = run("plans", *AS_OF, "--baseline", "baseline.json")
    assert "baseline: 1 entry no longer matches any finding" in text
    assert "plans/draft.yaml  STP302  /questions/engagement/actions/0/due" in text
    _, quiet, _ = run("plans", *AS_OF, "--baseline", "baseline.json", "--quiet")
    assert "baseline: 1 entry no longer matches any finding" in quiet


def test_entries_for_a_file_that_is_gone_are_stale(repo: Path) -> None:
    shutil.copy(DRAFT, repo / "plans" / "old.yaml")
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    (repo / "plans" / "old.yaml").unlink()
    _, document = run_json("plans", "--baseline", "baseline.json")
    stale = document["baseline"]["stale"]
    assert {e["path"] for e in stale} == {"plans/old.yaml"}
    assert sum(e["count"] for e in stale) == TODAY


def test_entries_for_files_not_checked_this_run_are_not_stale(repo: Path) -> None:
    shutil.copy(DRAFT, repo / "plans" / "other.yaml")
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    _, document = run_json("plans/draft.yaml", "--baseline", "baseline.json")
    assert document["baseline"]["stale"] == []


def test_rewriting_shrinks_the_file(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    before = (repo / "baseline.json").read_bytes()
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    assert (repo / "baseline.json").read_bytes() == before  # stable bytes
    close_eng1(repo)
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["entries"]
    assert sum(e["count"] for e in entries) == TODAY - 1


# --- the entry key ------------------------------------------------------------------------


def finding(
    rule: str, message: str, pointer: str = "/questions/workforce", line: int = 8
) -> Finding:
    return Finding(rule, Severity.WARNING, message, pointer, line, 3)


def test_the_subject_leaves_out_numbers_and_case() -> None:
    one = baseline.subject("action ENG1 was due 2016-06-17 and is overdue by 13 days at 2016-06-30")
    two = baseline.subject(
        "Action ENG1 was due 2016-06-17 and is overdue by 108 days at 2016-10-03"
    )
    assert one == two
    assert baseline.subject("no event with staff") != baseline.subject("no event with patients")
    assert len(one) == 16


def test_the_same_finding_twice_is_counted() -> None:
    recorder = Baseline(folder=os.getcwd(), entries={}, record=True)
    twice = [finding("STP101", "unanswered"), finding("STP101", "unanswered", line=30)]
    kept, outcome = baseline.apply(recorder, "p.yaml", twice)
    assert kept == []
    (entry,) = outcome.baselined
    assert entry.count == 2
    reading = Baseline(folder=os.getcwd(), entries=baseline.index([entry]))
    kept, outcome = baseline.apply(reading, "p.yaml", twice[:1])
    assert kept == [] and outcome.stale == (replace(entry, count=1),)
    three = [*twice, finding("STP101", "unanswered", line=40)]
    kept, outcome = baseline.apply(reading, "p.yaml", three)
    assert kept == [three[2]]  # the third is new


def test_a_load_rule_finding_passes_through_even_when_recording() -> None:
    recorder = Baseline(folder=os.getcwd(), entries={}, record=True)
    broken = Finding("STP002", Severity.ERROR, "not YAML", "", 3, 1)
    kept, outcome = baseline.apply(recorder, "p.yaml", [broken])
    assert kept == [broken] and outcome.baselined == ()


# --- a baseline file that cannot be used ------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"{not json", "is not valid JSON"),
        (b"\xff\xfe\x00", "is not UTF-8 text"),
        (b"[]", "is not a stpctl baseline"),
        (b'{"entries": []}', "has no version"),
        (b'{"version": 2, "entries": []}', "version 2, written by a newer stpctl"),
        (b'{"version": 1, "entries": {}}', "entries must be a list"),
        (b'{"version": 1, "entries": [5]}', "entry 1 must be an object"),
        (
            b'{"version": 1, "entries": [{"rule": "STP101"}]}',
            "entry 1 lacks path, pointer, subject, count",
        ),
        (
            b'{"version": 1, "entries": [{"path": "a", "rule": "STP101", "pointer": "",'
            b' "subject": "x", "count": 0}]}',
            "entry 1: count must be a whole number above 0",
        ),
    ],
)
def test_a_corrupt_baseline_is_a_usage_error(repo: Path, content: bytes, expected: str) -> None:
    (repo / "b.json").write_bytes(content)
    code, stdout, stderr = run("plans", *AS_OF, "--baseline", "b.json")
    assert code == 2, stderr
    assert stdout == ""
    assert expected in stderr and "b.json" in stderr
    assert "bug" not in stderr and "Traceback" not in stderr


def test_a_missing_baseline_is_a_usage_error(repo: Path) -> None:
    code, _, stderr = run("plans", *AS_OF, "--baseline", "nope.json")
    assert code == 2
    assert "nope.json" in stderr and "--write-baseline" in stderr


def test_read_errors_raise_baseline_error(tmp_path: Path) -> None:
    (tmp_path / "b.json").write_text("{}", encoding="utf-8")
    with pytest.raises(BaselineError):
        baseline.read(tmp_path / "b.json")


# --- configuration, outputs, parallel runs -----------------------------------------------


def test_baseline_in_configuration_is_relative_to_that_file(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (repo / "ci").mkdir()
    run("plans", *AS_OF, "--write-baseline", "ci/baseline.json")
    (repo / ".stpctl.toml").write_text('baseline = "ci/baseline.json"\n', encoding="utf-8")
    monkeypatch.chdir(repo / "plans")
    _, document = run_json("draft.yaml")
    assert rules_of(document) == [] and document["summary"]["baselined"] == TODAY
    assert document["baseline"]["path"] == str(repo / "ci" / "baseline.json")
    _, everything = run_json("draft.yaml", "--no-baseline")
    assert len(rules_of(everything)) == TODAY and everything["baseline"] is None


def test_a_configured_baseline_that_does_not_exist_is_a_usage_error(repo: Path) -> None:
    (repo / ".stpctl.toml").write_text('baseline = "ci/baseline.json"\n', encoding="utf-8")
    code, _, stderr = run("plans", *AS_OF)
    assert code == 2
    assert "ci/baseline.json" in stderr and ".stpctl.toml" in stderr
    # writing it is how it comes to exist
    code, _, stderr = run("plans", *AS_OF, "--write-baseline", "ci/baseline.json")
    assert code == 2 and "cannot write" in stderr  # the folder ci/ is missing
    (repo / "ci").mkdir()
    code, _, _ = run("plans", *AS_OF, "--write-baseline", "ci/baseline.json")
    assert code == 0 and (repo / "ci" / "baseline.json").is_file()


def test_write_baseline_never_overwrites_what_the_run_reads(repo: Path) -> None:
    plan = repo / "plans" / "draft.yaml"
    before = plan.read_bytes()
    code, _, stderr = run("plans", *AS_OF, "--write-baseline", str(plan))
    assert code == 2 and "is one of the input files" in stderr
    assert plan.read_bytes() == before
    (repo / ".stpctl.toml").write_text('fail-on = "error"\n', encoding="utf-8")
    code, _, stderr = run("plans", *AS_OF, "--write-baseline", ".stpctl.toml")
    assert code == 2 and "configuration file" in stderr
    code, _, stderr = run("plans", *AS_OF, "--write-baseline", "b.json", "--report", "json:b.json")
    assert code == 2 and "named for two" in stderr


def test_no_output_overwrites_the_baseline_being_read(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    before = (repo / "baseline.json").read_bytes()
    code, _, stderr = run(
        "plans", *AS_OF, "--baseline", "baseline.json", "--output", "baseline.json"
    )
    assert code == 2 and "the baseline" in stderr
    assert (repo / "baseline.json").read_bytes() == before


def test_parallel_runs_apply_the_baseline_in_every_worker(repo: Path) -> None:
    for number in range(10):
        shutil.copy(DRAFT, repo / "plans" / f"copy-{number}.yaml")
    run("plans", *AS_OF, "--write-baseline", "baseline.json", "--jobs", "2")
    serial = run("plans", *AS_OF, "--baseline", "baseline.json", "--jobs", "1", "-f", "json")
    parallel = run("plans", *AS_OF, "--baseline", "baseline.json", "--jobs", "2", "-f", "json")
    assert serial == parallel
    assert json.loads(serial[1])["summary"]["baselined"] == 11 * TODAY


def test_sarif_counts_the_baselined_findings(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    close_eng1(repo)
    _, stdout, _ = run("plans", *AS_OF, "--baseline", "baseline.json", "-f", "sarif")
    properties = json.loads(stdout)["runs"][0]["properties"]
    assert properties["baseline"] == {"path": "baseline.json", "baselined": TODAY - 1, "stale": 1}


def test_a_real_run_writes_and_uses_a_baseline(repo: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    env = {
        k: v for k, v in os.environ.items() if k not in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY")
    }
    first = subprocess.run(
        [stpctl, "validate", "plans", *AS_OF, "--write-baseline", ".stpctl-baseline.json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=repo,
        env=env,
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [
            stpctl,
            "validate",
            "plans",
            *AS_OF,
            "--baseline",
            ".stpctl-baseline.json",
            "--fail-on",
            "info",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=repo,
        env=env,
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.splitlines()[-1] == ALL_BASELINED


def test_text_says_no_new_findings_and_names_the_baseline(repo: Path) -> None:
    run("plans", *AS_OF, "--write-baseline", "baseline.json")
    code, text, _ = run("plans", *AS_OF, "--baseline", "baseline.json")
    assert code == 0
    assert f"no new findings ({TODAY} baselined)" in text
    assert "baseline: baseline.json\n" in text
    assert text.splitlines()[-1] == ALL_BASELINED
