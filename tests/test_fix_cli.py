"""``stpctl fix`` on the command line: the diff, --write, stdin, exit codes,
and the refusal to write over a file that changed after it was read."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.cli import app, main
from stpctl.fix import engine
from stpctl.fix.edits import SAFE, Edit, Fix

ROOT = Path(__file__).resolve().parent.parent
SLIPS = ROOT / "tests" / "cases" / "fix" / "mechanical-slips.yaml"
VALID = ROOT / "tests" / "cases" / "valid" / "complete-submitted.yaml"
AS_OF = ["--as-of", "2016-06-01"]
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


@pytest.fixture
def slips(tmp_path: Path) -> Path:
    copy = tmp_path / "plan.yaml"
    shutil.copyfile(SLIPS, copy)
    return copy


def test_fix_shows_a_diff_and_changes_nothing(slips: Path) -> None:
    before = slips.read_bytes()
    result = runner.invoke(app, ["fix", str(slips), *AS_OF])
    assert result.exit_code == 1  # fixes are there, not written
    assert result.stdout.startswith(f"--- {slips}\n+++ {slips}\n@@ ")
    assert "\n-  population: 780,000\n+  population: 780000\n" in result.stdout
    assert '\n-    owner: no\n+    owner: "no"\n' in result.stdout
    assert "2017-04-03" not in result.stdout  # the unsafe fix is not shown
    assert "can fix 16 problems (2 STP004, 2 STP010, 5 STP012, 7 STP013)" in result.stderr
    assert "unsafe, not shown: questions.quality_and_safety.actions[0].due" in result.stderr
    assert "16 fixes shown above; apply them with stpctl fix --write." in result.stderr
    assert "1 unsafe fix not shown" in result.stderr and "--unsafe-fixes" in result.stderr
    assert slips.read_bytes() == before


def test_the_diff_applies_with_patch_to_give_what_write_writes(slips: Path, tmp_path: Path) -> None:
    patch = shutil.which("patch")
    if patch is None:
        pytest.skip("no patch program here")
    diff = runner.invoke(app, ["fix", str(slips), *AS_OF]).stdout
    patched = tmp_path / "patched.yaml"
    shutil.copyfile(slips, patched)
    done = subprocess.run(
        [patch, "--quiet", str(patched)], input=diff, text=True, capture_output=True, check=False
    )
    assert done.returncode == 0, done.stderr
    runner.invoke(app, ["fix", "--write", str(slips), *AS_OF])
    assert patched.read_bytes() == slips.read_bytes()


def test_write_applies_safe_fixes_and_says_what_is_left(slips: Path) -> None:
    result = runner.invoke(app, ["fix", "--write", str(slips), *AS_OF])
    assert result.exit_code == 1  # the unsafe date is still to apply
    assert result.stdout == ""
    text = slips.read_text("utf-8")
    assert "  population: 780000\n" in text and 'owner: "no"' in text
    assert "due: 03/04/2017" in text  # unsafe: not without --unsafe-fixes
    assert "fixed 16 problems" in result.stderr
    assert "unsafe, not applied: questions.quality_and_safety.actions[0].due" in result.stderr
    assert "still to do by hand: 9 errors, 10 info notes" in result.stderr
    assert f"  {slips}:8:3: error STP010 unknown key `regoin`" in result.stderr
    assert "Fixed 16 problems in 1 plan. 1 unsafe fix not applied" in result.stderr

    again = runner.invoke(app, ["fix", "--write", "--unsafe-fixes", str(slips), *AS_OF])
    assert again.exit_code == 0
    assert "due: 2017-04-03" in slips.read_text("utf-8")
    assert "fixed 1 problem (1 STP013)" in again.stderr

    done = runner.invoke(app, ["fix", "--write", str(slips), *AS_OF])
    assert done.exit_code == 0
    assert "Nothing to fix in 1 plan." in done.stderr


def test_nothing_to_fix_exits_zero_with_no_diff() -> None:
    result = runner.invoke(app, ["fix", str(VALID), *AS_OF])
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "Nothing to fix in 1 plan.\n"


def test_stdin_gets_a_diff_or_the_fixed_plan_and_no_file_is_written(tmp_path: Path) -> None:
    raw = SLIPS.read_bytes()
    shown = runner.invoke(app, ["fix", "-", "--stdin-filename", "mine.yaml", *AS_OF], input=raw)
    assert shown.exit_code == 1
    assert shown.stdout.startswith("--- mine.yaml\n+++ mine.yaml\n")
    fixed = runner.invoke(app, ["fix", "-", "--write", "--unsafe-fixes", *AS_OF], input=raw)
    assert fixed.exit_code == 0
    assert fixed.stdout.startswith("# Slips `stpctl fix` mends")
    assert "  population: 780000\n" in fixed.stdout and "due: 2017-04-03" in fixed.stdout
    assert not (Path.cwd() / "<stdin>").exists()


def test_a_plan_on_stdin_over_the_size_limit_is_a_finding_not_a_crash() -> None:
    result = runner.invoke(
        app, ["fix", "-", "--max-bytes", "100", *AS_OF], input=SLIPS.read_bytes()
    )
    assert result.exit_code == 1
    assert "error STP001 <stdin> is over the 100-byte limit" in result.stderr
    assert result.stdout == ""


def test_a_file_that_does_not_load_gets_its_finding_and_no_fix(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("stp_plan: 1\nfootprint: [\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", "--write", str(broken), *AS_OF])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert f"{broken}:3:1: error STP002 " in result.stderr
    assert f"{broken}: not fixed: it cannot be read as a plan" in result.stderr
    assert broken.read_text("utf-8") == "stp_plan: 1\nfootprint: [\n"


def test_directories_are_searched_and_each_plan_is_fixed(tmp_path: Path) -> None:
    for name in ("a.yaml", "b.yml"):
        shutil.copyfile(SLIPS, tmp_path / name)
    result = runner.invoke(app, ["fix", "--write", "--unsafe-fixes", str(tmp_path), *AS_OF])
    assert result.exit_code == 0, result.stderr
    assert "Fixed 34 problems in 2 plans." in result.stderr
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yml").read_bytes()


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["fix", "nowhere.yaml"], "nowhere.yaml"),
        (["fix", str(SLIPS), "--as-of", "2016-13-01"], "not a real date"),
        (["fix", str(SLIPS), "--config", "missing.toml"], "--config missing.toml: no such file"),
    ],
)
def test_usage_problems_exit_two(args: list[str], words: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert words in result.stderr


def test_configuration_that_switches_a_rule_off_switches_its_fixes_off(
    slips: Path, tmp_path: Path
) -> None:
    config = tmp_path / ".stpctl.toml"
    config.write_text('[rules]\nSTP012 = "off"\n', encoding="utf-8")
    result = runner.invoke(app, ["fix", str(slips), "--config", str(config), *AS_OF])
    assert "can fix 11 problems (2 STP004, 2 STP010, 7 STP013)" in result.stderr, result.stderr
    assert "population" not in result.stdout


def test_write_refuses_when_the_file_changed_after_it_was_read(
    slips: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine.fix_plan
    edited = "# edited in another window while stpctl worked\n"

    def fix_then_someone_edits(*args: Any, **kwargs: Any) -> engine.FixRun:
        run = real(*args, **kwargs)
        with open(slips, "a", encoding="utf-8") as handle:
            handle.write(edited)
        return run

    monkeypatch.setattr(engine, "fix_plan", fix_then_someone_edits)
    result = runner.invoke(app, ["fix", "--write", str(slips), *AS_OF])
    assert result.exit_code == 1
    assert f"{slips}: changed after stpctl read it, so nothing was written" in result.stderr
    assert slips.read_text("utf-8") == SLIPS.read_text("utf-8") + edited
    assert [p.name for p in slips.parent.iterdir()] == ["plan.yaml"]  # no temporary file left


def test_write_leaves_a_read_only_plan_alone(slips: Path) -> None:
    slips.chmod(0o444)
    result = runner.invoke(app, ["fix", "--write", str(slips), *AS_OF])
    assert result.exit_code == 1
    assert f"{slips}: it is read-only, so nothing was written" in result.stderr
    assert slips.read_bytes() == SLIPS.read_bytes()


def test_a_fix_that_would_change_another_value_is_a_bug_and_nothing_is_written(
    slips: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    text = slips.read_text("utf-8")
    start = text.index("780,000")

    def sly(plan: Any) -> list[Fix]:  # says it sets the population, also changes the code
        end = text.index("E54000019") + len("E54000019")
        replacement = text[start:end].replace("780,000", "780000").replace("19", "18")
        return [
            Fix(
                "STP012",
                "/footprint/population",
                "x",
                SAFE,
                (Edit(start, end, replacement),),
                value=780000,
            )
        ]

    monkeypatch.setattr(engine, "value_fixes", sly)
    monkeypatch.setattr(sys, "argv", ["stpctl", "fix", "--write", str(slips), *AS_OF])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 3
    err = capsys.readouterr().err
    assert "would change a value the fixes do not list" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert slips.read_text("utf-8") == text


def test_fix_write_in_a_real_process(slips: Path, tmp_path: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    slips.chmod(0o640)
    done = subprocess.run(
        [stpctl, "fix", "--write", "--unsafe-fixes", str(slips), *AS_OF],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "Fixed 17 problems in 1 plan." in done.stderr
    text = slips.read_text("utf-8")
    assert "  population: 780000\n" in text and "due: 2017-04-03" in text
    assert slips.stat().st_mode & 0o777 == 0o640  # the file keeps its permissions
    check = subprocess.run(
        [stpctl, "validate", str(slips), *AS_OF, "-f", "json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    rules = {finding["rule"] for finding in json.loads(check.stdout)["files"][0]["findings"]}
    assert "STP004" not in rules


# -- docs/fix.md shows real output -------------------------------------------------------

DOC = ROOT / "docs" / "fix.md"


def doc_block(name: str) -> str:
    """The fenced block after ``<!-- example: NAME -->`` in docs/fix.md."""
    text = DOC.read_text("utf-8")
    after = text.split(f"<!-- example: {name} -->\n", 1)[1]
    return after.split("\n", 1)[1].split("```\n", 1)[0]


def test_the_example_in_the_docs_is_what_stpctl_fix_prints(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("plan.yaml").write_text(doc_block("plan"), encoding="utf-8")
    shown = runner.invoke(app, ["fix", "plan.yaml", *AS_OF])
    assert shown.exit_code == 1
    assert shown.stdout == doc_block("diff")
    assert shown.stderr == doc_block("stderr")
    sarif = json.loads(runner.invoke(app, ["validate", "-f", "sarif", "plan.yaml", *AS_OF]).stdout)
    [population] = [
        result
        for result in sarif["runs"][0]["results"]
        if result["properties"]["pointer"] == "/footprint/population"
    ]
    assert population["fixes"] == json.loads("{" + doc_block("sarif") + "}")["fixes"]
    written = runner.invoke(app, ["fix", "--write", "plan.yaml", *AS_OF])
    assert written.exit_code == 1
    assert written.stderr == doc_block("write")
