"""Unanswered areas inside an answer (issue 12, section 7): STP110
placeholder-in-answer, STP111 expected-topic-not-mentioned, and a missing
`questions` section as one STP101 finding."""

from __future__ import annotations

import pytest
from conftest import NATIONAL_2016_V1, RuleFindings

from stpctl.check.answer_markers import find_markers
from stpctl.check.question_status import PARTIAL, assess
from stpctl.records.finding import Severity
from stpctl.reference.guidance import default_pack, load_pack

WORDS = default_pack().placeholders

WORKFORCE = """\
submission: {deadline: 2016-06-30, status: draft}
questions:
  workforce:
    status: complete
    owner: Director of Workforce
    answer: >
      We will run one nursing bank across the three trusts and recruit
      internationally for hard-to-fill posts.
      TBC - awaiting HEE input on training numbers.
      Retention will follow the NHS Improvement programme.
    measures: [{name: Vacancy rate, baseline: 9.0, target: 5.0, by: 2018/19}]
    actions: [{id: WF1, title: Open the bank, owner: HR lead, due: 2016-12-31}]
"""


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("TBC - awaiting HEE input", ["TBC"]),
        ("The trajectory is [insert trajectory] by March.", ["[insert trajectory]"]),
        ("Savings of XXX million", ["XXX"]),
        ("TODO: add the figures", ["TODO"]),
        ("Two steps: xxxx and ??", ["xxxx", "??"]),
        ("Figures TO FOLLOW from the finance group", ["TO FOLLOW"]),
        ("Lorem ipsum dolor sit amet", ["Lorem ipsum"]),
    ],
)
def test_markers_inside_an_answer(text: str, found: list[str]) -> None:
    assert [marker.text for marker in find_markers(text, WORDS)] == found


@pytest.mark.parametrize(
    "text",
    [
        "We have a lot to do, and we will continue to follow NICE guidance.",
        "Is the model right? We think so; the review is pending.",
        "Boxes, taxes and the Xbox are not placeholders; nor is [1] or [Appendix B].",
        "Neither tbcx nor atbc is the word.",
    ],
)
def test_everyday_words_in_prose_are_not_markers(text: str) -> None:
    assert find_markers(text, WORDS) == []


def test_a_marker_makes_a_complete_question_partial() -> None:
    value = {
        "status": "complete",
        "owner": "Director of Workforce",
        "answer": "Recruitment plan. TBC - awaiting HEE input.",
        "measures": [{"name": "Vacancy rate", "target": 5.0}],
        "actions": [{"id": "WF1", "title": "Bank", "owner": "HR", "due": "2016-12-31"}],
    }
    assessed = assess("workforce", value, WORDS)
    assert assessed.status == PARTIAL
    assert assessed.reasons == ('a placeholder in its answer ("TBC")',)


def test_the_finding_points_at_the_marker_in_the_block(rule_findings: RuleFindings) -> None:
    [finding] = rule_findings(WORKFORCE, "STP110")
    assert finding.severity is Severity.WARNING
    assert finding.pointer == "/questions/workforce/answer"
    assert (finding.line, finding.column) == (9, 7)
    assert '`workforce`: the answer still holds a placeholder, "TBC", on line 9' in (
        finding.message
    )
    assert '"TBC - awaiting HEE input on training numbers."' in finding.message
    [partial] = rule_findings(WORKFORCE, "STP102")
    assert 'a placeholder in its answer ("TBC")' in partial.message


def test_a_second_marker_is_found_where_it_is(rule_findings: RuleFindings) -> None:
    plan = WORKFORCE.replace("Retention will", "Retention [insert figures] will")
    found = rule_findings(plan.replace("draft", "submitted"), "STP110")
    assert [(f.line, f.column) for f in found] == [(9, 7), (10, 17)]
    assert all(f.severity is Severity.ERROR for f in found)


def test_a_one_line_answer_gets_the_column_of_the_marker(rule_findings: RuleFindings) -> None:
    plan = "questions:\n  prevention: {status: draft, answer: Smoking and XXX}\n"
    [finding] = rule_findings(plan, "STP110")
    assert (finding.line, finding.column) == (2, 51)


def test_a_whole_placeholder_answer_is_stp101_not_stp110(rule_findings: RuleFindings) -> None:
    plan = "questions:\n  prevention: {status: draft, answer: TBC}\n"
    assert rule_findings(plan, "STP110") == []
    found = rule_findings(plan, "STP101")
    assert [f.pointer for f in found].count("/questions/prevention") == 1


# --- STP111 expected topics -------------------------------------------------------

PREVENTION = """\
questions:
  prevention:
    status: draft
    answer: >
      Stop smoking services in every practice and the NHS Diabetes
      Prevention Programme across the footprint.
"""


def test_topics_not_mentioned_are_an_info_naming_them(rule_findings: RuleFindings) -> None:
    [finding] = rule_findings(PREVENTION, "STP111")
    assert finding.severity is Severity.INFO
    assert finding.pointer == "/questions/prevention/answer"
    assert (finding.line, finding.column) == (4, 13)
    assert "alcohol" in finding.message and "obesity and physical activity" in finding.message
    assert "smoking" not in finding.message.split(":")[1]
    assert "a prompt, not a judgement" in finding.message


def test_a_word_with_a_star_matches_any_ending(rule_findings: RuleFindings) -> None:
    plan = PREVENTION.replace("across the footprint.", "and alcohol and obese adults.")
    assert rule_findings(plan, "STP111") == []


def test_a_version_1_pack_has_no_topics(rule_findings: RuleFindings) -> None:
    assert rule_findings(PREVENTION, "STP111", guidance=load_pack(NATIONAL_2016_V1)) == []


# --- a missing questions section ------------------------------------------------


def test_a_missing_questions_section_is_one_finding(rule_findings: RuleFindings) -> None:
    plan = "stp_plan: 1\nsubmission: {deadline: 2016-06-30, status: draft}\n"
    [finding] = rule_findings(plan, "STP101")
    assert finding.pointer == "/questions"
    assert "no `questions` section" in finding.message
    assert "all ten national questions are unanswered" in finding.message
    [empty] = rule_findings(plan + "questions:\n", "STP101")
    assert empty.line == 3
