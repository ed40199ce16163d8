"""Issue 12 from the command line: for each section, a plan written by hand
(``tests/cases/substance/``) gives the new findings with their line and
column in JSON, in text and in SARIF."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

CASES = Path(__file__).resolve().parent / "cases" / "substance"
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})

# file, guidance pack, and the findings it must give: (rule, line, column, words)
EXPECTED = {
    "finance": (  # section 1
        "national-2016",
        [
            (
                "STP404",
                19,
                29,
                "in 2016/17 the do-nothing gap 96.0 \N{MINUS SIGN} savings 80.5 \N{MINUS SIGN}"
                " Fund income 10.0 leaves 5.5 GBP million unclosed",
            ),
            ("STP402", 19, 60, "in 2018/19 the do-nothing gap 150.0"),
            ("STP403", 19, 76, "the plan does not reach financial balance: in 2019/20"),
            ("STP409", 20, 49, "so 12.5% of the Fund income 20.0 (2.5) is at risk"),
            ("STP407", 23, 3, "no control totals for 2018/19 and 2019/20"),
            ("STP405", 26, 22, "(Herefordshire Council) is a local_authority, not an NHS body"),
            ("STP406", 27, 7, "disagree by 1.0 GBP million"),
        ],
    ),
    "finance-fund-intervention": (  # section 1, a plan written before the Fund field
        "national-2016",
        [("STP408", 18, 13, "is read as Fund income, not as a saving")],
    ),
    "standards": (  # section 2
        "national-2016",
        [
            ("STP602", 14, 51, "threshold is 95%"),
            ("STP602", 15, 56, "threshold is at most 7 minutes from 2017/18"),
            ("STP602", 20, 55, "threshold is 56% from 2019/20"),
            ("STP607", 13, 5, "`rtt_18_weeks`"),
            ("STP607", 19, 5, "`iapt_6_weeks`"),
        ],
    ),
    "service-changes": (  # section 3
        "national-2016",
        [
            ("STP504", 15, 5, "a clear clinical evidence base: not_yet"),
            ("STP504", 15, 5, "consistency with patient choice: not recorded"),
            ("STP505", 19, 5, "closes 24 beds (24 to 0)"),
            ("STP506", 23, 34, "support from GP commissioners is not met"),
        ],
    ),
    "digital-roadmap": (  # section 4
        "national-2016",
        [
            ("STP606", 7, 3, "has no `signed_off` date"),
            ("STP605", 10, 5, "8 of the 10 universal capabilities are not listed"),
            ("STP605", 11, 48, "is due 2018-09-30, after 2018-03-31"),
            ("STP605", 12, 9, "has no `due` date"),
        ],
    ),
    "milestones": (  # section 5
        "national-2016",
        [
            ("STP305", 13, 14, "is dated 2016-04-15, before checkpoint 1"),
            ("STP304", 14, 1, "(2016-10-01 to 2017-03-31)"),
            ("STP301", 20, 59, "before the plan period starts (2016-10-01 to 2021-03-31)"),
        ],
    ),
    "next-steps": (  # section 6
        "next-steps-2017",
        [
            ("STP607", 11, 3, "GP extended access (`gp_extended_access`)"),
            ("STP602", 18, 51, "threshold is 90% from 2017/18"),
        ],
    ),
    "answers": (  # section 7
        "national-2016",
        [
            ("STP110", 15, 25, '"TBC", on line 15'),
            ("STP110", 16, 25, '"[insert trajectory]", on line 16'),
            ("STP111", 19, 13, "a prompt, not a judgement"),
        ],
    ),
    "no-questions": (  # section 7
        "national-2016",
        [("STP101", 2, 1, "no `questions` section")],
    ),
}


def run(name: str, output_format: str) -> str:
    pack = EXPECTED[name][0]
    path = str(CASES / f"{name}.yaml")
    args = ["validate", path, "--as-of", "2016-06-30", "-f", output_format, "--guidance", pack]
    result = runner.invoke(app, args)
    assert result.exit_code in (0, 1), result.stderr
    return result.stdout


def test_every_case_file_is_listed() -> None:
    assert sorted(path.stem for path in CASES.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", EXPECTED)
def test_json_gives_rule_line_and_column(name: str) -> None:
    findings = json.loads(run(name, "json"))["files"][0]["findings"]
    for rule, line, column, words in EXPECTED[name][1]:
        assert any(
            (f["rule"], f["line"], f["column"]) == (rule, line, column) and words in f["message"]
            for f in findings
        ), (rule, line, column, words)


@pytest.mark.parametrize("name", EXPECTED)
def test_text_gives_rule_line_and_column(name: str) -> None:
    text = run(name, "text")
    for rule, line, column, _ in EXPECTED[name][1]:
        assert f"{name}.yaml:{line}:{column}  " in text
        assert any(
            f"{name}.yaml:{line}:{column}  " in row and f"  {rule}  " in row
            for row in text.splitlines()
        ), (rule, line, column)


@pytest.mark.parametrize("name", EXPECTED)
def test_sarif_gives_rule_line_and_column(name: str) -> None:
    results = json.loads(run(name, "sarif"))["runs"][0]["results"]
    where = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
            r["locations"][0]["physicalLocation"]["region"]["startColumn"],
        )
        for r in results
    }
    for rule, line, column, _ in EXPECTED[name][1]:
        assert (rule, line, column) in where


def test_no_questions_section_is_one_finding_not_ten() -> None:
    findings = json.loads(run("no-questions", "json"))["files"][0]["findings"]
    assert [f["pointer"] for f in findings if f["rule"] == "STP101"] == ["/questions"]
