"""Property tests for the loader.

(a) Whatever JSON-like data PyYAML dumps (block or flow style), our loader
    reads back what PyYAML's own ``safe_load`` reads, and places every node
    on a line of the text.
(b) No text and no bytes make ``load_text``/``load_bytes`` raise: every
    problem is a finding.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stpctl.load.loader import load_bytes, load_text
from stpctl.load.numbers import in_range
from stpctl.records.pointers import escape_pointer_token

_LINE_BREAK = re.compile("\r\n|[\n\r\x85\u2028\u2029]")
KEY_ALPHABET = "abcdefghijklmnopqrstuvwxyz_-0123456789 "

# Plain scalars the loader reads differently from PyYAML on purpose (see the
# loader's docstring): ``1e3`` (YAML 1.2/JSON style, no dot or no exponent
# sign) and ``-.5`` (a signed float with no digit before the dot, which the
# YAML 1.1 spec allows but PyYAML's resolver misses) are numbers to us.
_BY_DESIGN = re.compile(
    r"[-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9_]+)[eE][-+]?[0-9]+|[-+]\.[0-9_]+"
)

# Text in the resolver's territory, where YAML 1.1 surprises live: numbers
# with signs, base-60 parts, fractions and exponents; and the special words
# (booleans, null, .inf, .nan) in any mix of upper and lower case.
numberish = st.builds(
    lambda sign, head, parts, tail: sign + head + "".join(f":{p}" for p in parts) + tail,
    st.sampled_from(["", "-", "+"]),
    st.from_regex(r"0[xbo]?|[0-9]{1,3}|_?[0-9]", fullmatch=True),
    st.lists(st.from_regex(r"[0-9]{1,2}", fullmatch=True), max_size=2),
    st.sampled_from(["", ".", ".5", "_0", "e3", ".0e+1", "1"]),
)


def _any_case(word: str) -> st.SearchStrategy[str]:
    letters = [st.sampled_from([c.lower(), c.upper()]) for c in word]
    return st.tuples(*letters).map("".join)


words_any_case = st.sampled_from(
    [".inf", ".nan", "yes", "no", "on", "off", "y", "n", "true", "false", "null", "~"]
).flatmap(_any_case)

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | numberish
    | words_any_case
)

keys = st.text(alphabet=KEY_ALPHABET, min_size=1, max_size=12)
json_like = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(keys, children, max_size=4),
    max_leaves=25,
)
documents = st.dictionaries(keys, json_like, min_size=1, max_size=5)


def _pointers(value: Any, prefix: str = "") -> list[str]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _pointers(item, f"{prefix}/{escape_pointer_token(str(key))}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _pointers(item, f"{prefix}/{index}")
    return found


def _mentions_by_design_scalar(value: Any) -> bool:
    if isinstance(value, str):
        return _BY_DESIGN.fullmatch(value) is not None
    if isinstance(value, dict):
        return any(_mentions_by_design_scalar(v) for v in value.values())
    if isinstance(value, list):
        return any(_mentions_by_design_scalar(v) for v in value)
    return False


def _same(ours: Any, theirs: Any) -> bool:
    """Equality that also holds for NaN, and keeps True apart from 1.  A number
    out of range (infinite, NaN, beyond 10**15) is kept as the text written,
    by design (see the loader's docstring)."""
    if isinstance(theirs, (int, float)) and not isinstance(theirs, bool) and not in_range(theirs):
        return isinstance(ours, str) and ours.strip() != ""
    if type(ours) is not type(theirs):
        return False
    if isinstance(theirs, dict):
        return list(ours) == [str(k) for k in theirs] and all(
            _same(ours[str(k)], v) for k, v in theirs.items()
        )
    if isinstance(theirs, list):
        return len(ours) == len(theirs) and all(map(_same, ours, theirs))
    return bool(ours == theirs)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=documents, flow=st.booleans())
def test_dumped_data_loads_as_pyyaml_reads_it(data: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True)
    if _mentions_by_design_scalar(data):
        return
    theirs = yaml.safe_load(text)
    loaded = load_text(text)
    assert loaded.findings == []
    assert _same(loaded.data, theirs), text
    # YAML 1.1 (and so libyaml) also breaks lines at NEL, LS and PS.
    last_line = len(_LINE_BREAK.findall(text)) + 1
    for pointer in _pointers(loaded.data):
        line, column = loaded.positions.values[pointer]
        assert 1 <= line <= last_line, pointer
        assert column >= 1, pointer


@settings(max_examples=300)
@given(text=st.text(max_size=200))
def test_any_text_gives_data_or_findings_never_an_exception(text: str) -> None:
    loaded = load_text(text)
    assert loaded.ok or loaded.findings
    for finding in loaded.findings:
        assert finding.line >= 1 and finding.column >= 1


@settings(max_examples=300)
@given(raw=st.binary(max_size=200))
def test_any_bytes_give_data_or_findings_never_an_exception(raw: bytes) -> None:
    loaded = load_bytes(raw)
    assert loaded.ok or loaded.findings


YAMLISH = st.text(alphabet=" \n\t-:?[]{},#&*!|>'\"%@`abc01.~<", max_size=120)


@settings(max_examples=500)
@given(text=YAMLISH)
def test_yaml_punctuation_soup_gives_data_or_findings(text: str) -> None:
    # Random text rarely reaches the parser's corners; text made of YAML's
    # own punctuation does (anchors, tags, flow collections, block scalars).
    loaded = load_text(text)
    assert loaded.ok or loaded.findings
