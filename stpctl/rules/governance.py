"""(rules to come)"""

from __future__ import annotations

from stpctl.rules.base import Rule

RULES: list[Rule] = []
