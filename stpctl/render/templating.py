"""Jinja2 environments for the documents stpctl writes (Markdown and HTML).

Plan text is somebody else's input.  In HTML, autoescaping is on for every
template.  In Markdown, every value from a plan goes through the ``md``
filter, which escapes what Markdown or the HTML inside Markdown would
interpret (`<`, `*`, `|`, `[`…), so a plan cannot inject links, HTML or
table cells into a document.

In both, every value a template writes passes through ``visible`` first
(the environment's ``finalize``): control characters (ESC, BEL, the OSC-8
of a terminal link) and the invisible characters that reorder or hide text
(U+202E…) are written as escapes a reader sees (``\\x1b``, ``\\u202e``) and
a terminal does not obey, for a document is often printed to one (issue 10).
Line breaks and tabs stay: in HTML and Markdown they are only layout.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from stpctl.render.terminal import visible

# Escaped anywhere: what makes emphasis, code, links, images, tables and
# strikethrough.  With `[` and `]` escaped no link or image can form, so `(`,
# `)` and `!` may stay as written; dates and paths stay readable (2016-06-30).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# Escaped only at the start, where they would begin a heading, quote or list;
# and ":", so that no line a plan writes begins a GitHub Actions workflow
# command (`::add-mask::`) when the document is printed in a CI log.
_BLOCK_START = re.compile(r"[#>+=:-]")
_ORDERED_ITEM = re.compile(r"([0-9]+)(?=[.)](?:\s|$))")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def markdown_text(value: object) -> str:
    """Plan text made literal in Markdown: ``&lt;`` for ``<``, ``&amp;`` for an
    ``&`` that would start an entity; a backslash before the punctuation Markdown would act on; line
    breaks as spaces."""
    text = visible("" if value is None else str(value), keep=LAYOUT)
    # Only what would become HTML: "<" (tags, autolinks) and an "&" that starts
    # an entity.  "A&E" and "gap > 5%" stay as written.
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    text = text.replace("\\](", "\\]\\(")  # keep "[x](y)" visibly inert, too
    if _BLOCK_START.match(text):
        return "\\" + text
    return _ORDERED_ITEM.sub(r"\1\\", text, count=1) if _ORDERED_ITEM.match(text) else text


LAYOUT = "\n\t"


def finalize(value: Any) -> Any:
    """What a template writes, with control and hidden characters shown as
    escapes (``visible``); numbers, ``None`` and the like as they are."""
    if isinstance(value, str):
        shown = visible(value, keep=LAYOUT)
        # Markup is text a template has already escaped: keep it marked as such.
        return type(value)(shown) if shown is not value and type(value) is not str else shown
    return value


def css_string(value: object) -> str:
    """Text for inside a CSS string (``content: "…"``, the marking in a
    printed page's header): every character but letters, digits, space and
    hyphen written as a CSS escape, so no quote, backslash, line break or
    ``</style>`` can end the string or the style sheet."""
    return "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in " -") else f"\\{ord(ch):06x}"
        for ch in " ".join(str(value).split())
    )


@cache
def environment(kind: str) -> Any:
    """The environment for ``kind`` "html" or "markdown" templates under
    ``stpctl/render/templates``."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("stpctl.render", "templates"),
        autoescape=kind == "html",
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
    )
    env.filters["md"] = markdown_text
    env.filters["css_string"] = css_string
    return env


def render_template(name: str, **values: Any) -> str:
    """Render ``templates/NAME``; the kind comes from the name (``.html.j2``)."""
    kind = "html" if name.endswith(".html.j2") else "markdown"
    text: str = environment(kind).get_template(name).render(**values)
    return text
