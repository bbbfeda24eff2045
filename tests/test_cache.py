"""The result cache: hits for unchanged files, misses for any change, and a
corrupt or unwritable cache is a warning, never an error."""
from __future__ import annotations

import json
import subprocess
import sys

from click.testing import CliRunner

from healthlint.cache import ResultCache, default_cache_dir, finding_from_json, finding_to_json
from healthlint.cli import main
from healthlint.config import ConfigResolver
from healthlint.engine import Linter
from healthlint.parallel import run_checks

TEXT = "Take the the tablets twice a day.\n\nMost people feel better within a week.\n"


def _files(tmp_path, n=3):
    paths = []
    for i in range(n):
        p = tmp_path / f"a{i}.md"
        p.write_text(TEXT + f"\nArticle {i} ends here.\n", encoding="utf-8")
        paths.append(p)
    return paths


def _run(linter, paths, cache):
    return [r.to_dict() for r in run_checks(linter, [(str(p), None) for p in paths], cache=cache)]


def _linter(select=("broken-phrase",)):
    return Linter(ConfigResolver(select=list(select)))


def test_second_run_hits_and_returns_the_same_findings(tmp_path):
    paths = _files(tmp_path)
    linter = _linter()
    fresh = _run(linter, paths, None)
    cache = ResultCache(tmp_path / "cache")
    assert _run(linter, paths, cache) == fresh
    assert (cache.hits, cache.misses) == (0, 3)
    cache2 = ResultCache(tmp_path / "cache")
    assert _run(linter, paths, cache2) == fresh
    assert (cache2.hits, cache2.misses) == (3, 0)
    assert any(r["findings"] for r in fresh)


def test_changed_content_or_configuration_misses(tmp_path):
    paths = _files(tmp_path)
    _run(_linter(), paths, ResultCache(tmp_path / "cache"))
    paths[0].write_text(TEXT + "\nA new last line.\n", encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    _run(_linter(), paths, cache)
    assert (cache.hits, cache.misses) == (2, 1)
    other = ResultCache(tmp_path / "cache")
    _run(_linter(select=("broken-phrase", "readability")), paths, other)
    assert other.hits == 0


def test_same_bytes_with_another_format_misses(tmp_path):
    md = tmp_path / "a.md"
    txt = tmp_path / "a.txt"
    md.write_text(TEXT, encoding="utf-8")
    txt.write_text(TEXT, encoding="utf-8")
    cache = ResultCache(tmp_path / "cache")
    _run(_linter(), [md, txt], cache)
    assert cache.misses == 2


def test_finding_round_trip_keeps_fixes_and_related():
    linter = _linter()
    [result] = run_checks(linter, [("a.txt", TEXT.encode())])
    for f in result.findings:
        again = finding_from_json(json.loads(json.dumps(finding_to_json(f))))
        assert again == f


def test_corrupt_entry_is_ignored_with_a_warning(tmp_path):
    paths = _files(tmp_path, 1)
    linter = _linter()
    fresh = _run(linter, paths, None)
    _run(linter, paths, ResultCache(tmp_path / "cache"))
    [entry] = list((tmp_path / "cache").rglob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    warnings = []
    cache = ResultCache(tmp_path / "cache", warn=warnings.append)
    assert _run(linter, paths, cache) == fresh
    assert len(warnings) == 1 and "corrupt" in warnings[0]
    # ... and rewritten, so the next run hits again.
    cache = ResultCache(tmp_path / "cache", warn=warnings.append)
    assert _run(linter, paths, cache) == fresh and cache.hits == 1


def test_unwritable_cache_is_a_warning_not_an_error(tmp_path):
    paths = _files(tmp_path, 2)
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--format", "json", "--select", "broken-phrase",
                                       "--cache-dir", str(blocker / "cache"), *map(str, paths)])
    assert result.exit_code == 1  # findings, not an error (2)
    assert result.stderr.count("cannot write the cache") == 1
    assert len(json.loads(result.stdout)["files"]) == 2


def test_cli_cache_dir_no_cache_and_fix(tmp_path):
    paths = _files(tmp_path, 2)
    args = ["check", "--select", "broken-phrase", "--format", "json", *map(str, paths)]
    first = CliRunner().invoke(main, args + ["--cache-dir", str(tmp_path / "c1")])
    second = CliRunner().invoke(main, args + ["--cache-dir", str(tmp_path / "c1")])
    assert first.stdout == second.stdout and first.exit_code == second.exit_code == 1
    assert (tmp_path / "c1" / ".gitignore").read_text().strip().endswith("*")
    assert (tmp_path / "c1" / "CACHEDIR.TAG").exists()
    assert len(list((tmp_path / "c1").rglob("*.json"))) == 2
    CliRunner().invoke(main, args + ["--cache-dir", str(tmp_path / "c2"), "--no-cache"])
    assert not (tmp_path / "c2").exists()
    CliRunner().invoke(main, args + ["--cache-dir", str(tmp_path / "c3"), "--fix"])
    assert not (tmp_path / "c3").exists()  # fixes never come from (or go to) the cache


def test_default_location_is_the_project_root(tmp_path, monkeypatch):
    monkeypatch.delenv("HEALTHLINT_CACHE_DIR", raising=False)
    (tmp_path / ".healthlint.yaml").write_text("rules: {}\n", encoding="utf-8")
    sub = tmp_path / "articles" / "2024"
    sub.mkdir(parents=True)
    assert default_cache_dir(sub) == tmp_path / ".healthlint_cache"
    monkeypatch.setenv("HEALTHLINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert default_cache_dir(sub) == tmp_path / "elsewhere"


def test_warm_run_does_not_import_spacy(tmp_path):
    paths = _files(tmp_path, 2)
    cache_dir = tmp_path / "cache"
    args = ["check", "--select", "broken-phrase", "--cache-dir", str(cache_dir), *map(str, paths)]
    assert CliRunner().invoke(main, args).exit_code == 1
    code = (
        "import sys\n"
        "from healthlint.cli import main\n"
        f"try:\n    main({args!r})\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, 'spacy' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "1 False"


def test_other_versions_unused_for_a_month_are_pruned_when_the_cache_writes(tmp_path):
    import os
    import time

    from healthlint.cache import STALE_AFTER_DAYS

    root = tmp_path / "cache"
    old = root / "v0.0.9-0123456789abcdef"
    recent = root / "v0.0.8-fedcba9876543210"
    unrelated = root / "my-notes"
    for d in (old, recent, unrelated):
        (d / "ab").mkdir(parents=True)
        (d / "ab" / "x.json").write_text("{}")
    month_ago = time.time() - (STALE_AFTER_DAYS + 1) * 86400
    for d in (old, unrelated):
        os.utime(d, (month_ago, month_ago))
    cache = ResultCache(root)
    _run(_linter(), _files(tmp_path), cache)
    assert not old.exists()  # another version, unused for over STALE_AFTER_DAYS: gone
    assert recent.exists() and unrelated.exists()  # used lately / not a version folder: kept
    assert cache.dir.exists()


def test_a_run_that_only_reads_marks_its_version_as_used(tmp_path):
    """An all-hits run writes nothing, but its folder must not look stale to another version."""
    import os
    import time

    paths = _files(tmp_path)
    _run(_linter(), paths, ResultCache(tmp_path / "cache"))
    cache = ResultCache(tmp_path / "cache")
    month_ago = time.time() - 40 * 86400
    os.utime(cache.dir, (month_ago, month_ago))
    _run(_linter(), paths, cache)
    assert (cache.hits, cache.misses) == (3, 0)
    assert cache.dir.stat().st_mtime > time.time() - 3600
