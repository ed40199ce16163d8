"""``stpctl footprints [TEXT]``: the register of footprints, searched loosely."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from stpctl.cli import options

if TYPE_CHECKING:
    from stpctl.reference.register import Footprint


# At most this many footprints are named in one message.
LISTED = 6


class ListFormat(str, Enum):
    text = "text"
    json = "json"


def footprints(
    text: Annotated[
        str | None,
        typer.Argument(
            help="Part of a footprint's code, name or alternative name (any case).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        ListFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ListFormat.text,
) -> None:
    """List the register of STP footprints: code, name, region, and the codes
    recoded from or to.  With TEXT, only the footprints whose code, name or
    alternative name contains it (ignoring case and punctuation).

    Exit codes: 0 footprints listed; 1 none matches TEXT (the closest are
    suggested on stderr); 2 usage problems.
    """
    from stpctl.reference import register
    from stpctl.render import footprint_list

    found = register.search(text or "")
    if not found:
        hint = did_you_mean(text or "") or "; run `stpctl footprints` for the whole register"
        sys.stderr.write(f"stpctl: no footprint matches {text!r}{hint}\n")
        raise typer.Exit(1)
    if output_format is ListFormat.json:
        sys.stdout.write(footprint_list.as_json(found))
    else:
        sys.stdout.write(footprint_list.as_text(found))


def did_you_mean(text: str) -> str:
    """ "; did you mean A (E54…) or B (E54…)?", or "" when nothing is close."""
    from stpctl.reference import register
    from stpctl.render.footprint_list import label

    near = [label(fp) for fp in register.closest(text)]
    if not near:
        return ""
    listed = near[0] if len(near) == 1 else f"{', '.join(near[:-1])} or {near[-1]}"
    return f"; did you mean {listed}?"


def choose(given: str) -> Footprint:
    """The one footprint ``init --footprint`` means: by code, name or
    alternative name; else the one current footprint whose name contains
    ``given``.  Several, or none, is a usage error that lists them."""
    from stpctl.reference import register
    from stpctl.render.footprint_list import label

    if not given.strip():
        options.usage_error(
            "--footprint is empty; give an ONS code such as E54000019 or a name"
            " (see stpctl footprints)"
        )
    exact = register.find(given)
    if exact is not None:
        return exact
    current = [fp for fp in register.search(given) if fp.replaced_by is None]
    if len(current) == 1:
        sys.stderr.write(f"footprint: {current[0].code} {current[0].name}\n")
        return current[0]
    if current:
        names = "; ".join(label(fp) for fp in current[:LISTED])
        more = f"; and {len(current) - LISTED} more" if len(current) > LISTED else ""
        options.usage_error(
            f"{given!r} fits {len(current)} footprints: {names}{more}; give the code or more"
            f" of the name (stpctl footprints {given!r} lists them)"
        )
    hint = did_you_mean(given) or (
        "; give an ONS code such as E54000019 or a name as `stpctl footprints` lists it"
    )
    options.usage_error(f"{given!r} is not a registered STP footprint{hint}")
