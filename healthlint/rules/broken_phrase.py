"""## broken-phrase

Placeholder: being written.
"""
from __future__ import annotations

import re

from .base import Rule

_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)


class BrokenPhrase(Rule):
    id = "broken-phrase"
    summary = "Text left broken by templates, spinners or edits."
    category = "integrity"
    guideline = "Google spam policies (scaled content)"
    fixable = True

    def check(self, ctx):
        for m in _DOUBLED.finditer(ctx.text):
            yield self.finding(m.start(), m.end(), f"doubled word '{m.group(1)}'")


RULE = BrokenPhrase
