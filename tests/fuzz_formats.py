"""Does an output parse in its format?  One check per kind of output, for the fuzzer.

Each ``check_*`` takes the output as the bytes stpctl writes and raises
``BadOutput`` when it is not what its format promises.  The message before
the first " — " names the kind of fault (it is how the fuzzer groups faults
into classes); what follows is this occurrence's detail.

* JSON: strict UTF-8, and ``json.loads`` with NaN and Infinity refused (they
  are not JSON; ``json.dumps`` writes them unless told not to).
* SARIF: JSON, with the shape tools read (version, runs, results with rule,
  level, message, location) and one result per finding.
* JUnit: XML that parses, with the counts on every element adding up.
* GitHub: each line is one of stpctl's annotations (one per finding) or plain
  text, never a workflow command made out of plan text.
* CSV: parses with ``csv``, rows as wide as the header, and no cell that a
  spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, their
  full-width forms) unless it is a plain number.
* HTML: parses with ``html.parser`` into only the elements stpctl's templates
  write, properly closed, with no event-handler attributes.
* Markdown and text: valid UTF-8.
* Every human format (text, Markdown, HTML, CSV): no raw control characters
  (ESC, BEL, C1…) and no invisible bidi overrides; line-oriented text never
  holds a line starting with ``::`` (a workflow command in a CI log).
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "stpctl" / "render" / "templates"


class BadOutput(AssertionError):
    """An output that does not hold to its format."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind} — {detail}" if detail else kind)
        self.kind = kind


# C0 controls but tab, LF, CR; DEL; C1 controls.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Direction overrides and isolates: they reorder what a reader sees.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _show(text: str, at: int) -> str:
    return repr(text[max(0, at - 30) : at + 30])


