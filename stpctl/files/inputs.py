"""Which files a run checks: files as given, directories searched for
``*.yaml``/``*.yml``, and ``-`` for stdin, in a deterministic order.

Decisions, written down because CI setups depend on them:

* Output order is sorted by path (component by component), whatever order the
  paths were given in; a plan read from stdin comes first.  The same file
  named twice (``a.yaml`` and ``./a.yaml``) is checked once.
* Searching a directory skips hidden files and folders (``.git/``,
  ``.github/``, ``.gitlab-ci.yml``, ``.pre-commit-config.yaml``): they are
  never plans.  Symlinked folders are not followed (no loops).  A symlinked
  file is checked when it points inside the directory searched; one that
  leaves it (``plans/x.yaml -> ../../secret``) is not read unless
  ``follow_symlinks`` (``--follow-symlinks``) says so, and is listed in
  ``Inputs.refused`` with the reason, so the run reports it (issue 10): a
  link planted in a folder of plans must not make stpctl quote a file from
  elsewhere in its findings.  A file named on the command line is read
  wherever it points: the user named it.
* ``--exclude`` patterns are shell globs.  A pattern without ``/`` matches a
  file or folder *name* (``drafts``, ``*-old.yaml``); a folder it matches is
  not searched, and a path given on the command line is skipped when its
  own name or a folder in it (as written; below the working directory for
  an absolute path) matches.  A pattern with ``/`` matches the path as
  written (``plans/drafts``), the path below a searched directory
  (``drafts/*.yaml``) or the absolute path.
* A path that does not exist is expanded as a glob when it holds ``*``,
  ``?`` or ``[`` (``plans/*.yaml`` in quotes, or from a Windows shell, which
  passes patterns on unexpanded; ``**`` spans folders), exactly as a POSIX
  shell would have: each match counts as if given by name, and hidden names
  match only a pattern that starts with a dot.  A path (or a glob matching
  nothing) that does not exist is listed in ``Inputs.missing``: the command
  reports it and still checks the others (``expand`` raises ``InputError``).
  A file that exists but cannot be read is left to the checker, which
  reports it as a finding on that file; a folder that cannot be searched is
  listed in ``Inputs.unreadable`` so the command can report it the same
  way.  Neither stops the run.
* In a searched directory, ``.yaml`` and ``.yml`` are recognised in any
  case (``PLAN.YAML``, ``Devon.Yml``), as Windows and macOS file systems
  treat them.
"""

from __future__ import annotations

import fnmatch
import glob
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from stpctl.records.file_names import escape_path

PLAN_SUFFIXES = (".yaml", ".yml")
STDIN = "-"


class InputError(Exception):
    """A path the user gave that cannot be used at all (a usage error, exit 2)."""


@dataclass
class Inputs:
    """What to check.  ``files`` in output order (``-`` is stdin);
    ``unreadable`` maps a folder that could not be searched to the reason;
    ``missing`` lists the paths given that do not exist, as given."""

    files: list[str] = field(default_factory=list)
    unreadable: dict[str, str] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    # symlinks met while searching that point outside the folder searched:
    # path → why it is not read
    refused: dict[str, str] = field(default_factory=dict)

    def ordered(self) -> list[str]:
        """Files, unreadable folders and refused links together, in output order."""
        return sorted([*self.files, *self.unreadable, *self.refused], key=_order)


def find(
    paths: Iterable[str], exclude: Iterable[str] = (), follow_symlinks: bool = False
) -> Inputs:
    """Expand the paths given on the command line into the files to check."""
    patterns = [_clean_pattern(p) for p in exclude if p.strip()]
    found = Inputs()
    for given in paths:
        if given == STDIN:
            found.files.append(given)
        elif os.path.lexists(given):
            _add(given, patterns, found, follow_symlinks)
        else:
            matches = _glob(given)
            if not matches:
                found.missing.append(given)
            for match in matches:
                _add(match, patterns, found, follow_symlinks)
    found.files = _unique(sorted(found.files, key=_order))
    return found


