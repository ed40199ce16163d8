"""The cache folder: one JSON entry per checked file, named by a hash of
what the result depends on.

Promises (issue 15):

* a folder that cannot be made or written means no cache, never a failure;
* an entry this user did not write (another owner, or writable by others)
  or that does not parse is ignored, and written again;
* the folder holds ``CACHEDIR.TAG`` (backup tools skip it) and its own
  ``.gitignore`` (``*``), and deleting it at any time is safe;
* it is bounded: beyond ``MAX_BYTES`` the oldest entries are removed.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from pathlib import Path

from stpctl.cache.entries import BadEntry, dump_result, load_result
from stpctl.cache.fingerprint import settings_fingerprint
from stpctl.check.checker import Settings, analyse_bytes, check_path, read_limited
from stpctl.check.result import FileResult
from stpctl.records.file_names import escape_path

# At most this much in entries; a 30 KB plan's entry is 1-40 KB, so this
# holds the results of thousands of plans.
MAX_BYTES = 64 * 1024 * 1024
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by stpctl.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
OWNER_CHECKS = hasattr(os, "getuid") and sys.platform != "win32"


class ResultCache:
    """Check a file, or take its result from the cache when nothing it
    depends on has changed.  Picklable (it is sent to worker processes)."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder = folder
        self.entries = folder / "entries"
        self.fingerprint = settings_fingerprint(settings)
        self.usable = _prepare(folder, self.entries)
        self.written = 0

    def check_path(self, path: str, settings: Settings) -> FileResult:
        """As ``checker.check_path``, from the cache where it can be."""
        if not self.usable:
            return check_path(path, settings)
        raw = read_limited(path, settings.max_bytes)
        if not isinstance(raw, bytes):
            return check_path(path, settings)  # a read error: said afresh each time
        shown = escape_path(path)
        key = self.key(raw, shown)
        entry = self.entries / key[:2] / f"{key}.json"
        found = self._read(entry, key)
        if found is not None:
            return found
        result = analyse_bytes(raw, shown, settings).result
        try:
            data = dump_result(result, key)
        except ValueError:  # text JSON cannot hold (a lone surrogate): not kept
            return result
        self._write(entry, data)
        return result

    def key(self, raw: bytes, shown: str) -> str:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(shown.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def _read(self, entry: Path, key: str) -> FileResult | None:
        try:
            with open(entry, "rb") as handle:
                if not _ours(os.fstat(handle.fileno())):
                    return None
                raw = handle.read()
        except OSError:
            return None
        try:
            return load_result(raw, key)
        except BadEntry:
            return None

    def _write(self, entry: Path, data: bytes) -> None:
        try:
            entry.parent.mkdir(mode=0o700, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(data)
                os.replace(temporary, entry)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
            self.written += 1
        except OSError:
            self.usable = False  # a full disk or a folder gone read-only: carry on without

    def trim(self, limit: int = MAX_BYTES) -> None:
        """Remove the oldest entries while the entries hold more than ``limit``
        bytes.  Only after a run that wrote entries: this process's, or its
        worker processes' (which change the modification time of a folder of
        entries), so a run that took every result from the cache does not
        read the size of every entry."""
        if not self.usable:
            return
        marker = self.folder / "trimmed"
        found = []
        try:
            last = marker.stat().st_mtime_ns if marker.exists() else -1
            folders = list(self.entries.iterdir())
            if not self.written and all(f.stat().st_mtime_ns <= last for f in folders):
                return
            marker.touch()
            for folder in folders:
                for entry in folder.iterdir():
                    info = entry.stat()
                    found.append((info.st_mtime_ns, info.st_size, entry))
        except OSError:
            return
        total = sum(size for _, size, _ in found)
        for _, size, entry in sorted(found):
            if total <= limit:
                break
            try:
                entry.unlink()
            except OSError:
                continue
            total -= size


def _ours(info: os.stat_result) -> bool:
    """A regular file of this user that no one else may write."""
    if not stat.S_ISREG(info.st_mode):
        return False
    if not OWNER_CHECKS:
        return True
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _prepare(folder: Path, entries: Path) -> bool:
    """Make the folder with its tag and .gitignore; ``False`` when it cannot
    be used (then there is no cache this run, and nothing is said)."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if OWNER_CHECKS and not _ours_folder(folder):
            return False
        for name, text in (("CACHEDIR.TAG", TAG), (".gitignore", "# made by stpctl\n*\n")):
            marker = folder / name
            if not marker.exists():
                marker.write_text(text, encoding="utf-8")
        entries.mkdir(mode=0o700, exist_ok=True)
        return os.access(entries, os.W_OK | os.X_OK)
    except OSError:
        return False


def _ours_folder(folder: Path) -> bool:
    info = folder.stat()
    return info.st_uid == os.getuid() and not info.st_mode & stat.S_IWOTH
