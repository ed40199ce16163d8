"""Two guidance packs (issue 12, section 6): `next-steps-2017` beside the 2016
pack, chosen by name (`--guidance next-steps-2017`, or in configuration) as
well as by path; `stpctl explain` and the checklist show the pack's words;
a version 1 pack, a user's own, keeps working."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.reference.guidance import shipped_pack_names

ROOT = Path(__file__).resolve().parents[1]
DRAFT = str(ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml")
V1 = str(ROOT / "tests" / "packs" / "national-2016-v1.yaml")
runner = CliRunner(env={"GITHUB_ACTIONS": None})


def checklist_json(*args: str) -> dict[str, object]:
    result = runner.invoke(app, ["checklist", DRAFT, "--as-of", "2016-06-30", "-f", "json", *args])
    assert result.exit_code == 0, result.stderr
    document: dict[str, object] = json.loads(result.stdout)
    return document


def test_both_packs_ship() -> None:
    assert shipped_pack_names() == ("national-2016", "next-steps-2017")


def test_the_2017_pack_is_chosen_by_name() -> None:
    assert checklist_json()["guidance"] == "NHS England STP guidance, 2016"
    chosen = checklist_json("--guidance", "next-steps-2017")
    assert chosen["guidance"] == "Next Steps on the Five Year Forward View, 2017"


def test_the_2017_pack_is_chosen_by_path_too() -> None:
    path = str(ROOT / "stpctl" / "reference" / "packs" / "next-steps-2017.yaml")
    assert checklist_json("--guidance", path)["guidance"].startswith("Next Steps")  # type: ignore[union-attr]


def test_configuration_names_the_pack(tmp_path: Path) -> None:
    shutil.copy(DRAFT, tmp_path / "draft.yaml")
    (tmp_path / ".stpctl.toml").write_text('guidance = "next-steps-2017"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["checklist", str(tmp_path / "draft.yaml"), "--as-of", "2016-06-30", "-f", "json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["guidance"].startswith("Next Steps")


def test_an_unknown_name_is_a_usage_error_listing_the_shipped_packs() -> None:
    result = runner.invoke(app, ["validate", DRAFT, "--guidance", "next-steps-2018"])
    assert result.exit_code == 2
    assert "cannot read guidance pack" in result.stderr
    assert "next-steps-2018: No such file" in result.stderr
    assert "national-2016, next-steps-2017" in result.stderr
    assert result.stdout == ""


def test_the_2017_pack_judges_ae_against_its_recovery_path(tmp_path: Path) -> None:
    plan = tmp_path / "plan.yaml"
    text = (
        Path(DRAFT)
        .read_text(encoding="utf-8")
        .replace("target: 95.0, by: 2017/18", "target: 91.0, by: 2017/18")
    )
    plan.write_text(text, encoding="utf-8")
    args = ["validate", str(plan), "--as-of", "2016-06-30", "-f", "json"]
    national = json.loads(runner.invoke(app, args).stdout)["files"][0]["findings"]
    recovery = json.loads(runner.invoke(app, [*args, "--guidance", "next-steps-2017"]).stdout)
    assert any(f["rule"] == "STP602" for f in national)
    assert not any(f["rule"] == "STP602" for f in recovery["files"][0]["findings"])


def test_explain_shows_the_packs_words() -> None:
    result = runner.invoke(app, ["explain", "STP505", "--guidance", "next-steps-2017"])
    assert result.exit_code == 0, result.stderr
    assert "What Next Steps on the Five Year Forward View, 2017 says:" in result.stdout
    assert "The beds test is in force" in result.stdout
    national = runner.invoke(app, ["explain", "STP505"]).stdout
    assert "The beds test is in force" not in national


def test_explain_lists_the_packs_must_dos_and_topics() -> None:
    must = runner.invoke(app, ["explain", "STP607", "--guidance", "next-steps-2017"]).stdout
    assert "gp_extended_access (general_practice)" in must
    assert (
        "gp_extended_access"
        not in runner.invoke(app, ["explain", "STP607"]).stdout.split("says:")[-1]
    )
    topics = runner.invoke(app, ["explain", "STP111"]).stdout
    assert "prevention: smoking (smoking, smokers, tobacco)" in topics


def test_a_version_1_pack_still_works() -> None:
    assert checklist_json("--guidance", V1)["guidance"] == "NHS England STP guidance, 2016"
    result = runner.invoke(
        app, ["validate", DRAFT, "--as-of", "2016-06-30", "-f", "json", "--guidance", V1]
    )
    assert result.exit_code == 0
    rules = {f["rule"] for f in json.loads(result.stdout)["files"][0]["findings"]}
    assert "STP607" not in rules and "STP111" not in rules
    assert "STP601" in rules


@pytest.mark.parametrize("pack", ["national-2016", "next-steps-2017"])
def test_the_checklist_shows_the_packs_items(pack: str) -> None:
    document = checklist_json("--guidance", pack)
    sections = {s["key"]: s for s in document["sections"]}  # type: ignore[union-attr]
    texts = [item["text"] for item in sections["technology"]["items"]]
    assert "Every universal capability has a date" in texts
    gp = [item["text"] for item in sections["general_practice"]["items"]]
    assert ("A measure for GP extended access (`gp_extended_access`)" in gp) is (
        pack == "next-steps-2017"
    )


def test_explain_lists_the_packs_own_standard_values_with_their_source() -> None:
    page = runner.invoke(app, ["explain", "STP602", "--guidance", "next-steps-2017"]).stdout
    assert "- ae_4_hour: 90% from 2017/18 (Next Steps on the Five Year Forward View" in page
    assert "- ae_4_hour:" not in runner.invoke(app, ["explain", "STP602"]).stdout
