"""The finance-bridge chart's numbers: scale, bar heights, residuals."""

from __future__ import annotations

from pathlib import Path

import pytest

from stpctl.documents.report_finance import Finance, FinanceYear, finance
from stpctl.load.loader import load_bytes
from stpctl.plan.finance_bridge import bridge
from stpctl.render import finance_chart
from stpctl.render.finance_chart import (
    amount_text,
    bar_height,
    layout,
    nice_scale,
    residual_label,
    text_bar,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def plan(name: str) -> dict[str, object]:
    loaded = load_bytes((EXAMPLES / name).read_bytes())
    assert loaded.ok
    data: dict[str, object] = loaded.data
    return data


def draft_finance() -> Finance:
    made = finance(plan("herefordshire-and-worcestershire-draft.yaml"))
    assert made is not None
    return made


@pytest.mark.parametrize(
    ("peak", "top", "step"),
    [
        (250.0, 250.0, 50.0),
        (1405.0, 1500.0, 500.0),
        (9.0, 10.0, 2.0),
        (0.4, 0.4, 0.1),
        (0.41, 0.5, 0.1),
        (0, 1, 0.25),
    ],
)
def test_scale_is_a_round_number_at_or_above_the_peak(peak: float, top: float, step: float) -> None:
    assert nice_scale(peak) == pytest.approx((top, step))


def test_bar_heights_are_proportional_and_never_negative() -> None:
    assert bar_height(125.0, 250.0, 200.0) == 100.0
    assert bar_height(250.0, 250.0, 200.0) == 200.0
    assert bar_height(-10.0, 250.0, 200.0) == 0.0


def test_draft_chart_bars_match_the_bridge() -> None:
    data = plan("herefordshire-and-worcestershire-draft.yaml")
    chart = layout(draft_finance())
    years = bridge(data)
    assert chart.scale_top == 250.0
    assert [t.label for t in chart.ticks] == ["0", "50", "100", "150", "200", "250"]
    assert [c.year for c in chart.columns] == [y.year for y in years]
    for column, year in zip(chart.columns, years, strict=True):
        # Each bar's height is its value over the scale, times the plot height.
        expected = year.gap / chart.scale_top * chart.plot_height
        assert column.gap.height == pytest.approx(expected, abs=0.05)
        assert column.gap.y + column.gap.height == pytest.approx(chart.axis_y, abs=0.1)
        # The savings stack adds up to the year's total savings.
        stacked = sum(bar.value for bar in column.savings)
        assert stacked == pytest.approx(year.savings_total)
        assert column.savings_top == pytest.approx(
            chart.axis_y - year.savings_total / chart.scale_top * chart.plot_height, abs=0.1
        )
        # The residual is the bridge's, and the unclosed part is outlined.
        assert column.residual == year.residual
        assert column.residual_box is not None
        assert column.residual_box.value == year.residual
        assert column.residual_box.height == pytest.approx(
            year.residual / chart.scale_top * chart.plot_height, abs=0.2
        )
        assert column.residual_label == f"short {amount_text(year.residual)}"
    final = chart.columns[-1]
    assert final.gap.height == pytest.approx(chart.plot_height)  # the peak fills the axis
    assert final.residual == 35.5


def test_heights_keep_their_ratios() -> None:
    chart = layout(draft_finance())
    gaps = [c.gap for c in chart.columns]
    for bar in gaps:
        assert bar.height / gaps[-1].height == pytest.approx(bar.value / gaps[-1].value, abs=0.01)


def test_a_bridge_that_closes_has_no_residual_box() -> None:
    made = finance(plan("north-east-london.yaml"))
    assert made is not None
    chart = layout(made)
    assert all(column.residual_box is None for column in chart.columns)
    assert chart.columns[-1].residual_label == "closes, 1.0 spare"
    assert chart.scale_top >= max(y.savings_total for y in made.years)


def test_kinds_keep_fixed_colours_and_unknown_kinds_get_others() -> None:
    colours = finance_chart.fills(("social_care", "weird", "other"))
    assert colours["social_care"] == finance_chart.KIND_FILLS["social_care"]
    assert colours["weird"] == finance_chart.EXTRA_FILLS[0]
    assert len(set(colours.values())) == 3


def test_negative_and_empty_figures_draw_without_error() -> None:
    years = (
        FinanceYear("2016/17", -5.0, (3.0, -2.0), 1.0, -6.0, True),
        FinanceYear("2017/18", 0.0, (0.0, 0.0), 0.0, 0.0, True),
    )
    chart = layout(Finance("GBP million", ("estates", "other"), years))
    assert chart.columns[0].gap.height == 0.0
    assert [bar.value for bar in chart.columns[0].savings] == [3.0]
    assert chart.columns[1].residual_label == "closes"


def test_text_bars_use_eighths() -> None:
    assert text_bar(250.0, 250.0, width=10) == "█" * 10
    assert text_bar(125.0, 250.0, width=10) == "█" * 5
    assert text_bar(6.0, 250.0, width=30) == "▊"  # 0.72 of a block: 6 eighths
    assert text_bar(-1.0, 250.0) == ""


def test_amounts_and_labels() -> None:
    assert amount_text(1405.0) == "1,405.0"
    assert amount_text(-0.04) == "0.0"
    assert residual_label(35.5) == "short 35.5"
    assert residual_label(1e-12) == "closes"


def test_a_year_with_a_missing_figure_draws_no_residual() -> None:
    data = plan("herefordshire-and-worcestershire.yaml")
    money = data["finance"]
    assert isinstance(money, dict)
    del money["do_nothing_gap"]["2016/17"]
    money["interventions"][0]["savings"]["2017/18"] = "TBC"
    made = finance(data)
    assert made is not None
    chart = layout(made)
    first, second = chart.columns[0], chart.columns[1]
    # 2016/17: savings known, gap missing; 2017/18: gap known, a saving not a number.
    assert not first.gap_known and first.gap.height == 0 and first.savings
    assert second.gap_known and second.savings == () and second.savings_total is None
    for column in (first, second):
        assert column.residual is None and column.residual_box is None and not column.closed
    assert first.residual_label == "unknown: figure missing"
    assert second.residual_label == "not computed: a figure is not a number"
    assert chart.columns[2].residual_label.startswith("closes")
    assert finance_chart.text_chart(made).bar(None) == ""
