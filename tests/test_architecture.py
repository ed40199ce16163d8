"""The shape STYLE.md asks for, checked: the stages of the pipeline in one
order, no room importing one above it, the core never importing typer or
rich and never printing; ``--version`` and ``--help`` stay light."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "stpctl"
MODULES = sorted(PACKAGE.rglob("*.py"))

# The pipeline, lowest room first: a module may import its own room and the
# rooms before it, never one after it.  This list is the one place the order
# is written down; every sub-package of stpctl must be in it.
STAGES = (
    "records",  # findings, pointers, words
    "files",  # which files to read; writing outputs whole
    "load",  # bytes -> data + positions
    "plan",  # readers of plan parts, the finance bridge
    "reference",  # guidance packs, standards, register, schemas
    "check",  # schema, status, rules, configuration, the engine
    "cache",  # results of unchanged plans, kept between runs
    "fix",  # mechanical fixes: edits to a plan's text, checked again
    "documents",  # checklist, report, roll-up, diff as data
    "render",  # one module per output format
    "lsp",  # the language server (`stpctl lsp`, optional extra stpctl[lsp])
    "cli",  # the commands
)
# The two modules at the top: the version (importable by all) and `python -m`.
TOP = {"__init__.py": -1, "__main__.py": len(STAGES)}
CORE_STAGES = set(STAGES) - {"render", "cli"}


def stage_of(relative: Path) -> int:
    """Rank of a module by its path inside the package (``load/loader.py``)."""
    if len(relative.parts) == 1:
        return TOP[relative.name]
    return STAGES.index(relative.parts[0])


def module_stage(dotted: str) -> int | None:
    """Rank of an imported module (``stpctl.load.loader``), or None if not stpctl's."""
    parts = dotted.split(".")
    if parts[0] != "stpctl":
        return None
    if len(parts) == 1 or parts[1] == "__version__":
        return -1
    if parts[1] == "__main__":
        return len(STAGES)
    return STAGES.index(parts[1])


def stpctl_imports(tree: ast.AST, package: str) -> list[tuple[int, str]]:
    """(line, dotted module) for every import of stpctl, however written."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            # `from stpctl import reference` imports the room `reference`
            names = [f"{module}.{alias.name}" for alias in node.names]
            found += [(node.lineno, name if module == "stpctl" else module) for name in names]
    return [(line, name) for line, name in found if name.split(".")[0] == "stpctl"]


def upward_imports(path: Path) -> list[str]:
    relative = path.relative_to(PACKAGE)
    package = ".".join(("stpctl", *relative.parts[:-1]))
    own = stage_of(relative)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    for line, name in stpctl_imports(tree, package):
        rank = module_stage(name)
        if rank is not None and rank > own:
            problems.append(f"{relative.as_posix()}:{line} imports {name}")
    return problems


def test_every_room_is_a_stage_in_the_order() -> None:
    rooms = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert rooms == set(STAGES)
    tops = {p.name for p in PACKAGE.glob("*.py")}
    assert tops == set(TOP), "new code goes into a room, not the top of the package"


def test_every_room_says_what_it_holds_and_may_import() -> None:
    for stage in STAGES:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text()))
        assert doc, f"{stage}/__init__.py has no docstring"
        assert "May import:" in doc, f"{stage}/__init__.py does not say what it may import"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_imports_a_room_above_its_own(path: Path) -> None:
    assert upward_imports(path) == []


def test_the_check_catches_an_upward_import(tmp_path: Path) -> None:
    """The check itself can fail: a loader that imports the CLI is caught,
    whether it writes ``import``, ``from … import`` or a relative import."""
    for text in (
        "import stpctl.cli\n",
        "from stpctl.render import text\n",
        "from stpctl import documents\n",
        "def late():\n    from ..check import checker\n",
    ):
        module = PACKAGE / "load" / "_probe_upward.py"
        tree = ast.parse(text)
        found = [
            name
            for _line, name in stpctl_imports(tree, "stpctl.load")
            if (module_stage(name) or 0) > stage_of(module.relative_to(PACKAGE))
        ]
        assert found, text


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


CORE = [path for path in MODULES if path.relative_to(PACKAGE).parts[0] in CORE_STAGES]


def test_the_scan_sees_the_core() -> None:
    names = {path.relative_to(PACKAGE).as_posix() for path in CORE}
    assert {"load/loader.py", "check/schema_check.py", "check/checker.py"} <= names
    assert "check/rules/base.py" in names
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
         if m == "jsonschema" or m.startswith(HEAVY)]
print(json.dumps(sorted(heavy)), file=sys.stderr)
"""
# The office libraries are loaded only when a Word or Excel file is written;
# the parser, the validators and the templates only by a command that reads a
# plan or writes a document (issue 15).
HEAVY = (
    "jsonschema.",
    "jsonschema_rs",
    "yaml",
    "jinja2",
    "stpctl.check.rules",
    "stpctl.check.checker",
    "docx",
    "openpyxl",
    "matplotlib",
    # The language server's libraries: only `stpctl lsp` loads them.
    "pygls",
    "lsprotocol",
    "tomlkit",
    "stpctl.lsp",
)


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["--help"],
        ["validate", "--help"],
        ["checklist", "--help"],
        ["report", "--help"],
        ["lsp", "--help"],
    ],
)
def test_version_and_help_do_not_load_the_engine(args: list[str]) -> None:
    code = PROBE.replace("ARGS", repr(args)).replace("HEAVY", repr(HEAVY))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout  # the command really ran
    loaded = json.loads(done.stderr.strip().splitlines()[-1])
    assert loaded == []


