"""The board report in board language (issue 13, section 3), its options
(``--marking``, ``--no-appendix``), print CSS, and a single plan that cannot
be read (section 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "report"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
SUBMITTED = "examples/herefordshire-and-worcestershire.yaml"
AS_OF = ["--as-of", "2016-06-30"]
APPENDIX = "For the plan"
runner = CliRunner()


def report(args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["report", *args, *AS_OF])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def body_of(text: str) -> str:
    """The report before its appendix for the plan's editors."""
    return text.split(APPENDIX)[0]


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_body_has_no_lines_rule_ids_or_file_paths(
    fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = body_of(report([DRAFT, "-f", fmt], monkeypatch))
    assert not re.search(r"STP\d{3}", body)
    assert DRAFT not in body and "herefordshire-and-worcestershire-draft" not in body
    assert "Line" not in body and "line 1" not in body
    assert "stpctl validate" not in body


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_statuses_and_dates_in_words(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = body_of(report([DRAFT, "-f", fmt], monkeypatch))
    assert "30 June 2016" in body and "17 June 2016" in body
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", body)  # no ISO dates
    assert "not_started" not in body and "not started" in body
    assert "Draft" in body and "Submitted" in body  # submission status, history


@pytest.mark.parametrize("fmt", ["markdown", "html"])
def test_findings_are_grouped_for_the_board(fmt: str, monkeypatch: pytest.MonkeyPatch) -> None:
    body = body_of(report([DRAFT, "-f", fmt], monkeypatch))
    must, watch = body.index("What must be fixed before submission"), body.index("What to watch")
    assert must < watch
    # a draft's board sees what becomes an error on submission: the sign-offs
    fix = body[must:watch]
    assert "Board sign-off" in fix and "which the plan needs before it is submitted" in fix
    assert "Technology is unanswered" in fix  # the question's title, not its key
    assert "Digital roadmap" in body[watch:]


def test_tiles_say_what_they_count(monkeypatch: pytest.MonkeyPatch) -> None:
    html = report([DRAFT, "-f", "html"], monkeypatch)
    tiles = html[html.index('<div class="tiles">') : html.index("</header>")]
    assert not re.search(r"\d+ / \d+", tiles)  # "3 / 2" told nobody anything
    assert "questions unanswered (2 more only partly answered)" in tiles
    assert "things to fix before submission" in tiles
    markdown = report([DRAFT], monkeypatch)
    assert "- **3 questions unanswered** and **2 only partly answered**" in markdown


def test_no_backtick_is_printed_in_html(monkeypatch: pytest.MonkeyPatch) -> None:
    html = report([DRAFT, "-f", "html"], monkeypatch)
    assert "`" not in html
    assert "<code>digital_roadmap.capabilities</code>" in html


def test_the_appendix_keeps_lines_and_rules_and_can_be_dropped(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for fmt in ("markdown", "html"):
        full = report([DRAFT, "-f", fmt], monkeypatch)
        appendix = full.split(APPENDIX)[1]
        assert "STP403" in appendix and DRAFT in appendix and "249" in appendix
        dropped = report([DRAFT, "-f", fmt, "--no-appendix"], monkeypatch)
        assert APPENDIX not in dropped and "STP403" not in dropped


def test_marking_heads_every_page_and_a_draft_says_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    markdown = report([DRAFT, "--marking", "OFFICIAL-SENSITIVE"], monkeypatch)
    assert markdown.startswith("**OFFICIAL-SENSITIVE · DRAFT**\n")
    assert report([DRAFT], monkeypatch).startswith("**DRAFT**\n")
    assert report([SUBMITTED], monkeypatch).startswith("# STP board report")
    html = report([SUBMITTED, "-f", "html", "--marking", 'OFFICIAL "x"</style>'], monkeypatch)
    assert '<p class="marking">OFFICIAL &#34;x&#34;&lt;/style&gt;</p>' in html
    # in the printed page's header, as a CSS string that cannot end the style sheet
    top = re.search(r"@top-center \{ content: \"([^\"]*)\"", html)
    assert top and "</style" not in top.group(1) and "OFFICIAL" in top.group(1)


def test_print_css_numbers_pages_and_keeps_rows_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    html = report([DRAFT, "-f", "html"], monkeypatch)
    assert 'content: "Page " counter(page) " of " counter(pages)' in html
    assert "break-inside: avoid" in html
    assert "thead { display: table-header-group; }" in html


def test_json_keeps_the_product_keys_and_values(monkeypatch: pytest.MonkeyPatch) -> None:
    document = json.loads(report([DRAFT, "-f", "json", "--marking", "X"], monkeypatch))
    assert document == json.loads((GOLDEN / "draft.json").read_text(encoding="utf-8"))


def test_a_single_plan_that_cannot_be_read_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Section 7: as ``checklist`` does, the reason goes to stderr, exit 1,
    and no report is written (to stdout or over an existing --output)."""
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(b"\xff\xfe not utf-8")
    for fmt in ("markdown", "html", "json"):
        result = runner.invoke(app, ["report", str(broken), "-f", fmt, *AS_OF])
        assert result.exit_code == 1
        assert result.stdout == ""
        assert f"{broken}:1:1: error STP001" in result.stderr
        assert result.stderr.endswith("stpctl: no report: the file is not a plan stpctl can read\n")
    target = tmp_path / "board.html"
    target.write_text("the last good report", encoding="utf-8")
    result = runner.invoke(app, ["report", str(broken), "-f", "html", "-o", str(target), *AS_OF])
    assert result.exit_code == 1
    assert target.read_text(encoding="utf-8") == "the last good report"


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft.md", [DRAFT]),
        ("draft.html", [DRAFT, "-f", "html"]),
        (
            "draft-marked-no-appendix.md",
            [DRAFT, "--marking", "OFFICIAL-SENSITIVE", "--no-appendix"],
        ),
        ("submitted-marked.html", [SUBMITTED, "-f", "html", "--marking", "OFFICIAL"]),
    ],
)
def test_golden_board_language(name: str, args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    actual = report(args, monkeypatch).encode("utf-8")
    path = GOLDEN / name
    if os.environ.get("STPCTL_UPDATE_GOLDEN") == "1":
        path.write_bytes(actual)
    assert path.is_file(), f"no golden file {name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert actual == path.read_bytes()
