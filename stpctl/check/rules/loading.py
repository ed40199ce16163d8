"""Rules reported while a file is read: it must be UTF-8 YAML holding one plan."""

from __future__ import annotations

from stpctl.check.rules.base import documented
from stpctl.records.finding import Severity

FILE_UNREADABLE = documented(
    "STP001",
    "file-unreadable",
    Severity.ERROR,
    """The file cannot be read as UTF-8 text.

    The file does not exist any more, is not a regular file (a directory, a
    FIFO, a dangling symlink), cannot be opened, is larger than the size limit,
    or is not UTF-8 (the message names the first bad byte: line and column).
    A symlink met while searching a folder that points outside that folder is
    not read either, unless `--follow-symlinks` is given.
    A UTF-8 byte-order mark and Windows (CRLF) line endings are fine.

    Fix: save the file as UTF-8 ("Save as" → "UTF-8" in most editors), or
    check the path and its permissions.

    Failing: a plan saved from Word as Windows-1252, where `é` is the single
    byte 0xE9:

        footprint: {name: Caf<byte 0xE9> project}

    Passing: the same plan saved as UTF-8:

        footprint: {name: Café project}
    """,
)

YAML_SYNTAX = documented(
    "STP002",
    "yaml-syntax",
    Severity.ERROR,
    """The file is not valid YAML.

    The message gives the parser's own words, the line and column where it
    gave up and an excerpt of that line.  Common causes: an unclosed bracket
    or quote, indentation that does not line up, a tab used for indenting.

    Failing:

        footprint: {name: North West London, code: E54000027

    Passing:

        footprint: {name: North West London, code: E54000027}
    """,
)

NOT_A_PLAN = documented(
    "STP003",
    "not-a-plan",
    Severity.ERROR,
    """The file is valid YAML but does not hold one plan.

    A plan is one YAML document whose top level is a mapping of keys
    (`stp_plan:`, `footprint:`, `questions:` …).  An empty file, a file of
    comments only, a list or a single value at the top, and several documents
    separated by `---` are all reported here.

    Failing:

        - stp_plan: 1

    Passing:

        stp_plan: 1
    """,
)

DUPLICATE_KEY = documented(
    "STP004",
    "duplicate-key",
    Severity.ERROR,
    """A key is written twice in the same mapping.

    YAML parsers silently keep the last value, so one of the two is lost
    without a word; a merge in git or a paste from another section often
    causes it.  The message names both lines.  Checking goes on with the
    second value.

    Failing:

        footprint:
          name: Devon
          name: Somerset

    Passing:

        footprint:
          name: Devon
    """,
)

UNSAFE_YAML = documented(
    "STP005",
    "unsafe-yaml",
    Severity.ERROR,
    """The YAML uses a feature stpctl refuses for safety, or the file is too
    far from a plan to check in bounded time and memory.

    * Tags that would build objects (`!!python/object:…`, `!custom`,
      `!!binary`, `!!set`): stpctl never constructs objects from a plan.
    * Aliases that expand the plan beyond 100,000 nodes (an "alias bomb"),
      or add more than 1,000,000 characters of text.
    * Nesting more than 100 levels deep (a real plan needs fewer than ten).
    * More than 250,000 values in the file, or keys so long and so deeply
      nested over so many values that their paths add up to more than
      50,000,000 characters.
    * More than 10,000 schema findings: the schema check stops there, with
      this finding as the last.

    See docs/safety.md for why each limit is where it is.

    Failing:

        owner: !!python/object/apply:os.system ["rm -rf /"]

    Passing:

        owner: Director of Strategy
    """,
)

RULES = [FILE_UNREADABLE, YAML_SYNTAX, NOT_A_PLAN, DUPLICATE_KEY, UNSAFE_YAML]
