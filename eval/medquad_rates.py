"""How often each rule fires on careful, professionally edited health text.

Usage:
    python eval/medquad_rates.py PATH/TO/medquad-dev.jsonl [--select RULE,...] [--sample 20] [--seed 1] [--limit N]

Reads a JSONL corpus (one page a line with a ``text`` field), checks every
page with the built-in rules, and prints each rule's hit count, hits per
1,000 pages and per 100,000 words, then a seeded random sample of hits per
rule (with the sentence around each) for reading.  The corpus is read from
the path given; nothing is copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from healthlint.config import ConfigResolver  # noqa: E402
from healthlint.engine import Linter  # noqa: E402


def context(text: str, start: int, end: int, width: int = 90) -> str:
    lo, hi = max(0, start - width), min(len(text), end + width)
    return (text[lo:start] + "[[" + text[start:end] + "]]" + text[end:hi]).replace("\n", " ⏎ ")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus")
    ap.add_argument("--select", help="comma-separated rule ids (default: all enabled rules)")
    ap.add_argument("--sample", type=int, default=10, help="hits to print per rule")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int, help="only the first N pages")
    ap.add_argument("--config", help="a .healthlint.yaml to use")
    args = ap.parse_args(argv)

    select = [s for s in (args.select or "").split(",") if s] or None
    linter = Linter(ConfigResolver(args.config, select=select))
    pages = []
    with open(args.corpus, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if args.limit and n >= args.limit:
                break
            rec = json.loads(line)
            pages.append((rec.get("id", str(n)), rec["text"]))
    words = sum(len(t.split()) for _, t in pages)
    hits: dict[str, list] = defaultdict(list)
    pages_hit: Counter[str] = Counter()
    t0 = time.perf_counter()
    items = [(f"{pid}.txt", text.encode("utf-8")) for pid, text in pages]
    texts = dict((f"{pid}.txt", text) for pid, text in pages)
    for result in linter.check_files(items):
        if result.error:
            continue
        seen = set()
        for f in result.findings:
            hits[f.rule].append((result.path, f, texts[result.path]))
            seen.add(f.rule)
        pages_hit.update(seen)
    elapsed = time.perf_counter() - t0
    print(f"{len(pages)} pages, {words} words, {elapsed:.1f} s ({words / elapsed:,.0f} words/s)")
    print(f"{'rule':<26} {'hits':>6} {'per 1k pages':>13} {'per 100k words':>15} {'pages hit':>10}")
    for rule in sorted(hits, key=lambda r: -len(hits[r])):
        n = len(hits[rule])
        print(f"{rule:<26} {n:>6} {n * 1000 / len(pages):>13.1f} {n * 100000 / max(words, 1):>15.1f} {pages_hit[rule]:>10}")
    rng = random.Random(args.seed)
    for rule in sorted(hits):
        sample = hits[rule] if len(hits[rule]) <= args.sample else rng.sample(hits[rule], args.sample)
        print(f"\n== {rule}: {len(sample)} of {len(hits[rule])} hits")
        for path, f, text in sample:
            print(f"- {path}:{f.line}:{f.column} {f.message}")
            print(f"    {context(text, f.start, f.end)}")
            for r in f.related:
                print(f"    related {r.line}:{r.column}: {context(text, r.start, r.end, 60)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
