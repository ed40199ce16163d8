"""Optional extras: Word (python-docx) and Excel (openpyxl) output.

They are imported only when a format needs them, so ``--help`` and the
everyday commands stay light; without the extra, the format says in one
line how to install it and exits 2 (a usage problem, not a bug).
"""

from __future__ import annotations

import importlib.util

from stpctl.cli import options

# format → (the module it needs, the extra that installs it)
NEEDS = {"docx": ("docx", "docx"), "xlsx": ("openpyxl", "xlsx")}


def require(fmt: str) -> None:
    """Exit 2 with the install line when ``fmt`` needs an extra that is missing."""
    if fmt not in NEEDS:
        return
    module, extra = NEEDS[fmt]
    if importlib.util.find_spec(module) is None:
        options.usage_error(
            f"--format {fmt} needs the {extra} extra: pip install 'stpctl[{extra}]'"
        )
