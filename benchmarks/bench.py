"""healthlint's benchmark: throughput, start-up, memory, cache and ``--jobs``.

Usage (from the repository root, healthlint installed):

    python benchmarks/bench.py                  # the full benchmark, one run
    python benchmarks/bench.py --runs 3         # three runs and their medians (README figures)
    python benchmarks/bench.py --quick          # 200 + 1,000 articles, for a smoke test
    python benchmarks/bench.py --jsonl /path/to/medquad-dev.jsonl   # real pages instead

What it does:

1. Writes a deterministic corpus (``benchmarks/corpus.py``: seeded, from the
   team's own templates; 70% Markdown, 20% text, 10% HTML; about 600 words an
   article) of ``--big`` articles (default 10,000) under ``--workdir``; the
   first ``--articles`` (default 1,000) are the throughput corpus.  With
   ``--jsonl`` the corpus is the records' ``text`` fields instead.
2. Throughput, in this one process, alternating ``--rounds`` times (median):
   * the **bare pipeline**: ``spacy.blank("en")`` + spaCy's ``sentencizer`` +
     spaCy's ``lemmatizer`` in lookup mode (the same lemma table healthlint
     ships): read each file, ``nlp.pipe`` the texts;
   * **healthlint**: ``Linter.check_files`` with every default rule, which
     reads, decodes and parses each file (Markdown/HTML to prose), runs
     healthlint's pipeline and every rule, maps findings to source positions
     and applies suppressions.  No cache, and a fresh ``Linter`` every round
     (warmed on 50 other articles), so nothing a rule remembers across
     documents comes from an earlier round over the same articles.
   Both run with the garbage collector set as ``healthlint check`` sets it
   (``healthlint/collector.py``: paused while the pipelines are built, then
   start-up objects frozen and a first-generation threshold of 50,000); the
   bare pipeline makes almost no objects the collector tracks either way.
   Words are whitespace-separated words of the files, the same count for both.
   Before the rounds, one untimed-for-the-median pass of fresh pipelines
   over the corpus (both warmed on the other articles only) gives the
   *single pass, caches cold* figures: spaCy's tokenizer caches what it
   made of each string, so repeated rounds are faster than a first pass
   for both pipelines alike.
   Linear cost: single articles of ``--long-mb`` sizes (default 0.25, 0.5
   and 1 MB; corpus articles joined) are checked in this process; constant
   words/s across sizes means time grows linearly with length.
3. Start-up: the median wall time of ``--startup-repeat`` runs each of
   ``healthlint --version``, ``--help``, ``rules``, ``explain RULE``,
   ``check`` on one 600-word article (``--no-cache``), and the reference
   ``python -c "import spacy; spacy.blank('en')"``.  As after an install
   and a first run: healthlint's bytecode is compiled and its parsed data
   files are cached (``healthlint/datacache.py``) before the timing.
4. The command line over the big corpus (``--format json`` to /dev/null),
   each run with a fresh ``--cache-dir`` (a cold cache, written as it goes):
   ``--jobs 1`` (time, CPU and peak RSS of the process and its children),
   then each ``--jobs`` value (default 2: the speed-up), then ``--jobs 1``
   again over the now warm cache (the cache speed-up).

Every figure is printed, per run and as the median over ``--runs``, with the
machine (CPU, cores, Python, spaCy) it came from; ``--json FILE`` also writes
them as JSON.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus as corpus_mod  # noqa: E402

# -- corpus ---------------------------------------------------------------


def build_corpus(args) -> tuple[Path, list[Path]]:
    tag = f"jsonl-{Path(args.jsonl).stem}-{args.big}" if args.jsonl else f"gen-s{args.seed}-w{args.words}-n{args.big}"
    root = Path(args.workdir) / tag
    marker = root / ".complete"
    if marker.exists():
        paths = [root / line for line in marker.read_text().splitlines() if line]
        return root, paths
    if root.exists():
        shutil.rmtree(root)
    t = time.perf_counter()
    if args.jsonl:
        paths = corpus_mod.from_jsonl(root / "articles", args.jsonl, args.big)
    else:
        paths = corpus_mod.generate(root / "articles", args.big, args.words, args.seed)
    marker.write_text("\n".join(str(p.relative_to(root)) for p in paths))
    print(f"# wrote {len(paths):,} articles to {root} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return root, paths


def count_words(paths) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


# -- throughput (in process) ------------------------------------------------


def bare_pipeline():
    import spacy

    from healthlint.nlp import lemma_table

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", lemma_table())
    lemmatizer.initialize(lookups=lookups)
    return nlp


def run_bare(nlp, paths) -> tuple[float, float]:
    """Wall and CPU seconds for the bare pipeline over ``paths``."""
    t, c = time.perf_counter(), time.process_time()
    texts = (p.read_text(encoding="utf-8") for p in paths)
    for _doc in nlp.pipe(texts, batch_size=32):
        pass
    return time.perf_counter() - t, time.process_time() - c


def run_healthlint(linter, paths) -> tuple[float, float, int]:
    """Wall and CPU seconds and the number of findings for healthlint over ``paths``."""
    t, c = time.perf_counter(), time.process_time()
    n = 0
    for result in linter.check_files((str(p), None) for p in paths):
        n += len(result.findings)
    return time.perf_counter() - t, time.process_time() - c, n


def throughput(args, paths, warm_paths) -> dict:
    from healthlint.config import ConfigResolver
    from healthlint.engine import Linter
    from healthlint.rules import rule_classes

    from healthlint.nlp import _pipeline

    from healthlint import collector

    words = count_words(paths)
    # As the command line runs: no collections while the pipelines are built,
    # then start-up objects frozen and the batch threshold (collector.py).
    thresholds = collector.pause()
    # One pass over articles neither pipeline has seen (fresh pipelines, both
    # warmed on the 50 other articles): the tokenizers' caches start cold, as
    # on an archive checked once.  Reported beside the main figures.
    bare = bare_pipeline()
    run_bare(bare, warm_paths)
    _pipeline.cache_clear()  # healthlint's pipeline is built once per process: a new one
    linter = Linter(ConfigResolver())
    run_healthlint(linter, warm_paths)
    collector.resume()
    cold_bare_t, cold_bare_c = run_bare(bare, paths)
    cold_hl_t, cold_hl_c, _ = run_healthlint(linter, paths)
    # The main figures: repeated passes over the same articles, alternating.
    # Both tokenizers' caches are warm on these articles after the pass above
    # (the reference figures are warm ones).  healthlint gets a fresh
    # Linter every round, warmed on the other articles, so what a rule
    # remembers across documents (contradiction keeps what each sentence text
    # gave) helps only within the pass, never from an earlier round.
    bare_t, hl_t, bare_c, hl_c, findings = [], [], [], [], 0
    for _ in range(args.rounds):
        t, c = run_bare(bare, paths)
        bare_t.append(t)
        bare_c.append(c)
        linter = Linter(ConfigResolver())
        run_healthlint(linter, warm_paths)
        t, c, findings = run_healthlint(linter, paths)
        hl_t.append(t)
        hl_c.append(c)
    cfg = linter.resolver.for_file(None)
    bt, ht = statistics.median(bare_t), statistics.median(hl_t)
    bc, hc = statistics.median(bare_c), statistics.median(hl_c)
    rule_seconds = {}
    if args.rule_times:
        linter = Linter(ConfigResolver())
        run_healthlint(linter, warm_paths)
        linter.rule_seconds = {}
        t_all, _, _ = run_healthlint(linter, paths)
        rule_seconds = dict(sorted(linter.rule_seconds.items(), key=lambda kv: -kv[1]))
        rule_seconds["(total of the timed pass)"] = t_all
        linter.rule_seconds = None
    if args.profile:
        import cProfile
        import pstats

        linter = Linter(ConfigResolver())
        run_healthlint(linter, warm_paths)
        prof = cProfile.Profile()
        prof.enable()
        run_healthlint(linter, paths)
        prof.disable()
        print("\n# cProfile of one healthlint pass (sorted by own time)", file=sys.stderr)
        pstats.Stats(prof, stream=sys.stderr).sort_stats("tottime").print_stats(args.profile)
    collector.restore(thresholds)
    return {
        "articles": len(paths),
        "words": words,
        "rules": len([r for r in cfg.enabled_rules() if r in rule_classes()]),
        "findings": findings,
        "bare_words_s": words / bt,
        "bare_files_s": len(paths) / bt,
        "hl_words_s": words / ht,
        "hl_files_s": len(paths) / ht,
        "ratio": bt / ht,
        "bare_cpu_words_s": words / bc,
        "hl_cpu_words_s": words / hc,
        "ratio_cpu": bc / hc,
        "cold_bare_words_s": words / cold_bare_t,
        "cold_hl_words_s": words / cold_hl_t,
        "cold_ratio": cold_bare_t / cold_hl_t,
        "cold_ratio_cpu": cold_bare_c / cold_hl_c,
        "bare_rounds_s": bare_t,
        "hl_rounds_s": hl_t,
        "rule_seconds": rule_seconds,
    }


def long_articles(args, paths, workdir: Path) -> list[dict]:
    """One article of each size in ``--long-mb`` (corpus articles joined), checked in this process."""
    from healthlint.config import ConfigResolver
    from healthlint.engine import Linter

    linter = Linter(ConfigResolver())
    md = [p for p in paths if p.suffix == ".md"]
    out = []
    for mb in args.long_mb:
        target = int(mb * 1_000_000)
        parts, size = [], 0
        for p in md:
            text = p.read_text(encoding="utf-8")
            parts.append(text)
            size += len(text.encode("utf-8")) + 1
            if size >= target:
                break
        path = workdir / f"long-{mb:g}MB.md"
        path.write_text("\n".join(parts), encoding="utf-8")
        words = len(path.read_text(encoding="utf-8").split())
        t, c = time.perf_counter(), time.process_time()
        [result] = list(linter.check_files([(str(path), None)]))
        wall, cpu = time.perf_counter() - t, time.process_time() - c
        out.append({"mb": path.stat().st_size / 1e6, "words": words, "s": wall, "cpu_s": cpu,
                    "words_s": words / wall, "words_cpu_s": words / cpu, "findings": len(result.findings),
                    "error": result.error})
    return out


# -- subprocess measurements --------------------------------------------------


def healthlint_cmd() -> list[str]:
    """``python -m healthlint`` from this checkout (see ``bench_env``), like the installed script."""
    return [sys.executable, "-m", "healthlint"]


def bench_env() -> dict:
    """The environment for timed commands: this checkout first on the path, no CI, no colour."""
    env = dict(os.environ, NO_COLOR="1")
    env.pop("CI", None)
    env["PYTHONPATH"] = str(HERE.parent) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def timed(cmd, cwd=None, env=None) -> tuple[float, int, int]:
    """Wall time, exit code and peak RSS in MB (of the process and its waited-for children)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=cwd, env=env)
    stderr_data = b""
    if hasattr(os, "wait4"):
        # wait4 reports this child's peak RSS (kB on Linux, bytes on macOS).
        import threading

        def drain():
            nonlocal stderr_data
            stderr_data = proc.stderr.read()

        th = threading.Thread(target=drain)
        th.start()
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - t
        th.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        timed.cpu = usage.ru_utime + usage.ru_stime
    else:  # pragma: no cover - Windows
        _, stderr_data = proc.communicate()
        elapsed = time.perf_counter() - t
        rss = float("nan")
        timed.cpu = float("nan")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(map(str, cmd))}\n{stderr_data.decode(errors='replace')[-2000:]}")
    return elapsed, proc.returncode, rss


