"""Every file stpctl reads is bounded (issue 10, §5): a guidance pack, a
configuration file or a baseline that is a device, a FIFO or far too large is a usage
error (exit 2) before anything is read, and a plan on standard input is read
only up to the size limit, whichever command reads it.

The cases that once hung or ate memory run as real processes with a timeout
and a cap on their address space, so a regression fails the test instead of
the machine.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.files.reading import SETTINGS_FILE_MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
DRAFT = str(ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml")
OTHER = str(ROOT / "examples" / "herefordshire-and-worcestershire.yaml")
AS_OF = ["--as-of", "2016-06-30"]
runner = CliRunner()
# A guard for the machine while the test runs: far above what stpctl needs.
ADDRESS_SPACE = 2 * 1024 * 1024 * 1024

COMMANDS = {
    "validate": ["validate", DRAFT],
    "checklist": ["checklist", DRAFT],
    "report": ["report", DRAFT],
    "diff": ["diff", DRAFT, OTHER],
}


def stpctl(
    args: list[str], stdin: str | None = None, cwd: Path = ROOT, timeout: float = 60
) -> subprocess.CompletedProcess[bytes]:
    """Run stpctl as a process with a bounded address space and a timeout."""

    def guard() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    with open(stdin or os.devnull, "rb") as given:
        return subprocess.run(
            [sys.executable, "-m", "stpctl", *args],
            stdin=given,
            capture_output=True,
            cwd=cwd,
            timeout=timeout,
            preexec_fn=guard,
            check=False,
        )


def one_line_usage_error(done: subprocess.CompletedProcess[bytes]) -> str:
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "Traceback" not in stderr
    assert stderr.startswith("stpctl: ") and stderr.count("\n") == 1, stderr
    return stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_device_as_the_guidance_pack_is_a_usage_error(command: str) -> None:
    done = stpctl([*COMMANDS[command], *AS_OF, "--guidance", "/dev/zero"])
    said = one_line_usage_error(done)
    assert "/dev/zero" in said and "not a regular file" in said


def test_a_fifo_as_the_guidance_pack_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)
    done = stpctl(["validate", DRAFT, *AS_OF, "--guidance", str(fifo)], timeout=30)
    said = one_line_usage_error(done)
    assert "not a regular file" in said


def test_a_guidance_pack_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    with open(pack, "wb") as handle:  # sparse: large without writing the bytes
        handle.truncate(SETTINGS_FILE_MAX_BYTES + 1)
    outcome = runner.invoke(app, ["validate", DRAFT, *AS_OF, "--guidance", str(pack)])
    assert outcome.exit_code == 2
    assert f"over the {SETTINGS_FILE_MAX_BYTES:,}-byte limit" in outcome.stderr
    assert "guidance pack" in outcome.stderr


def test_a_configuration_found_by_walking_up_that_names_a_device_is_a_usage_error(
    tmp_path: Path,
) -> None:
    (tmp_path / "plans").mkdir()
    (tmp_path / ".git").mkdir()  # the walk up stops at the repository root (main's 6b35b12)
    (tmp_path / ".stpctl.toml").write_text('guidance = "/dev/zero"\n', encoding="utf-8")
    plan = tmp_path / "plans" / "plan.yaml"
    plan.write_bytes(Path(DRAFT).read_bytes())
    done = stpctl(["validate", str(plan), *AS_OF], cwd=tmp_path)
    said = one_line_usage_error(done)
    assert "/dev/zero" in said and "not a regular file" in said


def test_a_configuration_file_over_the_limit_is_a_usage_error(tmp_path: Path) -> None:
    config = tmp_path / ".stpctl.toml"
    config.write_text("# " + "x" * SETTINGS_FILE_MAX_BYTES + "\n", encoding="utf-8")
    outcome = runner.invoke(app, ["validate", DRAFT, *AS_OF, "--config", str(config)])
    assert outcome.exit_code == 2
    assert f"over the {SETTINGS_FILE_MAX_BYTES:,}-byte limit" in outcome.stderr


def test_a_configuration_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pyproject.toml"
    os.mkfifo(fifo)
    code = (  # in a process of its own: opening a FIFO would wait for ever
        "from stpctl.check.config import ConfigError, load_config\n"
        "try:\n"
        f"    load_config(__import__('pathlib').Path({str(fifo)!r}), [])\n"
        "except ConfigError as err:\n"
        "    print(err)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "not a regular file" in done.stdout


def test_a_device_as_the_baseline_is_a_usage_error() -> None:
    # The baseline (issue 14) is a file the run reads, too: bounded like the others.
    done = stpctl(["validate", DRAFT, *AS_OF, "--baseline", "/dev/zero"])
    said = one_line_usage_error(done)
    assert "/dev/zero" in said and "not a regular file" in said


def test_a_fifo_as_the_baseline_is_refused_without_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "baseline.json"
    os.mkfifo(fifo)
    done = stpctl(["validate", DRAFT, *AS_OF, "--baseline", str(fifo)], timeout=30)
    said = one_line_usage_error(done)
    assert "not a regular file" in said


def test_a_baseline_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from stpctl.check.baseline import MAX_BYTES

    big = tmp_path / "baseline.json"
    with open(big, "wb") as handle:  # sparse: large without writing the bytes
        handle.truncate(MAX_BYTES + 1)
    outcome = runner.invoke(app, ["validate", DRAFT, *AS_OF, "--baseline", str(big)])
    assert outcome.exit_code == 2
    assert f"over the {MAX_BYTES:,}-byte limit for a baseline" in outcome.stderr


@pytest.mark.parametrize(
    "args",
    [["validate", "-"], ["report", "-"], ["diff", "-", DRAFT], ["diff", DRAFT, "-"]],
    ids=["validate", "report", "diff-old", "diff-new"],
)
def test_standard_input_is_read_only_up_to_the_limit(args: list[str]) -> None:
    # /dev/zero never ends: a command that reads all of standard input first
    # runs out of its address space (or time) instead of reporting the limit.
    done = stpctl([*args, *AS_OF, "--format", "json"], stdin="/dev/zero", timeout=60)
    stderr = done.stderr.decode()
    assert done.returncode == 1, stderr
    assert "Traceback" not in stderr and "MemoryError" not in stderr
    said = done.stdout.decode() + stderr
    assert "-byte limit" in said
