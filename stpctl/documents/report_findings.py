"""The board report's findings in board language (``stpctl report``).

A board does not read rule IDs and line numbers; it wants to know what must
be fixed before the plan goes in and what to keep an eye on:

* **What must be fixed before submission**: every error, and, for a plan
  not yet submitted, every finding that would be an error once it says
  ``submitted`` (an unanswered question, a bridge that does not close,
  sign-offs still to collect: ``findings_once_submitted``).
* **What to watch**: the warnings that are not in the first group.

Information-level prompts stay out of the body; the appendix "For the
plan's editors" lists every finding with its rule and line.  Each finding is
said in board language (``board_text``): the key of the question it is about,
written in backticks (`` `general_practice` ``), becomes its title ("General
practice"), an ISO date is written in words ("30 June 2016") and a line
number is left out.  A finding only a submitted plan faces says what the
plan needs before it is submitted, not that it "is submitted".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from stpctl.documents.board_words import date_words, plain_reason
from stpctl.records.finding import Finding, Severity

_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
_LINE = re.compile(r",? on line \d+")
# How a rule that judges only submitted plans says so, and how a draft's board reads it.
_SUBMITTED = re.compile(r", but the plan is (?:submitted|approved): ")
_BACK_TO_DRAFT = re.compile(r",? or return the plan to draft")


@dataclass(frozen=True)
class BoardFindings:
    must_fix: tuple[Finding, ...]
    watch: tuple[Finding, ...]


NO_FINDINGS = BoardFindings((), ())


def _key(finding: Finding) -> tuple[str, str]:
    return finding.rule, finding.pointer


def board_findings(
    findings: tuple[Finding, ...], once_submitted: list[Finding] | None
) -> BoardFindings:
    """Split ``findings`` (most severe first) for the board; ``once_submitted``
    are the errors the plan would have if it said it was submitted (``None``
    for a plan that already says so)."""
    must = [f for f in findings if f.severity is Severity.ERROR]
    seen = {_key(f) for f in must}
    for finding in once_submitted or []:
        if finding.severity is Severity.ERROR and _key(finding) not in seen:
            seen.add(_key(finding))
            must.append(finding._replace(message=before_submission(finding.message)))
    watch = [f for f in findings if f.severity is Severity.WARNING and _key(f) not in seen]
    must.sort(key=Finding.sort_key)
    return BoardFindings(tuple(must), tuple(watch))


def before_submission(message: str) -> str:
    """A submitted plan's finding said for a draft: what it needs before it
    is submitted."""
    message = _SUBMITTED.sub(", which the plan needs before it is submitted: ", message)
    return _BACK_TO_DRAFT.sub("", message)


def board_text(finding: Finding, titles: Mapping[str, str]) -> str:
    """A finding's message for a board: the key of the question it is about
    (by its pointer) becomes the question's title, dates are in words, line
    numbers are left out; other backticked text keeps its backticks (the
    renderers show it as code, never as a literal backtick)."""
    parts = finding.pointer.split("/")
    key = parts[2] if len(parts) > 2 and parts[1] == "questions" else None
    message = finding.message
    if key is not None and key in titles:
        message = message.replace(f"`{key}`", titles[key])
    message = plain_reason(_LINE.sub("", message))
    return _ISO_DATE.sub(lambda match: date_words(match.group(0)), message)
