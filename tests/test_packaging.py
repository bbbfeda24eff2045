"""The wheel carries everything healthlint needs outside the repository."""
from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_rules_yaml_and_lemma_table(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True,
    )
    assert out.returncode == 0, out.stderr
    [wheel] = list(tmp_path.glob("healthlint-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "healthlint/rules.yaml" in names
        assert zf.read("healthlint/rules.yaml") == (ROOT / "rules.yaml").read_bytes()
        assert "healthlint/data/en_lemma_lookup.json.gz" in names
        assert "healthlint/data/en_lemma_lookup.LICENSE.txt" in names
        assert "healthlint/data/closed_class.yaml" in names
        # Caches a local run leaves beside the sources (bytecode, parsed data files) stay out.
        assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".marshal"))]
        rule_modules = {n for n in names if n.startswith("healthlint/rules/") and n.endswith(".py")}
        assert len(rule_modules) >= 7


def test_pre_commit_hook_passes_articles_only():
    """The hook hands healthlint exactly the article suffixes it reads from folders, so a staged
    YAML, JSON or code file is never checked as prose."""
    import re

    import yaml

    from healthlint.documents import ARTICLE_SUFFIXES

    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["entry"] == "healthlint check" and hook["require_serial"] is True
    files = re.compile(hook["files"])
    for suffix in ARTICLE_SUFFIXES:
        assert files.search(f"content/a{suffix}") and files.search(f"content/A{suffix.upper()}")
    for other in ("setup.py", ".healthlint.yaml", "package.json", "notes.md.bak", "style.css", "a.mdx"):
        assert not files.search(other), other
