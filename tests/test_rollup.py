"""``stpctl report --rollup``: one row per footprint over many plans."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_report import AS_OF, ROOT, assert_safe_html, assert_safe_markdown, compare, invoke

from stpctl.check.checker import Settings, analyse_path
from stpctl.documents.rollup import Rollup, build
from stpctl.files.inputs import find
from stpctl.render import rollup_data, rollup_document, rollup_view

SETTINGS = Settings(as_of=date(2016, 6, 30))


def rollup_over(*paths: str | Path) -> Rollup:
    files = find([str(p) for p in paths]).files
    analyses = [analyse_path(path, SETTINGS) for path in files]
    return build(analyses, SETTINGS.as_of, SETTINGS.guidance)


def test_rollup_over_examples_is_sorted_by_code(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    assert [row.code for row in made.rows] == ["E54000019", "E54000019", "E54000027", "E54000029"]
    # Two versions of one footprint: both listed, in path order.
    assert made.rows[0].path.endswith("-draft.yaml")
    draft = made.rows[0]
    assert draft.counts == {"answered": 5, "partial": 2, "unanswered": 3, "not_applicable": 0}
    assert draft.percent == 50
    assert (draft.final_year, draft.final_residual) == ("2020/21", 35.5)
    assert (draft.errors, draft.warnings) == (0, 23)
    assert draft.statuses["workforce"] == "unanswered"
    assert [row.percent for row in made.rows[1:]] == [100, 100, 100]
    assert made.red_count("workforce") == 1 and made.red_count("prevention") == 0
    assert made.totals()["answered"] == 35
    assert made.not_loaded == ()


def test_files_that_do_not_load_come_after_the_footprints(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "north-west-london.yaml", tmp_path / "b.yaml")
    (tmp_path / "a-broken.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    (tmp_path / "c-list.yaml").write_text("- a list, not a plan\n", encoding="utf-8")
    made = rollup_over(tmp_path)
    assert [row.code for row in made.rows] == ["E54000027"]
    assert [Path(item.path).name for item in made.not_loaded] == ["a-broken.yaml", "c-list.yaml"]
    assert all(item.errors == 1 and item.message for item in made.not_loaded)
    markdown = rollup_document.markdown(made, "pack")
    assert markdown.index("North West London") < markdown.index("a-broken")
    rows = list(csv.DictReader(io.StringIO(rollup_data.render_csv(made).decode("utf-8-sig"))))
    kept = [row for row in rows if row["record"] in ("plan", "not read")]
    assert [row["loaded"] for row in kept] == ["yes", "no", "no"]


def test_plans_without_a_code_come_last(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "examples" / "north-east-london.yaml").read_text("utf-8"))
    del data["footprint"]["code"]
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "north-west-london.yaml", tmp_path / "z.yaml")
    made = rollup_over(tmp_path)
    assert [row.code for row in made.rows] == ["E54000027", None]


def hostile_rollup(tmp_path: Path) -> Rollup:
    data = yaml.safe_load((ROOT / "examples" / "north-east-london.yaml").read_text("utf-8"))
    data["footprint"]["code"] = '=HYPERLINK("http://evil","x")'
    data["footprint"]["name"] = '<script>alert(1)</script>"><img src=x onerror=alert(2)> | x'
    data["finance"]["unit"] = "</td><script>"
    (tmp_path / "hostile.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return rollup_over(tmp_path)


def test_hostile_text_is_escaped_in_every_format(tmp_path: Path) -> None:
    made = hostile_rollup(tmp_path)
    html = rollup_document.html(made, "pack")
    assert_safe_html(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img" in html
    markdown = rollup_document.markdown(made, "pack")
    assert_safe_markdown(markdown, tables=5)
    rows = list(csv.reader(io.StringIO(rollup_data.render_csv(made).decode("utf-8-sig"))))
    assert rows[1][1] == '\'=HYPERLINK("http://evil","x")'  # shown as text, never run
    doc = json.loads(rollup_data.render_json(made, "pack"))
    assert doc["footprints"][0]["unit"] == "</td><script>"


def test_csv_opens_in_excel(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    data = rollup_data.render_csv(rollup_over("examples"))
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0][:4] == ["record", "code", "footprint_code", "name"]
    assert rows[0][-10:][0] == "prevention"
    # 4 plans, 41 footprints without a plan, 3 regions with plans + 1 without, England.
    assert [row[0] for row in rows[1:]].count("plan") == 4 and len(rows) == 1 + 4 + 41 + 4 + 1
    assert rows[1][rows[0].index("final_residual")] == "35.5"


def test_matrix_shows_letters_and_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    html = rollup_document.html(made, "pack")
    assert '<td class="cell cell-red" title="Red">R</td>' in html
    assert '<td class="cell cell-amber" title="Amber">A</td>' in html
    assert "size: A4 landscape" in html
    markdown = rollup_document.markdown(made, "pack")
    assert "| 🟩 G | 🟩 G | 🟧 A |" in markdown


# -- the command --------------------------------------------------------------------

FORMATS = [("markdown", "md"), ("html", "html"), ("json", "json"), ("csv", "csv")]


@pytest.mark.parametrize(("fmt", "suffix"), FORMATS)
def test_golden_rollup(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["examples", "--rollup", "--format", fmt, *AS_OF], monkeypatch)
    assert result.exit_code == 0, result.output
    compare(f"rollup.{suffix}", result.stdout_bytes)


def test_rollup_exclude_and_exit_one_for_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("north-west-london.yaml", "herefordshire-and-worcestershire-draft.yaml"):
        shutil.copy(ROOT / "examples" / name, tmp_path / name)
    args = [str(tmp_path), "--rollup", "-f", "json", "--exclude", "*-draft.yaml", *AS_OF]
    result: Any = invoke(args, monkeypatch)
    assert result.exit_code == 0, result.output
    assert [f["code"] for f in json.loads(result.stdout)["footprints"]] == ["E54000027"]
    (tmp_path / "broken.yaml").write_bytes(b"\x00\x01")
    result = invoke(args, monkeypatch)
    assert result.exit_code == 1
    assert len(json.loads(result.stdout)["not_loaded"]) == 1


def test_rollup_output_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = [invoke(["examples", "--rollup", "-f", "html", *AS_OF], monkeypatch) for _ in range(2)]
    assert runs[0].stdout_bytes == runs[1].stdout_bytes


def test_plans_are_counted_apart_from_footprints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    assert (len(made.rows), made.footprint_count(), made.uncoded()) == (4, 3, 0)
    draft, final = (
        "examples/herefordshire-and-worcestershire-draft.yaml",
        "examples/herefordshire-and-worcestershire.yaml",
    )
    assert made.shared_codes() == (("E54000019", (draft, final)),)
    assert [row.submission_status for row in made.rows] == [
        "draft",
        "submitted",
        "submitted",
        "submitted",
    ]
    markdown = rollup_document.markdown(made, "pack")
    assert markdown.startswith("# STP roll-up: 4 plans (3 footprints) as of 2016-06-30")
    assert "- Plans: 4, for 3 footprints of the 44 in the register" in markdown
    files = "herefordshire-and-worcestershire-draft.yaml, herefordshire-and-worcestershire.yaml"
    assert f"Footprint E54000019 appears in 2 plans ({files})" in markdown
    assert "| E54000019 | Herefordshire and Worcestershire | Midlands and East | Draft | 50% |" in (
        markdown
    )
    html = rollup_document.html(made, "pack")
    assert "<h1>4 plans (3 footprints) as of 2016-06-30</h1>" in html
    assert "<td>Draft</td>" in html and "Footprint E54000019 appears in 2 plans" in html
    summary = rollup_data.document(made, "pack")["summary"]
    assert (summary["plans"], summary["footprints"]) == (4, 3)
    assert summary["shared_codes"] == [{"code": "E54000019", "paths": [draft, final]}]
    assert summary["questions_over_plans"]["answered"] == 35
    rows = list(csv.DictReader(io.StringIO(rollup_data.render_csv(made).decode("utf-8-sig"))))
    plans = [row for row in rows if row["record"] == "plan"]
    assert [row["submission_status"] for row in plans] == [
        "draft",
        "submitted",
        "submitted",
        "submitted",
    ]


def test_one_footprint_has_no_shared_code_note(tmp_path: Path) -> None:
    shutil.copy(ROOT / "examples" / "north-west-london.yaml", tmp_path / "a.yaml")
    made = rollup_over(tmp_path)
    assert made.shared_codes() == ()
    markdown = rollup_document.markdown(made, "pack")
    assert markdown.startswith("# STP roll-up: 1 plan (1 footprint) as of")
    assert "appears in" not in markdown


def test_plans_without_a_code_are_counted_in_the_heading(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "examples" / "north-east-london.yaml").read_text("utf-8"))
    del data["footprint"]["code"]
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    made = rollup_over(tmp_path)
    assert rollup_view.plans_heading(made) == "1 plan (0 footprints, 1 without a footprint code)"


def test_an_unknown_final_residual_says_unknown(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "north-west-london.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    del data["finance"]["do_nothing_gap"]["2020/21"]
    (tmp_path / "a.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    made = rollup_over(tmp_path)
    (row,) = made.rows
    assert (row.final_year, row.final_residual) == ("2020/21", None)
    assert rollup_view.residual_cell(row).text == "unknown"
    assert rollup_data.document(made, "pack")["footprints"][0]["final_residual"] is None


# --- years in deficit and the Fund (issue 12, section 1) --------------------------------------


def test_each_row_counts_its_years_in_deficit_and_what_rests_on_the_fund(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    draft, complete = made.rows[0], made.rows[1]
    assert draft.years_in_deficit == ("2016/17", "2017/18", "2018/19", "2019/20", "2020/21")
    assert draft.bridge_years == 5 and draft.years_unknown == ()
    assert (draft.final_fund, draft.final_fund_reliance) == (34.0, 34.0)
    assert complete.years_in_deficit == ()
    assert (complete.final_fund, complete.final_fund_reliance) == (34.0, 32.0)
    assert [row.years_in_deficit for row in made.rows[2:]] == [(), ()]


def test_every_format_has_a_years_in_deficit_column(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    markdown = rollup_document.markdown(made, "pack")
    finance = markdown[markdown.index("## Finance") :]
    header = next(line for line in finance.splitlines() if line.startswith("| Code | Footprint |"))
    assert "| Final-year residual | Balance | Years in deficit | Depends on the Fund |" in header
    draft_row = finance.splitlines()[6]
    assert "| **35.5** | Out of balance | **5 of 5** | 34.0 |" in draft_row
    html = rollup_document.html(made, "pack")
    assert '<th class="num">Years in deficit</th>' in html
    assert '<td class="num short">5 of 5</td>' in html
    doc = json.loads(rollup_data.render_json(made, "pack"))
    first = doc["footprints"][0]
    assert first["years_in_deficit"] == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
    assert first["years_not_worked_out"] == []
    assert (first["final_fund_income"], first["final_depends_on_fund"]) == (34.0, 34.0)
    assert doc["summary"]["plans_with_a_year_in_deficit"] == 1
    rows = list(csv.reader(io.StringIO(rollup_data.render_csv(made).decode("utf-8-sig"))))
    header_cells = rows[0]
    at = header_cells.index("years_in_deficit")
    assert header_cells.count("years_in_deficit") == 1
    assert header_cells[at : at + 4] == [
        "years_in_deficit",
        "deficit_years",
        "final_fund_income",
        "final_depends_on_fund",
    ]
    assert rows[1][at : at + 4] == [
        "5",
        "2016/17; 2017/18; 2018/19; 2019/20; 2020/21",
        "34.0",
        "34.0",
    ]
    assert rows[2][at : at + 4] == ["0", "", "34.0", "32.0"]


def test_a_year_not_worked_out_is_not_counted_as_a_deficit(tmp_path: Path) -> None:
    text = (ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml").read_text("utf-8")
    (tmp_path / "p.yaml").write_text(text.replace("2016/17: 62.0, ", ""), encoding="utf-8")
    [row] = rollup_over(tmp_path).rows
    assert row.years_in_deficit == ("2017/18", "2018/19", "2019/20", "2020/21")
    assert row.years_unknown == ("2016/17",)
    markdown = rollup_document.markdown(rollup_over(tmp_path), "pack")
    assert "| **4 of 5 (1 unknown)** |" in markdown
