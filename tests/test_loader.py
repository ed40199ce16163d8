"""The loader: data, positions and load findings from a plan's bytes."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator

import pytest
import yaml

from stpctl.load import loader as loader_module
from stpctl.load.loader import LoadedPlan, load_bytes, load_text
from stpctl.records.finding import Finding
from stpctl.records.pointers import display_path


def load(text: str) -> LoadedPlan:
    return load_text(textwrap.dedent(text))


def only_finding(loaded: LoadedPlan) -> Finding:
    """The one finding of a load that stopped."""
    assert loaded.data is None
    assert len(loaded.findings) == 1
    return loaded.findings[0]


# -- positions ----------------------------------------------------------------


def test_block_style_positions_point_at_values_and_keys() -> None:
    loaded = load(
        """\
        stp_plan: 1
        footprint:
          name: Devon
          organisations:
            - name: NEW Devon CCG
              code: 99P
            - {name: Torbay Council, code: E06000027}
        """
    )
    values = loaded.positions.values
    assert values["/stp_plan"] == (1, 11)
    assert values["/footprint/name"] == (3, 9)
    assert values["/footprint/organisations/0/name"] == (5, 13)
    assert values["/footprint/organisations/0/code"] == (6, 13)
    assert values["/footprint/organisations/1/code"] == (7, 36)
    # a nested block is located at the key that introduces it
    assert values["/footprint"] == (2, 1)
    assert values["/footprint/organisations"] == (4, 3)
    assert loaded.positions.keys["/footprint/organisations/0/code"] == (6, 7)


def test_flow_style_positions() -> None:
    loaded = load("footprint: {name: Devon, organisations: [{code: 99P}, {code: RH8}]}\n")
    values = loaded.positions.values
    assert values["/footprint/name"] == (1, 19)
    assert values["/footprint/organisations/0"] == (1, 42)
    assert values["/footprint/organisations/0/code"] == (1, 49)
    assert values["/footprint/organisations/1/code"] == (1, 62)
    assert loaded.positions.keys["/footprint/organisations/1/code"] == (1, 56)


def test_nested_lists_have_one_position_per_item() -> None:
    loaded = load(
        """\
        matrix:
          - - a
            - b
          - [c, [d, e]]
        """
    )
    assert loaded.data == {"matrix": [["a", "b"], ["c", ["d", "e"]]]}
    values = loaded.positions.values
    assert values["/matrix/0/0"] == (2, 7)
    assert values["/matrix/0/1"] == (3, 7)
    assert values["/matrix/1/0"] == (4, 6)
    assert values["/matrix/1/1/1"] == (4, 13)


def test_multi_line_scalars_are_located_at_their_indicator() -> None:
    loaded = load(
        """\
        literal: |
          line one
          line two
        folded: >
          folded
          text
        after: 3
        """
    )
    assert loaded.data == {
        "literal": "line one\nline two\n",
        "folded": "folded text\n",
        "after": 3,
    }
    assert loaded.positions.values["/literal"] == (1, 10)
    assert loaded.positions.values["/folded"] == (4, 9)
    assert loaded.positions.values["/after"] == (7, 8)


def test_comments_and_blank_lines_do_not_shift_lines() -> None:
    loaded = load("# heading\na: 1  # trailing\n\n# more\nb: 2\n")
    assert loaded.positions.values["/a"] == (2, 4)
    assert loaded.positions.values["/b"] == (5, 4)


def test_crlf_line_endings_count_once() -> None:
    loaded = load_bytes(b"a: 1\r\nb:\r\n  c: two\r\n")
    assert loaded.data == {"a": 1, "b": {"c": "two"}}
    assert loaded.positions.values["/b/c"] == (3, 6)
    assert loaded.findings == []


def test_utf8_byte_order_mark_is_skipped_and_columns_stay_right() -> None:
    loaded = load_bytes(b"\xef\xbb\xbfa: 1\nb: x\n")
    assert loaded.data == {"a": 1, "b": "x"}
    assert loaded.positions.values["/a"] == (1, 4)
    assert loaded.positions.keys["/a"] == (1, 1)


def test_columns_count_characters_not_bytes() -> None:
    # é is two bytes and 😀 four in UTF-8; a column is one per character.
    loaded = load_bytes("{née: x, b: 2, 😀: 3, c: four}\n".encode())
    assert loaded.positions.values["/b"] == (1, 13)
    assert loaded.positions.values["/c"] == (1, 25)
    loaded = load("title: Café Zoë\nnext: [é, ü, last]\n")
    assert loaded.positions.values["/next/2"] == (2, 14)


def test_display_path() -> None:
    assert display_path("/questions/prevention/actions/0/due") == (
        "questions.prevention.actions[0].due"
    )
    assert display_path("/finance/do_nothing_gap/2016~117") == "finance.do_nothing_gap.2016/17"
    assert display_path("") == ""


# -- keys written twice ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "pointer", "line", "column", "lines"),
    [
        ("a: 1\nb: 2\na: 3\n", "/a", 3, 1, "on line 1 and again on line 3"),
        ("f:\n  x:\n    n: 1\n    n: 2\n", "/f/x/n", 4, 5, "on line 3 and again on line 4"),
        ("f: {n: 1, m: 2, n: 3}\n", "/f/n", 1, 17, "on line 1, at columns 5 and 17"),
        ("l:\n  - {k: 1,\n     k: 2}\n", "/l/0/k", 3, 6, "on line 2 and again on line 3"),
        (
            "l:\n  - id: A1\n    t: x\n    id: A2\n",
            "/l/0/id",
            4,
            5,
            "on line 2 and again on line 4",
        ),
    ],
)
def test_duplicate_keys_name_both_lines(
    text: str, pointer: str, line: int, column: int, lines: str
) -> None:
    loaded = load_text(text)
    assert loaded.ok  # checking goes on with the second value
    [finding] = loaded.findings
    assert (finding.rule, finding.pointer, finding.line, finding.column) == (
        "STP004",
        pointer,
        line,
        column,
    )
    assert lines in finding.message
    assert "written twice" in finding.message


def test_duplicate_key_keeps_the_second_value() -> None:
    loaded = load_text("a: 1\na: 2\n")
    assert loaded.data == {"a": 2}


# -- YAML 1.1 types ---------------------------------------------------------------


def test_implicit_types_are_recorded_with_what_was_written() -> None:
    loaded = load(
        """\
        a: yes
        b: no
        c: on
        d: off
        e: ~
        f: 1e3
        g: 012
        h: 12:30
        i: 0.4
        j: "yes"
        k: plain text
        """
    )
    assert loaded.data == {
        "a": True,
        "b": False,
        "c": True,
        "d": False,
        "e": None,
        "f": 1000.0,
        "g": 10,
        "h": 750,
        "i": 0.4,
        "j": "yes",
        "k": "plain text",
    }
    assert loaded.implicit == {
        "/a": "yes",
        "/b": "no",
        "/c": "on",
        "/d": "off",
        "/e": "~",
        "/f": "1e3",
        "/g": "012",
        "/h": "12:30",
        "/i": "0.4",
    }


def test_yaml_1_1_corners_read_as_pyyaml_reads_them() -> None:
    loaded = load("a: [01:30, 0:30.5, .Inf, .iNf, .NaN, 08, 0x1F, 0b11, 1_000]\n")
    values = loaded.data["a"]
    assert values[0] == "01:30"  # base 60 must not start with 0
    assert values[1] == 30.5
    # infinity and NaN are read, but no figure may be either: kept as written
    assert values[2] == ".Inf" and loaded.out_of_range["/a/2"] == ".Inf"
    assert values[3] == ".iNf"  # not one of the spellings YAML lists
    assert values[4] == ".NaN" and loaded.out_of_range["/a/4"] == ".NaN"
    assert values[5:] == ["08", 31, 3, 1000]


def test_dates_years_and_codes_stay_text() -> None:
    loaded = load(
        """\
        due: 2016-06-30
        at: 2016-06-30T10:00:00Z
        year: 2016/17
        ccg: 05T
        trust: RWP
        footprint: E54000019
        years: [2016/17, 2017/18]
        do_nothing_gap: {2016/17: 96.0}
        """
    )
    assert loaded.data == {
        "due": "2016-06-30",
        "at": "2016-06-30T10:00:00Z",
        "year": "2016/17",
        "ccg": "05T",
        "trust": "RWP",
        "footprint": "E54000019",
        "years": ["2016/17", "2017/18"],
        "do_nothing_gap": {"2016/17": 96.0},
    }
    assert loaded.implicit == {"/do_nothing_gap/2016~117": "96.0"}


def test_keys_stay_as_written() -> None:
    loaded = load("yes: 1\n012: 2\n~: 3\n2016/17: 4\n")
    assert list(loaded.data) == ["yes", "012", "~", "2016/17"]
    assert loaded.positions.values["/2016~117"] == (4, 10)


def test_empty_value_is_null_and_located_at_its_key() -> None:
    loaded = load("questions:\n  prevention:\n  workforce: x\n")
    assert loaded.data == {"questions": {"prevention": None, "workforce": "x"}}
    assert loaded.positions.values["/questions/prevention"] == (2, 3)


# -- what stops a load -------------------------------------------------------------


def test_not_utf8_names_the_line_and_column_of_the_bad_byte() -> None:
    loaded = load_bytes("ok: 1\nname: café ".encode() + b"\xe9\n")
    found = only_finding(loaded)
    assert (found.rule, found.line, found.column) == ("STP001", 2, 12)
    assert "byte 0xE9 at line 2, column 12" in found.message
    assert "UTF-8" in found.message


def test_latin1_file_is_not_utf8() -> None:
    found = only_finding(load_bytes(b"name: caf\xe9\n"))
    assert (found.rule, found.line, found.column) == ("STP001", 1, 10)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_is_refused_with_advice(encoding: str) -> None:
    found = only_finding(load_bytes("stp_plan: 1\n".encode(encoding)))
    assert (found.rule, found.line, found.column) == ("STP001", 1, 1)
    assert "UTF-16" in found.message and "UTF-8" in found.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "holds nothing"),
        ("\n\n", "holds nothing"),
        ("# only\n# comments\n", "only comments"),
        ("- stp_plan: 1\n", "holds a list"),
        ("just text\n", "single value (`just text`)"),
        ("42\n", "single value (`42`)"),
    ],
)
def test_not_a_mapping_is_stp003(text: str, words: str) -> None:
    found = only_finding(load_text(text))
    assert (found.rule, found.line, found.column) == ("STP003", 1, 1)
    assert words in found.message
    assert "mapping" in found.message


def test_two_documents_are_refused_naming_the_second() -> None:
    found = only_finding(load_text("a: 1\n---\nb: 2\n"))
    assert (found.rule, found.line, found.column) == ("STP003", 2, 1)
    assert "more than one YAML document (another starts on line 2)" in found.message


def test_syntax_error_gives_position_and_excerpt() -> None:
    found = only_finding(load_text("a: 1\nb: [1, 2\nc: 3\n"))
    assert (found.rule, found.line, found.column) == ("STP002", 3, 2)
    assert "(line 3, column 2)" in found.message
    assert "`c: 3`" in found.message


def test_tab_indentation_says_use_spaces() -> None:
    found = only_finding(load_text("a:\n\tb: 1\n"))
    assert (found.rule, found.line, found.column) == ("STP002", 2, 1)
    assert found.message.endswith("indent with spaces, not tabs")


def test_control_character_is_named() -> None:
    found = only_finding(load_text("a: 1\nb: x\x07y\n"))
    assert (found.rule, found.line, found.column) == ("STP002", 2, 5)
    assert "U+0007" in found.message


def test_alias_to_unknown_anchor() -> None:
    found = only_finding(load_text("a: 1\nb: *nowhere\n"))
    assert (found.rule, found.line, found.column) == ("STP002", 2, 4)
    assert "`*nowhere`" in found.message


# -- safety -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a: !!python/object:os.system x\n", "!!python/object:os.system"),
        ("a: !!python/object/apply:os.system [echo hi]\n", "!!python/object/apply:os.system"),
        ("a: !!python/object/new:dict {}\n", "!!python/object/new:dict"),
        ("a: !custom x\n", "!custom"),
        ("a: !!binary aGk=\n", "!!binary"),
        ("a: !!set {x: null}\n", "!!set"),
        ("? !thing key\n: v\n", "!thing"),
    ],
)
def test_tags_are_refused(text: str, shown: str) -> None:
    found = only_finding(load_text(text))
    assert found.rule == "STP005"
    assert f"the tag `{shown}` is refused" in found.message


def test_python_tag_constructs_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    called: list[object] = []
    monkeypatch.setattr("os.system", lambda *args: called.append(args) or 0)
    loaded = load_text("a: !!python/object/apply:os.system ['echo owned']\n")
    assert loaded.data is None
    assert called == []


def test_standard_tags_are_accepted() -> None:
    loaded = load_text('a: !!str 012\nb: !!int "7"\nc: !!float 1\nd: !!bool yes\ne: !!null ""\n')
    assert loaded.data == {"a": "012", "b": 7, "c": 1.0, "d": True, "e": None}


def test_tag_that_does_not_fit_its_value() -> None:
    found = only_finding(load_text("a: !!int seven\n"))
    assert (found.rule, found.line, found.column) == ("STP002", 1, 4)
    assert "`seven` does not match its tag `!!int`" in found.message


BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


def test_alias_bomb_stops_with_stp005() -> None:
    found = only_finding(load_text(BILLION_LAUGHS))
    assert found.rule == "STP005"
    assert "alias bomb" in found.message


def test_alias_bomb_is_refused_without_expanding_it() -> None:
    # Expanded, this is 9**9 strings: if the bound were missing the child
    # would run out of memory or never finish; the timeout only guards CI.
    code = (
        "import sys; from stpctl.load.loader import load_text; "
        "f = load_text(sys.stdin.read()).findings; print(f[0].rule)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        input=BILLION_LAUGHS,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "STP005"


DEEP_TEXTS = {
    "flow": "[" * 50_000,
    "flow-closed": "x: " + "[" * 5_000 + "]" * 5_000 + "\n",
    "flow-mapping": "x: " + "{a: " * 3_000 + "1" + "}" * 3_000 + "\n",
    "flow-multiline": "x:\n  " + "[\n  " * 2_000,
    "block-list": "".join(" " * i + "-\n" for i in range(0, 400, 2)),
    "block-compact": "x:\n" + "- " * 5_000 + "x\n",
}


@pytest.mark.parametrize("parser", ["libyaml", "python"])
@pytest.mark.parametrize("name", sorted(DEEP_TEXTS))
def test_deep_nesting_is_stp005_whichever_parser(
    monkeypatch: pytest.MonkeyPatch, parser: str, name: str
) -> None:
    """Our limit holds whether or not the parser has a nesting limit of its own
    (libyaml's, since PyYAML 6.0.4, stops near 1,000 levels; the pure-Python
    parser has none)."""
    if parser == "python":
        monkeypatch.setattr(loader_module, "_Parser", yaml.SafeLoader)
    found = only_finding(load_text(DEEP_TEXTS[name]))
    assert found.rule == "STP005"
    assert "nests more than 100 levels" in found.message


def test_deep_nesting_is_stp005_whatever_the_parser_says(monkeypatch: pytest.MonkeyPatch) -> None:
    """A parser that stops deep inside the nesting with words we have never
    seen still gives STP005, at the place it stopped."""
    text = "stp_plan: 1\nx: " + "[" * 500

    parse = yaml.parse

    def refuse(stream: str, Loader: object) -> Iterator[object]:
        yield from parse("stp_plan: 1\n", Loader=yaml.SafeLoader)
        mark = yaml.Mark("<text>", len(stream), 1, 503, None, None)
        raise yaml.scanner.ScannerError("while doing this", mark, "words never seen before", mark)

    monkeypatch.setattr(loader_module.yaml, "parse", refuse)
    found = only_finding(load_text(text))
    assert (found.rule, found.line, found.column) == ("STP005", 2, 504)


def test_shallow_syntax_error_stays_a_syntax_error() -> None:
    found = only_finding(load_text("x: [[[1, 2]\ny: 3\n"))
    assert found.rule == "STP002"


def test_brackets_inside_quotes_and_comments_do_not_count_as_nesting() -> None:
    """The depth estimate that classifies parser errors ignores quoted text
    and comments, so a syntax error beside such text stays STP002."""
    noise = "q: '" + "[" * 300 + "'\nr: \"" + "{" * 300 + '"\n# ' + "[" * 300 + "\n"
    found = only_finding(load_text(noise + "s: [it's, [1, 2\n"))
    assert found.rule == "STP002"


def test_deep_block_mapping_is_stp005() -> None:
    text = "".join("  " * depth + f"k{depth}:\n" for depth in range(150))
    found = only_finding(load_text(text))
    assert (found.rule, found.line) == ("STP005", 101)


# -- anchors, aliases and merge keys -------------------------------------------------


def test_anchors_and_aliases_in_normal_use() -> None:
    loaded = load(
        """\
        lead: &lead Director of Strategy
        owner: *lead
        years: &years [2016/17, 2017/18]
        also: *years
        """
    )
    assert loaded.data == {
        "lead": "Director of Strategy",
        "owner": "Director of Strategy",
        "years": ["2016/17", "2017/18"],
        "also": ["2016/17", "2017/18"],
    }
    assert loaded.findings == []
    assert loaded.positions.values["/owner"] == (2, 8)
    assert loaded.positions.values["/also"] == (4, 7)


def test_merge_key_fills_missing_keys_and_local_keys_win() -> None:
    loaded = load(
        """\
        defaults: &defaults {status: open, owner: PMO}
        action:
          <<: *defaults
          owner: Medical Director
        """
    )
    assert loaded.data["action"] == {"status": "open", "owner": "Medical Director"}
    assert loaded.findings == []  # a local key overriding a merged one is not a duplicate
    assert loaded.positions.values["/action/status"] == (3, 7)
    assert loaded.positions.values["/action/owner"] == (4, 10)


def test_merge_key_with_a_list_of_mappings() -> None:
    loaded = load("a: &a {x: 1}\nb: &b {y: 2}\nc:\n  <<: [*a, *b]\n  z: 3\n")
    assert loaded.data["c"] == {"x": 1, "y": 2, "z": 3}


def test_merge_key_of_a_scalar_is_an_error() -> None:
    found = only_finding(load_text("a:\n  <<: text\n"))
    assert found.rule == "STP002"
    assert "merge key `<<`" in found.message


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    loaded = load_text("a:\n  '<<': text\n")
    assert loaded.data == {"a": {"<<": "text"}}


# --- hints for the usual causes of a syntax error ------------------------------------------


def test_a_merge_conflict_left_in_is_named_at_its_marker() -> None:
    text = (
        "stp_plan: 1\nfootprint:\n<<<<<<< HEAD\n  name: Devon\n=======\n"
        "  name: Dorset\n>>>>>>> branch\n"
    )
    (finding,) = load_text(text).findings
    assert (finding.rule, finding.line, finding.column) == ("STP002", 3, 1)
    assert "merge conflict" in finding.message


def test_curly_quotes_from_word_are_named_on_their_own_line() -> None:
    text = (
        'stp_plan: 1\nfootprint:\n  name: "Herefordshire\u201d\n  code: E54000019\n'
        "  region: Midlands\nquestions: {}\n"
    )
    (finding,) = load_text(text).findings
    assert finding.rule == "STP002"
    assert finding.line == 3
    assert "curly quotes" in finding.message


def test_a_quote_never_closed_points_where_it_opened() -> None:
    (finding,) = load_text('stp_plan: 1\nfootprint:\n  name: "Devon\n  code: E54000037\n').findings
    assert (finding.line, finding.column) == (3, 9)
    assert "never closed" in finding.message


def test_a_colon_in_unquoted_text_suggests_quotes() -> None:
    (finding,) = load_text("questions:\n  answer: Our aim: zero deaths\n").findings
    assert "put the text in quotes" in finding.message
