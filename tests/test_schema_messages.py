"""Schema findings in plain English: one test per kind of message.

Each test asserts the rule, the pointer, the line and column a person would
point at, and the wording, because the wording is the product here.
"""

from __future__ import annotations

import pytest

from stpctl.check.schema_check import check_schema
from stpctl.load.loader import load_text
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import display_path

# A minimal plan the schema accepts; tests change one thing in it.
BASE = """\
stp_plan: 1
footprint:
  name: Devon
  code: E54000037
  organisations:
    - {name: NEW Devon CCG, type: ccg, code: 99P}
period: {start: 2016-04-01, end: 2021-03-31}
submission: {deadline: 2016-06-30, status: draft, version: "0.4"}
questions: {}
"""


def schema_findings(text: str) -> list[Finding]:
    loaded = load_text(text)
    assert loaded.ok, loaded.findings
    return check_schema(loaded.data, loaded.positions, loaded.implicit)


def one(text: str) -> Finding:
    findings = schema_findings(text)
    assert len(findings) == 1, findings
    assert findings[0].severity is Severity.ERROR
    return findings[0]


def changed(old: str, new: str, text: str = BASE) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def where(finding: Finding) -> tuple[str, str, int, int]:
    return finding.rule, finding.pointer, finding.line, finding.column


def test_base_plan_is_valid() -> None:
    assert schema_findings(BASE) == []


# -- unknown keys -------------------------------------------------------------------


def test_unknown_key_with_a_close_match_suggests_it() -> None:
    findings = schema_findings(changed("questions: {}", "questoins: {}"))
    unknown = [f for f in findings if f.rule == "STP010"]
    assert [where(f) for f in unknown] == [("STP010", "/questoins", 9, 1)]
    assert unknown[0].message == (
        "unknown key `questoins` under the plan; did you mean `questions`?"
    )
    # the real key is now missing too, and says so
    assert [f.message for f in findings if f.rule == "STP011"] == ["the plan has no `questions`"]


def test_unknown_nested_key_points_at_the_key() -> None:
    finding = one(changed("  name: Devon\n", "  name: Devon\n  regoin: South\n"))
    assert where(finding) == ("STP010", "/footprint/regoin", 4, 3)
    assert finding.message == "unknown key `regoin` under `footprint`; did you mean `region`?"


def test_unknown_key_in_flow_style_points_at_the_key() -> None:
    finding = one(changed("status: draft,", "status: draft, stauts: x,"))
    assert where(finding) == ("STP010", "/submission/stauts", 8, 51)
    assert "under `submission`; did you mean `status`?" in finding.message


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    finding = one(BASE + "colour: blue\n")
    assert where(finding) == ("STP010", "/colour", 10, 1)
    assert finding.message == (
        "unknown key `colour` under the plan; the keys allowed here are `stp_plan`,"
        " `footprint`, `period`, `submission`, `triple_aim`, `delivery_areas`, `priorities`,"
        " `questions`, `finance`, `engagement`, `service_changes`"
        " (and any key starting `x-` for local use)"
    )


def test_x_keys_are_free_at_every_level() -> None:
    text = changed("  name: Devon\n", "  name: Devon\n  x-ccg-cluster: west\n")
    text = changed("code: 99P}", "code: 99P, x-note: lead}", text)
    assert schema_findings(text + "x-pmo: {owner: Jo}\n") == []


# -- missing keys --------------------------------------------------------------------


def test_missing_required_key_names_the_owner_and_the_key() -> None:
    finding = one(changed("  code: E54000037\n", ""))
    assert where(finding) == ("STP011", "/footprint", 2, 1)
    assert finding.message == "footprint has no `code`; add it, e.g. `code: E54000019`"


def test_missing_keys_in_a_list_item_point_at_the_item() -> None:
    text = changed("{name: NEW Devon CCG, type: ccg, code: 99P}", "{name: NEW Devon CCG}")
    findings = schema_findings(text)
    assert [where(f) for f in findings] == [("STP011", "/footprint/organisations/0", 6, 7)] * 2
    assert [f.message for f in findings] == [
        "organisation `NEW Devon CCG` (footprint.organisations[0]) has no `type`;"
        " add it, e.g. `type: ccg`",
        "organisation `NEW Devon CCG` (footprint.organisations[0]) has no `code`;"
        " add it, e.g. `code: 05T`",
    ]


def test_a_list_item_without_a_name_keeps_its_path() -> None:
    findings = schema_findings(
        changed("{name: NEW Devon CCG, type: ccg, code: 99P}", "{type: ccg}")
    )
    assert [f.message.split(";")[0] for f in findings] == [
        "footprint.organisations[0] has no `name`",
        "footprint.organisations[0] has no `code`",
    ]


