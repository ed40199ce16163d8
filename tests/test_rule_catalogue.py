"""The rule catalogue: every rule documented and tested; docs/rules.md current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.check.rules import BY_ID, CATALOGUE
from stpctl.cli import app
from stpctl.render.rule_catalogue import as_markdown

ROOT = Path(__file__).resolve().parents[1]
TESTS = Path(__file__).resolve().parent
runner = CliRunner()


def test_ids_are_stable_in_form_and_unique() -> None:
    ids = [rule.id for rule in CATALOGUE]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"STP[0-9]{3}", rule_id) for rule_id in ids)
    assert all(re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", rule.name) for rule in CATALOGUE)


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.id)
def test_every_rule_has_a_page_with_examples(rule: object) -> None:
    assert rule.summary and not rule.summary.endswith((",", " a", " the"))  # type: ignore[attr-defined]
    assert "Failing" in rule.doc and "Passing" in rule.doc  # type: ignore[attr-defined]


@pytest.mark.parametrize("rule", CATALOGUE, ids=lambda r: r.id)
def test_every_rule_is_exercised_by_a_test(rule: object) -> None:
    rule_id = rule.id  # type: ignore[attr-defined]
    sources = [
        path
        for path in TESTS.rglob("*")
        if path.suffix in (".py", ".json") and path.name != "test_rule_catalogue.py"
    ]
    assert any(rule_id in path.read_text(encoding="utf-8") for path in sources), (
        f"no test mentions {rule_id}"
    )


def test_docs_rules_md_is_generated_from_the_registry() -> None:
    written = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == as_markdown(CATALOGUE), (
        "docs/rules.md is stale: run `stpctl rules --format markdown > docs/rules.md`"
    )


def test_rules_command_lists_the_catalogue_as_json() -> None:
    result = runner.invoke(app, ["rules", "--format", "json"])
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert [item["id"] for item in listed] == list(BY_ID)
    assert {"id", "name", "severity", "summary", "doc"} <= set(listed[0])


def test_rules_table_names_every_rule() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    assert all(rule_id in result.stdout for rule_id in BY_ID)


def test_explain_prints_the_page_by_id_or_name() -> None:
    by_id = runner.invoke(app, ["explain", "stp402"])
    by_name = runner.invoke(app, ["explain", "finance-bridge"])
    assert by_id.exit_code == by_name.exit_code == 0
    assert by_id.stdout == by_name.stdout
    assert by_id.stdout.startswith("STP402 finance-bridge")
    assert BY_ID["STP402"].doc in by_id.stdout


def test_explain_an_unknown_rule_is_a_usage_error_with_a_suggestion() -> None:
    result = runner.invoke(app, ["explain", "STP40"])
    assert result.exit_code == 2
    assert "did you mean" in result.stderr
    assert result.stdout == ""
