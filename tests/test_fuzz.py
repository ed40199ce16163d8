"""Fuzzing in the suite (issues 6 and 10): mutated plans never crash any command.

The quick version of ``scripts/fuzz``: the same cases (``tests/fuzz_case.py``)
through the same runner (``tests/fuzz_run.py``): every command and every
renderer, outputs that parse in their format, inputs unchanged.  A fixed run
seed keeps it reproducible: a failing case here is case N of seed
``SUITE_SEED``, which ``scripts/fuzz --seed SUITE_SEED --start N --cases 1``
runs again and saves.  Hypothesis draws a few more cases, so a failure there
shrinks to a small example.

``tests/fuzz_found/`` keeps one small input per class of fault the fuzzer
found; every one of them must now be handled by every command and renderer.
"""

from __future__ import annotations

import functools
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fuzz_case import SEEDS, Case, Plan, make_case, numbered_case
from fuzz_formats import (
    BadOutput,
    check_csv,
    check_github,
    check_html,
    check_json,
    check_junit,
    check_markdown,
    check_sarif,
    check_text,
)
from fuzz_run import Failure, run_case, scratch
from fuzz_shrink import shrink
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import stpctl.check.rules
from stpctl.check.rules.base import Issue, PlanContext, Rule
from stpctl.records.finding import Severity

SUITE_SEED = 10
SUITE_CASES = 300
BATCH = 50
FOUND = Path(__file__).parent / "fuzz_found"


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@functools.cache
def suite_case(number: int) -> Case:
    """Case ``number`` of the suite's run, made once for the tests that share it."""
    return numbered_case(SUITE_SEED, number)


def story(label: str, failures: list[Failure]) -> str:
    return "\n".join(f"{label}: {f.signature}\n{f.details}" for f in failures)


# --- the quick run ------------------------------------------------------------------------


def test_there_are_seed_plans() -> None:
    assert len(SEEDS) >= 3


@pytest.mark.parametrize("start", range(0, SUITE_CASES, BATCH))
def test_fuzz_cases_pass_every_command_and_renderer(start: int, base: Path) -> None:
    problems = []
    for number in range(start, start + BATCH):
        failures = run_case(suite_case(number), base)
        if failures:
            replay = f"scripts/fuzz --seed {SUITE_SEED} --start {number} --cases 1 --jobs 1"
            problems.append(story(f"case {number} ({replay})", failures))
    assert not problems, "\n\n".join(problems)


FUZZ = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,  # the same examples in every run: CI must not turn red by chance
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ
@given(st.data())
def test_cases_drawn_by_hypothesis_pass_too(data: st.DataObject) -> None:
    case = make_case(lambda n: data.draw(st.integers(0, n - 1)), "hypothesis")
    base = scratch()  # not a fixture: hypothesis runs the test many times
    try:
        failures = run_case(case, base)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    assert not failures, story(case.what, failures)


@pytest.mark.parametrize("name", [name for name, _, _ in SEEDS])
def test_the_unmutated_seeds_pass_every_command_and_renderer(name: str, base: Path) -> None:
    raw = {seed: raw for seed, raw, _ in SEEDS}[name]
    for command in (["validate", "{plans}", "--format", "github"], ["report", "{plan0}"]):
        case = Case("seed", name, name, [Plan(b"plan.yaml", raw)], cli=command)
        assert run_case(case, base) == []


def test_the_suite_run_makes_what_users_and_attackers_write() -> None:
    """The mutations reach each family issue 10 names, within the suite's cases."""
    cases = [suite_case(number) for number in range(SUITE_CASES)]
    plans = [plan for case in cases for plan in case.plans]
    raws = [plan.raw for plan in plans]

    def some(pattern: bytes) -> bool:
        return any(re.search(pattern, raw) for raw in raws)

    assert some(rb"\d{400}"), "a 400-digit figure"
    assert some(rb"(?<![\w.])(1\.7e\+?308|\.inf|\.nan)\b"), "a huge or non-finite figure"
    assert some(rb"0001-01-01") and some(rb"9999-12-31"), "extreme dates"
    assert some(rb"30/06/2016") or some(rb"2016-02-30"), "dates that are not ISO or not real"
    assert some(rb"\{[^}\n]*: \d,\d{3}\.\d"), "a thousands separator inside a flow mapping"
    assert some(rb"0x[0-9A-Fa-f]{4000}"), "a hex integer of thousands of digits"
    assert some(rb"\\u202[eE]|\xe2\x80\xae"), "a bidi override"
    assert some(rb"\\e|\x1b|\\x1b"), "an escape sequence"
    assert some(rb"::error"), "a workflow command"
    assert some(rb"=cmd\|"), "a spreadsheet formula"
    assert some(rb"\[{101}|(\{a: ){101}"), "nesting past the 100-level cap"
    assert any(len(raw) > 300_000 for raw in raws), "a huge list"
    names = [plan.name for plan in plans]
    assert any(_not_utf8(name) for name in names), "a file name that is not UTF-8"
    assert any(b"\n" in name or b"\x1b" in name for name in names), "a file name with controls"
    assert any(case.as_of in ("0001-01-01", "9999-12-31") for case in cases), "--as-of extremes"
    commands = {case.cli[0] for case in cases if case.cli}
    assert len(commands) >= 2, "command lines through CliRunner"
    assert 2 <= sum(1 for case in cases if case.cli) <= SUITE_CASES // 10


