"""Where the data files stpctl ships with are found at run time.

An installed wheel carries them inside the package (``stpctl/schemas``,
``stpctl/guidance``, ``stpctl/data``).  In a source checkout the schemas are
only at the top of the repository, so we look there as well.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def schema_path(version: int = 1) -> Path:
    return schema_file(f"stp-plan-{version}.schema.json")


def schema_file(name: str) -> Path:
    for folder in (PACKAGE_DIR / "schemas", PACKAGE_DIR.parent / "schemas"):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"stpctl is installed without its schema {name}")


def guidance_path(name: str = "national-2016") -> Path:
    return PACKAGE_DIR / "guidance" / f"{name}.yaml"


def data_path(name: str) -> Path:
    return PACKAGE_DIR / "data" / name
