"""The finance bridge arithmetic (``stpctl.plan.finance_bridge``), on plans given as data."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from stpctl.plan.finance_bridge import (
    BridgeYear,
    bridge,
    bridge_years,
    counts_on_fund,
    figure,
    fund_interventions,
    in_date_order,
    is_financial_year,
    is_positive,
    unit,
    years,
)


def plan(
    years_: list[Any], gap: dict[str, Any], *schemes: tuple[str, dict[str, Any]]
) -> dict[str, Any]:
    return {
        "finance": {
            "years": years_,
            "do_nothing_gap": gap,
            "interventions": [
                {"name": f"Scheme {i}", "kind": kind, "savings": savings}
                for i, (kind, savings) in enumerate(schemes)
            ],
        }
    }


def test_each_year_sums_savings_by_kind_and_leaves_the_residual() -> None:
    data = plan(
        ["2016/17", "2017/18"],
        {"2016/17": 96.0, "2017/18": 150.0},
        ("provider_efficiency", {"2016/17": 40.0, "2017/18": 60.0}),
        ("provider_efficiency", {"2016/17": 10.0, "2017/18": 15.0}),
        ("commissioner_qipp", {"2016/17": 20.0, "2017/18": 75.0}),
    )
    first, second = bridge(data)
    assert first == BridgeYear(
        "2016/17",
        96.0,
        {"provider_efficiency": 50.0, "commissioner_qipp": 20.0},
        70.0,
        26.0,
    )
    assert not first.closed
    assert second.savings_total == 150.0
    assert second.residual == 0.0
    assert second.closed


def test_decimals_that_do_not_add_up_in_binary_still_close() -> None:
    # 0.1 + 0.2 is 0.30000000000000004 in floating point; the year must close.
    data = plan(
        ["2016/17"],
        {"2016/17": 0.3},
        ("other", {"2016/17": 0.1}),
        ("estates", {"2016/17": 0.2}),
    )
    (year,) = bridge(data)
    assert year.closed
    assert abs(year.residual) < 1e-9


def test_many_small_savings_sum_exactly() -> None:
    # Ten schemes of 0.1 each: a naive running sum gives 0.9999999999999999.
    data = plan(["2020/21"], {"2020/21": 1.0}, *[("other", {"2020/21": 0.1})] * 10)
    (year,) = bridge(data)
    assert year.savings_total == 1.0
    assert year.closed


def test_a_missing_figure_makes_the_year_unknown_never_zero() -> None:
    data = plan(
        ["2018/19", "2019/20"],
        {"2018/19": 150.0},
        ("provider_efficiency", {"2018/19": 130.0}),
    )
    first, second = bridge(data)
    assert first.residual == 20.0 and first.known
    assert second == BridgeYear("2019/20", None, {"provider_efficiency": None}, None, None)
    assert not second.known and not second.closed


def test_a_missing_gap_alone_leaves_the_savings_known() -> None:
    data = plan(["2016/17"], {}, ("other", {"2016/17": 30.5}))
    (year,) = bridge(data)
    assert year.gap is None and year.savings_total == 30.5
    assert year.residual is None and not year.closed  # not an invented surplus


def test_years_are_in_date_order_and_mistyped_years_are_left_out() -> None:
    data = plan(
        ["2017/18", "2016/17", "2017/18", 2018, None, "2016-17", "2020/22"],
        {"2016/17": 10.0, "2017/18": 20.0, "2021/22": 99.0},
        ("other", {"2021/22": 99.0, "2016/17": 1.0, "2017/18": 2.0}),
    )
    assert [y.year for y in bridge(data)] == ["2016/17", "2017/18"]
    assert bridge_years(data) == ["2016/17", "2017/18"]
    assert years(data) == ["2017/18", "2016/17", "2016-17", "2020/22"]
    assert not in_date_order(data)
    assert in_date_order(plan(["2016/17", "2016-17", "2017/18"], {}))


def test_negative_savings_are_a_cost_and_widen_the_gap() -> None:
    data = plan(
        ["2016/17"],
        {"2016/17": 100.0},
        ("provider_efficiency", {"2016/17": 110.0}),
        ("social_care", {"2016/17": -25.5}),
    )
    (year,) = bridge(data)
    assert year.savings_total == 84.5
    assert year.residual == 15.5
    assert year.savings_by_kind["social_care"] == -25.5


def test_junk_figures_are_unknown() -> None:
    data = plan(
        ["2016/17"],
        {"2016/17": "lots"},
        ("other", {"2016/17": 5}),
    )
    (year,) = bridge(data)
    # text where the gap belongs: written but not a number, so the year is unreadable
    assert year == BridgeYear("2016/17", None, {"other": 5.0}, 5.0, None, unreadable=True)
    for junk in ("40", True, float("nan"), float("inf")):
        data = plan(["2016/17"], {"2016/17": 10.0}, ("other", {"2016/17": junk}))
        (year,) = bridge(data)
        assert year.savings_total is None and year.residual is None, junk


def test_interventions_that_are_not_mappings_are_skipped() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0}, ("other", {"2016/17": 5}))
    data["finance"]["interventions"].extend([7, "x"])
    (year,) = bridge(data)
    assert year == BridgeYear("2016/17", 10.0, {"other": 5.0}, 5.0, 5.0)


def test_an_intervention_without_a_kind_counts_as_other() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0})
    data["finance"]["interventions"] = [
        {"savings": {"2016/17": 4.0}},
        {"kind": [], "savings": {"2016/17": 1.0}},
    ]
    (year,) = bridge(data)
    assert year.savings_by_kind == {"other": 5.0}


def test_no_finance_section_or_junk_gives_an_empty_bridge() -> None:
    assert bridge({}) == []
    assert bridge({"finance": "TBC"}) == []
    assert bridge({"finance": {"years": "2016/17"}}) == []
    assert bridge({"finance": {"years": ["2016/17"], "do_nothing_gap": [1]}}) == [
        BridgeYear("2016/17", None, {}, 0.0, None)
    ]


def test_unit_defaults_to_gbp_million() -> None:
    assert unit({}) == "GBP million"
    assert unit({"finance": {"unit": "  "}}) == "GBP million"
    assert unit({"finance": {"unit": 5}}) == "GBP million"
    assert unit({"finance": {"unit": "GBP thousand"}}) == "GBP thousand"


def test_figures_for_messages() -> None:
    assert figure(14.5) == "14.5"
    assert figure(150) == "150.0"
    assert figure(14.449999) == "14.4"
    assert figure(-0.01) == "-0.01"
    assert figure(-0.0) == "0.0"
    assert figure(0.04) == "0.04"
    assert figure(5.5e-17) == "0.0"
    assert figure(1400.0) == "1400.0"


def test_positive_ignores_floating_point_noise() -> None:
    assert not is_positive(0.1 + 0.2 - 0.3 + 1e-12)
    assert not is_positive(0.0)
    assert is_positive(0.000001)
    assert not is_positive(-3.0)


def test_financial_years() -> None:
    assert is_financial_year("2016/17")
    assert is_financial_year("1999/00")
    assert not is_financial_year("2016/18")
    assert not is_financial_year("2016-17")
    assert not is_financial_year("2016/17 ")
    assert not is_financial_year(2016)


pennies = st.integers(min_value=-(10**8), max_value=10**8)


@given(gap=pennies, savings=st.lists(pennies, max_size=8))
def test_a_year_closes_exactly_when_the_savings_cover_the_gap(gap: int, savings: list[int]) -> None:
    # Amounts written with two decimals (pennies of a million): decide with exact
    # integers what the answer must be, and compare with the float arithmetic.
    data = plan(
        ["2020/21"], {"2020/21": gap / 100}, *[("other", {"2020/21": s / 100}) for s in savings]
    )
    (year,) = bridge(data)
    assert year.closed == (sum(savings) >= gap)
    assert abs(year.residual - (gap - sum(savings)) / 100) < 1e-6


def test_figure_says_unknown_for_a_missing_amount() -> None:
    assert figure(None) == "unknown"


# --- the Sustainability and Transformation Fund: income, not a saving --------------------------


def test_fund_income_is_taken_off_after_the_savings_and_is_not_a_saving() -> None:
    data = plan(
        ["2016/17", "2017/18"],
        {"2016/17": 96.0, "2017/18": 150.0},
        ("provider_efficiency", {"2016/17": 80.5, "2017/18": 120.0}),
    )
    data["finance"]["transformation_fund"] = {"2016/17": 10.0, "2017/18": 30.0}
    first, second = bridge(data)
    assert first.savings_total == 80.5  # the Fund is not among the savings
    assert first.savings_by_kind == {"provider_efficiency": 80.5}
    assert first.fund == 10.0
    assert first.residual == 5.5  # 96.0 - 80.5 - 10.0
    assert first.without_fund == 15.5
    assert first.fund_reliance == 10.0  # all of the Fund is needed, and the year still falls short
    assert second.residual == 0.0 and second.closed
    assert second.without_fund == 30.0 and second.fund_reliance == 30.0
    assert counts_on_fund(data)


def test_a_fund_intervention_of_an_older_plan_is_read_as_fund_income() -> None:
    data = plan(
        ["2016/17"],
        {"2016/17": 100.0},
        ("provider_efficiency", {"2016/17": 80.0}),
        ("transformation_fund", {"2016/17": 25.0}),
    )
    (year,) = bridge(data)
    assert year.savings_total == 80.0
    assert "transformation_fund" not in year.savings_by_kind
    assert year.fund == 25.0
    assert year.residual == -5.0  # balanced before, balanced now
    assert year.fund_reliance == 20.0  # without the Fund the year is 20.0 short
    assert [index for index, _ in fund_interventions(data)] == [1]


def test_the_fund_given_in_both_places_is_counted_from_both() -> None:
    data = plan(["2016/17"], {"2016/17": 100.0}, ("transformation_fund", {"2016/17": 5.0}))
    data["finance"]["transformation_fund"] = {"2016/17": 20.0}
    (year,) = bridge(data)
    assert year.fund == 25.0 and year.residual == 75.0


def test_a_plan_without_the_fund_has_no_fund_income() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0}, ("other", {"2016/17": 12.0}))
    (year,) = bridge(data)
    assert year.fund == 0.0 and year.fund_reliance == 0.0
    assert year.without_fund == year.residual == -2.0
    assert not counts_on_fund(data)


def test_a_year_missing_from_the_fund_is_unknown_never_zero() -> None:
    data = plan(["2016/17", "2017/18"], {"2016/17": 10.0, "2017/18": 10.0})
    data["finance"]["transformation_fund"] = {"2016/17": 4.0}
    first, second = bridge(data)
    assert first.residual == 6.0
    assert second.fund is None and second.residual is None and not second.closed
    assert second.without_fund == 10.0  # the gap and the savings are known
    assert second.fund_reliance is None
    assert not second.unreadable


def test_a_fund_figure_that_is_not_a_number_makes_the_year_not_computed() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0}, ("other", {"2016/17": 1.0}))
    data["finance"]["transformation_fund"] = {"2016/17": "1,250.0"}
    (year,) = bridge(data)
    assert year.unreadable
    assert year.fund is None and year.residual is None and year.fund_reliance is None


def test_an_empty_fund_field_counts_on_the_fund_but_gives_no_figure() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0})
    data["finance"]["transformation_fund"] = {}
    (year,) = bridge(data)
    assert counts_on_fund(data)
    assert year.fund is None and year.residual is None
    data["finance"]["transformation_fund"] = None  # written empty: as if absent
    assert not counts_on_fund(data) and bridge(data)[0].fund == 0.0


def test_a_year_that_closes_without_the_fund_does_not_rest_on_it() -> None:
    data = plan(["2016/17"], {"2016/17": 10.0}, ("other", {"2016/17": 12.0}))
    data["finance"]["transformation_fund"] = {"2016/17": 3.0}
    (year,) = bridge(data)
    assert year.residual == -5.0 and year.without_fund == -2.0
    assert year.fund_reliance == 0.0


@given(gap=pennies, savings=pennies, fund=pennies)
def test_the_residual_is_the_gap_less_savings_less_fund(gap: int, savings: int, fund: int) -> None:
    data = plan(["2020/21"], {"2020/21": gap / 100}, ("other", {"2020/21": savings / 100}))
    data["finance"]["transformation_fund"] = {"2020/21": fund / 100}
    (year,) = bridge(data)
    assert year.closed == (savings + fund >= gap)
    assert year.residual is not None and year.fund_reliance is not None
    assert abs(year.residual - (gap - savings - fund) / 100) < 1e-6
    assert 0 <= year.fund_reliance <= max(fund / 100, 0) + 1e-9
