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


def _fixture_items():
    from pathlib import Path

    root = Path(__file__).parent / "fixtures"
    paths = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html"))
    assert len(paths) > 50
    return [(str(p), None) for p in paths]


def _plain_results(linter, items):
    """Each file checked on its own, rule after rule (findings_for), as the reference."""
    from healthlint.documents import load_document
    from healthlint.errors import HealthlintError
    from healthlint.nlp import make_doc

    out = []
    for path, data in items:
        try:
            document = load_document(path, data)
            config = linter.resolver.for_file(path)
            doc = linter.nlp(make_doc(linter.nlp, document.text, document.block_starts))
            out.append((path, [f.to_dict() for f in linter.findings_for(doc, document, config)], None))
        except HealthlintError as exc:
            out.append((path, [], str(exc)))
    return out


def _batch_results(linter, items, batch_size):
    return [(r.path, [f.to_dict() for f in r.findings], r.error)
            for r in linter.check_files(items, batch_size=batch_size)]


def test_batches_run_rule_by_rule_with_the_findings_of_one_file_at_a_time():
    """check_files runs each rule over a whole batch before the next rule; every file's
    findings (and order) are those of checking it alone, whatever the batch size, with
    unreadable and empty inputs in the batch."""
    from healthlint.config import ConfigResolver
    from healthlint.engine import Linter

    items = _fixture_items() + [("missing.txt", None), ("empty.md", b"  \n"), ("code.md", b"```\nx = 1\n```\n")]
    reference = _plain_results(Linter(ConfigResolver()), items)
    assert any(findings for _, findings, _ in reference)
    assert [error is not None for _, _, error in reference].count(True) == 2
    for batch_size in (1, 7, 32, 1000):
        assert _batch_results(Linter(ConfigResolver()), items, batch_size) == reference, batch_size


def test_a_rule_failing_on_one_file_of_a_batch_ends_that_file_only(monkeypatch):
    """The failing rule's error is that file's result; the other files of the batch keep
    every finding, including the failing rule's own on them."""
    from healthlint.config import ConfigResolver
    from healthlint.engine import Linter
    from healthlint.rules import rule_classes

    cls = rule_classes()["broken-phrase"]
    original = cls.check

    def broken(self, ctx):
        if "crash" in ctx.text:
            raise RuntimeError("boom")
        return original(self, ctx)

    items = [("a.txt", b"Our clinics in are open.\n"), ("b.txt", b"This will crash. The the end.\n"),
             ("c.txt", b"Treatment for the the cancer is free.\n")]
    monkeypatch.setattr(cls, "check", broken)
    results = list(Linter(ConfigResolver()).check_files(items, batch_size=32))
    assert [r.path for r in results] == ["a.txt", "b.txt", "c.txt"]
    assert results[1].error and "internal error in rule broken-phrase (RuntimeError: boom)" in results[1].error
    assert results[0].error is None and results[2].error is None
    assert "broken-phrase" in {f.rule for f in results[0].findings}
    assert "broken-phrase" in {f.rule for f in results[2].findings}


def test_a_rule_option_the_rule_refuses_is_each_file_s_error_not_a_crash(tmp_path):
    """A configuration error raised when the rules are built (readability's formula)
    comes back as every file's error from check_files, as it did file by file."""
    from healthlint.config import ConfigResolver
    from healthlint.engine import Linter

    cfg = tmp_path / "cfg.yaml"
    cfg.write_text("rules:\n  readability:\n    formula: fog\n", encoding="utf-8")
    items = [("a.txt", b"Eat well.\n"), ("b.txt", b"Sleep well.\n")]
    results = list(Linter(ConfigResolver(str(cfg))).check_files(items))
    assert [r.path for r in results] == ["a.txt", "b.txt"]
    assert all(r.error and "expected smog or flesch-kincaid" in r.error for r in results)


def test_a_pattern_in_rule_data_that_does_not_compile_is_each_file_s_error(monkeypatch):
    """A regular expression that fails while the rules are built, where no validation saw it
    (set here on the configuration object directly, as the API allows), is every file's clear
    error, not a traceback."""
    import copy

    from healthlint.config import ConfigResolver, default_config
    from healthlint.engine import Linter

    cfg = copy.deepcopy(default_config())
    cfg.rules["broken-phrase"].options["spintax_pattern"] = "(?<=a+)b"
    resolver = ConfigResolver()
    monkeypatch.setattr(resolver, "for_file", lambda path: cfg)
    results = list(Linter(resolver).check_files([("a.txt", b"Eat well.\n"), ("b.txt", b"Sleep well.\n")]))
    assert [r.path for r in results] == ["a.txt", "b.txt"]
    for r in results:
        assert r.error and "rule broken-phrase: a regular expression in its configuration does not compile" in r.error
        assert "look-behind requires fixed-width pattern" in r.error
