"""Placeholder markers inside an answer, and the words that show a topic is covered.

A whole answer that is only a placeholder is unanswered (``question_status``);
this module finds the markers left *inside* a written answer, which make the
question partial (PRODUCT.md §3 lists "only a placeholder"; a marker inside
a long answer is the same gap, hidden):

* the pack's placeholder words as whole words, ignoring case ("TBC - awaiting
  HEE input");
* those of them that are also everyday English in finished prose ("to do",
  "to follow", "pending", "n/a", "?") only when written in capitals ("TO
  FOLLOW"), so "we will continue to follow NICE guidance" is not a gap;
* bracketed prompts such as ``[insert trajectory]`` or ``[TBC]``;
* ``XXX`` (three or more x), ``??``, and ``TODO``, ``TBC``, ``TBD`` whatever
  the pack says.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from functools import cache
from typing import NamedTuple

# Placeholder words that are also ordinary words in finished prose: a marker only in capitals.
EVERYDAY = frozenset({"to do", "to follow", "pending", "?", "n/a"})
_ALWAYS = ("todo", "tbc", "tbd")
_BRACKETED = re.compile(
    r"\[\s*(?:insert|add|enter|include|complete|confirm|update|awaiting|tb[acd]|todo|to be"
    r"|to follow|x{2,}|\?)[^\[\]\n]{0,80}\]",
    re.IGNORECASE,
)
_RUNS = re.compile(r"(?<!\w)(?:x{3,}|\?{2,})(?!\w)", re.IGNORECASE)


class Marker(NamedTuple):
    """A placeholder marker as written in the answer, and where it starts."""

    text: str
    start: int


def _word(phrase: str) -> str:
    """``phrase`` as a whole-word pattern; runs of spaces match any white space."""
    body = r"\s+".join(re.escape(part) for part in phrase.split())
    return rf"(?<![\w/]){body}(?![\w/])"


@cache
def _pattern(alternatives: frozenset[str]) -> re.Pattern[str] | None:
    ordered = sorted(alternatives, key=len, reverse=True)  # "to be confirmed" before "to be"
    return re.compile("|".join(_word(w) for w in ordered), re.IGNORECASE) if ordered else None


@cache
def _capitals(everyday: frozenset[str]) -> re.Pattern[str] | None:
    ordered = sorted(everyday, key=len, reverse=True)
    return re.compile("|".join(_word(w) for w in ordered)) if ordered else None


def _may_occur(phrase: str, text: str) -> bool:
    """Whether every word of ``phrase`` is somewhere in ``text`` (both
    case-folded): a phrase can match only then."""
    return all(part in text for part in _folded_words(phrase))


@cache
def _folded_words(phrase: str) -> tuple[str, ...]:
    return tuple(phrase.casefold().split())


@cache
def _candidates(
    placeholders: frozenset[str],
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]:
    """The phrases to look for, once per pack: (phrase, its first case-folded
    word) for the patterns that ignore case, and for those in capitals."""
    words = frozenset(w.strip().lower() for w in placeholders)
    plain = sorted(
        w for w in {*words, *_ALWAYS} if w.strip() and w not in EVERYDAY and w.strip("?")
    )
    capitals = sorted(w for w in words & EVERYDAY if w.strip("?"))
    return (
        tuple((w, _folded_words(w)[0]) for w in plain),
        tuple((w, _folded_words(w)[0]) for w in capitals),
    )


def find_markers(text: str, placeholders: Collection[str]) -> list[Marker]:
    """The placeholder markers in ``text``, in the order they are written.

    Only the words all of whose parts occur in the text (a substring test,
    ignoring case as the patterns do) go into the patterns: a regular
    expression of fifteen alternatives, each behind a look-behind, tried at
    every character of a 2 KB answer cost 0.7 ms, most of a plan's check
    (issue 15).  A match needs each of its words in the text, so the
    markers found are the same."""
    plain_words, capital_words = _candidates(frozenset(placeholders))
    folded = text.casefold()
    plain = frozenset(w for w, first in plain_words if first in folded and _may_occur(w, folded))
    capitals = frozenset(
        w.upper() for w, first in capital_words if first in folded and _may_occur(w, folded)
    )
    found: dict[int, Marker] = {}
    runs = _RUNS if "xxx" in folded or "??" in text else None
    for pattern in (_BRACKETED, _pattern(plain), _capitals(capitals), runs):
        if pattern is None:
            continue
        for match in pattern.finditer(text):
            inside = any(m.start <= match.start() < m.start + len(m.text) for m in found.values())
            if not inside:  # "[TBC]" is one marker, not two
                found[match.start()] = Marker(match.group(0), match.start())
    return [found[start] for start in sorted(found)]


def _topic_pattern(word: str) -> str:
    stem = word.endswith("*")
    body = r"\s+".join(re.escape(part) for part in word.rstrip("*").split())
    return rf"(?<!\w){body}" + (r"\w*" if stem else r"(?!\w)")


def mentions(text: str, words: Iterable[str]) -> bool:
    """True when ``text`` has any of ``words`` as a whole word or phrase,
    ignoring case; a word ending in ``*`` matches any ending ("recruit*")."""
    folded = text.casefold()  # the substring test, as for the markers
    return any(
        re.search(_topic_pattern(word), text, re.IGNORECASE)
        for word in words
        if word and _may_occur(word.rstrip("*"), folded)
    )
