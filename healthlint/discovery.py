"""Which files to check: expanding directories, honouring ``exclude`` and ``.gitignore``."""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .documents import ARTICLE_SUFFIXES
from .errors import InputError

SKIP_DIRS = {".git", ".hg", ".svn", "node_modules", ".venv", "venv", "__pycache__", ".healthlint_cache", ".tox"}


@dataclass
class Target:
    """One file to check, or one path that could not be expanded (``error``)."""

    path: str
    error: str | None = None
    explicit: bool = False  # named on the command line (so not subject to exclude)


def _git_listed(directory: Path) -> list[Path] | None:
    """Files git would track under ``directory`` (tracked + untracked, not ignored)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "."],
            cwd=directory,
            capture_output=True,
            timeout=30,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    names = [n for n in out.stdout.decode("utf-8", "surrogateescape").split("\0") if n]
    return [directory / n for n in names]


def _walk(directory: Path) -> list[Path]:
    files = []
    for root, dirs, names in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith("."))
        files.extend(Path(root) / n for n in sorted(names))
    return files


def expand_paths(paths: list[str], is_excluded=lambda p: False) -> list[Target]:
    """Expand command-line paths into files to check, in a stable order."""
    targets: list[Target] = []
    seen: set[str] = set()

    def add(target: Target) -> None:
        # A file named twice, or named and inside a named folder, is checked once.
        key = target.path if target.path == "-" or target.error else str(Path(target.path).resolve())
        if key not in seen:
            seen.add(key)
            targets.append(target)

    for raw in paths:
        p = Path(raw)
        if raw == "-":
            add(Target("-", explicit=True))
            continue
        if not p.exists():
            add(Target(raw, error=f"{raw}: no such file or directory", explicit=True))
            continue
        if not p.is_dir():  # a file, or a pipe named on purpose (`healthlint check <(cat draft.md)`)
            add(Target(raw, explicit=True))
            continue
        listed = _git_listed(p)
        candidates = listed if listed is not None else _walk(p)
        found = [
            c for c in sorted(candidates)
            if c.suffix.lower() in ARTICLE_SUFFIXES and c.is_file() and not is_excluded(c)
        ]
        if not found:
            suffixes = ", ".join(sorted(ARTICLE_SUFFIXES))
            add(Target(raw, error=f"{raw}: directory holds no articles ({suffixes})", explicit=True))
            continue
        for c in found:
            add(Target(str(c)))
    return targets


def require_existing(path: str) -> None:
    if not Path(path).exists():
        raise InputError(f"{path}: no such file or directory")
