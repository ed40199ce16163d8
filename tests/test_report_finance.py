"""The report's finance section (issue 12, section 1): every year's residual,
the Sustainability and Transformation Fund as its own band, how much of the
balance depends on it, the Fund income at risk, and the NHS bodies' control
totals, in the model, Markdown, HTML, JSON and the chart."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings, analyse_path
from stpctl.documents.report import Report, build
from stpctl.documents.report_finance import Finance
from stpctl.render import finance_chart, report_document, report_json

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml"
COMPLETE = ROOT / "examples" / "herefordshire-and-worcestershire.yaml"
SETTINGS = Settings(as_of=date(2016, 6, 30))
MINUS = "\N{MINUS SIGN}"


def report_for(path: Path) -> Report:
    return build(analyse_path(str(path), SETTINGS), SETTINGS.as_of, SETTINGS.guidance)


def money(path: Path) -> Finance:
    made = report_for(path).finance
    assert made is not None
    return made


# --- the model ----------------------------------------------------------------------------


def test_every_year_has_its_residual_and_the_fund_apart_from_savings() -> None:
    made = money(DRAFT)
    assert made.fund_from == "interventions"  # the draft still gives the Fund as a scheme
    assert "transformation_fund" not in made.kinds
    assert [y.fund for y in made.years] == [12.0, 20.0, 26.0, 30.0, 34.0]
    assert [y.savings_total for y in made.years] == [44.0, 79.5, 115.0, 149.5, 180.5]
    assert [y.residual for y in made.years] == [6.0, 10.5, 17.0, 25.5, 35.5]
    assert [y.without_fund for y in made.years] == [18.0, 30.5, 43.0, 55.5, 69.5]
    # every year needs all of its Fund income, and is still short
    assert [y.fund_reliance for y in made.years] == [12.0, 20.0, 26.0, 30.0, 34.0]
    assert made.years_in_deficit == ("2016/17", "2017/18", "2018/19", "2019/20", "2020/21")


def test_the_fund_at_risk_when_the_plan_shows_a_condition_missed() -> None:
    made = money(DRAFT)
    first, second = made.years[0], made.years[1]
    assert first.control_total == 0.0 and second.control_total == -10.5
    assert made.years[2].control_total is None  # no control totals for 2018/19 yet
    assert first.conditions_missed == ("the control total",)
    assert first.fund_at_risk_share == 70.0
    assert first.fund_at_risk == pytest.approx(8.4)
    assert first.residual_if_lost == pytest.approx(14.4)
    assert second.conditions_missed == () and second.fund_at_risk == 0.0
    assert [y.year for y in made.at_risk_years] == ["2016/17"]
    assert made.fund_conditions[0] == ("the control total", 70.0)
    assert sum(share for _, share in made.fund_conditions) == 100.0


def test_a_balanced_plan_shows_how_much_of_its_balance_depends_on_the_fund() -> None:
    made = money(COMPLETE)
    assert made.fund_from == "field" and made.has_control_totals
    assert [y.residual for y in made.years] == [-0.5, -3.0, -7.0, -6.0, -2.0]
    assert [y.fund_reliance for y in made.years] == [11.5, 17.0, 19.0, 24.0, 32.0]
    assert [y.control_total for y in made.years] == pytest.approx([0.5, 3.0, 7.0, 6.0, 2.0])
    assert made.years_in_deficit == ()
    assert made.at_risk_years == ()


# --- Markdown, HTML, JSON -----------------------------------------------------------------


def test_markdown_shows_every_year_and_the_funds_band() -> None:
    markdown = report_document.markdown(report_for(DRAFT), "pack")
    assert f"Residual = do-nothing gap {MINUS} savings {MINUS} Fund income" in markdown
    assert f"| {MINUS} Fund income | 12.0 | 20.0 | 26.0 | 30.0 | 34.0 |" in markdown
    assert "| **Residual** | **6.0** | **10.5** | **17.0** | **25.5** | **35.5** |" in markdown
    assert "| Residual without the Fund | 18.0 | 30.5 | 43.0 | 55.5 | 69.5 |" in markdown
    assert "| Depends on the Fund | 12.0 | 20.0 | 26.0 | 30.0 | 34.0 |" in markdown
    assert "| NHS control totals (sum) | 0.0 | -10.5 | — | — | — |" in markdown
    assert "| Fund income at risk | 8.4 | 0.0 | 0.0 | 0.0 | 0.0 |" in markdown
    assert "| Residual if it is lost | 14.4 | 10.5 | 17.0 | 25.5 | 35.5 |" in markdown
    assert "**Years in deficit:** 5 of 5 (2016/17, 2017/18, 2018/19, 2019/20, 2020/21)." in (
        markdown
    )
    assert "70% on the control total" in markdown
    assert "12.5% on the A&E four-hour trajectory" in markdown
    assert (
        "In 2016/17 the plan shows the control total missed: 70% of the Fund income, 8.4, is"
        " at risk, and without it the year is 14.4 short."
    ) in markdown
    formula = "if it is lost = residual + Fund income \N{MULTIPLICATION SIGN} share at risk"
    assert formula in markdown
    assert "| | Fund income |" in markdown  # its own bar in the text chart


def test_markdown_of_a_plan_without_the_fund_has_no_fund_rows(tmp_path: Path) -> None:
    text = COMPLETE.read_text(encoding="utf-8")
    start = text.index("  # Sustainability and Transformation Fund")
    end = text.index("  interventions:", start)
    plain = tmp_path / "plain.yaml"
    plain.write_text(text[:start] + text[end:], encoding="utf-8")
    markdown = report_document.markdown(report_for(plain), "pack")
    assert "Fund income |" not in markdown
    assert "The plan counts on no Sustainability and Transformation Fund income." in markdown


def test_html_shows_the_same_rows_and_draws_the_fund_as_its_own_band() -> None:
    html = report_document.html(report_for(DRAFT), "pack")
    assert "<th>&minus; Fund income</th>" in html
    assert "<th>Depends on the Fund</th>" in html
    assert "<th>Residual if it is lost</th>" in html
    assert "residual if it is lost = residual + Fund income &times; share at risk" in html
    assert "Years in deficit: 5 of 5 (2016/17, 2017/18" in html
    assert "<title>2016/17 Fund income 12.0</title>" in html
    assert "Sustainability and Transformation Fund (conditional income)" in html


def test_json_carries_the_fund_and_the_control_totals_per_year() -> None:
    doc = json.loads(report_json.render(report_for(DRAFT), "pack"))["finance"]
    first = doc["years"][0]
    assert first["fund_income"] == 12.0
    assert first["savings_total"] == 44.0
    assert "transformation_fund" not in first["savings_by_kind"]
    assert first["residual"] == 6.0
    assert first["residual_without_fund"] == 18.0
    assert first["depends_on_fund"] == 12.0
    assert first["control_totals"] == 0.0
    assert first["fund_at_risk"] == 8.4
    assert first["residual_if_fund_at_risk_lost"] == 14.4
    assert first["fund_conditions_missed"] == ["the control total"]
    assert doc["years"][2]["control_totals"] is None
    assert doc["years_in_deficit"] == ["2016/17", "2017/18", "2018/19", "2019/20", "2020/21"]
    assert doc["fund_income_from"] == "interventions"
    assert doc["fund_conditions"][0] == {"condition": "the control total", "share": 70.0}


# --- the chart ----------------------------------------------------------------------------


def test_the_chart_draws_the_fund_above_the_savings() -> None:
    made = money(DRAFT)
    chart = finance_chart.layout(made)
    for column, year in zip(chart.columns, made.years, strict=True):
        assert sum(bar.value for bar in column.savings) == pytest.approx(year.savings_total)
        assert column.fund is not None and column.fund.value == year.fund
        assert column.fund.label == "Sustainability and Transformation Fund"
        # the band sits on top of the savings, and the residual box on top of the band
        assert column.fund.y + column.fund.height == pytest.approx(column.savings_top, abs=0.15)
        assert column.residual_box is not None
        assert column.residual_box.y + column.residual_box.height == pytest.approx(
            column.fund.y, abs=0.15
        )
    labels = [item.label for item in chart.legend]
    assert "Sustainability and Transformation Fund (conditional income)" in labels
    assert "Transformation fund" not in labels


def test_a_plan_without_the_fund_has_no_band(tmp_path: Path) -> None:
    made = money(ROOT / "examples" / "north-east-london.yaml")
    chart = finance_chart.layout(made)
    assert all(column.fund is not None for column in chart.columns)
    no_fund = Finance(made.unit, made.kinds, made.years)  # fund_from "none"
    assert all(column.fund is None for column in finance_chart.layout(no_fund).columns)
