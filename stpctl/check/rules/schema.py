"""Rules reported by the JSON Schema check of plan format version 1."""

from __future__ import annotations

from stpctl.check.rules.base import documented
from stpctl.records.finding import Severity

UNKNOWN_KEY = documented(
    "STP010",
    "unknown-key",
    Severity.ERROR,
    """A key the plan format does not know.

    Typos must not pass silently: a misspelt `questoins` would otherwise hide
    every answer under it.  The message suggests the nearest known key.  Keys
    that start with `x-` are free for local use and never reported.

    Failing:

        questoins:
          prevention: {status: draft}

    Passing:

        questions:
          prevention: {status: draft}
        x-workstream-notes: kept by the PMO
    """,
)

MISSING_KEY = documented(
    "STP011",
    "missing-key",
    Severity.ERROR,
    """A required key is missing.

    The plan needs `stp_plan`, `footprint`, `period`, `submission` and
    `questions`; a footprint needs `name`, `code` and `organisations`; every
    action an `id` and a `title`; and so on (see `stpctl schema`).

    Failing:

        footprint:
          name: Devon
          organisations: [{name: NEW Devon CCG, type: ccg, code: 99P}]

    Passing:

        footprint:
          name: Devon
          code: E54000037
          organisations: [{name: NEW Devon CCG, type: ccg, code: 99P}]
    """,
)

WRONG_TYPE = documented(
    "STP012",
    "wrong-type",
    Severity.ERROR,
    """A value of the wrong kind: text where a number belongs, a list where a
    mapping belongs, and so on.

    YAML 1.1 turns some unquoted words into other types: `yes`, `no`, `on`,
    `off` become true/false, `~` becomes empty, `012` becomes the number 10,
    `12:30` becomes 750, `0.4` a number.  The message says what was written,
    what YAML made of it, and suggests quotes — except where a date is
    wanted, where it asks for a date written YYYY-MM-DD (quotes would only
    turn `yes` into the text "yes", which is no date either).

    A number written with a thousands separator (`1,190.0`) is not a number.
    Inside `{…}` YAML even splits it at the comma, into `1` and a stray key
    `190.0`; stpctl joins the pieces back into the text written, so that no
    sum ever uses the `1`, and the message says to remove the thousands
    separator.  Until then the figure, and in the finance bridge its whole
    year, is left out ("not computed").  A comma between other digits
    (`1,5`) may be a decimal comma, so the message asks for the number
    without a comma and with a dot for any decimals.

    Failing:

        submission: {deadline: 2016-06-30, status: draft, version: 0.4}

    Passing:

        submission: {deadline: 2016-06-30, status: draft, version: "0.4"}
    """,
)

BAD_VALUE = documented(
    "STP013",
    "bad-value",
    Severity.ERROR,
    """A value of the right kind that is not allowed: not one of the listed
    choices, not in the right form (ONS code, ODS code, financial year,
    date), out of range, an empty list or text, or a repeated list item.

    Financial years are written `YYYY/YY` with consecutive years (`2016/17`);
    dates `YYYY-MM-DD` and must exist; likelihood and impact run 1 to 5.

    A number must be finite and at most 1,000,000,000,000,000 (10^15) in
    size.  `.inf` and `.nan` (which YAML reads as infinity and
    not-a-number), `1e999`, `1.7e308` or a 400-digit integer are no figure
    any footprint writes: sums of them overflow and JSON cannot hold them.
    Such a number is kept as the text written and reported where the plan
    wants a number; it is left out of every sum, and its year of the finance
    bridge is not computed.  (Where the plan wants text, the text as written
    is simply kept: a 5,000-digit hexadecimal "number" in a title is a title.)

    Failing:

        period: {start: 2016-04-01, end: 2021-02-30}
        finance: {years: [2016/17, 2017/19]}

    Passing:

        period: {start: 2016-04-01, end: 2021-03-31}
        finance: {years: [2016/17, 2017/18]}
    """,
)

RULES = [UNKNOWN_KEY, MISSING_KEY, WRONG_TYPE, BAD_VALUE]
