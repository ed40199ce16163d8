"""The effective configuration as ``stpctl config`` shows it: every setting,
its value and the file it came from (``default`` when none set it), and the
waivers, as aligned text or JSON.  Paths are shown relative to the working
directory, as the user would type them."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from stpctl.check.config import Config
from stpctl.check.waivers import Waiver
from stpctl.records.file_names import escape_path
from stpctl.render.terminal import safe

DEFAULT_MAX_BYTES = 10 * 1024 * 1024  # as check.checker.DEFAULT_MAX_BYTES; asserted in tests
DEFAULT = "default"
NATIONAL_PACK = "national 2016 pack (built in)"
PACK_WORDS = "(the guidance pack's own list)"


def shown(path: Path | str) -> str:
    """A path as the user would type it from the working directory."""
    try:
        return escape_path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return escape_path(str(path))


def _origin(config: Config, key: str) -> str | None:
    origin = config.origins.get(key)
    return shown(origin) if origin is not None else None


def settings(config: Config) -> dict[str, dict[str, Any]]:
    """Each single-valued setting: its value (JSON-ready) and where it came from."""
    fail_on = config.fail_on.value if config.fail_on is not None else "error"
    values: dict[str, Any] = {
        "fail-on": fail_on,
        "guidance": shown(config.guidance) if config.guidance is not None else None,
        "max-bytes": config.max_bytes or DEFAULT_MAX_BYTES,
        "baseline": shown(config.baseline) if config.baseline is not None else None,
        "junit-follow-fail-on": bool(config.junit_follow_fail_on),
        # (kept absolute, relative to the file that set them; shown from here)
        "lsp-globs": [shown(Path(glob)) for glob in config.lsp_globs]
        if config.lsp_globs is not None
        else None,
    }
    out = {key: {"value": value, "from": _origin(config, key)} for key, value in values.items()}
    words = sorted(config.placeholders) if config.placeholders is not None else None
    out["placeholders"] = {
        "value": words,
        "from": {word: _origin(config, f"placeholders.{word}") for word in words}
        if words is not None
        else None,
    }
    return out


def rules(config: Config) -> dict[str, dict[str, Any]]:
    return {
        rule: {
            "value": severity.value if severity is not None else "off",
            "from": _origin(config, f"rules.{rule}"),
        }
        for rule, severity in sorted(config.severities.items())
    }


def waiver_dict(waiver: Waiver) -> dict[str, Any]:
    return {
        "rule": waiver.rule,
        "pointer": waiver.pointer,
        "paths": list(waiver.paths),
        "reason": waiver.reason,
        "expires": waiver.expires.isoformat(),
        "from": shown(waiver.source),
    }


def as_json(config: Config) -> str:
    document = {
        "files": [shown(path) for path in config.files],
        "settings": settings(config),
        "rules": rules(config),
        "waivers": [waiver_dict(waiver) for waiver in config.waivers],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _text_value(key: str, value: Any) -> str:
    if key == "guidance" and value is None:
        return NATIONAL_PACK
    if value is None:
        return "(none)"
    return json.dumps(value, ensure_ascii=False)


def as_text(config: Config) -> str:
    lines = [_heading(config), *(f"# extends: {shown(path)}" for path in config.files[1:]), ""]
    rows: list[tuple[str, str, str]] = []
    for key, item in settings(config).items():
        if key == "placeholders":
            continue
        rows.append((key, _text_value(key, item["value"]), item["from"] or DEFAULT))
    words = settings(config)["placeholders"]
    if words["value"] is None:
        rows.append(("placeholders", PACK_WORDS, DEFAULT))
    for index, word in enumerate(words["value"] or []):
        rows.append(("placeholders" if index == 0 else "", json.dumps(word), words["from"][word]))
    for rule, item in rules(config).items():
        rows.append((f"rules.{rule}", json.dumps(item["value"]), item["from"] or DEFAULT))
    key_width = max(len(row[0]) for row in rows)
    value_width = max(len(row[1]) for row in rows)
    for key, value, origin in rows:
        equals = "=" if key else " "
        lines.append(f"{key:<{key_width}} {equals} {value:<{value_width}}  # {origin}")
    lines.append("(other rules: their default severity; see `stpctl rules`)")
    if config.waivers:
        lines += ["", "waivers:"]
    for waiver in config.waivers:
        where = f" in {', '.join(waiver.paths)}" if waiver.paths else ""
        lines.append(
            f"  {waiver.rule} at {waiver.pointer}{where} until {waiver.expires.isoformat()}"
            f"  # {shown(waiver.source)}"
        )
        lines.append(f"    reason: {waiver.reason}")
    # The files' own text goes to a terminal: no control characters, one line each.
    return "".join(_one_line(line) + "\n" for line in lines)


def _one_line(line: str) -> str:
    return " ".join(safe(line).splitlines()).rstrip()


def _heading(config: Config) -> str:
    if config.path is None:
        return "# configuration: none found (the defaults)"
    return f"# configuration: {shown(config.path)}"
