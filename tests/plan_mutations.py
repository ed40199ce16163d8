"""Mutations of real plans, for fuzzing stpctl.

Every choice goes through ``pick(n)``, which returns a whole number from 0
to n - 1, so a mutation is reproducible from the choices alone (hypothesis
or ``random.Random`` draws them).

Three families:

* ``mutate_data`` (issue 6): load a plan, then delete, duplicate, retype,
  rename and shuffle nodes, and dump it back with PyYAML's safe dumper
  (well-formed YAML with the wrong shape).  The property tests of the
  checklist, the diff and the schema stage use it.
* ``mutate_extreme`` (issue 10, for ``scripts/fuzz`` and ``tests/test_fuzz.py``):
  the same, plus what users and attackers write (``tests/extreme_values.py``):
  extreme figures, dates and text where a figure, a date or text was; one
  figure flooded into every saving; lists turned into mappings and back,
  values nested past the depth cap, lists grown to thousands of items; and
  YAML text the dumper would quote (``1,190.0`` inside a flow mapping,
  ``£96.0``, a 5,000-digit hex integer, 150 ``[`` in a row), written as a
  placeholder and spliced into the dumped text verbatim, as a person types it.
* ``mutate_bytes``: flip, insert and delete bytes and lines of the raw file
  (mostly broken YAML: this exercises the loader).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from extreme_values import (
    DATES,
    EXTREME_KEYS,
    FIGURES,
    KEYS,
    LIST_SIZES,
    RAW_DATES,
    RAW_FIGURES,
    RAW_NESTING,
    RAW_TEXTS,
    TEXTS,
    TOKENS,
    VALUES,
    WRAP_DEPTHS,
)

from stpctl.load.loader import load_bytes

try:  # the C dumper of PyYAML's wheels: the same safe output as yaml.safe_dump, 5x faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]


class _PlainDumper(_Dumper):  # type: ignore[misc,valid-type]
    """Writes a value reused in many places out in full each time (a grown
    list of 20,000 actions stays 20,000 actions), instead of as aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


Pick = Callable[[int], int]

ROOT = Path(__file__).parent.parent
SEED_FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "valid").glob("*.yaml")
)


def load_seed(path: Path) -> Any:
    """A seed plan as stpctl loads it (dates and codes stay text)."""
    loaded = load_bytes(path.read_bytes())
    assert loaded.ok, f"{path} is not a loadable plan"
    return loaded.data


def _places(data: Any) -> list[tuple[Any, Any]]:
    """Every (container, key or index) in the tree, found without recursion."""
    places: list[tuple[Any, Any]] = []
    todo = [data]
    while todo:
        node = todo.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                places.append((node, key))
                todo.append(value)
        elif isinstance(node, list):
            for index, value in enumerate(node):
                places.append((node, index))
                todo.append(value)
    return places


def mutate_data(plan: Any, pick: Pick, steps: int) -> bytes:
    """The plan after ``steps`` node mutations, dumped back to YAML bytes."""
    data = copy.deepcopy(plan)
    for _ in range(steps):
        places = _places(data)
        if not places:
            break
        container, key = places[pick(len(places))]
        operation = pick(6)
        if operation == 0:  # delete
            del container[key]
        elif operation == 1:  # duplicate: next to itself in a list, over another key in a mapping
            if len(_places(container[key])) > BIG_VALUE:
                continue  # a grown list copied around would only make the file too big to read
            node = copy.deepcopy(container[key])
            if isinstance(container, list):
                container.insert(key, node)
            else:
                other, other_key = places[pick(len(places))]
                other[other_key] = node
        elif operation in (2, 3):  # retype (twice as likely: the richest source of surprises)
            container[key] = _retyped(container[key], pick)
        elif operation == 4:  # shuffle the container's order
            _shuffle(container, pick)
        elif isinstance(container, dict):  # rename a key
            taken = [k for _, k in places if isinstance(k, str)]
            pool = KEYS + taken
            new_key = pool[pick(len(pool))]
            if new_key not in container:
                container[new_key] = container.pop(key)
    text = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=pick(2) == 0)
    return text.encode("utf-8")


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_RAW_ANY = RAW_FIGURES + RAW_DATES + RAW_TEXTS + RAW_NESTING


def _kind(value: Any) -> str:
    """What a value holds, as far as extremes go: a figure, a date, text or other."""
    if isinstance(value, bool):
        return "other"
    if isinstance(value, (int, float)):
        return "figure"
    if isinstance(value, str):
        return "date" if _DATE.match(value) else "text"
    return "other"