def decoded(data: bytes, what: str) -> str:
    """``data`` as strict UTF-8 (a BOM allowed), or ``BadOutput``."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise BadOutput(f"{what} is not valid UTF-8", str(err)) from None
    return text.removeprefix("\ufeff")


def human_text(text: str, what: str) -> None:
    """No raw control character and no bidi override in a format people read."""
    found = _CONTROL.search(text)
    if found:
        char = found.group()
        raise BadOutput(
            f"raw control character in {what}", f"U+{ord(char):04X} at {_show(text, found.start())}"
        )
    found = _BIDI.search(text)
    if found:
        raise BadOutput(
            f"raw bidi override in {what}",
            f"U+{ord(found.group()):04X} at {_show(text, found.start())}",
        )


def no_workflow_commands(text: str, what: str) -> None:
    """stpctl's text and Markdown never start a line with ``::``; plan text that
    does would be a workflow command in a GitHub Actions log."""
    for line in text.splitlines():
        if line.startswith("::"):
            raise BadOutput(f"line starting with :: in {what}", repr(line[:80]))


def _strict_constant(name: str) -> Any:
    raise BadOutput("JSON holds NaN or Infinity", name)


def check_json(data: bytes, what: str = "JSON") -> Any:
    """The parsed document; NaN and Infinity are refused (they are not JSON)."""
    text = decoded(data, what)
    try:
        return json.loads(text, parse_constant=_strict_constant)
    except json.JSONDecodeError as err:
        raise BadOutput(f"{what} does not parse", str(err)) from None


def check_docx(data: bytes) -> None:
    """A Word file python-docx opens, its text free of raw controls."""
    import io

    from docx import Document

    try:
        document = Document(io.BytesIO(data))
    except Exception as err:  # any failure to open is the finding
        raise BadOutput("Word file does not open", repr(err)[:200]) from None
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts.extend(cell.text for row in table.rows for cell in row.cells)
    found = _CONTROL.search("\n".join(texts).replace("\n", " ").replace("\t", " "))
    if found:
        raise BadOutput("raw control character in Word text", repr(found.group()))


def check_xlsx(data: bytes) -> None:
    """An Excel file openpyxl opens, where no cell is a formula (plan text
    is always text)."""
    import io

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data))
    except Exception as err:  # any failure to open is the finding
        raise BadOutput("Excel file does not open", repr(err)[:200]) from None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise BadOutput(
                        "Excel cell holds a formula", f"{sheet.title}!{cell.coordinate}"
                    )


GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def check_gitlab(data: bytes, findings: int | None) -> None:
    """GitLab Code Quality: a JSON array of issues, one per finding (when
    ``findings`` is known), each with the fields GitLab needs."""
    doc = check_json(data, "GitLab Code Quality")
    if not isinstance(doc, list):
        raise BadOutput("GitLab Code Quality is not a JSON array")
    for issue in doc:
        if not isinstance(issue, dict) or issue.get("severity") not in GITLAB_SEVERITIES:
            raise BadOutput("GitLab issue without a known severity", repr(issue)[:200])
        location = issue.get("location")
        if not isinstance(location, dict) or not isinstance(location.get("path"), str):
            raise BadOutput("GitLab issue without a location path", repr(issue)[:200])
        if not isinstance(issue.get("fingerprint"), str) or not issue["fingerprint"]:
            raise BadOutput("GitLab issue without a fingerprint", repr(issue)[:200])
    if findings is not None and len(doc) != findings:
        raise BadOutput("GitLab issues are not one per finding", f"{len(doc)} for {findings}")


SARIF_LEVELS = {"error", "warning", "note", "none"}


def check_sarif(data: bytes, findings: int | None) -> None:
    """``findings``: how many results there must be (``None``: not known here)."""
    doc = check_json(data, "SARIF")
    if not isinstance(doc, dict) or doc.get("version") != "2.1.0":
        raise BadOutput("SARIF has no version 2.1.0")
    runs = doc.get("runs")
    if not isinstance(runs, list) or len(runs) != 1 or not isinstance(runs[0], dict):
        raise BadOutput("SARIF does not have one run")
    results = runs[0].get("results")
    if not isinstance(results, list):
        raise BadOutput("SARIF run has no results list")
    if findings is not None and len(results) != findings:
        raise BadOutput("SARIF results are not one per finding", f"{len(results)} for {findings}")
    for result in results:
        try:
            ok = (
                isinstance(result["ruleId"], str)
                and result["level"] in SARIF_LEVELS
                and isinstance(result["message"]["text"], str)
                and isinstance(
                    result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], str
                )
            )
        except (KeyError, IndexError, TypeError):
            ok = False
        if not ok:
            raise BadOutput(
                "SARIF result lacks rule, level, message or location", repr(result)[:200]
            )
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if re.search(r"[\s\x00-\x1f\x7f]", uri):
            raise BadOutput(
                "SARIF artifact URI holds white space or a control character", repr(uri)
            )


def check_junit(data: bytes, files: int | None) -> None:
    """``files``: how many test suites there must be (``None``: not known here)."""
    try:
        root = ET.fromstring(data)
    except ET.ParseError as err:
        raise BadOutput("JUnit XML does not parse", str(err)) from None
    if root.tag != "testsuites":
        raise BadOutput("JUnit root is not <testsuites>", root.tag)
    suites = root.findall("testsuite")
    if files is not None and len(suites) != files:
        raise BadOutput("JUnit has not one <testsuite> per file", f"{len(suites)} for {files}")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in suites:
        cases = suite.findall("testcase")
        counted = {
            "tests": len(cases),
            "failures": sum(1 for case in cases if case.find("failure") is not None),
            "errors": sum(1 for case in cases if case.find("error") is not None),
            "skipped": sum(1 for case in cases if case.find("skipped") is not None),
        }
        for key, value in counted.items():
            said = suite.get(key)
            if said is None or not said.isdigit() or int(said) != value:
                raise BadOutput(
                    f"JUnit <testsuite> {key} does not add up", f"says {said}, has {value}"
                )
            totals[key] += value
    for key, value in totals.items():
        if root.get(key) != str(value):
            raise BadOutput(
                f"JUnit <testsuites> {key} does not add up", f"says {root.get(key)}, sum {value}"
            )


# An annotation as stpctl writes it: the properties are escaped, so they hold no `:` or `,`.
_ANNOTATION = re.compile(
    r"::(error|warning|notice) file=[^,:]*,line=\d+,col=\d+,title=[^,:]*::[^\r\n]*\Z"
)


def check_github(data: bytes, findings: int | None) -> None:
    """Each line is an annotation (one per finding, when ``findings`` is known)
    or plain text; a line that starts with ``::`` but is not stpctl's
    annotation came from plan text."""
    text = decoded(data, "GitHub annotations")
    human_text(text.replace("\n", " "), "GitHub annotations")
    annotations = 0
    for line in text.split("\n")[:-1] if text.endswith("\n") else text.split("\n"):
        if _ANNOTATION.match(line):
            annotations += 1
        elif line.startswith("::"):
            raise BadOutput(
                "GitHub output holds a workflow command stpctl did not write", repr(line[:100])
            )
    if findings is not None and annotations != findings:
        raise BadOutput(
            "GitHub annotations are not one per finding (a line break in plan text?)",
            f"{annotations} for {findings}",
        )


# Full-width = + - @ are read as formulas by some spreadsheets too.
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?\Z")


def check_csv(data: bytes, what: str = "CSV") -> None:
    text = decoded(data, what)
    human_text(text, what)
    # The csv module refuses fields over 128 KB by default: its own limit, not the format's.
    csv.field_size_limit(max(csv.field_size_limit(), 1 << 30))
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        raise BadOutput(f"{what} does not parse", str(err)) from None
    if not rows:
        raise BadOutput(f"{what} has no header row")
    width = len(rows[0])
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != width:
            raise BadOutput(
                f"{what} row is not as wide as the header", f"row {number}: {len(row)} for {width}"
            )
        for cell in row:
            if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.match(cell):
                full_width = " (full-width)" if cell.startswith(_FORMULA_START[4:]) else ""
                raise BadOutput(f"{what} cell would run as a formula{full_width}", repr(cell[:80]))


def _template_tags(pattern: str) -> frozenset[str]:
    found: set[str] = set()
    sources = [*TEMPLATES.glob(pattern), ROOT / "stpctl" / "render" / "finance_chart.py"]
    for source in sources:
        found.update(
            tag.lower() for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", source.read_text("utf-8"))
        )
    return frozenset(found)


HTML_TAGS = _template_tags("*.html.j2")
MARKDOWN_TAGS = _template_tags("*.md.j2") - {"svg", "g", "rect", "line", "text"}
_VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)


class _Structure(HTMLParser):
    """Records the first fault: an element no template writes, an event
    handler attribute, or an end tag that does not close the open element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.fault: BadOutput | None = None

    def _fault(self, kind: str, detail: str) -> None:
        self.fault = self.fault or BadOutput(kind, detail)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._start(tag, attrs)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in HTML_TAGS:
            self._fault("HTML holds an element no template writes", f"<{tag}>")
        for name, _ in attrs:
            if name.startswith("on"):
                self._fault("HTML holds an event-handler attribute", f"<{tag} {name}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if not self.open or self.open[-1] != tag:
            self._fault(
                "HTML end tag does not close the open element", f"</{tag}> in {self.open[-3:]}"
            )
            return
        self.open.pop()


def check_html(data: bytes) -> None:
    text = decoded(data, "HTML")
    human_text(text, "HTML")
    parser = _Structure()
    parser.feed(text)
    parser.close()
    if parser.fault is not None:
        raise parser.fault
    if parser.open:
        raise BadOutput("HTML leaves elements open", repr(parser.open[-3:]))


def check_markdown(data: bytes) -> None:
    text = decoded(data, "Markdown")
    human_text(text, "Markdown")
    no_workflow_commands(text, "Markdown")
    for tag in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", text):
        if tag.lower() not in MARKDOWN_TAGS:
            raise BadOutput("Markdown holds raw HTML from plan text", f"<{tag}>")


_SUMMARY = re.compile(r"\d+ files? checked: ")


def check_text(data: bytes, what: str = "text", summary_lines: int | None = None) -> None:
    """Text for a terminal or a CI log; ``summary_lines``: how many lines may
    look like validate's summary (a forged one would make two)."""
    text = decoded(data, what)
    human_text(text, what)
    no_workflow_commands(text, what)
    if summary_lines is not None:
        found = sum(1 for line in text.splitlines() if _SUMMARY.match(line))
        if found != summary_lines:
            raise BadOutput(
                f"{what} has not one summary line (a line break in plan text?)", f"{found}"
            )