def expand(paths: Iterable[str], exclude: Iterable[str] = ()) -> list[str]:
    """Files to check, in output order (unreadable folders left out); a
    missing path is an ``InputError``."""
    found = find(paths, exclude)
    if found.missing:
        raise InputError(f"{found.missing[0]}: no such file or directory")
    return found.files


def _add(given: str, patterns: list[str], found: Inputs, follow_symlinks: bool) -> None:
    if _given_excluded(given, patterns):
        return
    if os.path.isdir(given):
        _walk(given, patterns, found, follow_symlinks)
    else:
        found.files.append(given)


def _glob(pattern: str) -> list[str]:
    """What a shell would have made of ``pattern``; nothing when it is no glob."""
    if not any(mark in pattern for mark in "*?["):
        return []
    return sorted(glob.glob(pattern, recursive=True))


def _walk(root: str, patterns: list[str], found: Inputs, follow_symlinks: bool) -> None:
    def unreadable(err: OSError) -> None:
        folder = err.filename if isinstance(err.filename, str) else root
        found.unreadable[folder] = err.strerror or str(err)

    inside = os.path.join(os.path.realpath(root), "")

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        below = os.path.relpath(folder, root)
        dirs[:] = [
            name
            for name in dirs
            if not name.startswith(".")
            and not _excluded(os.path.join(folder, name), _join(below, name), patterns)
        ]
        for name in files:
            if name.startswith(".") or not name.lower().endswith(PLAN_SUFFIXES):
                continue
            path = os.path.join(folder, name)
            if _excluded(path, _join(below, name), patterns):
                continue
            if not follow_symlinks and not _stays_inside(path, inside):
                found.refused[path] = (  # a message: a name that is not UTF-8 shows as \xNN
                    f"{escape_path(path)} is a symbolic link to a file outside"
                    f" {escape_path(root)}, so it is not read;"
                    " add --follow-symlinks to read the files such links point to"
                )
                continue
            found.files.append(path)


def _stays_inside(path: str, inside: str) -> bool:
    """Whether ``path`` is not a symlink, or one that resolves to a file
    within the folder ``inside`` (a real path ending with a separator)."""
    if not os.path.islink(path):
        return True
    return os.path.realpath(path).startswith(inside)


def _join(below: str, name: str) -> str:
    return name if below == os.curdir else os.path.join(below, name)


def _clean_pattern(pattern: str) -> str:
    pattern = pattern.strip().replace(os.sep, "/").rstrip("/")
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _slashed(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _excluded(path: str, below: str, patterns: list[str]) -> bool:
    """Whether a file or folder met while searching matches a pattern."""
    name = os.path.basename(path)
    for pattern in patterns:
        if "/" not in pattern:
            if fnmatch.fnmatch(name, pattern):
                return True
        elif _path_matches(path, pattern) or fnmatch.fnmatch(_slashed(below), pattern):
            return True
    return False


def _given_excluded(path: str, patterns: list[str]) -> bool:
    """Whether a path named on the command line matches a pattern."""
    names = _written_names(path)
    for pattern in patterns:
        if "/" not in pattern:
            if any(fnmatch.fnmatch(name, pattern) for name in names):
                return True
        elif _path_matches(path, pattern):
            return True
    return False


def _written_names(path: str) -> list[str]:
    """The file and folder names in a path as the user wrote it.  For an
    absolute path only the part below the working directory counts, so that
    ``--exclude '*test*'`` does not skip everything under ``/tmp/pytest-1/``."""
    if os.path.isabs(path):
        try:
            below = os.path.relpath(path)
        except ValueError:  # another drive on Windows
            below = os.pardir
        path = below if not below.startswith(os.pardir) else os.path.basename(path)
    return [part for part in PurePath(_slashed(path)).parts if part not in (".", "..")]


def _path_matches(path: str, pattern: str) -> bool:
    return fnmatch.fnmatch(_slashed(path), pattern) or fnmatch.fnmatch(
        _slashed(os.path.abspath(path)), pattern
    )


def _order(path: str) -> tuple[int, tuple[str, ...]]:
    if path == STDIN:
        return (0, ())
    return (1, PurePath(os.path.normpath(path)).parts)


def _unique(paths: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for path in paths:
        key = path if path == STDIN else os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            out.append(path)
    return out
