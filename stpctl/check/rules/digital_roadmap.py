"""The Local Digital Roadmap's substance (issue 12): the ten universal
capabilities due by 2018, and sign-off.  Whether the roadmap covers the same
organisations as the STP is STP601 in ``alignment``."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from datetime import date
from typing import Any

from stpctl.check.question_status import completeness_severity, submission_status
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import mappings, parse_day
from stpctl.records.finding import Severity
from stpctl.reference.capabilities import capabilities

_ROADMAP = "/footprint/digital_roadmap"
# The roadmaps were to deliver the universal capabilities "by 2018": by the end of 2017/18.
DUE_BY = date(2018, 3, 31)


def roadmap(data: dict[str, Any]) -> dict[str, Any] | None:
    footprint = data.get("footprint")
    found = footprint.get("digital_roadmap") if isinstance(footprint, dict) else None
    return found if isinstance(found, dict) else None


def _name(found: dict[str, Any]) -> str:
    name = found.get("name")
    if isinstance(name, str) and name.strip():
        return f"`{' '.join(name.split())}`"
    return "the roadmap"


@rule("STP605", "universal-capabilities", Severity.WARNING)
def universal_capabilities(ctx: PlanContext) -> Iterator[Issue]:
    """A Local Digital Roadmap's universal capability is missing, undated or due after March 2018.

    Every Local Digital Roadmap (NHS England guidance, 2016) was to deliver
    ten universal capabilities by 2018, such as GPs receiving electronic
    discharge summaries, clinicians in unscheduled care seeing child
    protection information, and electronic referrals.  List each under
    `footprint.digital_roadmap.capabilities` with its key, `due` date and
    `status`.  Reported: a roadmap with no capabilities listed (one
    finding); capabilities not listed (one finding naming them); a
    capability with no `due` date; one due after 2018-03-31; and a key stpctl
    does not know (with the nearest known key).  The list is data:
    `stpctl/reference/data/universal-capabilities.csv`, whose `source` column
    says which wordings are confirmed: the ten keys and the first
    capability's wording are; the wording of the other nine is as we recall
    the guidance, not checked against it.  A warning in a draft, an error once
    submitted.

    Failing:

        footprint:
          digital_roadmap:
            organisations: [05T]
            capabilities:
              - {capability: discharge_summaries, due: 2018-09-30, status: planned}

    Passing:

        footprint:
          digital_roadmap:
            organisations: [05T]
            capabilities:
              - {capability: gp_medication_allergies, due: 2017-09-30}
              - {capability: child_protection, due: 2017-09-30}
              - {capability: end_of_life_preferences, due: 2017-09-30}
              - {capability: urgent_care_gp_records, due: 2017-09-30}
              - {capability: patient_gp_record, due: 2017-09-30}
              - {capability: e_referrals, due: 2017-09-30}
              - {capability: discharge_summaries, due: 2017-09-30}
              - {capability: social_care_notices, due: 2017-09-30}
              - {capability: online_booking_prescriptions, due: 2017-09-30}
              - {capability: electronic_prescriptions, due: 2017-09-30}
    """
    found = roadmap(ctx.data)
    if found is None:
        return  # STP601 reports a footprint with no roadmap
    severity = completeness_severity(ctx.data)
    known = capabilities()
    listed = found.get("capabilities")
    if "capabilities" not in found:
        yield Issue(
            f"{_name(found)} lists no universal capabilities: record each of the"
            f" {len(known)} under `digital_roadmap.capabilities` with its `due` date"
            f" (by {DUE_BY}) and `status`",
            _ROADMAP,
            severity,
        )
        return
    seen = set()
    for index, item in mappings(listed):
        pointer = f"{_ROADMAP}/capabilities/{index}"
        key = item.get("capability")
        if not isinstance(key, str):
            continue  # the schema reports it
        key = key.strip()
        if key not in known:
            match = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean `{match[0]}`?" if match else f"known: {', '.join(known)}"
            yield Issue(
                f"`{key}` is not one of the universal capabilities; {hint}",
                f"{pointer}/capability",
                severity,
            )
            continue
        seen.add(key)
        label = f"`{key}` ({known[key].capability})"
        due = parse_day(item.get("due"))
        if "due" not in item:
            yield Issue(
                f"universal capability {label} has no `due` date: say when it will be in"
                f" place (by {DUE_BY})",
                pointer,
                severity,
            )
        elif due is not None and due > DUE_BY:
            yield Issue(
                f"universal capability {label} is due {due}, after {DUE_BY}: the roadmaps"
                " were to deliver every universal capability by 2018; bring it forward or"
                " explain the delay",
                f"{pointer}/due",
                severity,
            )
    missing = [key for key in known if key not in seen]
    if missing:
        yield Issue(
            f"{len(missing)} of the {len(known)} universal capabilities are not listed in"
            f" {_name(found)}: {', '.join(missing)}; add each with its `due` date",
            f"{_ROADMAP}/capabilities",
            severity,
        )


@rule("STP606", "roadmap-not-signed-off", Severity.ERROR)
def roadmap_not_signed_off(ctx: PlanContext) -> Iterator[Issue]:
    """A submitted plan's Local Digital Roadmap has no sign-off date.

    The roadmap answers the technology question for the whole footprint, so
    its organisations sign it off as they sign off the plan.  A plan that is
    `submitted` or `approved` needs `digital_roadmap.signed_off`, the date of
    that sign-off.  Draft plans are not checked.

    Failing:

        submission: {deadline: 2016-06-30, status: submitted}
        footprint:
          digital_roadmap: {name: H&W LDR, organisations: [05T]}

    Passing:

        submission: {deadline: 2016-06-30, status: submitted}
        footprint:
          digital_roadmap: {name: H&W LDR, organisations: [05T], signed_off: 2016-06-29}
    """
    status = submission_status(ctx.data)
    found = roadmap(ctx.data)
    if status not in ("submitted", "approved") or found is None:
        return
    if isinstance(found.get("signed_off"), str) and found["signed_off"].strip():
        return
    yield Issue(
        f"the Local Digital Roadmap {_name(found)} has no `signed_off` date, but the plan is"
        f" {status}: record the date the footprint's organisations signed it off",
        _ROADMAP,
    )


RULES = [universal_capabilities, roadmap_not_signed_off]
