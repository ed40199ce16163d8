"""``stpctl config`` (issue 14, section 3): the effective configuration and
where each value came from, as text and JSON."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})
REGION = """\
fail-on = "warning"
guidance = "packs/2017.yaml"
placeholders = ["tbc", "awaiting workstream input"]

[rules]
STP603 = "off"
STP601 = "info"

[[waivers]]
rule = "STP601"
pointer = "/footprint/digital_roadmap*"
paths = ["devon/*.yaml"]
reason = "Devon's LDR footprint agreed with NHS Digital"
expires = 2016-12-31
"""
DEVON = """\
extends = "../region.toml"
fail-on = "error"
placeholders = ["see PCBC"]
baseline = ".stpctl-baseline.json"

[rules]
STP601 = "error"
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "region.toml", REGION)
    write(tmp_path / "devon" / ".stpctl.toml", DEVON)
    write(tmp_path / "packs" / "2017.yaml", "name: a pack\n")
    monkeypatch.chdir(tmp_path / "devon")
    return tmp_path


def settings_of(stdout: str) -> dict[str, str]:
    """``key = value   # from`` lines of the text form, by key."""
    rows = {}
    for line in stdout.splitlines():
        if " = " in line and not line.startswith("#"):
            key, _, rest = line.partition(" = ")
            rows[key.strip()] = rest
    return rows


def test_config_text_names_each_value_and_its_file(region: Path) -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == "# configuration: .stpctl.toml"
    assert "# extends: ../region.toml" in out
    rows = settings_of(out)
    assert rows["fail-on"].split() == ['"error"', "#", ".stpctl.toml"]
    assert rows["guidance"].split()[-2:] == ["#", "../region.toml"]
    assert '"../packs/2017.yaml"' in rows["guidance"]
    assert rows["max-bytes"].split() == ["10485760", "#", "default"]
    assert rows["baseline"].split() == ['".stpctl-baseline.json"', "#", ".stpctl.toml"]
    assert rows["junit-follow-fail-on"].split() == ["false", "#", "default"]
    assert rows["rules.STP603"].split() == ['"off"', "#", "../region.toml"]
    assert rows["rules.STP601"].split() == ['"error"', "#", ".stpctl.toml"]
    assert rows["placeholders"].split() == [
        '"awaiting',
        "workstream",
        'input"',
        "#",
        "../region.toml",
    ]
    words = [line for line in out.splitlines() if line.lstrip().startswith('"')]
    assert [w.split()[-1] for w in words] == [".stpctl.toml", "../region.toml"]  # see pcbc, tbc
    assert "other rules: their default severity" in out
    assert "STP601 at /footprint/digital_roadmap* in devon/*.yaml until 2016-12-31" in out
    assert "Devon's LDR footprint agreed with NHS Digital" in out


def test_config_json(region: Path) -> None:
    result = runner.invoke(app, ["config", "--format", "json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["files"] == [".stpctl.toml", "../region.toml"]
    assert document["settings"]["fail-on"] == {"value": "error", "from": ".stpctl.toml"}
    assert document["settings"]["max-bytes"] == {"value": 10485760, "from": None}
    assert document["settings"]["guidance"] == {
        "value": "../packs/2017.yaml",
        "from": "../region.toml",
    }
    assert document["settings"]["placeholders"]["value"] == [
        "awaiting workstream input",
        "see pcbc",
        "tbc",
    ]
    assert document["settings"]["placeholders"]["from"]["tbc"] == "../region.toml"
    assert document["rules"] == {
        "STP601": {"value": "error", "from": ".stpctl.toml"},
        "STP603": {"value": "off", "from": "../region.toml"},
    }
    (waiver,) = document["waivers"]
    assert waiver == {
        "rule": "STP601",
        "pointer": "/footprint/digital_roadmap*",
        "paths": ["devon/*.yaml"],
        "reason": "Devon's LDR footprint agreed with NHS Digital",
        "expires": "2016-12-31",
        "from": "../region.toml",
    }


def test_config_without_a_file_shows_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "# configuration: none found (the defaults)"
    rows = settings_of(result.stdout)
    assert rows["fail-on"].split() == ['"error"', "#", "default"]
    assert "national" in rows["guidance"]
    document = json.loads(runner.invoke(app, ["config", "-f", "json"]).stdout)
    assert document["files"] == [] and document["waivers"] == []
    assert document["settings"]["guidance"]["from"] is None


def test_config_for_given_plans_and_an_explicit_file(region: Path) -> None:
    os.chdir(region)
    result = runner.invoke(app, ["config", "devon"])
    assert "# configuration: devon/.stpctl.toml" in result.stdout
    result = runner.invoke(app, ["config", "--config", "region.toml"])
    assert result.stdout.splitlines()[0] == "# configuration: region.toml"
    assert settings_of(result.stdout)["fail-on"].split() == ['"warning"', "#", "region.toml"]


def test_config_errors_are_usage_errors(region: Path) -> None:
    write(region / "region.toml", 'extends = "devon/.stpctl.toml"\n')
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 2
    assert "loop" in result.stderr and result.stdout == ""


def test_the_installed_command_prints_the_configuration(region: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    done = subprocess.run(
        [stpctl, "config", "--format", "json"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=region / "devon",
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["settings"]["fail-on"]["value"] == "error"


def test_the_default_size_limit_shown_is_the_checkers() -> None:
    from stpctl.check.checker import DEFAULT_MAX_BYTES
    from stpctl.render import config_view

    assert config_view.DEFAULT_MAX_BYTES == DEFAULT_MAX_BYTES


def test_config_shows_the_language_servers_globs_and_their_file(region: Path) -> None:
    write(region / "devon" / ".stpctl.toml", 'lsp-globs = ["plans/*.yaml"]\n' + DEVON)
    rows = settings_of(runner.invoke(app, ["config"]).stdout)
    assert rows["lsp-globs"].split() == ['["plans/*.yaml"]', "#", ".stpctl.toml"]
    document = json.loads(runner.invoke(app, ["config", "--format", "json"]).stdout)
    assert document["settings"]["lsp-globs"] == {
        "value": ["plans/*.yaml"],
        "from": ".stpctl.toml",
    }
