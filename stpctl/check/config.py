"""Configuration: ``[tool.stpctl]`` in ``pyproject.toml`` or a ``.stpctl.toml``.

Found by walking up from the plans' common folder to the first
``.stpctl.toml``, or ``pyproject.toml`` holding a ``[tool.stpctl]`` table,
but never above the repository root (the first folder holding ``.git``, a
folder or, in a worktree or submodule, a file) or the home directory,
whichever comes first.  Where the walk meets neither (plans in ``/tmp``),
only the plans' own folder is searched: a file in a folder above them that
other people can write to (``/tmp/.stpctl.toml``) must not silently re-grade
the rules.  ``--config FILE`` names one directly.  Options given on the
command line win over the file.  Every key and rule ID is checked: a typo is a usage error
with a did-you-mean, never silently ignored.

    [tool.stpctl]
    fail-on = "warning"
    guidance = "guidance/2017.yaml"     # relative to this file, or a shipped
                                        # pack's name: "next-steps-2017"
    placeholders = ["tbc", "awaiting workstream input"]
    max-bytes = 20000000
    junit-follow-fail-on = true         # JUnit cases fail only at --fail-on
    lsp-globs = ["plans/*.yaml"]        # `stpctl lsp` checks these even without `stp_plan:`

    [tool.stpctl.rules]
    STP603 = "off"                      # or "error" | "warning" | "info"

    [[tool.stpctl.waivers]]
    rule = "STP601"
    pointer = "/footprint/digital_roadmap*"
    reason = "LDR footprint agreed with NHS Digital, letter of 2016-05-03"
    expires = 2016-12-31

The load rules STP001 to STP005 (a file that cannot be read as a plan, a key
written twice, unsafe YAML) are always errors: switching one off, grading it
below error or waiving it is refused as a usage error, because a file that
cannot be read would otherwise pass with no findings at all.

``extends = "../region.toml"`` (or a list) reads other files first and puts
this one on top; the merge rules are in ``config_chain`` and
docs/configuration.md.  Paths in a file (``extends``, ``guidance``,
``baseline``, a waiver's ``paths``) are relative to the file that declares
them.  A loop is a usage error.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stpctl.check.config_chain import ConfigError as ConfigError  # its home before extends
from stpctl.check.config_chain import load_chain, own_origins
from stpctl.check.waivers import Waiver
from stpctl.files.reading import SETTINGS_FILE_MAX_BYTES, ReadRefused, read_bounded
from stpctl.records.file_names import escape_path
from stpctl.records.finding import Severity
from stpctl.reference.guidance import shipped_pack_names

KEYS = (
    "extends",
    "fail-on",
    "guidance",
    "placeholders",
    "max-bytes",
    "baseline",
    "junit-follow-fail-on",
    "lsp-globs",
    "rules",
    "waivers",
)
# The largest --max-bytes / max-bytes accepted: 100 MiB, ten times the default
# and some fifty times the largest plan anyone has written.  A plan file is
# read into memory whole, so a limit meant as "no limit" (2**63) must not be.
MAX_BYTES_CEILING = 100 * 1024 * 1024
WAIVER_KEYS = ("rule", "pointer", "reason", "expires", "paths")
RULE_VALUES = ("off", "error", "warning", "info")

# The load rules, and what each reports: a file they fire on was not (fully)
# read, so nothing else about it can be trusted.
LOAD_RULES = {
    "STP001": "a file stpctl cannot read",
    "STP002": "a file stpctl cannot read as a plan",
    "STP003": "a file that does not hold a plan",
    "STP004": "a key written twice, whose first value is lost",
    "STP005": "YAML that stpctl refuses to read for safety",
}


@dataclass(frozen=True)
class Config:
    """One configuration file, or a chain of them merged.  ``path`` is the
    file asked for; ``files`` every file read (``path`` first, then what it
    extends, each once); ``origins`` names, per setting, the file that set
    it (``"fail-on"``, ``"rules.STP603"``, ``"placeholders.tbc"``)."""

    path: Path | None = None
    fail_on: Severity | None = None
    guidance: Path | None = None
    placeholders: frozenset[str] | None = None
    max_bytes: int | None = None
    baseline: Path | None = None
    junit_follow_fail_on: bool | None = None
    # Globs (absolute: joined to the folder of the file that declares them)
    # over files the language server checks as plans without `stp_plan:`.
    lsp_globs: tuple[str, ...] | None = None
    severities: dict[str, Severity | None] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()
    files: tuple[Path, ...] = ()
    origins: dict[str, Path] = field(default_factory=dict)


def find_config(paths: list[str]) -> Path | None:
    """The configuration file that governs these inputs, if any (see the
    module's notes for where the search stops)."""
    folders = [
        os.path.dirname(os.path.abspath(p)) if not os.path.isdir(p) else os.path.abspath(p)
        for p in paths
        if p != "-"
    ] or [os.getcwd()]
    for candidate in search_folders(Path(os.path.commonpath(folders))):
        own = candidate / ".stpctl.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def search_folders(start: Path) -> list[Path]:
    """``start`` and the folders above it, up to and including the first that
    is a repository root or the home directory; only ``start`` if none is."""
    home = _home()
    chain = [start, *start.parents]
    for index, folder in enumerate(chain):
        if os.path.lexists(folder / ".git") or (home is not None and _same(folder, home)):
            return chain[: index + 1]
    return chain[:1]


def _home() -> str | None:
    try:
        return os.path.realpath(Path.home())
    except (RuntimeError, KeyError, OSError):  # no HOME and no password entry
        return None


def _same(folder: Path, home: str) -> bool:
    return os.path.realpath(folder) == home


def _has_tool_table(path: Path) -> bool:
    try:
        tool = _read(path).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject is reported when it is read
    return not isinstance(tool, dict) or "stpctl" in tool  # (`tool = 5` is broken, too)


def _tool_table(data: dict[str, Any], path: Path) -> Any:
    """``[tool.stpctl]`` of a pyproject: ``{}`` when there is none."""
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(
            f"{path}: `tool` must be a table, with stpctl's settings under [tool.stpctl];"
            f" it is {_toml_kind(tool)}"
        )
    return tool.get("stpctl", {})


def _toml_kind(value: Any) -> str:
    kinds = {bool: "true or false", int: "a number", float: "a number", str: "a string"}
    return "an array" if isinstance(value, list) else kinds.get(type(value), "a date or time")


def _read(path: Path) -> dict[str, Any]:
    # Imported here: most runs find no configuration and never need a TOML parser.
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    try:  # never a device, a FIFO or a file of gigabytes (issue 10)
        raw = read_bounded(path, "configuration", SETTINGS_FILE_MAX_BYTES)
    except ReadRefused as err:
        raise ConfigError(str(err)) from None
    try:
        data: dict[str, Any] = tomllib.loads(raw.decode("utf-8"))
        return data
    except UnicodeDecodeError:
        raise ConfigError(f"configuration {path} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"configuration {path} is not valid TOML: {err}") from None
    except RecursionError:  # the TOML parser recurses once per level of [ or {
        raise ConfigError(
            f"configuration {path} is nested too deeply to read; stpctl's settings need"
            " no more than three levels of tables and arrays"
        ) from None


def load_config(path: Path, known_rules: list[str]) -> Config:
    """Read and check a configuration file and every file it extends, merged;
    waivers record the file they are written in as their source."""
    return load_chain(path, lambda one, by: _load_one(one, known_rules, by))


def _load_one(
    path: Path, known_rules: list[str], extended_by: Path | None
) -> tuple[Config, list[Path]]:
    """One file's own settings, and the files it extends (relative to it)."""
    data = _read(path)
    table = _tool_table(data, path) if path.name == "pyproject.toml" else data
    where = f"{path} [tool.stpctl]" if path.name == "pyproject.toml" else str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table of settings")
    if (
        extended_by is not None
        and path.name == "pyproject.toml"
        and "stpctl" not in data.get("tool", {})
    ):
        raise ConfigError(f"{extended_by}: extends {path}, which has no [tool.stpctl] table")
    _known(table, KEYS, where, "key")
    config = Config(
        path=path,
        fail_on=_severity(table.get("fail-on"), f"{where}: fail-on")
        if "fail-on" in table
        else None,
        guidance=_guidance(table.get("guidance"), path, where),
        placeholders=_placeholders(table.get("placeholders"), where),
        max_bytes=_max_bytes(table.get("max-bytes"), where),
        baseline=_baseline(table.get("baseline"), path, where),
        junit_follow_fail_on=_flag(
            table.get("junit-follow-fail-on"), where, "junit-follow-fail-on"
        ),
        lsp_globs=_lsp_globs(table.get("lsp-globs"), path, where),
        severities=_rules(table.get("rules", {}), known_rules, where),
        waivers=_waivers(table.get("waivers", []), known_rules, where, path),
        files=(path,),
    )
    return replace(config, origins=own_origins(config)), _extends(table.get("extends"), path, where)


def _extends(value: Any, path: Path, where: str) -> list[Path]:
    if value is None:
        return []
    given = [value] if isinstance(value, str) else value
    if not isinstance(given, list) or not all(isinstance(v, str) and v for v in given):
        raise ConfigError(
            f'{where}: extends must be a path or a list of paths, e.g. extends = "../region.toml"'
        )
    out = []
    for name in given:
        target = Path(os.path.normpath(path.parent / name))
        if not target.exists():
            raise ConfigError(f"{where}: extends {name}, which does not exist ({target})")
        if not target.is_file():
            raise ConfigError(f"{where}: extends {name}, which is not a file")
        out.append(target)
    return out


def _known(table: dict[str, Any], allowed: tuple[str, ...], where: str, what: str) -> None:
    for key in table:
        if key not in allowed:
            match = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean `{match[0]}`?" if match else f"; known: {', '.join(allowed)}"
            raise ConfigError(f"{where}: unknown {what} `{key}`{hint}")


def _severity(value: Any, where: str) -> Severity:
    if isinstance(value, str) and value.lower() in ("error", "warning", "info"):
        return Severity(value.lower())
    raise ConfigError(f'{where} is {value!r}; use "error", "warning" or "info"')


def _guidance(value: Any, path: Path, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(
            f"{where}: guidance must be the path of a guidance pack YAML file, or the name"
            " of a pack stpctl ships"
        )
    candidate = (path.parent / value).resolve()
    if not candidate.exists() and value in shipped_pack_names():
        return Path(value)  # a shipped pack by name: `guidance = "next-steps-2017"`
    return candidate


def _baseline(value: Any, path: Path, where: str) -> Path | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise ConfigError(
            f'{where}: baseline must be the path of a baseline file, e.g. ".stpctl-baseline.json"'
        )
    return Path(os.path.normpath(path.parent.absolute() / value))


def _lsp_globs(value: Any, path: Path, where: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(
            f"{where}: lsp-globs must be a list of globs over plan files, relative to this"
            ' file, e.g. lsp-globs = ["plans/*.yaml"]'
        )
    folder = os.path.abspath(path.parent).replace(os.sep, "/")
    return tuple(f"{folder}/{_clean_glob(v)}" for v in value)


def _placeholders(value: Any, where: str) -> frozenset[str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f'{where}: placeholders must be a list of words, e.g. ["tbc", "tbd"]')
    return frozenset(v.strip().lower() for v in value)


def _max_bytes(value: Any, where: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{where}: max-bytes must be a whole number of bytes above 0")
    if value > MAX_BYTES_CEILING:
        raise ConfigError(f"{where}: max-bytes is {value:,}; {ceiling_reason()}")
    return value


def _flag(value: Any, where: str, key: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise ConfigError(f"{where}: {key} must be true or false, without quotes")


def ceiling_reason() -> str:
    """Why a size limit above ``MAX_BYTES_CEILING`` is refused, for messages."""
    return (
        f"stpctl reads a plan of at most {MAX_BYTES_CEILING:,} bytes (100 MiB),"
        " far above any real plan"
    )


def _rules(table: Any, known: list[str], where: str) -> dict[str, Severity | None]:
    if not isinstance(table, dict):
        raise ConfigError(f'{where}: rules must be a table like `STP603 = "off"`')
    out: dict[str, Severity | None] = {}
    for given, value in table.items():
        rule_id = _rule_id(given, known, f"{where}: rules")
        if not isinstance(value, str) or value.lower() not in RULE_VALUES:
            raise ConfigError(
                f"{where}: rules.{rule_id} is {value!r}; use one of {', '.join(RULE_VALUES)}"
            )
        chosen = value.lower()
        if rule_id in LOAD_RULES and chosen != "error":
            undone = "switched off" if chosen == "off" else f"graded {chosen}"
            raise ConfigError(
                f"{where}: rules.{rule_id} = {value!r}: {_load_rule(rule_id)}; it cannot be"
                f" {undone}, it is always an error — remove the line"
            )
        out[rule_id] = None if chosen == "off" else Severity(chosen)
    return out


def _load_rule(rule_id: str) -> str:
    return f"{rule_id} reports {LOAD_RULES[rule_id]}"


def _rule_id(rule_id: Any, known: list[str], where: str) -> str:
    if isinstance(rule_id, str) and rule_id.upper() in known:
        return rule_id.upper()
    match = difflib.get_close_matches(str(rule_id), known, n=1)
    hint = f"; did you mean {match[0]}?" if match else "; run `stpctl rules` for the list"
    raise ConfigError(f"{where}: unknown rule {rule_id!r}{hint}")


def _waiver_paths(value: Any, place: str) -> tuple[str, ...]:
    given = [value] if isinstance(value, str) else value
    if (
        not isinstance(given, list)
        or not given
        or not all(isinstance(v, str) and v.strip() for v in given)
    ):
        raise ConfigError(
            f"{place}: paths must be a glob or a list of globs over plan files, relative to"
            ' this file, e.g. paths = ["devon/*.yaml"]'
        )
    return tuple(_clean_glob(v) for v in given)


def _clean_glob(glob: str) -> str:
    glob = glob.strip().replace("\\", "/")
    while glob.startswith("./"):
        glob = glob[2:]
    return glob


def _waivers(items: Any, known: list[str], where: str, path: Path) -> tuple[Waiver, ...]:
    source = escape_path(str(path))
    if not isinstance(items, list):
        raise ConfigError(f"{where}: waivers must be a list of [[waivers]] tables")
    out = []
    for index, item in enumerate(items, start=1):
        place = f"{where}: waiver {index}"
        if not isinstance(item, dict):
            raise ConfigError(
                f"{place} must be a table with rule, pointer, reason, expires (and paths)"
            )
        _known(item, WAIVER_KEYS, place, "key")
        missing = [key for key in ("rule", "reason", "expires") if key not in item]
        if missing:
            raise ConfigError(
                f"{place} has no {', '.join(missing)} (a waiver needs a reason and an expiry date)"
            )
        reason = item["reason"]
        if not isinstance(reason, str) or not reason.strip():
            raise ConfigError(f"{place}: reason must say why the finding is accepted")
        expires = item["expires"]
        if isinstance(expires, datetime):
            expires = expires.date()
        if isinstance(expires, str):
            try:
                expires = date.fromisoformat(expires)
            except ValueError:
                expires = None
        if not isinstance(expires, date):
            raise ConfigError(f"{place}: expires must be a date, e.g. expires = 2016-12-31")
        pointer = item.get("pointer", "*")
        if not isinstance(pointer, str):
            raise ConfigError(f'{place}: pointer must be a JSON pointer glob, e.g. "/questions/*"')
        rule_id = _rule_id(item["rule"], known, place)
        if rule_id in LOAD_RULES:
            raise ConfigError(
                f"{place}: {_load_rule(rule_id)}; it cannot be waived — fix the file instead"
            )
        paths = _waiver_paths(item["paths"], place) if "paths" in item else ()
        base = os.path.abspath(path.parent)
        out.append(Waiver(rule_id, pointer, reason.strip(), expires, source, paths, base))
    return tuple(out)
