"""Configuration: ``[tool.stpctl]`` in ``pyproject.toml`` or a ``.stpctl.toml``.

Found by walking up from the plans' common folder to the first
``.stpctl.toml``, or ``pyproject.toml`` holding a ``[tool.stpctl]`` table;
``--config FILE`` names one directly.  Options given on the command line win
over the file.  Every key and rule ID is checked: a typo is a usage error
with a did-you-mean, never silently ignored.

    [tool.stpctl]
    fail-on = "warning"
    guidance = "guidance/2017.yaml"     # relative to this file
    placeholders = ["tbc", "awaiting workstream input"]
    max-bytes = 20000000

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
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from stpctl.check.waivers import Waiver
from stpctl.files.reading import SETTINGS_FILE_MAX_BYTES, ReadRefused, read_bounded
from stpctl.records.finding import Severity

KEYS = ("fail-on", "guidance", "placeholders", "max-bytes", "rules", "waivers")
WAIVER_KEYS = ("rule", "pointer", "reason", "expires")
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


class ConfigError(Exception):
    """Configuration that cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class Config:
    path: Path | None = None
    fail_on: Severity | None = None
    guidance: Path | None = None
    placeholders: frozenset[str] | None = None
    max_bytes: int | None = None
    severities: dict[str, Severity | None] = field(default_factory=dict)
    waivers: tuple[Waiver, ...] = ()


def find_config(paths: list[str]) -> Path | None:
    """The configuration file that governs these inputs, if any."""
    folders = [
        os.path.dirname(os.path.abspath(p)) if not os.path.isdir(p) else os.path.abspath(p)
        for p in paths
        if p != "-"
    ] or [os.getcwd()]
    folder = Path(os.path.commonpath(folders))
    for candidate in (folder, *folder.parents):
        own = candidate / ".stpctl.toml"
        if own.is_file():
            return own
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        return "stpctl" in _read(path).get("tool", {})
    except ConfigError:
        return True  # a broken pyproject is reported when it is read


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


def load_config(path: Path, known_rules: list[str]) -> Config:
    """Read and check one configuration file; waivers record it as their source."""
    data = _read(path)
    table = data.get("tool", {}).get("stpctl", {}) if path.name == "pyproject.toml" else data
    where = f"{path} [tool.stpctl]" if path.name == "pyproject.toml" else str(path)
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table of settings")
    _known(table, KEYS, where, "key")
    return Config(
        path=path,
        fail_on=_severity(table.get("fail-on"), f"{where}: fail-on")
        if "fail-on" in table
        else None,
        guidance=_guidance(table.get("guidance"), path, where),
        placeholders=_placeholders(table.get("placeholders"), where),
        max_bytes=_max_bytes(table.get("max-bytes"), where),
        severities=_rules(table.get("rules", {}), known_rules, where),
        waivers=_waivers(table.get("waivers", []), known_rules, where, str(path)),
    )


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
        raise ConfigError(f"{where}: guidance must be the path of a guidance pack YAML file")
    return (path.parent / value).resolve()


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
    return value


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


def _waivers(items: Any, known: list[str], where: str, source: str) -> tuple[Waiver, ...]:
    if not isinstance(items, list):
        raise ConfigError(f"{where}: waivers must be a list of [[waivers]] tables")
    out = []
    for index, item in enumerate(items, start=1):
        place = f"{where}: waiver {index}"
        if not isinstance(item, dict):
            raise ConfigError(f"{place} must be a table with rule, pointer, reason, expires")
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
        out.append(Waiver(rule_id, pointer, reason.strip(), expires, source))
    return tuple(out)
