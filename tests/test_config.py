"""Configuration: discovery, precedence, validation with did-you-mean, waivers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from stpctl.check.config import ConfigError, find_config, load_config
from stpctl.check.rules import BY_ID
from stpctl.records.finding import Severity

KNOWN = list(BY_ID)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_found_by_walking_up_from_the_plans(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()  # up to the repository root (tests/test_config_search.py)
    config = write(tmp_path / ".stpctl.toml", 'fail-on = "warning"\n')
    plan = write(tmp_path / "plans" / "region" / "devon.yaml", "stp_plan: 1\n")
    assert find_config([str(plan)]) == config


def test_pyproject_counts_only_with_a_tool_stpctl_table(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", "[tool.other]\nx = 1\n")
    plan = write(tmp_path / "plans" / "devon.yaml", "stp_plan: 1\n")
    assert (
        find_config([str(plan)]) is None or find_config([str(plan)]) != tmp_path / "pyproject.toml"
    )
    write(tmp_path / "pyproject.toml", '[tool.stpctl]\nfail-on = "info"\n')
    assert find_config([str(plan)]) == tmp_path / "pyproject.toml"


def test_nearest_file_wins(tmp_path: Path) -> None:
    write(tmp_path / ".stpctl.toml", 'fail-on = "info"\n')
    inner = write(tmp_path / "plans" / ".stpctl.toml", 'fail-on = "warning"\n')
    plan = write(tmp_path / "plans" / "devon.yaml", "stp_plan: 1\n")
    assert find_config([str(plan)]) == inner


def test_full_configuration_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        """
[tool.stpctl]
fail-on = "warning"
guidance = "packs/2017.yaml"
placeholders = ["TBC", "awaiting input"]
max-bytes = 2000

[tool.stpctl.rules]
STP101 = "error"
stp102 = "off"

