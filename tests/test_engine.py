"""Engine behaviour that no single rule owns."""
from __future__ import annotations

from conftest import get_linter, lint_text


def test_markdown_with_no_prose_gets_no_document_level_findings():
    findings = lint_text("```python\nprint('hello')\n```\n", path="snippet.md")
    assert findings == []


def test_plain_article_without_disclaimer_does_get_the_document_level_finding():
    findings = lint_text("Walking every day is good for your heart.\n", "missing-disclaimer", path="a.txt")
    assert [f.rule for f in findings] == ["missing-disclaimer"]


def test_unused_suppression_severity_comes_from_the_configuration(tmp_path):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("rules:\n  unused-suppression:\n    severity: warning\n")
    text = "healthlint-disable-next-line broken-phrase\nNothing is wrong with this sentence.\n"
    linter = get_linter(None, str(cfg))
    result = linter.check_text(text, "a.txt")
    unused = [f for f in result.findings if f.rule == "unused-suppression"]
    assert [f.severity for f in unused] == ["warning"]


def test_findings_are_sorted_by_position():
    text = "Our clinics in are open. Treatment for the the cancer is free.\n"
    findings = lint_text(text, "broken-phrase", path="a.txt")
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert len(findings) == 2


def test_line_breaks_on_a_final_line_without_newline():
    from healthlint.nlp import line_break_offsets

    text = "Heading\nFirst line here.\n\nPara two\ncontinues here.\n- item"
    assert line_break_offsets(text) == [8, 26, 51]
    assert line_break_offsets("one long line without any newline at all") == []


def test_bounded_memo_computes_once_and_stops_keeping_at_its_limit():
    from healthlint.memo import BoundedMemo

    calls = []
    memo = BoundedMemo(lambda w: calls.append(w) or len(w), limit=2)
    assert [memo[w] for w in ("ab", "ab", "cde")] == [2, 2, 3]
    assert calls == ["ab", "cde"]  # the second "ab" was a hit
    assert memo["fghi"] == 4 and "fghi" not in memo  # past the limit: computed, not kept
    assert len(memo) == 2
