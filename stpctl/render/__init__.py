"""Renderers: one module per output format.

A machine format is a function ``RunResult → str`` (plain text, no terminal
markup), and a ``Writer`` that writes it a file at a time (``streaming``).
The text format builds rich renderables and leaves printing to the command.
``VALIDATE_FORMATS`` feeds the ``--format`` choices.

Modules are imported only when their format is used: a plain ``validate``
should not pay for XML, hashing and SARIF's rule table on every run.

May import: every stage below (records … documents); never typer or the CLI.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping

from stpctl.check.result import RunResult
from stpctl.records.finding import Severity
from stpctl.render.streaming import DocumentWriter

MachineRenderer = Callable[[RunResult], str]

_MODULES = {
    "json": "json_report",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "gitlab": "gitlab",
}


class _Renderers(Mapping[str, MachineRenderer]):
    """Format name → render function, importing the module on first use."""

    def __getitem__(self, name: str) -> MachineRenderer:
        module = importlib.import_module(f"stpctl.render.{_MODULES[name]}")
        render: MachineRenderer = module.render
        return render

    def __iter__(self) -> Iterator[str]:
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


MACHINE_FORMATS: Mapping[str, MachineRenderer] = _Renderers()
VALIDATE_FORMATS = ("text", *_MODULES)


def machine_writer(name: str, junit_fails_from: Severity = Severity.WARNING) -> DocumentWriter:
    """A writer for machine format ``name``, to write it a file at a time;
    ``junit_fails_from`` is the lowest severity that fails a JUnit test case."""
    module = importlib.import_module(f"stpctl.render.{_MODULES[name]}")
    writer: DocumentWriter = module.Writer(junit_fails_from) if name == "junit" else module.Writer()
    return writer
