"""The command line: exit codes, the JSON contract, rule selection, stdin and bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from healthlint.cli import main
from healthlint.rules import rule_classes

ARTICLES = Path(__file__).parent / "fixtures" / "articles"
MESSY = ARTICLES / "messy-iop.md"
CAREFUL = ARTICLES / "careful-iop.md"
CORE_RULES = ["contradiction", "unsupported-claim", "broken-phrase", "missing-disclaimer", "missing-crisis-resource"]


def run(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


def run_json(*args, input=None):
    result = run("check", "--format", "json", *args, input=input)
    return result, json.loads(result.stdout)


# -- the two articles -------------------------------------------------------
def test_messy_article_reports_each_core_defect_and_exits_1():
    result, data = run_json(MESSY)
    assert result.exit_code == 1
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert set(CORE_RULES) <= rules


def test_careful_article_is_clean_for_the_core_rules():
    result, data = run_json(CAREFUL, "--select", ",".join(CORE_RULES))
    assert data["files"][0]["findings"] == []
    assert result.exit_code == 0


def test_careful_article_passes_with_all_default_rules():
    result = run("check", CAREFUL)
    assert result.exit_code == 0, result.stdout


def test_text_output_lines_are_path_line_col_severity_rule_message():
    result = run("check", MESSY)
    lines = [l for l in result.stdout.splitlines() if l.startswith(str(MESSY))]
    assert lines
    for line in lines:
        path, line_no, col, rest = line.split(":", 3)
        assert int(line_no) >= 1 and int(col) >= 1
        severity, rule, message = rest.strip().split(" ", 2)
        assert severity in ("error", "warning", "info")
        assert rule in rule_classes()
        assert message
    assert "Found" in result.stdout  # the summary by rule and severity
    for rule in CORE_RULES:
        assert any(l.strip().startswith(rule) for l in result.stdout.splitlines()[len(lines):])


# -- the JSON contract --------------------------------------------------------
LOCATION_KEYS = {"line", "column", "end_line", "end_column", "start", "end", "text"}
FINDING_KEYS = {"rule", "severity", "message", "suggestion", "related"} | LOCATION_KEYS


def test_json_matches_the_contract():
    result, data = run_json(MESSY, CAREFUL)
    assert set(data) == {"version", "files", "summary"}
    assert data["version"] == 1
    content = MESSY.read_text(encoding="utf-8")
    total = 0
    by_rule: dict[str, int] = {}
    for file in data["files"]:
        assert set(file) == {"path", "error", "findings"}
        assert file["error"] is None
        text = Path(file["path"]).read_text(encoding="utf-8")
        for f in file["findings"]:
            assert set(f) == FINDING_KEYS
            assert f["severity"] in ("error", "warning", "info")
            assert f["suggestion"] is None or isinstance(f["suggestion"], str)
            assert text[f["start"]:f["end"]] == f["text"]
            assert 1 <= f["line"] <= f["end_line"] and f["column"] >= 1
            lines = text.splitlines(keepends=True)
            line_start = sum(len(l) for l in lines[: f["line"] - 1])
            assert line_start + f["column"] - 1 == f["start"]
            for r in f["related"]:
                assert set(r) == LOCATION_KEYS
                assert text[r["start"]:r["end"]] == r["text"]
            total += 1
            by_rule[f["rule"]] = by_rule.get(f["rule"], 0) + 1
    assert content  # the messy file was read
    assert data["summary"]["files"] == 2
    assert data["summary"]["findings"] == total
    assert data["summary"]["by_rule"] == by_rule
    assert sum(data["summary"]["by_severity"].values()) == total


def test_contradiction_points_at_the_later_sentence_with_the_earlier_in_related():
    _, data = run_json(MESSY, "--select", "contradiction")
    findings = data["files"][0]["findings"]
    assert findings
    for f in findings:
        assert f["related"], f
        assert all(r["start"] < f["start"] for r in f["related"])


# -- selection and thresholds --------------------------------------------------
def test_select_limits_rules():
    _, data = run_json(MESSY, "--select", "broken-phrase")
    assert {f["rule"] for f in data["files"][0]["findings"]} == {"broken-phrase"}


def test_ignore_drops_rules():
    _, data = run_json(MESSY, "--ignore", "broken-phrase,contradiction")
    rules = {f["rule"] for f in data["files"][0]["findings"]}
    assert "broken-phrase" not in rules and "contradiction" not in rules
    assert rules


@pytest.mark.parametrize("fail_on,expected", [("error", 1), ("warning", 1), ("info", 1), ("never", 0)])
def test_fail_on_with_an_error_finding(fail_on, expected):
    assert run("check", MESSY, "--select", "broken-phrase", "--fail-on", fail_on).exit_code == expected


def test_fail_on_error_ignores_warnings(tmp_path):
    # missing-disclaimer is a warning: it alone must not fail with --fail-on error.
    article = tmp_path / "a.txt"
    article.write_text("Walking every day is good for your heart.\n")
    assert run("check", article, "--select", "missing-disclaimer", "--fail-on", "warning").exit_code == 1
    assert run("check", article, "--select", "missing-disclaimer", "--fail-on", "error").exit_code == 0


def test_exit_zero_and_min_severity(tmp_path):
    assert run("check", MESSY, "--exit-zero").exit_code == 0
    result, data = run_json(MESSY, "--min-severity", "error")
    assert data["files"][0]["findings"]
    assert all(f["severity"] == "error" for f in data["files"][0]["findings"])


def test_unknown_rule_in_select_is_a_usage_error():
    result = run("check", MESSY, "--select", "no-such-rule")
    assert result.exit_code == 2
    assert "no-such-rule" in result.stderr


# -- stdin ------------------------------------------------------------------
def test_stdin_with_stdin_filename():
    result, data = run_json("-", "--stdin-filename", "drafts/iop.txt", "--select", "broken-phrase",
                            input="Our clinics in are open on weekends.\n")
    assert result.exit_code == 1
    assert data["files"][0]["path"] == "drafts/iop.txt"
    assert data["files"][0]["findings"][0]["rule"] == "broken-phrase"


def test_stdin_without_filename_is_reported_as_dash():
    result, data = run_json("-", "--select", "broken-phrase", input="Nothing wrong here.\n")
    assert result.exit_code == 0
    assert data["files"][0]["path"] == "-"


# -- bad input: one clear message, exit 2, other files still checked -----------
def _bad_input_case(tmp_path, name, content: bytes):
    bad = tmp_path / name
    bad.write_bytes(content)
    result, data = run_json(bad, MESSY)
    assert result.exit_code == 2
    errors = [f for f in data["files"] if f["error"]]
    assert len(errors) == 1 and errors[0]["path"] == str(bad)
    assert str(bad) in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    # The good file is still checked and reported.
    messy = [f for f in data["files"] if f["path"] == str(MESSY)][0]
    assert messy["error"] is None and messy["findings"]
    return errors[0]["error"]


def test_missing_path(tmp_path):
    result, data = run_json(tmp_path / "nope.md", MESSY)
    assert result.exit_code == 2
    assert "no such file" in data["files"][0]["error"]
    assert data["files"][1]["findings"]


def test_text_summary_counts_checked_files_and_names_the_unchecked(tmp_path):
    """The closing line counts the files checked, and says how many could not be."""
    with_error = run("check", "--no-cache", "--select", "broken-phrase", tmp_path / "nope.md", MESSY)
    assert with_error.exit_code == 2
    assert "finding" in with_error.stdout
    assert " in 1 file (" in with_error.stdout and "1 file could not be checked" in with_error.stdout
    only_error = run("check", "--no-cache", tmp_path / "nope.md")
    assert "No findings in 0 files. 1 file could not be checked" in only_error.stdout
    clean = run("check", "--no-cache", "--select", "broken-phrase", MESSY)
    assert "could not be checked" not in clean.stdout


def test_directory_without_articles(tmp_path):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    result, data = run_json(tmp_path, MESSY)
    assert result.exit_code == 2
    assert "no articles" in data["files"][0]["error"]


def test_binary_file(tmp_path):
    assert "binary" in _bad_input_case(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_invalid_utf8(tmp_path):
    message = _bad_input_case(tmp_path, "latin1.txt", "Caf\xe9 au lait is not medicine.\n".encode("latin-1"))
    assert "UTF-8" in message and "line 1" in message


def test_empty_file(tmp_path):
    assert "empty" in _bad_input_case(tmp_path, "empty.md", b"  \n\n")


def test_huge_file(tmp_path):
    from healthlint.documents import MAX_FILE_BYTES

    assert "too large" in _bad_input_case(tmp_path, "huge.txt", b"word " * (MAX_FILE_BYTES // 5 + 1))


def test_directory_expands_to_articles(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.md").write_text("Our clinics in are open.\n")
    (tmp_path / "b.txt").write_text("Nothing wrong here at all.\n")
    (tmp_path / "c.py").write_text("print('not an article')\n")
    _, data = run_json(tmp_path, "--select", "broken-phrase")
    assert sorted(Path(f["path"]).name for f in data["files"]) == ["a.md", "b.txt"]


# -- broken configuration --------------------------------------------------------
def _config_error(tmp_path, yaml_text):
    cfg = tmp_path / "cfg.yaml"
    cfg.write_text(yaml_text)
    result = run("check", MESSY, "--config", cfg)
    assert result.exit_code == 2
    assert "Traceback" not in result.stderr
    assert str(cfg) in result.stderr
    return result.stderr


def test_broken_yaml_names_file_and_line(tmp_path):
    err = _config_error(tmp_path, "rules:\n  broken-phrase:\n    severity: [error\n")
    assert "cfg.yaml:" in err and "invalid YAML" in err


def test_unknown_rule_id_in_config_names_key_and_line(tmp_path):
    err = _config_error(tmp_path, "locale: en-US\nrules:\n  no-such-rule:\n    enabled: false\n")
    assert "cfg.yaml:3" in err and "no-such-rule" in err


def test_wrong_type_in_config(tmp_path):
    err = _config_error(tmp_path, "rules:\n  broken-phrase:\n    enabled: sometimes\n")
    assert "cfg.yaml:3" in err and "rules.broken-phrase.enabled" in err


def test_unquoted_no_in_a_word_list_is_an_error(tmp_path):
    err = _config_error(tmp_path, "cues:\n  hedges: [may, no]\n")
    assert "cfg.yaml:2" in err and "strings" in err and "quote" in err


def test_bad_severity(tmp_path):
    err = _config_error(tmp_path, "rules:\n  broken-phrase:\n    severity: fatal\n")
    assert "severity" in err


def test_missing_config_file(tmp_path):
    result = run("check", MESSY, "--config", tmp_path / "missing.yaml")
    assert result.exit_code == 2 and "not found" in result.stderr


def test_unknown_model_is_a_clear_error():
    result = run("check", MESSY, "--model", "en_no_such_pipeline")
    assert result.exit_code == 2
    assert "en_no_such_pipeline" in result.stderr and "Traceback" not in result.stderr


# -- rules, explain, version ----------------------------------------------------------
def test_rules_lists_every_rule():
    result = run("rules")
    assert result.exit_code == 0
    for rid in rule_classes():
        assert rid in result.stdout
    for rid in CORE_RULES:
        assert rid in result.stdout


@pytest.mark.parametrize("rule", sorted(rule_classes()))
def test_explain_prints_the_rules_documentation(rule):
    result = run("explain", rule)
    assert result.exit_code == 0
    doc = result.stdout
    assert rule in doc
    for part in ("What it does", "Why it matters", "Example", "Use instead", "References"):
        assert part in doc, f"{rule} docs lack '{part}'"


def test_explain_unknown_rule():
    result = run("explain", "nope")
    assert result.exit_code == 2 and "unknown rule" in result.stderr


def test_version_runs_without_spacy():
    code = "import sys; from healthlint.cli import main; sys.argv=['healthlint','--version']\n" \
           "try:\n main()\nexcept SystemExit:\n pass\nassert 'spacy' not in sys.modules, 'spaCy imported'"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "healthlint" in out.stdout


def test_console_script_end_to_end():
    """The installed `healthlint` entry point, as editors and pre-commit run it."""
    out = subprocess.run(["healthlint", "check", str(MESSY), "--select", "broken-phrase"],
                         capture_output=True, text=True)
    assert out.returncode == 1
    assert f"{MESSY}:" in out.stdout


def test_json_is_byte_identical_to_one_json_dumps():
    from healthlint.reporters import Report
    from healthlint.reporters.json import as_dict, render

    from conftest import get_linter

    results = list(get_linter().check_files([(str(MESSY), None), (str(CAREFUL), None)]))
    for subset in (results, results[:1], []):
        report = Report(subset)
        assert render(report) == json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_streamed_report_equals_the_rendered_report(fmt, tmp_path):
    """Every format is written file by file; the bytes match a whole-report render."""
    from healthlint import __version__
    from healthlint.cli import rules_metadata
    from healthlint.reporters import Report, render

    from conftest import get_linter

    results = list(get_linter().check_files([(str(MESSY), None), (str(CAREFUL), None)]))
    expected = render(fmt, Report(results, version=__version__, rules=rules_metadata()))
    streamed = run("check", "--no-cache", "--format", fmt, MESSY, CAREFUL)
    assert streamed.stdout == expected
    out = tmp_path / f"report.{fmt}"
    to_file = run("check", "--no-cache", "--format", fmt, "-o", out, MESSY, CAREFUL)
    assert to_file.exit_code == streamed.exit_code == 1
    assert out.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_check_leaves_the_garbage_collector_as_it_found_it_whatever_the_outcome(tmp_path):
    """check pauses collection while it starts up and raises the first threshold
    while it checks; afterwards the collector is on with the caller's thresholds,
    after a clean run, a run with findings, a usage error and a missing file alike."""
    import gc

    clean = tmp_path / "ok.txt"
    clean.write_text("Eat well.\n", encoding="utf-8")
    before = gc.get_threshold()
    for args in ([MESSY], [clean, "--select", "broken-phrase"],
                 [clean, "--select", "no-such-rule"], [tmp_path / "missing.txt"]):
        assert gc.isenabled()
        result = run("check", *args, "--no-cache")
        assert result.exit_code in (0, 1, 2)
        assert gc.isenabled(), args
        assert gc.get_threshold() == before, args
    assert run("check", clean, "--select", "no-such-rule").exit_code == 2


def test_check_pauses_garbage_collection_during_start_up_then_raises_the_threshold(monkeypatch, tmp_path):
    """While the pipeline is built and the first chunk of files (64) is checked, no
    collection runs; after that the collector runs with collector.BATCH_THRESHOLD."""
    import gc

    from healthlint import collector

    seen = []
    from healthlint import engine

    real = engine.Linter.check_files

    def spy(self, items, batch_size=32):
        for item in items:  # one file at a time: the state while each is checked
            seen.append((gc.isenabled(), gc.get_threshold()[0]))
            yield from real(self, [item], batch_size)

    monkeypatch.setattr(engine.Linter, "check_files", spy)
    for k in range(65):
        (tmp_path / f"a{k:02d}.txt").write_text("Eat well.\n", encoding="utf-8")
    before = gc.get_threshold()
    assert run("check", tmp_path, "--no-cache", "--jobs", "1", "--select", "broken-phrase").exit_code == 0
    assert seen == [(False, before[0])] * 64 + [(True, collector.BATCH_THRESHOLD)]
    assert gc.isenabled() and gc.get_threshold() == before


@pytest.mark.parametrize("args", [
    ["check", "--no-cache", "--select", "broken-phrase", "--format", "text", str(MESSY)],
    ["check", "--no-cache", "--select", "broken-phrase", "--format", "junit", str(MESSY)],
    ["check", "--no-cache", "--select", "broken-phrase", "--format", "sarif", str(MESSY)],
    ["check", "--no-cache", "--select", "broken-phrase", "--diff", str(MESSY)],
    ["rules"], ["rules", "--format", "json"], ["explain", "broken-phrase"], ["config", "--show", str(MESSY)],
])
def test_output_standard_output_cannot_take_is_one_clear_error(monkeypatch, args):
    """A full disk (or any failed write) on standard output: one message and exit 2, no traceback."""
    import errno

    import click

    real_echo = click.echo

    def full_disk_echo(message=None, *args, err=False, **kwargs):
        if not err:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_echo(message, *args, err=err, **kwargs)

    monkeypatch.setattr(click, "echo", full_disk_echo)
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "cannot write to standard output" in result.stderr
    assert "No space left on device" in result.stderr
