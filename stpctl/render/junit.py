"""JUnit XML output of ``validate``, for CI systems that show test reports
(GitLab's ``artifacts:reports:junit``, Jenkins, Azure Pipelines).

Each file is a ``<testsuite>`` named by its path.  Its test cases:

* ``schema`` — the file could be read as YAML and matches the plan format
  (reading and schema findings, STP0xx);
* one per national question, named by its key — the findings whose pointer
  lies under ``/questions/<key>`` (completeness, and any other rule about
  something inside that question, such as an overdue action);
* ``plan`` — every other finding about the plan as a whole.

A test case fails when it has a warning or an error; an info finding is
listed in the case's ``<system-out>`` without failing it.  With
``--junit-follow-fail-on`` (``RunResult.junit_fails_from``) a case fails
only on findings at or above ``--fail-on``, so a run that exits 0 shows no
failed test; the findings below are listed in ``<system-out>``.  Each failing case
has one ``<failure>`` (one element per case, as strict JUnit readers expect)
whose text lists every finding as ``line:col severity rule message``.  When
the file could not be loaded, only ``schema`` (failed) and ``plan``
(skipped) are written: its questions are unknown.

Plan text and file names are written as ``terminal.safe`` writes them: on
one line, control and hidden characters escaped (``\\n``, ``\\x1b``), so one
finding is one line of a failure's text; a byte of a file name that is not
UTF-8 is shown ``\\xNN``.  Anything else XML 1.0 cannot carry (U+FFFE,
U+FFFF) becomes ``?`` so the report always parses.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from stpctl.check.result import FileResult, RunResult, Totals
from stpctl.records.finding import Finding, Severity
from stpctl.render.streaming import DocumentWriter, whole
from stpctl.render.terminal import safe

SCHEMA_CASE = "schema"
PLAN_CASE = "plan"

# Everything XML 1.0 forbids: C0 controls but tab, LF, CR; lone surrogates
# (file names read with surrogateescape); the non-characters U+FFFE/U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("?", text)


def finding_line(finding: Finding) -> str:
    """One finding on one line: a line break in plan text is shown as ``\\n``
    (``terminal.safe``), so a plan cannot add lines of its own to the body."""
    where = f"{finding.line}:{finding.column}"
    return f"{where} {finding.severity.value} {finding.rule} {safe(finding.message)}"


def _case_of(finding: Finding, questions: list[str]) -> str:
    if finding.rule.startswith("STP0"):
        return SCHEMA_CASE
    for key in questions:
        prefix = f"/questions/{key}"
        if finding.pointer == prefix or finding.pointer.startswith(prefix + "/"):
            return key
    return PLAN_CASE


def _testcase(
    suite: ET.Element,
    name: str,
    path: str,
    findings: list[Finding],
    fails_from: Severity = Severity.WARNING,
) -> bool:
    """Add one test case; return whether it failed (a finding at or above
    ``fails_from``)."""
    case = ET.SubElement(suite, "testcase", name=xml_safe(name), classname=xml_safe(safe(path)))
    failing = [f for f in findings if f.severity.rank >= fails_from.rank]
    notes = [f for f in findings if f.severity.rank < fails_from.rank]
    if failing:
        first = failing[0]
        count = sum(f.counts_as for f in failing)  # a summary counts what it stands for
        said = safe(first.message)
        message = said if count == 1 else f"{count} findings; first: {said}"
        rules = " ".join(dict.fromkeys(f.rule for f in failing))
        failure = ET.SubElement(case, "failure", message=xml_safe(message), type=rules)
        failure.text = xml_safe("\n".join(finding_line(f) for f in failing))
    if notes:
        ET.SubElement(case, "system-out").text = xml_safe("\n".join(finding_line(f) for f in notes))
    return bool(failing)


def testsuite(result: FileResult, fails_from: Severity = Severity.WARNING) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_safe(safe(result.path)))
    questions = list(result.questions or {})
    grouped: dict[str, list[Finding]] = {name: [] for name in (SCHEMA_CASE, *questions, PLAN_CASE)}
    for finding in result.findings:
        grouped[_case_of(finding, questions)].append(finding)
    failures = sum(
        _testcase(suite, name, result.path, findings, fails_from)
        for name, findings in grouped.items()
    )
    skipped = 0
    if result.questions is None and not grouped[PLAN_CASE]:
        # The plan could not be loaded, so the plan-level checks never ran.
        ET.SubElement(suite[-1], "skipped", message="not checked: the file is not a loadable plan")
        skipped = 1
    suite.set("tests", str(len(grouped)))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suite.set("skipped", str(skipped))
    return suite


def document(run: RunResult) -> ET.Element:
    root = ET.Element("testsuites", name="stpctl validate")
    totals = dict.fromkeys(COUNTS, 0)
    for result in run.files:
        suite = testsuite(result, run.junit_fails_from)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    return root


COUNTS = ("tests", "failures", "errors", "skipped")


class Writer(DocumentWriter):
    """The report a file at a time: each ``<testsuite>`` as its file's result
    arrives; the ``<testsuites>`` element with the totals is asked for last.
    ``fails_from``: the lowest severity that fails a test case."""

    def __init__(self, fails_from: Severity = Severity.WARNING) -> None:
        self.fails_from = fails_from
        self.totals = dict.fromkeys(COUNTS, 0)
        self.written = 0

    def part(self, result: FileResult) -> str:
        suite = testsuite(result, self.fails_from)
        for key in self.totals:
            self.totals[key] += int(suite.get(key, "0"))
        ET.indent(suite, level=1)
        text = "  " + ET.tostring(suite, encoding="unicode")
        self.written += 1
        return text if self.written == 1 else "\n" + text

    def _root(self) -> str:
        root = ET.Element("testsuites", name="stpctl validate")
        for key, value in self.totals.items():
            root.set(key, str(value))
        if not self.written:
            return ET.tostring(root, encoding="unicode")
        ET.SubElement(root, "parts")
        return ET.tostring(root, encoding="unicode")

    def head(self, totals: Totals) -> str:
        root = self._root()
        if self.written:
            root = root[: root.index("<parts />")] + "\n"
        return f'<?xml version="1.0" encoding="UTF-8"?>\n{root}'

    def tail(self, totals: Totals) -> str:
        return "\n</testsuites>\n" if self.written else "\n"


def render(run: RunResult) -> str:
    return whole(Writer(run.junit_fails_from), run)
