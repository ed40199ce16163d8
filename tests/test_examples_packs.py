"""Every example plan under both guidance packs (issue 12, section 6): the
complete examples have no errors under either; what the 2017 pack finds
(warnings on the draft, prompts on the complete plans) is kept in golden
files, regenerated only on purpose:

    STPCTL_UPDATE_GOLDEN=1 python -m pytest tests/test_examples_packs.py
"""

from __future__ import annotations

import io
import os
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console

from stpctl.check.checker import Settings, check_path
from stpctl.check.result import RunResult
from stpctl.records.finding import Severity
from stpctl.reference.guidance import load_pack
from stpctl.reference.resources import guidance_path
from stpctl.render import text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "next-steps-2017"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
EXAMPLES = sorted(path.name for path in (ROOT / "examples").glob("*.yaml"))
PACKS = ["national-2016", "next-steps-2017"]


def run(name: str, pack: str, monkeypatch: pytest.MonkeyPatch) -> RunResult:
    monkeypatch.chdir(ROOT)
    settings = Settings(as_of=date(2016, 6, 30), guidance=load_pack(guidance_path(pack)))
    return RunResult([check_path(f"examples/{name}", settings)])


@pytest.mark.parametrize("pack", PACKS)
@pytest.mark.parametrize("name", EXAMPLES)
def test_complete_examples_have_no_errors_under_either_pack(
    name: str, pack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    [result] = run(name, pack, monkeypatch).files
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    assert errors == []
    warnings = [f for f in result.findings if f.severity is Severity.WARNING]
    assert bool(warnings) is name.endswith("-draft.yaml") or pack == "next-steps-2017"


@pytest.mark.parametrize("name", EXAMPLES)
def test_what_the_2017_pack_finds_is_kept(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    pack = load_pack(guidance_path("next-steps-2017"))
    Console(file=out, width=100, color_system=None).print(
        text.render(run(name, "next-steps-2017", monkeypatch), pack)
    )
    path = GOLDEN / name.replace(".yaml", ".txt")
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_text(out.getvalue(), encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert out.getvalue() == path.read_text(encoding="utf-8")
