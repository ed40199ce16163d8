"""The roll-up laid out once for every human format: its sentences and its
tables, cell by cell, so that Markdown, HTML, Word and Excel carry the same
content and differ only in layout.

A ``Cell`` has the text every format shows, and for spreadsheets the value
behind it (a number stays a number); ``rag`` is a colour name shown as a
fill beside the word or letter, so a black-and-white print still reads.

The parts, in order: the totals (sentences), the region subtotals (a table
ending with the country's row), the plans, the questions by footprint (the
"which question is red where" matrix with the counts per status), the
finance, the footprints of the register without a plan, and the files not
read.
"""

from __future__ import annotations

from dataclasses import dataclass

from stpctl import __version__
from stpctl.documents.report import RAG, STATUS_ORDER, STATUS_WORDS
from stpctl.documents.rollup import FootprintRow, Rollup
from stpctl.documents.rollup_totals import Totals, regions, totals, without_plan
from stpctl.plan.finance_bridge import DEFAULT_UNIT, is_positive
from stpctl.records.wording import counted
from stpctl.render.finance_chart import amount_text

# One letter per status for the matrix (an en dash for not applicable).
LETTERS = {"red": "R", "amber": "A", "green": "G", "grey": "\u2013"}
RAG_WORDS = {"red": "Red", "amber": "Amber", "green": "Green", "grey": "Not applicable"}
SORT_WORDS = {
    "code": "footprint code",
    "name": "footprint name",
    "region": "region, then footprint code",
    "worst": "most unanswered questions, then the largest final-year residual",
}
COUNTRY = "England"
DASH = "\u2014"


@dataclass(frozen=True)
class Cell:
    text: str
    value: object = None  # for spreadsheets: a number, or None for the text
    rag: str | None = None  # red | amber | green | grey: a fill colour beside the text
    number: bool = False  # right-aligned
    money: bool = False  # an amount in the finance unit
    flag: str | None = None  # "short" (money still to find) or "error": shown in bold
    link: str | None = None  # a file beside the document (a board report): a safe name


@dataclass(frozen=True)
class Column:
    label: str  # as a narrow table heads it ("7")
    title: str  # in full ("Quality and safety")
    number: bool = False
    wide: bool = False  # free text: gets the room a table has left
    question: bool = False  # a question of the matrix: narrow, its title turned on its side


@dataclass(frozen=True)
class Table:
    key: str  # plans | questions | finance | regions | unplanned | not_read
    title: str
    note: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    total: tuple[Cell, ...] | None = None  # a last row in bold
    matrix: bool = False  # the questions matrix: narrow columns, legend


def text(value: str | None) -> Cell:
    return Cell(value if value else DASH, value)


def whole(number: int) -> Cell:
    return Cell(str(number), number, number=True)


def money(amount: float | None, missing: str = DASH, flag: bool = True) -> Cell:
    if amount is None:
        return Cell(missing, None, number=True)
    short = flag and is_positive(amount)
    return Cell(
        amount_text(amount), amount, number=True, money=True, flag="short" if short else None
    )


def residual_cell(row: FootprintRow) -> Cell:
    """The final-year residual, with its unit when it is not the usual one;
    ``unknown`` when a figure is missing, a dash without a bridge."""
    if row.final_residual is None:
        return Cell("unknown" if row.final_year else DASH, None, number=True)
    cell = money(row.final_residual)
    if row.unit not in (None, DEFAULT_UNIT):
        return Cell(f"{cell.text} {row.unit}", cell.value, number=True, flag=cell.flag)
    return cell


def deficit_text(row: FootprintRow) -> str:
    """``2 of 5``, with the years not worked out: ``2 of 5 (1 unknown)``; a dash
    without a bridge."""
    if not row.bridge_years:
        return DASH
    said = f"{len(row.years_in_deficit)} of {row.bridge_years}"
    return said + (f" ({len(row.years_unknown)} unknown)" if row.years_unknown else "")


