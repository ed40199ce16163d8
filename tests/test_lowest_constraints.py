"""scripts/lowest-constraints: the pins CI's lowest-versions run installs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "lowest-constraints"


def run(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(folder)], capture_output=True, text=True, check=False
    )


def test_every_runtime_dependency_is_pinned_at_its_lower_bound() -> None:
    done = run(ROOT)
    assert done.returncode == 0, done.stderr
    pins = done.stdout.splitlines()
    names = {pin.split("==")[0].lower() for pin in pins}
    assert {"typer", "rich", "pyyaml", "jsonschema", "jinja2", "jsonschema-rs"} <= names
    assert "typer==0.16" in pins
    # test tools are not runtime dependencies
    assert not names & {"pytest", "ruff", "mypy", "hypothesis"}
    # a marker is kept, so Python 3.11+ does not install tomli
    assert any(pin.startswith("tomli==") and "python_version" in pin for pin in pins)


def test_a_dependency_without_a_lower_bound_is_refused(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\ndependencies = ["rich>=13", "pyyaml"]\n', encoding="utf-8"
    )
    done = run(tmp_path)
    assert done.returncode != 0
    assert "pyyaml has no lower bound" in done.stderr
