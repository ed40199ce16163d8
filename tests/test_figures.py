"""Never a wrong figure (issue 10, §2): a number a comma split inside ``{…}``
and a number out of range are findings that say how to write them, and the
year they belong to is "not computed" in every figure, report and chart —
never worked out from the fragment (``1`` of ``1,190.0``) or without it."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from stpctl.check.checker import PlanAnalysis, Settings, analyse_bytes
from stpctl.cli import app
from stpctl.documents import checklist, report, rollup
from stpctl.documents.plan_diff import PlanDiff, diff_plans
from stpctl.load.loader import SplitNumber, load_text
from stpctl.plan.finance_bridge import bridge
from stpctl.render import diff_text, finance_chart, report_document, report_json

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "herefordshire-and-worcestershire.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 30))
BACK_OFFICE = "savings: {2016/17: 1.0, 2017/18: 3.0, 2018/19: 5.0, 2019/20: 6.5, 2020/21: 8.0}"
STAFF_EVENT = "title: STP staff event -- Worcester, participants: 190}"
runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


def example_with(old: str, new: str) -> str:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def analyse(text: str, name: str = "plan.yaml") -> PlanAnalysis:
    return analyse_bytes(text.encode("utf-8"), name, SETTINGS)


def line_of(text: str, words: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if words in line)


# A split in the first year (2016/17) and one in the final year (2020/21).
SPLIT_FIRST = example_with(BACK_OFFICE, BACK_OFFICE.replace("2016/17: 1.0", "2016/17: 1,190.0"))
SPLIT_FINAL = example_with(BACK_OFFICE, BACK_OFFICE.replace("2020/21: 8.0", "2020/21: 1,008.0"))


# --- the loader -------------------------------------------------------------------------------


def test_a_number_split_by_a_comma_is_kept_as_written_and_recorded() -> None:
    loaded = load_text("finance:\n  do_nothing_gap: {2016/17: 1,190.0, 2017/18: 3.0}\n")
    assert loaded.data == {"finance": {"do_nothing_gap": {"2016/17": "1,190.0", "2017/18": 3.0}}}
    assert loaded.splits == [
        SplitNumber("/finance/do_nothing_gap/2016~117", 2, 29, "1,190.0"),
    ]
    assert loaded.splits[0].unsplit == "1190.0"
    assert loaded.findings == []
    assert "/finance/do_nothing_gap/2016~117" not in loaded.implicit


@pytest.mark.parametrize(
    ("written", "unsplit"),
    [
        ("1,200", "1200"),
        ("-1,190,000.5", "-1190000.5"),
        ("12,345,678", "12345678"),
        ("1,5", None),  # a decimal comma, perhaps: a fix must not guess
        ("1,50", None),
        ("1.5,000", None),
    ],
)
def test_every_split_is_joined_and_told_apart_from_a_decimal_comma(
    written: str, unsplit: str | None
) -> None:
    loaded = load_text(f"e: {{date: 2016-05-12, participants: {written} , title: x}}\n")
    assert loaded.data["e"] == {"date": "2016-05-12", "participants": written, "title": "x"}
    [split] = loaded.splits
    assert (split.pointer, split.line, split.column, split.text) == (
        "/e/participants",
        1,
        37,
        written,
    )
    assert split.unsplit == unsplit


@pytest.mark.parametrize(
    "text",
    [
        "e: {a: 1, 200}\n",  # a space after the comma: two entries as written
        "e: {a: 1,200: 3}\n",  # a key with a colon and a value is a key
        "e: {a: x,200}\n",  # no number before the comma
        "e: {a: 1,b2}\n",  # not digits after it
    ],
)
def test_what_is_not_a_split_stays_as_yaml_reads_it(text: str) -> None:
    loaded = load_text(text)
    assert loaded.splits == []
    assert len(loaded.data["e"]) == 2


def test_a_comma_in_a_block_value_or_a_flow_list_is_no_split() -> None:
    loaded = load_text("a: 1,200\nb: [1,200]\n")
    assert loaded.data == {"a": "1,200", "b": [1, 200]}
    assert loaded.splits == []


def test_an_alias_of_a_split_number_gets_the_whole_text_never_the_fragment() -> None:
    loaded = load_text("a: {x: &n 1,200}\nb: *n\n")
    assert loaded.data == {"a": {"x": "1,200"}, "b": "1,200"}


def test_two_splits_in_one_mapping_are_no_duplicate_key() -> None:
    loaded = load_text("gap: {2016/17: 1,000, 2017/18: 2,000}\n")
    assert loaded.data == {"gap": {"2016/17": "1,000", "2017/18": "2,000"}}
    assert loaded.findings == []
    assert [split.text for split in loaded.splits] == ["1,000", "2,000"]


@pytest.mark.parametrize(
    "written", [".inf", "-.inf", ".NaN", "1e999", "1" + "0" * 400, "1.7e308", "-1000000000000001"]
)
def test_a_number_out_of_range_is_kept_as_written_and_recorded(written: str) -> None:
    loaded = load_text(f"a: {written}\nb: [!!float {written}]\nc: 1000000000000000\n")
    assert loaded.data["a"] == written and loaded.out_of_range["/a"] == written
    assert loaded.data["b"] == [written] and loaded.out_of_range["/b/0"] == written
    assert loaded.data["c"] == 10**15  # the largest number a plan may hold
    assert "/c" not in loaded.out_of_range


# --- what validate says -----------------------------------------------------------------------


def test_the_split_finding_says_remove_the_thousands_separator() -> None:
    analysis = analyse(SPLIT_FIRST)
    line = line_of(SPLIT_FIRST, "1,190.0")
    [finding] = [f for f in analysis.result.findings if f.line == line]
    assert (finding.rule, finding.column) == (
        "STP012",
        SPLIT_FIRST.splitlines()[line - 1].index("1,190.0") + 1,
    )
    assert finding.pointer == "/finance/interventions/4/savings/2016~117"
    assert "`1,190.0`" in finding.message
    assert "remove the thousands separator: `2016/17: 1190.0`" in finding.message
    assert not [f for f in analysis.result.findings if f.rule == "STP010"]
    assert not [f for f in analysis.result.findings if "unknown key" in f.message]


def test_participants_split_by_a_comma_is_one_clear_finding() -> None:
    text = example_with(STAFF_EVENT, STAFF_EVENT.replace("190", "1,200"))
    errors = [f for f in analyse(text).result.findings if f.severity.value == "error"]
    [finding] = errors
    assert finding.pointer == "/engagement/5/participants"
    assert "remove the thousands separator: `participants: 1200`" in finding.message
    assert "unknown key" not in finding.message


def test_a_decimal_comma_is_not_called_a_thousands_separator() -> None:
    text = example_with(BACK_OFFICE, BACK_OFFICE.replace("2019/20: 6.5", "2019/20: 6,5"))
    [finding] = [f for f in analyse(text).result.findings if f.rule == "STP012"]
    assert "thousands" not in finding.message
    assert "without a comma, with a dot for any decimals" in finding.message


# --- the whole year is not computed, everywhere -------------------------------------------------


def test_the_bridge_does_not_compute_a_year_with_a_split_figure() -> None:
    analysis = analyse(SPLIT_FIRST)
    assert analysis.data is not None
    first = bridge(analysis.data)[0]
    assert first.year == "2016/17" and first.unreadable
    assert first.savings_total is None and first.residual is None and not first.closed
    assert first.savings_by_kind["other"] is None  # never the fragment 1.0
    assert first.gap == 62.0 and first.savings_by_kind["provider_efficiency"] == 32.0
    # STP402 does not judge a year that is not computed
    assert not [f for f in analysis.result.findings if f.rule == "STP402"]


def test_the_report_shows_the_year_as_not_computed_in_every_format() -> None:
    made = report.build(analyse(SPLIT_FIRST), SETTINGS.as_of, SETTINGS.guidance)
    assert made.finance is not None
    assert made.finance.unreadable_years == ("2016/17",)
    markdown = report_document.markdown(made, "pack")
    assert "| \N{MINUS SIGN} Other | not computed | 3.0 |" in markdown
    assert "Not computed for 2016/17: a figure written for the year is not a number" in markdown
    assert "| | Residual |  | not computed: a figure is not a number |" in markdown
    html = report_document.html(made, "pack")
    assert '<td class="num">not computed</td>' in html
    assert "Not computed for 2016/17" in html
    [column] = [c for c in finance_chart.layout(made.finance).columns if c.year == "2016/17"]
    assert column.savings == () and column.residual_box is None
    assert column.residual_label == "not computed: a figure is not a number"
    year = json.loads(report_json.render(made, "pack"))["finance"]["years"][0]
    assert year["year"] == "2016/17"
    assert year["savings_by_kind"]["other"] is None
    assert year["savings_total"] is None and year["residual"] is None and year["closed"] is None


def test_a_split_in_the_final_year_means_balance_cannot_be_judged() -> None:
    analysis = analyse(SPLIT_FINAL)
    [stp403] = [f for f in analysis.result.findings if f.rule == "STP403"]
    assert stp403.message.startswith(
        "financial balance in the final year 2020/21 cannot be judged until the figure is fixed:"
    )
    assert (
        "the savings figure of intervention `Back-office sharing and other schemes` is"
        " `1,008.0`, not a number"
    ) in stp403.message
    assert "unclosed" not in stp403.message
    made = report.build(analysis, SETTINGS.as_of, SETTINGS.guidance)
    doc = json.loads(report_json.render(made, "pack"))["finance"]
    assert doc["final_residual"] is None and doc["balanced"] is None
    assert "**Final-year balance unknown** in 2020/21: a figure is not a number" in (
        report_document.markdown(made, "pack")
    )
    [row] = rollup.build([analysis], SETTINGS.as_of, SETTINGS.guidance).rows
    assert row.final_year == "2020/21" and row.final_residual is None
    made_checklist = checklist.build(analysis, SETTINGS)
    item = next(i for i in made_checklist.plan_items if i.section == "finance")
    assert not item.done
    assert "residual unknown: a figure is not a number" in item.text


def diff(old: str, new: str) -> PlanDiff:
    return diff_plans(
        analyse(old, "old.yaml"), analyse(new, "new.yaml"), SETTINGS.guidance, SETTINGS.as_of
    )


def test_diff_totals_of_a_year_with_a_split_figure_are_not_computed() -> None:
    original = EXAMPLE.read_text(encoding="utf-8")
    found = diff(original, SPLIT_FIRST)
    [first] = [row for row in found.finance.years if row.year == "2016/17"]
    assert first.savings.old == 50.5 and first.savings.new is None
    assert first.residual.old == -0.5 and first.residual.new is None
    [back_office] = [c for c in found.finance.interventions if c.name.startswith("Back-office")]
    assert dict(back_office.years)["2016/17"].new is None  # never 1.0
    final = diff(original, SPLIT_FINAL)
    assert final.finance.balance == "unknown"
    out = io.StringIO()
    Console(file=out, width=100, color_system=None).print(diff_text.render(final), soft_wrap=True)
    assert "financial balance cannot be judged: a figure is missing or is not a number" in (
        out.getvalue()
    )


def test_two_interventions_of_one_name_are_not_added_without_the_unreadable_one() -> None:
    scheme = "    - name: Estates rationalisation\n      kind: estates\n"
    original = EXAMPLE.read_text(encoding="utf-8")
    assert original.count(scheme) == 1
    twice = original.replace(
        "  # Control totals agreed",
        f"{scheme}      savings: {{2016/17: 2.0}}\n  # Control totals agreed",
    )
    broken = twice.replace("savings: {2016/17: 2.0}", "savings: {2016/17: .inf}")
    found = diff(twice, broken)
    [estates] = [c for c in found.finance.interventions if c.name == "Estates rationalisation"]
    assert dict(estates.years)["2016/17"].old == 2.5 and dict(estates.years)["2016/17"].new is None


# --- figures out of range ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "says"),
    [
        (".inf", "which YAML reads as infinity"),
        ("-.Inf", "which YAML reads as infinity"),
        (".nan", "which YAML reads as not-a-number"),
        ("1e999", "which is too large"),
        ("1.7e308", "which is too large"),
        ("1" + "0" * 399, "(400 characters), which is too large"),
    ],
)
def test_a_figure_out_of_range_is_a_finding_and_its_year_is_not_computed(
    written: str, says: str
) -> None:
    text = example_with("do_nothing_gap: {2016/17: 62.0,", f"do_nothing_gap: {{2016/17: {written},")
    analysis = analyse(text)
    errors = [f for f in analysis.result.findings if f.severity.value == "error"]
    [finding, first_year] = errors
    assert (finding.rule, finding.pointer) == ("STP013", "/finance/do_nothing_gap/2016~117")
    # the first year is judged as strongly as the final one: not computed, never guessed
    assert (first_year.rule, first_year.pointer) == ("STP404", finding.pointer)
    assert "cannot be judged until the figure is fixed" in first_year.message
    assert says in finding.message
    assert "must be finite and at most 1,000,000,000,000,000 in size" in finding.message
    assert analysis.data is not None
    first = bridge(analysis.data)[0]
    assert first.unreadable and first.gap is None and first.residual is None


def test_measures_that_are_not_finite_leave_the_json_report_strict() -> None:
    text = example_with("baseline: 8.7, target: 7.5", "baseline: .nan, target: .inf")
    made = report.build(analyse(text), SETTINGS.as_of, SETTINGS.guidance)

    def refuse(constant: str) -> None:
        raise ValueError(constant)

    document = json.loads(report_json.render(made, "pack"), parse_constant=refuse)
    [measure] = [
        m for gap in document["triple_aim"] for m in gap["measures"] if m["name"].startswith("Gap")
    ]
    assert measure["baseline"] is None and measure["target"] is None
    rules = [f["rule"] for f in document["findings"]["items"] if f["severity"] == "error"]
    assert rules == ["STP013", "STP013"]


def test_report_of_an_overflowing_bridge_exits_normally(tmp_path: Path) -> None:
    text = example_with("do_nothing_gap: {2016/17: 62.0,", "do_nothing_gap: {2016/17: 1.7e308,")
    text = text.replace("savings: {2016/17: 0.5,", "savings: {2016/17: -1.7e308,")
    path = tmp_path / "overflow.yaml"
    path.write_text(text, encoding="utf-8")
    for fmt in ("markdown", "html", "json"):
        outcome = runner.invoke(app, ["report", "-f", fmt, str(path), "--as-of", "2016-06-30"])
        assert outcome.exit_code == 0, outcome.output
        assert "internal error" not in outcome.stderr
