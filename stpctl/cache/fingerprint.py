"""What a cached result depends on besides the plan file itself.

A result is reused only when all of it is unchanged: stpctl's own code and
data (not only its version: an editable install changes code under the same
version), every configuration file in effect (the ``extends`` chain
included), the guidance pack, the baseline, the waivers, the severities,
the size limit and ``--as-of``.
"""

from __future__ import annotations

import hashlib
import os
from functools import cache
from pathlib import Path

from stpctl import __version__
from stpctl.check.checker import Settings

PACKAGE = Path(__file__).resolve().parent.parent


@cache
def code_fingerprint() -> str:
    """A hash of every file of the installed stpctl package, by name, size and
    modification time: reading the sizes of ~300 files costs a few
    milliseconds; hashing their contents would cost more than a check."""
    digest = hashlib.sha256(__version__.encode())
    for folder, folders, files in os.walk(PACKAGE):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(files):
            if name.endswith((".pyc", ".pyo")):
                continue
            path = os.path.join(folder, name)
            try:
                info = os.stat(path)
            except OSError:
                continue
            relative = os.path.relpath(path, PACKAGE)
            digest.update(f"{relative}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _file_bytes(path: str | Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError:
        return b"(unreadable)"


def settings_fingerprint(settings: Settings) -> str:
    """A hash of everything in ``settings`` a result depends on."""
    digest = hashlib.sha256(code_fingerprint().encode())

    def add(label: str, value: object) -> None:
        digest.update(f"\n{label}\0".encode())
        digest.update(value if isinstance(value, bytes) else repr(value).encode())

    add("as_of", settings.as_of.isoformat())
    add("max_bytes", settings.max_bytes)
    add("severities", sorted((rule, str(level)) for rule, level in settings.severities.items()))
    add("waivers", settings.waivers)
    for path in settings.configuration_files or (
        (settings.configuration,) if settings.configuration else ()
    ):
        add("configuration", str(path))
        add("configuration bytes", _file_bytes(path))
    pack = settings.guidance
    add("guidance", (pack.name, pack.path, pack.version))
    if pack.path:
        add("guidance bytes", _file_bytes(pack.path))
    # every field of the pack too, in a fixed order (a set's order is not)
    add("guidance items", (pack.questions, pack.expects, pack.triple_aim, pack.must_do))
    add("guidance more", (sorted(pack.placeholders), pack.standards, pack.notes))
    baseline = settings.baseline
    if baseline is not None:
        add("baseline", (baseline.folder, baseline.record, baseline.file))
        add(
            "baseline entries",
            sorted((path, sorted(keys.items())) for path, keys in baseline.entries.items()),
        )
        if baseline.file:
            add("baseline bytes", _file_bytes(baseline.file))
    return digest.hexdigest()
