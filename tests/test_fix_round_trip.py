"""The proof that a fix changes only what it lists, on every plan in the suite.

For each plan file under ``examples/``, ``tests/cases/`` and ``tests/hostile/``
(and a byte-order-mark, CRLF copy of the plan full of slips): find every fix,
safe and unsafe, apply them all, and check, independently of the fix
engine's own checks, that

* the result loads;
* every value is the same as before, pointer by pointer (type, value, key
  order), except the ones the fixes list, which hold exactly the new value;
* every byte outside the edited ranges is the same, in the same order;
* the findings the fixes answered are gone.

A plan that does not load gets no fix.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from stpctl.check.checker import Settings, analyse_bytes
from stpctl.fix.edits import UNCHANGED, Edit, Fix, apply_edits
from stpctl.fix.engine import find_fixes
from stpctl.load.loader import load_bytes
from stpctl.records.pointers import escape_pointer_token

ROOT = Path(__file__).parent.parent
PLANS = sorted(
    [
        *(ROOT / "examples").glob("*.yaml"),
        *(ROOT / "tests" / "cases").rglob("*.yaml"),
        *(ROOT / "tests" / "hostile").rglob("*.yaml"),
    ]
)
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 1))
BOM = "\ufeff"


def cases() -> Iterator[Any]:
    for path in PLANS:
        yield pytest.param(path.read_bytes(), id=path.relative_to(ROOT).as_posix())
    slips = SLIPS.read_bytes()
    crlf = b"\xef\xbb\xbf" + slips.replace(b"\n", b"\r\n")
    yield pytest.param(crlf, id="mechanical-slips with a BOM and CRLF line ends")


Node = tuple[str, Any]


def flatten(value: Any, pointer: str = "") -> dict[str, Node]:
    """Pointer → (type, value); a mapping's value is its keys in order, a list's its length."""
    if isinstance(value, dict):
        found: dict[str, Node] = {pointer: ("mapping", list(value))}
        for key, item in value.items():
            found.update(flatten(item, f"{pointer}/{escape_pointer_token(key)}"))
        return found
    if isinstance(value, list):
        found = {pointer: ("list", len(value))}
        for index, item in enumerate(value):
            found.update(flatten(item, f"{pointer}/{index}"))
        return found
    return {pointer: (type(value).__name__, value)}


def renamed(pointer: str, fixes: list[Fix]) -> str:
    for fix in fixes:
        if fix.key is not None and (
            pointer == fix.pointer or pointer.startswith(fix.pointer + "/")
        ):
            parent = fix.pointer.rsplit("/", 1)[0]
            pointer = f"{parent}/{escape_pointer_token(fix.key)}{pointer[len(fix.pointer) :]}"
    return pointer


def expected_after(before: dict[str, Node], fixes: list[Fix]) -> dict[str, Node]:
    """The flattened plan as the fixes say it must be."""
    values = {fix.pointer: fix.value for fix in fixes if fix.value is not UNCHANGED}
    keys = {fix.pointer: fix.key for fix in fixes if fix.key is not None}
    expected = {}
    for pointer, (kind, value) in before.items():
        if pointer in values:
            kind, value = type(values[pointer]).__name__, values[pointer]
        if kind == "mapping":  # a renamed key keeps its place
            value = [keys.get(f"{pointer}/{escape_pointer_token(name)}", name) for name in value]
        expected[renamed(pointer, fixes)] = (kind, value)
    return expected


def unchanged_outside(text: str, fixed: str, edits: list[Edit]) -> bool:
    """Every character outside the edits is where it was, in order, and each
    edited range holds its replacement."""
    at_text = at_fixed = 0
    for edit in sorted(edits):
        kept = text[at_text : edit.start]
        if fixed[at_fixed : at_fixed + len(kept)] != kept:
            return False
        at_fixed += len(kept)
        if fixed[at_fixed : at_fixed + len(edit.replacement)] != edit.replacement:
            return False
        at_fixed += len(edit.replacement)
        at_text = edit.end
    return fixed[at_fixed:] == text[at_text:]


def test_the_round_trip_covers_the_suite_and_has_fixes_to_prove() -> None:
    assert len(PLANS) >= 50
    with_fixes = [p for p in PLANS if find_fixes(p.read_bytes(), str(p), SETTINGS).fixes]
    assert len(with_fixes) >= 12, with_fixes
    kinds = {fix.rule for fix in find_fixes(SLIPS.read_bytes(), "slips", SETTINGS).fixes}
    assert kinds == {"STP004", "STP010", "STP012", "STP013"}


@pytest.mark.parametrize("raw", list(cases()))
def test_fixing_changes_only_what_the_fixes_list(raw: bytes) -> None:
    found = find_fixes(raw, "plan.yaml", SETTINGS)
    before = load_bytes(raw)
    if not before.ok:
        assert found.fixes == []
        return
    fixes = found.fixes  # safe and unsafe alike
    text = before.positions.text
    edits = [edit for fix in fixes for edit in fix.edits]
    fixed_text = apply_edits(text, edits)
    assert unchanged_outside(text, fixed_text, edits)
    lead = BOM if raw.startswith(b"\xef\xbb\xbf") else ""
    fixed_raw = (lead + fixed_text).encode("utf-8")
    after = load_bytes(fixed_raw)
    assert after.ok, after.findings
    assert flatten(after.data) == expected_after(flatten(before.data), fixes)
    # and the findings the fixes answered are gone
    remaining = {
        (finding.rule, finding.pointer)
        for finding in analyse_bytes(fixed_raw, "plan.yaml", SETTINGS).result.findings
    }
    for fix in fixes:
        assert (fix.rule, renamed(fix.pointer, fixes)) not in remaining, fix.message


def test_the_proof_catches_a_fix_that_changes_more_than_it_says() -> None:
    raw = b"version: 1.10\nowner: no\n"
    before = load_bytes(raw)
    # quoting 1.10 as "1.1" would lose the zero the author wrote
    wrong = Fix("STP012", "/version", "x", "safe", (Edit(9, 13, '"1.1"'),), value="1.10")
    after = load_bytes(apply_edits(before.positions.text, wrong.edits).encode())
    assert flatten(after.data) != expected_after(flatten(before.data), [wrong])
    # a fix that touches a value it does not list
    sly = Fix(
        "STP012", "/version", "x", "safe", (Edit(9, 24, '"1.10"\nowner: "no"'),), value="1.10"
    )
    after = load_bytes(apply_edits(before.positions.text, sly.edits).encode())
    assert flatten(after.data) != expected_after(flatten(before.data), [sly])
    right = Fix("STP012", "/version", "x", "safe", (Edit(9, 13, '"1.10"'),), value="1.10")
    after = load_bytes(apply_edits(before.positions.text, right.edits).encode())
    assert flatten(after.data) == expected_after(flatten(before.data), [right])
    assert not unchanged_outside("abcdef", "abXdef", [Edit(1, 2, "b")])
