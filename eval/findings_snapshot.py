"""Did a change alter any finding?  Snapshot every finding, then compare.

Usage (from the repository root):

    python eval/findings_snapshot.py save BASE.json [--select RULES] CORPUS...
    # ... change the code ...
    python eval/findings_snapshot.py compare BASE.json [--select RULES] CORPUS...

A CORPUS is a folder (its .md, .markdown, .txt, .html and .htm files), a
single file, or a JSONL file of pages with a ``text`` field (checked as plain
text; ``--jsonl-limit N`` reads only the first N).  A finding is compared by
rule, file, line, column, end, message and fix, so a speed-up that keeps the
output byte for byte prints "same" for every rule.  Exit status 1 when a rule
differs, with a few of the lost and new findings.

For performance work: take the snapshot before the change, over the
benchmark corpus (``benchmarks/corpus.py``), ``tests/fixtures`` and real
pages.  Nothing is copied into the repository.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from healthlint.config import ConfigResolver  # noqa: E402
from healthlint.engine import Linter  # noqa: E402

SUFFIXES = {".md", ".markdown", ".txt", ".html", ".htm"}


def items(corpora: list[str], jsonl_limit: int | None):
    for c in corpora:
        p = Path(c)
        if p.suffix == ".jsonl":
            with p.open(encoding="utf-8") as fh:
                for n, line in enumerate(fh):
                    if jsonl_limit is not None and n >= jsonl_limit:
                        break
                    yield f"{p.name}/{n}.txt", json.loads(line)["text"].encode("utf-8")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix in SUFFIXES:
                    yield str(f), None
        else:
            yield str(p), None


def snapshot(corpora: list[str], select: list[str] | None, jsonl_limit: int | None) -> dict[str, list]:
    linter = Linter(ConfigResolver(None, select=select))
    out: dict[str, list] = defaultdict(list)
    for r in linter.check_files(items(corpora, jsonl_limit)):
        if r.error:
            out["<error>"].append([r.path, r.error])
            continue
        for f in r.findings:
            fix = [[e.start, e.end, e.replacement] for e in f.fix] if f.fix else None
            out[f.rule].append([r.path, f.line, f.column, f.end_line, f.end_column, f.message, fix])
    return out


def compare(base: dict[str, list], current: dict[str, list], rules: list[str] | None) -> int:
    differing = 0
    for rid in rules or sorted(set(base) | set(current)):
        b = {json.dumps(x) for x in base.get(rid, [])}
        c = {json.dumps(x) for x in current.get(rid, [])}
        if b == c:
            print(f"{rid:28s} same ({len(c)} findings)")
            continue
        differing += 1
        print(f"{rid:28s} DIFFERENT: {len(b - c)} lost, {len(c - b)} new")
        for x in sorted(b - c)[:5]:
            print("   lost:", x[:300])
        for x in sorted(c - b)[:5]:
            print("   new: ", x[:300])
    return 1 if differing else 0


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["save", "compare"])
    ap.add_argument("snapshot", help="the JSON file to write (save) or read (compare)")
    ap.add_argument("corpora", nargs="+", help="folders, files or JSONL files of pages")
    ap.add_argument("--select", help="comma-separated rule ids (default: every enabled rule)")
    ap.add_argument("--jsonl-limit", type=int, help="read only the first N pages of each JSONL file")
    args = ap.parse_args(argv)
    select = [s for s in (args.select or "").split(",") if s] or None
    current = snapshot(args.corpora, select, args.jsonl_limit)
    if args.mode == "save":
        Path(args.snapshot).write_text(json.dumps(current), encoding="utf-8")
        print({k: len(v) for k, v in current.items()})
        return 0
    base = json.loads(Path(args.snapshot).read_text(encoding="utf-8"))
    return compare(base, current, select)


if __name__ == "__main__":
    raise SystemExit(main())
