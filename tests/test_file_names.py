"""File names that are not UTF-8 (issue 10, section 3).

On Linux a file name is bytes; Python hands stpctl the bytes it cannot decode
as lone surrogates (``surrogateescape``).  Every output must stay valid UTF-8
and name the file without losing a byte: such a byte is shown as ``\\xNN``
(``bad\\xff.yaml``), and SARIF, whose locations are URIs, percent-encodes the
byte itself (``bad%FF.yaml``).
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.records.file_names import escape_path, unescape_path

ROOT = Path(__file__).resolve().parent.parent
# A draft: it has warnings, so every format names the file (and exits 0).
EXAMPLE = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
AS_OF = ["--as-of", "2016-06-30"]
BAD = b"bad\xff\xfe.yaml"
SHOWN = "bad\\xff\\xfe.yaml"
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="file names are bytes on POSIX")


# --- the escaping -------------------------------------------------------------------------


def test_a_name_that_is_utf8_is_shown_as_it_is() -> None:
    for name in ("plans/hw.yaml", "plans/Öresund £.yaml", "C:\\plans\\hw.yaml", "a\\b"):
        assert escape_path(name) == name


def test_a_byte_that_is_not_utf8_is_shown_as_backslash_x() -> None:
    assert escape_path(os.fsdecode(BAD)) == SHOWN
    assert escape_path(os.fsdecode(b"caf\xe9.yaml")) == "caf\\xe9.yaml"


def test_a_backslash_that_would_read_as_an_escape_is_doubled() -> None:
    # so that a file really named `bad\xff.yaml` is told apart from bad<0xff>.yaml
    assert escape_path("bad\\xff.yaml") == "bad\\\\xff.yaml"
    assert escape_path("a\\\\b") == "a\\\\\\b"
    assert escape_path("end\\") == "end\\"


@given(st.binary(max_size=40))
def test_any_file_name_round_trips_and_is_valid_utf8(raw: bytes) -> None:
    name = os.fsdecode(raw.replace(b"\0", b""))
    shown = escape_path(name)
    shown.encode("utf-8")  # never raises: no lone surrogate is left
    assert unescape_path(shown) == name


@given(st.text(alphabet=st.sampled_from("\\xuab0f\udcff\ud800é"), max_size=30))
def test_any_text_round_trips(name: str) -> None:
    shown = escape_path(name)
    shown.encode("utf-8")
    assert unescape_path(shown) == name


# --- through every command and format -----------------------------------------------------


@pytest.fixture
def bad_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A copy of an example whose name is not UTF-8, in the working directory."""
    monkeypatch.chdir(tmp_path)
    with open(os.path.join(os.fsencode(tmp_path), BAD), "wb") as handle:
        handle.write(EXAMPLE.read_bytes())
    return os.fsdecode(BAD)


def _utf8(data: bytes) -> str:
    return data.decode("utf-8")  # strict: raises on any invalid byte


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_validate_names_the_file_in_valid_utf8(bad_plan: str, fmt: str) -> None:
    result = runner.invoke(app, ["validate", bad_plan, "-f", fmt, *AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 0, result.output
    out = _utf8(result.stdout_bytes)
    if fmt == "json":
        assert json.loads(out)["files"][0]["path"] == SHOWN
    elif fmt == "sarif":
        location = json.loads(out)["runs"][0]["results"][0]["locations"][0]
        assert location["physicalLocation"]["artifactLocation"]["uri"] == "bad%FF%FE.yaml"
    elif fmt == "junit":
        assert ET.fromstring(out).find("testsuite").get("name") == SHOWN  # type: ignore[union-attr]
    else:
        assert SHOWN in out


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "junit", "github"])
def test_validate_writes_report_files_in_valid_utf8(bad_plan: str, fmt: str) -> None:
    result = runner.invoke(app, ["validate", bad_plan, "-f", fmt, "-o", "out", *AS_OF])
    assert result.exit_code == 0, result.output
    out = _utf8(Path("out").read_bytes())
    if fmt == "json":
        assert json.loads(out)["files"][0]["path"] == SHOWN
    elif fmt == "sarif":
        assert '"uri": "bad%FF%FE.yaml"' in out and json.loads(out)
    else:
        assert SHOWN in out


