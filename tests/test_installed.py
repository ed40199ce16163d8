"""stpctl as a user gets it: the installed entry point, and a wheel installed
into a fresh virtual environment and run outside the checkout.

The wheel test works offline: the new environment gets stpctl from the wheel
and nothing else; its runtime dependencies (typer, rich, PyYAML, jsonschema)
are borrowed from the environment running the tests through a ``.pth`` file,
which Python appends after the new environment's own site-packages, so the
wheel's stpctl is the one imported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "north-west-london.yaml"
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"


def run(args: list[str | Path], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "GITHUB_ACTIONS"}
    env["NO_COLOR"] = "1"
    return subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_installed_entry_point_runs(tmp_path: Path) -> None:
    stpctl = shutil.which("stpctl", path=str(Path(sys.executable).parent))
    if stpctl is None:
        pytest.skip("stpctl is not installed next to this Python (pip install -e .)")
    done = run([stpctl, "validate", EXAMPLE, "--as-of", "2016-06-30"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "North West London (E54000027)" in done.stdout
    assert "1 file checked: 0 errors" in done.stdout
    assert done.stderr == ""

    draft = run(
        [stpctl, "validate", DRAFT, "--as-of", "2016-06-30", "--fail-on", "warning"],
        cwd=tmp_path,
    )
    assert draft.returncode == 1
    assert "Traceback" not in draft.stderr


@pytest.fixture(scope="module")
def fresh_venv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    wheels = work / "dist"
    built = run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            wheels,
            ROOT,
        ],
        cwd=work,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = wheels.glob("stpctl-*.whl")

    venv = work / "venv"
    made = run([sys.executable, "-m", "venv", venv], cwd=work, timeout=300)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", wheel], cwd=work, timeout=300
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr

    site = run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work
    )
    borrowed = sysconfig.get_paths()["purelib"]
    (Path(site.stdout.strip()) / "borrowed-dependencies.pth").write_text(borrowed + "\n")
    return venv


def test_wheel_imports_its_own_stpctl(fresh_venv: Path, tmp_path: Path) -> None:
    done = run(
        [fresh_venv / "bin" / "python", "-c", "import stpctl; print(stpctl.__file__)"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()).is_relative_to(fresh_venv)


def test_wheel_validates_a_plan_outside_the_checkout(fresh_venv: Path, tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    shutil.copyfile(EXAMPLE, plan)
    stpctl = fresh_venv / "bin" / "stpctl"
    done = run(
        [stpctl, "validate", "plan.yaml", "--as-of", "2016-06-30", "--format", "json"], tmp_path
    )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["summary"]["error"] == 0
    # the guidance pack came with the wheel: all ten questions have a status
    assert set(document["files"][0]["questions"].values()) == {"answered"}

    broken = run([stpctl, "validate", "plan.yaml", "--as-of", "2016-06-31"], tmp_path)
    assert broken.returncode == 2
    assert "Traceback" not in broken.stderr


def test_wheel_carries_the_schema(fresh_venv: Path, tmp_path: Path) -> None:
    done = run([fresh_venv / "bin" / "stpctl", "schema"], tmp_path)
    assert done.returncode == 0, done.stderr
    shipped = json.loads(done.stdout)
    assert shipped == json.loads((ROOT / "schemas" / "stp-plan-1.schema.json").read_text("utf-8"))


def test_wheel_init_writes_a_skeleton(fresh_venv: Path, tmp_path: Path) -> None:
    stpctl = fresh_venv / "bin" / "stpctl"
    made = run([stpctl, "init", "new.yaml", "--footprint", "E54000019"], tmp_path)
    assert made.returncode == 0, made.stderr
    checked = run([stpctl, "validate", "new.yaml", "--as-of", "2016-06-30"], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