class _Verbatim:
    """Text to splice into the dumped YAML as written: the tree holds a
    placeholder (a plain word the dumper never quotes) in its place."""

    def __init__(self) -> None:
        self.texts: list[bytes] = []

    def add(self, text: str | bytes) -> str:
        self.texts.append(text.encode("utf-8") if isinstance(text, str) else text)
        return f"FUZZRAW{len(self.texts) - 1}X"

    def splice(self, dumped: bytes) -> bytes:
        for index, text in enumerate(self.texts):
            dumped = dumped.replace(f"FUZZRAW{index}X".encode(), text)
        return dumped


def _extreme(kind: str, pick: Pick, verbatim: _Verbatim) -> Any:
    """An extreme value of ``kind``: a Python value, or YAML text spliced in."""
    values, texts = {
        "figure": (FIGURES, RAW_FIGURES),
        "date": (DATES, RAW_DATES),
        "text": (TEXTS, RAW_TEXTS),
    }[kind]
    if pick(2) == 0:
        return copy.deepcopy(values[pick(len(values))])
    return verbatim.add(texts[pick(len(texts))])


def _retyped(value: Any, pick: Pick) -> Any:
    """A value of another type: from the pool, or made from the value itself."""
    if pick(4) == 0:
        if isinstance(value, str):
            return len(value)
        if isinstance(value, (int, float)):
            return str(value)
        if isinstance(value, dict):
            return list(value.values())
        if isinstance(value, list):
            return {str(index): item for index, item in enumerate(value)}
    return copy.deepcopy(VALUES[pick(len(VALUES))])


def _flipped(value: Any, pick: Pick) -> Any:
    """A list as a mapping, a mapping as a list, a scalar as either."""
    if isinstance(value, dict):
        if pick(2) == 0:
            return list(value.values())
        return [{key: item} for key, item in value.items()]
    if isinstance(value, list):
        return {str(index): item for index, item in enumerate(value)}
    return [value] if pick(2) == 0 else {str(value): value}


def _wrapped(value: Any, pick: Pick) -> Any:
    """``value`` inside many levels of lists or mappings (block style, via the
    dumper); a big value only a few levels, as every level indents every line."""
    depth = WRAP_DEPTHS[pick(len(WRAP_DEPTHS))]
    if len(_places(value)) > BIG_VALUE:
        depth = min(depth, 5)
    for _ in range(depth):
        value = [value] if pick(2) == 0 else {"x-level": value}
    return value


# Values a plan may hold before the extreme mutations stop, and values a node may
# hold and still be copied or nested deep: the fuzzer must not spend minutes
# dumping a 70 MB file that stpctl refuses for its size in a millisecond.
MAX_VALUES = 250_000
BIG_VALUE = 20_000

# Bytes of YAML a grown list may take: under the 10 MiB limit, so the list is
# checked rather than refused for its size, and the fuzzer never dumps 200 MB (a
# list of items nested 120 deep costs 14 KB of indentation per item).
GROWN_BYTES = 3_000_000


