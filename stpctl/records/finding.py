"""A finding: one thing wrong (or worth knowing) about one place in a plan."""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(str, enum.Enum):
    """How much a finding matters; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


class Finding(NamedTuple):
    """An immutable record: which rule, how severe, what, and where.

    ``line`` and ``column`` are 1-based and point into the file as written.
    ``pointer`` is the RFC 6901 JSON pointer of the node concerned ("" = whole plan).
    ``more`` is 0 for a finding; a summary that stands for findings not
    listed one by one (see ``finding_cap``) says how many in ``more``.
    """

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    line: int = 1
    column: int = 1
    more: int = 0

    @property
    def counts_as(self) -> int:
        """How many findings this one is: 1, or ``more`` for a summary."""
        return self.more or 1

    def sort_key(self) -> tuple[int, int, str, str]:
        return (self.line, self.column, self.rule, self.pointer)
