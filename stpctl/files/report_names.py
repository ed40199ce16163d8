"""File names for the board reports of ``stpctl report DIR --output-dir OUT``.

A report is named after its footprint code (``E54000027.html``), which an
assurance team knows a footprint by.  When several plans share a code (a
draft beside its submission) each is named by the code and the plan file's
stem (``E54000019-herefordshire-and-worcestershire-draft.html``), so no
report overwrites another.  A plan without a usable code is named by its
stem alone.

A code or a stem is plan text, or a name somebody else chose: only letters,
digits, ``.``, ``_`` and ``-`` are kept (anything else becomes ``-``), so no
name can climb out of the folder (``../``), hide (a leading dot) or surprise
a shell.  Names are compared ignoring case (two names that differ only in
case are one file on Windows and macOS) and ``index`` is kept for the
roll-up; a name still taken gets ``-2``, ``-3``… after it.
"""

from __future__ import annotations

import os
import re

INDEX = "index"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_ONS_CODE = re.compile(r"E54[0-9]{6}")
MAX_STEM = 100  # characters: a name stays well inside every file system's limit


def safe_stem(text: str) -> str:
    """``text`` as a file name's stem: safe characters only, never empty."""
    stem = _UNSAFE.sub("-", text).strip(".-")[:MAX_STEM].strip(".-")
    return stem or "plan"


def report_names(plans: list[tuple[str | None, str]], extension: str) -> list[str]:
    """A file name for each plan, given as (footprint code, path), in order:
    unique, ignoring case, and never ``index``."""
    codes = [code if code and _ONS_CODE.fullmatch(code) else None for code, _ in plans]
    shared = {code for code in codes if code is not None and codes.count(code) > 1}
    taken = {INDEX}
    names = []
    for code, (_, path) in zip(codes, plans, strict=True):
        stem = safe_stem(os.path.splitext(os.path.basename(path))[0])
        if code is None:
            wanted = stem
        elif code in shared:
            wanted = f"{code}-{stem}"
        else:
            wanted = code
        name, count = wanted, 1
        while name.lower() in taken:
            count += 1
            name = f"{wanted}-{count}"
        taken.add(name.lower())
        names.append(f"{name}.{extension}")
    return names
