"""Completeness of the three triple-aim gaps (PRODUCT.md §1 and §4).

Like the ten questions, a gap left open is a warning while the plan is a
draft and an error once it says it is `submitted` or `approved`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stpctl.check.question_status import completeness_severity, has_text
from stpctl.check.rules.base import Issue, PlanContext, rule
from stpctl.plan.plan_parts import is_number
from stpctl.records.finding import Severity
from stpctl.records.pointers import escape_pointer_token

_HOW_TO = (
    "describe the gap in `gap` and quantify it with a measure that has a numeric"
    " `baseline` and `target`"
)


def _measure_problems(measures: object) -> tuple[bool, list[str]]:
    """Whether some measure has a numeric baseline and target, and, if none
    has, what each measure lacks (so the message can name them)."""
    if not isinstance(measures, list) or not measures:
        return False, []
    lacking = []
    for index, measure in enumerate(measures):
        if not isinstance(measure, dict):
            lacking.append(f"measures[{index}] is not a measure")
            continue
        missing = [key for key in ("baseline", "target") if not is_number(measure.get(key))]
        if not missing:
            return True, []
        name = measure.get("name")
        label = f'"{name}"' if isinstance(name, str) and name.strip() else f"measures[{index}]"
        lacking.append(f"{label} has no numeric {' or '.join(missing)}")
    return False, lacking


def _clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _gap_problems(gap: dict[str, Any], placeholders: frozenset[str]) -> tuple[list[str], str]:
    """What is wrong with a gap, and what to do about it."""
    problems = []
    fixes = []
    text = gap.get("gap")
    if not has_text(text, placeholders):
        if isinstance(text, str) and text.strip():
            problems.append(f'has only a placeholder ("{_clip(text.strip(), 20)}") as its `gap`')
        else:
            problems.append("has no `gap` text")
        fixes.append("describe the gap in `gap`")
    quantified, lacking = _measure_problems(gap.get("measures"))
    if not quantified:
        if lacking:
            problems.append(
                "has no measure with both a numeric baseline and target ("
                + "; ".join(lacking)
                + ")"
            )
        else:
            problems.append("has no measures")
        fixes.append("add a measure with a numeric `baseline` and `target` under `measures`")
    return problems, " and ".join(fixes)


@rule("STP104", "triple-aim-gap", Severity.WARNING)
def triple_aim_gap(ctx: PlanContext) -> Iterator[Issue]:
    """A triple-aim gap is missing, not described, or not quantified.

    The Five Year Forward View asked every footprint to close three gaps by
    2020/21: health and wellbeing, care and quality, and finance and
    efficiency.  Each must be under `triple_aim` with a `gap` that says what
    the gap is (not a placeholder such as TBC) and at least one measure with
    a numeric `baseline` and `target`, so that progress can be tracked.
    Reviewers read the triple aim first: a gap that is not quantified cannot
    be shown to close.  A warning in a draft, an error once submitted.

    Failing:

        triple_aim:
          care_and_quality:
            gap: TBC
            measures: [{name: Delayed transfers, target: 3.5}]

    Passing:

        triple_aim:
          health_and_wellbeing:
            gap: Healthy life expectancy is nine years lower in the most deprived wards.
            measures: [{name: Adults who smoke, unit: "%", baseline: 17.5, target: 13, by: 2020/21}]
          care_and_quality:
            gap: Too many people stay in hospital after they are fit to leave.
            measures:
              - {name: Delayed transfers, unit: "%", baseline: 5.8, target: 3.5, by: 2020/21}
          finance_and_efficiency:
            gap: The do-nothing gap is 250 million pounds by 2020/21.
            measures: [{name: Gap closed, unit: GBP million, baseline: 0, target: 250, by: 2020/21}]
    """
    severity = completeness_severity(ctx.data)
    section = ctx.data.get("triple_aim")
    for key, title in ctx.guidance.triple_aim:
        where = f"`triple_aim.{key}`"
        pointer = f"/triple_aim/{escape_pointer_token(key)}"
        if not isinstance(section, dict) or key not in section:
            message = f"the {title.lower()} ({where}) is missing: {_HOW_TO}"
            yield Issue(message, "/triple_aim", severity)
            continue
        gap = section[key]
        if gap is None:
            message = f"the {title.lower()} ({where}) is empty: {_HOW_TO}"
            yield Issue(message, pointer, severity)
            continue
        if not isinstance(gap, dict):
            message = f"the {title.lower()} ({where}) is not written as a mapping: {_HOW_TO}"
            yield Issue(message, pointer, severity)
            continue
        problems, fix = _gap_problems(gap, ctx.guidance.placeholders)
        if problems:
            message = f"the {title.lower()} ({where}) {' and '.join(problems)}: {fix}"
            yield Issue(message, pointer, severity)


RULES = [triple_aim_gap]