# Runs a command and writes its wall time, CPU time and peak RSS (kB) to a file.
# A small process of its own starts the command: the peak RSS the kernel reports
# for a child includes what it shared with its parent at fork time, and this
# benchmark's own process holds spaCy and the rules (about 280 MB).
_LAUNCHER = """
import json, os, subprocess, sys, time
out, cmd = sys.argv[1], sys.argv[2:]
t = time.perf_counter()
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
_, status, usage = os.wait4(proc.pid, 0)
wall = time.perf_counter() - t
with open(out, "w") as fh:
    json.dump({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "maxrss": usage.ru_maxrss,
               "code": os.waitstatus_to_exitcode(status)}, fh)
"""


def timed_alone(cmd, env=None) -> tuple[float, int, float]:
    """Like ``timed``, with the peak RSS of the command alone (see ``_LAUNCHER``)."""
    if not hasattr(os, "wait4"):  # pragma: no cover - Windows
        return timed(cmd, env=env)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "usage.json"
        done = subprocess.run([sys.executable, "-c", _LAUNCHER, str(out), *cmd], env=env,
                              stderr=subprocess.PIPE, check=False)
        if not out.exists():
            raise SystemExit(f"command failed: {' '.join(map(str, cmd))}\n{done.stderr.decode(errors='replace')[-2000:]}")
        got = json.loads(out.read_text())
    if got["code"] not in (0, 1):
        raise SystemExit(f"command failed ({got['code']}): {' '.join(map(str, cmd))}")
    timed.cpu = got["cpu"]
    return got["wall"], got["code"], got["maxrss"] / (1024 * 1024 if sys.platform == "darwin" else 1024)


