"""Renderers: one module per output format.

A machine format is a function ``RunResult → str`` (plain text, no terminal
markup).  The text format builds rich renderables and leaves printing to the
command.  ``VALIDATE_FORMATS`` feeds the ``--format`` choices.
"""

from __future__ import annotations

from collections.abc import Callable

from stpctl.render import github, json_report, junit, sarif
from stpctl.result import RunResult

MachineRenderer = Callable[[RunResult], str]

MACHINE_FORMATS: dict[str, MachineRenderer] = {
    "json": json_report.render,
    "sarif": sarif.render,
    "junit": junit.render,
    "github": github.render,
}
VALIDATE_FORMATS = ("text", *MACHINE_FORMATS)
