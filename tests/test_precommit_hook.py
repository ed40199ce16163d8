"""The pre-commit hook shipped in ``.pre-commit-hooks.yaml`` (issue 14):
its output stays short because the entry itself passes ``--quiet``."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from stpctl.check.checker import Settings, check_path
from stpctl.records.finding import Severity

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"


def hook() -> dict[str, Any]:
    (entry,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert entry["id"] == "stpctl-validate"
    return dict(entry)


def test_the_hook_entry_passes_quiet() -> None:
    assert shlex.split(hook()["entry"]) == ["stpctl", "validate", "--quiet"]


def test_the_hook_entry_prints_findings_and_the_summary_only(tmp_path: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    command = [stpctl, *shlex.split(hook()["entry"])[1:], str(DRAFT), "--as-of", "2016-06-30"]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | {"NO_COLOR": "1"}
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    found = check_path(str(DRAFT), Settings(as_of=date(2016, 6, 30))).findings
    warnings = sum(f.severity is Severity.WARNING for f in found)
    info = sum(f.severity is Severity.INFO for f in found)
    assert lines[-1] == f"1 file checked: 0 errors, {warnings} warnings, {info} info"
    assert all(" STP" in line for line in lines[:-1])  # no headers, no question table
    assert not any(line.startswith("question ") for line in lines)  # the table's header
