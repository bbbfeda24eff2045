"""The Python API returns exactly what the command line reports, as plain data."""
from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import healthlint
from healthlint import api
from healthlint.cli import main

ARTICLES = Path(__file__).parent / "fixtures" / "articles"


def cli_json(*args, input=None) -> dict:
    result = CliRunner().invoke(main, ["check", "--format", "json", "--no-cache", *map(str, args)], input=input)
    assert result.exit_code in (0, 1, 2), result.output
    return json.loads(result.stdout)


def test_check_paths_is_what_the_cli_reports():
    files = healthlint.check_paths([ARTICLES])
    assert files == cli_json(ARTICLES)["files"]
    assert len(files) == len(list(ARTICLES.glob("*.*")))
    assert any(f["findings"] for f in files)


def test_check_paths_reports_bad_paths_like_the_cli(tmp_path):
    missing = tmp_path / "missing.md"
    good = ARTICLES / "messy-iop.md"
    files = healthlint.check_paths([str(good), str(missing)])
    assert files == cli_json(good, missing)["files"]
    assert files[1]["error"] and files[1]["findings"] == []


def test_check_text_is_what_the_cli_reports_for_the_same_text():
    text = (ARTICLES / "messy-iop.md").read_text(encoding="utf-8")
    findings = healthlint.check_text(text, path="drafts/messy-iop.md")
    reported = cli_json("-", "--stdin-filename", "drafts/messy-iop.md", input=text)["files"][0]["findings"]
    assert findings == reported and findings


def test_findings_are_plain_picklable_json_ready_data():
    findings = healthlint.check_text("Take the the tablets twice a day.\n")
    assert findings
    assert pickle.loads(pickle.dumps(findings)) == findings
    assert json.loads(json.dumps(findings)) == findings
    assert set(findings[0]) == {"rule", "severity", "message", "line", "column", "end_line", "end_column",
                                "start", "end", "text", "suggestion", "related"}


def test_select_and_format_by_path():
    text = "Take the the tablets.\n\n<!-- a comment -->\n"
    only = healthlint.check_text(text, path="a.md", select=["broken-phrase"])
    assert {f["rule"] for f in only} == {"broken-phrase"}
    assert [f["text"] for f in only] == ["the the"]


def test_one_pipeline_and_one_linter_per_process():
    healthlint.check_text("One sentence here.\n")
    linter = api._get_linter(None, None, None, None)
    healthlint.check_text("Another sentence here.\n")
    assert api._get_linter(None, None, None, None) is linter
    from healthlint.nlp import get_pipeline

    assert linter.nlp is get_pipeline()


def test_empty_text_raises_value_error():
    with pytest.raises(ValueError, match="empty"):
        healthlint.check_text("   \n")


def test_bytes_are_decoded_like_a_file():
    text = "Take the the tablets twice a day.\n"
    as_str = healthlint.check_text(text, path="a.txt")
    assert healthlint.check_text(text.encode("utf-8"), path="a.txt") == as_str
    assert healthlint.check_text(b"\xef\xbb\xbf" + text.encode("utf-8"), path="a.txt") == as_str
    assert healthlint.check_text(text.encode("utf-16"), path="a.txt") == as_str
    with pytest.raises(ValueError, match="not valid UTF-8"):
        healthlint.check_text("café".encode("latin-1"), path="a.txt")


@pytest.mark.parametrize("bad", [None, 42, ["Take the the tablets."]])
def test_anything_but_str_or_bytes_is_a_clear_type_error(bad):
    with pytest.raises(TypeError, match=r"takes the article as str \(or bytes to decode\)"):
        healthlint.check_text(bad)
