"""Open stpctl's Word and Excel files with a real office program (issue 13):
``scripts/open-office-documents`` converts them with headless LibreOffice to
PDF (and each sheet to CSV) and the PDF to PNG pages.  Skipped, saying why,
where LibreOffice or pdftoppm is not installed (CI's fresh machine has
neither); install them with
``apt-get install libreoffice-writer libreoffice-calc poppler-utils``."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from stpctl.cli import app

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "open-office-documents"
DRAFT = "examples/herefordshire-and-worcestershire-draft.yaml"
OFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(
    OFFICE is None or shutil.which("pdftoppm") is None,
    reason="LibreOffice (soffice) or pdftoppm is not installed, so no real office program can"
    " open the files: apt-get install libreoffice-writer libreoffice-calc poppler-utils",
)


def test_libreoffice_opens_every_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    made = {
        "report.docx": ["report", DRAFT, "-f", "docx", "--marking", "OFFICIAL-SENSITIVE"],
        "checklist.docx": ["checklist", DRAFT, "-f", "docx"],
        "checklist.xlsx": ["checklist", DRAFT, "-f", "xlsx", "--include-warnings"],
    }
    for name, args in made.items():
        result = runner.invoke(app, [*args, "--as-of", "2016-06-30", "-o", str(tmp_path / name)])
        assert result.exit_code == 0, result.stderr
    out = tmp_path / "opened"
    done = subprocess.run(
        [str(SCRIPT), str(out), *(str(tmp_path / name) for name in made)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for stem in ("report-docx", "checklist-docx", "checklist-xlsx"):
        assert (out / f"{stem}.pdf").stat().st_size > 10_000
        assert (out / f"{stem}-1.png").is_file()
    report_pages = sorted(out.glob("report-docx-*.png"))
    assert len(report_pages) >= 4  # a real multi-page document, not an error page
    with (out / "checklist-xlsx-Actions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    eng1 = next(row for row in rows if row["Action"].startswith("ENG1"))
    # dates are real dates (shown in their format), the status a value of the drop-down
    assert (eng1["Due"], eng1["Status"], eng1["Days overdue"]) == ("17 Jun 2016", "open", "13")
    assert (out / "checklist-xlsx-Checklist.csv").is_file()
    assert (out / "checklist-xlsx-To fix.csv").is_file()


def test_the_script_refuses_what_it_cannot_open(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    done = subprocess.run(
        [str(SCRIPT), str(tmp_path / "out"), str(other)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2 and "not a .docx or .xlsx" in done.stderr
