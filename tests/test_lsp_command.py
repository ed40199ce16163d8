"""``stpctl lsp`` on the command line: without the optional extra it says in
one line how to install it and exits 2; with it, it serves on stdio."""

from __future__ import annotations

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

runner = CliRunner()


def test_without_the_extra_lsp_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pygls", None)  # `import pygls` now fails
    result = runner.invoke(app, ["lsp"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "pip install 'stpctl[lsp]'" in lines[0]
    assert "Traceback" not in result.output


def test_without_the_extra_in_a_real_process() -> None:
    code = (
        "import sys; sys.modules['pygls'] = None\n"
        "import stpctl.cli; sys.argv = ['stpctl', 'lsp']; stpctl.cli.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert "stpctl[lsp]" in done.stderr


def test_lsp_help_names_stdio() -> None:
    result = runner.invoke(app, ["lsp", "--help"])
    assert result.exit_code == 0
    assert "stdio" in result.stdout