def test_a_sarif_uri_outside_the_working_directory_keeps_the_bytes(
    bad_plan: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    path = os.path.join(str(tmp_path), bad_plan)
    result = runner.invoke(app, ["validate", path, "-f", "sarif", *AS_OF])
    assert result.exit_code == 0, result.output
    sarif = json.loads(_utf8(result.stdout_bytes))
    uri = sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == Path(path).as_uri()
    assert uri["uri"].endswith("/bad%FF%FE.yaml")


def test_stdin_filename_that_is_not_utf8(tmp_path: Path) -> None:
    name = os.fsdecode(b"from-\xff.yaml")
    result = runner.invoke(
        app,
        ["validate", "-", "--stdin-filename", name, "-f", "json", *AS_OF],
        input=EXAMPLE.read_bytes(),
    )
    assert result.exit_code == 0, result.output
    assert json.loads(_utf8(result.stdout_bytes))["files"][0]["path"] == "from-\\xff.yaml"


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json", "html"])
def test_checklist_names_the_file_in_valid_utf8(bad_plan: str, fmt: str) -> None:
    result = runner.invoke(app, ["checklist", bad_plan, "-f", fmt, *AS_OF])
    assert result.exit_code == 0, result.output
    out = _utf8(result.stdout_bytes)
    if fmt == "json":
        assert json.loads(out)["path"] == SHOWN
    elif fmt == "csv":
        list(csv.reader(io.StringIO(out)))
    else:
        assert "bad" in out and "xff" in out


@pytest.mark.parametrize("fmt", ["markdown", "json", "html"])
def test_report_names_the_file_in_valid_utf8(bad_plan: str, fmt: str) -> None:
    result = runner.invoke(app, ["report", bad_plan, "-f", fmt, *AS_OF])
    assert result.exit_code == 0, result.output
    out = _utf8(result.stdout_bytes)
    if fmt == "json":
        assert json.loads(out)["path"] == SHOWN
    else:
        assert "xff" in out


@pytest.mark.parametrize("fmt", ["markdown", "json", "html", "csv"])
def test_rollup_names_the_file_in_valid_utf8(bad_plan: str, fmt: str) -> None:
    result = runner.invoke(app, ["report", ".", "--rollup", "-f", fmt, *AS_OF])
    assert result.exit_code == 0, result.output
    out = _utf8(result.stdout_bytes)
    assert "xff" in out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_of_files_whose_names_are_not_utf8(bad_plan: str, fmt: str) -> None:
    broken = os.fsdecode(b"broken-\xff.yaml")
    Path(broken).write_bytes(b"stp_plan: [\n")
    ok = runner.invoke(app, ["diff", bad_plan, bad_plan, "-f", fmt, *AS_OF])
    assert ok.exit_code == 0, ok.output
    _utf8(ok.stdout_bytes)
    failed = runner.invoke(app, ["diff", broken, bad_plan, "-f", fmt, *AS_OF])
    assert failed.exit_code == 1
    assert "broken-\\xff.yaml" in failed.stderr


def test_a_folder_that_cannot_be_searched_is_named_in_valid_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.files import inputs

    monkeypatch.chdir(tmp_path)
    folder = os.fsdecode(b"plans-\xff")
    os.mkdir(folder)
    real_find = inputs.find

    def find_with_unreadable(
        paths: list[str],
        exclude: list[str] = [],  # noqa: B006
        follow_symlinks: bool = False,
    ) -> inputs.Inputs:
        found = real_find(paths, exclude, follow_symlinks)
        found.unreadable[folder] = "Permission denied"
        return found

    monkeypatch.setattr(inputs, "find", find_with_unreadable)
    Path("plan.yaml").write_bytes(EXAMPLE.read_bytes())
    result = runner.invoke(app, ["validate", "plan.yaml", "-f", "json", *AS_OF])
    assert result.exit_code == 1, result.output
    files = json.loads(_utf8(result.stdout_bytes))["files"]
    assert [f["path"] for f in files] == ["plan.yaml", "plans-\\xff"]
    assert "plans-\\xff" in files[1]["findings"][0]["message"]


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_the_real_program_prints_valid_utf8_on_stdout(bad_plan: str, fmt: str) -> None:
    """A real process, as a shell runs it (the C.UTF-8 locale lets Python write
    undecodable bytes back out raw, which is how invalid UTF-8 reached stdout)."""
    done = subprocess.run(
        [sys.executable, "-m", "stpctl", "validate", bad_plan, "-f", fmt, *AS_OF],
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8", "NO_COLOR": "1"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    out = _utf8(done.stdout)
    if fmt == "json":
        assert json.loads(out)["files"][0]["path"] == SHOWN
    else:
        assert SHOWN in out


def test_a_usage_error_names_the_file_in_valid_utf8(tmp_path: Path) -> None:
    missing = os.path.join(str(tmp_path), os.fsdecode(b"missing-\xff.yaml"))
    result = runner.invoke(app, ["validate", missing])
    assert result.exit_code == 2
    assert "missing-\\xff.yaml: no such file" in _utf8(result.stderr_bytes or b"")