_WARM_DATA_CACHE = """
import sys
sys.dont_write_bytecode = False
from healthlint.config import load_defaults
load_defaults()
"""


def startup(args, one_article: Path) -> dict:
    hl = healthlint_cmd()
    from healthlint.rules import rule_ids

    rule = next((r for r in rule_ids() if r != "unused-suppression"), rule_ids()[0])
    # An installed wheel has its bytecode compiled; an editable checkout may not
    # (PYTHONDONTWRITEBYTECODE), so compile once rather than time the compiler.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(HERE.parent / "healthlint")],
                   check=False, stdout=subprocess.DEVNULL)
    env = bench_env()
    # Likewise the parsed data files that healthlint keeps beside its bytecode
    # (healthlint/datacache.py): any run with bytecode writing on leaves them.
    subprocess.run([sys.executable, "-c", _WARM_DATA_CACHE], check=True, env=env)
    cmds = {
        "version": hl + ["--version"],
        "help": hl + ["--help"],
        "rules": hl + ["rules"],
        "explain": hl + ["explain", rule],
        "check_one": hl + ["check", str(one_article), "--no-cache", "--exit-zero"],
        "spacy_blank": [sys.executable, "-c", "import spacy; spacy.blank('en')"],
    }
    out = {}
    for name, cmd in cmds.items():
        timed(cmd, env=env)  # warm the OS file cache
        walls, cpus = [], []
        for _ in range(args.startup_repeat):
            walls.append(timed(cmd, env=env)[0])
            cpus.append(timed.cpu)
        out[name] = statistics.median(walls)
        out[name + "_cpu"] = statistics.median(cpus)
    out["check_vs_spacy"] = out["check_one"] / out["spacy_blank"]
    out["check_vs_spacy_cpu"] = out["check_one_cpu"] / out["spacy_blank_cpu"]
    return out


