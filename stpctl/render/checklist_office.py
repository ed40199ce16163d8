"""The submission checklist as a Word document and as an Excel workbook.

Both are built from the same ``Checklist`` the Markdown and HTML use, with
the shared plumbing of ``word`` and ``excel``.

**Word**: the checklist to print or send round.  A ``Title``, whether it is
ready to submit, the facts, then one ``Heading 1`` per question with its
items as ticked or empty boxes and its open actions as a table (owner, due
date, what to do), then the plan-level items under ``Heading 2`` groups, a
problem per line under its item.  Dates are written in words (30 June
2016); the marking (``--marking``, DRAFT for a draft) is in every page's
header.

**Excel**: the PMO's tracker.  Three sheets, one per part: *Checklist*
(every check and plan-level item, its status coloured by conditional
formatting, owner, what to do, where), *Actions* (the open actions, with a
drop-down on Status, open, done or dropped, for a workstream lead to update,
and the due date as a real date) and *To fix* (each finding's item: rule,
severity, section, what to fix, owner, where).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stpctl.documents.board_words import date_words, long_date
from stpctl.documents.checklist import Checklist
from stpctl.documents.checklist_findings import FINDING, TO_CONSIDER
from stpctl.documents.checklist_items import ACTION, Item
from stpctl.documents.marking import marking
from stpctl.plan.plan_parts import parse_day
from stpctl.records.wording import counted
from stpctl.render import checklist as text_formats

if TYPE_CHECKING:
    from stpctl.render.word import WordDocument

# Each item status as a colour: done green, to do red, to consider and
# recommended amber, the rest (waived, by hand, open actions) grey.
STATUS_RAG = {
    "done": "green",
    "to do": "red",
    "overdue action": "red",
    "recommended": "amber",
    TO_CONSIDER: "amber",
    "waived": "grey",
    "check by hand": "grey",
    "open action": "grey",
}
ACTION_CHOICES = ("open", "done", "dropped")


def heading(checklist: Checklist) -> str:
    name = checklist.footprint.get("name") or checklist.path
    code = checklist.footprint.get("code")
    return f"Submission checklist: {name}" + (f" ({code})" if code else "")


def readiness(checklist: Checklist) -> str:
    if checklist.ready():
        return (
            "Ready to submit: nothing blocks. Every check is done, waived or only"
            " recommended, and no error is left."
        )
    blocking = counted(len(checklist.blocking()), "item")
    return f"Not ready to submit: {blocking} to do (unticked checks and errors to fix)."


def where(item: Item) -> str:
    owner = f"; owner: {item.owner}" if item.kind == FINDING and item.owner else ""
    return f"(at {item.pointer}, line {item.line}{owner})" if item.pointer else ""


def docx(checklist: Checklist, given_marking: str | None = None) -> bytes:
    from stpctl.render.word import Cell, WordDocument

    document = WordDocument(heading(checklist), marking(given_marking, checklist.submission_status))
    document.title(heading(checklist))
    document.paragraph(readiness(checklist), "Intense Quote")
    summary = checklist.summary()
    deadline = f", deadline {date_words(checklist.deadline)}" if checklist.deadline else ""
    findings = checklist.findings
    done = f"{summary['done']} of {counted(summary['checks'], 'item')}"
    done += f", {summary['waived']} waived" if summary["waived"] else ""
    done += f", and {summary['by_hand']} to check by hand" if summary["by_hand"] else ""
    for label, value in (
        ("Plan file:", checklist.path),
        ("Submission status:", f"{checklist.submission_status}{deadline}"),
        ("As of:", long_date(checklist.as_of)),
        ("Guidance:", checklist.guidance),
        ("Done:", done),
        (
            "Open actions:",
            f"{summary['open_actions']}, of which {summary['overdue_actions']} overdue",
        ),
        (
            "Findings from stpctl validate:",
            f"{counted(findings.get('error', 0), 'error')},"
            f" {counted(findings.get('warning', 0), 'warning')}, {findings.get('info', 0)} info",
        ),
    ):
        document.bullet(value, bold=label)
    for number, section in enumerate(checklist.sections, start=1):
        document.heading(f"{number}. {section.title}: {section.status.replace('_', ' ')}", 1)
        document.paragraph(section.question, "Quote")
        document.paragraph(section.owner or "not named", bold="Owner:")
        for item in section.items:
            _item(document, item)
        recommended = section.recommended()
        if recommended:
            listed = "; ".join(item.text for item in recommended)
            document.paragraph(f"Answered. Also recommended: {listed}.", "Small")
        if section.open_actions:
            document.heading("Open actions", 2)
            rows: list[list[Cell | str]] = [
                [
                    Cell(action.text, bold=action.overdue_days is not None),
                    action.owner or "none",
                    Cell(
                        date_words(action.due) or "none",
                        rag="red" if action.overdue_days is not None else None,
                    ),
                    action.todo or "",
                    Cell(str(action.line), numeric=True),
                ]
                for action in section.open_actions
            ]
            document.table(
                ["Action", "Owner", "Due", "What to do", "Line"], rows, [5, 3, 2.6, 3.4, 1]
            )
    document.heading("Plan-level items", 1)
    for group in text_formats.plan_groups(checklist):
        document.heading(group.title, 2)
        for item in group.items:
            _item(document, item)
    return document.to_bytes()


def _item(document: WordDocument, item: Item) -> None:
    if item.kind == "by_hand":
        document.check_item(False, item.text, "check by hand: stpctl does not tick this")
        return
    if item.done:
        document.check_item(True, item.text)
        return
    notes = text_formats.notes_shown(item)
    accepted = " (accepted, not done)" if item.status == "waived" else ""
    if notes:
        document.check_item(False, item.text, f"{item.todo}{accepted}")
        for note in notes:
            waived = f": {note.waived}" if note.waived and item.status != "waived" else ""
            document.note(f"{note.todo} (at {note.pointer}, line {note.line}){waived}")
        return
    document.check_item(False, item.text, f"{item.todo} {where(item)}".strip())


def xlsx(checklist: Checklist, given_marking: str | None = None) -> bytes:
    from stpctl.render.excel import DATE, INTEGER, Column, ExcelBook

    book = ExcelBook(heading(checklist), marking(given_marking, checklist.submission_status))
    titles = text_formats.section_titles(checklist)
    items = [i for i in checklist.items() if i.kind not in (ACTION, FINDING)]
    book.sheet(
        "Checklist",
        [
            Column("Section"),
            Column("Section key"),
            Column("Item", wrap=True),
            Column("Status", rag=STATUS_RAG),
            Column("Owner", wrap=True),
            Column("What to do", wrap=True),
            Column("Pointer"),
            Column("Line", INTEGER),
        ],
        [
            [
                titles.get(i.section, i.section),
                i.section,
                i.text,
                i.status,
                i.owner,
                text_formats.row_todo(i),
                i.pointer,
                i.line,
            ]
            for i in items
        ],
    )
    actions = [i for i in checklist.items() if i.kind == ACTION]
    book.sheet(
        "Actions",
        [
            Column("Question"),
            Column("Action", wrap=True),
            Column("Owner", wrap=True),
            Column("Due", DATE),
            Column("Status", choices=ACTION_CHOICES),
            Column("Days overdue", INTEGER),
            Column("What to do", wrap=True),
            Column("Pointer"),
            Column("Line", INTEGER),
        ],
        [
            [
                titles.get(a.section, a.section),
                a.text,
                a.owner,
                parse_day(a.due) or a.due,
                "open",
                a.overdue_days,
                a.todo,
                a.pointer,
                a.line,
            ]
            for a in actions
        ],
    )
    fixes = [i for i in checklist.items() if i.kind == FINDING]
    book.sheet(
        "To fix",
        [
            Column("Section"),
            Column("Rule"),
            Column("Status", rag=STATUS_RAG),
            Column("What to fix", wrap=True),
            Column("Owner", wrap=True),
            Column("Pointer"),
            Column("Line", INTEGER),
        ],
        [
            [titles.get(f.section, f.section), f.rule, f.status, f.todo, f.owner, f.pointer, f.line]
            for f in fixes
        ],
    )
    return book.to_bytes()
