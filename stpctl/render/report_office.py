"""The board report as a Word document (``stpctl report --format docx``).

The same content as the HTML report, in board language, built with the
shared ``word`` plumbing: the marking in every page's header, page numbers
in the footer, real headings (``Title``, ``Heading 1`` per section,
``Heading 2`` per part), tables whose header row repeats, RAG cells with the
word and a shading, and the finance chart as a picture (``chart_image``,
drawn from the geometry the HTML's SVG uses).  The appendix "For the plan's
editors" starts on a new page; ``appendix=False`` leaves it out.
"""

from __future__ import annotations

from stpctl import __version__
from stpctl.documents.board_words import date_words, long_date, plain_reason, status_words
from stpctl.documents.marking import marking as header_marking
from stpctl.documents.report import Report
from stpctl.render import chart_image, finance_chart
from stpctl.render.report_document import (
    action_text,
    board_message,
    conditions_text,
    deficit_text,
    finance_rows,
    lead_text,
    number_text,
    part_of_plan,
)
from stpctl.render.word import Cell, WordDocument

CHART_WIDTH_CM = 16.5


def _glance(report: Report) -> list[tuple[str, str]]:
    """The tiles: a figure and what it counts, each readable on its own."""
    c = report.completeness
    assert c is not None
    overdue = len(report.overdue)
    rows = [
        (
            f"{c.percent}% complete",
            f"{c.done} of the {c.total} national questions answered or not applicable",
        ),
        (
            f"{c.counts['unanswered']} question{'' if c.counts['unanswered'] == 1 else 's'}"
            " unanswered",
            f"and {c.counts['partial']} only partly answered",
        ),
        (
            f"{overdue} action{'' if overdue == 1 else 's'} overdue",
            f"open actions past their due date at {long_date(report.as_of)}",
        ),
    ]
    finance = report.finance
    final = finance.final if finance else None
    if finance is None or final is None:
        rows.append(("No finance bridge", "the plan gives no financial years"))
    elif not final.known:
        why = "a figure is not a number" if final.unreadable else "a figure is missing"
        rows.append((f"Balance in {final.year} unknown", why))
    elif final.closed:
        shown = f"{finance_chart.amount_text(final.residual or 0.0)} {finance.unit}"
        rows.append((f"In balance in {final.year}", f"the final year closes (residual {shown})"))
    else:
        shown = f"{finance_chart.amount_text(final.residual or 0.0)} {finance.unit}"
        rows.append(
            (f"{shown} still to find", f"in {final.year}: the plan is not in financial balance")
        )
    must, watch = len(report.board.must_fix), len(report.board.watch)
    rows.append(
        (f"{must} thing{'' if must == 1 else 's'} to fix", f"before submission; {watch} to watch")
    )
    return rows


def docx(report: Report, pack_name: str, marking: str | None, appendix: bool = True) -> bytes:
    fp = report.footprint
    assert fp is not None and report.completeness is not None  # a report of a plan read
    name = fp.name or "(footprint name not given)"
    document = WordDocument(
        f"STP board report: {name}", header_marking(marking, fp.submission_status)
    )
    document.title(f"STP board report: {name}")
    version = f", version {fp.version}" if fp.version else ""
    for label, value in (
        ("Code:", fp.code or "—"),
        ("Region:", fp.region or "—"),
        ("Population:", f"{fp.population:,}" if fp.population is not None else "—"),
        ("STP lead:", lead_text(fp.lead)),
        ("Submission:", f"{status_words(fp.submission_status)}{version}"),
        ("Deadline:", date_words(fp.deadline) or "not given"),
        ("Position as of:", long_date(report.as_of)),
    ):
        document.bullet(value, bold=label)
    document.heading("At a glance", 1)
    document.table(
        ["Figure", "What it counts"],
        [[Cell(big, bold=True), small] for big, small in _glance(report)],
        [2, 3],
    )
    if report.history:
        document.heading("Submission history", 1)
        document.table(
            ["Date", "Version", "Status", "Note"],
            [
                [
                    date_words(h.date) or "—",
                    h.version or "—",
                    status_words(h.status) or "—",
                    h.note or "—",
                ]
                for h in report.history
            ],
            [2, 1, 1.5, 5],
        )
    _questions(document, report)
    _triple_aim(document, report)
    _finance(document, report)
    _actions(document, report)
    _findings(document, report)
    if appendix:
        _appendix(document, report)
    document.paragraph(
        f"Produced by stpctl {__version__}, judged as of {long_date(report.as_of)}, against"
        f" the guidance pack \u201c{pack_name}\u201d.",
        "Small",
    )
    return document.to_bytes()


def _questions(document: WordDocument, report: Report) -> None:
    c = report.completeness
    assert c is not None
    document.heading("1. The ten questions", 1)
    document.paragraph(
        f"{c.counts['answered']} answered, {c.counts['partial']} partial,"
        f" {c.counts['unanswered']} unanswered, {c.counts['not_applicable']} not applicable."
        " Completeness counts answered and not applicable questions.",
        "Small",
    )
    rows: list[list[Cell | str | None]] = [
        [
            Cell(str(number), numeric=True),
            q.title,
            Cell(q.word, rag=q.rag),
            q.owner or "—",
            "; ".join(plain_reason(r) for r in q.missing) or "—",
        ]
        for number, q in enumerate(report.questions, start=1)
    ]
    document.table(["#", "Question", "Status", "Owner", "Still needed"], rows, [0.6, 3, 2.2, 4, 5])


def _triple_aim(document: WordDocument, report: Report) -> None:
    document.heading("2. Triple aim", 1)
    document.table(
        ["Gap", "Status", "Description"],
        [
            [g.title, Cell(g.word, rag=g.rag), g.text or "No description of this gap."]
            for g in report.triple_aim
        ],
        [3, 2, 9],
    )
    for gap in report.triple_aim:
        if not gap.measures:
            continue
        document.heading(f"{gap.title}: measures", 2)
        document.table(
            ["Measure", "Unit", "Baseline", "Target", "By"],
            [
                [
                    m.name or "—",
                    m.unit or "—",
                    Cell(number_text(m.baseline), numeric=True),
                    Cell(number_text(m.target), numeric=True),
                    m.by or "—",
                ]
                for m in gap.measures
            ],
            [6, 2.5, 2, 2, 1.6],
        )


def _finance(document: WordDocument, report: Report) -> None:
    document.heading("3. Finance bridge", 1)
    finance = report.finance
    if finance is None:
        document.paragraph("The plan has no finance bridge: it lists no financial years.")
        return
    document.paragraph(
        f"Amounts in {finance.unit}. Residual = do-nothing gap \u2212 savings \u2212 Fund income;"
        " a positive residual is money still to find.",
        "Small",
    )
    rows = [
        [
            Cell(row.label, bold=row.bold),
            *(Cell(v.strip("*"), numeric=True, bold=row.bold) for v in row.cells),
        ]
        for row in finance_rows(finance)
    ]
    years = [year.year for year in finance.years]
    document.table(["", *years], rows, [4, *([1.6] * len(years))])
    document.paragraph(deficit_text(finance), bold="Years in deficit:")
    if finance.counts_on_fund:
        document.paragraph(
            "The Sustainability and Transformation Fund is conditional income, not a saving:"
            f" {conditions_text(finance)}. \u201cDepends on the Fund\u201d is the part of the"
            " do-nothing gap that only Fund income closes."
        )
    picture = chart_image.png(finance)
    document.picture(
        picture.png,
        CHART_WIDTH_CM,
        f"Finance bridge per year in {finance.unit}: the do-nothing gap beside the savings by"
        " kind and the Fund's income; a dashed red box is the residual still to find.",
    )


def _actions(document: WordDocument, report: Report) -> None:
    document.heading("4. Actions", 1)
    document.heading(f"Milestones ({len(report.milestones)})", 2)
    if report.milestones:
        document.table(
            ["Milestone", "Question", "Owner", "Due", "Status"],
            [
                [
                    " ".join(p for p in (m.ident, m.title) if p),
                    m.question_title,
                    m.owner or "—",
                    date_words(m.due) or "—",
                    status_words(m.status),
                ]
                for m in report.milestones
            ],
            [5, 2.5, 3, 2.4, 1.4],
        )
    else:
        document.paragraph("No action is marked as a milestone.", "Small")
    for title, actions, days, empty in (
        (
            f"Overdue at {long_date(report.as_of)}",
            report.overdue,
            "Days overdue",
            "No open action is overdue.",
        ),
        (
            f"Due in the next {report.upcoming_days} days",
            report.upcoming,
            "Days left",
            f"No open action falls due in the next {report.upcoming_days} days.",
        ),
    ):
        document.heading(f"{title} ({len(actions)})", 2)
        if not actions:
            document.paragraph(empty, "Small")
            continue
        document.table(
            ["Action", "Question", "Owner", "Due", days],
            [
                [
                    action_text(a),
                    a.question_title,
                    a.owner or "—",
                    long_date(a.due),
                    Cell(str(a.days), numeric=True),
                ]
                for a in actions
            ],
            [5, 2.5, 3, 2.4, 1.4],
        )


def _findings(document: WordDocument, report: Report) -> None:
    document.heading("5. What must be fixed before submission", 1)
    fp = report.footprint
    if report.board.must_fix:
        document.paragraph(
            "Errors now, and what becomes an error once the plan says it is submitted."
            if fp is not None and fp.submission_status == "draft"
            else "Errors in the plan as submitted.",
            "Small",
        )
        document.table(
            ["Part of the plan", "What to fix"],
            [[part_of_plan(report, f), board_message(report, f)] for f in report.board.must_fix],
            [3, 11],
        )
    else:
        document.paragraph(
            "Nothing: no error, and nothing that would be one once the plan is submitted."
        )
    document.heading("6. What to watch", 1)
    if report.board.watch:
        document.table(
            ["Part of the plan", "What to watch"],
            [[part_of_plan(report, f), board_message(report, f)] for f in report.board.watch],
            [3, 11],
        )
    else:
        document.paragraph("Nothing else to watch.", "Small")


def _appendix(document: WordDocument, report: Report) -> None:
    document.page_break()
    document.heading("Appendix: For the plan\u2019s editors", 1)
    counts = report.counts
    document.bullet(report.path, bold="Plan file:")
    document.bullet(
        f"{counts['error']} error{'' if counts['error'] == 1 else 's'},"
        f" {counts['warning']} warning{'' if counts['warning'] == 1 else 's'},"
        f" {counts['info']} info",
        bold="Findings:",
    )
    if report.findings:
        document.table(
            ["Severity", "Rule", "Line", "Message"],
            [
                [f.severity.value, f.rule, Cell(str(f.line), numeric=True), f.message]
                for f in report.findings
            ],
            [1.6, 1.4, 1, 10],
        )
    document.heading("Where each question is written", 2)
    document.table(
        ["Question", "Line"],
        [[q.title, Cell(str(q.line), numeric=True)] for q in report.questions],
        [4, 1],
    )
