"""``stpctl report --format docx`` (issue 13, sections 1 and 3): the board
report as a Word document, read back with python-docx and compared with
golden content (``tests/golden/report/*.docx.json``; regenerate on purpose
with ``STPCTL_UPDATE_GOLDEN=1``), and its chart, which must show the same
figures as the HTML report's."""

from __future__ import annotations

import html
import os
import re
from datetime import date
from pathlib import Path

import pytest
from office_content import compare_json, docx_content
from typer.testing import CliRunner

from stpctl.check.checker import Settings, analyse_bytes, analyse_path
from stpctl.cli import app
from stpctl.documents.report import build
from stpctl.render import chart_image, report_document

pytest.importorskip("docx")
pytest.importorskip("matplotlib")

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden" / "report"
UPDATE = os.environ.get("STPCTL_UPDATE_GOLDEN") == "1"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
SUBMITTED = "examples/herefordshire-and-worcestershire.yaml"
runner = CliRunner()


def word(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.chdir(ROOT)
    target = tmp_path / "board.docx"
    result = runner.invoke(
        app, ["report", *args, "-f", "docx", "--as-of", "2016-06-30", "-o", str(target)]
    )
    assert result.exit_code == 0, result.stderr
    return target.read_bytes()


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("draft.docx.json", [DRAFT, "--marking", "OFFICIAL-SENSITIVE"]),
        ("submitted-no-appendix.docx.json", [SUBMITTED, "--no-appendix"]),
    ],
)
def test_golden_word_content(
    name: str, args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    compare_json(GOLDEN / name, docx_content(word(args, tmp_path, monkeypatch)), UPDATE)


def test_word_report_is_a_board_paper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = docx_content(word([DRAFT, "--marking", "OFFICIAL"], tmp_path, monkeypatch))
    assert content["header"] == ["OFFICIAL \u00b7 DRAFT"]
    assert content["footer_fields"] == ["PAGE", "NUMPAGES"]
    blocks = content["body"]
    headings = [b["text"] for b in blocks if b.get("style") == "Heading 1"]
    assert headings == [
        "At a glance",
        "Submission history",
        "1. The ten questions",
        "2. Triple aim",
        "3. Finance bridge",
        "4. Actions",
        "5. What must be fixed before submission",
        "6. What to watch",
        "Appendix: For the plan\u2019s editors",
    ]
    tables = [b for b in blocks if "table" in b]
    assert all(t["header_repeats"] and t["rows_kept_whole"] for t in tables)
    questions = next(t["table"] for t in tables if t["table"][0][:3] == ["#", "Question", "Status"])
    assert questions[8][2] == {"text": "Unanswered", "fill": "C8102E", "style": "RAG Light"}
    assert questions[3][2] == {"text": "Partial", "fill": "FFB81C", "style": "RAG Dark"}
    pictures = [b["picture"] for b in blocks if "picture" in b]
    assert len(pictures) == 1 and pictures[0]["width_cm"] == 16.5
    assert 9 < pictures[0]["height_cm"] < 11
    body = "\n".join(str(b) for b in blocks[: [b.get("text") for b in blocks].index(headings[-1])])
    assert not re.search(r"STP\d{3}", body) and DRAFT not in body and "`" not in body


def test_no_appendix_in_word(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = docx_content(word([DRAFT, "--no-appendix"], tmp_path, monkeypatch))
    assert not any("editors" in str(b) for b in content["body"])


def svg_texts(page: str) -> list[str]:
    svg = page[page.index("<svg") : page.index("</svg>")]
    svg = re.sub(r"<title>.*?</title>", "", svg)
    return [html.unescape(text) for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


UNREADABLE = (
    (ROOT / DRAFT).read_text(encoding="utf-8").replace("2018/19: 158.0", "2018/19: 1,158.0", 1)
)


@pytest.mark.parametrize("plan", ["draft", "unreadable"])
def test_the_picture_shows_the_figures_of_the_html_chart(plan: str) -> None:
    chosen = Settings(as_of=date(2016, 6, 30))
    if plan == "draft":
        analysis = analyse_path(str(ROOT / DRAFT), chosen)
    else:
        assert (ROOT / DRAFT).read_text(encoding="utf-8") != UNREADABLE
        analysis = analyse_bytes(UNREADABLE.encode(), "plan.yaml", chosen)
    made = build(analysis, chosen.as_of, chosen.guidance, chosen)
    assert made.finance is not None
    picture = chart_image.png(made.finance)
    page = report_document.html(made, "pack")
    drawn = list(picture.texts)
    legend = drawn[len(svg_texts(page)) :]
    assert drawn[: len(svg_texts(page))] == svg_texts(page)
    assert legend[-1] == "Residual (still to find)"
    assert picture.png.startswith(b"\x89PNG")
    if plan == "unreadable":
        assert "not computed: a figure is not a number" in drawn
        assert "not computed" in drawn  # the gap label of the year


def test_the_picture_is_the_same_bytes_every_time() -> None:
    chosen = Settings(as_of=date(2016, 6, 30))
    made = build(analyse_path(str(ROOT / DRAFT), chosen), chosen.as_of, chosen.guidance)
    assert made.finance is not None
    assert chart_image.png(made.finance).png == chart_image.png(made.finance).png


def test_without_the_extra_report_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *args: None if name == "matplotlib" else real(name, *args),
    )
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["report", DRAFT, "-f", "docx", "-o", str(tmp_path / "b.docx")])
    assert result.exit_code == 2
    assert result.stderr == (
        "stpctl: --format docx needs the optional extra stpctl[docx];"
        " install it with: pip install 'stpctl[docx]'\n"
    )
    assert not (tmp_path / "b.docx").exists()
