"""The shape STYLE.md asks for, checked: the core never imports typer or rich
and never prints; ``--version`` and ``--help`` stay light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stpctl"
MODULES = sorted(PACKAGE.rglob("*.py"))
CORE = [path for path in MODULES if path.relative_to(PACKAGE).parts[0] not in ("cli", "render")]


def imported_names(tree: ast.AST) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def print_calls(tree: ast.AST) -> list[int]:
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "print"
    ]


def test_the_scan_sees_the_core() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in CORE}
    assert {"loader.py", "schema_check.py", "checker.py", "rules/base.py"} <= names
    assert not any(name.startswith(("cli/", "render/")) for name in names)


@pytest.mark.parametrize("path", CORE, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_core_module_does_not_import_typer_or_rich(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert imported_names(tree).isdisjoint({"typer", "rich", "click"})


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_calls_print(path: Path) -> None:
    # Output goes through a Console or sys.stdout in the CLI; print() would
    # bypass --output and the tests' captured streams.
    assert print_calls(ast.parse(path.read_text(encoding="utf-8"))) == []


PROBE = """
import json, sys
import stpctl.cli
sys.argv = ["stpctl", *ARGS]
try:
    stpctl.cli.main()
except SystemExit:
    pass
heavy = [m for m in sys.modules
         if m == "jsonschema" or m.startswith(("jsonschema.", "stpctl.rules", "stpctl.checker"))]
print(json.dumps(sorted(heavy)), file=sys.stderr)
"""


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["validate", "--help"]])
def test_version_and_help_do_not_load_the_engine(args: list[str]) -> None:
    code = PROBE.replace("ARGS", repr(args))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout  # the command really ran
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == []
