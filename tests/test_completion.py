"""Shell completion (issue 14): typer's ``--show-completion`` and
``--install-completion``, through CliRunner and the installed entry point."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

runner = CliRunner()


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_prints_a_script(shell: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # typer detects the user's shell; its own switch for tests makes the
    # option take the shell's name instead, whatever runs the tests.
    monkeypatch.setenv("_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION", "1")
    result = runner.invoke(app, ["--show-completion", shell], prog_name="stpctl")
    assert result.exit_code == 0, result.output
    assert "_STPCTL_COMPLETE" in result.stdout


def test_the_options_are_listed_in_help() -> None:
    result = runner.invoke(app, ["--help"], prog_name="stpctl")
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout


def installed() -> str:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    return stpctl


def test_the_installed_command_shows_the_script_for_the_shell_it_runs_in() -> None:
    stpctl = installed()
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine")
    env = {k: v for k, v in os.environ.items() if not k.startswith("_TYPER")}
    # "; true" keeps bash alive as the parent, as an interactive shell is.
    script = subprocess.run(
        [bash, "-c", f"'{stpctl}' --show-completion; true"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert script.returncode == 0, script.stderr
    assert "complete -o default -F" in script.stdout and "stpctl" in script.stdout


def test_the_installed_command_completes_its_commands(tmp_path: Path) -> None:
    stpctl = installed()
    # What bash does when the user presses Tab after `stpctl val`:
    env = {
        **os.environ,
        "_STPCTL_COMPLETE": "complete_bash",
        "COMP_WORDS": "stpctl val",
        "COMP_CWORD": "1",
    }
    done = subprocess.run([stpctl], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "validate" in done.stdout.split()