def cli_runs(args, root: Path, words: int, files: int) -> dict:
    """Cold runs (each with a fresh cache folder) for --jobs 1 and each --jobs value, then a warm run."""
    hl = healthlint_cmd()
    target = str(root / "articles")
    base = hl + ["check", target, "--format", "json", "--exit-zero"]
    env = bench_env()
    out: dict = {"files": files, "words": words}
    tmp = Path(tempfile.mkdtemp(prefix="healthlint-bench-cache-"))
    try:
        t1, _, rss1 = timed_alone(base + ["--jobs", "1", "--cache-dir", str(tmp / "jobs1")], env=env)
        out.update(jobs1_s=t1, jobs1_cpu_s=timed.cpu, jobs1_words_s=words / t1, jobs1_files_s=files / t1,
                   peak_rss_mb=rss1)
        for jobs in args.jobs_list:
            t, _, rss = timed_alone(base + ["--jobs", jobs, "--cache-dir", str(tmp / f"jobs{jobs}")], env=env)
            out[f"jobs{jobs}_s"] = t
            out[f"jobs{jobs}_cpu_s"] = timed.cpu
            out[f"jobs{jobs}_speedup"] = t1 / t
            out[f"jobs{jobs}_peak_rss_mb"] = rss
        warm, _, rss_w = timed_alone(base + ["--jobs", "1", "--cache-dir", str(tmp / "jobs1")], env=env)
        out.update(cache_warm_s=warm, cache_warm_cpu_s=timed.cpu, cache_speedup=t1 / warm, cache_warm_rss_mb=rss_w)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


# -- report -------------------------------------------------------------------


def machine() -> dict:
    import spacy

    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from healthlint import __version__

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "spacy": spacy.__version__,
        "healthlint": __version__,
        "os": f"{platform.system()} {platform.release()}",
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
    }


def median_of(runs: list[dict], key: str):
    vals = [r[key] for r in runs if key in r]
    return statistics.median(vals) if vals else None


