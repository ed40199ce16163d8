"""One fuzz case: the plan files to write, and what to run on them.

A case is made from ``pick(n)`` choices alone (``make_case``), so
``scripts/fuzz`` makes case N of seed S the same way every time
(``numbered_case``), and ``tests/test_fuzz.py`` lets hypothesis draw the
choices.  A case is saved as JSON (``to_json``/``from_json``) beside a failing
input so it can be replayed byte for byte.

``plans[0]`` is the mutant every command runs on; the other plans (other
mutants, or unmutated seeds) join it in the multi-file ``validate`` run and
the roll-up.  ``seed`` names the seed ``plans[0]`` was made from: the diff
compares the two.  ``cli`` is set on about one case in ``CLI_EVERY``: a
command line run through ``typer.testing.CliRunner`` on the real app, with
``{plan0}``, ``{plans}``, ``{dir}``, ``{seed}`` and ``{out}`` filled in when
run.
"""

from __future__ import annotations

import base64
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extreme_values import FILE_NAMES
from plan_mutations import SEED_FILES, load_seed, mutate_bytes, mutate_extreme

Pick = Callable[[int], int]

CLI_EVERY = 50
AS_OF = "2016-06-30"
AS_OF_EXTREMES = ("0001-01-01", "9999-12-31", "2016-02-29", "2021-03-31", "1970-01-01")
SEEDS: list[tuple[str, bytes, Any]] = [
    (path.name, path.read_bytes(), load_seed(path)) for path in SEED_FILES
]


@dataclass
class Plan:
    name: bytes  # the file name, as bytes: it need not be UTF-8
    raw: bytes


