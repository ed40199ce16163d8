"""TEMPORARY: crash classes the fuzzer finds on main today (issue 10), skipped for now.

Each entry is a class of fault that another branch of issue 10 is fixing
(the bullet is named).  While an entry is here, ``tests/test_fuzz.py`` and
``scripts/fuzz`` count a fault of that class as *known* instead of failing;
``scripts/fuzz --no-known`` reports them all as crashes.

The integrator removes each entry once its fix is merged, then runs
``pytest tests/test_fuzz.py`` and ``scripts/fuzz --no-known --cases 20000``:
anything the entry hid is then a failure again.  When the list is empty,
delete this module and the ``--known`` option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fuzz_run import Failure


@dataclass(frozen=True)
class Known:
    name: str  # the class, and the issue-10 bullet that fixes it
    signature: str  # a regular expression searched in the failure's signature


KNOWN_TEMPORARY: tuple[Known, ...] = (
    Known(
        "file name not UTF-8: output cannot be encoded (§3, file-name encoding)",
        r"UnicodeEncodeError: surrogates not allowed",
    ),
    Known(
        "figure too large for a float: 400-digit integer (§3, 400-digit ints)",
        r"OverflowError: int too large to convert to float \| stpctl/"
        r"(plan/finance_bridge\.py|documents/report\.py|check/rules/alignment\.py)",
    ),
    Known("savings that overflow when added (§3, fsum overflow)", r"overflow in fsum"),
    Known(
        "non-finite or huge figure in report JSON or the finance chart (§2, non-finite figures)",
        r"JSON holds NaN or Infinity|stpctl/render/finance_chart\.py",
    ),
    Known(
        "integer of more than 4,300 digits turned into text (§3, 4,300-digit ints)",
        r"Exceeds the limit \(N digits\) for integer string conversion",
    ),
    Known(
        "dates 0001-01-01 and 9999-12-31, plan or --as-of (§3, dates 0001/9999)",
        r"date value out of range|year N is out of range",
    ),
    Known(
        "terminal escapes and bidi overrides in HTML, CSV, Markdown, diff text (§6, escapes)",
        r"raw (control character|bidi override) in (HTML|CSV|Markdown|text)",
    ),
    Known(
        "line breaks in plan text start workflow commands or forge lines (§6, one line)",
        r"line starting with :: in|has not one summary line",
    ),
    Known("full-width = and + in CSV (§6, CSV)", r"would run as a formula \(full-width\)"),
    Known(
        "NOT ON THE LIST: a base-60 figure with a fraction overflows a float (yaml_scalars)",
        r"OverflowError: int too large to convert to float \| stpctl/load/yaml_scalars\.py",
    ),
)


def known(failure: Failure) -> Known | None:
    """The temporary entry that covers ``failure``, if any."""
    for entry in KNOWN_TEMPORARY:
        if re.search(entry.signature, failure.signature):
            return entry
    return None
