"""No text makes healthlint crash: odd Unicode through every rule, and a rule that
does crash costs one clear error for its file, never a traceback or the other files."""
from __future__ import annotations

import random

import pytest
from click.testing import CliRunner

import healthlint
from healthlint.cli import main
from healthlint.rules import rule_classes

# Letters and digits outside A-Z/0-9, case-folding oddities (İ ı ſ K ß ﬁ), combining marks,
# zero-width and no-break spaces, emoji and astral letters, mixed with the words rules look for.
PIECES = [
    "an", "a", "An", "élan", "Ångström", "İstanbul", "ı", "ſ", "\u212a", "ﬁ", "naïve", "ß", "ÉCOLE", "Œdipus",
    "10%", "½", "١٢٣", "²", "Ⅻ", "\u0301", "a\u0301", "\u200b", "\u00a0", "\t", "🙂", "𝔸", "ǅ", "Σ", "ς",
    "suicide", "overdose", "cure", "guaranteed", "the", "the", "\n", "\n\n", "#", "-", "*", "“", "”", "'", '"',
    "(", ")", "[1]", "<b>", "</b>", "&amp;", "people", "percent", "1,000", "$5", "mg", "daily", "must", "not",
    "safe", "effective", "addict", "colour", "color", "Dr.", ".", "?", "!", "Sources", "By", "Reviewed",
]


def _texts(n: int, seed: int):
    rng = random.Random(seed)
    for _ in range(n):
        yield " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 150)))


@pytest.mark.parametrize("path", ["article.txt", "article.md", "article.html"])
def test_random_unicode_text_never_breaks_a_rule(path):
    for text in _texts(120, seed=len(path)):
        if not text.strip():
            continue
        try:
            healthlint.check_text(text, path=path)
        except ValueError as exc:  # an input error is fine; a bug in a rule is not
            assert "internal error" not in str(exc), f"{exc}\n--- text: {text!r}"


@pytest.mark.parametrize("sentence", ["We met an élan vital expert.", "It rose a ² fold.", "A ١٢ mg dose."])
def test_articles_before_non_ascii_words_and_digits(sentence):
    healthlint.check_text(sentence, path="a.txt", select=["broken-phrase"])


def test_a_crashing_rule_is_one_clear_error_and_other_files_are_checked(tmp_path, monkeypatch):
    cls = rule_classes()["broken-phrase"]

    def broken(self, ctx):
        if "crash" in ctx.text:
            raise RuntimeError("boom")
        return original(self, ctx)

    original = cls.check
    monkeypatch.setattr(cls, "check", broken)
    bad = tmp_path / "bad.txt"
    bad.write_text("This line will crash the rule. The the rest.\n", encoding="utf-8")
    good = tmp_path / "good.txt"
    good.write_text("Our clinics in are open on weekends.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "broken-phrase", str(bad), str(good)])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "internal error in rule broken-phrase (RuntimeError: boom)" in result.output
    assert "--ignore broken-phrase" in result.output
    assert f"{good}:1:" in result.output  # the other file is still reported


def test_read_file_says_what_is_wrong_with_a_path(tmp_path, monkeypatch):
    """One open per file: a missing path, a folder, a file over the size limit and an
    unreadable file each give their own one-line InputError; a good file its bytes."""
    import pytest

    from healthlint import documents
    from healthlint.errors import InputError

    good = tmp_path / "a.txt"
    good.write_bytes(b"Eat well.\n")
    assert documents.read_file(good) == b"Eat well.\n"
    assert documents.read_file(str(good)) == b"Eat well.\n"
    with pytest.raises(InputError, match="no such file or directory"):
        documents.read_file(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="is a directory"):
        documents.read_file(tmp_path)
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(documents.MAX_FILE_BYTES + 1)
    with pytest.raises(InputError, match="file is too large"):
        documents.read_file(big)

    def refused(path, mode="r"):
        raise PermissionError(13, "Permission denied")

    # (the module's own name, not os or builtins: pytest itself opens files meanwhile)
    monkeypatch.setattr(documents, "open", refused, raising=False)
    with pytest.raises(InputError, match="cannot read: Permission denied"):
        documents.read_file(good)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_given_by_name_is_read_like_a_file(tmp_path):
    """`healthlint check <(cat draft.md)` passes /dev/fd/N, a pipe: it is read, not called a folder."""
    import os
    import threading

    fifo = tmp_path / "draft.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text("Ask the the pharmacist.\n"))
    writer.start()
    result = CliRunner().invoke(main, ["check", "--no-cache", "--select", "broken-phrase", str(fifo)])
    writer.join(5)
    assert result.exit_code == 1, result.output
    assert "doubled word 'the the'" in result.stdout


def test_an_endless_stream_stops_at_the_size_limit(monkeypatch):
    """Standard input is read only one byte past the size limit: 'too large', not a hang."""
    from healthlint import documents

    import io

    class Endless(io.RawIOBase):
        """A stream that never ends (`yes | healthlint check -`)."""

        def readable(self):
            return True

        def readinto(self, buffer):
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 64)
    result = CliRunner().invoke(main, ["check", "--no-cache", "-"], input=io.BufferedReader(Endless()))
    assert result.exit_code == 2
    assert "-: input is too large" in result.stderr


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="named pipes are POSIX")
def test_a_pipe_or_device_is_read_only_one_byte_past_the_size_limit(tmp_path, monkeypatch):
    """A pipe has no size for the up-front check: read_file stops reading past the limit."""
    import os
    import threading

    from healthlint import documents

    monkeypatch.setattr(documents, "MAX_FILE_BYTES", 64)
    fifo = tmp_path / "stream.txt"
    os.mkfifo(fifo)

    def write():
        try:
            with open(fifo, "wb") as fh:
                fh.write(b"x" * 100_000)
        except BrokenPipeError:  # the reader stopped early, as it should
            pass

    writer = threading.Thread(target=write)
    writer.start()
    data = documents.read_file(fifo)
    writer.join(5)
    assert len(data) == 65
    with pytest.raises(documents.InputError, match="too large"):
        documents.load_document(str(fifo), data)
