"""``stpctl report``: the board report's model, its three formats, escaping of
hostile plan text, the self-contained HTML, golden files and the command."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from stpctl.check.checker import Settings, analyse_path
from stpctl.cli import app
from stpctl.documents.report import Report, build
from stpctl.plan.finance_bridge import bridge
from stpctl.render import report_document, report_json

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
NWL = "examples/north-west-london.yaml"
AS_OF = ["--as-of", "2016-06-30"]
SETTINGS = Settings(as_of=date(2016, 6, 30))

runner = CliRunner(env={"GITHUB_ACTIONS": None, "NO_COLOR": "1"})


def report_for(path: str | Path) -> Report:
    return build(analyse_path(str(path), SETTINGS), SETTINGS.as_of, SETTINGS.guidance)


def invoke(args: list[str], monkeypatch: pytest.MonkeyPatch, **kwargs: Any) -> Any:
    monkeypatch.chdir(ROOT)
    return runner.invoke(app, ["report", *args], **kwargs)


def compare(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.is_file(), f"no golden file {name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes()


# -- the model ----------------------------------------------------------------------


def test_draft_report_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = report_for(DRAFT)
    assert made.footprint is not None and made.footprint.code == "E54000019"
    assert made.footprint.submission_status == "draft"
    assert made.footprint.version == "0.4"
    assert made.completeness is not None
    assert (made.completeness.done, made.completeness.percent) == (5, 50)
    assert made.completeness.counts == {
        "answered": 5,
        "partial": 2,
        "unanswered": 3,
        "not_applicable": 0,
    }
    # The guidance pack's order, with the word and the colour for each status.
    assert [q.key for q in made.questions][:3] == ["prevention", "engagement", "general_practice"]
    workforce = next(q for q in made.questions if q.key == "workforce")
    assert (workforce.status, workforce.rag, workforce.word) == ("unanswered", "red", "Unanswered")
    practice = next(q for q in made.questions if q.key == "general_practice")
    assert (practice.rag, practice.word) == ("amber", "Partial")
    assert "no measure with a target" in practice.missing
    assert [g.status for g in made.triple_aim] == ["quantified"] * 3
    # One open action is overdue at the as-of date: ENG1, due 17 June.
    assert [(a.ident, a.days, a.owner) for a in made.overdue] == [
        ("ENG1", 13, "Trust communications leads")
    ]
    assert made.counts == {"error": 0, "warning": 23, "info": 3}
    assert [f.severity.value for f in made.findings][-1] == "info"  # most severe first


def test_finance_matches_the_bridge(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = report_for(DRAFT)
    loaded = yaml.safe_load((ROOT / DRAFT).read_text(encoding="utf-8"))
    expected = bridge(loaded)
    assert made.finance is not None
    assert [y.residual for y in made.finance.years] == [y.residual for y in expected]
    assert made.finance.kinds[0] == "provider_efficiency"  # schema order, not file order
    assert made.finance.kinds[-1] == "other"
    for year, want in zip(made.finance.years, expected, strict=True):
        by_kind = dict(zip(made.finance.kinds, year.savings, strict=True))
        assert {k: v for k, v in by_kind.items() if v} == {
            k: v for k, v in want.savings_by_kind.items() if v
        }


def test_upcoming_actions_fall_within_ninety_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    later = Settings(as_of=date(2016, 9, 1))
    made = build(analyse_path(DRAFT, later), later.as_of, later.guidance)
    due = [a.due for a in made.upcoming]
    assert due == sorted(due)
    assert all(date(2016, 9, 1) <= d <= date(2016, 11, 30) for d in due)
    assert {a.ident for a in made.upcoming} == {"PRV1", "ENG2", "CS1"}
    assert [a.ident for a in made.overdue] == ["ENG1"]
    assert made.overdue[0].days == 76


def test_json_carries_the_same_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    made = report_for(DRAFT)
    doc = json.loads(report_json.render(made, "pack"))
    assert doc["completeness"]["percent"] == 50
    assert [q["status"] for q in doc["questions"]] == [q.status for q in made.questions]
    residuals = [y["residual"] for y in doc["finance"]["years"]]
    assert residuals == [6.0, 10.5, 17.0, 25.5, 35.5]
    assert doc["finance"]["final_residual"] == 35.5 and doc["finance"]["balanced"] is False
    assert doc["actions"]["overdue"][0]["days_overdue"] == 13
    assert doc["findings"]["counts"]["warning"] == 23


def test_a_plan_that_does_not_load_still_gets_a_report(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("footprint: [unclosed\n", encoding="utf-8")
    made = report_for(broken)
    assert not made.loaded and made.footprint is None and made.counts["error"] == 1
    assert "could not be read" in report_document.html(made, "pack")
    assert "could not be read" in report_document.markdown(made, "pack")
    assert json.loads(report_json.render(made, "pack"))["loaded"] is False


def test_half_valid_plan_is_reported_without_crashing(tmp_path: Path) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text(
        "stp_plan: 1\nfootprint: {name: 7, lead: x, population: lots}\n"
        "questions: {prevention: {status: complete, actions: [{due: soon}, 3]}}\n"
        "triple_aim: {care_and_quality:"
        " {gap: TBC, measures: [{name: m, baseline: 1, target: 2}]}}\n"
        "finance: {years: ['2016/17', 5], do_nothing_gap: {'2016/17': ten},"
        " interventions: [{kind: [x], savings: {'2016/17': 4}}]}\n",
        encoding="utf-8",
    )
    made = report_for(odd)
    assert made.footprint is not None and made.footprint.name is None
    assert made.footprint.population is None and made.footprint.lead is None
    assert [g.status for g in made.triple_aim] == ["missing", "partial", "missing"]
    # `ten` is no figure: the year is unknown, not a surplus of 4.0.
    assert made.finance is not None and made.finance.years[0].residual is None
    assert made.finance.years[0].savings_total == 4.0
    for text in (report_document.html(made, "p"), report_document.markdown(made, "p")):
        assert "Finance bridge" in text


# -- hostile plan text --------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
LINK = "[click](javascript:alert(1))"


def hostile_plan(tmp_path: Path) -> Path:
    data = yaml.safe_load((ROOT / DRAFT).read_text(encoding="utf-8"))
    data["footprint"]["name"] = f"{SCRIPT} | North"
    data["footprint"]["region"] = ATTRIBUTE
    data["footprint"]["lead"]["name"] = LINK
    data["submission"]["version"] = "0.4 <b>bold</b>"
    data["questions"]["prevention"]["owner"] = "</td><td>injected | cell"
    data["questions"]["engagement"]["actions"][0]["title"] = f"</table>{SCRIPT}"
    data["questions"]["engagement"]["actions"][0]["owner"] = "Lead\n| forged | row |"
    data["triple_aim"]["care_and_quality"]["gap"] = (
        "<style>@import 'http://evil.example/a.css'; body{background:url(http://evil.example/x)}"
        "</style> gap"
    )
    data["triple_aim"]["care_and_quality"]["measures"][0]["name"] = '=HYPERLINK("http://evil")|'
    data["finance"]["unit"] = "GBP </text><script>x</script>"
    data["finance"]["interventions"][0]["kind"] = "<svg onload=alert(3)>"
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


class Structure(HTMLParser):
    """Every tag and attribute in an HTML document, and the text of its styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.extend((name, value or "") for name, value in attrs)
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "footer", "p", "h1", "h2",
    "h3", "dl", "dt", "dd", "div", "span", "table", "thead", "tbody", "tr", "th", "td",
    "figure", "figcaption", "ul", "li", "svg", "g", "rect", "line", "text", "code",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "lang", "charset", "name", "content", "class", "style", "viewbox", "role",
    "aria-labelledby", "id", "x", "y", "x1", "y1", "x2", "y2", "width", "height", "fill",
    "stroke", "stroke-width", "stroke-dasharray", "text-anchor", "font-weight", "title",
}  # fmt: skip


