"""The national roll-up's model (issue 13, section 5): sort orders, totals,
region subtotals, footprints without a plan, the top finding per row and the
Financial balance RAG, checked against figures worked out by hand for the
small plans in ``tests/cases/rollup/`` (its README has the table)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from stpctl.check.checker import Settings, analyse_path
from stpctl.documents import rollup_totals
from stpctl.documents.rollup import NO_REGION, Rollup, build
from stpctl.documents.rollup_findings import board_words, top_finding
from stpctl.files.inputs import find
from stpctl.records.finding import Finding, Severity
from stpctl.reference import register
from stpctl.reference.guidance import default_pack

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases" / "rollup"
SETTINGS = Settings(as_of=date(2016, 6, 30))


def rollup_over(*paths: str | Path, order: str = "code") -> Rollup:
    files = find([str(p) for p in paths]).files
    analyses = [analyse_path(path, SETTINGS) for path in files]
    return build(analyses, SETTINGS.as_of, SETTINGS.guidance, order)


def names(made: Rollup) -> list[str]:
    return [row.file_name for row in made.rows]


@pytest.fixture(scope="module")
def cases() -> Rollup:
    return rollup_over(CASES)


# -- rows ---------------------------------------------------------------------------


def test_a_recoded_footprint_counts_once_under_its_current_code(cases: Rollup) -> None:
    old = next(row for row in cases.rows if row.file_name == "north-old-code.yaml")
    assert (old.code, old.footprint_code, old.region) == ("E54000001", "E54000046", "North")
    assert cases.footprint_count() == 4
    assert cases.shared_codes() == (
        (
            "E54000046",
            (str(CASES / "north-old-code.yaml"), str(CASES / "north-new-code.yaml")),
        ),
    )


def test_the_file_column_is_the_file_name(cases: Rollup) -> None:
    assert all("/" not in row.file_name for row in cases.rows)
    assert all(row.path.startswith(str(CASES)) for row in cases.rows)


def test_the_region_comes_from_the_register(tmp_path: Path) -> None:
    text = (CASES / "london-approved.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("region: London", "region: Wessex"), "utf-8")
    (tmp_path / "b.yaml").write_text(
        text.replace("E54000027", "E54000099").replace("region: London", "region: Wessex"),
        "utf-8",
    )
    (tmp_path / "c.yaml").write_text(
        text.replace("E54000027", "E54000098").replace("  region: London\n", ""), "utf-8"
    )
    made = rollup_over(tmp_path)
    # The register knows E54000027 is in London; an unknown code keeps its own region.
    assert [row.region for row in made.rows] == ["London", NO_REGION, "Wessex"]


# -- sort orders --------------------------------------------------------------------


def test_sort_by_code_puts_a_recoded_plan_under_its_current_code(cases: Rollup) -> None:
    assert names(cases) == [
        "midlands-submitted.yaml",  # E54000020
        "london-approved.yaml",  # E54000027
        "south-draft.yaml",  # E54000037
        "north-old-code.yaml",  # E54000001, now E54000046: the code as written next
        "north-new-code.yaml",  # E54000046
    ]


def test_sort_by_name() -> None:
    assert names(rollup_over(CASES, order="name")) == [
        "south-draft.yaml",  # Devon
        "london-approved.yaml",  # North West London
        "midlands-submitted.yaml",  # Northamptonshire
        "north-old-code.yaml",  # Northumberland, Tyne and Wear
        "north-new-code.yaml",  # Northumberland, Tyne and Wear and North Durham
    ]


def test_sort_by_region() -> None:
    assert names(rollup_over(CASES, order="region")) == [
        "london-approved.yaml",
        "midlands-submitted.yaml",
        "north-old-code.yaml",
        "north-new-code.yaml",
        "south-draft.yaml",
    ]


def test_sort_worst_first_most_unanswered_then_largest_final_year_gap(tmp_path: Path) -> None:
    for name in ("south-draft.yaml", "midlands-submitted.yaml", "london-approved.yaml"):
        shutil.copy(CASES / name, tmp_path / name)
    shutil.copy(CASES / "north-old-code.yaml", tmp_path / "north-old-code.yaml")
    shutil.copy(CASES / "north-new-code.yaml", tmp_path / "north-new-code.yaml")
    made = rollup_over(tmp_path, order="worst")
    assert [(r.file_name, r.counts["unanswered"], r.final_residual) for r in made.rows] == [
        ("south-draft.yaml", 2, None),  # two unanswered
        ("north-old-code.yaml", 1, 10.0),  # one unanswered
        ("midlands-submitted.yaml", 0, 25.5),  # none unanswered: largest gap first
        ("london-approved.yaml", 0, 0.0),
        ("north-new-code.yaml", 0, -1.0),
    ]
    assert made.order == "worst"


def test_worst_puts_an_unknown_residual_after_known_ones(tmp_path: Path) -> None:
    text = (CASES / "london-approved.yaml").read_text("utf-8")
    (tmp_path / "known.yaml").write_text(text, "utf-8")
    (tmp_path / "unknown.yaml").write_text(
        text.replace("do_nothing_gap: {2020/21: 30.0}", "do_nothing_gap: {}"), "utf-8"
    )
    made = rollup_over(tmp_path, order="worst")
    assert names(made) == ["known.yaml", "unknown.yaml"]


# -- totals ---------------------------------------------------------------------------


def test_national_totals_worked_out_by_hand(cases: Rollup) -> None:
    got = rollup_totals.totals(cases)
    # Five plans, four footprints: E54000046 has two plans, and the submitted one
    # (north-new-code) stands for it, not the draft.
    assert (got.plans, got.footprints, got.without_code) == (5, 4, 0)
    assert got.by_status == {"draft": 1, "submitted": 2, "approved": 1, "other": 0}
    # In balance: north-new-code (-1.0) and london-approved (0.0); out: midlands
    # (25.5); not known: south-draft (no finance).
    assert (got.in_balance, got.out_of_balance, got.balance_not_known) == (2, 1, 1)
    assert got.final_residual == 24.5  # -1.0 + 0.0 + 25.5
    assert got.out_of_balance_by == 25.5
    assert got.other_unit == 0
    # north-new-code and london-approved: Financial balance green, 9 grey each;
    # south-draft: workforce and Financial balance red, 8 grey; midlands: workforce
    # amber, Financial balance red (partial, but a finance error), 8 grey.
    assert got.questions == {"red": 3, "amber": 1, "green": 2, "grey": 34}
    assert (got.registered, got.without_plan) == (44, 40)


def test_region_subtotals_worked_out_by_hand(cases: Rollup) -> None:
    regions = {item.region: item.totals for item in rollup_totals.regions(cases)}
    assert list(regions) == ["London", "Midlands and East", "North", "South"]
    north = regions["North"]
    assert (north.plans, north.footprints) == (2, 1)
    assert north.by_status == {"draft": 0, "submitted": 1, "approved": 0, "other": 0}
    assert (north.in_balance, north.out_of_balance, north.final_residual) == (1, 0, -1.0)
    assert north.questions == {"red": 0, "amber": 0, "green": 1, "grey": 9}
    assert (north.registered, north.without_plan) == (9, 8)
    london = regions["London"]
    assert (london.plans, london.by_status["approved"], london.in_balance) == (1, 1, 1)
    assert (london.registered, london.without_plan) == (5, 4)
    midlands = regions["Midlands and East"]
    assert (midlands.out_of_balance, midlands.final_residual) == (1, 25.5)
    assert (midlands.registered, midlands.without_plan) == (17, 16)
    south = regions["South"]
    assert (south.balance_not_known, south.questions["red"]) == (1, 2)
    assert (south.registered, south.without_plan) == (13, 12)
    # The regions add up to the country.
    national = rollup_totals.totals(cases)
    assert sum(r.plans for r in regions.values()) == national.plans
    assert sum(r.without_plan for r in regions.values()) == national.without_plan


def test_a_region_not_known_comes_last(tmp_path: Path) -> None:
    text = (CASES / "london-approved.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(
        text.replace("E54000027", "E54000098").replace("  region: London\n", ""), "utf-8"
    )
    shutil.copy(CASES / "south-draft.yaml", tmp_path / "b.yaml")
    listed = [item.region for item in rollup_totals.regions(rollup_over(tmp_path))]
    assert listed[-1] == NO_REGION and listed[:-1] == sorted(listed[:-1])


def test_finance_in_another_unit_is_left_out_of_the_sum(tmp_path: Path) -> None:
    text = (CASES / "midlands-submitted.yaml").read_text("utf-8")
    (tmp_path / "a.yaml").write_text(text.replace("unit: GBP million", "unit: GBP"), "utf-8")
    shutil.copy(CASES / "north-new-code.yaml", tmp_path / "b.yaml")
    got = rollup_totals.totals(rollup_over(tmp_path))
    assert (got.final_residual, got.other_unit, got.out_of_balance) == (-1.0, 1, 1)


# -- footprints without a plan --------------------------------------------------------


def test_footprints_without_a_plan_are_44_less_those_covered(cases: Rollup) -> None:
    unplanned = rollup_totals.without_plan(cases)
    covered = {"E54000020", "E54000027", "E54000037", "E54000046"}
    current = [fp for fp in register.footprints().values() if fp.replaced_by is None]
    assert len(current) == 44
    assert len(unplanned) == 44 - len(covered) == 40
    codes = [item.code for item in unplanned]
    assert codes == sorted(codes) and not set(codes) & covered
    # A recoded footprint appears once, under its current code, with its old one.
    assert "E54000001" not in codes
    durham = next(item for item in unplanned if item.code == "E54000045")
    assert (durham.old_codes, durham.region) == (("E54000003",), "North")


def test_a_plan_with_an_old_code_covers_the_new_one(tmp_path: Path) -> None:
    shutil.copy(CASES / "north-old-code.yaml", tmp_path / "a.yaml")
    codes = [item.code for item in rollup_totals.without_plan(rollup_over(tmp_path))]
    assert "E54000046" not in codes and len(codes) == 43


def test_an_unreadable_plan_is_listed_apart_and_covers_nothing(cases: Rollup) -> None:
    assert [Path(item.path).name for item in cases.not_loaded] == ["unreadable.yaml"]
    assert rollup_totals.totals(cases).plans == 5


# -- the Financial balance RAG --------------------------------------------------------


def test_financial_balance_is_not_green_while_the_bridge_is_short(cases: Rollup) -> None:
    rows = {row.file_name: row for row in cases.rows}
    old = rows["north-old-code.yaml"]
    # Answered, but STP403 (a warning in a draft) says the final year is 10.0 short.
    assert old.statuses["financial_balance"] == "answered"
    assert (old.finance_rag, old.rag["financial_balance"]) == ("amber", "amber")
    midlands = rows["midlands-submitted.yaml"]
    assert midlands.statuses["financial_balance"] == "partial"
    assert (midlands.finance_rag, midlands.rag["financial_balance"]) == ("red", "red")
    new = rows["north-new-code.yaml"]
    assert (new.finance_rag, new.rag["financial_balance"]) == ("green", "green")
    # Only Financial balance is touched: workforce stays as its status says.
    assert midlands.rag["workforce"] == "amber"
    assert cases.red_cells("financial_balance") == 2 and cases.red_count("financial_balance") == 1


def test_financial_balance_follows_a_finance_finding_about_any_year(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    made = rollup_over("examples")
    draft = made.rows[0]
    # The draft's final year is 35.5 short, its earlier years too (STP402, STP404),
    # all warnings while it is a draft: amber, though the question is answered.
    assert draft.statuses["financial_balance"] == "answered"
    assert draft.rag["financial_balance"] == "amber"
    assert [row.rag["financial_balance"] for row in made.rows[1:]] == ["green"] * 3


def test_an_error_about_a_middle_year_makes_it_red(tmp_path: Path) -> None:
    """STP402 (a year between the first and the last does not close) graded
    as an error by configuration: red, though the final year balances."""
    text = (ROOT / "examples" / "herefordshire-and-worcestershire-draft.yaml").read_text("utf-8")
    (tmp_path / "p.yaml").write_text(text, "utf-8")
    settings = Settings(
        as_of=SETTINGS.as_of,
        severities={"STP402": Severity.ERROR, "STP403": None, "STP404": None, "STP409": None},
    )
    analysis = analyse_path(str(tmp_path / "p.yaml"), settings)
    analysis.result.findings = [
        f for f in analysis.result.findings if f.rule in ("STP402", "STP111")
    ]
    (row,) = build([analysis], settings.as_of, settings.guidance).rows
    assert row.rag["financial_balance"] == "red"


# -- the top finding ------------------------------------------------------------------


def test_top_finding_is_the_most_severe_then_the_first_in_the_file(cases: Rollup) -> None:
    rows = {row.file_name: row for row in cases.rows}
    midlands = rows["midlands-submitted.yaml"].top
    assert midlands is not None
    assert (midlands.severity, midlands.rule, midlands.line) == (Severity.ERROR, "STP104", 3)
    old = rows["north-old-code.yaml"].top
    assert old is not None and (old.severity, old.rule) == (Severity.WARNING, "STP104")
    assert old.word == "To watch" and midlands.word == "Must fix"


def test_top_finding_in_board_words() -> None:
    pack = default_pack()
    finding = Finding(
        "STP101",
        Severity.ERROR,
        '`quality_and_safety` is unanswered: the answer is only a placeholder ("TBC")',
    )
    top = top_finding([Finding("STP111", Severity.INFO, "a note", line=1), finding], pack)
    assert top is not None
    assert top.text == 'Quality and safety is unanswered: the answer is only a placeholder ("TBC")'
    assert top.word == "Must fix" and top.message == finding.message
    assert top_finding([], pack) is None


def test_board_words_leave_out_the_advice_and_write_dates_in_words() -> None:
    pack = default_pack()
    said = board_words(
        "the plan does not reach financial balance: in 2020/21 the do-nothing gap 250.0"
        " \u2212 savings 180.5 leaves 35.5 GBP million unclosed; add or enlarge interventions"
        " until the final year closes",
        pack,
    )
    assert said == (
        "The plan does not reach financial balance: in 2020/21 the do-nothing gap 250.0"
        " \u2212 savings 180.5 leaves 35.5 GBP million unclosed"
    )
    overdue = board_words(
        "action ENG1 was due 2016-06-17 and is overdue by 13 days at 2016-06-30; mark it done",
        pack,
    )
    assert overdue == "Action ENG1 was due 17 June 2016 and is overdue by 13 days at 30 June 2016"
    # A list of reasons is not advice: it is kept.
    partial = board_words(
        "`general_practice` is only partly answered: its status is draft; no owner", pack
    )
    assert partial == "General practice is only partly answered: its status is draft; no owner"
    gap = board_words(
        "the health and wellbeing gap (`triple_aim.health_and_wellbeing`) is missing:"
        " describe the gap in `gap`",
        pack,
    )
    assert gap == "The health and wellbeing gap is missing"
    assert board_words("a date 2016-02-30 that is not real", pack) == (
        "A date 2016-02-30 that is not real"
    )


def test_a_long_top_finding_is_cut_at_a_word() -> None:
    said = board_words("word " * 100, default_pack())
    assert len(said) <= 160 and said.endswith("word…")