def fund_cell(row: FootprintRow) -> Cell:
    """How much of the final year's balance depends on the Fund: an amount,
    ``none`` for a plan without Fund income, ``unknown`` when it cannot be
    worked out, a dash without a bridge."""
    if not row.final_year:
        return Cell(DASH, None, number=True)
    if row.final_fund_reliance is None:
        return Cell("unknown", None, number=True)
    if row.final_fund == 0:
        return Cell("none", 0.0, number=True, money=True)
    return money(row.final_fund_reliance, flag=False)


def balance_word(row: FootprintRow) -> str:
    if row.in_balance is None:
        return "Not known"
    return "In balance" if row.in_balance else "Out of balance"


def plans_heading(rollup: Rollup) -> str:
    """``5 plans (3 footprints)``: plans and footprints are not the same count."""
    plans = len(rollup.rows)
    footprints = rollup.footprint_count()
    parts = [counted(footprints, "footprint")]
    if rollup.uncoded():
        parts.append(f"{rollup.uncoded()} without a footprint code")
    return f"{counted(plans, 'plan')} ({', '.join(parts)})"


def title(rollup: Rollup) -> str:
    return f"STP roll-up: {plans_heading(rollup)} as of {rollup.as_of.isoformat()}"


def notes(rollup: Rollup) -> list[str]:
    """The sentences under the heading: plans shared by one footprint."""
    said = []
    for code, paths in rollup.shared_codes():
        files = ", ".join(path.replace("\\", "/").rsplit("/", 1)[-1] for path in paths)
        said.append(
            f"Footprint {code} appears in {len(paths)} plans ({files}), for example a draft"
            " beside its submission: each is a row; the totals count the footprint once, by"
            " the plan furthest along (approved, then submitted, then draft)."
        )
    return said


def totals_lines(rollup: Rollup) -> list[str]:
    """The totals block, one sentence per line."""
    country = totals(rollup)
    lines = [
        f"Plans: {len(rollup.rows)}, for {counted(country.footprints, 'footprint')}"
        f" of the {country.registered} in the register; {country.without_plan} without a plan"
        + (f"; {country.without_code} without a footprint code" if country.without_code else "")
        + (f"; {counted(len(rollup.not_loaded), 'file')} not read" if rollup.not_loaded else "")
        + ".",
        "Status (each footprint once): " + _statuses(country) + ".",
        f"Financial balance in the final year: {country.in_balance} in balance,"
        f" {country.out_of_balance} out of balance, {country.balance_not_known} not known.",
        (
            f"Total final-year residual: {amount_text(country.final_residual)} {DEFAULT_UNIT}"
            + (
                f" (the {counted(country.out_of_balance, 'footprint')} out of balance"
                f" {'are' if country.out_of_balance != 1 else 'is'} short by"
                f" {amount_text(country.out_of_balance_by)})"
                if country.out_of_balance
                else " (no footprint out of balance)"
            )
            if country.final_residual is not None
            else "Total final-year residual: none known"
        )
        + (
            f"; {counted(country.other_unit, 'plan')} in another unit not added"
            if country.other_unit
            else ""
        )
        + ".",
        "Questions across the country: "
        + ", ".join(
            f"{country.questions[colour]} {RAG_WORDS[colour].lower()}" for colour in RAG_WORDS
        )
        + ".",
    ]
    return lines


def _statuses(figures: Totals) -> str:
    said = [f"{figures.by_status[s]} {s}" for s in ("draft", "submitted", "approved")]
    if figures.by_status["other"]:
        said.append(f"{figures.by_status['other']} other")
    return ", ".join(said)


def _region_cells(name: str, figures: Totals) -> tuple[Cell, ...]:
    return (
        Cell(name, name),
        whole(figures.plans),
        whole(figures.footprints),
        whole(figures.without_plan),
        whole(figures.by_status["draft"]),
        whole(figures.by_status["submitted"]),
        whole(figures.by_status["approved"]),
        whole(figures.in_balance),
        whole(figures.out_of_balance),
        whole(figures.balance_not_known),
        money(figures.final_residual),
        *(whole(figures.questions[colour]) for colour in RAG_WORDS),
    )


