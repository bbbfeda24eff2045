"""## unused-suppression

**What it does.** Reports an inline suppression directive
(`healthlint-disable`, `healthlint-disable-next-line`) that names a rule
healthlint does not know, or that suppressed no finding in this run.

**Why it matters.** A suppression is a promise that a reviewer looked at a
finding and accepted it.  Once the sentence is edited, the directive silently
hides whatever the next draft gets wrong.  Reporting stale directives keeps
suppressions honest, as ruff does for unused `noqa` comments.

**Example.**

    <!-- healthlint-disable-next-line contradiction -- reviewed by Dr Lee -->
    Sessions last about three hours.

(when the next line no longer contradicts anything).

**Use instead.** Delete the directive, or correct the rule id
(`healthlint rules` lists them).

**References.** ruff RUF100 (unused `noqa`); ESLint `--report-unused-disable-directives`.
"""
from __future__ import annotations

from .base import Rule


class UnusedSuppression(Rule):
    id = "unused-suppression"
    summary = "A suppression directive names an unknown rule or suppressed nothing."
    category = "meta"
    guideline = "ruff RUF100 / ESLint unused disable directives"

    def check(self, ctx):
        # Produced by the engine (healthlint/suppression.py) after all rules ran.
        return ()


RULE = UnusedSuppression
