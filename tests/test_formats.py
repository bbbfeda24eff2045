"""Output formats: SARIF (validated against the SARIF 2.1.0 schema), GitHub workflow
commands, JUnit XML, and ``-o FILE``."""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from healthlint.cli import main, rules_metadata
from healthlint.findings import Edit, FileResult, Finding, Location
from healthlint.reporters import Report, formats, render
from healthlint.reporters.github import escape_data, escape_property

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-2.1.0-rtm.5.json").read_text(encoding="utf-8"))
PAIR = Path(__file__).parent / "fixtures" / "articles"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def sample_report() -> Report:
    """A report with every shape of result: related locations, a suggestion, an info,
    a document-level (empty) span, odd characters, and a file error."""
    main_f = Finding("contradiction", "warning", "says 'three hours' here, 'an hour' earlier", 40, 52,
                     suggestion="Make them agree", line=3, column=5, end_line=3, end_column=17,
                     text="an hour, \"a\"")
    main_f.related = [Location(1, 10, 1, 21, 9, 20, "three hours")]
    info = Finding("readability", "info", "grade 11, target 8: 100%, a:b", 0, 0, line=1, column=1,
                   end_line=1, end_column=1, text="")
    err = Finding("broken-phrase", "error", "doubled word 'the'\nline two", 60, 67, line=4, column=2,
                  end_line=4, end_column=9, text="the the", fix=[Edit(63, 67, "")])
    return Report(
        [FileResult("docs/a b,c:d.md", [err, main_f, info]), FileResult("bad.txt", error="bad.txt: not valid UTF-8")],
        version="0.1.0", rules=rules_metadata(),
    )


def test_every_format_has_a_reporter():
    assert {"text", "json", "sarif", "github", "junit"} <= set(formats())