def regions_table(rollup: Rollup) -> Table:
    columns = (
        Column("Region", "Region"),
        *(
            Column(label, label, number=True)
            for label in (
                "Plans",
                "Footprints",
                "Without a plan",
                "Draft",
                "Submitted",
                "Approved",
                "In balance",
                "Out of balance",
                "Balance not known",
                "Final-year residual",
                "Red",
                "Amber",
                "Green",
                "N/A",
            )
        ),
    )
    return Table(
        "regions",
        "Totals by region",
        "Region from the register of footprints. Each footprint counts once in the status,"
        " balance, residual and question figures; plans counts every plan. The final-year"
        f" residual is in {DEFAULT_UNIT} (positive = money still to find).",
        columns,
        tuple(_region_cells(item.region, item.totals) for item in regions(rollup)),
        _region_cells(COUNTRY, totals(rollup)),
    )


def plans_table(rollup: Rollup, reports: dict[str, str] | None = None) -> Table:
    columns = (
        Column("Code", "Code"),
        Column("Footprint", "Footprint", wide=True),
        Column("Region", "Region"),
        Column("Status", "Status"),
        Column("Complete", "Complete", number=True),
        Column("Errors", "Errors", number=True),
        Column("Warnings", "Warnings", number=True),
        Column("Top finding", "Top finding", wide=True),
        Column("File", "File"),
        *([Column("Report", "Board report")] if reports else []),
    )
    rows = []
    for row in rollup.rows:
        report = (reports or {}).get(row.path)
        link = (Cell(report, report, link=report) if report else text(None),) if reports else ()
        top = row.top
        rows.append(
            (
                text(row.code),
                text(row.name),
                text(row.region),
                text(row.submission_status.capitalize()),
                Cell(f"{row.percent}%", row.percent / 100, number=True),
                Cell(
                    str(row.errors), row.errors, number=True, flag="error" if row.errors else None
                ),
                whole(row.warnings),
                Cell(f"{top.word}: {top.text}", top.text) if top else Cell("None", None),
                Cell(row.file_name, row.file_name),
                *link,
            )
        )
    return Table(
        "plans",
        "Plans",
        f"One row per plan, sorted by {SORT_WORDS[rollup.order]}. Complete counts answered and"
        " not applicable questions out of ten. The top finding is the most severe, then the"
        " first in the file (“Must fix”: an error; “To watch”: a warning; “Note”: for"
        " information).",
        columns,
        tuple(rows),
    )


def questions_table(rollup: Rollup) -> Table:
    columns = (
        Column("Code", "Code"),
        Column("Footprint", "Footprint", wide=True),
        *(
            Column(str(n), q_title, question=True)
            for n, (_, q_title) in enumerate(rollup.questions, 1)
        ),
        *(
            Column(
                STATUS_WORDS[s] if s != "not_applicable" else "N/A", STATUS_WORDS[s], number=True
            )
            for s in STATUS_ORDER
        ),
    )
    rows = []
    for row in rollup.rows:
        cells = [text(row.code), text(row.name)]
        for key, _ in rollup.questions:
            colour = row.rag.get(key, RAG[row.statuses[key]])
            cells.append(Cell(LETTERS[colour], LETTERS[colour], rag=colour))
        cells += [whole(row.counts[status]) for status in STATUS_ORDER]
        rows.append(tuple(cells))
    total = (
        Cell("", None),
        Cell("Red in", "Red in"),
        *(whole(rollup.red_cells(key)) for key, _ in rollup.questions),
        *(whole(sum(row.counts[s] for row in rollup.rows)) for s in STATUS_ORDER),
    )
    return Table(
        "questions",
        "Which question is red where",
        "R red: unanswered; A amber: partial; G green: answered; \u2013 not applicable."
        " Financial balance is also red when a finance finding is an error and amber when"
        " one is a warning, whichever year it is about. Questions: "
        + " · ".join(f"{n} {q_title}" for n, (_, q_title) in enumerate(rollup.questions, 1))
        + ".",
        columns,
        tuple(rows),
        total,
        matrix=True,
    )


