"""The protective marking a document carries in its header (``--marking``).

Government documents carry a marking such as ``OFFICIAL-SENSITIVE`` at the
top of every page.  stpctl adds none unless asked (``--marking TEXT``), and
a plan that is still a draft says ``DRAFT`` whatever the option, so a draft
printed and left on a table is never mistaken for what was submitted.
"""

from __future__ import annotations

DRAFT = "DRAFT"


def marking(given: str | None, submission_status: str | None) -> str | None:
    """The header line: the marking asked for, then DRAFT for a draft plan;
    ``None`` when there is neither."""
    parts = [" ".join(given.split())] if given and given.strip() else []
    if submission_status == "draft":
        parts.append(DRAFT)
    return " \u00b7 ".join(parts) or None
