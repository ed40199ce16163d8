"""Mutations of real plans, for fuzzing stpctl.

Shared by ``tests/test_fuzz.py`` (hypothesis draws the choices, so a failure
shrinks to a small example) and ``scripts/fuzz`` (``random.Random`` draws
them, for long runs).  Every choice goes through ``pick(n)``, which returns a
whole number from 0 to n - 1.

Two families, as issue 6 asks:

* ``mutate_data``: load a plan, then delete, duplicate, retype, rename and
  shuffle nodes, and dump it back with PyYAML's safe dumper (well-formed YAML
  with the wrong shape: this exercises the schema stage and the rules);
* ``mutate_bytes``: flip, insert and delete bytes and lines of the raw file
  (mostly broken YAML: this exercises the loader).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from stpctl.load.loader import load_bytes

try:  # the C dumper of PyYAML's wheels: the same safe output as yaml.safe_dump, 5x faster
    from yaml import CSafeDumper as _Dumper
except ImportError:  # pragma: no cover
    from yaml import SafeDumper as _Dumper  # type: ignore[assignment]

Pick = Callable[[int], int]

ROOT = Path(__file__).parent.parent
SEED_FILES = sorted((ROOT / "examples").glob("*.yaml")) + sorted(
    (ROOT / "tests" / "cases" / "valid").glob("*.yaml")
)

# Values a node may be retyped to: every JSON type, YAML 1.1 look-alikes,
# placeholders, odd dates and numbers, and text that is somebody else's input.
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    7,
    2.5,
    -0.0,
    1e308,
    float("inf"),
    float("nan"),
    10**40,
    "",
    " ",
    "yes",
    "no",
    "~",
    "TBC",
    "lorem ipsum",
    "2016/17",
    "2021/22",
    "2016/18",
    "2016-02-30",
    "2016-06-30",
    "2099-12-31",
    "E54000019",
    "DA1",
    "P1",
    "A1",
    "prevention",
    "not_applicable",
    "x" * 300,
    "é — 😀",
    "two\nlines",
    "\x1b[2J\x1b]0;title\x07",
    "[bold red]markup[/bold red]",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    [],
    {},
    [None],
    [1, "a", None, [], {}],
    {"x-local": 1},
    {"": None},
    {"id": "DA1"},
    {"id": "A1", "title": "T", "owner": "O", "due": "2016-09-30", "status": "open"},
    {"name": "M", "unit": "%", "baseline": 1, "target": 2, "by": "2020/21"},
]

KEYS = ["", "x-local", "<<", "2016/17", "yes", "id", "status", "questions", "unknown_key"]

TOKENS = [
    b"\t",
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b" ",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"&b [*a, *a, *a, *a] ",
    b"<<: *a\n",
    b"!!python/object/apply:os.system ",
    b"!!str ",
    b"!!int ",
    b"!custom ",
    b"'",
    b'"',
    b"#",
    b"|",
    b">-",
    b"? ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"\\",
    b"%",
    b"@",
    b"`",
    b"yes",
    b"~",
    b"012",
    b"1e3",
    b"12:30",
    b".inf",
    b"2016/17",
]


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
