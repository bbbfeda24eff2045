"""Running many files: the cache, ``--jobs`` worker processes, and progress.

:func:`run_checks` takes ``(path, data)`` items (``data=None`` reads the
file) and yields one :class:`~healthlint.findings.FileResult` per item, in
input order, streaming: files are read in chunks, so memory stays flat over
archives of any size.

* With a :class:`~healthlint.cache.ResultCache`, each file's bytes are hashed
  with its effective configuration; hits skip the pipeline (and a run where
  every file hits never imports spaCy), misses are checked and stored.
* With ``jobs > 1``, misses go in chunks to a pool of worker processes, each
  with its own pipeline and rules built once (the pool's initializer);
  results are put back in input order.  The parent process only reads,
  hashes and collects; it never builds a pipeline itself.
"""
from __future__ import annotations

import os
import sys
from collections import deque
from typing import TYPE_CHECKING, Iterable, Iterator

from .errors import HealthlintError
from .findings import FileResult

if TYPE_CHECKING:
    from .cache import ResultCache
    from .engine import Linter
    from .progress import Progress

CHUNK = 16  # files per task sent to a worker
# Below this many files, --jobs auto runs in one process: starting workers
# costs more than it saves (see README, "Performance").
AUTO_MIN_FILES = 64


def cpu_count() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def idle_cpus() -> int:
    """CPUs not already busy: the CPU count minus the 1-minute load average (at least 1)."""
    cpus = cpu_count()
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):  # pragma: no cover - Windows
        return cpus
    return max(1, min(cpus, int(cpus - load + 0.5)))


def resolve_jobs(jobs: str | int | None, n_files: int) -> int:
    """The number of processes for ``--jobs``.

    ``auto`` (the default): one process below ``AUTO_MIN_FILES`` files, else
    one per idle CPU.  On our 2-core machines a second worker gained 1.4-1.8x
    when the other core was free and nothing (0.98x, for 10% more CPU) when
    other work kept it busy, so ``auto`` counts only the idle ones.
    """
    if jobs is None or jobs == "":
        jobs = DEFAULT_JOBS
    if isinstance(jobs, str):
        if jobs.strip().lower() == "auto":
            return idle_cpus() if n_files >= AUTO_MIN_FILES else 1
        jobs = int(jobs)
    return max(1, min(int(jobs), max(1, n_files)))


DEFAULT_JOBS = "auto"


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Prepared:
    """One chunk: cache hits filled in, misses (with their bytes and keys) to check."""

    __slots__ = ("paths", "results", "misses", "keys")

    def __init__(self, paths):
        self.paths = paths
        self.results: list[FileResult | None] = [None] * len(paths)
        self.misses: list[tuple[int, str, bytes | None]] = []
        self.keys: dict[int, str] = {}


def _prepare(chunk: list[tuple[str, bytes | None]], linter: "Linter", cache: "ResultCache | None") -> _Prepared:
    prep = _Prepared([p for p, _ in chunk])
    if cache is None:
        prep.misses = [(i, p, d) for i, (p, d) in enumerate(chunk)]
        return prep
    from .documents import format_for, read_file

    for i, (path, data) in enumerate(chunk):
        try:
            raw = data if data is not None else read_file(path)
            config = linter.resolver.for_file(path if path != "-" else None)
        except HealthlintError:
            prep.misses.append((i, path, data))  # the linter reports the error
            continue
        key = cache.key(raw, format_for(path), config)
        found = cache.get(key)
        if found is not None:
            prep.results[i] = FileResult(path, found)
        else:
            prep.keys[i] = key
            prep.misses.append((i, path, raw))
    return prep


def _finish(prep: _Prepared, checked: list[FileResult], cache: "ResultCache | None") -> list[FileResult]:
    for (i, _path, _data), result in zip(prep.misses, checked):
        prep.results[i] = result
        key = prep.keys.get(i)
        if cache is not None and key is not None and result.error is None:
            cache.put(key, result.findings)
    return prep.results  # type: ignore[return-value]


def run_checks(
    linter: "Linter",
    items: Iterable[tuple[str, bytes | None]],
    *,
    jobs: int = 1,
    cache: "ResultCache | None" = None,
    progress: "Progress | None" = None,
) -> Iterator[FileResult]:
    """Check every item; yield results in input order (see the module docstring)."""
    if jobs <= 1:
        for chunk in _chunks(items, 64):
            prep = _prepare(chunk, linter, cache)
            checked = list(linter.check_files((p, d) for _, p, d in prep.misses)) if prep.misses else []
            for result in _finish(prep, checked, cache):
                if progress is not None:
                    progress.advance()
                yield result
        return
    yield from _run_parallel(linter, items, jobs, cache, progress)


# -- worker processes ------------------------------------------------------------

_WORKER: "Linter | None" = None


def _init_worker(resolver, model) -> None:
    global _WORKER
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    from . import collector
    from .engine import Linter

    collector.pause()  # as in the command line (collector.py): a worker lives for the run
    _WORKER = Linter(resolver, model=model)
    _WORKER.nlp  # noqa: B018 - build the pipeline now, once per worker
    collector.resume()


def _work(batch: list[tuple[str, bytes | None]]) -> list[FileResult]:
    assert _WORKER is not None
    return list(_WORKER.check_files(batch))


def _context():
    import multiprocessing as mp

    if sys.platform.startswith("linux"):
        return mp.get_context("fork")
    return mp.get_context()


def _run_parallel(linter, items, jobs, cache, progress) -> Iterator[FileResult]:
    pool = None
    try:
        window: deque = deque()
        limit = jobs * 3
        for chunk in _chunks(items, CHUNK):
            prep = _prepare(chunk, linter, cache)
            task = None
            if prep.misses:
                if pool is None:  # started at the first cache miss: a warm run never forks
                    pool = _start_pool(linter, jobs)
                task = pool.apply_async(_work, ([(p, d) for _, p, d in prep.misses],))
            window.append((prep, task))
            while len(window) > limit or (window and window[0][1] is None):
                yield from _drain(window.popleft(), cache, progress)
        while window:
            yield from _drain(window.popleft(), cache, progress)
        if pool is not None:
            pool.close()
    except BaseException:
        if pool is not None:
            pool.terminate()
        raise
    finally:
        if pool is not None:
            pool.join()


def _start_pool(linter, jobs):
    # Each worker builds its own pipeline (in parallel); the parent never
    # imports spaCy, so its memory holds only the results for the report.
    return _context().Pool(jobs, initializer=_init_worker, initargs=(linter.resolver, linter.model))


def _drain(entry, cache, progress) -> Iterator[FileResult]:
    prep, task = entry
    checked = task.get() if task is not None else []
    for result in _finish(prep, checked, cache):
        if progress is not None:
            progress.advance()
        yield result
