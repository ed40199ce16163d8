"""What one file can make the loader build is capped (issue 10, §5): text
added by aliases (in characters, not only in nodes), values in all, the
characters of all the JSON pointers that name them, base-60 numbers, and
the duplicate-key findings kept.  Each cap stops the load with one STP005
finding, or keeps what it caps countable, so a file of at most --max-bytes
is checked in bounded time and memory.  Nothing here times anything: the
caps are what the tests hold.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings, check_bytes
from stpctl.load import limits
from stpctl.load.loader import load_text
from stpctl.load.yaml_scalars import MAX_BASE60_PARTS, resolve_plain
from stpctl.records.finding import Severity
from stpctl.records.finding_cap import SHOWN_PER_RULE

ROOT = Path(__file__).resolve().parent.parent
DRAFT = (ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml").read_text("utf-8")
SETTINGS = Settings(as_of=date(2016, 6, 30))


def only_finding(text: str) -> tuple[str, str, int]:
    loaded = load_text(text)
    assert not loaded.ok, "the load should have stopped"
    assert len(loaded.findings) == 1
    finding = loaded.findings[0]
    return finding.rule, finding.message, finding.line


# -- text added by aliases ----------------------------------------------------------------


def test_an_anchored_key_reused_as_duplicate_keys_is_capped_by_its_characters() -> None:
    # Issue 10: a 10 KB anchored key reused 20,000 times once gave 406 MB of
    # JSON: each use adds one node, far below the node cap, but 10 KB of text.
    key = "k" * 10_000
    # (a key of more than 1,024 characters must be written as an explicit `? key`)
    text = f"stp_plan: 1\nx-notes:\n  ? &k {key}\n  : 1\n" + "  *k : 1\n" * 2_000
    rule, message, line = only_finding(text)
    assert rule == "STP005"
    assert f"{limits.MAX_ALIAS_CHARS:,} characters" in message
    assert "`*k`" in message
    # stopped at the first alias past the cap: 10,000 characters each
    assert line == 4 + limits.MAX_ALIAS_CHARS // 10_000 + 1


def test_an_anchored_text_aliased_as_many_values_is_capped() -> None:
    title = "t" * 10_000
    items = "".join("  - *t\n" for _ in range(500))
    rule, message, _ = only_finding(f"stp_plan: 1\nx-a: &t {title}\nx-list:\n{items}")
    assert rule == "STP005"
    assert "characters" in message


def test_aliases_of_a_mapping_count_its_keys_and_values() -> None:
    block = "{" + ", ".join(f"k{n}: {'v' * 1000}" for n in range(50)) + "}"
    items = "".join("  - *m\n" for _ in range(40))  # 40 times 50,000 characters
    rule, _, _ = only_finding(f"stp_plan: 1\nx-a: &m {block}\nx-list:\n{items}")
    assert rule == "STP005"


def test_honest_aliases_are_read() -> None:
    owner = "Director of Strategy, Herefordshire and Worcestershire CCGs"
    items = "".join(f"  - {{id: A{n}, owner: *o}}\n" for n in range(2_000))
    loaded = load_text(f"stp_plan: 1\nx-o: &o {owner}\nx-actions:\n{items}")
    assert loaded.ok, loaded.findings
    assert loaded.data["x-actions"][1999]["owner"] == owner


# -- values in all, and the characters of their pointers ----------------------------------


def test_the_values_of_a_file_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_VALUES", 1_000)
    rule, message, line = only_finding("stp_plan: 1\nx-list:\n" + "- 0\n" * 1_500)
    assert rule == "STP005"
    assert "more than 1,000 values" in message
    # the root mapping, stp_plan's 1 and the list are values too, so the
    # 998th item, on line 1,000, is the 1,001st value
    assert line == 1_000


def test_values_added_by_aliases_count_towards_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_VALUES", 1_000)
    block = "[" + ", ".join(["0"] * 100) + "]"
    rule, message, _ = only_finding(
        f"stp_plan: 1\nx-a: &a {block}\nx-b: [{', '.join(['*a'] * 12)}]\n"
    )
    assert rule == "STP005"
    assert "values" in message


def test_the_value_cap_leaves_room_for_far_larger_plans_than_real_ones() -> None:
    # A real plan holds about 1,000 values; test_hostile checks a plan of
    # 20,000 actions (about 150,000 values) still validates.
    assert limits.MAX_VALUES >= 200_000


def test_the_characters_of_all_pointers_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every value's JSON pointer repeats the keys above it: long keys nested
    # deep with many values below would make gigabytes of pointers.
    monkeypatch.setattr(limits, "MAX_POINTER_CHARS", 100_000)
    key = "k" * 1_000
    head = "".join(f"{'  ' * level}{key}{level}:\n" for level in range(10))
    text = "stp_plan: 1\nx-deep:\n" + "".join(f"  {row}\n" for row in head.splitlines())
    text += f"{'  ' * 11}- 0\n" * 200
    rule, message, _ = only_finding(text)
    assert rule == "STP005"
    assert "100,000 characters" in message


# -- base 60 ------------------------------------------------------------------------------


def test_base60_numbers_with_a_few_parts_are_numbers() -> None:
    assert resolve_plain("1:30") == 90
    assert resolve_plain("190:20:30") == 685_230
    assert resolve_plain("-1:30") == -90
    assert resolve_plain("1:30.5") == 90.5
    parts = "1" + ":0" * (MAX_BASE60_PARTS - 1)
    assert resolve_plain(parts) == 60 ** (MAX_BASE60_PARTS - 1)


def test_base60_with_more_parts_stays_text() -> None:
    # Issue 10: converting `1:0:0:…` part by part was quadratic (145 s at 2 MB).
    many = "1" + ":0" * MAX_BASE60_PARTS
    assert resolve_plain(many) == many
    huge = "1" + ":0" * 200_000
    assert resolve_plain(huge) == huge


def test_a_population_of_many_base60_parts_is_reported_as_text() -> None:
    value = "1" + ":0" * 50_000
    plan = DRAFT.replace("population: ", f"population: {value}\n  x-was: ", 1)
    result = check_bytes(plan.encode(), "plan.yaml", SETTINGS)
    found = [f for f in result.findings if f.pointer == "/footprint/population"]
    assert [f.rule for f in found] == ["STP012"]
    assert "whole number" in found[0].message
    assert len(found[0].message) < 500


# -- duplicate keys -----------------------------------------------------------------------


def test_duplicate_keys_are_listed_up_to_the_cap_and_all_counted() -> None:
    plan = DRAFT + "x-repeats:\n" + "  a: 1\n" * 1_001  # 1,000 repeats
    result = check_bytes(plan.encode(), "plan.yaml", SETTINGS)
    listed = [f for f in result.findings if f.rule == "STP004" and not f.more]
    summary = [f for f in result.findings if f.rule == "STP004" and f.more]
    assert len(listed) == SHOWN_PER_RULE
    assert [f.more for f in summary] == [1_000 - SHOWN_PER_RULE]
    assert summary[0].severity is Severity.ERROR
    assert f"{1_000 - SHOWN_PER_RULE:,} more STP004" in summary[0].message
    assert result.count(Severity.ERROR) == 1_000


def test_a_long_key_written_twice_is_quoted_short() -> None:
    key = "k" * 900
    loaded = load_text(f"stp_plan: 1\nx-notes:\n  {key}: 1\n  {key}: 2\n")
    [finding] = loaded.findings
    assert finding.rule == "STP004"
    assert len(finding.message) < 300
    assert "line 3" in finding.message and "line 4" in finding.message
