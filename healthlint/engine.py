"""The engine: documents in, findings out.

``Linter`` owns one NLP pipeline and one instance of each configured rule per
process.  Documents are streamed through ``nlp.pipe``; each rule sees a
:class:`~healthlint.rules.base.CheckContext`, returns findings with offsets
into the linted text, and the engine maps them to exact positions in the
original file, applies inline suppressions, and sorts them.
"""
from __future__ import annotations

import json
import re
import sys
from typing import Iterable, Iterator

from .config import Config, ConfigResolver
from .documents import Document, load_document, parse_document
from .errors import ConfigError, HealthlintError
from .findings import FileResult, Finding, Location
from .rules import CheckContext, Rule, rule_classes
from .suppression import UNUSED_RULE_ID, apply_suppressions


class Linter:
    """Checks documents with the rules their configuration enables."""

    def __init__(self, resolver: ConfigResolver | None = None, model: str | None = None):
        self.resolver = resolver or ConfigResolver()
        self.model = model
        self._nlp = None
        self._rules: dict[tuple, Rule] = {}
        # rules_for() by configuration object (kept alive here, so ids stay unique).
        self._rules_by_config: dict[int, tuple[Config, list[Rule]]] = {}
        # Seconds spent in each rule's check(), when a caller sets this to a dict.
        self.rule_seconds: dict[str, float] | None = None

    @property
    def nlp(self):
        if self._nlp is None:
            from .nlp import get_pipeline

            self._nlp = get_pipeline(self.model)
        return self._nlp

    # -- rules ------------------------------------------------------------
    def rules_for(self, config: Config) -> list[Rule]:
        """Rule instances for a configuration, built once per distinct rule config."""
        memo = self._rules_by_config.get(id(config))
        if memo is not None and memo[0] is config:
            return memo[1]
        out = []
        classes = rule_classes()
        for rid, rc in config.rules.items():
            if not rc.enabled or rid not in classes:
                continue
            key = (rid, rc.severity, config.locale,
                   json.dumps([rc.options, config.cues], sort_keys=True, default=str))
            rule = self._rules.get(key)
            if rule is None:
                try:
                    rule = classes[rid](self.nlp, rc.options, rc.severity, config)
                except re.error as exc:  # a pattern in its data that config validation could not see
                    raise ConfigError(f"rule {rid}: a regular expression in its configuration does not "
                                      f"compile: {exc}") from None
                self._rules[key] = rule
            out.append(rule)
        if len(self._rules_by_config) >= 256:  # configurations copied per file (--select)
            self._rules_by_config.clear()
        self._rules_by_config[id(config)] = (config, out)
        return out

    # -- checking -----------------------------------------------------------
    def check_document(self, document: Document, config: Config | None = None) -> list[Finding]:
        config = config or self.resolver.for_file(document.path)
        from .nlp import make_doc

        doc = self.nlp(make_doc(self.nlp, document.text, document.block_starts))
        return self.findings_for(doc, document, config)

    def findings_for(self, doc, document: Document, config: Config) -> list[Finding]:
        """One processed document's findings (a rule's failure raises HealthlintError)."""
        plan = self._plan(doc, document, config)
        self._run_rules([plan])
        if plan.error is not None:
            raise plan.error
        return self._finish(plan.findings, document, config)

    def _plan(self, doc, document: Document, config: Config) -> "_Plan":
        """What to run on one document: its context and its rules (none for a file with no
        prose: there is no article, so no "missing X" findings either)."""
        ctx = CheckContext(doc=doc, document=document, config=config)
        return _Plan(ctx, self.rules_for(config) if document.text.strip() else [])

    def _run_rules(self, plans: list["_Plan"]) -> None:
        """Run each rule over every document of ``plans`` before the next rule starts.

        Documents keep their order, so what a rule remembers across documents sees them
        as one by one; a rule's code and tables stay in the CPU's caches instead of being
        evicted by the 14 other rules between two of its documents.  A rule that fails on
        a document ends that document (``plan.error``); the others go on.
        """
        timings = self.rule_seconds
        if timings is not None:
            import time
        for j in range(max((len(p.rules) for p in plans), default=0)):
            for plan in plans:
                if plan.error is not None or j >= len(plan.rules):
                    continue
                rule = plan.rules[j]
                if timings is not None:
                    t = time.perf_counter()
                try:
                    plan.findings.extend(_run_rule(rule, plan.ctx))
                except HealthlintError as exc:
                    plan.error = exc
                if timings is not None:
                    timings[rule.id] = timings.get(rule.id, 0.0) + time.perf_counter() - t

    def _finish(self, findings: list[Finding], document: Document, config: Config) -> list[Finding]:
        """Locate the rules' findings in the source, apply suppressions, sort."""
        for f in findings:
            locate(f, document)
        if document.directives:  # (apply_suppressions changes nothing without one)
            classes = rule_classes()
            findings = apply_suppressions(
                document,
                findings,
                known_rules=set(classes),
                enabled_rules=set(config.enabled_rules()),
                document_level_rules={rid for rid, c in classes.items() if getattr(c, "document_level", False)},
                unused_severity=config.rules[UNUSED_RULE_ID].severity if UNUSED_RULE_ID in config.rules else "info",
            )
            for f in findings:
                if f.line == -1:  # produced with source offsets (suppression notices)
                    locate(f, document, source_offsets=True)
        findings.sort(key=Finding.sort_key)
        return findings

    def check_text(self, text: str, path: str = "<text>", fmt: str | None = None) -> FileResult:
        from .documents import format_for

        try:
            document = parse_document(path, text, fmt or format_for(path))
        except HealthlintError as exc:
            return FileResult(path, error=str(exc))
        if not text.strip():
            return FileResult(path, error=f"{path}: file is empty; nothing to check")
        config = self.resolver.for_file(None if path.startswith("<") else path)
        try:
            return FileResult(path, self.check_document(document, config))
        except HealthlintError as exc:
            return FileResult(path, error=str(exc))

    def check_files(self, items: Iterable[tuple[str, bytes | None]], batch_size: int = 32) -> Iterator[FileResult]:
        """Check ``(path, data)`` pairs (``data=None`` reads the file), streaming.

        Results come out in input order; unreadable files yield a result with
        ``error`` set and the others are still checked.
        """
        from .nlp import make_doc

        def prepared() -> Iterator[tuple[object, tuple]]:
            for path, data in items:
                try:
                    config = self.resolver.for_file(path if path != "-" else None)
                    document = load_document(path, data)
                except HealthlintError as exc:
                    yield None, (path, None, None, str(exc))
                    continue
                yield make_doc(self.nlp, document.text, document.block_starts), (path, document, config, None)

        # nlp.pipe cannot carry a "no doc" item, so errors bypass it in order.
        pending: list[tuple[object, tuple]] = []
        for item in prepared():
            pending.append(item)
            if len(pending) >= batch_size:
                yield from self._run_batch(pending)
                pending = []
        if pending:
            yield from self._run_batch(pending)

    def _run_batch(self, batch: list[tuple[object, tuple]]) -> Iterator[FileResult]:
        """Check a batch of prepared documents, rule by rule (``_run_rules``); each
        document's findings are the same as ``findings_for`` gives."""
        docs = [d for d, _ in batch if d is not None]
        processed = iter(self.nlp.pipe(docs)) if docs else iter(())
        plans: list[_Plan | str] = []  # a plan per document, or its error
        for d, (path, document, config, error) in batch:
            if d is None:
                plans.append(error)
                continue
            doc = next(processed)
            try:
                plans.append(self._plan(doc, document, config))
            except HealthlintError as exc:  # a rule's options the rule refuses (ConfigError)
                plans.append(str(exc))
        self._run_rules([p for p in plans if isinstance(p, _Plan)])
        for (_, (path, document, config, _)), plan in zip(batch, plans):
            if isinstance(plan, str):
                yield FileResult(path, error=plan)
            elif plan.error is not None:
                yield FileResult(path, error=str(plan.error))
            else:
                try:
                    yield FileResult(path, self._finish(plan.findings, document, config))
                except HealthlintError as exc:
                    yield FileResult(path, error=str(exc))


