"""What the roll-up says about a plan's findings: its top finding, in board
words, and the Financial balance RAG that agrees with the finance findings.

Decisions, written down because the issue leaves them open:

* The *top finding* is the most severe, then the first in file order (the
  board report's order).  An info finding is shown when it is all there is:
  it is still the plan's top finding, marked as a note.
* *Board words* are the finding's message as a board reads it: a question
  key becomes the question's title, a place in the file given in brackets
  for the editors (`` (`triple_aim.care_and_quality`)``) is left out, other
  quoted names lose their backticks, ISO dates are written in words, and the advice to the plan's
  editors after the first "; add …", ": record …", " — keep …" and so on is left out
  (the editors see it in ``validate`` and the board report's appendix).
  A message longer than ``TOP_FINDING_CHARACTERS`` is cut at a word and
  ends with "…", so a roll-up row stays a few lines tall.
* The *Financial balance* RAG is the worse of the question's own status
  (answered is green, partial amber, unanswered red, not applicable grey)
  and the finance findings (rules STP4xx): red when one is an error, amber
  when one is a warning, whichever year it is about.  An info finding
  (STP408, the Fund given as an intervention) does not change it.  So a
  plan that answers the question well while its bridge is short in some
  year is never green.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from stpctl.records.finding import Finding, Severity
from stpctl.reference.guidance import GuidancePack

FINANCE_FAMILY = "STP4"
FINANCE_QUESTION = "financial_balance"
TOP_FINDING_CHARACTERS = 160
# How bad each RAG colour is, for "the worse of two".
RAG_RANK = {"grey": 0, "green": 1, "amber": 2, "red": 3}
SEVERITY_RAG = {Severity.ERROR: "red", Severity.WARNING: "amber"}
# Each severity as a board reads it.
SEVERITY_WORDS = {
    Severity.ERROR: "Must fix",
    Severity.WARNING: "To watch",
    Severity.INFO: "Note",
}
# Words that begin the advice to the editors at the end of a message
# ("…; add or enlarge interventions until the final year closes").
_ADVICE = (
    "add",
    "agree",
    "change",
    "check",
    "choose",
    "close",
    "consider",
    "correct",
    "describe",
    "give",
    "indent",
    "keep",
    "list",
    "mark",
    "meet",
    "move",
    "put",
    "quantify",
    "raise",
    "record",
    "remove",
    "return",
    "say",
    "use",
    "write",
)
_ADVICE_START = re.compile(r"(?:[;:]| \u2014)\s+(?:" + "|".join(_ADVICE) + r")\b")
_QUOTED = re.compile(r"`([^`\n]*)`")
# A place in the file named for the editors, in brackets after the words that
# say it: " (`triple_aim.health_and_wellbeing`)".
_PLACE_IN_BRACKETS = re.compile(r" \(`[^`\n]*[.\[/][^`\n]*`\)")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class TopFinding:
    severity: Severity
    rule: str
    text: str  # board words
    message: str  # as ``validate`` says it
    pointer: str
    line: int

    @property
    def word(self) -> str:
        return SEVERITY_WORDS[self.severity]


def top_finding(findings: list[Finding], pack: GuidancePack) -> TopFinding | None:
    """The plan's most severe finding, the first in file order among equals."""
    if not findings:
        return None
    first = min(findings, key=lambda f: (-f.severity.rank, *f.sort_key()))
    return TopFinding(
        severity=first.severity,
        rule=first.rule,
        text=board_words(first.message, pack),
        message=first.message,
        pointer=first.pointer,
        line=first.line,
    )


def board_words(message: str, pack: GuidancePack) -> str:
    """A finding's message as a board reads it (see the module's notes)."""
    advice = _ADVICE_START.search(message)
    text = message[: advice.start()] if advice else message
    titles = {q.key: q.title for q in pack.questions}
    titles.update(dict(pack.triple_aim))
    text = _PLACE_IN_BRACKETS.sub("", text)
    text = _QUOTED.sub(lambda m: titles.get(m.group(1), m.group(1)), text)
    text = _ISO_DATE.sub(_date_words, text).strip()
    text = text[:1].upper() + text[1:]
    if len(text) > TOP_FINDING_CHARACTERS:
        cut = text[: TOP_FINDING_CHARACTERS - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:(") + "…"
    return text


def _date_words(match: re.Match[str]) -> str:
    try:
        day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:  # not a real date (2016-02-30): leave it as written
        return match.group(0)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def finance_rag(findings: list[Finding]) -> str:
    """Green, amber or red from the finance findings alone."""
    worst = max(
        (f.severity.rank for f in findings if f.rule.startswith(FINANCE_FAMILY)), default=-1
    )
    if worst >= Severity.ERROR.rank:
        return "red"
    if worst >= Severity.WARNING.rank:
        return "amber"
    return "green"


def worse(first: str, second: str) -> str:
    """The worse of two RAG colours."""
    return first if RAG_RANK[first] >= RAG_RANK[second] else second
