"""Where the cache lives: the platform's user cache folder, never the plan
repository, unless ``--cache-dir`` or ``STPCTL_CACHE_DIR`` says otherwise."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

ENVIRONMENT_VARIABLE = "STPCTL_CACHE_DIR"


def default_folder(
    environ: Mapping[str, str] | None = None, platform: str | None = None, home: Path | None = None
) -> Path:
    """``$XDG_CACHE_HOME/stpctl`` or ``~/.cache/stpctl`` on Linux,
    ``~/Library/Caches/stpctl`` on macOS, ``%LOCALAPPDATA%\\stpctl\\Cache``
    on Windows; ``STPCTL_CACHE_DIR`` moves it."""
    environ = os.environ if environ is None else environ
    platform = sys.platform if platform is None else platform
    home = Path.home() if home is None else home
    moved = environ.get(ENVIRONMENT_VARIABLE)
    if moved:
        return Path(moved)
    if platform.startswith("win"):
        local = environ.get("LOCALAPPDATA")
        base = Path(local) if local else home / "AppData" / "Local"
        return base / "stpctl" / "Cache"
    if platform == "darwin":
        return home / "Library" / "Caches" / "stpctl"
    xdg = environ.get("XDG_CACHE_HOME")
    # the XDG rules: a relative path there is to be ignored
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else home / ".cache"
    return base / "stpctl"