def _not_utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def test_a_case_is_the_same_every_time() -> None:
    first, again = numbered_case(SUITE_SEED, 7), numbered_case(SUITE_SEED, 7)
    assert first.to_json() == again.to_json()
    assert Case.from_json(first.to_json()).to_json() == first.to_json()


# --- the classes found ----------------------------------------------------------------------


def found_cases() -> Iterator[tuple[str, Case]]:
    for path in sorted(FOUND.glob("*.case.json")):
        yield path.name.removesuffix(".case.json"), Case.from_json(path.read_text("utf-8"))


@pytest.mark.parametrize(
    ("name", "case"), list(found_cases()), ids=lambda v: v if isinstance(v, str) else ""
)
def test_each_class_found_is_handled(name: str, case: Case, base: Path) -> None:
    failures = run_case(case, base, always_office=True)
    assert not failures, story(name, failures)


# --- the checks catch what they must (guard the guards) -----------------------------------


def test_json_with_nan_or_infinity_is_refused() -> None:
    check_json(b'{"a": 1.5}')
    for bad in (b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}'):
        with pytest.raises(BadOutput, match="NaN or Infinity"):
            check_json(bad)
    with pytest.raises(BadOutput, match="not valid UTF-8"):
        check_json(b'{"a": "\xff"}')


def test_sarif_must_have_its_shape_and_one_result_per_finding() -> None:
    result = {
        "ruleId": "STP101",
        "level": "warning",
        "message": {"text": "m"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "plan.yaml"}}}],
    }
    good = json.dumps({"version": "2.1.0", "runs": [{"results": [result]}]}).encode()
    check_sarif(good, 1)
    with pytest.raises(BadOutput, match="one per finding"):
        check_sarif(good, 2)
    with pytest.raises(BadOutput, match="one run"):
        check_sarif(b'{"version": "2.1.0", "runs": []}', 0)


def test_junit_counts_must_add_up() -> None:
    good = (
        b'<testsuites tests="2" failures="1" errors="0" skipped="0">'
        b'<testsuite tests="2" failures="1" errors="0" skipped="0">'
        b'<testcase name="a"><failure message="m"/></testcase><testcase name="b"/>'
        b"</testsuite></testsuites>"
    )
    check_junit(good, 1)
    with pytest.raises(BadOutput, match="failures does not add up"):
        check_junit(
            good.replace(
                b'failures="1" errors="0" skipped="0">', b'failures="0" errors="0" skipped="0">', 1
            ),
            1,
        )
    with pytest.raises(BadOutput, match="does not parse"):
        check_junit(b"<testsuites>", 1)


def test_github_output_must_not_hold_a_forged_command() -> None:
    line = b"::error file=plan.yaml,line=3,col=5,title=STP101 x::message %0A::error::ok\n"
    check_github(line, 1)
    with pytest.raises(BadOutput, match="did not write"):
        check_github(line + b"::error::forged\n", 1)
    forged = b"::error file=plan.yaml,line=3,col=5,title=STP101 x::message\n"
    with pytest.raises(BadOutput, match="one per finding"):
        check_github(forged + forged, 1)


def test_csv_must_parse_and_hold_no_formula() -> None:
    check_csv("\ufeffa,b\r\n'=1+1,-5.0\r\n".encode())
    for cell in ("=1+1", "+cmd", "-2+3", "@SUM(1)", "\uff1d1", "\uff0bx", "-inf"):
        with pytest.raises(BadOutput, match="formula"):
            check_csv(f"a,b\r\n{cell},x\r\n".encode())
    with pytest.raises(BadOutput, match="control character"):
        check_csv(b"a\r\n\x1b[2J\r\n")
    with pytest.raises(BadOutput, match="as wide as the header"):
        check_csv(b"a,b\r\nx\r\n")


def test_html_must_hold_only_template_elements_closed_in_order() -> None:
    check_html(b"<!DOCTYPE html><html><body><p>a &lt;script&gt;</p></body></html>")
    with pytest.raises(BadOutput, match="no template writes"):
        check_html(b"<html><body><script>alert(1)</script></body></html>")
    with pytest.raises(BadOutput, match="event-handler"):
        check_html(b'<html><body><p onclick="x">a</p></body></html>')
    with pytest.raises(BadOutput, match="does not close"):
        check_html(b"<html><body><p></td></p></body></html>")
    with pytest.raises(BadOutput, match="bidi"):
        check_html("<html><body><p>\u202eevil</p></body></html>".encode())


