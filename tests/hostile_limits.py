"""Hostile inputs at the size of the time and memory promise (issue 10, §5).

Shared by ``scripts/hostile-limits``, which runs every command on each of
them and prints the time and peak memory, and by the tests, which build the
same shapes at a smaller ``scale`` and assert the caps that hold the promise
(counts, sizes, depths), never a time.

Each maker writes its files into a folder and returns a ``Case``: what the
commands read (a plan, a folder of plans, standard input) and any options
they need.  ``size`` is the number of bytes a plan should come close to
without passing it (the ``--max-bytes`` default, 10 MiB, in the script).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "north-west-london.yaml"
SMALL_EXAMPLE = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
MIB = 1024 * 1024


@dataclass
class Case:
    """One hostile input.  ``plan`` is what the plan commands read (a file, a
    folder for ``many-files``, or ``-``); ``stdin`` a file to give as standard
    input; ``options`` extra options for every command; ``folder`` where to
    run from; ``commands`` limits which commands apply (empty: all)."""

    name: str
    what: str
    plan: str
    stdin: str | None = None
    options: list[str] = field(default_factory=list)
    folder: str | None = None
    commands: tuple[str, ...] = ()
    # a run over many files: the promise is memory bounded by the largest
    # file and time in step with the number of files, not 10 s in all
    many: bool = False


def _example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def _write(folder: Path, name: str, text: str | bytes) -> str:
    path = folder / name
    if isinstance(text, str):
        text = text.encode("utf-8")
    path.write_bytes(text)
    return str(path)


def _fill(unit: str, size: int, reserve: int) -> int:
    """How many copies of ``unit`` fit in ``size`` bytes after ``reserve``."""
    return max(1, (size - reserve) // len(unit.encode("utf-8")))


def many_actions(folder: Path, size: int) -> Case:
    """A real plan grown with ordinary actions to just under ``size``: the
    largest honest plan the limit lets through."""
    text = _example_text()
    action = (
        "      - {{id: X{n}, title: Step {n} of the local prevention programme, owner: PMO,"
        " due: 2019-03-31, status: open}}\n"
    )
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    unit = action.format(n=999999)
    count = _fill(unit, size, len(text.encode()))
    grown = text[:at] + "".join(action.format(n=n) for n in range(count)) + text[at:]
    return Case(
        "many-actions",
        f"a real plan grown to {count:,} actions",
        _write(folder, "plan.yaml", grown),
    )


def many_actions_invalid(folder: Path, size: int) -> Case:
    """The same plan with one schema error, so the whole plan is walked by
    the schema check that writes the messages, not only the fast yes/no."""
    case = many_actions(folder, size)
    path = Path(case.plan)
    text = path.read_text(encoding="utf-8").replace("stp_plan: 1", "stp_plan: 2", 1)
    return Case(
        "many-actions-one-error",
        case.what + ", one of them wrong",
        _write(folder, "plan-invalid.yaml", text),
    )


def overdue_actions(folder: Path, size: int) -> Case:
    """A real plan grown with actions all overdue: one rule finding each."""
    text = _example_text()
    action = "      - {{id: O{n}, title: Overdue step {n}, owner: PMO, due: 2016-05-01}}\n"
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    count = _fill(action.format(n=999999), size, len(text.encode()))
    grown = text[:at] + "".join(action.format(n=n) for n in range(count)) + text[at:]
    return Case(
        "overdue-actions",
        f"{count:,} actions, every one overdue (a rule finding each)",
        _write(folder, "overdue.yaml", grown),
    )


def actions_at_the_value_cap(folder: Path, size: int) -> Case:
    """The largest plan stpctl reads: ordinary actions, every one overdue,
    up to just under the cap on values (``MAX_VALUES``), so the documents
    (checklist, report, diff) list as much as they ever will."""
    from stpctl.load.limits import MAX_VALUES

    text = _example_text()
    action = "      - {{id: C{n}, title: Step {n}, owner: PMO, due: 2016-05-01, status: open}}\n"
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    count = min((MAX_VALUES - 5_000) // 6, _fill(action.format(n=999999), size, len(text.encode())))
    grown = text[:at] + "".join(action.format(n=n) for n in range(count)) + text[at:]
    return Case(
        "actions-at-the-value-cap",
        f"{count:,} overdue actions, just under the cap of {MAX_VALUES:,} values",
        _write(folder, "at-cap.yaml", grown),
    )


def wrong_list_items(folder: Path, size: int) -> Case:
    """A list of numbers where mappings belong: a schema finding per item."""
    text = _example_text().replace("delivery_areas:", "x-delivery_areas:", 1)
    count = _fill("1,", size, len(text.encode()) + 40)
    items = ",".join(["1"] * count)
    return Case(
        "wrong-list-items",
        f"{count:,} numbers where delivery areas belong",
        _write(folder, "list.yaml", text + f"delivery_areas: [{items}]\n"),
    )


def free_list(folder: Path, size: int) -> Case:
    """The most values a file of this size can hold, under a key free for
    local use (``x-``), so nothing but the loader sees them."""
    text = _example_text()
    count = _fill("0,", size, len(text.encode()) + 20)
    return Case(
        "free-list",
        f"{count:,} values in an x- list",
        _write(folder, "free.yaml", text + "x-list: [" + ",".join(["0"] * count) + "]\n"),
    )


def duplicate_keys(folder: Path, size: int) -> Case:
    """The same key written again and again: a duplicate-key finding each."""
    text = _example_text()
    count = _fill("  a: 1\n", size, len(text.encode()) + 20)
    return Case(
        "duplicate-keys",
        f"one key written {count:,} times",
        _write(folder, "duplicates.yaml", text + "x-repeats:\n" + "  a: 1\n" * count),
    )


def alias_duplicate_keys(folder: Path, size: int) -> Case:
    """Issue 10: one 10 KB anchored key reused 20,000 times as a duplicate key
    (190 KB that once gave 406 MB of JSON)."""
    key = "k" * 10_000
    count = min(20_000, _fill("  *k : 1\n", size, 11_000))
    body = f"x-repeats:\n  ? &k {key}\n  : 1\n" + "  *k : 1\n" * count
    return Case(
        "alias-duplicate-keys",
        f"a 10 KB anchored key reused {count:,} times as a duplicate key",
        _write(folder, "alias-keys.yaml", _example_text() + body),
    )


def alias_text(folder: Path, size: int) -> Case:
    """A 10 KB text anchored once and used as the title of many actions:
    little to read, a lot of text in every document that lists actions."""
    text = _example_text()
    title = "t" * 10_000
    action = "      - {{id: T{n}, title: *t, owner: PMO, due: 2016-05-01}}\n"
    count = min(50_000, _fill(action.format(n=99999), size, len(text.encode()) + 11_000))
    marker = "    actions:\n"
    at = text.index(marker, text.index("  prevention:")) + len(marker)
    first = f"      - {{id: T, title: &t {title}, owner: PMO, due: 2016-05-01}}\n"
    grown = text[:at] + first + "".join(action.format(n=n) for n in range(count)) + text[at:]
    return Case(
        "alias-text",
        f"a 10 KB anchored title used by {count:,} overdue actions",
        _write(folder, "alias-text.yaml", grown),
    )


def sexagesimal(folder: Path, size: int) -> Case:
    """Issue 10: ``population: 1:0:0:…`` of base-60 parts, once quadratic."""
    text = _example_text()
    count = _fill(":0", size, len(text.encode()) + 20)
    body = text.replace("population: ", "population: 1" + ":0" * count + "\n  x-was: ", 1)
    return Case(
        "sexagesimal",
        f"a base-60 number of {count:,} parts",
        _write(folder, "sexagesimal.yaml", body),
    )


def long_key_paths(folder: Path, size: int) -> Case:
    """Keys as long as YAML allows, nested deep, with many values under them:
    every value's JSON pointer repeats the whole path."""
    key = "k" * 1000
    depth = 90
    head = "".join(f"{'  ' * level}{key}{level}:\n" for level in range(depth))
    item = "  " * (depth + 1) + "- 0\n"
    body = "stp_plan: 1\nx-deep:\n" + "".join("  " + line + "\n" for line in head.splitlines())
    count = _fill(item, size, len(body))
    body += item * count
    return Case(
        "long-key-paths",
        f"{count:,} values under {depth} nested keys of 1,000 characters",
        _write(folder, "long-keys.yaml", body),
    )


