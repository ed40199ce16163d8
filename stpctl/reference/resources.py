"""Where the data files stpctl ships with are found at run time.

They live beside this module: guidance packs in ``packs/``, the register,
the standards and the plan skeleton in ``data/``.  An installed wheel also
carries the JSON Schemas in ``schemas/`` here; in a source checkout they are
only at the top of the repository, so we look there as well.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
CHECKOUT = HERE.parent.parent


def schema_path(version: int = 1) -> Path:
    return schema_file(f"stp-plan-{version}.schema.json")


def schema_file(name: str) -> Path:
    for folder in (HERE / "schemas", CHECKOUT / "schemas"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"stpctl is installed without its schema {name}")


def guidance_path(name: str = "national-2016") -> Path:
    return HERE / "packs" / f"{name}.yaml"


def data_path(name: str) -> Path:
    return HERE / "data" / name