class _Plan:
    """One document's context, its rules, the findings so far, and the error that ended it."""

    __slots__ = ("ctx", "rules", "findings", "error")

    def __init__(self, ctx: CheckContext, rules: list[Rule]):
        self.ctx = ctx
        self.rules = rules
        self.findings: list[Finding] = []
        self.error: HealthlintError | None = None


def _run_rule(rule: Rule, ctx: CheckContext) -> list[Finding]:
    """A rule's findings; a bug in a rule becomes one clear error for this file.

    The other files are still checked, and the message names the rule so the
    report can be acted on (``--ignore RULE`` works around it meanwhile).
    """
    try:
        return list(rule.check(ctx) or ())
    except HealthlintError:
        raise
    except Exception as exc:  # noqa: BLE001 - any bug in a rule
        where = ctx.document.path if ctx.document is not None else "<text>"
        raise HealthlintError(
            f"{where}: internal error in rule {rule.id} ({type(exc).__name__}: {exc}); "
            f"this is a bug in healthlint, please report it with the file. "
            f"`--ignore {rule.id}` checks the file without that rule."
        ) from exc


def locate(f: Finding, document: Document, source_offsets: bool = False) -> None:
    """Turn a finding's text offsets into exact source positions, lines and columns."""
    if source_offsets:
        start, end = f.start, f.end
    else:
        start, end = document.source_range(f.start, f.end)
        if f.fix:
            f.fix = _located_fix(f, document)
    f.start, f.end = start, end
    f.line, f.column = document.line_col(start)
    f.end_line, f.end_column = document.line_col(end)
    f.text = document.source[start:end]
    if f.related_spans:
        f.related = []
        for rs, re_ in f.related_spans:
            s, e = document.source_range(rs, re_)
            line, col = document.line_col(s)
            end_line, end_col = document.line_col(e)
            f.related.append(Location(line, col, end_line, end_col, s, e, document.source[s:e]))
        f.related_spans = []


def _located_fix(f: Finding, document: Document):
    """Map fix edits to source offsets; drop the fix if markup sits inside an edit."""
    edits = []
    for edit in f.fix or ():
        s, e = document.source_range(edit.start, edit.end)
        if document.source[s:e] != document.text[edit.start:edit.end]:
            return None
        edit.start, edit.end = s, e
        edits.append(edit)
    return edits


def eprint(msg: str) -> None:
    print(msg, file=sys.stderr)
