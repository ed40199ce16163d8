"""What users and attackers write into a plan, for the fuzzer (issue 10, section 7).

Three kinds of pool:

* ``FIGURES``, ``DATES``, ``TEXTS``: Python values the mutator puts into the
  plan before dumping it back to YAML (so they arrive as YAML would write
  them: ``1.7e+308``, ``.inf``, a 400-digit integer, a quoted string with
  ``\\e`` escapes);
* ``RAW_FIGURES``, ``RAW_DATES``, ``RAW_TEXTS``, ``RAW_NESTING``: YAML text
  put into the file verbatim, as a person types it (``1,190.0`` inside a flow
  mapping, ``£96.0``, ``30/06/2016``, a hex integer of 5,000 digits, 150 ``[``
  in a row) — the YAML dumper would quote these, so they are spliced in after
  dumping;
* ``FILE_NAMES``: names for the plan files themselves, as bytes (control
  characters, workflow commands, bidi overrides, bytes that are not UTF-8).

The pools are plain lists so that a case is reproducible from its seed.
"""

from __future__ import annotations

from typing import Any

# --- the first pools (issue 6): retyped values, keys, byte tokens ---

# Values a node may be retyped to: every JSON type, YAML 1.1 look-alikes,
# placeholders, odd dates and numbers, and text that is somebody else's input.
VALUES: list[Any] = [
    None,
    True,
    False,
    0,
    -1,
    7,
    2.5,
    -0.0,
    1e308,
    float("inf"),
    float("nan"),
    10**40,
    "",
    " ",
    "yes",
    "no",
    "~",
    "TBC",
    "lorem ipsum",
    "2016/17",
    "2021/22",
    "2016/18",
    "2016-02-30",
    "2016-06-30",
    "2099-12-31",
    "E54000019",
    "DA1",
    "P1",
    "A1",
    "prevention",
    "not_applicable",
    "x" * 300,
    "é — 😀",
    "two\nlines",
    "\x1b[2J\x1b]0;title\x07",
    "[bold red]markup[/bold red]",
    "<script>alert(1)</script>",
    '=HYPERLINK("http://x")',
    [],
    {},
    [None],
    [1, "a", None, [], {}],
    {"x-local": 1},
    {"": None},
    {"id": "DA1"},
    {"id": "A1", "title": "T", "owner": "O", "due": "2016-09-30", "status": "open"},
    {"name": "M", "unit": "%", "baseline": 1, "target": 2, "by": "2020/21"},
]

KEYS = [
    "",
    "x-local",
    "<<",
    "2016/17",
    "yes",
    "id",
    "status",
    "questions",
    "unknown_key",
]

# Keys the extreme mutations also rename to.
EXTREME_KEYS = ["\x1b[2J", "::error::key", "=cmd|key", "\u202ekey", "two\nlines", "k" * 5000]

TOKENS = [
    b"\t",
    b"\x00",
    b"\r",
    b"\n",
    b"\r\n",
    b" ",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b": ",
    b"- ",
    b"&a ",
    b"*a",
    b"&b [*a, *a, *a, *a] ",
    b"<<: *a\n",
    b"!!python/object/apply:os.system ",
    b"!!str ",
    b"!!int ",
    b"!custom ",
    b"'",
    b'"',
    b"#",
    b"|",
    b">-",
    b"? ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xff",
    b"\xc3",
    b"\xe2\x80\xae",
    b"\x1b[2J",
    b"\\",
    b"%",
    b"@",
    b"`",
    b"yes",
    b"~",
    b"012",
    b"1e3",
    b"12:30",
    b".inf",
    b"2016/17",
    b"1,190.0",
    b"\xc2\xa396.0",
    b".nan",
    b"-.inf",
    b"1.7e308",
    b"9" * 400,
    b"0x" + b"F" * 5000,
    b"9999-12-31",
    b"0001-01-01",
    b"30/06/2016",
    b"\x1b]8;;https://evil.example/\x07",
    b"\x07",
    b"\n::error::forged\n",
    b"=cmd|",
    b"\xef\xbc\x9d",
    b"\xf0\x9f\x98\x80",
    b"\xed\xa0\x80",
    b'"\\uD800"',
    b"[" * 150,
    b"{a: " * 120,
]


# --- figures ------------------------------------------------------------------------------

FIGURES: list[Any] = [
    10**400,
    -(10**400),
    2**63,
    -(2**63) - 1,
    10**300,
    1.7e308,
    -1.7e308,
    1.7976931348623157e308,
    5e-324,
    1e-300,
    float("inf"),
    float("-inf"),
    float("nan"),
    -0.0,
    0,
    0.1,
    -1,
    "96.0",
    "1,190.0",
    "£96.0",
    "",
]

# Typed as people do: thousands separators, currency, other bases, YAML 1.1 specials.
RAW_FIGURES: list[str] = [
    "1,190.0",
    "1,200",
    "3,000,000.5",
    "£96.0",
    "96.0m",
    "€1",
    "1_000_000",
    "9" * 400,
    "-" + "9" * 400,
    "9" * 4400,  # past Python's 4,300-digit limit for str() and int()
    "0x" + "F" * 5000,
    "-0x" + "f" * 4000,
    "0o" + "7" * 5000,
    "0" + "7" * 5000,  # YAML 1.1 octal
    "0b" + "1" * 16000,
    "1:" + ":".join(["59"] * 2000),  # base 60, 2,000 places
    "1:" + ":".join(["30"] * 200) + ".5",
    "1e400",
    "-1e400",
    "1.7e308",
    "1.7e+308",
    "-1.7e308",
    "4.9e-324",
    ".inf",
    "-.inf",
    "+.inf",
    ".Inf",
    ".nan",
    ".NaN",
    "-0.0",
    "-0",
    "0.0e0",
    "1e3",
    "!!float .inf",
    "!!float .nan",
    "!!int 0x" + "F" * 5000,
    '"1,190.0"',
    "'.inf'",
]

