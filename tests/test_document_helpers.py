"""Escaping for Markdown and HTML templates, and spreadsheet-safe CSV."""

from __future__ import annotations

import csv
import io

from stpctl.render.spreadsheet import csv_bytes, safe_cell
from stpctl.render.templating import environment, markdown_text


def test_markdown_text_makes_plan_text_literal() -> None:
    hostile = "<script>alert(1)</script> *bold* [link](http://evil) a|b\n# heading"
    text = markdown_text(hostile)
    assert "<" not in text  # no tag can start; a lone ">" is plain text
    assert r"\*bold\*" in text
    assert r"\[link\]\(http://evil)" in text
    assert r"a\|b" in text
    assert "\n" not in text


def test_html_environment_autoescapes_and_markdown_does_not() -> None:
    template = "{{ value }}"
    html = environment("html").from_string(template).render(value="<b>&</b>")
    assert html == "&lt;b&gt;&amp;&lt;/b&gt;"
    markdown = environment("markdown").from_string("{{ value | md }}").render(value="<b>")
    assert markdown == "&lt;b>"


def test_cells_that_start_like_formulas_are_neutralised() -> None:
    for text in ('=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1"):
        assert safe_cell(text).startswith("'")
    assert safe_cell("Director of Public Health") == "Director of Public Health"
    assert safe_cell(-5.5) == "-5.5"  # a figure stpctl computed stays a number
    assert safe_cell(None) == ""
    assert safe_cell(True) == "yes"


def test_csv_is_utf8_with_bom_and_crlf_and_parses_back() -> None:
    data = csv_bytes(["item", "owner"], [["Answer, written", "=cmd()"], ["£5 saving", "Zoë"]])
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows == [["item", "owner"], ["Answer, written", "'=cmd()"], ["£5 saving", "Zoë"]]


def test_markdown_keeps_everyday_ampersands_and_comparisons_readable() -> None:
    assert markdown_text("A&E 4-hour, gap > 5%") == "A&E 4-hour, gap > 5%"
    assert markdown_text("&lt;b&gt; typed by hand") == "&amp;lt;b&amp;gt; typed by hand"


def test_markdown_text_never_starts_a_workflow_command() -> None:
    """A value that starts a line of a Markdown document must not start a
    GitHub Actions command when the document is printed in a CI log (found
    by the fuzzer: a triple-aim gap written `::add-mask::secret`)."""
    assert markdown_text("::add-mask::secret") == "\\::add-mask::secret"
    assert markdown_text("10:30 meeting") == "10:30 meeting"
