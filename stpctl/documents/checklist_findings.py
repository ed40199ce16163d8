"""The checklist as the to-do list: findings as items (``stpctl checklist``).

Every error ``stpctl validate`` reports about the plan (and, with
``--include-warnings``, every warning) becomes an unticked item under the
question or part of the plan its JSON pointer is in, saying what to fix (the
finding's message, which says what to do) and who owns that part of the plan
where the plan names them:

| pointer | section | owner |
| --- | --- | --- |
| ``/questions/KEY/actions/N/…`` | the question | the action's ``owner``, else the question's |
| ``/questions/KEY/…`` | the question | the question's ``owner`` |
| ``/triple_aim/…`` | Triple aim | — |
| ``/finance/…`` | Finance | the owner of ``financial_balance`` (the plan's finance lead) |
| ``/footprint/organisations/…`` | Board sign-off | the STP lead |
| ``/footprint/digital_roadmap/…`` | Digital roadmap | the STP lead |
| ``/footprint``, ``/period``, ``/submission`` | Footprint, period and submission | the STP lead |
| ``/engagement/…``, ``/service_changes/…`` | Engagement, Service changes | the STP lead |
| ``/delivery_areas/N/…`` | Delivery areas and priorities | that delivery area's ``lead`` |
| ``/priorities/N/…`` | Delivery areas and priorities | the ``lead`` of its delivery area |
| anything else (the file, ``/questions``, an unknown key) | The plan as a whole | the STP lead |

A finding another item already carries is not listed twice: the rules that
tick the plan-level items (``PLAN_RULES``), the completeness of a question
(STP101 to STP103, which its own items show), an overdue action (STP302, an
open action), a topic not mentioned (STP111, an item to consider), and a
finding about the very value a plan-level item's note is about (a board
sign-off written ``yes`` is one problem, listed under the sign-off item).

An error's item is ``to do`` and blocks submission; a warning's is ``to
consider`` and does not.  Findings are the configured ones, as ``validate``
reports them: a waived finding is not a to-do.
"""

from __future__ import annotations

from collections.abc import Collection

from stpctl.check.question_status import has_text
from stpctl.documents.checklist_items import Item, ItemBuilder, one_line_text
from stpctl.documents.checklist_plan_items import PLAN_RULES
from stpctl.plan.plan_parts import mappings
from stpctl.records.finding import Finding, Severity

FINDING = "finding"  # an item's kind: a finding to fix
TO_CONSIDER = "to consider"  # a warning's item: worth fixing, does not block submission

# Findings another item already shows.
COVERED_RULES = frozenset({*PLAN_RULES, "STP101", "STP102", "STP103", "STP302", "STP111"})

# Plan-level groups for findings, by the first part of their pointer.
FOOTPRINT, DELIVERY, PLAN_FILE = "footprint", "delivery", "plan_file"
FINDING_SECTIONS = (
    (PLAN_FILE, "The plan as a whole"),
    (FOOTPRINT, "Footprint, period and submission"),
    (DELIVERY, "Delivery areas and priorities"),
)
_TOP = {
    "triple_aim": "triple_aim",
    "finance": "finance",
    "engagement": "engagement",
    "service_changes": "service_changes",
    "period": FOOTPRINT,
    "submission": FOOTPRINT,
    "stp_plan": PLAN_FILE,
    "delivery_areas": DELIVERY,
    "priorities": DELIVERY,
}


def tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]


def section_for(pointer: str, questions: set[str]) -> str:
    """The checklist section a finding at ``pointer`` belongs to: a question's
    key, or a plan-level group."""
    parts = tokens(pointer)
    if not parts:
        return PLAN_FILE
    if parts[0] == "questions":
        return parts[1] if len(parts) > 1 and parts[1] in questions else PLAN_FILE
    if parts[0] == "footprint":
        nested = parts[1] if len(parts) > 1 else ""
        if nested == "organisations":
            return "board_sign_off"
        return "digital_roadmap" if nested == "digital_roadmap" else FOOTPRINT
    return _TOP.get(parts[0], PLAN_FILE)


class FindingItems(ItemBuilder):
    """Builds the items for findings, grouped by section key."""

    def owner_for(self, pointer: str, section: str) -> str | None:
        parts = tokens(pointer)
        questions = self.plan.get("questions")
        questions = questions if isinstance(questions, dict) else {}
        if parts[:1] == ["questions"] and len(parts) > 1:
            question = questions.get(parts[1])
            if not isinstance(question, dict):
                return None
            if len(parts) > 3 and parts[2] == "actions" and parts[3].isdigit():
                action = dict(mappings(question.get("actions"))).get(int(parts[3]))
                owner = self.named(action.get("owner")) if action else None
                if owner:
                    return owner
            return self.named(question.get("owner"))
        if section == "finance":
            finance = questions.get("financial_balance")
            return self.named(finance.get("owner")) if isinstance(finance, dict) else None
        if section == DELIVERY:
            return self.delivery_lead(parts)
        if section == "triple_aim":
            return None
        return self.stp_lead()

    def named(self, value: object) -> str | None:
        """A person the plan names (not blank, not a placeholder such as TBC)."""
        return one_line_text(value) if has_text(value, self.placeholders) else None

    def stp_lead(self) -> str | None:
        footprint = self.plan.get("footprint")
        lead = footprint.get("lead") if isinstance(footprint, dict) else None
        return self.named(lead.get("name")) if isinstance(lead, dict) else None

    def delivery_lead(self, parts: list[str]) -> str | None:
        if len(parts) < 2 or not parts[1].isdigit():
            return None
        areas = mappings(self.plan.get("delivery_areas"))
        if parts[0] == "priorities":
            priority = dict(mappings(self.plan.get("priorities"))).get(int(parts[1]))
            wanted = priority.get("delivery_area") if priority else None
            area = next((a for _, a in areas if a.get("id") == wanted), None)
        else:
            area = dict(areas).get(int(parts[1]))
        return self.named(area.get("lead")) if area else None

    def items(
        self,
        findings: list[Finding],
        questions: set[str],
        include_warnings: bool,
        noted: Collection[str] = (),
    ) -> dict[str, list[Item]]:
        """The items for ``findings`` (configured, in file order) by section;
        none for a finding at a pointer in ``noted`` (a note already lists it)."""
        wanted = {Severity.ERROR, Severity.WARNING} if include_warnings else {Severity.ERROR}
        out: dict[str, list[Item]] = {}
        for finding in findings:
            if finding.severity not in wanted or finding.rule in COVERED_RULES:
                continue
            if finding.pointer in noted:
                continue
            section = section_for(finding.pointer, questions)
            error = finding.severity is Severity.ERROR
            text = f"Fix this error ({finding.rule})" if error else f"Consider ({finding.rule})"
            item = Item(
                section,
                text,
                False,
                finding.message,
                owner=self.owner_for(finding.pointer, section),
                pointer=finding.pointer,
                line=finding.line,
                kind=FINDING,
                status="to do" if error else TO_CONSIDER,
                rule=finding.rule,
            )
            out.setdefault(section, []).append(item)
        return out
