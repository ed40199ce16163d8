"""Output files (issue 10, sections 3 and 4): where an output cannot be written
is a usage error, not a bug; a device, a FIFO or /dev/stdout is written to,
never replaced; no file the run reads can be overwritten, standard input,
the guidance pack and the configuration included; and a run stopped by
SIGTERM or SIGHUP while writing leaves the old file and no temporary file.

Tests that name a real device (/dev/null, /dev/full, /dev/stdout) run with a
guard that makes any rename over a path in /dev or /proc fail, so a
regression can never replace the machine's own devices (the suite may run
as root).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.reference import resources

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "north-east-london.yaml"
AS_OF = ["--as-of", "2016-06-30"]
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX devices and signals")

# What each command needs besides its output option, given a plan path.
COMMANDS: dict[str, Callable[[str], list[str]]] = {
    "validate": lambda plan: ["validate", plan, "-f", "json", *AS_OF],
    "report": lambda plan: ["report", plan, "-f", "json", *AS_OF],
    "checklist": lambda plan: ["checklist", plan, "-f", "json", *AS_OF],
    "diff": lambda plan: ["diff", plan, plan, "-f", "json", *AS_OF],
}


@pytest.fixture
def plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan in a folder of its own, which is also the working directory."""
    monkeypatch.chdir(tmp_path)
    copy = tmp_path / "plan.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    return copy


