"""Which files a run checks: files as given, directories searched for
``*.yaml``/``*.yml``, in a deterministic (sorted) order."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from pathlib import Path

PLAN_SUFFIXES = (".yaml", ".yml")


class InputError(Exception):
    """A path the user gave that cannot be used at all (a usage error, exit 2)."""


def expand(paths: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Files to check.  A path that does not exist at all is an ``InputError``;
    a path that exists but cannot be read is left for the reader to report."""
    patterns = list(exclude)
    found: list[str] = []
    for given in paths:
        if given == "-":
            found.append(given)
            continue
        if not os.path.lexists(given):
            raise InputError(f"{given}: no such file or directory")
        if os.path.isdir(given):
            found.extend(_walk(given, patterns))
        elif not _excluded(given, patterns):
            found.append(given)
    seen: set[str] = set()
    return [p for p in found if not (p in seen or seen.add(p))]  # type: ignore[func-returns-value]


def _walk(root: str, patterns: list[str]) -> list[str]:
    out = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _excluded(d, patterns))
        for name in sorted(files):
            path = str(Path(folder) / name)
            if name.endswith(PLAN_SUFFIXES) and not _excluded(path, patterns):
                out.append(path)
    return sorted(out)


def _excluded(path: str, patterns: list[str]) -> bool:
    name = os.path.basename(path)
    return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(name, p) for p in patterns)
