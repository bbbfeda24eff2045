"""The rule's word lists from ``rules.yaml``, compiled once per configuration."""
from __future__ import annotations

import re
from typing import Any, Iterable

from ..scan import Later, LaterRegexes

WORD = re.compile(r"[a-z0-9$%][a-z0-9'’-]*")
_CONTRACTION = re.compile(r"'(?:ll|re|ve|d|m)$")


def _trie(words: list[str], flexible_spaces: bool = True) -> str:
    """A regex matching exactly ``words``, factored by shared prefixes (fast on long lists).

    "s(?:ix(?:ty)?|even)" for six, sixty, seven: where a word ends and longer ones go on,
    the rest is an optional greedy group, so at one position the longest word is tried
    first, as in an alternation sorted longest first; a trie fails at a position after
    one character test instead of one per word.  With ``flexible_spaces`` a space in a
    word matches any run of whitespace.
    """
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    escaped = _ESCAPED

    def piece(ch: str) -> str:
        if ch == " " and flexible_spaces:
            return r"\s+"
        got = escaped.get(ch)
        if got is None:
            got = escaped[ch] = re.escape(ch)
        return got

    def emit(node: dict) -> str:
        # A run of nodes with one character after them and no word ending there is that
        # run of characters (read in a loop: most nodes of a word list are such).
        chain = []
        while len(node) == 1 and "" not in node:
            ((ch, node),) = node.items()
            chain.append(piece(ch))
        end = "" in node
        keys = sorted(k for k in node if k)
        if not keys:
            return "".join(chain)
        alts = [piece(ch) + emit(node[ch]) for ch in keys]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            # Longer matches first: the optional tail is greedy.
            body = "(?:" + body + ")?"
        return "".join(chain) + body

    return emit(tree)


_ESCAPED: dict[str, str] = {}  # re.escape of one character, for _trie


def phrases(items: Iterable[str]) -> str:
    """A regex alternation of phrases on word boundaries (longest match preferred)."""
    items = sorted({re.sub(r"\s+", " ", i.lower().strip()) for i in items if i and i.strip()})
    if not items:
        return r"(?!x)x"
    return r"(?<![\w-])(?:" + _trie(items) + r")(?![\w-])"


def rx(items: Iterable[str]) -> re.Pattern:
    return re.compile(phrases(items))


RUN = re.compile(r"[a-z0-9]+")  # SentView.words: the runs of letters and digits


def needed_words(items: Iterable[str], avoid: Iterable[str] = ()) -> frozenset:
    """Runs of letters and digits (see RUN) one of which every match of ``phrases(items)`` holds whole.

    A match is its phrase's words with word boundaries at both ends, so each run of the
    phrase is a whole run of the text there.  One run per phrase is enough (its longest,
    preferring runs not in ``avoid``; none when the phrase holds a run already picked).
    Testing a sentence's set of runs against these is far cheaper than a regex scan, so
    it runs first and the regex only on the few sentences that pass.
    """
    avoid = set(avoid)
    picked: set[str] = set()
    for runs in sorted((RUN.findall(i.lower()) for i in items), key=len):
        if not runs:
            return frozenset()  # a phrase without letters or digits: no cheap test
        if picked.isdisjoint(runs):
            picked.add(max(runs, key=lambda w: (w not in avoid, len(w))))
    return frozenset(picked)


class Guarded:
    """A compiled pattern behind a test for the runs every match holds (see needed_words)."""

    __slots__ = ("rx", "runs")

    def __init__(self, rx: re.Pattern, runs: frozenset):
        self.rx = rx
        self.runs = runs

    def hit(self, low: str, words: frozenset) -> bool:
        """Does ``rx`` match ``low``, whose runs are ``words``?"""
        if self.runs and self.runs.isdisjoint(words):
            return False
        return self.rx.search(low) is not None


def share(spec: str) -> tuple[float, float]:
    lo, hi = spec.split()
    return float(lo), float(hi)


