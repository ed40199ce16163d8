"""The load rules' IDs, the limits a plan may not pass, the budget that
counts a file against them, and the exception that stops a load with the
one finding that says why."""

from __future__ import annotations

from stpctl.records.finding import Finding, Severity

# What one file may make the loader build; each is far above any real plan
# (docs/safety.md has the table and the reasons).
MAX_DEPTH = 100
MAX_ALIAS_NODES = 100_000
# Text (scalar values and keys, in characters) that aliases may add: a node
# count alone lets one 10 KB anchor reused 20,000 times add 200 MB of text.
MAX_ALIAS_CHARS = 1_000_000
# Values (mappings, lists and scalars, the root and aliased ones included).
# A real plan holds about 1,000; this is the knob that bounds the work of
# every command on any file (scripts/hostile-limits measures it): 250,000
# values is a plan of some 40,000 actions, 3 to 4 MB of ordinary YAML.
MAX_VALUES = 250_000
# Characters of all the JSON pointers that name the values: each repeats the
# keys above it, so long keys nested deep over many values would make
# gigabytes of them.  250,000 values of a real plan need about 10 million.
MAX_POINTER_CHARS = 50_000_000

RULE_READ = "STP001"
RULE_SYNTAX = "STP002"
RULE_NOT_A_PLAN = "STP003"
RULE_DUPLICATE_KEY = "STP004"
RULE_UNSAFE = "STP005"


class LoadStop(Exception):
    """Loading cannot go on; carries the one finding that says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def stop(rule: str, message: str, line: int = 1, column: int = 1, pointer: str = "") -> LoadStop:
    return LoadStop(Finding(rule, Severity.ERROR, message, pointer, line, column))


class Budget:
    """What one file has made the loader build so far, checked against the
    limits as it grows; the first step past one stops the load (STP005)."""

    __slots__ = ("alias_chars", "alias_nodes", "pointer_chars", "values")

    def __init__(self) -> None:
        self.values = 0
        self.pointer_chars = 0
        self.alias_nodes = 0
        self.alias_chars = 0

    def count_values(self, count: int, line: int, column: int) -> None:
        self.values += count
        if self.values > MAX_VALUES:  # looked up each time: tests lower it
            raise stop(
                RULE_UNSAFE,
                f"the plan holds more than {MAX_VALUES:,} values (line {line}); a real plan"
                " holds a few thousand — check that this is the plan file",
                line,
                column,
            )

    def name(self, pointer: str, line: int, column: int) -> str:
        """``pointer``, counted against the characters all pointers may take."""
        self.pointer_chars += len(pointer)
        if self.pointer_chars > MAX_POINTER_CHARS:
            raise stop(
                RULE_UNSAFE,
                f"the keys above the values of this plan add up to more than"
                f" {MAX_POINTER_CHARS:,} characters of paths (line {line}): keys this long,"
                " nested this deep over this many values, are not a plan; shorten the keys",
                line,
                column,
            )
        return pointer

    def alias(self, anchor: str, nodes: int, chars: int, line: int, column: int) -> None:
        """Count what one use of alias ``*anchor`` adds: ``nodes`` and ``chars``
        characters of text (its scalars and keys)."""
        self.alias_nodes += nodes
        self.alias_chars += chars
        if self.alias_nodes > MAX_ALIAS_NODES:
            raise stop(
                RULE_UNSAFE,
                f"aliases expand the plan beyond {MAX_ALIAS_NODES:,} nodes (at `*{anchor}`,"
                f" line {line}); this looks like an alias bomb — write the values out",
                line,
                column,
            )
        if self.alias_chars > MAX_ALIAS_CHARS:
            raise stop(
                RULE_UNSAFE,
                f"aliases add more than {MAX_ALIAS_CHARS:,} characters of text to the plan"
                f" (at `*{anchor}`, line {line}); write the values out instead of repeating"
                " them with aliases",
                line,
                column,
            )
