"""Alignment with what lies outside the plan: the Local Digital Roadmap, the
national standards, social care, and the ONS register of footprints
(PRODUCT.md §4).  Thresholds and the register are data files in the package."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import measures
from stpctl.records.finding import Severity
from stpctl.records.wording import counted
from stpctl.reference import register, standards

_ROADMAP = "/footprint/digital_roadmap"


def _footprint(ctx: PlanContext) -> dict[str, Any] | None:
    footprint = ctx.data.get("footprint")
    return footprint if isinstance(footprint, dict) else None


def _organisations(footprint: dict[str, Any]) -> list[dict[str, Any]] | None:
    listed = footprint.get("organisations")
    if not isinstance(listed, list):
        return None
    return [item for item in listed if isinstance(item, dict)]


def _codes_with_names(organisations: list[dict[str, Any]]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for organisation in organisations:
        code = organisation.get("code")
        if isinstance(code, str) and code.strip():
            name = organisation.get("name")
            out.setdefault(_ods(code), name.strip() if isinstance(name, str) else None)
    return out


def _ods(code: str) -> str:
    # ODS codes are capitals; `rwp` is RWP written carelessly (the schema says so),
    # not a different organisation.
    return code.strip().upper()


def _named(code: str, name: str | None) -> str:
    return f"{code} ({name})" if name else code


def _number(value: float) -> str:
    return f"{value:g}"


@rule("STP601", "digital-roadmap-alignment", Severity.WARNING)
def digital_roadmap_alignment(ctx: PlanContext) -> Iterator[Issue]:
    """The STP footprint and its Local Digital Roadmap cover different organisations.

    Each footprint also wrote a Local Digital Roadmap, and the technology
    question is answered through it; an organisation in one footprint but not
    in the other will be left out of one plan or the other.  Organisations in
    the STP but not in `digital_roadmap.organisations` are named by ODS code
    and name, and so are roadmap codes that are not among the STP's
    organisations.  A footprint with no `digital_roadmap` at all gets one
    warning.

    Failing:

        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T}
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
          digital_roadmap: {name: H&W LDR, organisations: [05T, RWP]}

    Passing:

        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T}
            - {name: Wye Valley NHS Trust, type: nhs_trust, code: RLQ}
          digital_roadmap: {name: H&W LDR, organisations: [05T, RLQ]}
    """
    footprint = _footprint(ctx)
    if footprint is None:
        return
    roadmap = footprint.get("digital_roadmap")
    if roadmap is None:
        yield Issue(
            "the footprint has no `digital_roadmap`: list the ODS codes of the organisations"
            " in its Local Digital Roadmap footprint under `footprint.digital_roadmap`",
            _ROADMAP if "digital_roadmap" in footprint else "/footprint",
        )
        return
    if not isinstance(roadmap, dict) or not isinstance(roadmap.get("organisations"), list):
        return  # the schema check reports the shape
    listed = roadmap["organisations"]
    roadmap_codes = list(dict.fromkeys(_ods(c) for c in listed if isinstance(c, str)))
    stp = _codes_with_names(_organisations(footprint) or [])
    label = roadmap.get("name")
    ldr = f"`{label.strip()}`" if isinstance(label, str) and label.strip() else "footprint"
    missing = [code for code in stp if code not in roadmap_codes]
    if missing:
        yield Issue(
            f"{counted(len(missing), 'organisation')} in the STP footprint not in the Local Digital"
            f" Roadmap {ldr}: {', '.join(_named(code, stp[code]) for code in missing)};"
            " add them to `digital_roadmap.organisations` or record why they are outside it",
            f"{_ROADMAP}/organisations",
        )
    extra = [code for code in roadmap_codes if code not in stp]
    if extra:
        first = next(i for i, c in enumerate(listed) if isinstance(c, str) and _ods(c) in extra)
        yield Issue(
            f"{counted(len(extra), 'organisation')} in the Local Digital Roadmap {ldr} not in the"
            f" STP footprint: {', '.join(extra)}; add them to `footprint.organisations` or"
            " record why they are outside the STP",
            f"{_ROADMAP}/organisations/{first}",
        )


@rule("STP602", "national-standard-threshold", Severity.WARNING)
def national_standard_threshold(ctx: PlanContext) -> Iterator[Issue]:
    """A measure tracking a national standard aims below the national threshold.

    A measure with `standard: <key>` says it tracks a national standard
    (A&E 4 hours 95 %, RTT 18 weeks 92 %, cancer 62 days 85 % …); a `target`
    below the standard's threshold in the year it is due (`by`) plans to miss
    the standard, which NHS England will challenge.  Most standards are a
    floor ("at least": A&E 95 %, RTT 92 %, cancer 62 days 85 %); the
    ambulance response times of July 2017 are a ceiling ("at most": Category
    1 mean 7 minutes, 90th centile 15 minutes, Category 2 mean 18 minutes), so
    a target above them misses.  Thresholds that change over the period
    (early intervention in psychosis: 50 %, 53 % from 2018/19, 56 % from
    2019/20, 60 % from 2020/21) are taken for the measure's `by` year; a
    standard that starts later (GP extended access from 2017/18) does not
    judge a measure due before it.  A guidance pack may set its own values
    for a year (the 2017 pack's A&E recovery path: 90 % in 2017/18).  A
    `standard` that stpctl does not know is reported with the nearest known
    key.  Thresholds, their direction and their source are data:
    `stpctl/reference/data/national-standards.csv`; where a value is not
    certain, its `source` column says so.  Not confirmed against the
    original documents: the 53 % (2018/19) and 56 % (2019/20) steps of early
    intervention in psychosis, taken from a secondary source; and the year
    the ambulance standards of July 2017 first apply (2017/18, the year they
    were announced).

    Failing:

        questions:
          core_standards:
            measures:
              - {name: A&E 4 hours, target: 92.0, by: 2017/18, standard: ae_4_hour}

    Passing:

        questions:
          core_standards:
            measures:
              - {name: A&E 4 hours, target: 95.0, by: 2017/18, standard: ae_4_hour}
    """
    known = sorted(standards.standards())
    for pointer, measure in measures(ctx.data):
        key = measure.get("standard")
        if not isinstance(key, str):
            continue
        name = measure.get("name")
        label = (
            f"measure `{name.strip()}`" if isinstance(name, str) and name.strip() else "a measure"
        )
        by = measure.get("by")
        if key.strip() not in standards.standards():
            match = difflib.get_close_matches(key.strip(), known, n=1)
            hint = f"did you mean `{match[0]}`?" if match else f"known: {', '.join(known)}"
            yield Issue(
                f"{label} names the national standard `{key}`, which stpctl does not know; {hint}",
                f"{pointer}/standard",
            )
            continue
        step = standards.threshold_for(key.strip(), by, ctx.guidance.standards)
        target = measure.get("target")
        if step is None or isinstance(target, bool) or not isinstance(target, (int, float)):
            continue  # no threshold yet in the measure's year, or no target to judge
        if not step.missed_by(target):
            continue
        unit = step.unit if step.unit == "%" else f" {step.unit}"  # 95%, 18 weeks
        since = f" from {step.from_year}" if step.from_year else ""
        due = f" by {by}" if isinstance(by, str) else ""
        at_most = step.direction == standards.AT_MOST
        limit = f"at most {_number(step.threshold)}{unit}" if at_most else None
        yield Issue(
            f"{label} tracks the national standard `{step.key}` ({step.standard}), whose"
            f" threshold is {limit or _number(step.threshold) + unit}{since}, but its target is"
            f" {_number(target)}{unit}{due}: "
            + (
                f"lower the target to {limit}"
                if limit
                else f"raise the target to at least {_number(step.threshold)}{unit}"
            )
            + " or explain the trajectory",
            f"{pointer}/target",
        )


@rule("STP603", "no-local-authority", Severity.WARNING)
def no_local_authority(ctx: PlanContext) -> Iterator[Issue]:
    """No local authority among the footprint's organisations.

    STPs join health *and* social care: the councils responsible for social
    care and public health are partners in every footprint.  A footprint with
    no organisation of type `local_authority` has left them out, or listed
    them under another type.

    Failing:

        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T}

    Passing:

        footprint:
          organisations:
            - {name: NHS Herefordshire CCG, type: ccg, code: 05T}
            - {name: Herefordshire Council, type: local_authority, code: E06000019}
    """
    footprint = _footprint(ctx)
    organisations = _organisations(footprint) if footprint is not None else None
    if organisations is None:
        return
    if any(item.get("type") == "local_authority" for item in organisations):
        return
    yield Issue(
        f"none of the footprint's {counted(len(organisations), 'organisation')} is a local"
        " authority (`type: local_authority`): STPs join health and social care — add the councils"
        " responsible for social care and public health",
        "/footprint/organisations",
    )


def _current_codes() -> str:
    codes = sorted(f.code for f in register.footprints().values() if f.replaced_by is None)
    return f"{codes[0]} to {codes[-1]}" if codes else "see the ONS register"


# How a footprint's name ends when a plan adds what the thing is; none of the
# registered names ends so, so dropping it cannot make two footprints one.
_TRAILING_KIND = re.compile(r"(?: stp| sustainability and transformation (?:plan|partnership))+$")


def _comparable(name: str) -> str:
    """A name reduced to what tells footprints apart: words in lower case, `&`
    read as "and", punctuation and runs of spaces as one space, and a trailing
    "STP" or "Sustainability and Transformation Plan" dropped."""
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    text = re.sub("['\u2019]", "", text)  # King's, Kings: one word either way
    text = " ".join(re.sub(r"[^\w]+|_", " ", text).split())
    return _TRAILING_KIND.sub("", text).strip()


def _same_name(written: str, footprint: register.Footprint) -> bool:
    wanted = _comparable(written)
    return bool(wanted) and any(
        wanted == _comparable(name) for name in (footprint.name, *footprint.aliases)
    )


@rule("STP604", "footprint-register", Severity.WARNING)
def footprint_register(ctx: PlanContext) -> Iterator[Issue]:
    """The footprint code is not in the ONS register, was replaced, or its name does not match.

    Reports and the national roll-up join plans on `footprint.code`, the ONS
    STP code (E54000005 … E54000048).  A code not in the register, a name that
    matches neither the registered name nor a known alternative name, or one
    of the four codes replaced in 2016-17 (E54000001 to 004, now E54000045 to 048)
    puts the plan in the wrong row.  Names are compared ignoring case, spacing,
    punctuation, `&` for "and", and a trailing "STP" or "Sustainability and
    Transformation Plan": `Herefordshire & Worcestershire STP` matches.  A
    warning in a draft (a new `stpctl init` skeleton uses the placeholder
    E54000000), an error once submitted.  The register is data:
    `stpctl/data/stp-footprints.csv`.

    Failing:

        footprint: {name: North West London, code: E54000072}

    Passing:

        footprint: {name: North West London, code: E54000027}
    """
    footprint = _footprint(ctx)
    if footprint is None:
        return
    code = footprint.get("code")
    if not isinstance(code, str):
        return
    code = code.strip().upper()  # the schema reports `e54000019`; look it up all the same
    severity = completeness_severity(ctx.data)
    name = footprint.get("name")
    registered = register.footprints().get(code)
    if registered is None:
        by_name = register.find(name) if isinstance(name, str) and name.strip() else None
        hint = (
            f"; the register has `{by_name.name}` as {by_name.code}"
            if by_name is not None
            else f"; give the footprint's own code ({_current_codes()})"
        )
        yield Issue(
            f"footprint code {code} is not in the ONS register of STP footprints{hint}",
            "/footprint/code",
            severity,
        )
        return
    if registered.replaced_by is not None:
        successor = register.footprints().get(registered.replaced_by)
        named = f" ({successor.name})" if successor is not None else ""
        yield Issue(
            f"footprint code {code} ({registered.name}) was replaced when the footprint's"
            f" boundary was corrected; use {registered.replaced_by}{named}",
            "/footprint/code",
            severity,
        )
        return
    if isinstance(name, str) and not _same_name(name, registered):
        also = f" (also known as {', '.join(registered.aliases)})" if registered.aliases else ""
        yield Issue(
            f"footprint name `{name.strip()}` does not match the register: {code} is"
            f" `{registered.name}`{also}; correct the name or the code",
            "/footprint/name",
            severity,
        )


RULES = [
    digital_roadmap_alignment,
    national_standard_threshold,
    no_local_authority,
    footprint_register,
]
