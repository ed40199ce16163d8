"""Geometry of the finance-bridge chart: where each bar goes and what it says.

Pure arithmetic, so a test can check the chart's numbers; the HTML template
only draws the shapes computed here (an inline SVG), and the Markdown
template draws ``text_bar`` bars.  For each year the chart has two bars
side by side: the do-nothing gap, and the savings stacked by intervention
kind with the Sustainability and Transformation Fund as its own band on
top (conditional income, not a saving: its colour never belongs to a kind
of saving).  A dashed line carries the gap's level across the savings bar,
and a positive residual (money still missing) is outlined between the top
of the savings and Fund income and that line.

Negative figures (a plan can write them) are drawn as zero-height bars; the
tables beside the chart always show the figures as written.  A figure the
plan does not give is not drawn at all (never as 0): a year without its gap
has no gap bar, a year with any savings figure missing has no savings stack,
and either way the year has no residual, only a label saying it is unknown
(or not computed, when a figure for it is written but is not a number).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from stpctl.documents.report_finance import Finance, FinanceYear, kind_label
from stpctl.plan.finance_bridge import is_positive

WIDTH = 680.0
HEIGHT = 300.0
LEFT = 52.0  # room for the value axis labels
RIGHT = 8.0
TOP = 20.0  # room for the figures above the bars
BOTTOM = 40.0  # room for the year and the residual under the axis
TICKS_WANTED = 5

GAP_FILL = "#425563"
RESIDUAL_STROKE = "#c8102e"
CLOSED_TEXT = "#00703c"
# Okabe-Ito colours, told apart by most colour-blind readers; fixed per kind
# so the same kind has the same colour in every report.
KIND_FILLS = {
    "provider_efficiency": "#0072b2",
    "commissioner_qipp": "#e69f00",
    "social_care": "#cc79a7",
    "estates": "#56b4e9",
    "other": "#999999",
}
EXTRA_FILLS = ("#f0e442", "#7a5195", "#8c564b", "#bcbd22")
# The Fund's band: the green the chart always gave it, drawn with a dashed
# outline in the HTML because the money is conditional.
FUND_FILL = "#009e73"
FUND_LABEL = "Sustainability and Transformation Fund"
FUND_LEGEND = "Sustainability and Transformation Fund (conditional income)"

_PARTS = " ▏▎▍▌▋▊▉"  # eighths of a block, for text bars


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: float
    fill: str
    label: str


@dataclass(frozen=True)
class Tick:
    value: float
    y: float
    label: str


@dataclass(frozen=True)
class YearColumn:
    year: str
    centre: float
    gap: Bar  # zero height when the gap is unknown (``gap_known`` false)
    gap_known: bool
    savings: tuple[Bar, ...]  # bottom to top, one per kind with a positive saving
    savings_total: float | None
    savings_x: float
    savings_top: float  # y of the top of the savings stack
    gap_level: float  # y of the gap's value
    residual: float | None
    closed: bool
    residual_box: Bar | None  # the unclosed part, when the residual is positive
    residual_label: str
    unreadable: bool = False  # a figure for the year is written but is not a number
    fund: Bar | None = None  # the Fund's band on top of the savings, when drawn


@dataclass(frozen=True)
class LegendItem:
    label: str
    fill: str


@dataclass(frozen=True)
class Chart:
    width: float
    height: float
    left: float
    top: float
    plot_width: float
    plot_height: float
    axis_y: float  # y of the zero line
    scale_top: float
    ticks: tuple[Tick, ...]
    columns: tuple[YearColumn, ...]
    legend: tuple[LegendItem, ...]
    unit: str


def _known(*values: float | None) -> list[float]:
    return [value for value in values if value is not None]


def _stack(year: FinanceYear) -> float | None:
    """The height of the savings bar: savings, then Fund income on top."""
    if year.savings_total is None:
        return None
    return year.savings_total + max(year.fund or 0.0, 0.0)


def amount_text(value: float) -> str:
    """An amount as a board reads it: thousands separated, one decimal."""
    return f"{round(value, 1) + 0.0:,.1f}"  # + 0.0 turns -0.0 into 0.0


def nice_scale(peak: float) -> tuple[float, float]:
    """The top of the value axis and the step between ticks: a round step
    (1, 2, 2.5 or 5 times a power of ten) giving about five ticks."""
    if not is_positive(peak):
        return 1.0, 0.25
    raw = peak / TICKS_WANTED
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power * TICKS_WANTED >= peak)
    return math.ceil(round(peak / step, 9)) * step, step


def bar_height(value: float, scale_top: float, plot_height: float) -> float:
    """Height of a bar for ``value``: proportional, never negative."""
    return max(value, 0.0) / scale_top * plot_height


def fills(kinds: tuple[str, ...]) -> dict[str, str]:
    extra = iter(EXTRA_FILLS * (len(kinds) // len(EXTRA_FILLS) + 1))
    return {kind: KIND_FILLS[kind] if kind in KIND_FILLS else next(extra) for kind in kinds}


def layout(finance: Finance) -> Chart:
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    axis_y = TOP + plot_height
    peak = max((max(_known(y.gap, _stack(y), *y.savings, 0.0)) for y in finance.years), default=0)
    top, step = nice_scale(peak)
    count = round(top / step)
    ticks = tuple(
        Tick(value, _r(axis_y - bar_height(value, top, plot_height)), _tick_label(value))
        for value in (round(index * step, 9) for index in range(count + 1))
    )
    colour = fills(finance.kinds)
    slot = plot_width / max(len(finance.years), 1)
    bar_width = slot * 0.34
    columns = []
    for index, year in enumerate(finance.years):
        left = LEFT + slot * index
        gap_x = left + slot * 0.12
        savings_x = gap_x + bar_width + slot * 0.08
        gap_height = bar_height(year.gap or 0.0, top, plot_height)
        gap = Bar(
            _r(gap_x),
            _r(axis_y - gap_height),
            _r(bar_width),
            _r(gap_height),
            year.gap or 0.0,
            GAP_FILL,
            "Do-nothing gap",
        )
        stack = []
        level = axis_y
        # A stack with a part missing would look like the whole: draw none.
        drawn = (
            zip(finance.kinds, year.savings, strict=True) if year.savings_total is not None else ()
        )
        for kind, saved in drawn:
            if saved is None:
                continue
            height = bar_height(saved, top, plot_height)
            if height <= 0:
                continue
            level -= height
            stack.append(
                Bar(
                    _r(savings_x),
                    _r(level),
                    _r(bar_width),
                    _r(height),
                    saved,
                    colour[kind],
                    kind_label(kind),
                )
            )
        savings_top = level
        fund = None
        if finance.counts_on_fund and year.savings_total is not None and year.fund is not None:
            height = bar_height(year.fund, top, plot_height)
            if height > 0:
                level -= height
                fund = Bar(
                    _r(savings_x),
                    _r(level),
                    _r(bar_width),
                    _r(height),
                    year.fund,
                    FUND_FILL,
                    FUND_LABEL,
                )
        gap_level = axis_y - gap_height
        box = None
        if year.residual is not None and is_positive(year.residual) and level > gap_level:
            box = Bar(
                _r(savings_x),
                _r(gap_level),
                _r(bar_width),
                _r(level - gap_level),
                year.residual,
                "none",
                "Residual",
            )
        columns.append(
            YearColumn(
                year=year.year,
                centre=_r(left + slot / 2),
                gap=gap,
                gap_known=year.gap is not None,
                savings=tuple(stack),
                savings_total=year.savings_total,
                savings_x=_r(savings_x),
                savings_top=_r(savings_top),
                gap_level=_r(gap_level),
                residual=year.residual,
                closed=year.closed,
                residual_box=box,
                residual_label=residual_label(year.residual, year.unreadable),
                unreadable=year.unreadable,
                fund=fund,
            )
        )
    legend = (
        LegendItem("Do-nothing gap", GAP_FILL),
        *(LegendItem(kind_label(kind), colour[kind]) for kind in finance.kinds),
        *((LegendItem(FUND_LEGEND, FUND_FILL),) if finance.counts_on_fund else ()),
    )
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        left=LEFT,
        top=TOP,
        plot_width=plot_width,
        plot_height=plot_height,
        axis_y=axis_y,
        scale_top=top,
        ticks=ticks,
        columns=tuple(columns),
        legend=legend,
        unit=finance.unit,
    )


def residual_label(residual: float | None, unreadable: bool = False) -> str:
    """What the chart says under a year: the money still missing, that it
    closes, or that it cannot be worked out for a missing figure or one that
    is not a number."""
    if residual is None:
        return "not computed: a figure is not a number" if unreadable else "unknown: figure missing"
    if is_positive(residual):
        return f"short {amount_text(residual)}"
    if is_positive(-residual):
        return f"closes, {amount_text(-residual)} spare"
    return "closes"


def text_bar(value: float | None, scale_top: float, width: int = 30) -> str:
    """A bar of block characters ``width`` long at ``scale_top`` (Markdown
    chart); no bar for an unknown figure."""
    if value is None or scale_top <= 0:
        return ""
    eighths = round(max(value, 0.0) / scale_top * width * 8)
    whole, part = divmod(eighths, 8)
    return "█" * whole + (_PARTS[part] if part else "")


def _tick_label(value: float) -> str:
    shown = f"{value:,.2f}".rstrip("0").rstrip(".")
    return shown


def _r(value: float) -> float:
    """Coordinates to a tenth of a pixel: finer is invisible, and fixed
    rounding keeps the SVG byte-identical across runs."""
    return round(value, 1) + 0.0


@dataclass(frozen=True)
class TextChart:
    """The Markdown chart's scale: every bar drawn against ``scale_top``."""

    scale_top: float
    width: int = 30

    def bar(self, value: float | None) -> str:
        return text_bar(value, self.scale_top, self.width)


def text_chart(finance: Finance) -> TextChart:
    """The same value axis as the SVG chart, for bars of block characters."""
    peak = max(
        (max(_known(y.gap, y.savings_total, y.fund, 0.0)) for y in finance.years), default=0.0
    )
    return TextChart(nice_scale(peak)[0])