@pytest.fixture
def no_device_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any attempt to rename over a path in /dev or /proc (see the module doc)."""
    real_replace = os.replace

    def guarded(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if os.path.abspath(os.fsdecode(dst)).startswith(("/dev/", "/proc/")):
            raise AssertionError(f"stpctl tried to replace {dst}")
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", guarded)


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _usage_error(result: Any) -> str:
    assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
    assert "bug" not in result.stderr
    line: str = result.stderr
    assert line.startswith("stpctl: ") and line.count("\n") == 1, line
    return line


# --- section 3: where an output cannot be written -----------------------------------------


@pytest.mark.parametrize("code", [errno.EROFS, errno.EACCES])
@pytest.mark.parametrize("command", [*COMMANDS, "init"])
def test_an_unwritable_output_folder_is_a_usage_error(
    plan: Path, monkeypatch: pytest.MonkeyPatch, command: str, code: int
) -> None:
    def refuse(*args: object, **kwargs: object) -> Any:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = plan.with_name("out.json")
    args = (
        ["init", str(target)]
        if command == "init"
        else [*COMMANDS[command](str(plan)), "-o", str(target)]
    )
    line = _usage_error(runner.invoke(app, args))
    assert f"cannot write {target}: {os.strerror(code)}" in line
    assert not target.exists()


def test_a_report_into_an_unwritable_folder_is_a_usage_error(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "mkstemp", _raise(OSError(errno.EROFS, "Read-only file system")))
    result = runner.invoke(app, ["validate", str(plan), *AS_OF, "--report", "sarif:out.sarif"])
    assert "cannot write out.sarif: Read-only file system" in _usage_error(result)


def _raise(error: BaseException) -> Callable[..., Any]:
    def raise_it(*args: object, **kwargs: object) -> Any:
        raise error

    return raise_it


@posix_only
def test_a_read_only_file_system_for_real(plan: Path, tmp_path: Path) -> None:
    """A real read-only mount (in a private mount namespace), a real process."""
    unshare = shutil.which("unshare")
    if unshare is None:
        pytest.skip("no unshare(1) to make a private read-only mount")
    folder = tmp_path / "readonly"
    folder.mkdir()
    script = (
        f'mount -t tmpfs -o ro tmpfs "{folder}" || exit 99\n'
        f'"{sys.executable}" -m stpctl validate "{plan}" {" ".join(AS_OF)} -o "{folder}/out.txt"\n'
    )
    done = subprocess.run(
        [unshare, "-r", "-m", "sh", "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if done.returncode == 99 or "unshare:" in done.stderr:
        pytest.skip(f"cannot make a private mount here: {done.stderr.strip()}")
    assert done.returncode == 2, done.stderr
    assert f"cannot write {folder}/out.txt: " in done.stderr
    assert "Read-only file system" in done.stderr
    assert "bug" not in done.stderr


def test_a_long_output_name_that_the_file_system_allows_is_written(plan: Path) -> None:
    name = "r" * 250 + ".txt"  # 254 bytes: legal, though the temporary name cannot be longer
    result = runner.invoke(app, [*COMMANDS["validate"](str(plan)), "-o", name])
    assert result.exit_code == 0, result.output
    assert json.loads(Path(name).read_text(encoding="utf-8"))["summary"]["files"] == 1
    assert _leftovers(plan.parent) == []


@pytest.mark.parametrize("name", ["r" * 300 + ".txt", "é" * 250 + ".txt"])
@pytest.mark.parametrize("command", [*COMMANDS, "init"])
def test_an_output_name_too_long_for_the_file_system_is_a_usage_error(
    plan: Path, command: str, name: str
) -> None:
    args = ["init", name] if command == "init" else [*COMMANDS[command](str(plan)), "-o", name]
    line = _usage_error(runner.invoke(app, args))
    assert f"cannot write {name}: {os.strerror(errno.ENAMETOOLONG)}" in line
    assert _leftovers(plan.parent) == []


def test_a_report_name_too_long_is_a_usage_error(plan: Path) -> None:
    name = "r" * 300 + ".sarif"
    result = runner.invoke(app, ["validate", str(plan), *AS_OF, "--report", f"sarif:{name}"])
    assert f"cannot write {name}: " in _usage_error(result)


# --- section 4: devices, FIFOs and /dev/stdout are written to, never replaced --------------


@posix_only
@pytest.mark.usefixtures("no_device_replaced")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_to_dev_null_leaves_dev_null_a_device(plan: Path, command: str) -> None:
    before = os.stat("/dev/null")
    assert stat.S_ISCHR(before.st_mode)
    result = runner.invoke(app, [*COMMANDS[command](str(plan)), "-o", "/dev/null"])
    assert result.exit_code == 0, (result.output, result.exception)
    after = os.stat("/dev/null")
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@posix_only
@pytest.mark.usefixtures("no_device_replaced")
def test_a_report_to_dev_null_leaves_dev_null_a_device(plan: Path) -> None:
    result = runner.invoke(app, ["validate", str(plan), *AS_OF, "--report", "sarif:/dev/null"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@posix_only
def test_a_device_node_elsewhere_is_written_to_not_replaced(plan: Path, tmp_path: Path) -> None:
    """The same as /dev/null, on a copy of the device made in tmp_path (needs root)."""
    node = tmp_path / "null"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except (PermissionError, AttributeError):
        pytest.skip("cannot make a device node here")
    result = runner.invoke(app, [*COMMANDS["validate"](str(plan)), "-o", str(node)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert stat.S_ISCHR(os.stat(node).st_mode)
    assert _leftovers(tmp_path) == []


@posix_only
@pytest.mark.usefixtures("no_device_replaced")
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_to_dev_full_is_a_write_error(plan: Path, command: str) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    result = runner.invoke(app, [*COMMANDS[command](str(plan)), "-o", "/dev/full"])
    line = _usage_error(result)
    assert f"cannot write /dev/full: {os.strerror(errno.ENOSPC)}" in line
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


@posix_only
@pytest.mark.parametrize("command", list(COMMANDS))
def test_output_to_a_fifo_is_written_into_the_fifo(
    plan: Path, tmp_path: Path, command: str
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read() -> None:
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    result = runner.invoke(app, [*COMMANDS[command](str(plan)), "-o", str(fifo)])
    assert result.exit_code == 0, (result.output, result.exception)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode), "the FIFO was replaced by a file"
    reader.join(timeout=30)
    assert received and json.loads(received[0])
    assert _leftovers(tmp_path) == []


@posix_only
@pytest.mark.usefixtures("no_device_replaced")
def test_output_to_dev_stdout_goes_to_standard_output(
    plan: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert os.path.islink("/dev/stdout") or stat.S_ISCHR(os.stat("/dev/stdout").st_mode)
    result = runner.invoke(app, [*COMMANDS["validate"](str(plan)), "-o", "/dev/stdout"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert json.loads(capfd.readouterr().out)["summary"]["files"] == 1


# A real process whose os.replace refuses to rename over /dev or /proc, so a
# regression fails the test instead of replacing the machine's /dev/stdout.
GUARDED_MAIN = """
import os, sys
real_replace = os.replace
def guarded(src, dst, *args, **kwargs):
    if os.path.abspath(os.fsdecode(dst)).startswith(("/dev/", "/proc/")):
        raise SystemExit(f"test guard: stpctl tried to replace {dst}")
    return real_replace(src, dst, *args, **kwargs)
