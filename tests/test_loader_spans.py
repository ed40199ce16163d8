"""Where each node of a plan ends, and the character offsets of every key and
value: what fixes edit and what a language server needs for ranges."""

from __future__ import annotations

import re
import textwrap
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stpctl.load.loader import LoadedPlan, Positions, Span, decode, load_bytes, load_text
from stpctl.records.pointers import escape_pointer_token

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


def load(text: str) -> tuple[str, LoadedPlan]:
    text = textwrap.dedent(text)
    return text, load_text(text)


def written(text: str, span: Span | None) -> str:
    assert span is not None
    return text[span.start : span.end]


class Spans:
    """``spans[pointer]`` for the value, ``spans.key(pointer)`` for the key."""

    def __init__(self, positions: Positions) -> None:
        self.positions = positions

    def __getitem__(self, pointer: str) -> Span:
        span = self.positions.span(pointer)
        assert span is not None, pointer
        return span


def test_scalar_values_and_keys_have_offsets_into_the_text() -> None:
    text, loaded = load(
        """\
        stp_plan: 1
        footprint:
          name: Devon  # the county
          organisations:
            - {name: "Torbay Council", code: 'E06000027'}
        """
    )
    spans = Spans(loaded.positions)
    keys = loaded.positions.key_span
    assert written(text, spans["/stp_plan"]) == "1"
    assert written(text, spans["/footprint/name"]) == "Devon"
    assert written(text, keys("/footprint/name")) == "name"
    assert written(text, spans["/footprint/organisations/0/name"]) == '"Torbay Council"'
    assert written(text, spans["/footprint/organisations/0/code"]) == "'E06000027'"
    assert written(text, keys("/footprint/organisations/0/code")) == "code"


def test_scalar_styles_are_recorded() -> None:
    _, loaded = load(
        """\
        plain: a
        single: 'b'
        double: "c"
        literal: |
          d
        folded: >
          e
        flow: {f: g}
        block:
          - h
        alias: &x i
        again: *x
        """
    )
    style = {pointer: span.style for pointer, span in loaded.positions.spans()}
    assert style["/plain"] == "plain"
    assert style["/single"] == "single"
    assert style["/double"] == "double"
    assert style["/literal"] == "literal"
    assert style["/folded"] == "folded"
    assert style["/flow"] == "flow"
    assert style["/block"] == "block"
    assert style["/again"] == "alias"
    assert Spans(loaded.positions)["/double"].start > 0
    key = loaded.positions.key_span("/double")
    assert key is not None and key.style == "plain"


def test_nodes_record_where_they_end() -> None:
    text, loaded = load(
        """\
        a:
          b: 1
          c: [1, 2]
          # a comment after the last entry

        d: {e: f}
        g: |
          two
          lines
        h: last
        """
    )
    spans = Spans(loaded.positions)
    # a block mapping ends where its last value ends, not at the next key
    assert (spans["/a"].end_line, spans["/a"].end_column) == (3, 12)
    assert written(text, spans["/a"]) == "b: 1\n  c: [1, 2]"
    assert (spans["/d"].end_line, spans["/d"].end_column) == (6, 10)
    assert written(text, spans["/d"]) == "{e: f}"
    assert (spans["/h"].end_line, spans["/h"].end_column) == (10, 8)
    assert loaded.positions.end("/h") == (10, 8)
    assert loaded.positions.end("/a/c/1") == (3, 11)
    assert loaded.positions.end("/nowhere") == loaded.positions.end("")


def test_offsets_count_a_crlf_as_two_characters() -> None:
    raw = b"a: 1\r\nb:\r\n  c: two\r\n"
    loaded = load_bytes(raw)
    text = decode(raw)
    span = Spans(loaded.positions)["/b/c"]
    assert written(text, span) == "two"
    assert (span.start, span.end) == (15, 18)
    assert (span.end_line, span.end_column) == (3, 9)


def test_offsets_count_from_after_a_byte_order_mark() -> None:
    raw = b"\xef\xbb\xbfa: 1\nb: x\n"
    loaded = load_bytes(raw)
    text = decode(raw)
    assert not text.startswith("\ufeff")
    assert loaded.positions.text == text
    assert written(text, loaded.positions.span("/b")) == "x"
    assert written(text, loaded.positions.key_span("/a")) == "a"
    # a BOM given to load_text is not counted either, as libyaml does not count it
    loaded = load_text("\ufeffa: 1\nb: x\n")
    assert written(loaded.positions.text, loaded.positions.span("/b")) == "x"


