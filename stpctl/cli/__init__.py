"""The command line: one module per command, assembled here.

Commands import the core inside their functions, so ``stpctl --version`` and
``--help`` do not pay for jsonschema or the rule engine.

May import: every stage; the only room that prints or imports typer and rich.
"""

from __future__ import annotations

import sys
import traceback

import typer

from stpctl import __version__
from stpctl.cli import (
    command_checklist,
    command_config,
    command_diff,
    command_fix,
    command_footprints,
    command_init,
    command_lsp,
    command_report,
    command_rules,
    command_schema,
    command_validate,
    state,
)
from stpctl.files.output_file import Stopped

app = typer.Typer(
    name="stpctl",
    help="Validate, check and report on Sustainability and Transformation Plans kept as YAML.",
    no_args_is_help=True,
    add_completion=True,  # --install-completion, --show-completion (issue 14)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"stpctl {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_version, is_eager=True
    ),
) -> None:
    """stpctl keeps an STP footprint's plan honest: schema, completeness and reviewer checks."""


app.command("validate")(command_validate.validate)
app.command("init")(command_init.init)
app.command("schema")(command_schema.schema)
app.command("rules")(command_rules.rules)
app.command("explain")(command_rules.explain)
app.command("checklist")(command_checklist.checklist)
app.command("diff")(command_diff.diff)
app.command("report")(command_report.report)
app.command("footprints")(command_footprints.footprints)
app.command("config")(command_config.config)
app.command("fix")(command_fix.fix)
app.command("lsp")(command_lsp.lsp)


def main() -> None:
    """Entry point: run the app; turn an unexpected error into one line and exit 3."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("stpctl: interrupted\n")
        sys.exit(130)
    except Stopped as stop:  # SIGTERM or SIGHUP while writing: the temporary file is gone
        sys.stderr.write(f"stpctl: {stop}; the output being written was left as it was\n")
        sys.exit(128 + stop.signum)
    except Exception as err:  # a bug in stpctl: say so in one line, traceback only on --debug
        if state.debug:  # still exit 3 below: CI must not read a crash as "findings" (1)
            traceback.print_exc()
        hint = "" if state.debug else " (run again with --debug for the traceback)"
        sys.stderr.write(
            f"stpctl: {state.describe(err)}; this is a bug in stpctl — please report it{hint}\n"
        )
        sys.exit(3)