def finance_table(rollup: Rollup) -> Table:
    columns = (
        Column("Code", "Code"),
        Column("Footprint", "Footprint", wide=True),
        Column("Final year", "Final year"),
        Column("Final-year residual", "Final-year residual", number=True),
        Column("Balance", "Balance in the final year"),
        Column("Years in deficit", "Years in deficit", number=True),
        Column("Depends on the Fund", "Depends on the Fund", number=True),
        Column("Financial balance", "Financial balance RAG"),
    )
    rows = []
    for row in rollup.rows:
        colour = row.rag.get("financial_balance", row.finance_rag)
        rows.append(
            (
                text(row.code),
                text(row.name),
                text(row.final_year),
                residual_cell(row),
                Cell(balance_word(row), balance_word(row)),
                Cell(
                    deficit_text(row),
                    None,  # "2 of 5": the count and the years of the bridge, as text
                    number=True,
                    flag="short" if row.years_in_deficit else None,
                ),
                fund_cell(row),
                Cell(RAG_WORDS[colour], RAG_WORDS[colour], rag=colour),
            )
        )
    return Table(
        "finance",
        "Finance",
        f"The final-year residual is in {DEFAULT_UNIT} unless shown otherwise (positive = money"
        " still to find; unknown = a figure is missing or is not a number). Years in deficit"
        " counts the years of the bridge with money still to find (residual = do-nothing gap"
        " \u2212 savings \u2212 Fund income). Depends on the Fund is how much of the final"
        " year\u2019s balance only Sustainability and Transformation Fund income closes:"
        " conditional income, not a saving. Financial balance is the question\u2019s RAG,"
        " red when a finance finding is an error and amber when one is a warning.",
        columns,
        tuple(rows),
    )


def unplanned_table(rollup: Rollup) -> Table:
    columns = (
        Column("Code", "Code"),
        Column("Footprint", "Footprint", wide=True),
        Column("Region", "Region"),
        Column("Formerly", "Formerly"),
    )
    missing = without_plan(rollup)
    return Table(
        "unplanned",
        "Footprints without a plan",
        f"{counted(len(missing), 'footprint')} of the register\u2019s"
        f" {totals(rollup).registered} that no plan names (a recoded footprint once, under its"
        " current code; a plan giving its old code counts for it). A plan that could not be"
        " read names none.",
        columns,
        tuple(
            (text(item.code), text(item.name), text(item.region), text(", ".join(item.old_codes)))
            for item in missing
        ),
    )


def not_read_table(rollup: Rollup) -> Table:
    columns = (
        Column("File", "File"),
        Column("Errors", "Errors", number=True),
        Column("Why it was not read", "Why it was not read", wide=True),
    )
    return Table(
        "not_read",
        "Files not read",
        "These files could not be read as plans; the reason is the first error.",
        columns,
        tuple(
            (Cell(item.path, item.path), whole(item.errors), Cell(item.message, item.message))
            for item in rollup.not_loaded
        ),
    )


def tables(rollup: Rollup, reports: dict[str, str] | None = None) -> tuple[Table, ...]:
    """Every table, in the order the documents show them; the files not read
    only when there are some.  ``reports`` names each plan's board report (by
    path) when the roll-up is the index of a folder of them."""
    made = [
        regions_table(rollup),
        plans_table(rollup, reports),
        questions_table(rollup),
        finance_table(rollup),
        unplanned_table(rollup),
    ]
    if rollup.not_loaded:
        made.append(not_read_table(rollup))
    return tuple(made)


def footer(rollup: Rollup, pack_name: str) -> str:
    return (
        f"Produced by stpctl {__version__}, judged as of {rollup.as_of.isoformat()},"
        f" against the guidance pack \u201c{pack_name}\u201d."
    )
