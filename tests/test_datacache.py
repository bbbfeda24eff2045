"""The parsed-data cache: read back while the file is unchanged, never an error."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from healthlint import config, datacache


class CountingParser:
    """json.loads that counts its calls."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text):
        self.calls += 1
        return json.loads(text)


@pytest.fixture
def writable(monkeypatch):
    """Bytecode writing allowed, whatever PYTHONDONTWRITEBYTECODE the test run has."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    monkeypatch.setattr(sys, "pycache_prefix", None)


def test_cache_sits_in_pycache_beside_the_file_with_the_interpreter_tag(tmp_path, writable):
    where = datacache.cache_path(tmp_path / "rules.yaml")
    assert where == tmp_path / "__pycache__" / f"rules_yaml.{sys.implementation.cache_tag}.marshal"


def test_pycache_prefix_moves_the_cache_like_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "pycache_prefix", str(tmp_path / "prefix"))
    where = datacache.cache_path(tmp_path / "src" / "rules.yaml")
    assert str(where).startswith(str(tmp_path / "prefix"))
    assert where.name == f"rules_yaml.{sys.implementation.cache_tag}.marshal"


def test_second_load_reads_the_cache_instead_of_parsing(tmp_path, writable):
    source = tmp_path / "data.json"
    source.write_text('{"a": [1, 2, "x"], "b": {"c": true, "d": null, "e": 1.5}}', encoding="utf-8")
    parse = CountingParser()
    first = datacache.load(source, parse, key="test")
    assert parse.calls == 1 and datacache.cache_path(source).is_file()
    second = datacache.load(source, parse, key="test")
    assert parse.calls == 1
    assert second == first == json.loads(source.read_text())


def test_an_edited_file_is_parsed_again_and_the_cache_rewritten(tmp_path, writable):
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    parse = CountingParser()
    datacache.load(source, parse, key="test")
    source.write_text('{"n": 2}', encoding="utf-8")
    assert datacache.load(source, parse, key="test") == {"n": 2}
    assert parse.calls == 2
    assert datacache.load(source, parse, key="test") == {"n": 2}
    assert parse.calls == 2


def test_another_key_is_another_parser_and_does_not_reuse_the_cache(tmp_path, writable):
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    parse = CountingParser()
    datacache.load(source, parse, key="v1")
    datacache.load(source, parse, key="v2")
    assert parse.calls == 2


@pytest.mark.parametrize("garbage", [b"", b"\x00\x01garbage", b"\xe9" * 50])
def test_a_corrupt_cache_is_ignored_and_replaced(tmp_path, writable, garbage):
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    where = datacache.cache_path(source)
    where.parent.mkdir()
    where.write_bytes(garbage)
    parse = CountingParser()
    assert datacache.load(source, parse, key="test") == {"n": 1}
    assert parse.calls == 1
    assert datacache.load(source, parse, key="test") == {"n": 1}
    assert parse.calls == 1


def test_nothing_is_written_when_bytecode_writing_is_off(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    monkeypatch.setattr(sys, "pycache_prefix", None)
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    assert datacache.load(source, CountingParser(), key="test") == {"n": 1}
    assert not (tmp_path / "__pycache__").exists()


def test_an_unwritable_cache_location_is_no_error(tmp_path, writable):
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    (tmp_path / "__pycache__").write_text("a file where the folder should be")
    parse = CountingParser()
    assert datacache.load(source, parse, key="test") == {"n": 1}
    assert datacache.load(source, parse, key="test") == {"n": 1}
    assert parse.calls == 2


def test_data_marshal_cannot_hold_is_parsed_every_time(tmp_path, writable):
    source = tmp_path / "data.txt"
    source.write_text("x", encoding="utf-8")
    calls = []

    def parse(text):
        calls.append(text)
        return {"when": object()}

    datacache.load(source, parse, key="test")
    datacache.load(source, parse, key="test")
    assert len(calls) == 2
    assert not datacache.cache_path(source).exists()


def test_the_write_leaves_no_temporary_file(tmp_path, writable):
    source = tmp_path / "data.json"
    source.write_text('{"n": 1}', encoding="utf-8")
    datacache.load(source, CountingParser(), key="test")
    assert [p.name for p in (tmp_path / "__pycache__").iterdir()] == [datacache.cache_path(source).name]


def test_built_in_rules_from_the_cache_equal_a_fresh_parse(tmp_path, writable, monkeypatch):
    """load_defaults through a cold and a warm cache gives exactly the parsed rules.yaml."""
    copy = tmp_path / "rules.yaml"
    copy.write_bytes(config.default_rules_path().read_bytes())
    monkeypatch.setattr(config, "default_rules_path", lambda: copy)
    expected = config._plain(config.load_yaml(copy.read_text(encoding="utf-8"), str(copy)))
    config.load_defaults.cache_clear()
    try:
        cold = config.load_defaults()
        assert datacache.cache_path(copy).is_file()
        config.load_defaults.cache_clear()
        warm = config.load_defaults()
    finally:
        config.load_defaults.cache_clear()
    assert cold == expected and warm == expected
    assert type(warm) is dict and type(warm["rules"]) is dict


def test_rules_command_with_a_warm_cache_does_not_import_yaml(tmp_path):
    """`healthlint rules` reads the built-in rules back from the cache: no YAML parser, no spaCy."""
    env = dict(os.environ, PYTHONPYCACHEPREFIX=str(tmp_path / "pycache"))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    code = ("import sys; from healthlint.cli import main; sys.argv=['healthlint','rules']\n"
            "try:\n main()\nexcept SystemExit:\n pass\n"
            "print('IMPORTED', 'yaml' in sys.modules, 'spacy' in sys.modules)")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    second = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert first.returncode == 0 and second.returncode == 0, first.stderr + second.stderr
    assert "IMPORTED True False" in first.stdout  # the first run parses rules.yaml
    assert "IMPORTED False False" in second.stdout
    assert first.stdout.replace("True", "False") == second.stdout  # the same table either way
