"""``stpctl fix``'s fixes, one by one: what each mends, exactly how, tied to
which finding; and what each leaves alone."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings
from stpctl.fix.edits import SAFE, UNSAFE, Fix
from stpctl.fix.engine import FoundFixes, apply_fixes, find_fixes, fix_plan
from stpctl.load.loader import load_bytes

CASES = Path(__file__).parent / "cases"
PLAN = (CASES / "valid" / "complete-submitted.yaml").read_text("utf-8")
SETTINGS = Settings(as_of=date(2016, 6, 1))


def plan_with(*changes: tuple[str, str]) -> bytes:
    """The valid plan with each ``(old, new)`` replaced once."""
    text = PLAN
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text.encode("utf-8")


def found(raw: bytes, settings: Settings = SETTINGS) -> FoundFixes:
    return find_fixes(raw, "plan.yaml", settings)


def only_fix(raw: bytes, settings: Settings = SETTINGS) -> Fix:
    fixes = found(raw, settings).fixes
    assert len(fixes) == 1, [fix.message for fix in fixes]
    return fixes[0]


def fixed_text(raw: bytes, unsafe: bool = True) -> str:
    return fix_plan(raw, "plan.yaml", SETTINGS, unsafe).fixed.decode("utf-8")


# -- YAML 1.1 values where text is wanted: quoted as written -----------------------------


@pytest.mark.parametrize(
    ("old", "new", "pointer", "written"),
    [
        ("owner: Programme lead 3", "owner: no", "/questions/general_practice/owner", '"no"'),
        ('version: "1.0"', "version: 1.10", "/submission/version", '"1.10"'),
        ('version: "1.0"', "version: 12:30", "/submission/version", '"12:30"'),
        ("code: 05T", "code: 012", "/footprint/organisations/0/code", '"012"'),
        ("owner: Lead 1,", "owner: Off,", "/questions/prevention/actions/0/owner", '"Off"'),
    ],
)
def test_a_yaml_1_1_value_is_quoted_exactly_as_written(
    old: str, new: str, pointer: str, written: str
) -> None:
    raw = plan_with((old, new))
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer, fix.applicability) == ("STP012", pointer, SAFE)
    value = new.split(": ", 1)[1].rstrip(",")
    assert fixed_text(raw) == raw.decode().replace(new, new.replace(value, written), 1)


def test_a_version_keeps_its_trailing_zero() -> None:
    text = fixed_text(plan_with(('version: "1.0"', "version: 1.10")))
    assert 'version: "1.10"' in text and '"1.1"' not in text
    assert load_bytes(text.encode()).data["submission"]["version"] == "1.10"


def test_a_date_written_yes_stays_with_its_finding() -> None:
    raw = plan_with(
        (
            "owner: Lead 2, due: 2016-12-31, status: open}]",
            "owner: Lead 2, due: yes, status: open}]",
        )
    )
    result = found(raw)
    assert result.fixes == []
    assert any(f.rule == "STP012" for f in result.analysis.result.findings)


def test_quotes_that_would_not_satisfy_the_schema_are_not_offered() -> None:
    # "1e3" in quotes is still no ODS code (capital letters and digits): no fix
    raw = plan_with(("code: RWP", "code: 1e3"))
    assert found(raw).fixes == []
    # a year written 2020 where a financial year is wanted: quotes would not help
    raw = plan_with(("by: 2020/21}]\n  care_and_quality", "by: 2020}]\n  care_and_quality"))
    assert found(raw).fixes == []


def test_an_anchored_value_is_left_alone() -> None:
    # the alias elsewhere would change with it: not a fix stpctl makes
    raw = plan_with(("owner: Programme lead 3", "owner: &who no"))
    assert found(raw).fixes == []


# -- financial years and dates ------------------------------------------------------------


@pytest.mark.parametrize("written", ["2016-17", "2016/2017", "2016-2017"])
def test_a_financial_year_is_written_yyyy_slash_yy(written: str) -> None:
    raw = plan_with(("by: 2016/17, standard: rtt", f"by: {written}, standard: rtt"))
    fix = only_fix(raw)
    assert (fix.rule, fix.applicability) == ("STP013", SAFE)
    assert "by: 2016/17, standard: rtt" in fixed_text(raw)


def test_a_fix_that_would_trade_one_error_for_another_is_not_offered() -> None:
    # 2016-17 is 2016/17, which the list already holds: fixed, it is a year listed twice
    raw = plan_with(("years: [2016/17, 2017/18,", "years: [2016/17, 2016-17,"))
    result = found(raw)
    assert result.fixes == []
    assert any(f.pointer == "/finance/years/1" for f in result.analysis.result.findings)


def test_years_that_do_not_follow_each_other_are_not_guessed() -> None:
    raw = plan_with(("by: 2016/17, standard: rtt", "by: 2016-18, standard: rtt"))
    assert found(raw).fixes == []


def test_a_financial_year_key_is_renamed() -> None:
    raw = plan_with(
        ("do_nothing_gap: {2016/17: 96.0, 2017/18:", "do_nothing_gap: {2016/17: 96.0, 2017-18:")
    )
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer, fix.key) == (
        "STP013",
        "/finance/do_nothing_gap/2017-18",
        "2017/18",
    )
    assert "{2016/17: 96.0, 2017/18: 150.0," in fixed_text(raw)


def test_a_bad_key_and_its_bad_value_get_a_fix_each() -> None:
    raw = plan_with(
        (
            "do_nothing_gap: {2016/17: 96.0, 2017/18: 150.0,",
            "do_nothing_gap: {2016/17: 96.0, 2017-18: £150.0,",
        )
    )
    fixes = found(raw).fixes
    assert sorted((fix.rule, fix.message) for fix in fixes) == [
        ("STP012", "write `£150.0` as the number 150.0: the unit is already pounds"),
        ("STP013", "write the financial year `2017-18` as 2017/18"),
    ]
    assert found(raw).overlapping == []
    assert fixed_text(raw) == PLAN


def test_a_financial_year_key_is_not_renamed_onto_one_already_there() -> None:
    raw = plan_with(
        ("do_nothing_gap: {2016/17: 96.0,", "do_nothing_gap: {2016/17: 96.0, 2016-17: 96.0,")
    )
    assert found(raw).fixes == []


@pytest.mark.parametrize(
    ("written", "iso", "applicability"),
    [
        ("30 June 2016", "2016-06-30", SAFE),
        ("30 Jun 2016", "2016-06-30", SAFE),
        ("30th June 2016", "2016-06-30", SAFE),
        ("30/06/2016", "2016-06-30", SAFE),
        ("30.06.2016", "2016-06-30", SAFE),
        ("06/06/2016", "2016-06-06", SAFE),  # day and month the same: no doubt
        ("03/04/2016", "2016-04-03", UNSAFE),  # 3 April here, 4 March in the US
    ],
)
def test_a_date_is_written_iso_reading_the_day_first(
    written: str, iso: str, applicability: str
) -> None:
    raw = plan_with(("deadline: 2016-06-30,", f"deadline: {written},"))
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer, fix.applicability) == (
        "STP013",
        "/submission/deadline",
        applicability,
    )
    assert f"deadline: {iso}," in fixed_text(raw)


def test_an_unsafe_date_is_applied_only_when_asked_for() -> None:
    raw = plan_with(("deadline: 2016-06-30,", "deadline: 03/04/2016,"))
    assert "deadline: 03/04/2016," in fixed_text(raw, unsafe=False)
    assert "deadline: 2016-04-03," in fixed_text(raw, unsafe=True)
    fix = only_fix(raw)
    assert "day first" in fix.message


@pytest.mark.parametrize("written", ["31/06/2016", "06/30/2016", "June 2016", "30 Juno 2016"])
def test_a_date_that_cannot_be_read_day_first_is_left_alone(written: str) -> None:
    raw = plan_with(("deadline: 2016-06-30,", f"deadline: {written},"))
    assert found(raw).fixes == []


def test_a_quoted_date_keeps_its_quotes() -> None:
    raw = plan_with(("deadline: 2016-06-30,", "deadline: '30/06/2016',"))
    assert "deadline: '2016-06-30'," in fixed_text(raw)


# -- numbers ------------------------------------------------------------------------------


def test_thousands_separators_are_removed() -> None:
    raw = plan_with(("population: 780000", "population: 780,000"))
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer, fix.value) == ("STP012", "/footprint/population", 780000)
    assert "  population: 780000\n" in fixed_text(raw)


def test_a_quoted_number_loses_its_quotes_to_become_a_number() -> None:
    raw = plan_with(("population: 780000", 'population: "780,000"'))
    assert "  population: 780000\n" in fixed_text(raw)


def test_a_number_split_by_a_comma_inside_braces_is_joined() -> None:
    raw = plan_with(("{2016/17: 60.0, 2017/18: 90.0", "{2016/17: 1,060.0, 2017/18: 90.0"))
    fix = only_fix(raw)
    assert (fix.pointer, fix.value) == ("/finance/interventions/0/savings/2016~117", 1060.0)
    assert "{2016/17: 1060.0, 2017/18: 90.0" in fixed_text(raw)


def test_a_pound_sign_goes_where_the_unit_is_already_pounds() -> None:
    raw = plan_with(("do_nothing_gap: {2016/17: 96.0,", "do_nothing_gap: {2016/17: £96.0,"))
    fix = only_fix(raw)
    assert fix.value == 96.0 and "pounds" in fix.message
    assert "do_nothing_gap: {2016/17: 96.0," in fixed_text(raw)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # £1.2m in a field in GBP million: 1.2, or 1,200,000? Left with its finding.
        ("do_nothing_gap: {2016/17: 96.0,", "do_nothing_gap: {2016/17: £1.2m,"),
        # pounds where the unit is a percentage
        (
            "baseline: 50, target: 60, by: 2020/21}]\n    actions: [{id: A1",
            "baseline: £50, target: 60, by: 2020/21}]\n    actions: [{id: A1",
        ),
        # a decimal comma, or thousands? No guess.
        ("population: 780000", "population: 780,00"),
        # inside {…} YAML cut `£1,060.0` at the comma: `£1` is not the figure
        ("{2016/17: 60.0, 2017/18: 90.0", "{2016/17: £1,060.0, 2017/18: 90.0"),
    ],
)
def test_a_figure_whose_meaning_could_change_is_left_alone(old: str, new: str) -> None:
    raw = plan_with((old, new))
    values = [fix for fix in found(raw).fixes if fix.rule == "STP012"]
    assert values == []


# -- keys -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "pointer", "target"),
    [
        (
            "questions: [general_practice",
            "questoins: [general_practice",
            "/priorities/1/questoins",
            "questions",
        ),
        (
            "    owner: Programme lead 8\n",
            "    ower: Programme lead 8\n",
            "/questions/technology/ower",
            "owner",
        ),
        (
            "  region: Midlands and East\n",
            "  regoin: Midlands and East\n",
            "/footprint/regoin",
            "region",
        ),
    ],
)
def test_a_misspelt_key_with_one_close_match_is_renamed(
    old: str, new: str, pointer: str, target: str
) -> None:
    raw = plan_with((old, new))
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer, fix.key, fix.applicability) == ("STP010", pointer, target, SAFE)
    assert fixed_text(raw) == PLAN  # the key as it should be, and nothing else changed


def test_a_rename_keeps_the_comment_after_it() -> None:
    raw = plan_with(("    owner: Programme lead 8\n", "    ower: Programme lead 8  # tech lead\n"))
    assert "    owner: Programme lead 8  # tech lead\n" in fixed_text(raw)


def test_a_rename_onto_a_key_already_there_is_refused() -> None:
    raw = plan_with(
        ("  region: Midlands and East\n", "  region: Midlands and East\n  regoin: Midlands\n")
    )
    result = found(raw)
    assert result.fixes == []
    assert any(f.rule == "STP010" for f in result.analysis.result.findings)


def test_an_unknown_key_with_no_close_match_is_left_alone() -> None:
    raw = plan_with(
        ("    signed_off: 2016-06-29\n", "    signed_off: 2016-06-29\n    members: 3\n")
    )
    assert found(raw).fixes == []


def test_a_key_written_twice_with_the_same_value_loses_its_second_line() -> None:
    raw = plan_with(
        (
            "    owner: Programme lead 9\n",
            "    owner: Programme lead 9\n    owner: Programme lead 9\n",
        )
    )
    fix = only_fix(raw)
    assert (fix.rule, fix.pointer) == ("STP004", "/questions/workforce/owner")
    text = fixed_text(raw)
    assert text == PLAN


def test_a_key_written_twice_inside_braces_loses_its_second_entry() -> None:
    raw = plan_with(
        (
            "owner: Lead 2, due: 2016-12-31, status: open}]",
            "owner: Lead 2, due: 2016-12-31, status: open, due: 2016-12-31}]",
        )
    )
    fix = only_fix(raw)
    assert fix.pointer == "/questions/engagement/actions/0/due"
    assert fixed_text(raw) == PLAN


@pytest.mark.parametrize(
    "second",
    [
        "    owner: Programme lead 10\n",  # another value: which one was meant?
        "    owner: Programme lead 9  # the new lead\n",  # a comment would be lost
        "    owner: &lead Programme lead 9\n    x-deputy: *lead\n",  # the alias needs it
    ],
)
def test_a_key_written_twice_is_left_when_removing_one_could_lose_something(second: str) -> None:
    raw = plan_with(("    owner: Programme lead 9\n", "    owner: Programme lead 9\n" + second))
    assert found(raw).fixes == []


# -- what settings say ------------------------------------------------------------------------


def test_a_rule_switched_off_gets_no_fix() -> None:
    raw = plan_with(("owner: Programme lead 3", "owner: no"))
    assert found(raw, Settings(as_of=SETTINGS.as_of, severities={"STP012": None})).fixes == []


def test_a_plan_that_does_not_load_gets_its_finding_and_no_fix() -> None:
    result = found(b"stp_plan: 1\nfootprint: [\n")
    assert result.fixes == [] and result.loaded is None
    assert [f.rule for f in result.analysis.result.findings] == ["STP002"]


# -- every other byte kept -------------------------------------------------------------------


def test_line_ends_and_a_byte_order_mark_are_kept() -> None:
    raw = b"\xef\xbb\xbf" + plan_with(("owner: Programme lead 3", "owner: no")).replace(
        b"\n", b"\r\n"
    )
    result = found(raw)
    [fix] = result.fixes
    fixed = apply_fixes(result, [fix])
    assert fixed.startswith(b"\xef\xbb\xbf")
    assert fixed == raw.replace(b"owner: no\r\n", b'owner: "no"\r\n')
    assert fixed.count(b"\r\n") == raw.count(b"\r\n") and b"\n" not in fixed.replace(b"\r\n", b"")


def test_fixes_that_unlock_others_run_again() -> None:
    # `ower` becomes `owner`, and only then is its `no` checked: a second pass quotes it
    raw = plan_with(("    owner: Programme lead 8\n", "    ower: no\n"))
    run = fix_plan(raw, "plan.yaml", SETTINGS, unsafe=False)
    assert [fix.rule for fix in run.applied] == ["STP010", "STP012"]
    assert '    owner: "no"\n' in run.fixed.decode()


@pytest.mark.parametrize("second", ["Midlands", "Midlands and East"])
def test_a_misspelt_key_written_twice_is_not_renamed_while_it_is_twice(second: str) -> None:
    """Renaming the entry that counts would leave the other behind as a new
    key (found by the fuzzer: `stpctl fix` stopped with an internal error)."""
    raw = plan_with(
        (
            "  region: Midlands and East\n",
            f"  regoin: Midlands and East\n  regoin: {second}\n",
        )
    )
    result = found(raw)
    assert all(fix.key != "region" for fix in result.fixes), [f.message for f in result.fixes]
    fix_plan(raw, "plan.yaml", SETTINGS, unsafe=True)  # and never an internal error


def test_a_misspelt_key_written_twice_alike_is_mended_in_two_passes() -> None:
    raw = plan_with(
        ("  region: Midlands and East\n", "  regoin: Midlands and East\n" * 2),
    )
    assert fixed_text(raw, unsafe=False) == PLAN  # one entry removed, then renamed
