"""Precision and recall of the `contradiction` rule, and its rate on a corpus.

Usage:
    python eval/contradiction_eval.py [--suite eval/contradiction_suite.yaml] [--verbose]
    python eval/contradiction_eval.py --corpus PATH/TO/medquad-dev.jsonl [--sample 20] [--seed 1]

On the labelled suite (each item a short excerpt whose contradicting sentence
pair, if any, is named), a finding is a true positive when its sentence and
its related sentence are the labelled pair; any other finding is a false
positive.  Recall is the share of labelled pairs found.  With ``--corpus``
(one JSON page a line with a ``text`` field) it also prints findings per
1,000 pages and a seeded sample of findings to read.  The corpus is read from
the path given; nothing is copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from healthlint.config import ConfigResolver  # noqa: E402
from healthlint.engine import Linter  # noqa: E402

RULE = "contradiction"
DEFAULT_SUITE = ROOT / "eval" / "contradiction_suite.yaml"


def load_suite(path: Path = DEFAULT_SUITE) -> list[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["items"]


def item_text(item: dict) -> tuple[str, list[tuple[int, int]]]:
    """The excerpt as one paragraph, and each sentence's character range."""
    parts, spans, pos = [], [], 0
    for s in item["sentences"]:
        spans.append((pos, pos + len(s)))
        parts.append(s)
        pos += len(s) + 1
    return " ".join(parts), spans


def sentence_of(spans: list[tuple[int, int]], offset: int) -> int:
    for i, (s, e) in enumerate(spans):
        if s <= offset < e + 1:
            return i + 1
    return 0


def evaluate(items: list[dict], linter: Linter | None = None) -> dict:
    """Run the rule on every item; return counts, precision, recall and the errors."""
    linter = linter or Linter(ConfigResolver(select=[RULE]))
    tp = fp = found = 0
    positives = sum(1 for it in items if it.get("pair"))
    misses, false_alarms = [], []
    per_frame: Counter = Counter()
    per_frame_found: Counter = Counter()
    for it in items:
        text, spans = item_text(it)
        result = linter.check_text(text, f"<{it['id']}>")
        assert result.error is None, result.error
        findings = [f for f in result.findings if f.rule == RULE]
        pair = tuple(it["pair"]) if it.get("pair") else None
        if pair:
            per_frame[it["frame"]] += 1
        hit = False
        for f in findings:
            later = sentence_of(spans, f.start)
            earlier = sentence_of(spans, f.related[0].start) if f.related else 0
            got = tuple(sorted((earlier, later)))
            if pair and got == tuple(sorted(pair)):
                tp += 1
                hit = True
            else:
                fp += 1
                false_alarms.append((it["id"], got, f.message))
        if pair:
            if hit:
                found += 1
                per_frame_found[it["frame"]] += 1
            else:
                misses.append((it["id"], pair))
    precision = tp / (tp + fp) if (tp + fp) else 1.0
    recall = found / positives if positives else 1.0
    return {
        "items": len(items), "positives": positives, "tp": tp, "fp": fp, "found": found,
        "precision": precision, "recall": recall, "misses": misses, "false_alarms": false_alarms,
        "per_frame": {k: (per_frame_found[k], v) for k, v in sorted(per_frame.items())},
    }


def corpus_rate(path: str, linter: Linter, sample: int, seed: int, limit: int | None = None) -> dict:
    pages = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit and n >= limit:
                break
            rec = json.loads(line)
            pages.append((str(rec.get("id", n)), rec["text"]))
    items = [(f"{pid}.txt", text.encode("utf-8")) for pid, text in pages]
    texts = {f"{pid}.txt": text for pid, text in pages}
    hits = []
    t0 = time.perf_counter()
    for result in linter.check_files(items):
        for f in result.findings:
            if f.rule == RULE:
                hits.append((result.path, f, texts[result.path]))
    elapsed = time.perf_counter() - t0
    rng = random.Random(seed)
    chosen = hits if len(hits) <= sample else rng.sample(hits, sample)
    return {"pages": len(pages), "hits": len(hits), "per_1000": 1000 * len(hits) / max(1, len(pages)),
            "seconds": elapsed, "sample": chosen}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--suite", default=str(DEFAULT_SUITE))
    ap.add_argument("--corpus", help="a JSONL corpus (one page a line with a 'text' field)")
    ap.add_argument("--sample", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--verbose", "-v", action="store_true", help="list misses and false alarms")
    args = ap.parse_args(argv)

    linter = Linter(ConfigResolver(select=[RULE]))
    items = load_suite(Path(args.suite))
    r = evaluate(items, linter)
    print(f"suite: {r['items']} items, {r['positives']} with a contradiction")
    print(f"precision {r['precision']:.3f} ({r['tp']} of {r['tp'] + r['fp']} findings right)   "
          f"recall {r['recall']:.3f} ({r['found']} of {r['positives']} pairs found)")
    print("by frame (found/labelled): " + ", ".join(f"{k} {a}/{b}" for k, (a, b) in r["per_frame"].items()))
    for name in sorted({it.get("set", "main") for it in items}):
        sub = evaluate([it for it in items if it.get("set", "main") == name], linter)
        print(f"  {name} set ({sub['items']} items): precision {sub['precision']:.3f}, recall {sub['recall']:.3f}")
    if args.verbose:
        for iid, pair in r["misses"]:
            print(f"  missed {iid} {list(pair)}")
        for iid, got, msg in r["false_alarms"]:
            print(f"  false alarm {iid} {list(got)}: {msg}")
    if args.corpus:
        c = corpus_rate(args.corpus, linter, args.sample, args.seed, args.limit)
        print(f"\ncorpus: {c['pages']} pages, {c['hits']} findings, {c['per_1000']:.1f} per 1,000 pages "
              f"({c['seconds']:.1f} s)")
        for path, f, text in c["sample"]:
            print(f"- {path}:{f.line}: {f.message}")
            print(f"    later:   {f.text[:300]!r}")
            for rel in f.related:
                print(f"    earlier: {rel.text[:300]!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
