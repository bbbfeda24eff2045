"""The result cache: findings keyed by file content and effective configuration.

A file's findings depend only on its bytes, its format, the effective
configuration for it, the pipeline (``--model``) and healthlint's code, so
the key is the SHA-256 of all of them together; a second run over unchanged
files reads each file, hashes it, and loads the stored findings without
importing spaCy.

Where: ``--cache-dir DIR``, else ``$HEALTHLINT_CACHE_DIR``, else
``.healthlint_cache/`` in the project root (the folder of the nearest
``.healthlint.yaml`` or ``pyproject.toml`` with ``[tool.healthlint]`` above
the current folder, else the current folder), like ruff's ``.ruff_cache``.
The folder holds a ``.gitignore`` (``*``) and a ``CACHEDIR.TAG``, so git
and backup tools skip it.  Entries live under a folder named after the
healthlint version and a hash of its code and data, so an upgrade never
reads stale findings.  Each run marks the folder it uses; when a run writes
to the cache, folders of other versions that no run has used for
``STALE_AFTER_DAYS`` days are deleted, so upgrades do not pile up.  Delete
the whole folder to reclaim space at once.

A cache is never a reason to fail: an entry that cannot be read or parsed is
treated as missing, and a folder that cannot be written is skipped, each
with one warning on standard error.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .findings import Edit, Finding, Location

CACHE_DIR_NAME = ".healthlint_cache"
ENV_CACHE_DIR = "HEALTHLINT_CACHE_DIR"
FORMAT_VERSION = 1
STALE_AFTER_DAYS = 30  # a version folder no run has used for this long is deleted
_VERSION_DIR = re.compile(r"v[^/\\]+-[0-9a-f]{16}")
_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# healthlint's result cache (see https://bford.info/cachedir/)\n"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of healthlint's version, code and data files (rules, pipeline, parsers)."""
    h = hashlib.sha256(f"{__version__}:{FORMAT_VERSION}".encode())
    root = Path(__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in {".py", ".yaml", ".gz", ".json", ".txt"}
                   and "__pycache__" not in p.parts)
    for p in files:
        h.update(p.relative_to(root).as_posix().encode())
        try:
            h.update(p.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:16]


def default_cache_dir(cwd: Path | None = None) -> Path:
    """``$HEALTHLINT_CACHE_DIR``, else ``.healthlint_cache`` in the project root."""
    env = os.environ.get(ENV_CACHE_DIR)
    if env:
        return Path(env)
    from .config import find_project_config

    cwd = cwd or Path.cwd()
    try:
        found = find_project_config(cwd)
    except OSError:
        found = None
    return (found.parent if found else cwd) / CACHE_DIR_NAME


def finding_to_json(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.rule, "severity": f.severity, "message": f.message, "start": f.start, "end": f.end,
        "suggestion": f.suggestion, "line": f.line, "column": f.column, "end_line": f.end_line,
        "end_column": f.end_column, "text": f.text,
        "related": [r.to_dict() for r in f.related],
        "fix": None if f.fix is None else [[e.start, e.end, e.replacement] for e in f.fix],
    }


def finding_from_json(d: dict[str, Any]) -> Finding:
    return Finding(
        rule=d["rule"], severity=d["severity"], message=d["message"], start=d["start"], end=d["end"],
        suggestion=d["suggestion"], related=[Location(**r) for r in d["related"]],
        fix=None if d["fix"] is None else [Edit(s, e, r) for s, e, r in d["fix"]],
        line=d["line"], column=d["column"], end_line=d["end_line"], end_column=d["end_column"], text=d["text"],
    )


