"""--jobs: the same results, in input order, as one process; progress only on a terminal."""
from __future__ import annotations

import io
import json

from click.testing import CliRunner

from healthlint import parallel, progress
from healthlint.cli import main
from healthlint.config import ConfigResolver
from healthlint.engine import Linter
from healthlint.parallel import AUTO_MIN_FILES, cpu_count, resolve_jobs, run_checks


def _items(tmp_path, n):
    items = []
    for i in range(n):
        p = tmp_path / f"doc{i:02d}.txt"
        p.write_text(f"Article {i}. Take the the tablets {i} times.\n" + ("Rest helps. " * (i % 5)) + "\n",
                     encoding="utf-8")
        items.append((str(p), None))
    items.insert(7, (str(tmp_path / "missing.txt"), None))
    items.insert(12, ("stdin.txt", b"Drink drink water.\n"))
    items.insert(20, ("empty.txt", b"   \n"))
    return items


def test_jobs_give_the_same_results_in_input_order(tmp_path):
    linter = Linter(ConfigResolver(select=["broken-phrase"]))
    items = _items(tmp_path, 40)
    one = [r.to_dict() for r in run_checks(linter, items, jobs=1)]
    two = [r.to_dict() for r in run_checks(linter, items, jobs=2)]
    assert two == one
    assert [r["path"] for r in two] == [p for p, _ in items]
    assert two[7]["error"] and two[20]["error"] and not two[12]["error"]
    assert [f["text"] for f in two[12]["findings"]] == ["Drink drink"]


def test_cli_jobs_output_equals_one_process(tmp_path):
    for i in range(20):
        (tmp_path / f"a{i:02d}.md").write_text(f"# Title {i}\n\nTake the the dose {i}.\n", encoding="utf-8")
    base = ["check", str(tmp_path), "--format", "json", "--no-cache", "--select", "broken-phrase"]
    one = CliRunner().invoke(main, base + ["--jobs", "1"])
    two = CliRunner().invoke(main, base + ["--jobs", "2"])
    auto = CliRunner().invoke(main, base + ["--jobs", "auto"])
    assert one.exit_code == two.exit_code == auto.exit_code == 1
    assert json.loads(one.stdout) == json.loads(two.stdout) == json.loads(auto.stdout)
    bad = CliRunner().invoke(main, base + ["--jobs", "zero"])
    assert bad.exit_code == 2 and "--jobs" in bad.output


def test_resolve_jobs(monkeypatch):
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    assert resolve_jobs("auto", AUTO_MIN_FILES - 1) == 1
    assert resolve_jobs("auto", AUTO_MIN_FILES) == cpu_count()
    assert resolve_jobs(None, AUTO_MIN_FILES) == cpu_count()  # auto is the default
    monkeypatch.setattr(parallel.os, "getloadavg", lambda: (float(cpu_count()), 0.0, 0.0))
    assert resolve_jobs("auto", 10_000) == 1  # every CPU already busy
    assert resolve_jobs("4", 2) == 2  # never more processes than files
    assert resolve_jobs(3, 100) == 3
    assert resolve_jobs("1", 10_000) == 1


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_only_on_a_terminal_outside_ci(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert progress.wanted(_Tty()) is True
    assert progress.wanted(io.StringIO()) is False
    assert progress.wanted(io.StringIO(), flag=True) is True
    assert progress.wanted(_Tty(), flag=False) is False
    monkeypatch.setenv("CI", "true")
    assert progress.wanted(_Tty()) is False


def test_progress_bar_draws_after_a_delay_and_erases_itself(monkeypatch):
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    out = _Tty()
    bar = progress.Progress(10, stream=out)
    bar.advance()
    assert out.getvalue() == ""  # short runs never show a bar
    clock[0] += 1.0
    bar.advance()
    assert "2/10 files" in out.getvalue() and "20%" in out.getvalue()
    bar.close()
    assert out.getvalue().endswith("\r\x1b[K")


def test_cli_shows_no_progress_when_not_a_terminal(tmp_path):
    for i in range(3):
        (tmp_path / f"a{i}.txt").write_text("Rest helps.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--no-cache", "--select", "broken-phrase"])
    assert "healthlint: checking" not in result.stderr