os.replace = guarded
from stpctl.cli import main
sys.argv = ["stpctl", *sys.argv[1:]]
main()
"""


@posix_only
def test_dev_stdout_appended_to_a_file_keeps_what_the_file_held(plan: Path, tmp_path: Path) -> None:
    log = tmp_path / "log.txt"
    log.write_bytes(b"earlier lines\n")
    with open(log, "ab") as stdout:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                GUARDED_MAIN,
                *COMMANDS["validate"](str(plan)),
                "-o",
                "/dev/stdout",
            ],
            stdout=stdout,
            stderr=subprocess.PIPE,
            timeout=120,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    written = log.read_bytes()
    assert written.startswith(b"earlier lines\n")
    assert json.loads(written[len(b"earlier lines\n") :])["summary"]["files"] == 1


@posix_only
def test_output_through_a_symlink_writes_the_file_and_keeps_the_link(
    plan: Path, tmp_path: Path
) -> None:
    real = tmp_path / "shared" / "report.json"
    real.parent.mkdir()
    real.write_text("{}", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    result = runner.invoke(app, [*COMMANDS["validate"](str(plan)), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["summary"]["files"] == 1
    assert _leftovers(tmp_path) == [] and _leftovers(real.parent) == []


# --- section 4: no file the run reads can be overwritten ----------------------------------


def _run_with_stdin(args: list[str], stdin_from: Path) -> subprocess.CompletedProcess[str]:
    with open(stdin_from, "rb") as stdin:
        return subprocess.run(
            [sys.executable, "-m", "stpctl", *args],
            stdin=stdin,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )


@posix_only
@pytest.mark.parametrize(
    "args",
    [
        ["validate", "-", "-o", "plan.yaml"],
        ["validate", "-", "--report", "json:plan.yaml"],
        ["validate", "-", "-o", "link.yaml"],
        ["report", "-", "-o", "plan.yaml"],
        ["diff", "-", "new.yaml", "-o", "plan.yaml"],
        ["diff", "new.yaml", "-", "-o", "hard.yaml"],
    ],
)
def test_a_plan_read_from_stdin_cannot_be_overwritten(plan: Path, args: list[str]) -> None:
    before = plan.read_bytes()
    shutil.copy(plan, plan.with_name("new.yaml"))
    plan.with_name("link.yaml").symlink_to(plan)
    os.link(plan, plan.with_name("hard.yaml"))
    done = _run_with_stdin([*args, *AS_OF], plan)
    assert done.returncode == 2, done.stderr
    assert "standard input" in done.stderr
    assert "bug" not in done.stderr
    assert plan.read_bytes() == before


@posix_only
def test_stdin_from_another_file_does_not_block_the_output(plan: Path) -> None:
    done = _run_with_stdin(["validate", "-", "-f", "json", "-o", "out.json", *AS_OF], plan)
    assert done.returncode == 0, done.stderr
    assert json.loads(plan.with_name("out.json").read_text(encoding="utf-8"))


@pytest.fixture
def pack(plan: Path) -> Path:
    copy = plan.with_name("pack.yaml")
    copy.write_bytes(resources.guidance_path().read_bytes())
    return copy


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_guidance_pack_cannot_be_overwritten(plan: Path, pack: Path, command: str) -> None:
    before = pack.read_bytes()
    args = [*COMMANDS[command](str(plan)), "--guidance", str(pack), "-o", str(pack)]
    assert "guidance pack" in _usage_error(runner.invoke(app, args))
    assert pack.read_bytes() == before


def test_the_guidance_pack_cannot_be_overwritten_by_a_report(plan: Path, pack: Path) -> None:
    args = ["validate", str(plan), *AS_OF, "--guidance", str(pack), "--report", f"json:{pack}"]
    assert "guidance pack" in _usage_error(runner.invoke(app, args))


@pytest.fixture
def configured(plan: Path, pack: Path) -> Path:
    """A repository whose configuration names the copied guidance pack."""
    (plan.parent / ".git").mkdir()
    config = plan.with_name(".stpctl.toml")
    config.write_text('guidance = "pack.yaml"\n', encoding="utf-8")
    return config


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("target", [".stpctl.toml", "pack.yaml"])
def test_the_configuration_and_its_guidance_pack_cannot_be_overwritten(
    plan: Path, configured: Path, command: str, target: str
) -> None:
    before = plan.with_name(target).read_bytes()
    line = _usage_error(runner.invoke(app, [*COMMANDS[command](str(plan)), "-o", target]))
    assert ("configuration" if target == ".stpctl.toml" else "guidance pack") in line
    assert plan.with_name(target).read_bytes() == before
    # the next run still works
    assert runner.invoke(app, COMMANDS[command](str(plan))).exit_code == 0


def test_a_configuration_named_with_config_cannot_be_overwritten(plan: Path) -> None:
    config = plan.with_name("settings.toml")
    config.write_text('fail-on = "error"\n', encoding="utf-8")
    args = [*COMMANDS["validate"](str(plan)), "--config", str(config), "-o", str(config)]
    assert "configuration" in _usage_error(runner.invoke(app, args))
    assert config.read_text(encoding="utf-8") == 'fail-on = "error"\n'


@pytest.mark.usefixtures("no_device_replaced")
def test_the_national_pack_shipped_with_stpctl_cannot_be_overwritten(
    plan: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shipped = resources.guidance_path()
    before = shipped.read_bytes()
    real_replace = os.replace

    def guarded(src: Any, dst: Any) -> None:  # a regression must not harm the checkout
        if Path(os.fsdecode(dst)).resolve() == shipped.resolve():
            raise AssertionError("stpctl tried to replace its own guidance pack")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", guarded)
    result = runner.invoke(app, [*COMMANDS["validate"](str(plan)), "-o", str(shipped)])
    assert "guidance pack" in _usage_error(result)
    assert shipped.read_bytes() == before


# --- section 4: SIGTERM and SIGHUP while writing ------------------------------------------

# Runs stpctl with fsync slowed down: the temporary file is written and the
# rename not yet done when the test sends its signal.
SLOW_WRITER = """
import os, sys, time
def slow_fsync(fd):
    sys.stderr.write("writing\\n")
    sys.stderr.flush()
    time.sleep(60)
