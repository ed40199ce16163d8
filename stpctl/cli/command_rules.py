"""``stpctl rules`` and ``stpctl explain``: the rule catalogue."""

from __future__ import annotations

import difflib
import sys
from enum import Enum
from typing import Annotated

import typer

from stpctl.cli import options


class CatalogueFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


def rules(
    output_format: Annotated[
        CatalogueFormat, typer.Option("--format", "-f", help="Output format.")
    ] = CatalogueFormat.table,
) -> None:
    """List every rule: ID, name, default severity and summary."""
    from stpctl.check.rules import CATALOGUE
    from stpctl.render import rule_catalogue

    if output_format is CatalogueFormat.json:
        sys.stdout.write(rule_catalogue.as_json(CATALOGUE))
    elif output_format is CatalogueFormat.markdown:
        sys.stdout.write(rule_catalogue.as_markdown(CATALOGUE))
    else:
        from rich.table import Table

        table = Table(box=None, pad_edge=False, show_edge=False)
        for column in ("ID", "name", "default", "summary"):
            table.add_column(column)
        for item in CATALOGUE:
            table.add_row(item.id, item.name, item.severity.value, item.summary)
        options.stdout_console().print(table)


def explain(
    rule_id: Annotated[str, typer.Argument(help="A rule ID, e.g. STP101.")],
    guidance: options.GuidanceOption = None,
) -> None:
    """Print a rule's page: what it checks, why, and examples, and what the
    guidance pack says about it."""
    from stpctl.check.rules import BY_ID, CATALOGUE
    from stpctl.render import rule_catalogue

    found = BY_ID.get(rule_id.upper()) or next(
        (r for r in CATALOGUE if r.name == rule_id.lower()), None
    )
    if found is None:
        match = difflib.get_close_matches(rule_id.upper(), list(BY_ID), n=1)
        hint = f"; did you mean {match[0]}?" if match else "; run `stpctl rules` for the list"
        options.usage_error(f"no rule {rule_id!r}{hint}")
    pack = options.load_guidance(guidance)
    sys.stdout.write(rule_catalogue.page(found) + rule_catalogue.pack_words(found, pack))