def assert_safe_html(html: str) -> None:
    """One self-contained page: no scripts, no loads from anywhere, only our tags."""
    assert "<script" not in html.lower()
    parsed = Structure()
    parsed.feed(html)
    assert parsed.tags <= ALLOWED_TAGS, parsed.tags - ALLOWED_TAGS
    names = {name for name, _ in parsed.attributes}
    assert names <= ALLOWED_ATTRIBUTES, names - ALLOWED_ATTRIBUTES
    for _, value in parsed.attributes:
        assert "http" not in value and "url(" not in value and "javascript" not in value
    css = "".join(parsed.styles)
    assert "@import" not in css and "url(" not in css and "http" not in css
    assert len(parsed.styles) == 1  # plan text never opens a second <style>


def test_hostile_text_is_escaped_in_html(tmp_path: Path) -> None:
    html = report_document.html(report_for(hostile_plan(tmp_path)), "<b>pack</b>")
    assert_safe_html(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;svg onload=alert(3)&gt;" in html
    assert "&lt;/td&gt;&lt;td&gt;injected" in html


def table_blocks(markdown: str) -> list[list[str]]:
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def assert_safe_markdown(markdown: str, tables: int = 5) -> None:
    assert "<" not in markdown  # no raw HTML from a plan (or from us)
    assert "](javascript" not in markdown
    blocks = table_blocks(markdown)
    assert len(blocks) >= tables
    for block in blocks:
        cells = {len(re.findall(r"(?<!\\)\|", line)) for line in block}
        assert len(cells) == 1, block  # no plan text adds or removes a cell


def test_hostile_text_is_escaped_in_markdown(tmp_path: Path) -> None:
    markdown = report_document.markdown(report_for(hostile_plan(tmp_path)), "<b>pack</b>")
    assert_safe_markdown(markdown)
    assert "&lt;script>alert(1)&lt;/script> \\| North" in markdown
    assert "\\[click\\]\\(javascript:alert(1))" in markdown
    assert "Lead \\| forged \\| row \\|" in markdown  # the line break did not end the row


def test_hostile_text_is_plain_data_in_json(tmp_path: Path) -> None:
    doc = json.loads(report_json.render(report_for(hostile_plan(tmp_path)), "pack"))
    assert doc["footprint"]["name"] == f"{SCRIPT} | North"
    assert doc["finance"]["kinds"][-1] == "<svg onload=alert(3)>"  # unknown kinds come last


def test_example_reports_are_self_contained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for path in (DRAFT, NWL):
        made = report_for(path)
        html = report_document.html(made, SETTINGS.guidance.name)
        assert_safe_html(html)
        # The plans cite web pages as evidence; the report links to none of them.
        assert "http://" not in html and "https://" not in html
        assert "@page { size: A4;" in html and "@media print" in html
        assert "<svg" in html
        for word in ("Answered",):
            assert f'<span class="rag rag-green">{word}</span>' in html
        assert_safe_markdown(report_document.markdown(made, SETTINGS.guidance.name))


def test_rag_words_accompany_colours(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    html = report_document.html(report_for(DRAFT), "pack")
    assert html.count('<span class="rag rag-red">Unanswered</span>') >= 3
    assert html.count('<span class="rag rag-amber">Partial</span>') >= 2
    markdown = report_document.markdown(report_for(DRAFT), "pack")
    assert markdown.count("🟥 Unanswered") == 4  # three questions and the key


# -- the command --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "suffix"), [("markdown", "md"), ("html", "html"), ("json", "json")]
)
def test_golden_draft_report(fmt: str, suffix: str, monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([DRAFT, "--format", fmt, *AS_OF], monkeypatch)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    compare(f"draft.{suffix}", result.stdout_bytes)


def test_output_is_byte_identical_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    first = invoke([NWL, "-f", "html", *AS_OF], monkeypatch).stdout_bytes
    second = invoke([NWL, "-f", "html", *AS_OF], monkeypatch).stdout_bytes
    assert first == second and len(first) > 10_000


def test_output_file_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "board.html"
    result = invoke([DRAFT, "-f", "html", "-o", str(target), *AS_OF], monkeypatch)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_output_never_overwrites_the_plan(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "plan.yaml"
    plan.write_bytes((ROOT / DRAFT).read_bytes())
    result = invoke([str(plan), "-o", str(plan), *AS_OF], monkeypatch)
    assert result.exit_code == 2
    assert plan.read_bytes() == (ROOT / DRAFT).read_bytes()


def test_several_plans_need_rollup(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([DRAFT, NWL, *AS_OF], monkeypatch)
    assert result.exit_code == 2
    assert "--rollup" in result.stderr and "holds 2" in result.stderr
    assert invoke(["examples", *AS_OF], monkeypatch).exit_code == 2


def test_csv_needs_rollup(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke([DRAFT, "--format", "csv", *AS_OF], monkeypatch)
    assert result.exit_code == 2 and "--rollup" in result.stderr


def test_missing_file_and_bad_date_are_usage_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke(["nowhere.yaml", *AS_OF], monkeypatch).exit_code == 2
    assert invoke([DRAFT, "--as-of", "30/06/2016"], monkeypatch).exit_code == 2


def test_unreadable_plan_is_reported_and_exits_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Issue 13, section 7: the reason on stderr and no report (as `checklist`);
    # tests/test_report_board.py has the whole contract.
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\xff\xfe not utf-8")
    result = invoke([str(broken), "-f", "json", *AS_OF], monkeypatch)
    assert result.exit_code == 1
    assert result.stdout == "" and "STP001" in result.stderr


def test_report_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    result = invoke(["-", "-f", "json", *AS_OF], monkeypatch, input=(ROOT / DRAFT).read_bytes())
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["path"] == "<stdin>" and doc["completeness"]["percent"] == 50


# -- a missing finance figure is unknown, never 0 ----------------------------------

SUBMITTED = "examples/herefordshire-and-worcestershire.yaml"


def plan_without_first_gap(tmp_path: Path) -> Path:
    """The submitted plan with 2016/17 taken out of the do-nothing gap."""
    text = (ROOT / SUBMITTED).read_text(encoding="utf-8")
    assert "do_nothing_gap: {2016/17: 62.0, " in text
    changed = tmp_path / "gapless.yaml"
    changed.write_text(text.replace("do_nothing_gap: {2016/17: 62.0, ", "do_nothing_gap: {"))
    return changed


def test_a_missing_gap_figure_is_shown_as_missing_not_a_surplus(tmp_path: Path) -> None:
    made = report_for(plan_without_first_gap(tmp_path))
    assert made.finance is not None
    first = made.finance.years[0]
    assert (first.year, first.gap, first.residual, first.closed) == ("2016/17", None, None, False)
    assert made.finance.unknown_years == ("2016/17",)
    markdown = report_document.markdown(made, "p")
    assert "| Do-nothing gap | missing | 110.0 |" in markdown
    assert "| **Residual** | **—** | **-3.0** |" in markdown
    assert "| Closes? | unknown | yes |" in markdown
    assert "Not worked out for 2016/17" in markdown
    assert "-30.5" not in markdown and "30.5 spare" not in markdown
    assert "| | Residual |  | unknown: figure missing |" in markdown
    html = report_document.html(made, "p")
    assert "-30.5" not in html and "30.5 spare" not in html
    assert '<td class="num">unknown</td>' in html
    assert "unknown: figure missing" in html  # under the year in the chart
    assert "2016/17 residual" not in html  # no residual box drawn for it
    years = json.loads(report_json.render(made, "p"))["finance"]["years"]
    assert years[0]["do_nothing_gap"] is None
    assert years[0]["residual"] is None and years[0]["closed"] is None
    assert years[0]["savings_total"] == 50.5  # the savings are all there
    assert years[1]["closed"] is True


def test_an_unknown_final_year_is_not_called_balanced(tmp_path: Path) -> None:
    text = (ROOT / SUBMITTED).read_text(encoding="utf-8")
    changed = tmp_path / "final.yaml"
    changed.write_text(text.replace(", 2020/21: 250.0}", "}"))
    made = report_for(changed)
    assert made.finance is not None and made.finance.final is not None
    assert made.finance.final.year == "2020/21" and not made.finance.final.known
    doc = json.loads(report_json.render(made, "p"))["finance"]
    assert doc["final_residual"] is None and doc["balanced"] is None
    assert "**Final-year balance unknown** in 2020/21" in report_document.markdown(made, "p")
    assert 'in 2020/21 unknown: <span class="short">a figure is missing' in report_document.html(
        made, "p"
    )
    stp403 = [f for f in made.findings if f.rule == "STP403"]
    assert [f.message.split(":")[0] for f in stp403] == [
        "financial balance in the final year 2020/21 cannot be judged"
    ]


def test_report_columns_are_in_date_order(tmp_path: Path) -> None:
    text = (ROOT / SUBMITTED).read_text(encoding="utf-8")
    listed = "    - 2019/20\n    - 2020/21\n"
    assert listed in text
    changed = tmp_path / "order.yaml"
    changed.write_text(text.replace(listed, "    - 2020/21\n    - 2019/20\n"))
    made = report_for(changed)
    assert made.finance is not None
    assert [y.year for y in made.finance.years] == [
        "2016/17",
        "2017/18",
        "2018/19",
        "2019/20",
        "2020/21",
    ]
    finance_rules = {f.rule: f for f in made.findings if f.rule.startswith("STP4")}
    assert "not in date order" in finance_rules["STP401"].message
    # every year closes, whatever order they are listed in; 2020/21, the latest, is the final one
    assert set(finance_rules) == {"STP401"}
