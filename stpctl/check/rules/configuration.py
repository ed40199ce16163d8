"""Rules about stpctl's own configuration as it applies to a plan."""

from __future__ import annotations

from stpctl.check.rules.base import documented
from stpctl.records.finding import Severity

WAIVER_EXPIRED = documented(
    "STP007",
    "waiver-expired",
    Severity.WARNING,
    """A waiver in the configuration has expired, so its finding is back.

    Waivers (`[[tool.stpctl.waivers]]`: rule, pointer glob, reason, expires)
    silence a finding the footprint has agreed to accept, until a date.  After
    that date (judged at `--as-of`) the finding is reported again, and this
    warning appears once per waiver in each plan it applies to, naming the
    configuration file, the waiver and its reason.  The load rules STP001 to
    STP005 cannot be waived.

    Failing (at --as-of 2017-01-15):

        [[tool.stpctl.waivers]]
        rule = "STP601"
        pointer = "/footprint/digital_roadmap*"
        reason = "LDR footprint agreed with NHS Digital"
        expires = 2016-12-31

    Passing: the same waiver with `expires = 2017-06-30`, or the finding fixed.
    """,
)

RULES = [WAIVER_EXPIRED]
