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
def _pattern(words: frozenset[str]) -> re.Pattern[str] | None:
    alternatives = sorted(
        {w for w in (*words, *_ALWAYS) if w.strip() and w not in EVERYDAY and w.strip("?")},
        key=len,
        reverse=True,  # "to be confirmed" before "to be"
    )
    if not alternatives:
        return None
    return re.compile("|".join(_word(w) for w in alternatives), re.IGNORECASE)


@cache
def _capitals(words: frozenset[str]) -> re.Pattern[str] | None:
    everyday = sorted((w.upper() for w in words & EVERYDAY if w.strip("?")), key=len, reverse=True)
    return re.compile("|".join(_word(w) for w in everyday)) if everyday else None


def find_markers(text: str, placeholders: Collection[str]) -> list[Marker]:
    """The placeholder markers in ``text``, in the order they are written."""
    words = frozenset(w.strip().lower() for w in placeholders)
    found: dict[int, Marker] = {}
    for pattern in (_BRACKETED, _pattern(words), _capitals(words), _RUNS):
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
    return any(re.search(_topic_pattern(word), text, re.IGNORECASE) for word in words if word)