[[tool.stpctl.waivers]]
rule = "STP013"
pointer = "/footprint/*"
reason = "agreed with the region"
expires = 2016-12-31
""",
    )
    config = load_config(path, KNOWN)
    assert config.fail_on is Severity.WARNING
    assert config.guidance == (tmp_path / "packs" / "2017.yaml").resolve()
    assert config.placeholders == frozenset({"tbc", "awaiting input"})
    assert config.max_bytes == 2000
    assert config.severities == {"STP101": Severity.ERROR, "STP102": None}
    (waiver,) = config.waivers
    assert (waiver.rule, waiver.pointer, waiver.expires, waiver.source) == (
        "STP013",
        "/footprint/*",
        date(2016, 12, 31),
        str(path),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('fail_on = "warning"\n', "unknown key `fail_on`; did you mean `fail-on`?"),
        ('[rules]\nSTP1010 = "off"\n', "unknown rule 'STP1010'; did you mean STP1"),
        ('[rules]\nSTP101 = "loud"\n', "use one of off, error, warning, info"),
        ('fail-on = "fatal"\n', 'use "error", "warning" or "info"'),
        ('[[waivers]]\nrule = "STP101"\nexpires = 2017-01-01\n', "has no reason"),
        ('[[waivers]]\nrule = "STP101"\nreason = "x"\n', "has no expires"),
        (
            '[[waivers]]\nrule = "STP101"\nreason = "x"\nexpires = "soon"\n',
            "expires must be a date",
        ),
        (
            '[[waivers]]\nrule = "STP101"\nreason = "x"\nexpires = 2017-01-01\npointr = "/"\n',
            "did you mean `pointer`?",
        ),
        ("fail-on = \n", "not valid TOML"),
    ],
)
def test_bad_configuration_says_what_to_fix(tmp_path: Path, text: str, expected: str) -> None:
    path = write(tmp_path / ".stpctl.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, KNOWN)
    assert expected in str(raised.value)
    assert str(path) in str(raised.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[rules]\nSTP002 = "off"\n',
            "STP002 reports a file stpctl cannot read as a plan; it cannot be switched off",
        ),
        ('[rules]\nstp001 = "off"\n', "STP001 reports a file stpctl cannot read;"),
        ('[rules]\nSTP003 = "warning"\n', "it cannot be graded warning, it is always an error"),
        ('[rules]\nSTP004 = "info"\n', "it cannot be graded info"),
        ('[rules]\nSTP005 = "OFF"\n', "it cannot be switched off"),
        (
            '[[waivers]]\nrule = "STP002"\nreason = "x"\nexpires = 2017-01-01\n',
            "waiver 1: STP002 reports a file stpctl cannot read as a plan; it cannot be waived",
        ),
    ],
)
def test_load_rules_cannot_be_switched_off_regraded_or_waived(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = write(tmp_path / ".stpctl.toml", text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, KNOWN)
    assert expected in str(raised.value)
    assert str(path) in str(raised.value)


def test_a_load_rule_may_be_named_as_an_error(tmp_path: Path) -> None:
    # saying what is already so changes nothing, and is not worth refusing
    path = write(tmp_path / ".stpctl.toml", '[rules]\nSTP002 = "error"\n')
    assert load_config(path, KNOWN).severities == {"STP002": Severity.ERROR}


# --- through the command line -------------------------------------------------------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def plans_with_config(tmp_path: Path, config: str) -> Path:
    import shutil

    (tmp_path / ".git").mkdir()  # the repository root: the search for configuration stops here
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(EXAMPLES / "herefordshire-and-worcestershire-draft.yaml", plans / "draft.yaml")
    (tmp_path / ".stpctl.toml").write_text(config, encoding="utf-8")
    return plans / "draft.yaml"


def cli(*args: str) -> tuple[int, str, str]:
    from typer.testing import CliRunner

    from stpctl.cli import app

    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_command_line_wins_over_the_file(tmp_path: Path) -> None:
    plan = str(plans_with_config(tmp_path, 'fail-on = "warning"\n'))
    assert cli("validate", plan, "--as-of", "2016-06-30")[0] == 1  # the file says warning
    assert cli("validate", plan, "--as-of", "2016-06-30", "--fail-on", "error")[0] == 0


def test_rules_switched_off_and_regraded_in_the_file(tmp_path: Path) -> None:
    import json

    plan = str(plans_with_config(tmp_path, '[rules]\nSTP601 = "off"\nSTP302 = "error"\n'))
    code, stdout, _ = cli("validate", plan, "--as-of", "2016-06-30", "-f", "json")
    findings = json.loads(stdout)["files"][0]["findings"]
    assert not any(f["rule"] == "STP601" for f in findings)
    assert {f["severity"] for f in findings if f["rule"] == "STP302"} == {"error"}
    assert code == 1


def test_waivers_in_the_file_are_counted_in_the_summary(tmp_path: Path) -> None:
    import json

    config = (
        '[[waivers]]\nrule = "STP601"\npointer = "/footprint/digital_roadmap/*"\n'
        'reason = "roadmap footprint agreed with NHS Digital"\nexpires = 2016-12-31\n'
    )
    plan = str(plans_with_config(tmp_path, config))
    _, stdout, _ = cli("validate", plan, "--as-of", "2016-06-30", "-f", "json")
    document = json.loads(stdout)
    assert document["summary"]["waived"] == 2
    assert not any(f["rule"] == "STP601" for f in document["files"][0]["findings"])
    _, later, _ = cli("validate", plan, "--as-of", "2017-01-15", "-f", "json")
    findings = json.loads(later)["files"][0]["findings"]
    rules = [f["rule"] for f in findings]
    assert rules.count("STP601") == 2 and rules.count("STP007") == 1  # one per waiver
    (expired,) = [f for f in findings if f["rule"] == "STP007"]
    first = next(f for f in findings if f["rule"] == "STP601")
    assert (expired["line"], expired["pointer"]) == (first["line"], first["pointer"])
    assert str(tmp_path / ".stpctl.toml") in expired["message"]
    assert "roadmap footprint agreed with NHS Digital" in expired["message"]
    assert "expired on 2016-12-31" in expired["message"]


def test_a_bad_file_is_a_usage_error_with_a_suggestion(tmp_path: Path) -> None:
    plan = str(plans_with_config(tmp_path, 'fail_on = "warning"\n'))
    code, stdout, stderr = cli("validate", plan)
    assert code == 2
    assert stdout == ""
    assert "did you mean `fail-on`?" in stderr


def test_an_explicit_config_that_does_not_exist_is_a_usage_error(tmp_path: Path) -> None:
    plan = str(plans_with_config(tmp_path, ""))
    code, _, stderr = cli("validate", plan, "--config", str(tmp_path / "missing.toml"))
    assert code == 2
    assert "no such file" in stderr


def test_an_unreadable_file_cannot_be_configured_to_pass(tmp_path: Path) -> None:
    plan = plans_with_config(tmp_path, '[rules]\nSTP001 = "off"\nSTP002 = "off"\n')
    plan.write_bytes(b"footprint: {name: Caf\xe9}\n")
    code, stdout, stderr = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 2
    assert stdout == ""
    assert "STP001 reports a file stpctl cannot read; it cannot be switched off" in stderr
    (tmp_path / ".stpctl.toml").write_text("", encoding="utf-8")
    code, _, _ = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 1


# --- configuration that crashed (issue 10, section 3) -------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tool = 5\n", "`tool` must be a table"),
        ('tool = "stpctl"\n', "`tool` must be a table"),
        ('tool = ["stpctl"]\n', "`tool` must be a table"),
        ("[tool]\nstpctl = 5\n", "must be a table of settings"),
        ('[tool]\nstpctl = "strict"\n', "must be a table of settings"),
    ],
)
def test_a_pyproject_whose_tool_is_not_a_table_is_a_usage_error(
    tmp_path: Path, text: str, expected: str
) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / "pyproject.toml", text)
    plan = write(tmp_path / "plan.yaml", (EXAMPLES / "north-east-london.yaml").read_text("utf-8"))
    code, stdout, stderr = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 2, stderr
    assert stdout == ""
    assert expected in stderr and str(tmp_path / "pyproject.toml") in stderr
    assert "bug" not in stderr
    # and named with --config, the same
    code, _, stderr = cli("validate", str(plan), "--config", str(tmp_path / "pyproject.toml"))
    assert code == 2 and expected in stderr


@pytest.mark.parametrize(
    "text",
    [
        "a = " + "[" * 5000 + "]" * 5000 + "\n",
        "a = " + "{b = " * 3000 + "1" + "}" * 3000 + "\n",
        "[tool.stpctl]\nplaceholders = " + "[" * 100_000 + "\n",
    ],
)
@pytest.mark.parametrize("name", [".stpctl.toml", "pyproject.toml"])
def test_deeply_nested_toml_is_a_usage_error(tmp_path: Path, text: str, name: str) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path / name, text)
    plan = write(tmp_path / "plan.yaml", (EXAMPLES / "north-east-london.yaml").read_text("utf-8"))
    code, _, stderr = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 2, stderr
    assert "nested too deeply" in stderr and str(tmp_path / name) in stderr
    assert "bug" not in stderr


@pytest.mark.parametrize("value", [str(2**63), str(2**63 - 1), "100000000000", "104857601"])
def test_max_bytes_over_the_ceiling_is_a_usage_error(tmp_path: Path, value: str) -> None:
    plan = plans_with_config(tmp_path, f"max-bytes = {value}\n")
    code, stdout, stderr = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 2, stderr
    assert stdout == ""
    assert "max-bytes" in stderr and "104,857,600" in stderr
    assert "bug" not in stderr
    (tmp_path / ".stpctl.toml").write_text("", encoding="utf-8")
    for command in (["validate", str(plan)], ["validate", "-"]):
        code, _, stderr = cli(*command, "--max-bytes", value, "--as-of", "2016-06-30")
        assert code == 2, stderr
        assert "--max-bytes" in stderr and "104,857,600" in stderr
        assert "bug" not in stderr


@pytest.mark.parametrize("value", ["1e11", "1.5e3", "-1", "0"])
def test_max_bytes_that_is_not_a_whole_number_above_0_is_a_usage_error(
    tmp_path: Path, value: str
) -> None:
    plan = plans_with_config(tmp_path, f"max-bytes = {value}\n")
    code, _, stderr = cli("validate", str(plan), "--as-of", "2016-06-30")
    assert code == 2 and "max-bytes must be a whole number" in stderr
    (tmp_path / ".stpctl.toml").write_text("", encoding="utf-8")
    code, _, stderr = cli("validate", str(plan), "--max-bytes", value)
    assert code == 2 and "bug" not in stderr


def test_max_bytes_at_the_ceiling_is_accepted(tmp_path: Path) -> None:
    plan = plans_with_config(tmp_path, "max-bytes = 104857600\n")
    assert cli("validate", str(plan), "--as-of", "2016-06-30")[0] == 0
    code, _, stderr = cli("validate", str(plan), "--max-bytes", "104857600")
    assert code == 0, stderr
