"""Shared test helpers: one Linter per configuration, reused across tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from healthlint.config import ConfigResolver
from healthlint.engine import Linter

FIXTURES = Path(__file__).parent / "fixtures"

_LINTERS: dict[tuple, Linter] = {}


def get_linter(select=None, config=None) -> Linter:
    key = (tuple(select or ()), config)
    if key not in _LINTERS:
        _LINTERS[key] = Linter(ConfigResolver(config, select=list(select) if select else None))
    return _LINTERS[key]


def fresh_rules(rule: str, n: int = 2):
    """The linter and configuration for ``rule``, and ``n`` fresh instances of it (nothing
    remembered across documents shared between them: for comparing a shortcut with the
    plain computation)."""
    linter = get_linter([rule])
    config = linter.resolver.for_file("a.txt")
    cls = type(linter.rules_for(config)[0])
    rc = config.rules[rule]
    return (linter, config, *[cls(linter.nlp, rc.options, rc.severity, config) for _ in range(n)])


def lint_text(text: str, rule: str | None = None, path: str = "<text>", config: str | None = None):
    """Findings for ``text`` (only ``rule``'s when given), as Finding objects."""
    linter = get_linter([rule] if rule else None, config)
    result = linter.check_text(text, path)
    assert result.error is None, result.error
    return [f for f in result.findings if rule is None or f.rule == rule]


@pytest.fixture
def lint():
    return lint_text
