"""GitHub Actions workflow commands: one annotation per finding, shown on the
pull request at the file and line.

    ::error file=plans/hw.yaml,line=41,col=5,title=STP101 question-unanswered::message

``error`` → ``::error``, ``warning`` → ``::warning``, ``info`` → ``::notice``.
File paths are relative to the working directory (run from the repository
root, as Actions does by default).  Escaping is GitHub's: in the message
``%``, CR and LF are percent-encoded; in properties also ``:`` and ``,``.
Nothing else is printed, so the output is only annotations.
"""

from __future__ import annotations

from stpctl.check.result import FileResult, RunResult
from stpctl.check.rules import BY_ID
from stpctl.records.finding import Finding, Severity
from stpctl.render.sarif import relative_path
from stpctl.render.streaming import DocumentWriter, whole
from stpctl.render.terminal import safe

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    # Line breaks are encoded as GitHub asks; any other control character
    # (ESC above all) is replaced, so plan text cannot drive the log viewer.
    encoded = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return safe(encoded)


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, finding: Finding) -> str:
    item = BY_ID.get(finding.rule)
    title = f"{finding.rule} {item.name}" if item is not None else finding.rule
    properties = ",".join(
        f"{name}={escape_property(value)}"
        for name, value in (
            ("file", path),
            ("line", str(finding.line)),
            ("col", str(finding.column)),
            ("title", title),
        )
    )
    return f"::{COMMAND[finding.severity]} {properties}::{escape_data(finding.message)}"


class Writer(DocumentWriter):
    """Annotations a file at a time (there is nothing before or after them)."""

    def part(self, result: FileResult) -> str:
        path = relative_path(result.path) or result.path
        return "".join(annotation(path, finding) + "\n" for finding in result.findings)


def render(run: RunResult) -> str:
    return whole(Writer(), run)