class Lexicon(LaterRegexes):
    """Everything tunable, as regexes and sets.

    The regexes that ~4 in 5 articles never search (on the bench corpus) are compiled on
    first use (``LaterRegexes``): exception, time and year cues, hedges, continue verbs, the
    per-activity patterns, free, suitable, unsuitable and payer words.
    """

    exception = Later()
    time = Later()
    year = Later()
    hedge = Later()
    continue_verbs = Later()
    activities = Later()
    suitable = Later()
    unsuitable = Later()
    free = Later()
    payer_any = Later()

    def __init__(self, options: dict[str, Any], cues: dict[str, Any], closed_class: set[str],
                 lemmas: dict[str, str] | None):
        o = options
        self.o = o
        self.lemmas = lemmas or {}
        self._norms: dict[str, str] = {}
        self._word_entries: dict[str, tuple] = {}  # content()'s memo per word
        self.synonyms = {k.lower(): v.lower() for k, v in o["synonyms"].items()}
        self.treatment_heads = {w.lower() for w in o["treatment_heads"]}
        self.person_words = {w.lower() for w in o["person_words"]}
        self.unit_nouns: set[str] = set()
        negators = [n.lower() for n in cues.get("negators", [])] or ["not", "no", "never", "n't"]
        self.stop = ({w.lower() for w in o["stopwords"]} | closed_class | set(negators)
                     | {"n't", "'s", "’s", "isn't", "aren't", "don't", "doesn't", "won't", "can't"})
        self.negator = re.compile(
            r"(?<![\w-])(?:not|never|no|cannot|can't|won't|isn't|aren't|don't|doesn't|didn't|wasn't|"
            r"weren't|shouldn't|mustn't|neither|nor)(?![\w-])|n't\b"
        )
        self.reported = rx(o["reported_cues"])
        self.reported_guard = Guarded(self.reported, needed_words(o["reported_cues"], self.stop))
        self.later("exception", phrases(o["exception_cues"]))
        self.later("time", phrases(o["time_cues"]))
        self.later("year", r"\b(?:in|since|by|until|before|after)\s+(?:19|20)\d\d\b")
        self.later("hedge", phrases(o["hedge_words"]))
        self.clause_break = re.compile(r"[,;:()\u2013\u2014]|" + phrases(o["clause_breaks"]))
        self.later("continue_verbs", phrases(o["continue_verbs"]))
        self.stop_verbs = {w.lower() for w in o["stop_verbs"]}
        self.enable_verbs = phrases(o["enable_verbs"])
        self.keep_or_stop = phrases(list(o["continue_verbs"]) + list(o["stop_verbs"]))
        activities = {k: phrases(v) for k, v in o["activities"].items()}
        self.later_value("activities", lambda: {k: re.compile(p) for k, p in activities.items()})
        self.activity_any = rx([p for v in o["activities"].values() for p in v])
        self.activity_guard = Guarded(self.activity_any, needed_words([p for v in o["activities"].values() for p in v],
                                                                      self.stop))
        self.later("suitable", phrases(o["suitable_words"]))
        self.later("unsuitable", phrases(o["unsuitable_words"]))
        self.need_words = phrases(o["need_words"])
        self.measure_verbs = {k: phrases(v) for k, v in o["measure_verbs"].items()}
        self.needless_nouns = [w.lower() for w in o["needless_nouns"]]
        self.polar = {
            frame: (rx(lists["positive"]), rx(lists["negative"]))
            for frame, lists in o["polar_words"].items()
        }
        # the runs each polar list needs (needed_words): a list none of whose runs is in the
        # sentence is not scanned
        self.polar_runs = {
            frame: (needed_words(lists["positive"], self.stop), needed_words(lists["negative"], self.stop))
            for frame, lists in o["polar_words"].items()
        }
        polar_words = [w for lists in o["polar_words"].values() for v in lists.values() for w in v]
        self.polar_any = rx(polar_words)
        self.polar_guard = Guarded(self.polar_any, needed_words(polar_words, self.stop))
        self.later("free", phrases(o["free_words"]))
        self.free_runs = needed_words(o["free_words"], self.stop)
        self.coverage_verbs = rx(o["coverage_verbs"])
        self.coverage_guard = Guarded(self.coverage_verbs, needed_words(o["coverage_verbs"], self.stop))
        self.payers = {k: rx(v) for k, v in o["payers"].items()}
        self.later("payer_any", phrases([w for v in o["payers"].values() for w in v]))
        self.quantifiers = {k.lower(): share(v) for k, v in o["quantifiers"].items()}
        self.quantifier = rx(self.quantifiers)
        self.quantifier_guard = Guarded(self.quantifier, needed_words(self.quantifiers, self.stop))
        self.units = {}
        for word, spec in o["units"].items():
            measure, factor = spec.split()
            self.units[word.lower()] = (measure, float(factor))
        self.number_words = {k.lower(): float(v) for k, v in o["number_words"].items()}
        self.bound = rx(o["bound_words"])
        self.approx = rx(o["approx_words"])
        self.common_verbs = {w.lower() for w in o["common_verbs"]}
        self.unit_nouns = {self.norm(w) for w in o["unit_nouns"]} | {w.lower() for w in o["unit_nouns"]}

    # -- words -------------------------------------------------------------
    def norm(self, word: str) -> str:
        """The word's normal form (lemma, synonym); memoised: it depends on the word alone."""
        memo = self._norms
        got = memo.get(word)
        if got is None:
            if len(memo) > 200_000:
                memo.clear()
            got = memo[word] = self._norm(word)
        return got

    def _norm(self, word: str) -> str:
        w = word.lower().replace("’", "'")
        if w.endswith("'s"):
            w = w[:-2]
        if "'" in w:
            w = _CONTRACTION.sub("", w)
        w = self.synonyms.get(w, w)
        lemma = self.lemmas.get(w)
        if lemma:
            return lemma
        if len(w) > 4 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
            w = w[:-1]
            return self.lemmas.get(w) or w
        return w

    def content(self, text: str, drop: Iterable[str] = ()) -> frozenset:
        """Normalised content words of ``text`` (synonyms expanded, stopwords dropped).

        What each word gives is memoised (_word_entry): the same words recur in every document.
        """
        return self._content(text, drop)

    def _content(self, text: str, drop: Iterable[str]) -> frozenset:
        if not isinstance(drop, (set, frozenset, tuple)):
            drop = set(drop)
        out = set()
        entries = self._word_entries
        for raw in WORD.findall(text.lower()):
            e = entries.get(raw)
            if e is None:
                if len(entries) > 200_000:
                    entries.clear()
                e = entries[raw] = self._word_entry(raw)
            if not e:
                continue
            w, norms = e
            if w in drop:
                continue
            if norms[0] is None:  # a plain word: its normal form, unless dropped
                n = norms[1]
                if n not in drop:
                    out.add(n)
            else:  # a synonym of several words: all of them
                out.update(norms)
        return frozenset(out)

    def _word_entry(self, raw: str) -> tuple:
        """What content() makes of one WORD match (memoised): () when it gives nothing
        whatever is dropped, else (the word, (None, normal form)) or, for a synonym of several
        words, (the word, their normal forms)."""
        w = raw.strip("'’-")
        if not w or w in self.stop:
            return ()
        syn = self.synonyms.get(w)
        if syn and " " in syn:
            norms = tuple(self.norm(x) for x in syn.split() if x not in self.stop)
            return (w, norms) if norms else ()
        n = self.norm(w)
        if n and n not in self.stop:
            return (w, (None, n))
        return ()
