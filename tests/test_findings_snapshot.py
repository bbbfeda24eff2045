"""eval/findings_snapshot.py: the same code gives "same"; a changed finding is reported."""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "eval" / "findings_snapshot.py"


def _load():
    spec = importlib.util.spec_from_file_location("findings_snapshot", SCRIPT)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_snapshot_compares_same_then_reports_a_changed_finding(tmp_path, capsys):
    snap = _load()
    corpus = tmp_path / "articles"
    corpus.mkdir()
    (corpus / "a.md").write_text("# Care\n\nOur clinics in are open on weekends.\n", encoding="utf-8")
    pages = tmp_path / "pages.jsonl"
    pages.write_text(json.dumps({"text": "The the dose is small."}) + "\n" + json.dumps({"text": "Fine."}) + "\n")
    base = tmp_path / "base.json"
    args = [str(corpus), str(pages), "--select", "broken-phrase"]
    assert snap.main(["save", str(base), *args]) == 0
    assert snap.main(["compare", str(base), *args]) == 0
    assert "broken-phrase                same (2 findings)" in capsys.readouterr().out

    (corpus / "a.md").write_text("# Care\n\nOur clinics are open on weekends.\n", encoding="utf-8")
    assert snap.main(["compare", str(base), *args]) == 1
    out = capsys.readouterr().out
    assert "broken-phrase                DIFFERENT: 1 lost, 0 new" in out
    assert "'in' followed by the verb 'are'" in out

    assert snap.main(["compare", str(base), *args, "--jsonl-limit", "0"]) == 1  # the page's finding is not read
