"""``stpctl footprints [TEXT]`` and ``init --footprint`` (issue 14, section 5):
the register listed, searched loosely, with a did-you-mean for a misspelling."""

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
from stpctl.reference import register

runner = CliRunner()


def rows(stdout: str) -> dict[str, str]:
    """Code → its whole line, for the text listing."""
    return {line.split()[0]: line for line in stdout.splitlines()[1:] if line.strip()}


def test_the_register_carries_a_region_for_every_footprint() -> None:
    regions = {fp.region for fp in register.footprints().values()}
    assert regions == {"North", "Midlands and East", "London", "South"}
    assert register.footprints()["E54000008"].region == "North"
    assert register.footprints()["E54000037"].region == "South"


def test_recodings_are_known_both_ways() -> None:
    assert register.recoded_from("E54000046") == ("E54000001",)
    assert register.recoded_from("E54000045") == ("E54000003",)
    assert register.recoded_from("E54000047") == ("E54000002",)
    assert register.recoded_from("E54000048") == ("E54000004",)
    assert register.recoded_from("E54000019") == ()


def test_footprints_lists_the_whole_register() -> None:
    result = runner.invoke(app, ["footprints"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split()
    assert header == ["code", "name", "region", "recoded"]
    listed = rows(result.stdout)
    assert len(listed) == 48
    assert "Cheshire and Merseyside" in listed["E54000008"] and "North" in listed["E54000008"]
    assert listed["E54000001"].rstrip().endswith("to E54000046")
    assert listed["E54000046"].rstrip().endswith("from E54000001")
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("cheshire", {"E54000008"}),
        ("CHESHIRE", {"E54000008"}),
        ("london", {"E54000027", "E54000028", "E54000029", "E54000030", "E54000031"}),
        ("stoke-on-trent", {"E54000010"}),  # punctuation and spaces alike
        ("e54000019", {"E54000019"}),
        ("E5400004", {f"E5400004{n}" for n in range(9)}),  # a code's start
        ("Frimley", {"E54000034"}),  # an alternative name, too
        ("cumbria", {"E54000002", "E54000004", "E54000047", "E54000048"}),
    ],
)
def test_footprints_matches_text_loosely(text: str, codes: set[str]) -> None:
    result = runner.invoke(app, ["footprints", text])
    assert result.exit_code == 0, result.output
    assert set(rows(result.stdout)) == codes


def test_footprints_without_a_match_suggests_the_closest() -> None:
    result = runner.invoke(app, ["footprints", "Chesire"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no footprint matches 'Chesire'" in result.stderr
    assert "did you mean Cheshire and Merseyside (E54000008)?" in result.stderr


def test_footprints_json() -> None:
    result = runner.invoke(app, ["footprints", "durham", "--format", "json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert [fp["code"] for fp in listed] == ["E54000003", "E54000045", "E54000046"]
    assert listed[0] == {
        "code": "E54000003",
        "name": "Durham, Darlington, Teesside, Hambleton, Richmondshire and Whitby",
        "region": "North",
        "aliases": [],
        "recoded_from": [],
        "recoded_to": "E54000045",
    }
    assert listed[2]["recoded_from"] == ["E54000001"] and listed[2]["recoded_to"] is None


# --- init --footprint ----------------------------------------------------------------------


def test_init_finds_a_footprint_by_part_of_its_name() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "cheshire"])
    assert result.exit_code == 0, result.output
    assert 'name: "Cheshire and Merseyside"' in result.stdout
    assert "code: E54000008" in result.stdout
    assert 'region: "North"' in result.stdout
    assert "footprint: E54000008 Cheshire and Merseyside" in result.stderr


def test_init_with_a_name_that_fits_several_footprints_lists_them() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "london"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "'london' fits 5 footprints" in result.stderr
    assert "North West London (E54000027)" in result.stderr
    assert "South West London (E54000031)" in result.stderr


def test_init_with_a_name_that_fits_many_names_only_some(tmp_path: Path) -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "and"])
    assert result.exit_code == 2
    assert "'and' fits " in result.stderr and "; and " in result.stderr
    assert result.stderr.count("(E54") == 6
    assert "stpctl footprints 'and' lists them" in result.stderr


def test_init_with_an_empty_footprint_is_a_usage_error() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", " "])
    assert result.exit_code == 2 and "--footprint is empty" in result.stderr


def test_init_with_a_misspelt_name_gets_a_did_you_mean() -> None:
    result = runner.invoke(app, ["init", "-", "--footprint", "Chesire and Mersyside"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "not a registered STP footprint" in result.stderr
    assert "did you mean Cheshire and Merseyside (E54000008)?" in result.stderr


def test_init_never_picks_a_replaced_footprint_by_name() -> None:
    # "Lancashire and South Cumbria" is both E54000004 (recoded) and E54000048.
    result = runner.invoke(app, ["init", "-", "--footprint", "lancashire"])
    assert result.exit_code == 0, result.output
    assert "code: E54000048" in result.stdout


def test_the_installed_command_lists_footprints(tmp_path: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run(
        [stpctl, "footprints", "devon"], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert "E54000037" in done.stdout and "Devon" in done.stdout and "South" in done.stdout