# -- SARIF ----------------------------------------------------------------------
def test_sarif_validates_against_the_schema():
    log = json.loads(render("sarif", sample_report()))
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    run_ = log["runs"][0]
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    for rid in rules_metadata():
        r = rules[rid]
        assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    res = run_["results"]
    assert [r["level"] for r in res] == ["error", "warning", "note"]
    region = res[1]["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endLine"], region["endColumn"]) == (3, 5, 3, 17)
    assert res[1]["relatedLocations"][0]["physicalLocation"]["region"]["snippet"]["text"] == "three hours"
    assert res[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "docs/a%20b%2Cc%3Ad.md"
    assert run_["tool"]["driver"]["rules"][res[0]["ruleIndex"]]["id"] == "broken-phrase"
    [fix] = res[0]["fixes"]
    assert fix["artifactChanges"][0]["replacements"] == [
        {"deletedRegion": {"charOffset": 63, "charLength": 4}, "insertedContent": {"text": ""}}]
    assert "fixes" not in res[1]
    notes = run_["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "bad.txt: not valid UTF-8"
    assert run_["invocations"][0]["executionSuccessful"] is False


def test_sarif_of_real_articles_validates(tmp_path):
    out = tmp_path / "report.sarif"
    result = run("check", "--format", "sarif", "-o", out, PAIR / "eye-drops-glaucoma.md", PAIR / "eye-drops-glaucoma.html",
                 PAIR / "messy-iop.md")
    assert result.exit_code == 1
    assert result.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER).validate(log)
    assert log["runs"][0]["results"]


def fingerprints(tmp_path, text: str) -> dict[tuple[str, int], str]:
    f = tmp_path / "a.md"
    f.write_text(text, encoding="utf-8")
    log = json.loads(run("check", "--format", "sarif", "--select", "broken-phrase", f).stdout)
    return {(r["locations"][0]["physicalLocation"]["region"]["snippet"]["text"],
             r["locations"][0]["physicalLocation"]["region"]["startLine"]):
            r["partialFingerprints"]["healthlintFinding/v1"] for r in log["runs"][0]["results"]}


def test_sarif_fingerprints_survive_unrelated_line_moves(tmp_path):
    before = fingerprints(tmp_path, "# Drops\n\nPut in the the drops.\n\nThen the the cap.\n")
    after = fingerprints(tmp_path, "# Drops\n\nA new first paragraph.\n\nAnd another one.\n\n"
                                   "Put in the the drops.\n\nThen the the cap.\n")
    assert sorted(before.values()) == sorted(after.values())
    assert len(set(before.values())) == 2  # equal findings differ by occurrence index
    assert {line for _, line in before} != {line for _, line in after}


# -- GitHub ---------------------------------------------------------------------
def test_github_workflow_commands_are_escaped():
    out = render("github", sample_report()).splitlines()
    assert out[0] == ("::error file=docs/a b%2Cc%3Ad.md,line=4,col=2,endLine=4,endColumn=9,"
                      "title=healthlint broken-phrase::doubled word 'the'%0Aline two")
    assert out[1].startswith("::warning file=docs/a b%2Cc%3Ad.md,line=3,col=5,endLine=3,endColumn=17,"
                             "title=healthlint contradiction::")
    assert out[1].endswith("%0ASuggestion: Make them agree")
    assert out[2] == ("::notice file=docs/a b%2Cc%3Ad.md,line=1,col=1,endLine=1,endColumn=1,"
                      "title=healthlint readability::grade 11, target 8: 100%25, a:b")
    assert out[3] == "::error file=bad.txt,title=healthlint::bad.txt: not valid UTF-8"
    assert escape_property("a:b,c%\r\n") == "a%3Ab%2Cc%25%0D%0A"
    assert escape_data("a:b,c%\r\n") == "a:b,c%25%0D%0A"


def test_github_format_from_the_cli(tmp_path):
    f = tmp_path / "a.html"
    f.write_text("<p>Put in the the drops.</p>", encoding="utf-8")
    result = run("check", "--format", "github", "--select", "broken-phrase", f)
    assert result.exit_code == 1
    [line] = result.stdout.splitlines()
    assert line.startswith(f"::error file={f},line=1,col=11,endLine=1,endColumn=18,title=healthlint broken-phrase::")
    assert line.split("::", 2)[2]  # the rule's message


# -- JUnit ----------------------------------------------------------------------
def test_junit_is_valid_xml_with_one_case_per_file_and_rule():
    xml = render("junit", sample_report())
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    suite_a, suite_bad = root.findall("testsuite")
    assert suite_a.get("name") == "docs/a b,c:d.md"
    cases = {c.get("name"): c for c in suite_a.findall("testcase")}
    assert set(cases) >= {rid for rid, m in rules_metadata().items() if m["enabled"]}
    failure = cases["broken-phrase"].find("failure")
    assert failure is not None and "4:2 error doubled word 'the'" in failure.text
    assert cases["contradiction"].find("failure") is not None
    assert cases["readability"].find("failure") is None  # info does not fail
    assert "grade 11" in cases["readability"].find("system-out").text
    quiet = next(r for r in cases if r not in ("broken-phrase", "contradiction", "readability"))
    assert cases[quiet].find("failure") is None and cases[quiet].find("system-out") is None
    assert int(suite_a.get("failures")) == 2 and int(suite_a.get("tests")) == len(cases)
    assert suite_bad.find("testcase/error").get("message") == "bad.txt: not valid UTF-8"
    assert int(root.get("errors")) == 1


def test_junit_escapes_markup_and_drops_invalid_characters():
    f = Finding("broken-phrase", "error", "a <b> & \"c\" \x0b", 0, 3, line=1, column=1, end_line=1, end_column=4,
                text="<&>")
    root = ET.fromstring(render("junit", Report([FileResult("x<y>.md", [f])], rules={})))
    case = root.find("testsuite/testcase")
    assert case.get("classname") == "x<y>.md"
    assert "a <b> & \"c\" \ufffd" in case.find("failure").text and "[<&>]" in case.find("failure").text


# -- -o FILE ----------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "junit"])
def test_output_file_is_written_and_the_exit_code_kept(tmp_path, fmt):
    article = tmp_path / "a.md"
    article.write_text("Put in the the drops.\n", encoding="utf-8")
    out = tmp_path / f"report.{fmt}"
    out.write_text("old report", encoding="utf-8")
    result = run("check", "--format", fmt, "--select", "broken-phrase", "-o", out, article)
    assert result.exit_code == 1
    assert result.stdout == ""
    body = out.read_text(encoding="utf-8")
    assert "old report" not in body and ("the the" in body or "broken-phrase" in body)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file left


def test_output_file_that_cannot_be_written_is_an_error(tmp_path):
    article = tmp_path / "a.md"
    article.write_text("Fine.\n", encoding="utf-8")
    result = run("check", "-o", tmp_path / "missing-dir" / "r.json", article)
    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def _random_json(rng, depth=0):
    """Nested data of the kinds findings hold, and the odd ones json.dumps also takes."""
    from collections import Counter

    pick = rng.randrange(12 if depth < 4 else 7)
    if pick == 0:
        return rng.choice([None, True, False])
    if pick == 1:
        return rng.choice([0, -3, 7, 2**70, rng.randrange(-10**6, 10**6)])
    if pick == 2:
        return rng.choice([0.5, -1e16, 1e-7, 3.0, float("nan"), float("inf"), rng.random()])
    if pick in (3, 4, 5, 6):
        alphabet = 'ab "\\\n\t\x00\x1f/é’😀\u2028<>&'
        return "".join(rng.choice(alphabet) for _ in range(rng.randrange(6)))
    if pick in (7, 8):
        return [_random_json(rng, depth + 1) for _ in range(rng.randrange(4))]
    if pick == 9:
        return tuple(_random_json(rng, depth + 1) for _ in range(rng.randrange(3)))
    if pick == 10:
        return Counter({str(rng.randrange(5)): rng.randrange(9) for _ in range(rng.randrange(3))})
    keys = [rng.choice(["rule", "é", "", 'q"k', 1, 2.5, True, None]) for _ in range(rng.randrange(5))]
    return {k: _random_json(rng, depth + 1) for k in keys}


def test_json_indentation_matches_json_dumps_on_random_data():
    """The reporter's own indenting writer gives the bytes of json.dumps(indent=2) at every depth."""
    import random

    from healthlint.reporters._json_text import indented

    rng = random.Random(11)
    for _ in range(3000):
        obj = _random_json(rng)
        depth = rng.randrange(3)
        assert indented(obj, depth) == json.dumps(obj, indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * depth)


def test_json_indentation_refuses_what_json_dumps_refuses():
    from healthlint.reporters._json_text import indented

    with pytest.raises(TypeError):
        indented({"a": [object()]}, 1)


def test_sarif_is_byte_identical_to_one_json_dumps_of_the_whole_log():
    from healthlint.reporters.sarif import as_dict

    report = sample_report()
    # A finding from a rule without metadata gets a descriptor after the known rules.
    report.results[0].findings.append(Finding("someone-elses-rule", "warning", "odd", 0, 1, line=1, column=1,
                                              end_line=1, end_column=2, text="x"))
    for results in (report.results, report.results[:1], report.results[1:], []):
        sub = Report(results, version=report.version, rules=report.rules)
        assert render("sarif", sub) == json.dumps(as_dict(sub), indent=2, ensure_ascii=False) + "\n"
    log = json.loads(render("sarif", report))
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    odd = [r for r in log["runs"][0]["results"] if r["ruleId"] == "someone-elses-rule"]
    assert rules[odd[0]["ruleIndex"]]["id"] == "someone-elses-rule"


@pytest.mark.parametrize("fmt", sorted(set(formats())))
def test_every_format_streams_without_keeping_earlier_results(fmt):
    """A result is gone from memory soon after the next one is asked for; all but JUnit (whose totals
    open the document) have written the first file's part before the last file is checked."""
    import gc
    import weakref

    from healthlint.reporters import stream

    written: list[str] = []
    refs = []

    def results():
        for i in range(4):
            if i >= 2:  # (the consumer's loop variable still holds the one just before)
                gc.collect()
                assert refs[i - 2]() is None, "an earlier result is still held"
            if i == 3 and fmt != "junit":
                assert "file0.md" in "".join(written), "nothing written before the last file"
            r = FileResult(f"file{i}.md", [Finding("broken-phrase", "error", "doubled word 'the the'", 3, 10,
                                                   line=1, column=4, end_line=1, end_column=11, text="the the")])
            refs.append(weakref.ref(r))
            yield r
            del r

    tally = stream(fmt, results(), written.append, rules=rules_metadata(), version="0.1.0")
    assert tally.files == 4 and tally.summary()["findings"] == 4
    assert "file3.md" in "".join(written)


def test_junit_without_a_temporary_folder_keeps_the_suites_in_memory(monkeypatch):
    import tempfile

    def no_temp(*args, **kwargs):
        raise OSError("no temporary folder")

    expected = render("junit", sample_report())
    monkeypatch.setattr(tempfile, "TemporaryFile", no_temp)
    assert render("junit", sample_report()) == expected