os.fsync = slow_fsync
from stpctl.cli import main
sys.argv = ["stpctl", *sys.argv[1:]]
main()
"""


@pytest.fixture
def many_plans(tmp_path: Path) -> Path:
    """Enough plans for a JSON output of some megabytes."""
    folder = tmp_path / "plans"
    folder.mkdir()
    for index in range(40):
        shutil.copy(
            ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml",
            folder / f"p{index}.yaml",
        )
    return folder


@posix_only
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_while_writing_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, many_plans: Path, signum: signal.Signals
) -> None:
    target = tmp_path / "report.json"
    target.write_bytes(b"the old report")
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            SLOW_WRITER,
            "validate",
            str(many_plans),
            "-f",
            "json",
            "-j",
            "1",
            "-o",
            str(target),
            *AS_OF,
        ],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stderr is not None
        assert process.stderr.readline() == "writing\n"
        assert _leftovers(tmp_path), "the temporary file should exist while writing"
        process.send_signal(signum)
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signum
    assert process.stderr.read().strip().startswith("stpctl: ")
    assert target.read_bytes() == b"the old report"
    assert _leftovers(tmp_path) == []


@posix_only
def test_signal_handlers_are_restored_after_writing(tmp_path: Path) -> None:
    from stpctl.files.output_file import write_atomic

    before = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGHUP)}
    write_atomic(tmp_path / "out.txt", b"x")
    assert {signum: signal.getsignal(signum) for signum in before} == before