@dataclass
class Case:
    label: str
    what: str
    seed: str
    plans: list[Plan]
    as_of: str = AS_OF
    diff_reversed: bool = False
    quiet: bool = False
    cli: list[str] | None = None
    stdin: bytes | None = None
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        def encoded(data: bytes) -> str:
            return base64.b64encode(data).decode("ascii")

        return json.dumps(
            {
                "label": self.label,
                "what": self.what,
                "seed": self.seed,
                "plans": [{"name": encoded(p.name), "raw": encoded(p.raw)} for p in self.plans],
                "as_of": self.as_of,
                "diff_reversed": self.diff_reversed,
                "quiet": self.quiet,
                "cli": self.cli,
                "stdin": None if self.stdin is None else encoded(self.stdin),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> Case:
        data = json.loads(text)
        plans = [
            Plan(base64.b64decode(p["name"]), base64.b64decode(p["raw"])) for p in data["plans"]
        ]
        stdin = None if data["stdin"] is None else base64.b64decode(data["stdin"])
        return cls(
            data["label"],
            data["what"],
            data["seed"],
            plans,
            data["as_of"],
            data["diff_reversed"],
            data["quiet"],
            data["cli"],
            stdin,
        )

    @classmethod
    def of_file(cls, path: Path) -> Case:
        """A case for one plan file found anywhere (``scripts/fuzz --replay plan.yaml``)."""
        seed = SEEDS[0][0]
        return cls(f"replay of {path}", "as given", seed, [Plan(b"plan.yaml", path.read_bytes())])


def mutant(pick: Pick) -> tuple[str, str, bytes]:
    """A mutated seed plan: (seed name, what was done, the bytes)."""
    name, raw, data = SEEDS[pick(len(SEEDS))]
    kind = pick(4)
    if kind == 0:
        return name, "bytes", mutate_bytes(raw, pick, 1 + pick(8))
    if kind == 1:
        nodes = mutate_extreme(data, pick, 1 + pick(4))
        return name, "nodes then bytes", mutate_bytes(nodes, pick, 1 + pick(4))
    return name, "nodes", mutate_extreme(data, pick, 1 + pick(6))


def _file_name(pick: Pick, taken: set[bytes]) -> bytes:
    """Mostly a plain name; one in three from the hostile list.  Unique in the case."""
    name = FILE_NAMES[pick(len(FILE_NAMES))] if pick(3) == 0 else b"plan.yaml"
    stem, dot, suffix = name.rpartition(b".")
    unique, number = name, 1
    while unique in taken:
        number += 1
        unique = stem + b"-" + str(number).encode() + dot + suffix
    taken.add(unique)
    return unique


def make_case(pick: Pick, label: str) -> Case:
    """A case from ``pick`` choices alone."""
    seed, what, raw = mutant(pick)
    taken: set[bytes] = set()
    plans = [Plan(_file_name(pick, taken), raw)]
    for _ in range(pick(3)):  # others for the multi-file run and the roll-up
        if pick(3) == 0:
            other_seed, other_raw = SEEDS[pick(len(SEEDS))][:2]
            other_what = f"{other_seed} as it is"
        else:
            other_seed, how, other_raw = mutant(pick)
            other_what = f"{other_seed}, {how}"
        plans.append(Plan(_file_name(pick, taken), other_raw))
        what += f"; with {other_what}"
    case = Case(label, f"{seed}, {what}", seed, plans)
    if pick(5) == 0:
        case.as_of = AS_OF_EXTREMES[pick(len(AS_OF_EXTREMES))]
    case.diff_reversed = pick(2) == 0
    case.quiet = pick(2) == 0
    if pick(CLI_EVERY) == 0:
        case.cli, case.stdin = command_line(pick, case)
    return case


def numbered_case(seed: int, number: int) -> Case:
    """Case ``number`` of run ``seed``, the same every time."""
    rng = random.Random(f"{seed}:{number}")
    return make_case(rng.randrange, f"seed {seed} case {number}")


# --- command lines ------------------------------------------------------------------------

VALIDATE_FORMATS = ("text", "json", "sarif", "junit", "github")
CHECKLIST_FORMATS = ("markdown", "csv", "json", "html")
REPORT_FORMATS = ("markdown", "html", "json")
ROLLUP_FORMATS = ("markdown", "html", "json", "csv")
DIFF_FORMATS = ("text", "markdown", "json")


def _choice(pick: Pick, options: tuple[str, ...]) -> str:
    return options[pick(len(options))]


def command_line(pick: Pick, case: Case) -> tuple[list[str], bytes | None]:
    """A command line over the case's files, and what goes to stdin."""
    stdin = case.plans[0].raw if pick(6) == 0 else None
    plan0 = "-" if stdin is not None else "{plan0}"
    command = pick(5)
    if command == 0:
        args = [
            "validate",
            *(["-"] if stdin is not None else []),
            _choice(pick, ("{plans}", "{dir}")),
        ]
        args += ["--format", _choice(pick, VALIDATE_FORMATS)]
        if pick(3) == 0:
            args += ["--report", f"{_choice(pick, VALIDATE_FORMATS)}:{{out}}.report"]
        if pick(3) == 0:
            args += ["--fail-on", _choice(pick, ("error", "warning", "info"))]
        if pick(3) == 0:
            args += ["--quiet"]
        if pick(3) == 0:
            args += ["--color", _choice(pick, ("never", "always", "auto"))]
        if stdin is not None and pick(2) == 0:
            name = FILE_NAMES[pick(len(FILE_NAMES))].decode("utf-8", "surrogateescape")
            args += [f"--stdin-filename={name}"]  # one word: a name may start with "-"
    elif command == 1:
        plan0 = "{plan0}"  # checklist reads a file, not stdin
        stdin = None
        args = ["checklist", plan0, "--format", _choice(pick, CHECKLIST_FORMATS)]
    elif command == 2:
        args = ["report", plan0, "--format", _choice(pick, REPORT_FORMATS)]
    elif command == 3:
        stdin = None
        args = [
            "report",
            "--rollup",
            _choice(pick, ("{plans}", "{dir}")),
            "--format",
            _choice(pick, ROLLUP_FORMATS),
        ]
    else:
        pair = ["{seed}", plan0]
        if case.diff_reversed:
            pair.reverse()
        args = ["diff", *pair, "--format", _choice(pick, DIFF_FORMATS)]
        if pick(3) == 0:
            args += ["--exit-code"]
    if pick(3) == 0:
        args += ["--output", "{out}"]
    args += ["--as-of", case.as_of]
    return args, stdin
