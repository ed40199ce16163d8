"""The finance-bridge chart as a PNG picture, for the Word report.

Drawn with matplotlib (Agg, no display) from the very geometry the HTML
report's SVG is drawn from (``finance_chart.layout``): the same bars, the
same colours, the same labels ("short 35.5", "not computed: a figure is
not a number"), so the picture in Word and the chart in HTML show the same
figures.  We draw the layout rather than convert the SVG because an SVG
renderer (cairosvg, rsvg) needs a system library a Windows or fresh CI
machine does not have, while matplotlib installs from wheels everywhere.

``png`` returns the picture and the texts drawn on it, in drawing order, so
a test can compare them with the SVG's.  The PNG carries no software
version or date, so the same chart gives the same bytes.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from stpctl.documents.report_finance import Finance
from stpctl.render import finance_chart

LEGEND_ROW = 16.0  # height of a legend row, in SVG pixels
RESIDUAL_LEGEND = "Residual (still to find)"
DPI = 200
# Points at the drawing's own size (6.8 inches wide); Word shows it at about that
# size, so labels stay as readable as the report's small print.
FONT_SIZE = 7.0


@dataclass(frozen=True)
class Picture:
    png: bytes
    texts: tuple[str, ...]  # what the chart says, in drawing order
    width_px: float  # the drawing's size in the SVG's pixels
    height_px: float


def gap_text(column: finance_chart.YearColumn) -> str:
    value = column.gap.value if column.gap_known else None
    if value is None:
        return "not computed" if column.unreadable else "missing"
    return finance_chart.amount_text(value)


def savings_text(column: finance_chart.YearColumn) -> str:
    total = column.savings_total
    text = "—" if total is None else finance_chart.amount_text(total)
    if column.fund:
        text += f" + {finance_chart.amount_text(column.fund.value)}"
    return text


def png(finance: Finance) -> Picture:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.patches import Rectangle

    chart = finance_chart.layout(finance)
    legend = [*chart.legend, finance_chart.LegendItem(RESIDUAL_LEGEND, "none")]
    per_row = 2  # the Fund's label is long: three to a row would run off the edge
    rows = -(-len(legend) // per_row)
    height = chart.height + 8 + rows * LEGEND_ROW
    figure = Figure(figsize=(chart.width / 100, height / 100), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, chart.width)
    axes.set_ylim(height, 0)  # y grows downwards, as in the SVG
    axes.axis("off")
    texts: list[str] = []

    def text(x: float, y: float, value: str, **style: object) -> None:
        texts.append(value)
        style.setdefault("fontsize", FONT_SIZE)
        style.setdefault("color", "#212b32")
        axes.text(x, y, value, va="baseline", **style)  # type: ignore[arg-type]

    def box(bar: finance_chart.Bar, **style: object) -> None:
        axes.add_patch(Rectangle((bar.x, bar.y), bar.width, bar.height, **style))  # type: ignore[arg-type]

    for index, tick in enumerate(chart.ticks):
        colour, width = ("#425563", 0.6) if index == 0 else ("#d8dde0", 0.35)
        axes.plot(
            [chart.left, chart.left + chart.plot_width], [tick.y, tick.y], color=colour, lw=width
        )
        text(chart.left - 5, tick.y + 3.5, tick.label, ha="right", color="#4c6272")
    text(2, chart.top - 8, chart.unit, color="#4c6272")
    for column in chart.columns:
        if column.gap_known:
            box(column.gap, facecolor=column.gap.fill, edgecolor="none")
        for saving in column.savings:
            box(saving, facecolor=saving.fill, edgecolor="white", lw=0.35)
        if column.fund:
            box(column.fund, facecolor=column.fund.fill, edgecolor="#00553c", lw=0.7, ls="--")
        if column.residual_box:
            box(column.residual_box, facecolor="white", edgecolor="#c8102e", lw=0.9, ls="--")
        if column.gap_known:
            right = column.savings_x + column.gap.width + 3
            axes.plot(
                [column.gap.x, right], [column.gap_level] * 2, color="#c8102e", lw=0.6, ls=":"
            )
        middle = column.gap.width / 2
        text(column.gap.x + middle, column.gap.y - 4, gap_text(column), ha="center")
        top = min(column.fund.y if column.fund else column.savings_top, column.gap_level)
        text(column.savings_x + middle, top - 4, savings_text(column), ha="center")
        text(column.centre, chart.axis_y + 14, column.year, ha="center", fontweight="bold")
        colour = finance_chart.CLOSED_TEXT if column.closed else finance_chart.RESIDUAL_STROKE
        text(column.centre, chart.axis_y + 28, column.residual_label, ha="center", color=colour)
    slot = chart.width / per_row
    for index, item in enumerate(legend):
        x = (index % per_row) * slot + 4
        y = chart.height + 8 + (index // per_row) * LEGEND_ROW
        swatch = finance_chart.Bar(x, y - 8, 9, 9, 0.0, item.fill, item.label)
        if item.fill == "none":  # the residual: a dashed red outline, as in the chart
            box(swatch, facecolor="white", edgecolor="#c8102e", lw=0.7, ls="--")
        else:
            box(swatch, facecolor=item.fill, edgecolor="#768692", lw=0.3)
        text(x + 13, y, item.label)
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=DPI, metadata={"Software": None})
    return Picture(out.getvalue(), tuple(texts), chart.width, height)
