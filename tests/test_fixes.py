"""Safe fixes: --fix and --diff apply only deterministic edits, atomically and idempotently."""
from __future__ import annotations

import codecs
import os
import stat

import pytest
from click.testing import CliRunner

from healthlint import fileutil
from healthlint.cli import main
from healthlint.findings import Edit
from healthlint.fixes import apply_edits, encode_like

DOUBLED = "Treatment for the the cancer is available.\nAsk your care team about a an assessment.\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_apply_edits_in_order_and_skips_overlaps():
    text = "abcdef"
    out, n = apply_edits(text, [Edit(4, 5, "E"), Edit(0, 2, "X"), Edit(1, 3, "overlap")])
    assert (out, n) == ("XcdEf", 2)


@pytest.mark.parametrize("bom,codec", [(b"", "utf-8"), (codecs.BOM_UTF8, "utf-8"),
                                       (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_encode_like_keeps_the_encoding(bom, codec):
    original = bom + "old".encode(codec)
    assert encode_like("new ✓", original) == bom + "new ✓".encode(codec)


def test_diff_shows_fixes_and_writes_nothing(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOUBLED)
    result = run("check", "--diff", "--select", "broken-phrase", f)
    assert result.exit_code == 1
    assert "-Treatment for the the cancer" in result.stdout
    assert "+Treatment for the cancer" in result.stdout
    assert f.read_text() == DOUBLED


def test_diff_with_fix_still_writes_nothing(tmp_path):
    """--diff means "show, write nothing" (as ruff's --fix --diff): given with --fix too, it wins."""
    f = tmp_path / "a.txt"
    f.write_text(DOUBLED)
    result = run("check", "--fix", "--diff", "--select", "broken-phrase", f)
    assert result.exit_code == 1
    assert "+Treatment for the cancer" in result.stdout
    assert f.read_text() == DOUBLED


def test_fix_writes_and_is_idempotent(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(DOUBLED)
    run("check", "--fix", "--select", "broken-phrase", f)
    once = f.read_text()
    assert "the the" not in once
    assert once != DOUBLED
    second = run("check", "--fix", "--select", "broken-phrase", f)
    assert f.read_text() == once
    assert "Fixed" not in second.stderr
    assert run("check", "--diff", "--select", "broken-phrase", f).exit_code == 0


def test_fix_keeps_line_endings_encoding_and_permissions(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes(codecs.BOM_UTF16_LE + DOUBLED.replace("\n", "\r\n").encode("utf-16-le"))
    os.chmod(f, 0o640)
    run("check", "--fix", "--select", "broken-phrase", f)
    data = f.read_bytes()
    assert data.startswith(codecs.BOM_UTF16_LE)
    text = data[2:].decode("utf-16-le")
    assert "the the" not in text
    assert text.count("\r\n") == 2 and "\n" not in text.replace("\r\n", "")
    assert stat.S_IMODE(f.stat().st_mode) == 0o640


def test_unfixable_findings_are_still_reported(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Our clinics in are open on weekends. Treatment for the the cancer.\n")
    result = run("check", "--fix", "--select", "broken-phrase", f)
    assert "the the" not in f.read_text()
    assert result.exit_code == 1
    assert "broken-phrase" in result.stdout  # the dropped name cannot be fixed


def test_fix_write_is_atomic(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text(DOUBLED)

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(fileutil.os, "replace", boom)
    result = run("check", "--fix", "--select", "broken-phrase", f)
    assert result.exit_code == 2
    assert "cannot fix" in result.stderr
    assert f.read_text() == DOUBLED  # untouched
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_fix_refuses_stdin():
    result = CliRunner().invoke(main, ["check", "--fix", "-"], input="text")
    assert result.exit_code == 2
