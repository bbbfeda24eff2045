"""The command line: ``healthlint check | rules | explain | config``.

Exit codes follow ESLint and ruff: 0 nothing at or above ``--fail-on``,
1 findings at or above it, 2 a usage, configuration or input error (the
other files are still checked and reported).  spaCy is imported only by
``check``, so ``--version``, ``rules`` and ``explain`` start fast.
"""
from __future__ import annotations

import os
import sys

import click

from . import __version__, collector
from .errors import HealthlintError
from .findings import SEVERITY_RANK

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


def _rule_list(value: str | None) -> list[str]:
    if not value:
        return []
    return [v.strip() for v in value.split(",") if v.strip()]


def _validate_rule_ids(ids: list[str], option: str) -> None:
    from .rules import rule_classes

    known = rule_classes()
    unknown = [r for r in ids if r not in known]
    if unknown:
        raise click.UsageError(
            f"{option}: unknown rule id(s): {', '.join(unknown)} (see `healthlint rules`)"
        )


class _StdoutError(Exception):
    """Standard output could not take the report (a full disk, a closed file...)."""


def _echo_out(text: str) -> None:
    """Write report text to standard output; a failed write is one clear error, not a traceback.

    A reader that went away (``healthlint check ... | head``) is left to click,
    which exits quietly."""
    try:
        click.echo(text, nl=False)
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise _StdoutError(exc) from None


def _silence_stdout() -> None:
    """Point standard output at the null device, so Python's flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file behind sys.stdout (tests)
        pass


class _Main(click.Group):
    """The command group: output that standard output cannot take is one clear error."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except _StdoutError as exc:
            click.echo(f"healthlint: cannot write to standard output: {exc}", err=True)
            _silence_stdout()
            sys.exit(EXIT_ERROR)


