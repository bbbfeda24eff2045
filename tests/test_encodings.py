"""Encodings and line endings: UTF-8 (with or without BOM), UTF-16 with BOM, CRLF and CR.

The same article in every accepted encoding and line ending gives the same
findings at the same lines and columns, and ``text == content[start:end]``
on the decoded content; anything else is a clear error for that file only
(exit 2), and the other files are still checked.
"""
from __future__ import annotations

import codecs
import json

import pytest
from click.testing import CliRunner

from conftest import get_linter
from healthlint.cli import main
from healthlint.documents import decode
from healthlint.errors import InputError

ARTICLE = {
    ".txt": "Eye drops\n\nPut in the the drops every evening.\nKeep caf\u00e9 visits short and and rest.\n",
    ".md": "# Eye drops\n\nPut in **the the** drops every evening.\nKeep caf\u00e9 visits short and and rest.\n",
    ".html": "<h1>Eye drops</h1>\n\n<p>Put in <b>the the</b> drops every evening.\nKeep caf&eacute; visits "
             "short and and rest.</p>\n",
}
ENCODINGS = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16-le-bom": lambda s: codecs.BOM_UTF16_LE + s.encode("utf-16-le"),
    "utf-16-be-bom": lambda s: codecs.BOM_UTF16_BE + s.encode("utf-16-be"),
}
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def findings(path: str, data: bytes):
    [result] = list(get_linter(["broken-phrase"]).check_files([(path, data)]))
    assert result.error is None, result.error
    return result.findings


@pytest.mark.parametrize("suffix", list(ARTICLE))
@pytest.mark.parametrize("encoding", list(ENCODINGS))
@pytest.mark.parametrize("newline", list(NEWLINES))
def test_same_findings_in_every_encoding_and_line_ending(suffix, encoding, newline):
    text = ARTICLE[suffix].replace("\n", NEWLINES[newline])
    data = ENCODINGS[encoding](text)
    got = findings(f"article{suffix}", data)
    assert [(f.line, f.column, f.end_line, f.end_column) for f in got] == \
        [(f.line, f.column, f.end_line, f.end_column) for f in findings(f"article{suffix}", ARTICLE[suffix].encode())]
    content = decode(data, "x")
    assert content == text  # the BOM is not content
    assert [f.text for f in got] == [content[f.start:f.end] for f in got]
    assert {f.text.replace("**", "").replace("<b>", "").replace("</b>", "") for f in got} >= {"the the", "and and"}
    and_and = next(f for f in got if "and and" in f.text)
    line4 = ARTICLE[suffix].split("\n")[3]
    assert (and_and.line, and_and.column) == (4, line4.index("and and") + 1)


@pytest.mark.parametrize("data,why", [
    ("caf\u00e9 au lait".encode("latin-1"), "not valid UTF-8"),
    ("text".encode("utf-16-le"), "binary"),  # UTF-16 without a BOM: NUL bytes
    (b"\x00\x01\x02binary", "binary"),
    (codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "not valid UTF-16"),  # a lone surrogate
])
def test_other_encodings_are_a_clear_error(data, why):
    with pytest.raises(InputError) as exc:
        decode(data, "bad.txt")
    assert why in str(exc.value) and "bad.txt" in str(exc.value)


def test_bad_file_exits_2_and_the_others_are_still_checked(tmp_path):
    good = tmp_path / "good.md"
    good.write_text("Put in the the drops.\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_bytes("Caf\u00e9 the the.".encode("cp1252"))
    good16 = tmp_path / "good16.html"
    good16.write_bytes(codecs.BOM_UTF16_LE + "<p>Rest and and sleep.</p>".encode("utf-16-le"))
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "broken-phrase",
                                       str(bad), str(good), str(good16)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    by_path = {f["path"]: f for f in data["files"]}
    assert "not valid UTF-8" in by_path[str(bad)]["error"]
    assert by_path[str(bad)]["findings"] == []
    assert [f["text"] for f in by_path[str(good)]["findings"]] == ["the the"]
    assert [f["text"] for f in by_path[str(good16)]["findings"]] == ["and and"]
    assert "not valid UTF-8" in result.stderr