class ResultCache:
    """Findings on disk, one small JSON file per (content, configuration) key."""

    def __init__(self, directory: str | os.PathLike, model: str | None = None,
                 warn: Callable[[str], None] | None = None):
        self.root = Path(directory)
        self.dir = self.root / f"v{__version__}-{code_fingerprint()}"
        self.model = model or ""
        self._warn = warn or (lambda msg: print(f"healthlint: warning: {msg}", file=sys.stderr))
        self._warned: set[str] = set()
        self.writable = True
        self._ready = False
        self._fingerprints: dict[int, tuple[Any, str]] = {}
        self.hits = self.misses = 0
        self._marked = False

    def warn_once(self, kind: str, msg: str) -> None:
        if kind not in self._warned:
            self._warned.add(kind)
            self._warn(msg)

    # -- keys -----------------------------------------------------------------
    def config_fingerprint(self, config) -> str:
        memo = self._fingerprints.get(id(config))
        if memo is not None and memo[0] is config:
            return memo[1]
        payload = json.dumps(
            [config.to_dict(include_files=False), getattr(config, "locale_explicit", None),
             getattr(config, "locales", None)],
            sort_keys=True, default=str,
        )
        fp = hashlib.sha256(payload.encode()).hexdigest()
        if len(self._fingerprints) > 256:
            self._fingerprints.clear()
        self._fingerprints[id(config)] = (config, fp)
        return fp

    def key(self, data: bytes, fmt: str, config) -> str:
        h = hashlib.sha256(data)
        h.update(f"\0{fmt}\0{self.model}\0{self.config_fingerprint(config)}".encode())
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    # -- reading and writing ------------------------------------------------------
    def get(self, key: str) -> list[Finding] | None:
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.misses += 1
            return None
        except OSError as exc:
            self.warn_once("read", f"cannot read the cache in {self.root} ({exc.strerror or exc}); checking without it")
            self.misses += 1
            return None
        try:
            entry = json.loads(raw)
            if entry.get("key") != key:
                raise ValueError("key mismatch")
            findings = [finding_from_json(d) for d in entry["findings"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            self.warn_once("corrupt", f"ignoring a corrupt cache entry {path} ({exc}); it will be rewritten")
            self.misses += 1
            return None
        self.hits += 1
        if not self._marked:
            self._mark_used()
        return findings

    def _mark_used(self) -> None:
        """Touch this version's folder: in use, so no other version's run prunes it."""
        self._marked = True
        try:
            os.utime(self.dir)
        except OSError:
            pass

    def _prune_stale(self) -> None:
        """Delete other versions' folders that no run has used for STALE_AFTER_DAYS days."""
        import shutil
        import time

        cutoff = time.time() - STALE_AFTER_DAYS * 86400
        try:
            children = list(self.root.iterdir())
        except OSError:
            return
        for child in children:
            if child == self.dir or not _VERSION_DIR.fullmatch(child.name):
                continue
            try:
                if child.is_dir() and not child.is_symlink() and child.stat().st_mtime < cutoff:
                    shutil.rmtree(child, ignore_errors=True)
            except OSError:
                pass

    def _prepare(self) -> None:
        self._ready = True
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._mark_used()
            self._prune_stale()
            tag = self.root / "CACHEDIR.TAG"
            if not tag.exists():
                tag.write_text(_TAG, encoding="utf-8")
            ignore = self.root / ".gitignore"
            if not ignore.exists():
                ignore.write_text("# Created by healthlint automatically.\n*\n", encoding="utf-8")
        except OSError as exc:
            self._unwritable(exc)

    def _unwritable(self, exc: OSError) -> None:
        self.writable = False
        self.warn_once("write", f"cannot write the cache in {self.root} ({exc.strerror or exc}); "
                       "results are not cached (use --cache-dir or --no-cache)")

    def put(self, key: str, findings: list[Finding]) -> None:
        if not self.writable:
            return
        if not self._ready:
            self._prepare()
            if not self.writable:
                return
        path = self._path(key)
        data = json.dumps({"key": key, "findings": [finding_to_json(f) for f in findings]},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        try:
            path.parent.mkdir(exist_ok=True)
            # Atomic (temporary file + rename) but not fsynced: a torn entry after
            # a crash is detected as corrupt and recomputed.
            fd, tmp = tempfile.mkstemp(prefix=f".{key[:8]}.", suffix=".tmp", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError as exc:
            self._unwritable(exc)
