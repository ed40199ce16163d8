"""``--cache-dir`` and ``--no-cache`` of ``validate``: the result cache
(``stpctl.cache``), or none."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from stpctl.cache.store import ResultCache
    from stpctl.check.checker import Settings

CacheDirOption = Annotated[
    Path | None,
    typer.Option(
        "--cache-dir",
        metavar="DIR",
        help="Keep results of unchanged plans here (default: the user cache folder,"
        " or STPCTL_CACHE_DIR).",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool, typer.Option("--no-cache", help="Check every file afresh; use no result cache.")
]


def open_cache(settings: Settings, folder: Path | None, off: bool) -> ResultCache | None:
    """The result cache for this run, or ``None`` when switched off or when
    its folder cannot be made or written (then every file is checked
    afresh, and nothing is said)."""
    if off:
        return None
    from stpctl.cache.location import default_folder
    from stpctl.cache.store import ResultCache

    if folder is None:
        try:
            folder = default_folder()
        except (RuntimeError, KeyError, OSError):  # no home folder to be found: no cache
            return None
    cache = ResultCache(folder, settings)
    return cache if cache.usable else None