def test_a_list_item_is_named_by_its_title_or_id() -> None:
    text = changed(
        "questions: {}",
        "questions:\n  prevention:\n    status: draft\n    actions:\n"
        "      - {title: Falls prevention service}\n      - {id: PRV2}\n",
    )
    assert [f.message.split(";")[0] for f in schema_findings(text)] == [
        "action `Falls prevention service` (questions.prevention.actions[0]) has no `id`",
        "action `PRV2` (questions.prevention.actions[1]) has no `title`",
    ]


def test_two_missing_keys_are_two_findings() -> None:
    findings = schema_findings(changed("{deadline: 2016-06-30, status: draft, ", "{"))
    assert [f.message.split(";")[0] for f in findings] == [
        "submission has no `deadline`",
        "submission has no `status`",
    ]
    assert {f.line for f in findings} == {8}


# -- wrong types and YAML 1.1 surprises ------------------------------------------------


def test_version_written_as_a_number_suggests_quotes() -> None:
    finding = one(changed('version: "0.4"', "version: 0.4"))
    assert where(finding) == ("STP012", "/submission/version", 8, 60)
    assert finding.message == (
        "`submission.version` should be text, but it is `0.4`, which YAML reads as the"
        ' number 0.4; put it in quotes: `version: "0.4"`'
    )


def test_yes_no_on_off_say_what_yaml_made_of_them() -> None:
    for word, became in [("yes", "true"), ("no", "false"), ("on", "true"), ("off", "false")]:
        finding = one(changed("name: Devon", f"name: {word}"))
        assert where(finding) == ("STP012", "/footprint/name", 3, 9)
        assert finding.message == (
            f"`footprint.name` should be text, but it is `{word}`, which YAML reads as"
            f' {became}; put it in quotes: `name: "{word}"`'
        )


def test_octal_looking_ods_code_in_a_list_suggests_quotes() -> None:
    text = changed("code: 99P}", "code: 012}")
    finding = one(text)
    assert where(finding) == ("STP012", "/footprint/organisations/0/code", 6, 46)
    assert "`012`, which YAML reads as the number 10" in finding.message
    assert finding.message.endswith('put it in quotes: `code: "012"`')


def test_tilde_reads_as_empty() -> None:
    finding = one(changed("name: Devon", "name: ~"))
    assert where(finding) == ("STP012", "/footprint/name", 3, 9)
    assert "`~`, which YAML reads as empty (null)" in finding.message


def test_empty_value_points_at_its_key() -> None:
    finding = one(changed("name: Devon", "name:"))
    assert where(finding) == ("STP012", "/footprint/name", 3, 3)
    assert finding.message == (
        "`footprint.name` should be text, but it is empty; write a value or remove the key"
    )


def test_number_with_a_unit_says_write_the_number_alone() -> None:
    finding = one(changed("  name: Devon\n", "  name: Devon\n  population: 1.2m people\n"))
    assert where(finding) == ("STP012", "/footprint/population", 4, 15)
    assert finding.message == (
        "`footprint.population` should be a whole number, but it is the text `1.2m people`;"
        " write the number alone, without commas, units or symbols"
    )


def test_number_with_thousands_separators_says_remove_them() -> None:
    finding = one(changed("  name: Devon\n", "  name: Devon\n  population: 1,200,000\n"))
    assert where(finding) == ("STP012", "/footprint/population", 4, 15)
    assert finding.message == (
        "`footprint.population` should be a whole number, but it is the text `1,200,000`;"
        " remove the thousands separator: `population: 1200000`"
    )


def test_list_where_a_mapping_belongs() -> None:
    finding = one(changed("period: {start: 2016-04-01, end: 2021-03-31}", "period: [2016, 2021]"))
    assert where(finding) == ("STP012", "/period", 7, 1)
    assert finding.message == "`period` should be a mapping (keys and values), but it is a list"


# -- values of the right type that are not allowed --------------------------------------


def test_enum_lists_the_allowed_values_and_suggests_one() -> None:
    finding = one(changed("type: ccg", "type: CCG"))
    assert where(finding) == ("STP013", "/footprint/organisations/0/type", 6, 35)
    assert finding.message == (
        "`footprint.organisations[0].type` is the text `CCG`; it must be one of: ccg,"
        " nhs_trust, foundation_trust, local_authority, gp_federation, ambulance_trust,"
        " voluntary, other — did you mean `ccg`?"
    )


def test_enum_without_a_close_value() -> None:
    finding = one(changed("status: draft", "status: finished"))
    assert where(finding) == ("STP013", "/submission/status", 8, 44)
    assert finding.message == (
        "`submission.status` is the text `finished`; it must be one of: draft, submitted, approved"
    )


