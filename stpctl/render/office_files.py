"""What Word and Excel files share: text an XML part can hold, the test for
plan text that a spreadsheet would read as a formula, and reproducible zips.

A .docx or .xlsx file is a zip of XML parts.  Plan text is somebody else's
input, and YAML lets a double-quoted string hold control characters that XML
1.0 forbids (python-docx and openpyxl would refuse the whole document), so
``xml_text`` writes them out as visible escapes, as every human format
does, and changes nothing else.  The
libraries stamp each zip entry and the document's properties with the clock;
``stable_zip`` and ``FIXED_TIME`` make the same content give the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone

from stpctl.records.file_names import escape_undecodable
from stpctl.render.terminal import visible

# One fixed time for the document's properties and its zip entries.
FIXED_TIME = datetime(2016, 1, 1, tzinfo=timezone.utc)
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What a spreadsheet reads as the start of a formula (OWASP's list for CSV
# injection, as in ``spreadsheet``), plus the full-width forms some
# spreadsheets fold to their ASCII twins.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def xml_text(value: object) -> str:
    """Text as a Word or Excel file can hold it, and as every other human
    format shows it: control and hidden characters (ESC, BEL, C1 controls,
    direction overrides) written out as escapes (``\\x07``, ``\\u202e``;
    see ``terminal.visible``), tabs and line breaks kept, the two
    non-characters XML 1.0 forbids (U+FFFE, U+FFFF) as U+FFFD."""
    text = "" if value is None else str(value)
    return _XML_ILLEGAL.sub("\ufffd", visible(escape_undecodable(text), keep="\n\t"))


def looks_like_formula(text: str) -> bool:
    """Whether a spreadsheet would take ``text`` typed into a cell as a formula."""
    return text.startswith(FORMULA_START)


# openpyxl stamps the document's "modified" time as it saves, whatever was set.
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def stable_zip(data: bytes) -> bytes:
    """The same zip with every entry's time and the document's modified time
    fixed, so equal content gives equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()
