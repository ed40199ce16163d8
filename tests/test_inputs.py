"""Which files a run checks: recursion, order, excludes, stdin, and paths
that are missing or cannot be read."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from stpctl.cli import app
from stpctl.files import inputs
from stpctl.files.inputs import InputError, expand, find
from stpctl.reference.skeleton import skeleton

runner = CliRunner()
PLAN = skeleton(None, "plan.yaml")


def write(path: Path, text: str = PLAN) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A plan repository, and the working directory set to it."""
    for name in (
        "plans/b.yaml",
        "plans/a.yml",
        "plans/region/c.yaml",
        "plans/region/drafts/d.yaml",
        "plans/notes.txt",
        "plans/.hidden.yaml",
        "plans/.github/workflows/ci.yml",
        "plans/archive/old.yaml",
    ):
        write(tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def json_run(*args: str, **kwargs: Any) -> tuple[int, dict[str, Any]]:
    result = runner.invoke(app, ["validate", "--format", "json", *args], **kwargs)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_directories_are_searched_recursively_for_yaml_in_sorted_order(tree: Path) -> None:
    assert expand(["plans"]) == [
        "plans/a.yml",
        "plans/archive/old.yaml",
        "plans/b.yaml",
        "plans/region/c.yaml",
        "plans/region/drafts/d.yaml",
    ]


def test_hidden_files_and_folders_are_not_searched(tree: Path) -> None:
    found = expand(["plans"])
    assert not any("/." in path for path in found)


def test_order_is_sorted_whatever_the_argument_order_and_stdin_first(tree: Path) -> None:
    given = ["plans/region/c.yaml", "plans/b.yaml", "-", "plans/a.yml"]
    assert expand(given) == ["-", "plans/a.yml", "plans/b.yaml", "plans/region/c.yaml"]


def test_the_same_file_named_twice_is_checked_once(tree: Path) -> None:
    assert expand(["plans/b.yaml", "./plans/b.yaml", "plans/region/../b.yaml"]) == ["plans/b.yaml"]
    assert expand(["plans/region", "plans/region/c.yaml"]).count("plans/region/c.yaml") == 1


def test_a_file_given_by_name_is_checked_whatever_its_suffix(tree: Path) -> None:
    assert expand(["plans/notes.txt"]) == ["plans/notes.txt"]


@pytest.mark.parametrize(
    ("pattern", "left_out"),
    [
        ("drafts", {"plans/region/drafts/d.yaml"}),
        ("archive", {"plans/archive/old.yaml"}),
        ("*.yml", {"plans/a.yml"}),
        ("region/drafts/*", {"plans/region/drafts/d.yaml"}),
        ("plans/region", {"plans/region/c.yaml", "plans/region/drafts/d.yaml"}),
        ("plans/region/", {"plans/region/c.yaml", "plans/region/drafts/d.yaml"}),
        ("./plans/archive/*", {"plans/archive/old.yaml"}),
        ("*/region/*", {"plans/region/c.yaml", "plans/region/drafts/d.yaml"}),
    ],
)
def test_excludes(tree: Path, pattern: str, left_out: set[str]) -> None:
    everything = set(expand(["plans"]))
    assert set(expand(["plans"], [pattern])) == everything - left_out


def test_exclude_by_absolute_path(tree: Path) -> None:
    pattern = str(tree / "plans" / "archive") + "/*"
    assert "plans/archive/old.yaml" not in expand(["plans"], [pattern])


def test_exclude_applies_to_files_given_by_name(tree: Path) -> None:
    # pre-commit passes each file by name: --exclude drafts must still hold.
    given = ["plans/b.yaml", "plans/region/drafts/d.yaml"]
    assert expand(given, ["drafts"]) == ["plans/b.yaml"]


def test_exclude_does_not_match_folders_above_an_absolute_path(tmp_path: Path) -> None:
    # tmp_path is /tmp/pytest-of-USER/pytest-N/...: a name pattern must not see those.
    plan = write(tmp_path / "plans" / "a.yaml")
    assert expand([str(plan)], ["pytest*"]) == [str(plan)]
    assert expand([str(tmp_path / "plans")], ["pytest*"]) == [str(plan)]


def test_a_missing_path_is_an_input_error(tree: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.yaml: no such file or directory"):
        expand(["plans/b.yaml", "nope.yaml"])


def test_a_missing_path_among_others_is_reported_and_the_others_checked(tree: Path) -> None:
    # Issue 14: one missing path must not hide the results of the others;
    # the run still ends with exit 2, after the results.
    result = runner.invoke(
        app, ["validate", "plans/b.yaml", "nope.yaml", "plans/a.yml", "--format", "json"]
    )
    assert result.exit_code == 2
    assert "nope.yaml: no such file or directory" in result.stderr
    assert "the other paths were checked" in result.stderr
    report = json.loads(result.stdout)
    assert [f["path"] for f in report["files"]] == ["plans/a.yml", "plans/b.yaml"]


def test_a_missing_path_among_others_exits_2_even_with_findings(tree: Path) -> None:
    write(tree / "plans" / "broken.yaml", "stp_plan: 1\nfootprint: [\n")
    result = runner.invoke(app, ["validate", "plans/broken.yaml", "nope.yaml"])
    assert result.exit_code == 2
    assert "plans/broken.yaml:" in result.stdout and "STP002" in result.stdout
    assert result.stderr.strip().endswith("the other paths were checked")


def test_only_missing_paths_exit_2_before_checking_anything(tree: Path) -> None:
    result = runner.invoke(app, ["validate", "nope.yaml", "gone/"])
    assert result.exit_code == 2
    assert "nope.yaml: no such file or directory" in result.stderr
    assert result.stdout == ""


def test_a_quoted_glob_is_expanded(tree: Path) -> None:
    # What a Windows shell passes: the pattern itself, unexpanded.
    assert expand(["plans/*.yaml"]) == ["plans/b.yaml"]
    assert expand(["plans/**/*.yaml"]) == [
        "plans/archive/old.yaml",
        "plans/b.yaml",
        "plans/region/c.yaml",
        "plans/region/drafts/d.yaml",
    ]
    assert expand(["plans/?.y*ml"]) == ["plans/a.yml", "plans/b.yaml"]
    _, report = json_run("plans/region/*", "--as-of", "2016-05-01")
    paths = [f["path"] for f in report["files"]]
    assert paths == ["plans/region/c.yaml", "plans/region/drafts/d.yaml"]


def test_a_glob_that_matches_nothing_is_a_missing_path(tree: Path) -> None:
    found = find(["plans/*.json", "plans/b.yaml"])
    assert found.missing == ["plans/*.json"]
    with pytest.raises(InputError, match=r"plans/\*\.json: no such file or directory"):
        expand(["plans/*.json"])


def test_a_glob_honours_exclude(tree: Path) -> None:
    assert expand(["plans/**/*.yaml"], ["drafts"]) == [
        "plans/archive/old.yaml",
        "plans/b.yaml",
        "plans/region/c.yaml",
    ]


def test_plan_suffixes_in_any_case_are_found_in_directories(tree: Path) -> None:
    for name in ("UPPER.YAML", "Mixed.Yml", "shout.YML", "notes.YAMLX"):
        write(tree / "cased" / name)
    assert expand(["cased"]) == ["cased/Mixed.Yml", "cased/UPPER.YAML", "cased/shout.YML"]


def test_a_folder_without_plans_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "empty" / "readme.txt", "hello")
    result = runner.invoke(app, ["validate", str(tmp_path / "empty")])
    assert result.exit_code == 2
    assert "no *.yaml or *.yml files found" in result.stderr


def test_stdin_with_a_name_for_reports(tmp_path: Path) -> None:
    code, report = json_run("-", "--stdin-filename", "plans/devon.yaml", input=PLAN)
    assert code == 0
    [checked] = report["files"]
    assert checked["path"] == "plans/devon.yaml"
    assert checked["questions"]["prevention"] == "unanswered"


def test_stdin_alongside_files(tree: Path) -> None:
    _, report = json_run("plans/b.yaml", "-", input="stp_plan: [\n")
    assert [f["path"] for f in report["files"]] == ["<stdin>", "plans/b.yaml"]
    assert report["files"][0]["findings"][0]["rule"] == "STP002"
    assert report["files"][1]["questions"] is not None


def test_stdin_over_the_size_limit_is_a_finding(tmp_path: Path) -> None:
    code, report = json_run("-", "--max-bytes", "100", input=PLAN)
    assert code == 1
    [finding] = report["files"][0]["findings"]
    assert finding["rule"] == "STP001"
    assert "100-byte limit" in finding["message"]


def test_good_and_broken_files_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "plans" / "a-good.yaml")
    write(tmp_path / "plans" / "b-syntax.yaml", "stp_plan: 1\nfootprint: [\n")
    (tmp_path / "plans" / "c-latin1.yaml").write_bytes(b"stp_plan: 1\nname: Caf\xe9\n")
    os.symlink(tmp_path / "gone.yaml", tmp_path / "plans" / "d-dangling.yaml")
    write(tmp_path / "plans" / "e-list.yaml", "- a\n- b\n")
    write(tmp_path / "plans" / "f-good.yml")
    code, report = json_run("plans")
    assert code == 1
    rules = {f["path"]: [x["rule"] for x in f["findings"]] for f in report["files"]}
    assert list(rules) == [
        "plans/a-good.yaml",
        "plans/b-syntax.yaml",
        "plans/c-latin1.yaml",
        "plans/d-dangling.yaml",
        "plans/e-list.yaml",
        "plans/f-good.yml",
    ]
    assert rules["plans/b-syntax.yaml"] == ["STP002"]
    assert rules["plans/c-latin1.yaml"] == ["STP001"]
    assert rules["plans/d-dangling.yaml"] == ["STP001"]
    assert rules["plans/e-list.yaml"] == ["STP003"]
    # The broken files hide nothing: both good plans were checked in full.
    for good in ("plans/a-good.yaml", "plans/f-good.yml"):
        checked = next(f for f in report["files"] if f["path"] == good)
        assert len(checked["questions"]) == 10
        assert "STP101" in rules[good]


