"""Edits on the text: applied in one pass from the end, never overlapping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.fix.edits import (
    SAFE,
    Edit,
    Fix,
    OverlappingEdits,
    apply_edits,
    overlap,
    without_overlaps,
)


def naive(text: str, edits: list[Edit]) -> str:
    """Rebuild the text piece by piece from the start: what the edits mean."""
    out = []
    position = 0
    for edit in sorted(edits):
        out.append(text[position : edit.start])
        out.append(edit.replacement)
        position = edit.end
    out.append(text[position:])
    return "".join(out)


@st.composite
def text_and_edits(draw: st.DrawFn) -> tuple[str, list[Edit]]:
    text = draw(st.text(alphabet="ab\r\n£😀 ", max_size=40))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=12)))
    edits: list[Edit] = []
    for start, end in zip(cuts[::2], cuts[1::2], strict=False):
        edit = Edit(start, end, draw(st.text(alphabet="xy\n", max_size=4)))
        if not edits or not overlap(edits[-1], edit):  # an insertion where the last one is
            edits.append(edit)
    return text, draw(st.permutations(edits))


@settings(max_examples=400)
@given(case=text_and_edits())
def test_edits_from_the_end_give_the_naive_rebuild(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    assert apply_edits(text, edits) == naive(text, edits)


@settings(max_examples=200)
@given(case=text_and_edits())
def test_bytes_outside_the_edits_are_kept(case: tuple[str, list[Edit]]) -> None:
    text, edits = case
    result = apply_edits(text, edits)
    ordered = sorted(edits)
    # what lies before the first edit and after the last is untouched
    head = ordered[0].start if ordered else len(text)
    assert result[:head] == text[:head]
    tail = len(text) - (ordered[-1].end if ordered else len(text))
    assert result[len(result) - tail :] == text[len(text) - tail :]


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(OverlappingEdits):
        apply_edits("abcdef", [Edit(1, 3, "x"), Edit(2, 4, "y")])
    with pytest.raises(OverlappingEdits):  # two insertions at one place: which first?
        apply_edits("abcdef", [Edit(2, 2, "x"), Edit(2, 2, "y")])
    assert apply_edits("abcdef", [Edit(1, 3, "x"), Edit(3, 4, "y")]) == "axyef"
    assert overlap(Edit(0, 2, ""), Edit(1, 1, "x"))
    assert not overlap(Edit(0, 2, ""), Edit(2, 2, "x"))


def test_overlapping_fixes_wait_for_a_next_run() -> None:
    first = Fix("STP012", "/a", "one", SAFE, (Edit(0, 5, "x"),))
    second = Fix("STP004", "/b", "two", SAFE, (Edit(3, 9, ""),))
    third = Fix("STP010", "/c", "three", SAFE, (Edit(9, 12, "y"),))
    taken, left = without_overlaps([third, second, first])
    assert taken == [first, third]
    assert left == [second]
