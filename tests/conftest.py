"""Suite-wide guard: stpctl never writes to a plan it reads (issue 6).

Every file under ``examples/``, ``tests/cases/`` and ``tests/hostile/`` is
an input some test hands to stpctl.  Their SHA-256 checksums are taken
before each test and compared after it, so the test that changed one is the
one that fails; and once more at the end of the session against the
checksums taken at its start.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
INPUT_FOLDERS = (ROOT / "examples", ROOT / "tests" / "cases", ROOT / "tests" / "hostile")


def input_checksums() -> dict[str, str]:
    """SHA-256 of every file under the input folders, by path below the repository."""
    sums = {}
    for folder in INPUT_FOLDERS:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink():
                sums[str(path.relative_to(ROOT))] = hashlib.sha256(path.read_bytes()).hexdigest()
    return sums


def _changes(before: dict[str, str], after: dict[str, str]) -> list[str]:
    changed = [f"changed: {p}" for p in sorted(before) if p in after and after[p] != before[p]]
    removed = [f"removed: {p}" for p in sorted(before) if p not in after]
    added = [f"added: {p}" for p in sorted(after) if p not in before]
    return changed + removed + added


@pytest.fixture(scope="session", autouse=True)
def inputs_unchanged_by_the_session() -> Iterator[None]:
    before = input_checksums()
    assert before, "no input files found: the guard would guard nothing"
    yield
    changes = _changes(before, input_checksums())
    assert not changes, "the test session changed input files: " + "; ".join(changes)


@pytest.fixture(autouse=True)
def inputs_unchanged_by_this_test() -> Iterator[None]:
    before = input_checksums()
    yield
    changes = _changes(before, input_checksums())
    assert not changes, "this test changed input files: " + "; ".join(changes)


@pytest.fixture(autouse=True)
def no_result_cache_unless_asked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """``stpctl validate`` keeps a result cache by default; in the suite it
    has none unless a test asks for one (``--cache-dir``, or its own
    ``STPCTL_CACHE_DIR``): never the user's, and never results checked before
    a test patched stpctl's code under the same fingerprint.  The folder
    named here cannot be made (its parent is a file), which means no cache."""
    blocker = tmp_path_factory.mktemp("no-cache") / "a-file"
    blocker.write_text("the result cache cannot be made under a file\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STPCTL_CACHE_DIR", str(blocker / "cache"))
        yield
