"""The checklist's plan-level items (``stpctl checklist``).

A fixed list, one item per check, in the order of ``PLAN_SECTIONS``: one per
triple-aim gap, then four for finance (the final year closes; every year
before it closes; control totals recorded and agreeing with the bridge; the
Fund given apart from savings with no balance resting on Fund income at
risk), board sign-off, the two audiences of engagement, consultations and
the digital roadmap.  Each is ticked from what
the matching rule (``PLAN_RULES``) says about the plan itself, whatever the
configuration says; each problem is a ``Note`` under its item, marked when a
live waiver covers it.
"""

from __future__ import annotations

from dataclasses import replace

from stpctl.check.question_status import submission_status
from stpctl.check.rules.governance import sign_off_problem
from stpctl.documents.checklist_items import TO_DO, WAIVED, Item, ItemBuilder, Note, one_line_text
from stpctl.plan import control_totals, finance_bridge
from stpctl.plan.plan_parts import mappings
from stpctl.records.finding import Finding, Severity
from stpctl.records.pointers import escape_pointer_token
from stpctl.records.wording import counted

# Plan-level groups, in the order the checklist shows them.
PLAN_SECTIONS = (
    ("triple_aim", "Triple aim"),
    ("finance", "Finance"),
    ("board_sign_off", "Board sign-off"),
    ("engagement", "Engagement"),
    ("service_changes", "Service changes"),
    ("digital_roadmap", "Digital roadmap"),
)

# The rules whose findings about the plan tick the plan-level items.
PLAN_RULES = (
    "STP104",
    "STP402",
    "STP403",
    "STP404",
    "STP405",
    "STP406",
    "STP407",
    "STP408",
    "STP409",
    "STP501",
    "STP502",
    "STP503",
    "STP601",
)


