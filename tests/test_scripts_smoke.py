"""Smoke runs of the scripts outside the package that import its modules
(``benchmarks/``, ``scripts/fuzz``), so a moved module cannot break them
silently.  They run tiny workloads: speed is measured by the scripts, never here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_benchmark_modules_import_and_measure_a_tiny_corpus(tmp_path: Path) -> None:
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / "benchmarks")!r})
sys.argv = ["bench.py"]
import bench
from corpus import write_corpus
paths = write_corpus(__import__("pathlib").Path({str(tmp_path)!r}) / "c", 3, 4000)
assert len(paths) == 3
seconds = bench.in_process(paths[0].read_bytes(), 1)
assert seconds > 0
print("ok", len(paths))
"""
    done = run(["-c", code])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["ok", "3"]


def test_benchmark_command_line_parses() -> None:
    done = run([str(ROOT / "benchmarks" / "bench.py"), "--help"])
    assert done.returncode == 0, done.stderr
    assert "--check-jsonschema" in done.stdout


def test_benchmark_smoke_run_prints_the_table_of_ratios() -> None:
    """``bench.py --smoke`` runs every measurement on a tiny corpus, without
    check-jsonschema, and prints the one table (its figures are not checked)."""
    stpctl = Path(sys.executable).parent / "stpctl"
    command = [str(ROOT / "benchmarks" / "bench.py"), "--smoke"]
    if stpctl.exists():
        command += ["--stpctl", str(stpctl)]
    done = run(command)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("measure"))
    assert header.split() == ["measure", "stpctl", "reference", "ratio", "target", "met"]
    for kind in ("valid", "invalid", "drafts"):
        for output in ("text", "json"):
            assert any(line.startswith(f"corpus {kind}, {output}") for line in lines), kind
    assert any("one schema error" in line for line in lines)
    assert any("--jobs 1" in line for line in lines)
    assert any(line.startswith("scaling") for line in lines)
    assert any("cache" in line for line in lines)


def test_fuzz_script_runs_a_few_cases(tmp_path: Path) -> None:
    crashes = tmp_path / "crashes"
    done = run(
        [
            str(ROOT / "scripts" / "fuzz"),
            "--cases",
            "40",
            "--seed",
            "3",
            "--jobs",
            "1",
            "--crashes",
            str(crashes),
        ]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert not crashes.exists() or not any(crashes.iterdir())


def test_fuzz_script_replays_any_plan_through_every_command() -> None:
    done = run(
        [
            str(ROOT / "scripts" / "fuzz"),
            "--replay",
            str(ROOT / "examples" / "north-east-london.yaml"),
        ]
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "handled by every command and renderer" in done.stdout
