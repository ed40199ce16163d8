"""Shared configuration (issue 14, section 3): ``extends``, the merge rules
written down in docs/configuration.md (one test each), waivers for some plan
files only, loops, and every file of the chain recorded in the settings."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.config import ConfigError, load_config
from stpctl.check.rules import BY_ID
from stpctl.cli import app, options
from stpctl.records.finding import Severity

KNOWN = list(BY_ID)
ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
AS_OF = ["--as-of", "2016-06-30"]
runner = CliRunner(env={"GITHUB_ACTIONS": None, "GITHUB_STEP_SUMMARY": None, "NO_COLOR": "1"})


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A region's repository: its shared configuration at the root, two
    footprints each with its own .stpctl.toml and the draft plan."""
    (tmp_path / ".git").mkdir()
    for footprint in ("devon", "cornwall"):
        (tmp_path / footprint).mkdir()
        shutil.copy(DRAFT, tmp_path / footprint / "plan.yaml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def validate(*args: str) -> tuple[int, dict[str, object], str]:
    result = runner.invoke(app, ["validate", "--format", "json", *AS_OF, *args])
    document = json.loads(result.stdout) if result.stdout.startswith("{") else {}
    return result.exit_code, document, result.stderr


# --- the merge rules --------------------------------------------------------------------


def test_a_key_in_the_extending_file_wins(region: Path) -> None:
    write(region / "region.toml", 'fail-on = "warning"\nmax-bytes = 5000000\n')
    local = write(
        region / "devon" / ".stpctl.toml", 'extends = "../region.toml"\nfail-on = "error"\n'
    )
    config = load_config(local, KNOWN)
    assert config.fail_on is Severity.ERROR  # the extending file's own value
    assert config.max_bytes == 5_000_000  # the region's, where the file says nothing


def test_later_files_in_an_extends_list_win(region: Path) -> None:
    write(region / "a.toml", 'fail-on = "info"\nmax-bytes = 1000\n')
    write(region / "b.toml", 'fail-on = "warning"\n')
    local = write(region / ".stpctl.toml", 'extends = ["a.toml", "b.toml"]\n')
    config = load_config(local, KNOWN)
    assert config.fail_on is Severity.WARNING
    assert config.max_bytes == 1000


def test_rule_severities_merge_per_rule(region: Path) -> None:
    write(region / "region.toml", '[rules]\nSTP603 = "off"\nSTP601 = "info"\n')
    local = write(
        region / "devon" / ".stpctl.toml",
        'extends = "../region.toml"\n[rules]\nSTP601 = "error"\n',
    )
    assert load_config(local, KNOWN).severities == {"STP603": None, "STP601": Severity.ERROR}


def test_placeholders_merge_per_word(region: Path) -> None:
    write(region / "region.toml", 'placeholders = ["tbc", "awaiting workstream input"]\n')
    local = write(
        region / "devon" / ".stpctl.toml",
        'extends = "../region.toml"\nplaceholders = ["TBC", "see PCBC"]\n',
    )
    config = load_config(local, KNOWN)
    assert config.placeholders == frozenset({"tbc", "awaiting workstream input", "see pcbc"})


def test_waivers_add_up_and_keep_their_source(region: Path) -> None:
    region_file = write(
        region / "region.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "LDR agreed"\nexpires = 2016-12-31\n',
    )
    local = write(
        region / "devon" / ".stpctl.toml",
        'extends = "../region.toml"\n'
        '[[waivers]]\nrule = "STP302"\nreason = "new date agreed"\nexpires = 2016-09-30\n',
    )
    waivers = load_config(local, KNOWN).waivers
    assert [(w.rule, w.source) for w in waivers] == [
        ("STP601", str(region_file)),
        ("STP302", str(local)),
    ]


def test_guidance_stays_relative_to_the_file_that_names_it(region: Path) -> None:
    write(region / "region.toml", 'guidance = "packs/2017.yaml"\n')
    local = write(region / "devon" / ".stpctl.toml", 'extends = "../region.toml"\n')
    assert load_config(local, KNOWN).guidance == (region / "packs" / "2017.yaml").resolve()


def test_extends_is_relative_to_the_file_that_declares_it(region: Path) -> None:
    write(region / "shared" / "base.toml", 'fail-on = "info"\n')
    write(region / "shared" / "region.toml", 'extends = "base.toml"\n')
    local = write(region / "devon" / ".stpctl.toml", 'extends = "../shared/region.toml"\n')
    config = load_config(local, KNOWN)
    assert config.fail_on is Severity.INFO
    assert config.files == (
        local,
        region / "shared" / "region.toml",
        region / "shared" / "base.toml",
    )


def test_a_pyproject_may_extend_and_be_extended(region: Path) -> None:
    write(region / "pyproject.toml", '[tool.stpctl]\nfail-on = "warning"\n')
    local = write(
        region / "devon" / "pyproject.toml",
        '[project]\nname = "devon"\n[tool.stpctl]\nextends = "../pyproject.toml"\n',
    )
    assert load_config(local, KNOWN).fail_on is Severity.WARNING


def test_an_extended_pyproject_with_an_empty_table_is_accepted(region: Path) -> None:
    write(region / "pyproject.toml", '[project]\nname = "x"\n[tool.stpctl]\n')
    local = write(region / ".stpctl.toml", 'extends = "pyproject.toml"\nfail-on = "info"\n')
    assert load_config(local, KNOWN).fail_on is Severity.INFO


def test_a_file_extended_twice_counts_once(region: Path) -> None:
    write(
        region / "base.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "agreed"\nexpires = 2016-12-31\n',
    )
    write(region / "a.toml", 'extends = "base.toml"\n')
    write(region / "b.toml", 'extends = "base.toml"\n')
    local = write(region / ".stpctl.toml", 'extends = ["a.toml", "b.toml"]\n')
    config = load_config(local, KNOWN)  # a diamond, not a loop
    assert len(config.waivers) == 1
    assert [p.name for p in config.files] == [".stpctl.toml", "a.toml", "base.toml", "b.toml"]


# --- what is refused ----------------------------------------------------------------------


def test_a_loop_is_a_clear_usage_error(region: Path) -> None:
    write(region / "a.toml", 'extends = "b.toml"\n')
    write(region / "b.toml", 'extends = "a.toml"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(region / "a.toml", KNOWN)
    message = str(raised.value)
    assert "extend each other in a loop" in message
    assert f"{region / 'a.toml'} → {region / 'b.toml'} → {region / 'a.toml'}" in message
    shutil.copy(DRAFT, region / "plan.yaml")
    code, _, stderr = validate("plan.yaml", "--config", "a.toml")
    assert code == 2 and "loop" in stderr and "bug" not in stderr


def test_a_file_that_extends_itself_is_a_loop(region: Path) -> None:
    write(region / ".stpctl.toml", 'extends = ".stpctl.toml"\n')
    with pytest.raises(ConfigError, match="loop"):
        load_config(region / ".stpctl.toml", KNOWN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('extends = "missing.toml"\n', "extends missing.toml, which does not exist"),
        ("extends = 5\n", "extends must be a path or a list of paths"),
        ('extends = ["a.toml", 5]\n', "extends must be a path or a list of paths"),
        ('extends = ""\n', "extends must be a path or a list of paths"),
        ('extends = "plans"\n', "extends plans, which is not a file"),
        ('extends = "pyproject.toml"\n', "has no [tool.stpctl] table"),
    ],
)
def test_bad_extends_says_what_to_fix(region: Path, text: str, expected: str) -> None:
    (region / "plans").mkdir()
    write(region / "pyproject.toml", '[project]\nname = "x"\n')
    local = write(region / ".stpctl.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(local, KNOWN)
    assert expected in str(raised.value)
    assert str(local) in str(raised.value)


def test_a_mistake_in_an_extended_file_names_that_file(region: Path) -> None:
    shared = write(region / "region.toml", 'fail_on = "warning"\n')
    local = write(region / "devon" / ".stpctl.toml", 'extends = "../region.toml"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(local, KNOWN)
    assert str(shared) in str(raised.value) and "did you mean `fail-on`?" in str(raised.value)


# --- waivers for some plan files only ---------------------------------------------------


def test_a_waiver_may_name_the_plan_files_it_covers(region: Path) -> None:
    write(
        region / "region.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "Devon LDR agreed"\nexpires = 2016-12-31\n'
        'paths = ["devon/*.yaml"]\n',
    )
    for footprint in ("devon", "cornwall"):
        write(region / footprint / ".stpctl.toml", 'extends = "../region.toml"\n')
    _, devon, _ = validate("devon/plan.yaml")
    _, cornwall, _ = validate("cornwall/plan.yaml")
    rules = {
        name: [f["rule"] for f in doc["files"][0]["findings"]]  # type: ignore[index]
        for name, doc in (("devon", devon), ("cornwall", cornwall))
    }
    assert "STP601" not in rules["devon"] and devon["summary"]["waived"] == 2  # type: ignore[index]
    assert rules["cornwall"].count("STP601") == 2
    assert cornwall["summary"]["waived"] == 0  # type: ignore[index]


def test_waiver_paths_are_relative_to_the_file_that_declares_them(region: Path) -> None:
    # The same glob, declared in devon/.stpctl.toml, is relative to devon/.
    write(
        region / "devon" / ".stpctl.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "agreed"\nexpires = 2016-12-31\n'
        'paths = ["devon/*.yaml"]\n',
    )
    _, document, _ = validate("devon/plan.yaml")
    assert document["summary"]["waived"] == 0  # type: ignore[index]
    write(
        region / "devon" / ".stpctl.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "agreed"\nexpires = 2016-12-31\npaths = "*.yaml"\n',
    )
    _, document, _ = validate("devon/plan.yaml")
    assert document["summary"]["waived"] == 2  # type: ignore[index]


@pytest.mark.parametrize("value", ["[]", "5", '["devon/*.yaml", 5]', '[""]'])
def test_bad_waiver_paths_are_usage_errors(region: Path, value: str) -> None:
    local = write(
        region / ".stpctl.toml",
        f'[[waivers]]\nrule = "STP601"\nreason = "x"\nexpires = 2016-12-31\npaths = {value}\n',
    )
    with pytest.raises(ConfigError, match="paths must be a glob or a list of globs"):
        load_config(local, KNOWN)


def test_a_waiver_without_paths_covers_every_plan(region: Path) -> None:
    local = write(
        region / ".stpctl.toml",
        '[[waivers]]\nrule = "STP601"\nreason = "x"\nexpires = 2016-12-31\n',
    )
    (waiver,) = load_config(local, KNOWN).waivers
    assert waiver.covers(str(region / "cornwall" / "plan.yaml"))
    assert waiver.expires == date(2016, 12, 31)


# --- every file of the chain is in the settings -----------------------------------------


def test_settings_record_every_configuration_file(region: Path) -> None:
    write(region / "shared" / "region.toml", 'fail-on = "warning"\n')
    local = write(region / "devon" / ".stpctl.toml", 'extends = "../shared/region.toml"\n')
    settings, threshold = options.resolve_settings(
        ["devon/plan.yaml"], "2016-06-30", None, None, None, None
    )
    assert threshold is Severity.WARNING
    assert settings.configuration == local
    assert settings.configuration_files == (local, region / "shared" / "region.toml")


def test_no_output_may_overwrite_an_extended_file(region: Path) -> None:
    shared = write(region / "region.toml", 'fail-on = "warning"\n')
    write(region / "devon" / ".stpctl.toml", 'extends = "../region.toml"\n')
    before = shared.read_bytes()
    code, _, stderr = validate("devon/plan.yaml", "--report", f"json:{shared}")
    assert code == 2
    assert "configuration file this run reads" in stderr
    assert shared.read_bytes() == before