def test_markdown_and_text_must_be_clean() -> None:
    check_markdown(b"# Report\n\n| a | b |\n")
    with pytest.raises(BadOutput, match="control character"):
        check_markdown(b"# \x1b]0;title\x07\n")
    with pytest.raises(BadOutput, match="raw HTML"):
        check_markdown(b"<script>x</script>\n")
    with pytest.raises(BadOutput, match="::"):
        check_text(b"fine\n::error::forged\n")
    with pytest.raises(BadOutput, match="summary line"):
        check_text(b"1 file checked: 0 errors\n1 file checked: 0 errors\n", summary_lines=1)


def test_a_crash_inside_the_checks_is_a_failure(
    monkeypatch: pytest.MonkeyPatch, base: Path
) -> None:
    def explode(context: PlanContext) -> Iterator[Issue]:
        raise RuntimeError("boom")

    broken = Rule("STP999", "broken", Severity.ERROR, "Fails.", "Fails.", explode)
    monkeypatch.setattr(stpctl.check.rules, "CATALOGUE", [*stpctl.check.rules.CATALOGUE, broken])
    name, raw, _ = SEEDS[0]
    failures = run_case(Case("guard", name, name, [Plan(b"plan.yaml", raw)]), base)
    assert [(f.where, f.kind) for f in failures] == [("check", "RuntimeError: boom")]


def test_a_renderer_that_breaks_its_format_or_an_input_is_caught(
    monkeypatch: pytest.MonkeyPatch, base: Path
) -> None:
    from stpctl.render import report_json

    monkeypatch.setattr(report_json, "render", lambda report, pack: '{"x": NaN}')
    name, raw, _ = SEEDS[0]
    case = Case("guard", name, name, [Plan(b"plan.yaml", raw)])
    assert {f.signature for f in run_case(case, base)} == {
        "report json | JSON holds NaN or Infinity"
    }

    def overwrite(report: object, pack: str) -> str:
        for plan in base.rglob("plan.yaml"):
            plan.write_bytes(b"changed")
        return "{}"

    monkeypatch.setattr(report_json, "render", overwrite)
    assert "inputs | an input file changed or vanished" in {
        f.signature for f in run_case(case, base)
    }


def test_a_command_line_that_crashes_is_caught(monkeypatch: pytest.MonkeyPatch, base: Path) -> None:
    from stpctl.render import github

    def explode(self: object, result: object) -> str:
        raise OverflowError("boom")

    monkeypatch.setattr(github.Writer, "part", explode)
    name, raw, _ = SEEDS[0]
    case = Case(
        "guard",
        name,
        name,
        [Plan(b"plan.yaml", raw)],
        cli=["validate", "{plans}", "--format", "github"],
    )
    signatures = {f.signature for f in run_case(case, base)}
    assert any(
        s.startswith("cli validate --format github | OverflowError: boom") for s in signatures
    )


def test_a_failing_case_shrinks_to_the_lines_that_matter(
    monkeypatch: pytest.MonkeyPatch, base: Path
) -> None:
    def fails_on_seven(context: PlanContext) -> Iterator[Issue]:
        footprint = context.data.get("footprint")
        if isinstance(footprint, dict) and footprint.get("population") == 7:
            raise ZeroDivisionError("seven")
        yield from ()

    broken = Rule("STP999", "broken", Severity.ERROR, "Fails.", "Fails.", fails_on_seven)
    monkeypatch.setattr(stpctl.check.rules, "CATALOGUE", [*stpctl.check.rules.CATALOGUE, broken])
    name, raw, _ = SEEDS[0]
    big = re.sub(rb"population: \d+", b"population: 7", raw)
    case = Case("guard", name, name, [Plan(b"plan.yaml", big), Plan(b"other.yaml", raw)])
    [failure] = run_case(case, base)
    small = shrink(case, failure, base)
    assert [p.name for p in small.plans] == [b"plan.yaml"]
    assert small.plans[0].raw == b"footprint:\n  population: 7\n"
    assert [f.signature for f in run_case(small, base)] == [failure.signature]


def test_a_fix_that_breaks_the_plan_is_caught(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from datetime import date

    import fuzz_run

    from stpctl.check.checker import Settings

    plan = tmp_path / "plan.yaml"
    plan.write_bytes(SEEDS[0][1].replace(b"population: 780000", b"population: 780,000", 1))

    from types import SimpleNamespace

    fixed_one = SimpleNamespace(rule="STP012", pointer="/footprint/population")
    broken = SimpleNamespace(applied=[fixed_one], fixed=b"stp_plan: [unclosed\n")
    monkeypatch.setattr(fuzz_run, "fix_plan", lambda *args, **kwargs: broken)
    with pytest.raises(BadOutput, match="loads less"):
        fuzz_run.check_fix(str(plan), Settings(as_of=date(2016, 6, 30)))
