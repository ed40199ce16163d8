""" "Waive this finding": a waiver added to the configuration file in use,
edited with tomlkit so that every comment and setting already there stays.

The waiver is one the configuration loader accepts as written: the rule, the
finding's pointer (glob characters escaped, so it waives this finding only),
the plan file (``paths``, relative to the configuration file), an expiry date
90 days from today, and a reason that says who accepted it and when and asks
for the why — real text, never an empty or placeholder value the loader
would refuse.  The editor shows the edit; the author then writes the reason.
"""

from __future__ import annotations

import getpass
import os
from datetime import date, timedelta
from pathlib import Path

import tomlkit
from tomlkit.items import AoT, Table

from stpctl.check.config import search_folders

WAIVER_DAYS = 90
CONFIG_NAME = ".stpctl.toml"


def target_file(plan: Path, in_use: Path | None) -> Path:
    """The configuration file a waiver goes in: the one in use, else a new
    ``.stpctl.toml`` at the repository root (the plan's folder when the plan
    is in no repository), where the command line will find it."""
    if in_use is not None:
        return in_use
    folders = search_folders(plan.parent)
    top = folders[-1]
    return (top if os.path.lexists(top / ".git") else plan.parent) / CONFIG_NAME


def escape_glob(pointer: str) -> str:
    """A pointer as a glob that matches only itself (fnmatch's escapes)."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in pointer)


def reason_text(today: date) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no user name known (a container with no password entry)
        user = "the plan's author"
    return f"Accepted by {user} on {today.isoformat()}: say why"


def with_waiver(text: str, config: Path, plan: Path, rule: str, pointer: str, today: date) -> str:
    """``text`` (the configuration file's) with the waiver added."""
    document = tomlkit.parse(text)
    waiver = tomlkit.table()
    waiver.add("rule", rule)
    waiver.add("pointer", escape_glob(pointer))
    relative = os.path.relpath(plan, config.parent).replace(os.sep, "/")
    waiver.add("paths", [relative])
    waiver.add("reason", reason_text(today))
    waiver.add("expires", today + timedelta(days=WAIVER_DAYS))
    table: Table | tomlkit.TOMLDocument = document
    if config.name == "pyproject.toml":
        tool = document.setdefault("tool", tomlkit.table(is_super_table=True))
        table = tool.setdefault("stpctl", tomlkit.table())
    existing = table.get("waivers")
    if isinstance(existing, AoT):
        existing.append(waiver)
    elif isinstance(existing, list):  # written inline: `waivers = [{...}]`
        inline = tomlkit.inline_table()
        inline.update(waiver)
        existing.append(inline)
    else:
        table.add("waivers", tomlkit.aot())
        added = table["waivers"]
        added.append(waiver)
    return tomlkit.dumps(document)
