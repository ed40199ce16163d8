"""The settings for a document: found from its folder exactly as the command
line finds them (``check.config``), and read again whenever one of the files
they came from changes.

Each check asks for its settings; the answer is kept while every file it was
read from (the configuration chain, the baseline, the guidance pack) has the
same size and modification time, so a saved `.stpctl.toml` counts from the
next check on, whether or not the editor reports the change.
"""

from __future__ import annotations

import fnmatch
import os
import threading
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from stpctl.check.baseline import BaselineError
from stpctl.check.baseline import read as read_baseline
from stpctl.check.checker import DEFAULT_MAX_BYTES, Settings
from stpctl.check.config import Config, ConfigError, find_config, load_config
from stpctl.check.rules import BY_ID
from stpctl.reference.guidance import GuidanceError, default_pack, find_pack, load_pack

# (path, size, modification time) of each file settings were read from.
Stamp = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class DocumentSettings:
    """What checking one document needs: ``settings`` (``None`` when the
    configuration cannot be used: ``problem`` says why, in one line) and the
    configuration file in use, if any (waivers are written there)."""

    settings: Settings | None
    problem: str | None
    config: Config


def _stamp(paths: list[Path]) -> Stamp:
    out = []
    for path in paths:
        try:
            info = os.stat(path)
            out.append((str(path), info.st_size, info.st_mtime_ns))
        except OSError:
            out.append((str(path), -1, -1))
    return tuple(out)


class SettingsCache:
    """Settings by configuration file (``None`` for none), checked against
    the files they came from on every use.  Shared by the checking thread
    and the event loop, hence the lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: dict[str | None, tuple[Stamp, DocumentSettings]] = {}

    def forget(self) -> None:
        """Read everything again at the next check (the editor said a file changed)."""
        with self._lock:
            self._kept.clear()

    def for_document(self, path: str, today: date) -> DocumentSettings:
        found = find_config([path])
        key = str(found) if found is not None else None
        with self._lock:
            kept = self._kept.get(key)
        if kept is not None and _stamp([Path(p) for p, _, _ in kept[0]]) == kept[0]:
            settings = kept[1].settings
            if settings is not None and settings.as_of != today:
                return replace(kept[1], settings=replace(settings, as_of=today))
            return kept[1]
        read = _read(found, today)
        with self._lock:
            self._kept[key] = (_stamp(_sources(found, read)), read)
        return read


def _sources(found: Path | None, read: DocumentSettings) -> list[Path]:
    """Every file the settings were read from, to notice when one changes."""
    paths = list(read.config.files) or ([found] if found is not None else [])
    for extra in (read.config.baseline, read.config.guidance):
        if extra is not None and extra.is_absolute():
            paths.append(extra)
    return paths


def _read(found: Path | None, today: date) -> DocumentSettings:
    try:
        config = load_config(found, list(BY_ID)) if found is not None else Config()
    except ConfigError as err:
        return DocumentSettings(None, f"configuration cannot be used: {err}", Config(path=found))
    try:
        pack = default_pack() if config.guidance is None else load_pack(find_pack(config.guidance))
        if config.placeholders is not None:
            pack = replace(pack, placeholders=config.placeholders)
        baseline = read_baseline(config.baseline) if config.baseline is not None else None
    except (GuidanceError, BaselineError, OSError) as err:
        return DocumentSettings(None, f"configuration {config.path}: {err}", config)
    settings = Settings(
        as_of=today,
        guidance=pack,
        max_bytes=config.max_bytes or DEFAULT_MAX_BYTES,
        severities=config.severities,
        waivers=config.waivers,
        configuration=config.path,
        configuration_files=config.files,
        baseline=baseline,
    )
    return DocumentSettings(settings, None, config)


def matches_globs(path: str, config: Config) -> bool:
    """Whether configuration names ``path`` as a plan (``lsp-globs``)."""
    wanted = os.path.abspath(path).replace(os.sep, "/")
    return any(fnmatch.fnmatchcase(wanted, glob) for glob in config.lsp_globs or ())
