"""A baseline: the findings a repository had on the day it adopted stpctl,
recorded so that a run reports only what is new (as ESLint's bulk
suppressions and SwiftLint's baseline do).

An entry names a finding by what it is about, never by where it sits in the
file: the rule, the plan file (relative to the baseline file's folder, so a
run from any folder finds it), the JSON pointer, and a fingerprint of the
message's *subject* — its words with every number taken out, ignoring case.
Numbers are what move while the problem stays the same: "overdue by 13
days" becomes "by 15 days" two days later, a residual shrinks, a message
quotes a line.  The same finding twice is one entry with a ``count``.

Applying a baseline to one file's findings takes, for each entry, up to
``count`` matching findings out of the report; what is left over of an entry
is *stale* (the finding was fixed), reported so the file can shrink.  The
load rules (STP001 to STP005: a file that is not a plan) are never baselined,
as they are never waived.

The file is JSON, one entry per object, sorted, with a ``version``; the same
findings always give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from stpctl.check.config import LOAD_RULES
from stpctl.check.waivers import path_from
from stpctl.files.reading import ReadRefused, read_bounded
from stpctl.records.file_names import unescape_path
from stpctl.records.finding import Finding

VERSION = 1
ABOUT = (
    "Findings recorded by `stpctl validate --write-baseline`: a run with this baseline"
    " reports only findings not listed here.  Entries name a rule, a plan file (relative"
    " to this file's folder), a JSON pointer and a fingerprint of the message without"
    " its numbers; `count` is how many such findings there were."
)
ENTRY_KEYS = ("path", "rule", "pointer", "subject", "count")
# An entry is about 200 bytes: 16 MiB holds some 80,000, far more than a
# repository of plans has findings, and stays within the memory promise
# when read (docs/safety.md).
MAX_BYTES = 16 * 1024 * 1024
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

Key = tuple[str, str, str]  # (rule, pointer, subject) within one file


class BaselineError(Exception):
    """A baseline file that cannot be used; the message names it and the fix."""


@dataclass(frozen=True, order=True)
class Entry:
    """One line of a baseline: ``count`` findings of ``rule`` at ``pointer``
    in the plan file ``path``, with messages about ``subject``."""

    path: str
    rule: str
    pointer: str
    subject: str
    count: int = 1


@dataclass(frozen=True)
class Baseline:
    """A baseline in use.  ``entries``: by plan file (relative to ``folder``),
    how many findings each key accounts for.  ``record``: a baseline being
    written, which takes in every finding that may be baselined."""

    folder: str
    entries: dict[str, dict[Key, int]] = field(default_factory=dict)
    record: bool = False
    file: str = ""  # the baseline file read, if any (no output may overwrite it)


class FileBaseline(NamedTuple):
    """What a baseline did to one file's findings: the entries of those it
    took out (with counts) and what was left of its entries (stale)."""

    baselined: tuple[Entry, ...] = ()
    stale: tuple[Entry, ...] = ()

    @property
    def total(self) -> int:
        return sum(entry.count for entry in self.baselined)


class BaselineUse(NamedTuple):
    """The baseline of a run, for the outputs: its file as shown, whether the
    run wrote it, and every stale entry."""

    path: str
    written: bool = False
    stale: tuple[Entry, ...] = ()


def subject(message: str) -> str:
    """A fingerprint of what a message is about: its words, without numbers
    and case."""
    words = " ".join(_NUMBER.sub("#", message.casefold()).split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def key_of(finding: Finding) -> Key:
    return (finding.rule, finding.pointer, subject(finding.message))


def apply(
    baseline: Baseline, shown_path: str, findings: list[Finding]
) -> tuple[list[Finding], FileBaseline]:
    """The findings of the file shown as ``shown_path`` that the baseline does
    not account for, in their order, and what it did."""
    path = path_from(baseline.folder, shown_path)
    left = Counter(baseline.entries.get(path, {}))
    kept: list[Finding] = []
    taken: Counter[Key] = Counter()
    for finding in findings:
        if finding.rule in LOAD_RULES:
            kept.append(finding)
            continue
        key = key_of(finding)
        if baseline.record or left[key] > 0:
            left[key] -= 1
            taken[key] += 1
        else:
            kept.append(finding)
    stale = () if baseline.record else _entries(path, +left)
    return kept, FileBaseline(_entries(path, taken), stale)


def _entries(path: str, counts: Counter[Key]) -> tuple[Entry, ...]:
    return tuple(Entry(path, *key, count) for key, count in sorted(counts.items()) if count > 0)


def index(entries: Iterable[Entry]) -> dict[str, dict[Key, int]]:
    """Entries by file and key, counts of repeated entries added up."""
    out: dict[str, dict[Key, int]] = {}
    for entry in entries:
        keys = out.setdefault(entry.path, {})
        key = (entry.rule, entry.pointer, entry.subject)
        keys[key] = keys.get(key, 0) + entry.count
    return out


def dumps(entries: Iterable[Entry]) -> str:
    """The baseline file for ``entries``: sorted, stable, with a version."""
    merged = index(entries)
    rows = sorted(
        Entry(path, *key, count) for path, keys in merged.items() for key, count in keys.items()
    )
    document = {
        "version": VERSION,
        "about": ABOUT,
        "entries": [asdict(row) for row in rows],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def read(path: Path) -> Baseline:
    """The baseline in ``path``, its entries relative to the file's folder.
    Like every file stpctl reads, it is bounded (issue 10): one that is not a
    regular file (``/dev/zero``, a FIFO) or is over ``MAX_BYTES`` is refused."""
    try:
        raw = read_bounded(path, "baseline", MAX_BYTES)
    except ReadRefused as err:
        raise BaselineError(str(err)) from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise BaselineError(f"baseline {path} is not UTF-8 text") from None
    except json.JSONDecodeError as err:
        raise BaselineError(
            f"baseline {path} is not valid JSON ({err.msg}, line {err.lineno}); write it"
            " again with --write-baseline"
        ) from None
    except RecursionError:
        raise BaselineError(f"baseline {path} is nested too deeply to be a baseline") from None
    entries = _checked(data, path)
    return Baseline(folder=str(path.absolute().parent), entries=index(entries), file=str(path))


def _checked(data: Any, path: Path) -> list[Entry]:
    if not isinstance(data, dict):
        raise BaselineError(f"baseline {path} is not a stpctl baseline (an object with entries)")
    version = data.get("version")
    if version is None:
        raise BaselineError(f"baseline {path} has no version; write it with --write-baseline")
    if version != VERSION:
        newer = isinstance(version, int) and version > VERSION
        why = "written by a newer stpctl" if newer else "not one this stpctl reads"
        raise BaselineError(f"baseline {path} is version {version}, {why}; it reads {VERSION}")
    items = data.get("entries")
    if not isinstance(items, list):
        raise BaselineError(f"baseline {path}: entries must be a list")
    return [
        _entry(item, f"baseline {path}: entry {number}") for number, item in enumerate(items, 1)
    ]


def _entry(item: Any, where: str) -> Entry:
    if not isinstance(item, dict):
        raise BaselineError(f"{where} must be an object with {', '.join(ENTRY_KEYS)}")
    missing = [key for key in ENTRY_KEYS if key not in item]
    if missing:
        raise BaselineError(f"{where} lacks {', '.join(missing)}")
    text = {key: item[key] for key in ENTRY_KEYS[:4]}
    if not all(isinstance(value, str) for value in text.values()):
        raise BaselineError(f"{where}: path, rule, pointer and subject must be text")
    count = item["count"]
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise BaselineError(f"{where}: count must be a whole number above 0")
    if text["rule"] in LOAD_RULES:
        raise BaselineError(
            f"{where}: {text['rule']} reports {LOAD_RULES[text['rule']]}; it cannot be"
            " baselined — fix the file, and remove the entry"
        )
    return Entry(
        posixpath.normpath(text["path"]), text["rule"], text["pointer"], text["subject"], count
    )


def gone(baseline: Baseline, checked: Iterable[str]) -> tuple[Entry, ...]:
    """The entries for plan files that no longer exist (files ``checked``, as
    shown, are judged by ``apply`` instead): stale, too."""
    seen = {path_from(baseline.folder, shown) for shown in checked}
    out: list[Entry] = []
    for path, keys in sorted(baseline.entries.items()):
        if path in seen or os.path.lexists(os.path.join(baseline.folder, unescape_path(path))):
            continue
        out.extend(Entry(path, *key, count) for key, count in sorted(keys.items()))
    return tuple(out)