def _walk_with_a_locked_folder(real: Any) -> Any:
    def walk(top: str, onerror: Any = None, **kwargs: Any) -> Iterator[Any]:
        for folder, dirs, files in real(top, onerror=onerror, **kwargs):
            if os.path.basename(folder) == "locked":
                onerror(PermissionError(13, "Permission denied", folder))
                dirs[:] = []
                continue
            yield folder, dirs, files

    return walk


def test_an_unreadable_folder_is_a_finding_and_the_rest_is_checked(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tree / "plans" / "locked" / "secret.yaml")
    # Running as root, chmod cannot make a folder unreadable; simulate os.walk's error.
    monkeypatch.setattr(inputs.os, "walk", _walk_with_a_locked_folder(os.walk))
    found = find(["plans"])
    assert found.unreadable == {"plans/locked": "Permission denied"}
    assert "plans/locked/secret.yaml" not in found.files
    code, report = json_run("plans")
    assert code == 1
    paths = [f["path"] for f in report["files"]]
    assert (
        paths.index("plans/b.yaml")
        < paths.index("plans/locked")
        < paths.index("plans/region/c.yaml")
    )
    locked = report["files"][paths.index("plans/locked")]
    assert locked["findings"][0]["rule"] == "STP001"
    assert "cannot be searched (Permission denied)" in locked["findings"][0]["message"]
    assert len(paths) == 6


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file, so chmod 000 proves nothing")
def test_an_unreadable_file_is_a_finding(tmp_path: Path) -> None:
    locked = write(tmp_path / "locked.yaml")
    locked.chmod(0)
    try:
        code, report = json_run(str(locked), str(write(tmp_path / "ok.yaml")))
    finally:
        locked.chmod(0o644)
    assert code == 1
    assert report["files"][0]["findings"][0]["rule"] == "STP001"
    assert report["files"][1]["questions"] is not None