def test_ons_code_pattern() -> None:
    finding = one(changed("code: E54000037", "code: E5400037"))
    assert where(finding) == ("STP013", "/footprint/code", 4, 9)
    assert finding.message == (
        "`footprint.code` is the text `E5400037`, which is not an ONS STP code: E54 followed"
        " by six digits, e.g. E54000019"
    )


def test_ods_code_pattern() -> None:
    finding = one(changed("code: 99P}", "code: 99p}"))
    assert where(finding) == ("STP013", "/footprint/organisations/0/code", 6, 46)
    assert "which is not an ODS code: 3 to 9 capital letters and digits" in finding.message


def test_date_pattern() -> None:
    finding = one(changed("end: 2021-03-31", "end: 31/03/2021"))
    assert where(finding) == ("STP013", "/period/end", 7, 34)
    assert finding.message == (
        "`period.end` is the text `31/03/2021`, which is not a date written YYYY-MM-DD,"
        " e.g. 2016-06-30"
    )


@pytest.mark.parametrize(
    ("old", "new", "pointer", "line", "column", "found"),
    [
        (
            "deadline: 2016-06-30",
            "deadline: yes",
            "/submission/deadline",
            8,
            24,
            "`yes`, which YAML reads as true",
        ),
        (
            "code: 99P}",
            "code: 99P, board_sign_off: yes}",
            "/footprint/organisations/0/board_sign_off",
            6,
            67,
            "`yes`, which YAML reads as true",
        ),
        (
            "end: 2021-03-31",
            "end: 20210331",
            "/period/end",
            7,
            34,
            "`20210331`, which YAML reads as the number 20210331",
        ),
    ],
)
def test_a_value_where_a_date_is_wanted_asks_for_a_date_not_quotes(
    old: str, new: str, pointer: str, line: int, column: int, found: str
) -> None:
    finding = one(changed(old, new))
    assert where(finding) == ("STP012", pointer, line, column)
    assert finding.message == (
        f"`{display_path(pointer)}` should be a date written YYYY-MM-DD, e.g. 2016-06-30,"
        f" but it is {found}"
    )
    assert "quotes" not in finding.message
    # following the advice gives a valid plan, not another error
    assert (
        schema_findings(changed(old, new.replace(new.split(": ")[-1].rstrip("}"), "2016-06-24")))
        == []
    )


def test_an_empty_date_asks_for_the_date() -> None:
    finding = one(changed("deadline: 2016-06-30, ", "deadline: , "))
    assert where(finding)[:2] == ("STP012", "/submission/deadline")
    assert finding.message == (
        "`submission.deadline` should be a date written YYYY-MM-DD, e.g. 2016-06-30,"
        " but it is empty; write the date or remove the key"
    )


def test_impossible_date() -> None:
    finding = one(changed("end: 2021-03-31", "end: 2016-02-30"))
    assert where(finding) == ("STP013", "/period/end", 7, 34)
    assert finding.message == "`period.end` is `2016-02-30`, which is not a real date (YYYY-MM-DD)"


def test_financial_year_pattern() -> None:
    finding = one(BASE + "finance: {years: [2016/17, 2016-17]}\n")
    assert where(finding) == ("STP013", "/finance/years/1", 10, 28)
    assert finding.message == (
        "`finance.years[1]` is the text `2016-17`, which is not a financial year written"
        " YYYY/YY, e.g. 2016/17"
    )


def test_a_year_written_as_a_number_suggests_a_financial_year_not_quotes() -> None:
    text = changed(
        "questions: {}",
        "questions:\n  prevention:\n    status: draft\n    measures:\n"
        "      - {name: Smoking prevalence, target: 12, by: 2020}\n",
    )
    finding = one(text)
    assert where(finding) == ("STP012", "/questions/prevention/measures/0/by", 13, 52)
    assert finding.message == (
        "`questions.prevention.measures[0].by` should be text, but it is `2020`, which YAML"
        " reads as the number 2020; write it as a financial year, e.g. `by: 2020/21`"
    )
    assert '"2020"' not in finding.message


def test_a_finance_year_written_as_a_number_suggests_a_financial_year() -> None:
    finding = one(BASE + "finance: {years: [2016/17, 2017]}\n")
    assert finding.pointer == "/finance/years/1"
    assert finding.message.endswith("; write it as a financial year, e.g. 2017/18")


def test_financial_year_with_years_that_do_not_follow() -> None:
    finding = one(BASE + "finance:\n  years:\n    - 2016/17\n    - 2016/18\n")
    assert where(finding) == ("STP013", "/finance/years/1", 13, 7)
    assert finding.message == (
        "`finance.years[1]` is `2016/18`, but a financial year runs over two consecutive"
        " years: write 2016/17"
    )


