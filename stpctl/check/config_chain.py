"""Configuration files that extend one another: following ``extends``, and
merging each file over the ones it extends.

The merge rules (docs/configuration.md):

* a file's own settings win over those of the files it extends, and among
  the files in one ``extends`` list a later one wins over an earlier one —
  per key (``fail-on``, ``guidance``, ``max-bytes``, ``baseline``,
  ``junit-follow-fail-on``);
* rule severities merge per rule, by the same order;
* placeholders merge per word: the words of every file count;
* waivers add up, each keeping the file it is written in;
* a path is relative to the file that declares it (resolved as each file
  is read, so merging never moves it);
* a file extended twice (a diamond) is read twice but counted once;
  a file that extends itself, directly or not, is a usage error.

Kept apart from ``config`` (which reads one file) so that module stays a
reader; this one knows nothing about TOML.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stpctl.check.config import Config

# A chain of extends deeper than this is a mistake, not a region's set-up.
MAX_EXTENDS = 32
# Settings that are one value each: the later file wins.
SINGLE = (
    "fail_on",
    "guidance",
    "max_bytes",
    "baseline",
    "junit_follow_fail_on",
    "lsp_globs",
)
SINGLE_KEYS = {
    "fail_on": "fail-on",
    "guidance": "guidance",
    "max_bytes": "max-bytes",
    "baseline": "baseline",
    "junit_follow_fail_on": "junit-follow-fail-on",
    "lsp_globs": "lsp-globs",
}

# Reads one file: (its own settings, the files it extends), given the file
# that extends it (for messages), if any.
ReadOne = Callable[[Path, "Path | None"], "tuple[Config, list[Path]]"]


class ConfigError(Exception):
    """Configuration that cannot be used; the message names the file and the fix."""


def load_chain(path: Path, read_one: ReadOne, chain: tuple[Path, ...] = ()) -> Config:
    """``path`` merged over every file it extends; ``chain`` is the files
    that led to it, first the one asked for."""
    if any(_same_file(path, earlier) for earlier in chain):
        loop = " → ".join(str(p) for p in (*chain, path))
        raise ConfigError(
            f"configuration files extend each other in a loop: {loop}; remove one `extends`"
        )
    if len(chain) >= MAX_EXTENDS:
        raise ConfigError(f"{path}: more than {MAX_EXTENDS} configuration files extend one another")
    own, bases = read_one(path, chain[-1] if chain else None)
    merged: Config | None = None
    read = [path]  # in the order read: this file, then each base and what it extends
    for base in bases:
        loaded = load_chain(base, read_one, (*chain, path))
        merged = loaded if merged is None else merge(merged, loaded)
        read.extend(loaded.files)
    result = own if merged is None else merge(merged, own)
    return replace(result, files=tuple(dict.fromkeys(read)))


def _same_file(one: Path, other: Path) -> bool:
    return os.path.realpath(one) == os.path.realpath(other)


def merge(base: Config, top: Config) -> Config:
    """``top`` over ``base`` by the rules above; ``path`` is ``top``'s."""
    singles = {
        name: getattr(top, name) if getattr(top, name) is not None else getattr(base, name)
        for name in SINGLE
    }
    if base.placeholders is None or top.placeholders is None:
        placeholders = top.placeholders if top.placeholders is not None else base.placeholders
    else:
        placeholders = base.placeholders | top.placeholders
    files = tuple(dict.fromkeys((*top.files, *base.files)))
    return replace(
        top,
        placeholders=placeholders,
        severities={**base.severities, **top.severities},
        waivers=tuple(dict.fromkeys((*base.waivers, *top.waivers))),
        files=files,
        origins={**base.origins, **top.origins},
        **singles,
    )


def own_origins(config: Config) -> dict[str, Path]:
    """Each setting one file makes, mapped to that file."""
    if config.path is None:
        return {}
    names = [key for name, key in SINGLE_KEYS.items() if getattr(config, name) is not None]
    names += [f"rules.{rule}" for rule in config.severities]
    names += [f"placeholders.{word}" for word in sorted(config.placeholders or ())]
    return dict.fromkeys(names, config.path)
