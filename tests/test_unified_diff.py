"""The diff ``stpctl fix`` prints: applied to the old text it gives the new,
it reads as difflib's does, and a large plan does not make it slow."""

from __future__ import annotations

import difflib
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stpctl.render import unified_diff as module
from stpctl.render.unified_diff import lines, unified_diff

_HUNK = re.compile(r"@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@\n")


def apply_diff(old: str, diff: str) -> str:
    """Apply a unified diff as patch does (strictly: every context line must match)."""
    source = lines(old)
    out: list[str] = []
    at = 0
    body = lines(diff)[2:]
    k = 0
    while k < len(body):
        found = _HUNK.fullmatch(body[k])
        assert found, body[k]
        start = int(found.group(1)) - (0 if found.group(2) == "0" else 1)
        out += source[at:start]
        at = start
        k += 1
        while k < len(body) and not body[k].startswith("@@"):
            mark, line = body[k][0], body[k][1:]
            if k + 1 < len(body) and body[k + 1] == "\\ No newline at end of file\n":
                line = line[:-1]
                k += 1
            if mark in " -":
                assert source[at] == line, (source[at], line)
                at += 1
            if mark in " +":
                out.append(line)
            k += 1
    return "".join(out + source[at:])


line_text = st.sampled_from(["a\n", "b\n", "status: open\n", "c\r\n", "\n", "d"])
texts = st.lists(line_text, max_size=40).map("".join)


@settings(max_examples=400)
@given(old=texts, new=texts, walked=st.booleans())
def test_the_diff_applied_to_the_old_text_gives_the_new(old: str, new: str, walked: bool) -> None:
    # (walked: as for a very large plan, without difflib)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(module, "DIFFLIB_UP_TO", -1 if walked else module.DIFFLIB_UP_TO)
        diff = unified_diff(old, new, "plan.yaml")
    assert apply_diff(old, diff) == new
    assert (diff == "") == (old == new)


@settings(max_examples=200)
@given(
    count=st.integers(0, 40),
    changed=st.sets(st.integers(0, 39), max_size=5),
    removed=st.sets(st.integers(0, 39), max_size=3),
)
def test_changed_and_removed_lines_read_as_difflib_writes_them(
    count: int, changed: set[int], removed: set[int]
) -> None:
    # (with lines all different, there is one right way to line them up)
    old = [f"key{n}: value\n" for n in range(count)]
    new = [f"key{n}: fixed\n" if n in changed else line for n, line in enumerate(old)]
    new = [line for n, line in enumerate(new) if n not in removed]
    ours = unified_diff("".join(old), "".join(new), "plan.yaml")
    theirs = "".join(difflib.unified_diff(old, new, "plan.yaml", "plan.yaml"))
    assert ours == theirs


def test_one_change_in_a_large_plan_is_quick() -> None:
    # difflib took seconds on such a text; the walk is quick, and as exact here
    old = "".join(f"  - {{id: A{n}, status: open}}\n    status: open\n" for n in range(50_000))
    new = old.replace("{id: A25000,", "{id: B25000,")
    diff = unified_diff(old, new, "plan.yaml")
    changed = [line[0] for line in lines(diff)[2:] if line[0] in "+-"]
    assert changed == ["-", "+"]
    assert apply_diff(old, diff) == new


def test_a_long_block_removed_is_one_hunk_when_walked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(module, "DIFFLIB_UP_TO", -1)
    old = "".join(f"line {n}\n" for n in range(300))
    new = "".join(f"line {n}\n" for n in range(300) if not 100 <= n < 200)
    diff = unified_diff(old, new, "plan.yaml")
    assert diff.count("@@ -") == 1
    assert [line[0] for line in lines(diff)[2:] if line[0] in "+-"] == ["-"] * 100
    assert apply_diff(old, diff) == new