def long_line(folder: Path, size: int) -> Case:
    """One line of ``size`` bytes that is not YAML: the syntax finding quotes
    an excerpt of it, not all of it."""
    body = "stp_plan: 1\nfootprint: {name: " + "x" * (size - 100) + "\n"
    return Case("long-line", "one broken line of the whole size", _write(folder, "line.yaml", body))


def unique_years(folder: Path, size: int) -> Case:
    """``finance.years`` (whose items must differ) as a long list of mixed
    types: a naive uniqueness check compares every pair."""
    text = _example_text()
    count = _fill("1,", size, len(text.encode()) + 40)
    items = ",".join("1" if n % 2 else "a" for n in range(count))
    body = text.replace("  years:", f"  years: [{items}]\n  x-years:", 1)
    return Case(
        "unique-years",
        f"{count:,} mixed financial years",
        _write(folder, "years.yaml", body),
    )


def many_files(folder: Path, size: int, count: int = 20_000) -> Case:
    """Issue 10: 20,000 tiny plans in one folder (``count`` of them)."""
    plans = folder / f"plans-{count}"
    plans.mkdir(exist_ok=True)
    for number in range(count):
        (plans / f"p{number:05}.yaml").write_bytes(b"stp_plan: 1\n")
    return Case(f"many-files-{count}", f"{count:,} tiny plans in a folder", str(plans), many=True)


