"""``stpctl schema``: print the plan JSON Schema (for editors' completion)."""

from __future__ import annotations

import sys


def schema() -> None:
    """Print the JSON Schema of plan format version 1."""
    from stpctl.reference import resources

    sys.stdout.write(resources.schema_path(1).read_text(encoding="utf-8"))
