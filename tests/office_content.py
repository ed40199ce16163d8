"""Read a Word or Excel file back as plain data, for golden *content* tests.

A .docx or .xlsx file is a zip whose bytes depend on the library's version;
what stpctl promises is its content.  ``docx_content`` reads a Word file with
python-docx (the library that wrote it): each block in order (a paragraph
with its style and text, a table with its rows, a picture with its size),
the header and footer, and which table rows repeat on every page.
``xlsx_content`` reads a workbook with openpyxl: per sheet, the cells with
their values, types and number formats, the frozen panes, the filter, the
drop-downs and the conditional formatting.  Tests compare these with
committed JSON files.
"""

from __future__ import annotations

import io
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _paragraph(paragraph: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"style": paragraph.style.name, "text": paragraph.text}
    if paragraph._p.xpath(".//w:drawing"):
        from docx.shared import Length

        shapes = paragraph._p.xpath(".//wp:extent")
        cx, cy = (Length(int(shapes[0].get(name))) for name in ("cx", "cy"))
        out["picture"] = {"width_cm": round(cx.cm, 2), "height_cm": round(cy.cm, 2)}
    return out


def _cell(cell: Any) -> str | dict[str, str]:
    text = "\n".join(p.text for p in cell.paragraphs)
    shading = cell._tc.xpath("./w:tcPr/w:shd")
    fill = shading[0].get(f"{W}fill") if shading else None
    if fill and fill != "F0F4F5":  # the header row's shade is the same everywhere
        return {"text": text, "fill": fill, "style": cell.paragraphs[0].style.name}
    return text


def _table(table: Any) -> dict[str, Any]:
    first = table.rows[0]._tr
    return {
        "table": [[_cell(cell) for cell in row.cells] for row in table.rows],
        "header_repeats": bool(first.xpath("./w:trPr/w:tblHeader")),
        "rows_kept_whole": all(bool(row._tr.xpath("./w:trPr/w:cantSplit")) for row in table.rows),
    }


def docx_content(data: bytes) -> dict[str, Any]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    body = []
    for block in document.element.body.iterchildren():
        if block.tag == f"{W}p":
            paragraph = Paragraph(block, document)
            if paragraph.text or paragraph._p.xpath(".//w:drawing"):
                body.append(_paragraph(paragraph))
        elif block.tag == f"{W}tbl":
            body.append(_table(Table(block, document)))
    section = document.sections[0]
    footer = section.footer.paragraphs[0]._p
    return {
        "page": {
            "width_cm": round(section.page_width.cm, 1),
            "height_cm": round(section.page_height.cm, 1),
        },
        "header": [p.text for p in section.header.paragraphs],
        "footer": [p.text for p in section.footer.paragraphs],
        "footer_fields": [t.text.strip() for t in footer.xpath(".//w:instrText")],
        "title": document.core_properties.title,
        "body": body,
    }


def _value(cell: Any) -> Any:
    value = cell.value
    if isinstance(value, (datetime, date)):
        return {"date": value.date().isoformat() if isinstance(value, datetime) else str(value)}
    return value


def xlsx_content(data: bytes) -> dict[str, Any]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheets = {}
    for sheet in book.worksheets:
        rows = []
        formats: dict[str, str] = {}
        types: dict[str, str] = {}
        quoted = []
        for row in sheet.iter_rows():
            rows.append([_value(cell) for cell in row])
            for cell in row:
                if cell.value is None:
                    continue
                column = cell.column_letter
                if cell.number_format != "General":
                    formats.setdefault(column, cell.number_format)
                if cell.row > 1:
                    types.setdefault(column, cell.data_type)
                if cell.quotePrefix:
                    quoted.append(cell.coordinate)
        rules = []
        for cells, listed in sheet.conditional_formatting._cf_rules.items():
            for rule in listed:
                rules.append(
                    {
                        "cells": str(cells.sqref),
                        "type": rule.type,
                        "operator": rule.operator,
                        "formula": list(rule.formula),
                        "fill": rule.dxf.fill.bgColor.rgb if rule.dxf and rule.dxf.fill else None,
                    }
                )
        sheets[sheet.title] = {
            "frozen": sheet.freeze_panes,
            "filter": sheet.auto_filter.ref,
            "print_titles": sheet.print_title_rows,
            "widths": {
                letter: dimension.width for letter, dimension in sheet.column_dimensions.items()
            },
            "number_formats": formats,
            "types": types,
            "quote_prefixed": quoted,
            "drop_downs": [
                {"cells": str(v.sqref), "type": v.type, "list": v.formula1}
                for v in sheet.data_validations.dataValidation
            ],
            "conditional_formatting": rules,
            "rows": rows,
        }
    return {"sheets": sheets}


def compare_json(path: Path, actual: dict[str, Any], update: bool) -> None:
    """``actual`` against the JSON golden file at ``path`` (written when ``update``)."""
    text = json.dumps(actual, indent=1, ensure_ascii=False, sort_keys=False) + "\n"
    if update:
        path.write_text(text, encoding="utf-8")
    assert path.is_file(), f"no golden file {path.name}; run with STPCTL_UPDATE_GOLDEN=1"
    assert json.loads(text) == json.loads(path.read_text(encoding="utf-8"))