def print_report(mach, runs, args) -> None:
    tp = [r["throughput"] for r in runs]
    st = [r["startup"] for r in runs if "startup" in r]
    cl = [r["cli"] for r in runs if "cli" in r]
    n = len(runs)
    label = "median of %d runs" % n if n > 1 else "1 run"

    def fmt(vals, spec):
        return "  ".join(format(v, spec) for v in vals)

    print(f"\nhealthlint {mach['healthlint']} benchmark ({label})")
    print(f"machine: {mach['cpu']}, {mach['cores']} cores, {mach['os']}, Python {mach['python']}, spaCy {mach['spacy']}")
    if mach.get("load_average"):
        la = mach["load_average"]
        print(f"load average at the start: {la[0]:.2f} {la[1]:.2f} {la[2]:.2f} (other work on the machine slows wall times)")
    t0 = tp[0]
    print(f"\nthroughput corpus: {t0['articles']:,} articles, {t0['words']:,} words; one process; "
          f"{t0['rules']} default rules, {t0['findings']:,} findings")
    rows = [
        ("bare pipeline words/s", "bare_words_s", ",.0f"),
        ("bare pipeline files/s", "bare_files_s", ",.0f"),
        ("healthlint words/s", "hl_words_s", ",.0f"),
        ("healthlint files/s", "hl_files_s", ",.0f"),
        ("ratio to bare pipeline", "ratio", ".2f"),
        ("bare pipeline words/CPU-s", "bare_cpu_words_s", ",.0f"),
        ("healthlint words/CPU-s", "hl_cpu_words_s", ",.0f"),
        ("ratio (CPU time)", "ratio_cpu", ".2f"),
        ("single pass, caches cold:", None, None),
        ("  bare pipeline words/s", "cold_bare_words_s", ",.0f"),
        ("  healthlint words/s", "cold_hl_words_s", ",.0f"),
        ("  ratio", "cold_ratio", ".2f"),
        ("  ratio (CPU time)", "cold_ratio_cpu", ".2f"),
    ]
    for title, key, spec in rows:
        if key is None:
            print(f"  {title}")
            continue
        vals = [t[key] for t in tp if key in t]
        if not vals:
            continue
        extra = f"   (runs: {fmt(vals, spec)})" if n > 1 else ""
        print(f"  {title:<28} {format(statistics.median(vals), spec):>12}{extra}")
    if tp[0].get("rule_seconds"):
        print("\nseconds in each rule's check() (one extra pass, first run; shared helpers count"
              " for the first rule that calls them)")
        for rid, sec in tp[0]["rule_seconds"].items():
            print(f"  {rid:<28} {sec:>12.2f}")
    lg = [r["long"] for r in runs if r.get("long")]
    if lg:
        print("\nsingle long articles (one process; constant words/s = linear cost)")
        for i, first in enumerate(lg[0]):
            vals = [run_[i]["words_s"] for run_ in lg]
            cpu = [run_[i]["words_cpu_s"] for run_ in lg]
            secs = [run_[i]["s"] for run_ in lg]
            print(f"  {first['mb']:5.2f} MB, {first['words']:>9,} words  {statistics.median(secs):8.1f} s"
                  f"  {statistics.median(vals):>9,.0f} words/s  {statistics.median(cpu):>9,.0f} words/CPU-s")
    if st:
        print("\nstart-up (median of %d, ms)        wall      CPU" % args.startup_repeat)
        for key in ("version", "help", "rules", "explain", "check_one", "spacy_blank"):
            vals = [s[key] * 1000 for s in st]
            cpu = [s[key + "_cpu"] * 1000 for s in st]
            extra = f"   (runs: {fmt(vals, '.0f')})" if n > 1 else ""
            print(f"  {key:<28} {statistics.median(vals):>8.0f} {statistics.median(cpu):>8.0f}{extra}")
        vals = [s["check_vs_spacy"] for s in st]
        cpu = [s["check_vs_spacy_cpu"] for s in st]
        print(f"  {'check / spacy.blank':<28} {statistics.median(vals):>8.2f} {statistics.median(cpu):>8.2f}")
    if cl:
        c0 = cl[0]
        print(f"\ncommand line over {c0['files']:,} articles ({c0['words']:,} words), --format json")
        keys = [("--jobs 1 (cold cache), s", "jobs1_s", ".1f"), ("--jobs 1 CPU, s", "jobs1_cpu_s", ".1f"), ("--jobs 1 words/s", "jobs1_words_s", ",.0f"),
                ("--jobs 1 files/s", "jobs1_files_s", ",.0f"), ("peak RSS, MB", "peak_rss_mb", ".0f")]
        for j in args.jobs_list:
            keys += [(f"--jobs {j}, s", f"jobs{j}_s", ".1f"), (f"--jobs {j} CPU (all processes), s", f"jobs{j}_cpu_s", ".1f"),
                     (f"--jobs {j} speed-up", f"jobs{j}_speedup", ".2f"),
                     (f"--jobs {j} peak RSS, MB", f"jobs{j}_peak_rss_mb", ".0f")]
        keys += [("cache warm run, s", "cache_warm_s", ".2f"), ("cache warm run CPU, s", "cache_warm_cpu_s", ".2f"),
                 ("cache speed-up", "cache_speedup", ".1f")]
        for title, key, spec in keys:
            vals = [c[key] for c in cl]
            extra = f"   (runs: {fmt(vals, spec)})" if n > 1 else ""
            print(f"  {title:<28} {format(statistics.median(vals), spec):>12}{extra}")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, default=1000, help="throughput corpus size (default 1000)")
    ap.add_argument("--big", type=int, default=10000, help="command-line corpus size (default 10000)")
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--jsonl", help="use the `text` of each record of this JSONL file as the corpus")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "healthlint-bench"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--rounds", type=int, default=3, help="throughput rounds per run (median)")
    ap.add_argument("--startup-repeat", type=int, default=5)
    ap.add_argument("--jobs", dest="jobs_list", default="2", help="--jobs values to compare with 1 (e.g. 2,4,auto)")
    ap.add_argument("--skip-cli", action="store_true", help="only the in-process measurements")
    ap.add_argument("--quick", action="store_true", help="200 throughput articles, 1,000 on the command line")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    ap.add_argument("--long-mb", default="0.25,0.5,1",
                    help="sizes in MB of single long articles to time (linear cost; '' to skip)")
    ap.add_argument("--rule-times", action="store_true", help="time each rule's check() in an extra pass")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="print the top N functions of a cProfile'd healthlint pass to stderr")
    ap.add_argument("--report", metavar="JSON", help="print the figures of an earlier --json file and stop")
    args = ap.parse_args(argv)
    if args.report:
        data = json.loads(Path(args.report).read_text())
        cli = next((r["cli"] for r in data["runs"] if "cli" in r), {})
        args.jobs_list = [k[4:-8] for k in cli if k.startswith("jobs") and k.endswith("_speedup")]
        args.startup_repeat = args.startup_repeat
        print_report(data["machine"], data["runs"], args)
        return 0
    args.jobs_list = [j for j in args.jobs_list.split(",") if j and j != "1"]
    args.long_mb = [float(x) for x in args.long_mb.split(",") if x.strip()]
    if args.quick:
        args.articles, args.big, args.rounds, args.startup_repeat = 200, 1000, 1, 3
        args.long_mb = [m for m in args.long_mb if m <= 0.25]
    args.big = max(args.big, args.articles)

    root, paths = build_corpus(args)
    tp_paths = paths[: args.articles]
    warm_dir = Path(args.workdir) / f"warmup-s{args.seed + 1000}"
    if not (warm_dir / ".complete").exists():
        corpus_mod.generate(warm_dir, 50, args.words, args.seed + 1000)
        (warm_dir / ".complete").write_text("")
    warm_paths = sorted(p for p in warm_dir.rglob("*") if p.is_file() and p.name != ".complete")
    one = Path(args.workdir) / "one-article.md"
    one.write_text(tp_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    big_words = count_words(paths) if not args.skip_cli else 0

    mach = machine()
    runs = []
    for i in range(args.runs):
        run: dict = {"throughput": throughput(args, tp_paths, warm_paths)}
        if args.long_mb:
            run["long"] = long_articles(args, paths, Path(args.workdir))
        if not args.skip_cli:
            run["startup"] = startup(args, one)
            run["cli"] = cli_runs(args, root, big_words, len(paths))
        runs.append(run)
        print(f"# run {i + 1}/{args.runs} done", file=sys.stderr)
        if args.json:  # after every run, so a long benchmark keeps what it measured
            Path(args.json).write_text(json.dumps({"machine": mach, "runs": runs}, indent=2))
    print_report(mach, runs, args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