def _grown(value: Any, pick: Pick) -> list[Any]:
    """A list of many items: the list's own items repeated, or the value."""
    items = value if isinstance(value, list) and value else [value]
    each = len(yaml.dump(items, Dumper=_PlainDumper, default_flow_style=False)) / len(items)
    size = min(LIST_SIZES[pick(len(LIST_SIZES))], max(2, int(GROWN_BYTES // max(each, 1))))
    # Copies, not the same object again: a later step that changes one item
    # must not change thousands (and grow the plan a thousandfold).
    return [copy.deepcopy(items[index % len(items)]) for index in range(size)]


def _flood(places: list[tuple[Any, Any]], pick: Pick, verbatim: _Verbatim) -> None:
    """One extreme figure in many figure places at once: every figure, every
    figure under the same key (one year across all savings), or every figure
    in one mapping — what makes sums overflow."""
    figures = [(c, k) for c, k in places if _kind(c[k]) == "figure"]
    if not figures:
        return
    value = _extreme("figure", pick, verbatim)
    container, key = figures[pick(len(figures))]
    mode = pick(3)
    for other, other_key in figures:
        if mode == 0 or (mode == 1 and other_key == key) or (mode == 2 and other is container):
            other[other_key] = copy.deepcopy(value)


def _separated(
    container: Any, key: Any, places: list[tuple[Any, Any]], verbatim: _Verbatim
) -> bool:
    """A mapping of figures (savings by year) written as a flow mapping with a
    thousands separator in one figure, as in ``{2016/17: 1,190.0, 2017/18: 3.0}``."""
    if not isinstance(container, dict) or not all(_kind(v) == "figure" for v in container.values()):
        return False
    if not all(isinstance(k, str) and re.fullmatch(r"[\w/-]+", k) for k in container):
        return False
    parent = next(((c, k) for c, k in places if c[k] is container), None)
    if parent is None:
        return False
    try:
        entries = [
            f"{name}: {abs(value) + 1000:,.1f}" if name == key else f"{name}: {value!r}"
            for name, value in container.items()
        ]
    except (OverflowError, ValueError):  # an earlier step put a huge integer here
        return False
    parent[0][parent[1]] = verbatim.add("{" + ", ".join(entries) + "}")
    return True


def mutate_extreme(plan: Any, pick: Pick, steps: int) -> bytes:
    """The plan after ``steps`` node mutations, the first family's and the
    extreme ones, dumped back to YAML (with verbatim text spliced in)."""
    data = copy.deepcopy(plan)
    verbatim = _Verbatim()
    for _ in range(steps):
        places = _places(data)
        if not places or len(places) > MAX_VALUES:  # big enough: dumping it already takes seconds
            break
        operation = pick(12)
        if operation in (6, 7, 8):  # an extreme where a figure, a date or text was
            kind = ("figure", "date", "text")[operation - 6]
            fitting = [(c, k) for c, k in places if _kind(c[k]) == kind] or places
            container, key = fitting[pick(len(fitting))]
            if kind == "figure" and pick(3) == 0 and _separated(container, key, places, verbatim):
                continue
            container[key] = _extreme(kind, pick, verbatim)
            continue
        if operation == 9:
            _flood(places, pick, verbatim)
            continue
        container, key = places[pick(len(places))]
        if operation == 0:  # delete
            del container[key]
        elif operation == 1:  # duplicate: next to itself in a list, over another key in a mapping
            if len(_places(container[key])) > BIG_VALUE:
                continue  # a grown list copied around would only make the file too big to read
            node = copy.deepcopy(container[key])
            if isinstance(container, list):
                container.insert(key, node)
            else:
                other, other_key = places[pick(len(places))]
                other[other_key] = node
        elif operation in (2, 3):  # retype (twice as likely: the richest source of surprises)
            container[key] = _retyped(container[key], pick)
        elif operation == 4:  # shuffle the container's order
            _shuffle(container, pick)
        elif operation == 5 and isinstance(container, dict):  # rename a key
            taken = [k for _, k in places if isinstance(k, str)]
            pool = KEYS + EXTREME_KEYS + taken
            new_key = pool[pick(len(pool))]
            if new_key not in container:
                container[new_key] = container.pop(key)
        elif operation == 10:  # structure: flip, nest deep, grow, or nest past the cap in flow
            shape = pick(4)
            if shape == 0:
                container[key] = _flipped(container[key], pick)
            elif shape == 1:
                container[key] = _wrapped(container[key], pick)
            elif shape == 2:
                container[key] = _grown(container[key], pick)
            else:
                container[key] = verbatim.add(RAW_NESTING[pick(len(RAW_NESTING))])
        elif operation == 11:  # any verbatim text anywhere
            container[key] = verbatim.add(_RAW_ANY[pick(len(_RAW_ANY))])
    dumper = _Dumper if pick(8) == 0 else _PlainDumper  # now and then, aliases for repeats
    text = yaml.dump(
        data,
        Dumper=dumper,
        sort_keys=False,
        allow_unicode=pick(2) == 0,
        default_flow_style=None if pick(3) == 0 else False,  # None: flow style for the leaves
    )
    return verbatim.splice(text.encode("utf-8"))


def _shuffle(container: Any, pick: Pick) -> None:
    if isinstance(container, list):
        items = list(container)
        container[:] = [items.pop(pick(len(items))) for _ in range(len(items))]
    else:
        keys = list(container)
        order = [keys.pop(pick(len(keys))) for _ in range(len(keys))]
        values = {key: container.pop(key) for key in order}
        container.update(values)


def mutate_bytes(raw: bytes, pick: Pick, steps: int) -> bytes:
    """The raw file after ``steps`` byte or line mutations."""
    data = bytearray(raw)
    for _ in range(steps):
        size = len(data)
        operation = pick(7)
        if size == 0 or operation == 0:  # insert a token
            token = TOKENS[pick(len(TOKENS))]
            where = pick(size + 1)
            data[where:where] = token
        elif operation == 1:  # flip one bit
            data[pick(size)] ^= 1 << pick(8)
        elif operation == 2:  # any byte at all
            data[pick(size)] = pick(256)
        elif operation == 3:  # delete a short run
            start = pick(size)
            del data[start : start + 1 + pick(16)]
        elif operation == 4:  # truncate
            del data[pick(size) :]
        else:  # duplicate or move a line
            lines = bytes(data).splitlines(keepends=True)
            line = lines[pick(len(lines))]
            if operation == 5:
                lines.insert(pick(len(lines) + 1), line)
            else:
                lines.remove(line)
                lines.insert(pick(len(lines) + 1), line)
            data = bytearray(b"".join(lines))
    return bytes(data)
