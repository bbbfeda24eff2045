"""The Python API: lint text or files without the command line.

Findings come back as plain dicts with the same fields as the JSON output
(``healthlint check --format json``), so they pickle and serialise anywhere
(an ETL job, a Dask or Spark worker, a multiprocessing pool).  One pipeline
and one set of rules is built per process and configuration, on first use,
and reused by every later call.

Example::

    import healthlint

    for f in healthlint.check_text(draft, path="drafts/asthma.md"):
        print(f["line"], f["column"], f["rule"], f["message"])
    files = healthlint.check_paths(["articles/"], config=".healthlint.yaml")
"""
from __future__ import annotations

import os
from functools import lru_cache
from typing import Any, Iterable

__all__ = ["check_text", "check_paths"]


@lru_cache(maxsize=8)
def _linter(config: str | None, model: str | None, select: tuple[str, ...], ignore: tuple[str, ...]):
    from .config import ConfigResolver
    from .engine import Linter

    return Linter(ConfigResolver(config, select=list(select) or None, ignore=list(ignore) or None), model=model)


def _get_linter(config, model, select, ignore):
    config = os.fspath(config) if config is not None else None
    return _linter(config, model, tuple(select or ()), tuple(ignore or ()))


def check_text(
    text: str,
    path: str | os.PathLike | None = None,
    config: str | os.PathLike | None = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    model: str | None = None,
) -> list[dict[str, Any]]:
    """Findings for one article given as a string, as JSON-ready dicts.

    ``path`` names the article and picks its format by suffix (``.md``,
    ``.html``; plain text otherwise) and, when it is a real path, the project
    configuration found for it.  ``config`` is a ``.healthlint.yaml`` (or
    ``pyproject.toml``) to use instead of discovery; ``select``/``ignore``
    restrict the rules like ``--select``/``--ignore``.  ``text`` may also be
    ``bytes``, decoded as a file would be (UTF-8, or UTF-16 with a byte order
    mark).  Raises ``ValueError`` for input healthlint cannot check (an empty
    text, bytes that are not UTF-8, say) and ``TypeError`` for anything but
    ``str`` or ``bytes``.
    """
    name = os.fspath(path) if path is not None else "<text>"
    if isinstance(text, (bytes, bytearray, memoryview)):
        from .documents import decode
        from .errors import InputError

        try:
            text = decode(bytes(text), name)
        except InputError as exc:
            raise ValueError(str(exc)) from None
    elif not isinstance(text, str):
        raise TypeError(f"check_text() takes the article as str (or bytes to decode), not {type(text).__name__}")
    linter = _get_linter(config, model, select, ignore)
    result = linter.check_text(text, name)
    if result.error:
        raise ValueError(result.error)
    return [f.to_dict() for f in result.findings]


def check_paths(
    paths: str | os.PathLike | Iterable[str | os.PathLike],
    config: str | os.PathLike | None = None,
    *,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    model: str | None = None,
    jobs: int = 1,
    cache_dir: str | os.PathLike | None = None,
) -> list[dict[str, Any]]:
    """One ``{"path", "error", "findings"}`` dict per article, like the JSON output's ``files``.

    Folders are expanded as on the command line (article suffixes, ``exclude``
    and ``.gitignore`` honoured).  A file that cannot be checked has
    ``error`` set and no findings; the others are still checked.  ``jobs``
    runs worker processes; ``cache_dir`` turns on the result cache there (off
    by default).
    """
    from .discovery import expand_paths
    from .findings import FileResult
    from .parallel import run_checks

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    linter = _get_linter(config, model, select, ignore)
    resolver = linter.resolver
    targets = expand_paths([os.fspath(p) for p in paths], lambda p: resolver.base_for(p).is_excluded(p))
    cache = None
    if cache_dir is not None:
        from .cache import ResultCache

        cache = ResultCache(cache_dir, model=model)
    ok = [(t.path, None) for t in targets if not t.error]
    checked = run_checks(linter, ok, jobs=max(1, int(jobs)), cache=cache)
    out = []
    for t in targets:
        result = FileResult(t.path, error=t.error) if t.error else next(checked)
        out.append(result.to_dict())
    return out