def test_the_core_never_imports_the_language_server_library() -> None:
    """pygls and lsprotocol stay in the lsp room: the engine is the one
    ``validate`` uses, and must import without the optional extra."""
    for path in MODULES:
        room = path.relative_to(PACKAGE).parts[0]
        if room in ("lsp", "cli"):
            continue
        names = imported_names(ast.parse(path.read_text(encoding="utf-8")))
        assert names.isdisjoint({"pygls", "lsprotocol", "tomlkit"}), path


# Older typer (0.16, the lowest we allow) imports rich itself on import; the
# promise is that stpctl does not, so rich counts only where typer alone
# leaves it out (typer 0.28 does).
VALIDATE_PROBE = """
import json, sys
import typer
by_typer = {"rich"} if "rich" in sys.modules else set()
import stpctl.cli
sys.argv = ["stpctl", "validate", *ARGS]
try:
    stpctl.cli.main()
except SystemExit:
    pass
watched = {"jsonschema", "jinja2", "concurrent.futures", "rich"} - by_typer
unused = sorted(m for m in watched if m in sys.modules)
print(json.dumps(unused), file=sys.stderr)
"""


@pytest.mark.parametrize("broken", [False, True], ids=["valid", "schema-error"])
@pytest.mark.parametrize("output", ["text", "json"])
def test_validate_on_one_file_imports_no_reference_validator_templates_or_pool(
    tmp_path: Path, broken: bool, output: str
) -> None:
    """jsonschema is the parity test's reference, jinja2 writes documents,
    the process pool serves many files and rich colours a terminal: none of
    them is a one-file check's whose output goes to a pipe."""
    raw = (PACKAGE.parent / "examples" / "north-west-london.yaml").read_bytes()
    if broken:
        raw = raw.replace(b"population: ", b"population: many #", 1)
    plan = tmp_path / "plan.yaml"
    plan.write_bytes(raw)
    args = [str(plan), "--as-of", "2016-06-30", "-f", output]
    code = VALIDATE_PROBE.replace("ARGS", repr(args))
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert ("STP012" in done.stdout) == broken
    assert "1 file checked" in done.stdout if output == "text" else json.loads(done.stdout)
    assert json.loads(done.stderr.strip().splitlines()[-1]) == []