def test_lines_break_where_libyaml_breaks_them() -> None:
    # YAML 1.1 also ends lines at NEL, LS and PS; ends must agree with starts
    text = "a: 'x\x85y'\nb: 2\u2029c: three\n"
    loaded = load_text(text)
    span = Spans(loaded.positions)["/c"]
    assert (span.line, span.column) == loaded.positions.values["/c"] == (4, 4)
    assert (span.end_line, span.end_column) == (4, 9)
    assert loaded.positions.end("/a") == (2, 3)


def test_offsets_count_characters_not_bytes() -> None:
    text = "{née: x, b: 2, 😀: 3, c: four}\n"
    loaded = load_bytes(text.encode())
    assert written(text, loaded.positions.span("/c")) == "four"
    assert written(text, loaded.positions.key_span("/😀")) == "😀"


def test_a_split_number_spans_all_its_pieces() -> None:
    text, loaded = load("savings: {2016/17: 1,190,000.5, 2017/18: 3.0}\n")
    span = Spans(loaded.positions)["/savings/2016~117"]
    assert written(text, span) == "1,190,000.5"
    assert (span.end_line, span.end_column) == (1, 31)


def test_a_key_written_twice_keeps_where_both_were_written() -> None:
    text, loaded = load(
        """\
        a: {x: 1, y: [1, 2], x: 1}
        b:
          owner: Jane
          owner: Jane
        c: 1
        c: 1.0
        """
    )
    repeated = {item.pointer: item for item in loaded.repeated_keys}
    first = repeated["/a/x"]
    assert written(text, first.earlier_key) == "x"
    assert first.earlier_key.start == 4 and first.later_key.start == 21
    assert written(text, first.later_value) == "1"
    assert first.same_value
    owner = repeated["/b/owner"]
    assert written(text, owner.earlier_value) == "Jane"
    assert (owner.earlier_key.end_line, owner.later_key.end_line) == (3, 4)
    assert owner.same_value
    assert not repeated["/c"].same_value  # 1 and 1.0 are not the same value


# -- property: every span holds what was written ---------------------------------------


keys = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789 ", min_size=1, max_size=10)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.text(max_size=20)
)
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(keys, children, max_size=3),
    max_leaves=15,
)
documents = st.dictionaries(keys, json_like, min_size=1, max_size=4)


def _nodes(value: Any, prefix: str = "") -> list[tuple[str, Any]]:
    found = [(prefix, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, f"{prefix}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, f"{prefix}/{index}")
    return found


def _line_and_column(text: str, index: int) -> tuple[int, int]:
    before = text[:index]
    breaks = list(_LINE_BREAK.finditer(before))
    start = breaks[-1].end() if breaks else 0
    return len(breaks) + 1, index - start + 1


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents, flow=st.booleans(), crlf=st.booleans())
def test_every_span_holds_the_node_as_written(data: dict[str, Any], flow: bool, crlf: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    if crlf:
        text = text.replace("\n", "\r\n")
    loaded = load_text(text)
    if not loaded.ok or loaded.findings:
        return  # what PyYAML dumps, the loader reads; other tests say so
    positions = loaded.positions
    for pointer, value in _nodes(loaded.data):
        span = Spans(positions)[pointer]
        assert span.start <= span.end <= len(text)
        # lines and columns are where the offsets are, as libyaml counts them
        assert (span.line, span.column) == _line_and_column(text, span.start), pointer
        assert (span.end_line, span.end_column) == _line_and_column(text, span.end), pointer
        assert positions.values[pointer][0] <= span.end_line
        if isinstance(value, (dict, list)):
            continue
        if span.end > span.start:  # a scalar is reported where it starts
            assert positions.values[pointer] == (span.line, span.column), pointer
        # a scalar's text, read on its own, is the same value
        alone = written(text, span)
        if span.style not in ("literal", "folded"):
            assert load_text(f"v: {alone}\n").data == {"v": value}, (pointer, alone)
    for pointer in positions.keys:
        span = positions.key_span(pointer)
        assert span is not None and positions.keys[pointer] == (span.line, span.column)
        key = pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
        assert load_text(f"{written(text, span)}: v\n").data == {key: "v"}, pointer