def guidance_device(folder: Path, size: int) -> Case:
    """Issue 10: ``--guidance /dev/zero`` once read 23.7 GB."""
    return Case(
        "guidance-dev-zero",
        "--guidance /dev/zero",
        str(SMALL_EXAMPLE),
        options=["--guidance", "/dev/zero"],
    )


def guidance_fifo(folder: Path, size: int) -> Case:
    """Issue 10: a FIFO as the guidance pack once hung."""
    fifo = folder / "pack.yaml"
    if not fifo.exists():
        os.mkfifo(fifo)
    return Case(
        "guidance-fifo", "--guidance a FIFO", str(SMALL_EXAMPLE), options=["--guidance", str(fifo)]
    )


def guidance_huge(folder: Path, size: int) -> Case:
    """A guidance pack far larger than any pack."""
    pack = folder / "huge-pack.yaml"
    pack.write_bytes(b"name: huge\n" + b"# padding\n" * (2 * size // 10))
    return Case(
        "guidance-huge",
        f"--guidance a {pack.stat().st_size // MIB} MiB file",
        str(SMALL_EXAMPLE),
        options=["--guidance", str(pack)],
    )


def config_device(folder: Path, size: int) -> Case:
    """Issue 10: a ``.stpctl.toml`` found by walking up that names /dev/zero."""
    home = folder / "config-walk"
    (home / "plans").mkdir(parents=True, exist_ok=True)
    (home / ".stpctl.toml").write_text('guidance = "/dev/zero"\n', encoding="utf-8")
    plan = home / "plans" / "plan.yaml"
    plan.write_bytes(SMALL_EXAMPLE.read_bytes())
    return Case("config-guidance-dev-zero", ".stpctl.toml: guidance = /dev/zero", str(plan))


def config_itself_device(folder: Path, size: int) -> Case:
    """``--config /dev/zero``: the configuration file itself endless."""
    return Case(
        "config-dev-zero",
        "--config /dev/zero",
        str(SMALL_EXAMPLE),
        options=["--config", "/dev/zero"],
    )


def stdin_endless(folder: Path, size: int) -> Case:
    """Issue 10: ``diff -`` once read all of standard input (1.5 GB) before
    checking its size; here standard input never ends."""
    return Case("stdin-dev-zero", "- with /dev/zero as standard input", "-", stdin="/dev/zero")


MAKERS: dict[str, Callable[[Path, int], Case]] = {
    "many-actions": many_actions,
    "many-actions-one-error": many_actions_invalid,
    "overdue-actions": overdue_actions,
    "actions-at-the-value-cap": actions_at_the_value_cap,
    "wrong-list-items": wrong_list_items,
    "free-list": free_list,
    "duplicate-keys": duplicate_keys,
    "alias-duplicate-keys": alias_duplicate_keys,
    "alias-text": alias_text,
    "sexagesimal": sexagesimal,
    "long-key-paths": long_key_paths,
    "long-line": long_line,
    "unique-years": unique_years,
    "many-files": many_files,
    "guidance-dev-zero": guidance_device,
    "guidance-fifo": guidance_fifo,
    "guidance-huge": guidance_huge,
    "config-guidance-dev-zero": config_device,
    "config-dev-zero": config_itself_device,
    "stdin-dev-zero": stdin_endless,
}
