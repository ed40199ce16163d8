"""Placeholder markers found with the first-word filter (issue 15) are the
ones the plain patterns find: compared with the patterns built from every
word, over answers made of marker words, their look-alikes and prose."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.check import answer_markers
from stpctl.check.answer_markers import _ALWAYS, _BRACKETED, _RUNS, EVERYDAY, Marker, _word
from stpctl.reference.guidance import default_pack

PLACEHOLDERS = sorted(default_pack().placeholders | {"to be", "\u017ftra\u00dfe", "K-lorem"})


def reference(text: str, placeholders: list[str]) -> list[Marker]:
    """Every pattern built from every word, as before the filter."""
    words = frozenset(w.strip().lower() for w in placeholders)
    plain = sorted(
        {w for w in (*words, *_ALWAYS) if w.strip() and w not in EVERYDAY and w.strip("?")},
        key=len,
        reverse=True,
    )
    everyday = sorted((w.upper() for w in words & EVERYDAY if w.strip("?")), key=len, reverse=True)
    patterns = [
        _BRACKETED,
        re.compile("|".join(_word(w) for w in plain), re.IGNORECASE) if plain else None,
        re.compile("|".join(_word(w) for w in everyday)) if everyday else None,
        _RUNS,
    ]
    found: dict[int, Marker] = {}
    for pattern in patterns:
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            inside = any(m.start <= match.start() < m.start + len(m.text) for m in found.values())
            if not inside:
                found[match.start()] = Marker(match.group(0), match.start())
    return [found[start] for start in sorted(found)]


PIECES = st.sampled_from(
    [
        *PLACEHOLDERS,
        *(w.upper() for w in PLACEHOLDERS),
        *(w.title() for w in PLACEHOLDERS),
        "TO  FOLLOW",
        "to\nbe confirmed",
        "[insert figure]",
        "[TBC]",
        "XXXX",
        "??",
        "\u212a-lorem",  # Kelvin sign: IGNORECASE reads it as k
        "STRASSE",
        "tbc/",
        "/tbd",
        "we will continue to follow NICE guidance",
        "pending review",
        "care",
        " ",
        ", ",
        "\n",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=12), st.lists(st.sampled_from(PLACEHOLDERS), max_size=6))
def test_the_filter_finds_exactly_what_the_patterns_find(
    pieces: list[str], pack: list[str]
) -> None:
    text = "".join(pieces)
    for words in (PLACEHOLDERS, pack):
        assert answer_markers.find_markers(text, words) == reference(text, words)


def test_an_answer_with_no_marker_word_is_not_searched_for_each_word(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Fifteen alternatives tried at every character cost most of a plan's
    check: an answer that holds none of the words is not searched for them."""
    asked: list[frozenset[str]] = []
    real = answer_markers._pattern

    def spy(words: frozenset[str]) -> re.Pattern[str] | None:
        asked.append(words)
        return real(words)

    monkeypatch.setattr(answer_markers, "_pattern", spy)
    text = "Integrated care for older people, with community services. " * 40
    assert answer_markers.find_markers(text, PLACEHOLDERS) == []
    assert all(not words for words in asked)
    assert answer_markers.find_markers(text + " TBC", PLACEHOLDERS) == [
        Marker("TBC", len(text) + 1)
    ]
    assert asked[-1] == {"tbc"}


TOPIC_WORDS = [
    "recruit*",
    "workforce",
    "health education england",
    "K-pop",
    "stra\u00dfe*",
    "7-day",
]
TOPIC_PIECES = st.sampled_from(
    [
        *TOPIC_WORDS,
        *(w.upper().rstrip("*") for w in TOPIC_WORDS),
        "recruitment",
        "Health  Education\nEngland",
        "\u212a-pop",
        "STRASSE",
        "seven-day",
        "workforces",
        "care",
        " ",
        "-",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(TOPIC_PIECES, max_size=10), st.lists(st.sampled_from(TOPIC_WORDS), max_size=4))
def test_topic_mentions_are_found_as_the_patterns_find_them(
    pieces: list[str], words: list[str]
) -> None:
    text = "".join(pieces)
    expected = any(
        re.search(answer_markers._topic_pattern(word), text, re.IGNORECASE) for word in words
    )
    assert answer_markers.mentions(text, words) == expected