class PlanItems(ItemBuilder):
    """Builds the plan-level items from the findings of ``PLAN_RULES``."""

    def plan_items(self, found: dict[str, list[Finding]]) -> list[Item]:
        """The fixed list of plan-level items (see ``PLAN_SECTIONS``): one per
        triple-aim gap, then finance, sign-off, the two audiences of engagement,
        consultations and the digital roadmap, whatever the number of problems."""
        return [
            *self.triple_aim_items(found.get("STP104", [])),
            self.finance_item(found.get("STP403", [])),
            self.earlier_years_item(_by_position(found, "STP404", "STP402")),
            self.control_totals_item(_by_position(found, "STP405", "STP406", "STP407")),
            self.fund_item(_by_position(found, "STP408", "STP409")),
            self.sign_off_item(found.get("STP501", [])),
            *self.engagement_items(found.get("STP502", [])),
            self.consultation_item(found.get("STP503", [])),
            self.checked(
                "digital_roadmap",
                "The Local Digital Roadmap covers the same organisations as the STP",
                found.get("STP601", []),
                "/footprint/digital_roadmap",
            ),
        ]

    def waiver_note(self, finding: Finding) -> str:
        """ "waived until …: reason" when a live waiver covers ``finding``."""
        for waiver in self.waivers:
            if waiver.matches(finding) and waiver.expires >= self.as_of:
                return f"waived until {waiver.expires.isoformat()}: {waiver.reason}"
        return ""

    def note(self, finding: Finding, pointer: str) -> Note:
        line = self.positions.locate(pointer)[0]
        return Note(finding.message, pointer, line, self.waiver_note(finding))

    def checked(self, section: str, text: str, found: list[Finding], pointer: str) -> Item:
        """One item: ticked when the rule found nothing, else a note per problem.
        The item's own todo and pointer are the problem's when there is one, and a
        summary at ``pointer`` when there are several."""
        if not found:
            return self.item(section, text, True, "", pointer)
        notes = [self.note(f, f.pointer or pointer) for f in found]
        waived = sum(1 for note in notes if note.waived)
        status = WAIVED if waived == len(notes) else TO_DO
        if len(notes) == 1:
            todo = notes[0].waived or notes[0].todo
            pointer = notes[0].pointer
        elif status == WAIVED:  # accepted, not done: say so instead of listing work
            todo = "; ".join(dict.fromkeys(note.waived for note in notes))
        else:
            todo = f"{counted(len(notes) - waived, 'problem')} to fix"
            todo += f" and {waived} waived" if waived else ""
        item = self.item(section, text, False, todo, pointer)
        return replace(item, status=status, notes=notes)

    def triple_aim_items(self, found: list[Finding]) -> list[Item]:
        if not self.triple_aim:
            return []
        pointers = [f"/triple_aim/{escape_pointer_token(key)}" for key, _ in self.triple_aim]
        mine: list[list[Finding]] = [[] for _ in self.triple_aim]
        for finding in found:
            claimed = [
                index
                for index, (key, _) in enumerate(self.triple_aim)
                if finding.pointer == pointers[index]
                or (finding.pointer == "/triple_aim" and f"`triple_aim.{key}`" in finding.message)
            ]
            # STP104 names every gap it reports; one it does not still shows, under the first.
            mine[claimed[0] if claimed else 0].append(finding)
        return [
            self.checked(
                "triple_aim",
                f"{title}: described and quantified (a measure with baseline and target)",
                mine[index],
                pointers[index],
            )
            for index, (_, title) in enumerate(self.triple_aim)
        ]

    def finance_item(self, found: list[Finding]) -> Item:
        years = finance_bridge.bridge(self.plan)
        if not years:
            return self.item(
                "finance",
                "The finance bridge closes in the final year",
                False,
                "list the financial years in `finance.years`, with the do-nothing gap"
                " and each intervention's savings for every year",
                "/finance/years",
            )
        final = years[-1]
        if final.residual is None:
            why = "a figure is not a number" if final.unreadable else "a figure is missing"
            text = f"The finance bridge closes in {final.year} (residual unknown: {why})"
        else:
            shown = f"{finance_bridge.figure(final.residual)} {finance_bridge.unit(self.plan)}"
            text = f"The finance bridge closes in {final.year} (residual {shown})"
        pointer = f"/finance/do_nothing_gap/{escape_pointer_token(final.year)}"
        return self.checked("finance", text, found, pointer)

    def earlier_years_item(self, found: list[Finding]) -> Item:
        years = finance_bridge.bridge(self.plan)
        if not years:
            return self.item(
                "finance",
                "The finance bridge closes in every year before the final one",
                False,
                "list the financial years in `finance.years`, with the do-nothing gap"
                " and each intervention's savings for every year",
                "/finance/years",
            )
        final = years[-1].year
        earlier = [year.year for year in years[:-1]]
        if not earlier:
            text = f"The finance bridge has no year before {final} to close"
        else:
            span = earlier[0] if len(earlier) == 1 else f"{earlier[0]} to {earlier[-1]}"
            text = f"The finance bridge closes in every year before {final} ({span})"
        pointer = f"/finance/do_nothing_gap/{escape_pointer_token(years[0].year)}"
        return self.checked("finance", text, found, pointer)

    def control_totals_item(self, found: list[Finding]) -> Item:
        text = "Control totals recorded for each NHS body and year, agreeing with the bridge"
        if not control_totals.written(self.plan):
            todo = (
                "record each NHS body's control total for every year under `finance.control_totals`"
            )
            return self.item("finance", text, False, todo, "/finance")
        return self.checked("finance", text, found, "/finance/control_totals")

    def fund_item(self, found: list[Finding]) -> Item:
        text = (
            "Sustainability and Transformation Fund income given apart from savings, and no"
            " year's balance resting on Fund income at risk"
        )
        years = finance_bridge.bridge(self.plan)
        final = years[-1] if years else None
        pointer = "/finance"
        if finance_bridge.fund_field(self.plan) is not None:
            pointer = "/finance/transformation_fund"
        elif finance_bridge.fund_interventions(self.plan):
            pointer = f"/finance/interventions/{finance_bridge.fund_interventions(self.plan)[0][0]}"
        if final is not None and finance_bridge.counts_on_fund(self.plan):
            reliance = final.fund_reliance
            if reliance is not None:
                shown = f"{finance_bridge.figure(reliance)} {finance_bridge.unit(self.plan)}"
                text += f" ({shown} of {final.year}'s balance depends on the Fund)"
        return self.checked("finance", text, found, pointer)

    def sign_off_item(self, found: list[Finding]) -> Item:
        footprint = self.plan.get("footprint")
        listed = footprint.get("organisations") if isinstance(footprint, dict) else None
        organisations = mappings(listed)
        text = (
            "Every partner board has signed the plan off"
            f" ({counted(len(organisations), 'organisation')})"
        )
        pointer = "/footprint/organisations"
        if not organisations:
            todo = "list the footprint's organisations under `footprint.organisations`"
            return self.item("board_sign_off", text, False, todo, pointer)
        if submission_status(self.plan) in ("submitted", "approved"):
            return self.checked("board_sign_off", text, found, pointer)
        # A draft: STP501 does not judge it yet, but these are the sign-offs still to collect.
        # Written as STP501 findings so that a waiver for STP501 covers them the same way.
        unsigned = []
        for index, organisation in organisations:
            problem = sign_off_problem(organisation, index)
            if problem is None:
                continue
            where = f"{pointer}/{index}"
            if problem.missing:
                todo = "record the date its board signs the plan off before it is submitted"
            else:  # an invalid date is no sign-off, in a draft too
                todo = "write the date its board signs the plan off as YYYY-MM-DD"
                where += "/board_sign_off"
            todo = f"{problem.who} {problem.what}: {todo}"
            line, column = self.positions.locate(where)
            unsigned.append(Finding("STP501", Severity.ERROR, todo, where, line, column))
        return self.checked("board_sign_off", text, unsigned, pointer)

    def engagement_items(self, found: list[Finding]) -> list[Item]:
        submission = self.plan.get("submission")
        deadline = (
            one_line_text(submission.get("deadline")) if isinstance(submission, dict) else None
        )
        when = f" on or before the submission deadline ({deadline})" if deadline else ""
        staff = [f for f in found if "with staff" in f.message]
        public = [f for f in found if f not in staff]
        return [
            self.checked(
                "engagement", f"Patients or the public engaged{when}", public, "/engagement"
            ),
            self.checked("engagement", f"Staff engaged{when}", staff, "/engagement"),
        ]

    def consultation_item(self, found: list[Finding]) -> Item:
        decided = sum(
            1
            for _, change in mappings(self.plan.get("service_changes"))
            if change.get("decision") == "decided"
        )
        text = f"Public consultation complete for every decided service change ({decided} decided)"
        return self.checked("service_changes", text, found, "/service_changes")


def _by_position(found: dict[str, list[Finding]], *rules: str) -> list[Finding]:
    """The findings of several rules under one item, in file order."""
    return sorted(
        (finding for rule in rules for finding in found.get(rule, [])),
        key=lambda f: (f.line, f.column),
    )
