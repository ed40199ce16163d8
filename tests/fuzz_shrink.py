"""Shrink a failing fuzz case to a small input that still fails the same way.

Delta debugging (Zeller's ddmin) over the lines of ``plans[0]``, then over
the characters of its long lines: a smaller candidate is kept when running
it still gives a failure with the same signature.  Only the step that failed
is run for each candidate, so a shrink takes seconds, not minutes.  First,
when one plan of the case fails on its own, the others are dropped and that
one is shrunk; its file name, ``--as-of`` and options are made plain when
the failure does not need them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from fuzz_case import AS_OF, Case, Plan
from fuzz_run import Failure, run_case

MAX_TRIES = 3000


def still_fails(case: Case, signature: str, where: str, base: Path) -> bool:
    return any(f.signature == signature for f in run_case(case, base, only=where))


def _ddmin(
    parts: list[bytes], fails: Callable[[list[bytes]], bool], budget: list[int]
) -> list[bytes]:
    """The smallest list of parts (1-minimal, within the budget) that still fails."""
    chunks = 2
    while len(parts) >= 2 and budget[0] > 0:
        size = max(1, len(parts) // chunks)
        reduced = False
        for start in range(0, len(parts), size):
            candidate = parts[:start] + parts[start + size :]
            budget[0] -= 1
            if candidate and fails(candidate):
                parts, chunks, reduced = candidate, max(chunks - 1, 2), True
                break
            if budget[0] <= 0:
                break
        if not reduced:
            if size == 1:
                break
            chunks = min(chunks * 2, len(parts))
    return parts


def shrink(case: Case, failure: Failure, base: Path) -> Case:
    """A smaller case that still fails with ``failure``'s signature."""
    signature, where = failure.signature, failure.where
    budget = [MAX_TRIES]
    if case.cli is None and len(case.plans) > 1:  # the plan that fails on its own, if one does
        for plan in case.plans:
            alone = replace(case, plans=[plan])
            if still_fails(alone, signature, where, base):
                case = alone
                break

    def with_raw(raw: bytes) -> Case:
        return replace(case, plans=[Plan(case.plans[0].name, raw), *case.plans[1:]])

    def fails_lines(lines: list[bytes]) -> bool:
        return still_fails(with_raw(b"".join(lines)), signature, where, base)

    plainer: list[Callable[[Case], Case]] = [  # what the failure may not need, made plain
        lambda c: (
            replace(c, plans=[replace(c.plans[0], name=b"plan.yaml")]) if len(c.plans) == 1 else c
        ),
        lambda c: replace(c, as_of=AS_OF),
        lambda c: replace(c, diff_reversed=False, quiet=False),
    ]
    for make in plainer:
        simpler = make(case)
        if simpler != case and still_fails(simpler, signature, where, base):
            case = simpler
    lines = _ddmin(case.plans[0].raw.splitlines(keepends=True), fails_lines, budget)
    shrunk: list[bytes] = []
    for index, line in enumerate(lines):
        rest = lines[index + 1 :]

        def fails_chars(
            chars: list[bytes], before: list[bytes] = shrunk, after: list[bytes] = rest
        ) -> bool:
            return fails_lines([*before, b"".join(chars), *after])

        if len(line) > 40:  # long lines only: a long value is often where the trouble is
            chars = [line[i : i + 1] for i in range(len(line))]
            line = b"".join(_ddmin(chars, fails_chars, budget))
        shrunk.append(line)
    return with_raw(b"".join(shrunk))