@click.group(cls=_Main, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="healthlint", message="%(prog)s %(version)s")
def main() -> None:
    """A content-quality linter for health articles.

    Finds self-contradictions, unsupported efficacy claims, broken phrases,
    missing disclaimers and crisis lines, and more.  Start with
    `healthlint check ARTICLE`.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "sarif", "github", "junit"]), help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to FILE (atomically).")
@click.option("--select", help="Only these rules (comma-separated ids).")
@click.option("--ignore", help="Skip these rules (comma-separated ids).")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Lowest severity that makes the exit code 1.")
@click.option("--min-severity", type=click.Choice(["info", "warning", "error"]), default="info",
              show_default=True, help="Lowest severity shown in the report.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option("--config", "config_path", type=click.Path(), help="Use this configuration file (skips discovery).")
@click.option("--model", help="Use this installed spaCy pipeline (e.g. en_core_web_sm) instead of the built-in one.")
@click.option("--stdin-filename", help="Path to report (and to pick the format by) when reading '-'.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: when a terminal).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place, then report what is left.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the safe fixes as a unified diff; write nothing.")
@click.option("-j", "--jobs", default=None, metavar="N|auto", callback=lambda c, p, v: _jobs_option(v),
              help="Worker processes (default: auto = one per idle CPU for 64 files or more, else 1).")
@click.option("--cache/--no-cache", "use_cache", default=True, show_default=True,
              help="Reuse findings for files whose content and configuration are unchanged.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Cache folder (default: $HEALTHLINT_CACHE_DIR, else .healthlint_cache in the project root).")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on standard error (default: on a terminal, not in CI).")
def check(**options):
    """Check articles (files or folders; '-' reads standard input)."""
    thresholds = collector.pause()  # no collections while spaCy and the rules load (collector.py)
    try:
        _check(**options)
    finally:
        collector.restore(thresholds)


def _check(paths, fmt, output, select, ignore, fail_on, min_severity, exit_zero, config_path, model,
           stdin_filename, color, fix, show_diff, jobs, use_cache, cache_dir, progress):
    if fix and "-" in paths:
        raise click.UsageError("--fix cannot write to standard input; use --diff to see the fixes")
    select_ids, ignore_ids = _rule_list(select), _rule_list(ignore)
    _validate_rule_ids(select_ids, "--select")
    _validate_rule_ids(ignore_ids, "--ignore")
    try:
        from .config import ConfigResolver

        resolver = ConfigResolver(config_path, select=select_ids, ignore=ignore_ids)
    except HealthlintError as exc:
        click.echo(f"healthlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    from .discovery import expand_paths
    from .documents import MAX_FILE_BYTES
    from .engine import Linter
    from .findings import FileResult

    targets = expand_paths(list(paths), lambda p: resolver.base_for(p).is_excluded(p))
    linter = Linter(resolver, model=model)

    # (at most one byte past the size limit: an endless stream is "too large", not a hang)
    stdin_data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1) if any(t.path == "-" for t in targets) else None

    def items():
        for t in targets:
            if t.error:
                continue
            if t.path == "-":
                yield (stdin_filename or "-", stdin_data)
            else:
                yield (t.path, None)

    from .parallel import resolve_jobs, run_checks

    n_files = sum(1 for t in targets if not t.error)
    cache = None
    if use_cache and not (fix or show_diff):  # fixes always start from a fresh check
        from .cache import ResultCache, default_cache_dir

        cache = ResultCache(cache_dir or default_cache_dir(), model=model)
    from . import progress as progress_mod

    bar = progress_mod.Progress(n_files) if n_files > 1 and progress_mod.wanted(flag=progress) else None
    floor = SEVERITY_RANK[min_severity]
    errors: list[str] = []

    def all_results():
        checked = iter(run_checks(linter, items(), jobs=resolve_jobs(jobs, n_files), cache=cache, progress=bar))
        for t in targets:
            r = FileResult(t.path, error=t.error) if t.error else next(checked)
            if r.error:
                errors.append(r.error)
            collector.resume()  # the pipeline and the rules exist now
            yield r

    def shown(results):
        for r in results:
            r.findings = [f for f in r.findings if SEVERITY_RANK[f.severity] >= floor]
            yield r

    from .reporters import Report, render, stream

    use_color = _use_color(color, output, fmt)
    try:
        if model:
            linter.nlp  # load it now: a missing pipeline is one clear error, before any output
        if not (fix or show_diff):
            # Every format is written file by file as results arrive (JUnit through a
            # temporary file: its totals come first), so memory stays flat however
            # many files are checked.
            context = {"color": use_color, "rules": rules_metadata(), "version": __version__}
            if output:
                from .fileutil import atomic_writer

                try:
                    with atomic_writer(output) as fh:
                        tally = stream(fmt, shown(all_results()), fh.write, **context)
                except OSError as exc:
                    click.echo(f"healthlint: cannot write {output}: {exc}", err=True)
                    sys.exit(EXIT_ERROR)
            else:
                tally = stream(fmt, shown(all_results()), _echo_out, **context)
            for message in errors:
                click.echo(f"healthlint: error: {message}", err=True)
            sys.exit(_exit_code_from(tally, bool(errors), fail_on, exit_zero))
        results: list[FileResult] = list(all_results())
    except HealthlintError as exc:  # e.g. --model names a pipeline that is not installed
        click.echo(f"healthlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        if bar is not None:
            bar.close()

    if fix or show_diff:
        code = _apply_fixes(linter, results, write=fix and not show_diff, show_diff=show_diff)  # --diff writes nothing
        if show_diff:
            sys.exit(code)

    results = list(shown(results))
    report = Report(results, version=__version__, rules=rules_metadata(), color=use_color)
    text = render(fmt, report)
    if output:
        from .fileutil import atomic_write_text

        try:
            atomic_write_text(output, text)
        except OSError as exc:
            click.echo(f"healthlint: cannot write {output}: {exc}", err=True)
            sys.exit(EXIT_ERROR)
    else:
        _echo_out(text)
    for r in results:
        if r.error:
            click.echo(f"healthlint: error: {r.error}", err=True)
    sys.exit(exit_code(results, fail_on, exit_zero))


def _exit_code_from(tally, had_errors: bool, fail_on: str, exit_zero: bool) -> int:
    """The exit code from streamed counts (same rule as ``exit_code``)."""
    if had_errors:
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_CLEAN
    threshold = SEVERITY_RANK[fail_on]
    if any(SEVERITY_RANK[sev] >= threshold and n for sev, n in tally.by_severity.items()):
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _apply_fixes(linter, results, *, write: bool, show_diff: bool) -> int:
    """Fix (or diff) every checked file; replace each result's findings by what remains.

    Returns the exit code for ``--diff``: 1 when some fix would change a file.
    """
    from .fixes import edits_of, fix_file

    changed = 0
    for r in results:
        if r.error or r.path == "-" or not edits_of(r.findings):
            continue
        try:
            outcome = fix_file(linter, r.path, r.findings, write=write)
        except (OSError, HealthlintError) as exc:
            r.error = f"{r.path}: cannot fix: {exc}"
            continue
        if outcome.changed:
            changed += 1
            if show_diff:
                _echo_out(outcome.diff())
            else:
                click.echo(f"Fixed {outcome.applied} finding(s) in {r.path}", err=True)
                r.findings = outcome.findings
    if any(r.error for r in results):
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_CLEAN


def _jobs_option(value: str | None) -> str | None:
    if value is None or value.strip().lower() == "auto":
        return value
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise click.BadParameter(f"expected a number of processes (1 or more) or 'auto', got {value!r}",
                                 param_hint="'--jobs'")
    return value


def exit_code(results, fail_on: str, exit_zero: bool = False) -> int:
    from .reporters import Tally

    tally = Tally()
    for r in results:
        tally.add(r)
    return _exit_code_from(tally, tally.errors > 0, fail_on, exit_zero)


def _use_color(flag, output, fmt) -> bool:
    if fmt != "text" or output:
        return False
    if flag is not None:
        return flag
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def rules_metadata() -> dict[str, dict]:
    """Rule metadata for reporters: summary, category, guideline, default severity, docs."""
    from .config import default_config
    from .rules import rule_classes

    defaults = default_config().rules
    out = {}
    for rid, cls in rule_classes().items():
        rc = defaults.get(rid)
        out[rid] = {
            "summary": cls.summary,
            "category": cls.category,
            "guideline": cls.guideline,
            "severity": rc.severity if rc else "warning",
            "enabled": rc.enabled if rc else False,
            "fixable": cls.fixable,
            "documentation": cls.documentation(),
        }
    return out


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def rules_cmd(fmt):
    """List every rule: id, default severity, enabled or not, summary."""
    try:
        meta = rules_metadata()
    except HealthlintError as exc:
        click.echo(f"healthlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if fmt == "json":
        import json

        _echo_out(json.dumps({rid: {k: v for k, v in m.items() if k != "documentation"} for rid, m in meta.items()}, indent=2) + "\n")
        return
    width = max(len(r) for r in meta)
    _echo_out(f"{'RULE':<{width}}  {'SEVERITY':<8}  {'ON':<3}  {'FIX':<3}  SUMMARY  [GUIDELINE]\n")
    for rid, m in meta.items():
        on = "yes" if m["enabled"] else "no"
        fix = "yes" if m["fixable"] else ""
        _echo_out(f"{rid:<{width}}  {m['severity']:<8}  {on:<3}  {fix:<3}  {m['summary']}  [{m['guideline']}]\n")


@main.command()
@click.argument("rule")
def explain(rule):
    """Print a rule's full documentation."""
    from .rules import rule_classes

    classes = rule_classes()
    if rule not in classes:
        click.echo(f"healthlint: unknown rule '{rule}' (see `healthlint rules`)", err=True)
        sys.exit(EXIT_ERROR)
    _echo_out(classes[rule].documentation() + "\n")


@main.command("config")
@click.option("--show", "show_path", type=click.Path(), required=True,
              help="Print the effective configuration for this file.")
@click.option("--config", "config_path", type=click.Path(), help="Use this configuration file.")
def config_cmd(show_path, config_path):
    """Print the effective configuration for a file (after discovery and overrides)."""
    import yaml

    from .config import ConfigResolver

    try:
        resolver = ConfigResolver(config_path)
        cfg = resolver.for_file(show_path)
        matched = resolver.base_for(show_path).matching_overrides(show_path)
    except HealthlintError as exc:
        click.echo(f"healthlint: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    _echo_out(f"# healthlint configuration for {show_path}\n")
    if matched:
        _echo_out(f"# overrides applied (files): {'; '.join(', '.join(o['files']) for o in matched)}\n")
    _echo_out(yaml.safe_dump(cfg.to_dict(), sort_keys=False, allow_unicode=True))


if __name__ == "__main__":  # pragma: no cover
    main()
