"""The result cache of ``stpctl validate`` (issue 15): a re-run on unchanged
plans takes each result from the cache, and gives the very same output;
anything a result depends on changes the key; a broken or foreign entry is
ignored; a folder that cannot be written means no cache, and no message."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cache import fingerprint
from stpctl.cache.location import default_folder
from stpctl.cache.store import ResultCache
from stpctl.check import checker
from stpctl.check.checker import Settings
from stpctl.check.config import Waiver
from stpctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
AS_OF = ["--as-of", "2016-06-30"]
PLANS = sorted(
    [*ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/cases/*/*.yaml")],
)
SETTINGS = Settings(as_of=date(2016, 6, 30))


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The paths stpctl really checks (a cache hit checks nothing)."""
    seen: list[str] = []
    real = checker.analyse_bytes

    def counting(raw: bytes, path: str, settings: Settings) -> checker.PlanAnalysis:
        seen.append(path)
        return real(raw, path, settings)

    monkeypatch.setattr(checker, "analyse_bytes", counting)
    from stpctl.cache import store

    monkeypatch.setattr(store, "analyse_bytes", counting)
    yield seen


def validate(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["validate", *args])
    return result.exit_code, result.stdout


def test_a_second_run_takes_every_result_from_the_cache(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    first = validate("examples", *AS_OF, "--cache-dir", str(cache))
    assert len(counted) == 4
    second = validate("examples", *AS_OF, "--cache-dir", str(cache))
    assert len(counted) == 4  # nothing checked again
    assert second == first


@pytest.mark.parametrize("output", ["text", "json", "sarif", "junit", "github", "gitlab"])
def test_output_is_byte_identical_with_and_without_the_cache(tmp_path: Path, output: str) -> None:
    folder = tmp_path / "plans"
    folder.mkdir()
    for index, plan in enumerate(PLANS):
        (folder / f"{index:03d}-{plan.name}").write_bytes(plan.read_bytes())
    cache = ["--cache-dir", str(tmp_path / "cache")]
    common = [str(folder), *AS_OF, "-f", output, "--jobs", "1"]
    fresh = validate(*common, "--no-cache")
    filling = validate(*common, *cache)
    cached = validate(*common, *cache)
    assert fresh == filling == cached
    assert fresh[1]


def test_the_default_folder_follows_the_platform(tmp_path: Path) -> None:
    home = tmp_path
    assert default_folder({}, "linux", home) == home / ".cache" / "stpctl"
    assert default_folder({"XDG_CACHE_HOME": "/x"}, "linux", home) == Path("/x/stpctl")
    assert default_folder({"XDG_CACHE_HOME": "rel"}, "linux", home) == home / ".cache" / "stpctl"
    assert default_folder({}, "darwin", home) == home / "Library" / "Caches" / "stpctl"
    windows = default_folder({"LOCALAPPDATA": "C:/Users/a/AppData/Local"}, "win32", home)
    assert windows == Path("C:/Users/a/AppData/Local/stpctl/Cache")
    assert default_folder({"STPCTL_CACHE_DIR": "/moved"}, "linux", home) == Path("/moved")


def test_the_environment_variable_moves_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STPCTL_CACHE_DIR", str(tmp_path / "moved"))
    validate("examples/north-west-london.yaml", *AS_OF)
    assert list((tmp_path / "moved" / "entries").rglob("*.json"))
    assert (
        (tmp_path / "moved" / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (tmp_path / "moved" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    validate("examples", *AS_OF, "--cache-dir", str(tmp_path / "c"), "--no-cache")
    assert not (tmp_path / "c").exists()


def test_the_cache_is_never_in_the_plan_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STPCTL_CACHE_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    plans = tmp_path / "repo"
    plans.mkdir()
    (plans / "plan.yaml").write_bytes((ROOT / "examples" / "north-west-london.yaml").read_bytes())
    monkeypatch.chdir(plans)
    validate("plan.yaml", *AS_OF)
    assert sorted(p.name for p in plans.iterdir()) == ["plan.yaml"]
    assert list((tmp_path / "xdg" / "stpctl" / "entries").rglob("*.json"))


# -- the key -------------------------------------------------------------------------------


def _key(settings: Settings, raw: bytes = b"stp_plan: 1\n", path: str = "a.yaml") -> str:
    fingerprint.code_fingerprint.cache_clear()
    cache = ResultCache.__new__(ResultCache)
    cache.fingerprint = fingerprint.settings_fingerprint(settings)
    return cache.key(raw, path)


def test_every_ingredient_of_the_key_changes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base = _key(SETTINGS)
    assert _key(SETTINGS) == base  # the same inputs, the same key
    assert _key(SETTINGS, raw=b"stp_plan: 2\n") != base
    assert _key(SETTINGS, path="b.yaml") != base
    assert _key(replace(SETTINGS, as_of=date(2016, 7, 1))) != base
    assert _key(replace(SETTINGS, max_bytes=1000)) != base
    assert _key(replace(SETTINGS, severities={"STP302": None})) != base
    waiver = Waiver("STP302", "/questions/*", "agreed", date(2017, 1, 1), "stpctl.toml")
    assert _key(replace(SETTINGS, waivers=(waiver,))) != base
    config = tmp_path / "stpctl.toml"
    config.write_text("[rules]\n", encoding="utf-8")
    configured = replace(SETTINGS, configuration=config, configuration_files=(config,))
    with_config = _key(configured)
    assert with_config != base
    config.write_text("[rules]\n# changed\n", encoding="utf-8")
    assert _key(configured) != with_config  # the file's bytes, not only its name
    parent = tmp_path / "base.toml"
    parent.write_text("[rules]\n", encoding="utf-8")
    extended = replace(configured, configuration_files=(config, parent))
    before = _key(extended)
    parent.write_text("[rules]\n# the extended file changed\n", encoding="utf-8")
    assert _key(extended) != before
    from stpctl.check.baseline import Baseline
    from stpctl.reference.guidance import load_pack
    from stpctl.reference.resources import guidance_path

    baseline = Baseline(str(tmp_path), {"a.yaml": {("STP302", "/x", "y"): 1}})
    assert _key(replace(SETTINGS, baseline=baseline)) != base
    assert _key(replace(SETTINGS, baseline=replace(baseline, record=True))) != _key(
        replace(SETTINGS, baseline=baseline)
    )
    other_pack = sorted(guidance_path().parent.glob("*.yaml"))
    other = next(p for p in other_pack if p != guidance_path())
    assert _key(replace(SETTINGS, guidance=load_pack(other))) != base


def test_a_change_to_stpctls_own_code_changes_the_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "stpctl"
    (package / "check").mkdir(parents=True)
    module = package / "check" / "rule.py"
    module.write_text("x = 1\n", encoding="utf-8")
    monkeypatch.setattr(fingerprint, "PACKAGE", package)
    base = _key(SETTINGS)
    module.write_text("x = 22\n", encoding="utf-8")  # an editable install, the same version
    assert _key(SETTINGS) != base
    (package / "check" / "__pycache__").mkdir()
    changed = _key(SETTINGS)
    (package / "check" / "__pycache__" / "rule.cpython-311.pyc").write_bytes(b"x")
    assert _key(SETTINGS) == changed  # compiled files are not code changes


# -- entries that are not to be trusted ----------------------------------------------------


def _entries(cache: Path) -> list[Path]:
    return sorted((cache / "entries").rglob("*.json"))


@pytest.mark.parametrize(
    "damage",
    [b"", b"{", b"[]", b'{"format": 1}', b"\xff\xfe", b'{"format": 99, "key": "x"}'],
    ids=["empty", "truncated", "list", "incomplete", "not-utf8", "other-format"],
)
def test_an_entry_that_does_not_parse_is_ignored(
    tmp_path: Path, counted: list[str], damage: bytes
) -> None:
    cache = tmp_path / "cache"
    first = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    (entry,) = _entries(cache)
    entry.write_bytes(damage)
    again = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    assert again == first
    assert len(counted) == 2  # checked afresh
    assert json.loads(entry.read_bytes())["format"] == 1  # and written again


def test_an_entry_with_another_files_key_is_ignored(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    first = validate("examples/north-east-london.yaml", *AS_OF, "--cache-dir", str(cache))
    one, two = _entries(cache)
    one.write_bytes(two.read_bytes().replace(b'"questions"', b'"questions"'))
    two.write_bytes(one.read_bytes())
    validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    again = validate("examples/north-east-london.yaml", *AS_OF, "--cache-dir", str(cache))
    assert again == first


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file modes")
def test_an_entry_others_may_write_is_ignored(tmp_path: Path, counted: list[str]) -> None:
    cache = tmp_path / "cache"
    first = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    (entry,) = _entries(cache)
    data = json.loads(entry.read_bytes())
    data["findings"] = []  # what someone else's entry could claim
    entry.write_text(json.dumps(data), encoding="utf-8")
    entry.chmod(0o666)
    again = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    assert again == first
    assert len(counted) == 2


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX file owners")
def test_an_entry_of_another_owner_is_ignored(
    tmp_path: Path, counted: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    first = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    real = os.getuid()
    from stpctl.cache import store

    monkeypatch.setattr(store.os, "getuid", lambda: real + 1, raising=True)
    monkeypatch.setattr(store, "_ours_folder", lambda folder: True)
    again = validate("examples/north-west-london.yaml", *AS_OF, "--cache-dir", str(cache))
    assert again == first
    assert len(counted) == 2


def test_a_folder_that_cannot_be_written_means_no_cache_and_no_message(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "stpctl",
        "validate",
        str(ROOT / "examples" / "north-west-london.yaml"),
        *AS_OF,
        "--cache-dir",
        str(blocker / "cache"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    plain = subprocess.run([*command, "--no-cache"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout, done.stderr) == (
        plain.returncode,
        plain.stdout,
        plain.stderr,
    )
    assert done.returncode in (0, 1)


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_means_no_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o500)
    try:
        code, out = validate("examples", *AS_OF, "--cache-dir", str(cache))
        assert out and code in (0, 1)
    finally:
        cache.chmod(0o700)


def test_the_cache_is_bounded_oldest_entries_go_first(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    cache = ResultCache(cache_dir, SETTINGS)
    for plan in PLANS[:6]:
        cache.check_path(str(plan), SETTINGS)
    entries = _entries(cache_dir)
    assert len(entries) == 6
    for age, entry in enumerate(entries):
        os.utime(entry, ns=(age * 10**9, age * 10**9))
    newest = entries[-1]
    cache.trim(limit=newest.stat().st_size)
    assert _entries(cache_dir) == [newest]


def test_entries_written_by_worker_processes_are_trimmed_too(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    parent = ResultCache(cache_dir, SETTINGS)
    parent.trim(limit=0)
    worker = ResultCache(cache_dir, SETTINGS)  # as a worker process has it: its own copy
    for plan in PLANS[:3]:
        worker.check_path(str(plan), SETTINGS)
    assert parent.written == 0
    parent.trim(limit=0)
    assert _entries(cache_dir) == []


def test_deleting_the_cache_at_any_time_is_safe(tmp_path: Path) -> None:
    import shutil

    cache = tmp_path / "cache"
    first = validate("examples", *AS_OF, "--cache-dir", str(cache))
    shutil.rmtree(cache)
    assert validate("examples", *AS_OF, "--cache-dir", str(cache)) == first


# -- what the results promise --------------------------------------------------------------


def test_waivers_expire_with_as_of_through_the_cache(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    draft = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
    (plans / "plan.yaml").write_bytes(draft.read_bytes())
    (plans / "stpctl.toml").write_text(
        '[[waivers]]\nrule = "STP101"\nreason = "agreed"\nexpires = 2016-07-01\n',
        encoding="utf-8",
    )
    cache = [
        "--cache-dir",
        str(tmp_path / "cache"),
        "-f",
        "json",
        "--config",
        str(plans / "stpctl.toml"),
    ]
    before = json.loads(validate(str(plans), "--as-of", "2016-06-30", *cache)[1])
    after = json.loads(validate(str(plans), "--as-of", "2016-07-02", *cache)[1])
    assert before["summary"]["waived"] > 0
    assert after["summary"]["waived"] == 0


def test_a_baseline_counts_every_finding_through_the_cache(tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    draft = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
    (plans / "plan.yaml").write_bytes(draft.read_bytes())
    cache = ["--cache-dir", str(tmp_path / "cache"), "-f", "json", *AS_OF]
    baseline = tmp_path / "baseline.json"
    validate(str(plans), *cache, "--write-baseline", str(baseline))
    written = baseline.read_bytes()
    fresh = json.loads(validate(str(plans), *cache, "--baseline", str(baseline), "--no-cache")[1])
    for _ in range(2):  # filling the cache, then from it
        cached = json.loads(validate(str(plans), *cache, "--baseline", str(baseline))[1])
        assert cached == fresh
    assert fresh["summary"]["baselined"] > 0
    baseline.unlink()
    validate(str(plans), *cache, "--write-baseline", str(baseline))
    assert baseline.read_bytes() == written


def test_the_key_is_the_same_in_every_process() -> None:
    """Sets are ordered by string hashes, which change from process to
    process: a key built from one would never be found again."""
    code = """
import datetime
from stpctl.cache.fingerprint import settings_fingerprint
from stpctl.check.checker import Settings
from stpctl.check.baseline import Baseline
from stpctl.check.config import Waiver
waiver = Waiver("STP302", "/questions/*", "agreed", datetime.date(2017, 1, 1), "stpctl.toml")
baseline = Baseline("plans", {"a.yaml": {("STP302", "/x", "y"): 1, ("STP101", "/q", "z"): 2}})
settings = Settings(
    as_of=datetime.date(2016, 6, 30),
    severities={"STP302": None, "STP101": None, "STP111": None},
    waivers=(waiver,),
    baseline=baseline,
)
print(settings_fingerprint(settings))
"""
    keys = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        ).stdout
        for seed in (1, 2, 3)
    }
    assert len(keys) == 1


def test_no_home_folder_means_no_cache_and_no_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STPCTL_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def nowhere() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", nowhere)
    result = runner.invoke(app, ["validate", "examples/north-west-london.yaml", *AS_OF])
    assert result.exit_code == 0
    assert result.stderr == ""
    assert "1 file checked" in result.stdout


def test_a_result_json_cannot_hold_is_returned_and_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from stpctl.cache import store
    from stpctl.check.result import FileResult
    from stpctl.records.finding import Finding, Severity

    odd = FileResult("a.yaml", None, None, [Finding("STP001", Severity.ERROR, "bad \udcff")])

    def analysed(raw: bytes, path: str, settings: Settings) -> checker.PlanAnalysis:
        return checker.PlanAnalysis(odd)

    monkeypatch.setattr(store, "analyse_bytes", analysed)
    cache = ResultCache(tmp_path / "cache", SETTINGS)
    plan = ROOT / "examples" / "north-west-london.yaml"
    assert cache.check_path(str(plan), SETTINGS) is odd
    assert _entries(tmp_path / "cache") == []
