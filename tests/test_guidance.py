"""Guidance packs: the national pack loads; a user's pack can be swapped in
with --guidance (or configuration); a broken pack is a usage error."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.reference.guidance import QUESTION_KEYS, GuidanceError, default_pack, load_pack
from stpctl.reference.resources import guidance_path

ROOT = Path(__file__).resolve().parents[1]
DRAFT = str(ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml")
runner = CliRunner()


def custom_pack(tmp_path: Path, edit: tuple[str, str] | None = None) -> Path:
    text = guidance_path().read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text
        text = text.replace(*edit)
    path = tmp_path / "pack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_national_pack_has_the_ten_questions_in_order() -> None:
    pack = default_pack()
    assert tuple(q.key for q in pack.questions) == QUESTION_KEYS
    assert pack.question("prevention").question.startswith("How are you going to prevent")
    assert "tbc" in pack.placeholders
    assert [key for key, _ in pack.triple_aim] == [
        "health_and_wellbeing",
        "care_and_quality",
        "finance_and_efficiency",
    ]


def test_a_swapped_pack_changes_the_wording_the_checklist_shows(tmp_path: Path) -> None:
    pack = custom_pack(
        tmp_path,
        ("question: How will you improve quality and safety?",
         "question: How will you make care safer, 2017 edition?"),
    )  # fmt: skip
    result = runner.invoke(
        app, ["checklist", DRAFT, "--as-of", "2016-06-30", "--guidance", str(pack)]
    )
    assert result.exit_code == 0, result.stderr
    assert "How will you make care safer, 2017 edition?" in result.stdout
    assert "How will you improve quality and safety?" not in result.stdout


def test_a_swapped_pack_changes_what_counts_as_a_placeholder(tmp_path: Path) -> None:
    # The draft answers quality_and_safety with "TBC"; a pack without "tbc"
    # as a placeholder no longer calls it unanswered.
    pack = custom_pack(tmp_path, ("  - tbc\n", ""))
    args = ["validate", DRAFT, "--as-of", "2016-06-30", "-f", "json"]
    national = json.loads(runner.invoke(app, args).stdout)
    swapped = json.loads(runner.invoke(app, [*args, "--guidance", str(pack)]).stdout)
    assert national["files"][0]["questions"]["quality_and_safety"] == "unanswered"
    assert swapped["files"][0]["questions"]["quality_and_safety"] == "partial"


def test_a_pack_missing_a_question_is_refused(tmp_path: Path) -> None:
    pack = custom_pack(
        tmp_path,
        ("  - key: workforce\n", "  - key: prevention\n"),
    )
    with pytest.raises(GuidanceError, match="missing: workforce"):
        load_pack(pack)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("guidance_pack: 2", "guidance_pack: 3"), "guidance_pack must be 1 or 2"),
        (("    title: Prevention\n", "    title: Prevention\n    colour: red\n"), "colour"),
        (("placeholders:", "placeholders: [oops\nx:"), "YAML syntax error"),
    ],
)
def test_a_broken_pack_is_a_usage_error_naming_the_place(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    pack = custom_pack(tmp_path, edit)
    result = runner.invoke(app, ["validate", DRAFT, "--guidance", str(pack)])
    assert result.exit_code == 2
    assert str(pack) in result.stderr
    assert expected in result.stderr
    assert result.stdout == ""


def test_a_missing_pack_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["validate", DRAFT, "--guidance", str(tmp_path / "none.yaml")])
    assert result.exit_code == 2
    assert "cannot read guidance pack" in result.stderr


def test_configuration_can_name_the_pack(tmp_path: Path) -> None:
    pack = custom_pack(tmp_path, ("  - tbc\n", ""))
    assert pack.name == "pack.yaml"  # the name the configuration below refers to
    plans = tmp_path / "plans"
    plans.mkdir()
    shutil.copy(DRAFT, plans / "draft.yaml")
    (tmp_path / ".git").mkdir()  # the repository root, up to which configuration is searched
    (tmp_path / ".stpctl.toml").write_text('guidance = "pack.yaml"\n', encoding="utf-8")
    result = runner.invoke(
        app, ["validate", str(plans / "draft.yaml"), "--as-of", "2016-06-30", "-f", "json"]
    )
    assert json.loads(result.stdout)["files"][0]["questions"]["quality_and_safety"] == "partial"