# --- dates --------------------------------------------------------------------------------

DATES: list[Any] = [
    "0001-01-01",
    "9999-12-31",
    "2016-02-30",
    "2016-02-29",
    "30/06/2016",
    "2016-06-30T12:00:00Z",
    "0000-00-00",
    "2016-13-01",
    "99999-01-01",
    "yes",
    "",
    "TBC",
    True,
    20160630,
    1.7e308,
    float("nan"),
    10**400,
]

RAW_DATES: list[str] = [
    "0001-01-01",
    "9999-12-31",
    "2016-02-30",
    "2016-02-31",
    "30/06/2016",
    "06/30/2016",
    "30-06-2016",
    "2016-6-3",
    "yes",
    "no",
    "~",
    "2016-06-30T25:61:00",
    "2016-06-30 12:00:00 +14:00",
    "10000-01-01",
    "-2016-06-30",
    "2016-06-30 ",
    "9999-12-31T23:59:59.999999Z",
    "'9999-12-31'",
    "2016/17",
    "1:2:3",
    ".inf",
    "9" * 400,
]

# --- text ---------------------------------------------------------------------------------

LONG = 100_000

TEXTS: list[Any] = [
    "\x1b[2J\x1b[H\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
    "\x07\x07\x07",
    "\x00nul",
    "\x7f\x85\x9b31m",
    "\u202eevil.exe\u202c",
    "\u2066isolate\u2069 \u200bzero\u200fwidth",
    "\u2028line\u2029para",
    "two\nlines",
    "carriage\rreturn",
    "line\n::error file=plan.yaml,line=1,col=1,title=STP999::forged",
    "::error::forged",
    "::stop-commands::pause",
    "::add-mask::secret",
    "%0A::warning::encoded",
    "\r\n::notice::crlf",
    "\n1 file checked: 0 errors, 0 warnings, 0 info",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example","x")',
    "+1+1",
    "-2+3",
    "@SUM(1+1)",
    "\t=1",
    "\uff1d1+1",  # full-width =
    "\uff0bcmd",  # full-width +
    "\uff0d1",  # full-width -
    "\uff20x",  # full-width @
    "<script>alert(1)</script>",
    "</td></tr></table><img src=x onerror=alert(1)>",
    "&#x3C;script&#x3E;",
    "[link](javascript:alert(1))",
    "| a | b |\n|---|---|",
    "# heading",
    "{{ 7*7 }}{% raw %}",
    "${jndi:ldap://x}",
    "[bold red]markup[/bold red]",
    "x" * LONG,
    "word " * 20_000,
    "\U0001f600" * 1000,
    "\U0010fffd\U000e0001",
    "é — 😀 ẞ ﷽",
    "",
    " ",
    "TBC",
]

# YAML escapes a person or a tool might write; "\\uD800" is a lone surrogate.
RAW_TEXTS: list[str] = [
    '"\\e[31mred\\e[0m"',
    '"\\x1b]0;title\\a"',
    '"\\u202eevil"',
    '"\\uD800"',
    '"\\uDFFF lone"',
    '"\\0"',
    '"\\N\\_\\L\\P"',
    '"line\\n::error::forged"',
    '"\\r::warning::x"',
    "=cmd|' /C calc'!A0",
    "'@SUM(1)'",
    "\uff1d1+1",
    "\uff0bcmd",
    "<b>bold</b>",
    "yes",
    "on",
    "~",
    "null",
    "012",
    "12:30",
    "1e3",
    "|-\n",  # a block scalar opener where a plain value was
    "'" + "y" * 20_000 + "'",
]

# --- structure ----------------------------------------------------------------------------

# Flow collections nested deeper than the 100-level cap, and just inside it
# (the depth of the spot they land in comes on top).
RAW_NESTING: list[str] = (
    ["[" * depth + "]" * depth for depth in (10, 90, 97, 99, 100, 101, 150, 1000, 5000)]
    + ["{a: " * depth + "1" + "}" * depth for depth in (95, 100, 101, 300)]
    + ["[" * 200, "{" * 200, "[{" * 60 + "1" + "}]" * 60]
)

# Lengths a list grows to; the big ones are rarer.
LIST_SIZES = (2, 10, 100, 100, 500, 1000, 3000, 20_000)

# Levels a value is wrapped in (block style, through the dumper).
WRAP_DEPTHS = (5, 50, 90, 98, 99, 100, 101, 120)

# --- file names ---------------------------------------------------------------------------

FILE_NAMES: list[bytes] = [
    b"plan.yaml",
    b"\x1b[2J\x1b]0;pwned\x07.yaml",
    b"::error::forged.yaml",
    b"%0A::warning::x.yaml",
    b"=cmd|calc.yaml",
    b"+1.yaml",
    b"-rf.yaml",
    b"@x.yaml",
    "\uff1dsum.yaml".encode(),
    b"two\nlines.yaml",
    b"cr\rhere.yaml",
    b"tab\there.yaml",
    "\u202elmth.yaml".encode(),
    "\U0001f600 plan.yaml".encode(),
    "Ünïcødé plan.yaml".encode(),
    b"\xff\xfe.yaml",  # not UTF-8: Latin-1 or a broken copy
    b"caf\xe9.yaml",
    b"\xc3(.yaml",
    b"a,b:c%25 d.yaml",
    b"<img src=x onerror=alert(1)>.yaml",
    b"[bold red]x.yaml",
    b"x" * 240 + b".yaml",
    b" .yml",
    b"plan.YAML.yaml",
]
