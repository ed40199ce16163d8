"""The JSON output of ``validate``: exactly the shape PRODUCT.md §6 fixes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stpctl import __version__
from stpctl.check.checker import Settings, check_bytes, check_path
from stpctl.check.result import RunResult
from stpctl.reference.guidance import QUESTION_KEYS
from stpctl.render import json_report

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 30))
FINDING_KEYS = ["rule", "severity", "message", "pointer", "line", "column"]


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    run = RunResult(
        [
            check_path(str(DRAFT), SETTINGS),
            check_bytes(b"- not\n- a plan\n", "list.yaml", SETTINGS),
            check_bytes(b"name: caf\xe9\n", "latin1.yaml", SETTINGS),
        ]
    )
    parsed: dict[str, Any] = json.loads(json_report.render(run))
    return parsed


def test_top_level_keys(document: dict[str, Any]) -> None:
    # PRODUCT.md §6's keys, the configuration file used (issue 10: none here)
    # and the baseline (issue 14: none here)
    assert list(document) == ["tool", "configuration", "files", "summary", "baseline"]
    assert document["tool"] == {"name": "stpctl", "version": __version__}
    assert document["configuration"] is None
    assert document["baseline"] is None


def test_summary_counts_agree_with_the_findings(document: dict[str, Any]) -> None:
    summary = document["summary"]
    assert set(summary) - {"waived", "baselined"} == {"files", "error", "warning", "info"}
    assert summary["baselined"] == 0
    assert summary["files"] == 3
    for severity in ("error", "warning", "info"):
        counted = sum(
            1 for file in document["files"] for f in file["findings"] if f["severity"] == severity
        )
        assert summary[severity] == counted
    assert summary["error"] == 2  # the two files that are not plans
    assert summary["warning"] > 0


def test_each_file_has_exactly_the_fixed_keys(document: dict[str, Any]) -> None:
    for file in document["files"]:
        assert list(file) == ["path", "footprint", "questions", "findings"]
        for finding in file["findings"]:
            assert list(finding) == FINDING_KEYS
            assert finding["severity"] in ("error", "warning", "info")
            assert isinstance(finding["line"], int) and finding["line"] >= 1
            assert isinstance(finding["column"], int) and finding["column"] >= 1
            assert finding["pointer"] == "" or finding["pointer"].startswith("/")


def test_a_plan_has_its_footprint_and_all_ten_questions(document: dict[str, Any]) -> None:
    plan = document["files"][0]
    assert plan["path"] == str(DRAFT)
    assert plan["footprint"] == {"name": "Herefordshire and Worcestershire", "code": "E54000019"}
    assert list(plan["questions"]) == list(QUESTION_KEYS)
    assert set(plan["questions"].values()) <= {
        "answered",
        "partial",
        "unanswered",
        "not_applicable",
    }


def test_a_file_that_did_not_load_has_null_questions_and_one_error(
    document: dict[str, Any],
) -> None:
    for file, rule in zip(document["files"][1:], ["STP003", "STP001"], strict=True):
        assert file["questions"] is None
        assert file["footprint"] is None
        [finding] = file["findings"]
        assert (finding["rule"], finding["severity"], finding["line"]) == (rule, "error", 1)


def test_output_is_plain_text_with_real_characters() -> None:
    text = json_report.render(
        RunResult(
            [check_bytes("stp_plan: 1\nfootprint: {name: Zoë}\n".encode(), "z.yaml", SETTINGS)]
        )
    )
    assert "\x1b[" not in text  # no terminal markup in a machine format
    assert '"name": "Zoë"' in text  # not \u00eb: people read this too
    assert text.endswith("\n")
    json.loads(text)