def test_duplicate_finance_year_points_at_the_repeat() -> None:
    finding = one(BASE + "finance: {years: [2016/17, 2017/18, 2016/17]}\n")
    assert where(finding) == ("STP013", "/finance/years/2", 10, 37)
    assert finding.message == "`finance.years` lists 2016/17 more than once; remove the repeat"


def test_do_nothing_gap_key_that_is_not_a_year_points_at_the_key() -> None:
    findings = schema_findings(
        BASE + "finance:\n  do_nothing_gap:\n    2016/17: 96.0\n    2017-18: 150.0\n"
        "    2018/20: 200.0\n"
    )
    assert [where(f) for f in findings] == [
        ("STP013", "/finance/do_nothing_gap/2017-18", 13, 5),
        ("STP013", "/finance/do_nothing_gap/2018~120", 14, 5),
    ]
    assert findings[0].message == (
        "key `2017-18` in `finance.do_nothing_gap` is not a financial year written YYYY/YY,"
        " e.g. 2016/17"
    )
    assert findings[1].message == (
        "key `2018/20` in `finance.do_nothing_gap` is not a financial year (two consecutive"
        " years: 2018/19)"
    )


def test_likelihood_above_the_maximum_and_impact_below_the_minimum() -> None:
    text = changed(
        "questions: {}",
        "questions:\n  prevention:\n    status: draft\n"
        "    risks: [{title: GP recruitment, likelihood: 6, impact: 0}]",
    )
    findings = schema_findings(text)
    assert [where(f) for f in findings] == [
        ("STP013", "/questions/prevention/risks/0/likelihood", 12, 49),
        ("STP013", "/questions/prevention/risks/0/impact", 12, 60),
    ]
    assert findings[0].message == (
        "`questions.prevention.risks[0].likelihood` is 6; it must be at most 5"
    )
    assert (
        findings[1].message == "`questions.prevention.risks[0].impact` is 0; it must be at least 1"
    )


def test_empty_organisations_list() -> None:
    text = changed("  organisations:\n    - {name: NEW Devon CCG, type: ccg, code: 99P}\n", "")
    finding = one(text.replace("  code: E54000037\n", "  code: E54000037\n  organisations: []\n"))
    assert where(finding) == ("STP013", "/footprint/organisations", 5, 3)
    assert finding.message == "`footprint.organisations` is an empty list; list at least 1"


def test_wrong_format_version() -> None:
    finding = one(changed("stp_plan: 1", "stp_plan: 2"))
    assert where(finding) == ("STP013", "/stp_plan", 1, 11)
    assert "this stpctl reads plan format version 1 only; write `stp_plan: 1`" in finding.message


# -- the line a person would point at, in nested and flow style --------------------------

NESTED = """\
stp_plan: 1
footprint:
  name: Devon
  code: E54000037
  organisations:
    - name: NEW Devon CCG
      type: ccg
      code: 99P
    - name: Torbay and South Devon NHS Foundation Trust
      type: foundation_trust
      code: RA9
      board_sign_off: 2016-06-31
period:
  start: 2016-04-01
  end: 2021-03-31
submission:
  deadline: 2016-06-30
  status: draft
questions:
  workforce:
    status: draft
    actions:
      - id: W1
        title: One staff bank
        due: 30/09/2016
      - id: W2
        owner: yes
"""


def test_nested_block_style_lines() -> None:
    findings = schema_findings(NESTED)
    assert [(f.rule, f.pointer, f.line, f.column) for f in findings] == [
        ("STP013", "/footprint/organisations/1/board_sign_off", 12, 23),
        ("STP013", "/questions/workforce/actions/0/due", 25, 14),
        ("STP011", "/questions/workforce/actions/1", 26, 9),
        ("STP012", "/questions/workforce/actions/1/owner", 27, 16),
    ]


FLOW = """\
stp_plan: 1
footprint: {name: Devon, code: E54000037,
  organisations: [{name: NEW Devon CCG, type: ccg, code: 99P},
                  {name: Torbay Council, type: council, code: E06000027}]}
period: {start: 2016-04-01, end: 2021-03-31}
submission: {deadline: 2016-06-30, status: draft}
questions: {workforce: {status: draft, actions: [{id: W1, title: Bank, due: 2016/09/30}]}}
"""


def test_flow_style_lines_and_columns() -> None:
    findings = schema_findings(FLOW)
    assert [(f.rule, f.pointer, f.line, f.column) for f in findings] == [
        ("STP013", "/footprint/organisations/1/type", 4, 48),
        ("STP013", "/questions/workforce/actions/0/due", 7, 77),
    ]
