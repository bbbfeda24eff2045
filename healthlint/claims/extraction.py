"""Frames: what turns a sentence into claims.

Each frame finds its trigger words in a sentence (word lists from
``rules.yaml``), finds the subject before them (:mod:`.subjects`), reads
polarity from the negation in the trigger's own clause (:mod:`.scope`), and
returns :class:`~.model.Claim` records:

* suitability: "lets you keep working" (+) / "not suitable for people who
  need to keep working" (-); the predicate is the activity (work, home...);
* recommendation: "recommended for X" / "not recommended for X";
* requirement: "you must / need to X" / "you do not need to X", "without a
  prescription"; prohibitions ("must not") are not requirements and are skipped;
* coverage: "most plans cover X" / "insurance rarely covers X", with the payer
  and the share of cases;
* affordability, effectiveness, safety: antonym pairs on the same subject
  ("affordable" / "expensive", "effective" / "does not work", "safe" / "risky");
* frequency: "most / few / no one / always / never / X is rare" with the share
  of cases each claims;
* quantity: duration, frequency, cost (and "free"), dose, percentage, age of
  the same subject, in base units.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from .lexicon import WORD
from .model import Claim
from .quantities import AMOUNT, Quantity
from .scope import _SPACES, parsed_negation
from .subjects import parsed_subject

if TYPE_CHECKING:
    from .lexicon import Lexicon
    from .quantities import QuantityParser
    from .scope import SentView
    from .subjects import Resolver

READER = frozenset({"<reader>"})

_COPULA = (r"(?:is|are|was|were|be|remains?|seems?|appears?|becomes?|has\s+been|have\s+been|"
           r"(?:can|may|might|could|will|would|should)(?:\s+not)?\s+be|isn't|aren't|wasn't|weren't)")
_ADVS = (r"(?:\s+(?:not|usually|generally|typically|very|quite|often|always|also|still|highly|extremely|completely|"
         r"relatively|fairly|really|no\s+longer|never|rarely|sometimes|considered|thought\s+to\s+be|known\s+to\s+be|"
         r"found\s+to\s+be|proven\s+to\s+be|an?|the|both|equally|just|totally|entirely|perfectly|so))*")
_COPULA_END = re.compile(rf"\b{_COPULA}{_ADVS}\s*$")
_COPULA_WORD = re.compile(rf"\b{_COPULA}\b")
_PASSIVE_END = re.compile(rf"\b{_COPULA}{_ADVS}(?:\s+(?:rarely|seldom|usually|often|generally|typically|always|"
                          rf"sometimes|never|not|also|now))*\s*$")
_SHOULD_NOT_CHOOSE = re.compile(r"\b(?:should|must)\s+(?:not|never)\s+(?:choose|use|join|try|attend|consider|enrol|"
                                r"enroll|start|pick|sign\s+up\s+for)\s+")
_VERB_AUX_END = re.compile(
                           r"(?:\s+(?:does\s+not|do\s+not|did\s+not|doesn't|don't|didn't|can|cannot|can't|may|might|could|will|won't|"
                           r"usually|often|generally|also|really|typically|always|never|rarely|sometimes|seldom|not))*\s*$"
)
_OPENER_WORDS = (r"(?:in\s+fact|however|but|and|also|overall|still|so|yet|instead|in\s+general|"
                 r"in\s+addition|for\s+example|as\s+a\s+result|fortunately|unfortunately)")
_OPENERS = re.compile(rf"^\s*(?:{_OPENER_WORDS}\s+)+")
_PREP_START = re.compile(r"^\s*(?:for|against|in|with|to|during|when|among|after|before|as|on)\b")
_CLASS_NOUNS = {"medicine", "medication", "drug", "procedure", "treatment", "option", "way", "choice", "thing",
                "method", "therapy", "approach", "test", "program", "service", "product", "intervention", "idea",
                "place", "activity", "exercise"}
_GERUND = re.compile(r"^(?:taking|using|giving|having|doing|drinking|getting|combining|mixing|starting|stopping|trying)\s+")
_UNIVERSAL = re.compile(r"\b(?:everyone|everybody|all|always|every|each)\b")
_PEOPLE_Q = re.compile(r"^\s*(?:most|many|some|few|all|several|a\s+few|no)\b")
# Frame guards and frequency patterns, compiled once (they run on most sentences).
_REQ_GUARD = re.compile(r"\b(?:must|need|needs|needed|have\s+to|has\s+to|required?|requires|necessary|should|without)\b")
# The quantity guard, re.search(r"\d|\$|percent|free|no cost|hour|minute|week|month|once|twice"),
# as a digit search and substring tests: the same answer in about half the time (an
# alternation of literals is tried position by position).
_DIGIT = re.compile(r"\d")
_QTY_GUARD_WORDS = ("$", "percent", "free", "no cost", "hour", "minute", "week", "month", "once", "twice")


def _quantity_guard(low: str) -> bool:
    return _DIGIT.search(low) is not None or any(map(low.__contains__, _QTY_GUARD_WORDS))
_FREQ_Q = re.compile(r"\s*(?P<q>everyone|every|all|almost\s+all|nearly\s+all|the\s+vast\s+majority\s+of|most|"
                     r"the\s+majority\s+of|many|few|very\s+few|no\s+one|nobody|none|no)\b(?:\s+of\s+(?:the|these|those|them))?")
_FREQ_NOT_Q = re.compile(r"\s*(?:a\s+few|no\s+longer|no\s+matter)")
_FREQ_RARE = re.compile(r"\b(?P<w>common|rare|uncommon)\b(?=\s*(?:[.,;]|$|\s+(?:in|among|for|after|during|with)\b))")
_FREQ_ADV = re.compile(r"\b(?P<w>always|never|rarely|seldom|almost\s+always)\s+(?=[a-z])")
# Patterns the frames below use, compiled once (named by what they find; "_END": at the end of
# the text searched, "_START": at its start).
_RECOMMENDED_FOR = re.compile(r"\brecommended\s+for\s+")
_RECOMMENDS_SOMETHING_FOR = re.compile(r"\b(?P<neg>(?:do|does)\s+not\s+|don't\s+|doesn't\s+|never\s+)?recommends?\s+"
                                       r"(?P<obj>(?:the|this|that|an?|our|their)\s+[\w\s-]{1,40}?)\s+for\s+")
_TIME_PREPOSITION_END = re.compile(r"\b(?:during|after|before)\s+(?:the\s+|your\s+|their\s+)?$")
_WHO_WANTS_END = re.compile(r"\b(?:who|that)\s+(?:\w+\s+){0,2}?(?:need|needs|must|have|has|want|wants|wish|wishes|"
                            r"plan|plans|hope|hopes|would\s+like|intend|intends|expect|expects)\b[\w\s]*$")
_SUBORDINATOR_END = re.compile(r"\b(?:who|which|that|if|when|whether)\s*$")
_RELATIVE_OR_IF = re.compile(r"\b(?:who|which|that|if)\b")
_SUBORDINATOR_OR_UNLESS_END = re.compile(r"\b(?:who|which|that|if|when|whether|unless)\s*$")
_ALWAYS = re.compile(r"\balways\b")
_PARTIAL_OR_MODAL = re.compile(r"\b(?:partly|partially|fully|some\s+of|part\s+of|may|might|can|could)\b")
_PARTIAL = re.compile(r"\b(?:partly|partially|part\s+of)\b")
_MAY_OR_CAN = re.compile(r"\b(?:may|might|could|can)\b")
_REQUIREMENT_HEDGE = re.compile(r"\b(?:may|might|could|usually|often|sometimes|generally|typically|not\s+always)\b")
_LEADING_DETERMINER = re.compile(r"^\s*(?:an?|the|your|this)\s+")
_BY_PAYER = re.compile(r"\s+by\s+([^,;.]{1,60})")
_FREQUENCY_ADVERB = re.compile(r"\b(?:always|never|rarely|seldom|usually|often)\b")
_NEGATOR_OR_CLAUSE_WORD = re.compile(r"\b(?:not|n't|who|which|that|if|when)\b")
_ADVICE_WORD = re.compile(r"\b(?:should|must|do|does|don't|please)\b")
_YOU_OR_WE_START = re.compile(r"\s*(?:you|we)\b")
_PRONOUN_ONLY = re.compile(r"^\s*(?:it|this|that|there|they|you|we|i)\s*$")
_OF_FOR_TO_PER_START = re.compile(r"\s+(?:of|for|to|per)\b")
_OBLIGATION_END = re.compile(r"\b(?:must|need\s+to|needs\s+to|have\s+to|has\s+to|will\s+need\s+to|will\s+have\s+to|"
                             r"required\s+to)\s+(?:\w+\s+)?$")
_OBJECT_BREAK = re.compile(r"\s(?:after|for|if|when|in|at|during|up|as|because|unless|with|once|only)\s")
_NOT_ONLY_END = re.compile(r"\bnot\s+(?:only|just)\s*$")
_CHANGE_WORD = re.compile(r"\b(?:than|increase|decrease|reduce|rise|fall|drop|higher|lower)\b")
_DOSE_WORD = re.compile(r"\bdoses?\b")
_THAN_START = re.compile(r"\s*than\b")
_OF_START = re.compile(r"\s+of\s+")
_PEOPLE_NOUN_START = re.compile(r"\s+(?:people|patients|adults|children|cases|women|men|babies|infants|newborns)\b")
# what follows a "%" or "percent" that quantity() can use (its _OF_START or _PEOPLE_NOUN_START)
_PERCENT_TAIL = re.compile(rf"(?:%|percent)(?:{_OF_START.pattern}|{_PEOPLE_NOUN_START.pattern})")
_DEGREE_WORD_END = re.compile(r"\b(?:more|less|as|most|least|so|how|too)\s+$")
_HELPS_SOMEONE_START = re.compile(r"\s*(?:you|people|patients|them|us|him|her|to\s+"
                                  r"(?!treat|prevent|relieve|reduce|control|manage|ease))\b")
_POLAR_HEDGE = re.compile(r"\b(?:may|might|could|can|sometimes|possibly|potentially|some)\b")
_SOME_PEOPLE = re.compile(r"\b(?:for\s+some|in\s+some|some\s+people|certain)\b")
_MAY = re.compile(r"\b(?:may|might|could)\b")
# The frequency frame does something only when (a) a quantifier opens the sentence or the
# clause after a "," ";" ":" (main_clause_start), (b) _FREQ_RARE or (c) _FREQ_ADV matches.
# These tests are supersets of the three (whole runs of letters as in lexicon.needed_words,
# shorter patterns, no look-ahead), so a sentence that fails them gives no claim and makes
# no subject look-up (whose cache later claims read).
_FREQ_Q_WORDS = r"(?:every|all|almost|nearly|the|most|many|few|very|no)"
_FREQ_Q_RUNS = frozenset({"everyone", "every", "all", "almost", "nearly", "majority", "most", "many", "few", "very",
                          "no", "nobody", "none"})
_FREQ_AT_START = re.compile(rf"\s*(?:{_OPENER_WORDS}\s+)*{_FREQ_Q_WORDS}")
_FREQ_AFTER_BREAK = re.compile(rf"[,;:]\s*(?:{_OPENER_WORDS}\s+)*{_FREQ_Q_WORDS}")
_RARE_RUNS = frozenset({"common", "rare", "uncommon"})  # the runs a _FREQ_RARE match can be
_ADV_RUNS = frozenset({"always", "never", "rarely", "seldom"})  # one of them is in every _FREQ_ADV match
_FREQ_RARE_ADV_RUNS = frozenset({"common", "rare", "uncommon", "always", "never", "rarely", "seldom"})
# every _REQ_NEG_VP match holds one of these as a whole run ("need to", "have to", "require ")
_REQ_NEG_RUNS = frozenset({"need", "have", "required", "necessary", "require"})
_REQ_RUNS = frozenset({"must", "need", "needs", "needed", "have", "has", "require", "required", "requires", "necessary",
                       "should", "without"})


def _frequency_possible(low: str, words: frozenset) -> bool:
    if not _FREQ_RARE_ADV_RUNS.isdisjoint(words):
        return True
    return not _FREQ_Q_RUNS.isdisjoint(words) and bool(_FREQ_AT_START.match(low) or _FREQ_AFTER_BREAK.search(low))

def _patterns(lex: "Lexicon") -> tuple:
    req_pos_vp = re.compile(
        lex.need_words + r"\s+(?!not\b|never\b|n't|be\s+(?:careful|aware|avoided)|also\s+not)")
    adv = r"(?:(?:usually|typically|generally|often|normally|only|will|can|may|should|might|now|is|are)\s+)?"
    amount = AMOUNT + "$"
    verb_before = {k: re.compile(r"\s+" + adv + "(?P<v>" + v + ")" + amount)
                   for k, v in lex.measure_verbs.items()}
    free = re.compile(r"\b(?:is|are)\s+(?:always\s+|completely\s+|totally\s+|also\s+|usually\s+)?(?:"
                      + lex.source("free") + r")(?=\s*(?:[.,;!]|$|\s+to\s|\s+for\s+(?:everyone|all|anyone)\b))")
    nouns = "|".join(re.escape(n) for n in lex.needless_nouns)
    needless = re.compile(rf"\b(?:without\s+(?:an?\s+|the\s+)?(?P<a>{nouns})|no\s+(?P<b>{nouns})\s+(?:is\s+)?"
                          rf"(?:needed|required|necessary))\b") if nouns else None
    # Every guard of _frame_names but "recommend" and quantity first tests a set of runs one of
    # which the sentence must hold: their union, tested once, rules out all of them at a time
    # (None when some guard has no such set).
    guard_runs = (lex.activity_guard.runs, _REQ_RUNS, lex.coverage_guard.runs, lex.polar_guard.runs,
                  _FREQ_RARE_ADV_RUNS | _FREQ_Q_RUNS)
    any_runs = frozenset().union(*guard_runs) if all(guard_runs) else None
    # the patterns frames built per call from the lexicon (the same patterns, compiled once)
    heads = "|".join(re.escape(h) for h in sorted(lex.treatment_heads, key=len, reverse=True))
    treatment_head = re.compile(rf"\b((?:[a-z][\w-]*\s+){{0,3}}?)(?:{heads})s?\b")
    suitability_cue = re.compile(lex.source("suitable") + "|" + lex.source("unsuitable") + r"|\brecommended\b")
    keep_or_enable_end = re.compile(rf"({lex.keep_or_stop}|{lex.enable_verbs}\s+[a-z']+(?:\s+to)?)\s+(?:to\s+)?"
                                    rf"(?:[a-z]+\s+)?$")
    payer_end = re.compile(rf"(?P<q>(?:most|many|some|all|few|very\s+few|no|the\s+majority\s+of)\s+)?"
                           rf"(?P<p>{lex.source('payer_any')})(?P<adv>(?:\s+(?:do\s+not|does\s+not|don't|doesn't|"
                           rf"won't|will\s+not|usually|often|rarely|seldom|always|generally|typically|sometimes|"
                           rf"also|will|may|might|can|now|still|never|not))*)\s*$")
    return (req_pos_vp, verb_before, free, needless, any_runs, treatment_head, suitability_cue, keep_or_enable_end,
            payer_end)


class Extractor:
    def __init__(self, lex: "Lexicon", quantities: "QuantityParser", resolver: "Resolver"):
        self.lex = lex
        self.qp = quantities
        self.res = resolver
        # (an Extractor is made per document; its patterns depend only on the lexicon: built once)
        patterns = lex.__dict__.get("_extractor_patterns")
        if patterns is None:
            patterns = lex.__dict__["_extractor_patterns"] = _patterns(lex)
        (self._REQ_POS_VP, self._VERB_BEFORE, self._FREE, self._NEEDLESS, self._GUARD_RUNS, self._TREATMENT_HEAD,
         self._SUITABILITY_CUE, self._KEEP_OR_ENABLE_END, self._PAYER_END) = patterns

    # -- helpers -------------------------------------------------------------
    def subject(self, sv: "SentView", lo: int, hi: int) -> tuple[frozenset, bool, int]:
        """Resolved subject of the phrase ``low[lo:hi]`` (the words before a claim's verb)."""
        parsed = parsed_subject(sv, hi)
        if parsed is not None:
            k = sv.low.find(parsed.lower(), lo)
            if k != -1:
                lo, hi = k, k + len(parsed)
        phrase = sv.low[lo:hi]
        m = _OPENERS.match(phrase)
        if m:
            lo += m.end()
            phrase = phrase[m.end():]
        phrase = _GERUND.sub("", phrase.strip())
        phrase = self.res.cut_at_verb(phrase)
        words, resolved = self.res.resolve(sv, phrase, lo)
        return words, resolved, lo

    def treatment_subject(self, sv: "SentView", lo: int, hi: int) -> tuple[frozenset, bool, int]:
        """For claims about what a treatment lets people do: the treatment, not the people."""
        words, resolved, start = self.subject(sv, lo, hi)
        if words and not self.res.is_person(words):
            return words, resolved, start
        for m in self._TREATMENT_HEAD.finditer(sv.low):
            if _TIME_PREPOSITION_END.search(sv.low[max(0, m.start() - 14):m.start()]):
                continue
            # the modifiers right before the head, back to the first function word
            mods: list[str] = []
            for w in reversed(m.group(1).split()):
                if w in ("the", "this", "that", "these", "such", "our", "your", "their"):
                    mods.insert(0, w)
                    break
                if w in self.lex.stop or w in self.lex.person_words or w in self.lex.common_verbs:
                    break
                mods.insert(0, w)
            phrase = " ".join(mods + [sv.low[m.end(1):m.end()]])
            w, r = self.res.resolve(sv, phrase, m.start())
            if w and not self.res.is_person(w):
                return w, r, start
        prev = self.res.recent_thing(sv.index, back=3)
        return (prev, True, start) if prev else (frozenset(), True, start)

    def negated(self, sv: "SentView", at: int, lo: int, hi: int | None = None) -> bool:
        """Is the claim word at ``at`` negated?  The parse decides when there is one, else
        a negator between ``lo`` and ``hi`` (default ``at``) in the same clause."""
        parsed = parsed_negation(sv, at)
        if parsed is not None:
            return parsed
        return bool(self.lex.negator.search(sv.low[lo:at if hi is None else hi]))

    def claim(self, sv: "SentView", frame: str, predicate: str, subject: frozenset, scope: frozenset,
              lo: int, hi: int, keys: tuple | None = None, **kw) -> Claim:
        """A claim of ``sv`` over ``low[lo:hi]``; its bucket keys are (frame, predicate, subject word)
        unless ``keys`` are given.  (The sentence's exception and time frames are read from ``sv``
        only when the claim is compared.)"""
        start, end = sv.offsets(lo, hi)
        if keys is None:
            words = sorted(subject) or [""]
            keys = tuple([(frame, predicate, w) for w in words[:6]])
        return Claim(frame, predicate, subject, scope, sv.index, start, end, keys=keys, view=sv, **kw)

    def target(self, sv: "SentView", pos: int) -> tuple[frozenset, int]:
        end = sv.hard_end(pos)
        return self.lex.content(sv.low[pos:end]), end

    # -- the frames ------------------------------------------------------------
    def extract(self, sv: "SentView", check_asserts: bool = False) -> list[Claim]:
        """The claims of one sentence: each frame runs only when its guard finds its words.

        Guards test for the words a match needs (``in``) before scanning with a regex; a
        frame whose guard passes but that has nothing to do is skipped by a cheaper test
        first (frequency, quantity), which changes nothing: that frame would have returned
        without a claim or a subject look-up.  The guards read only the sentence, so they
        are all tested before any frame runs; with ``check_asserts``, a sentence that
        asserts nothing (``sv.asserts``, tested only when some guard passes) gives nothing.
        """
        names = self.frame_names(sv)
        if not names or (check_asserts and not sv.asserts):
            return []
        out: list[Claim] = []
        for name in names:
            out.extend(getattr(self, name)(sv))
        return out

    def frame_names(self, sv: "SentView") -> tuple[str, ...]:
        """The frames whose guards pass on ``sv`` (kept on the view)."""
        names = sv.__dict__.get("frame_names")
        if names is None:
            names = sv.__dict__["frame_names"] = self._frame_names(sv)
        return names

    def reads(self, sv: "SentView") -> bool:
        """Does some frame read ``sv``: a guard passes and the sentence asserts something?
        (``extract(sv, check_asserts=True)`` is empty otherwise; the answer depends on the
        text alone.)"""
        return bool(self.frame_names(sv)) and sv.asserts

    def _frame_names(self, sv: "SentView") -> tuple[str, ...]:
        """The frames whose guards pass on ``sv``: they depend on its text alone, so the answer is
        kept on the view and handed to later sentences with the same text (SentView.entry)."""
        d = sv.__dict__
        names, ok = self.names_of(sv.low, sv.words, d.get("parse_ok"))
        if ok is not None:
            d["parse_ok"] = ok  # (_parse_ok's answer, asked by the quantity guard)
        return names

    def names_of(self, low: str, words: frozenset, parse_ok: bool | None = None) -> tuple[tuple[str, ...], bool | None]:
        """The frames whose guards pass on a sentence whose SentView.low is ``low`` and whose runs
        are ``words`` (SentView.words), and the parse gate's answer (_parse_ok) when the quantity
        guard asked it (else ``parse_ok``, its answer if known).  No view is needed: a sentence
        no frame reads is ruled out without building one (Contradiction.claims)."""
        lex = self.lex
        frames = []
        any_runs = self._GUARD_RUNS
        # (when the sentence holds none of their runs, no word guard can pass: skip them all)
        word_guards = any_runs is None or not any_runs.isdisjoint(words)
        if word_guards and lex.activity_guard.hit(low, words):
            frames.append("suitability")
        if "recommend" in low:
            frames.append("recommendation")
        if word_guards:
            if not _REQ_RUNS.isdisjoint(words) and _REQ_GUARD.search(low):
                frames.append("requirement")
            if lex.coverage_guard.hit(low, words):
                frames.append("coverage")
            if lex.polar_guard.hit(low, words):
                frames.append("polar")
            if _frequency_possible(low, words) and lex.quantifier_guard.hit(low, words):
                frames.append("frequency")
        if _quantity_guard(low):
            possible, parse_ok = self._quantity_possible(low, words, parse_ok)
            if possible:
                frames.append("quantity")
        return tuple(frames), parse_ok

    def _parse_ok(self, sv: "SentView") -> bool:
        """Can a quantity in ``sv`` make a claim (QuantityParser.may_claim)?  Kept on the view.

        A share ("10%", "ten percent") makes a claim only when "of ..." or a people noun
        follows it (quantity()), so a "%" or "percent" followed by neither admits nothing
        (_PERCENT_TAIL, a superset of those two tests: a match of the percent patterns ends
        in "%" or "percent", and "1 in 10" shares pass the share gate)."""
        ok = sv.__dict__.get("parse_ok")
        if ok is None:
            ok = sv.__dict__["parse_ok"] = self._parse_gate(sv.low, sv.words)
        return ok

    def _parse_gate(self, low: str, words: frozenset) -> bool:
        """_parse_ok's answer for a sentence whose low is ``low`` and whose runs are ``words``."""
        return bool(self.qp.may_claim(low, _PERCENT_TAIL, words) and self.qp.may_parse(low))

    def _quantities(self, sv: "SentView") -> list:
        """QuantityParser.parse of ``sv.low`` (kept on the view: it depends on the text alone)."""
        got = sv.__dict__.get("quantities")
        if got is None:
            got = sv.__dict__["quantities"] = self.qp.parse(sv.low, sv.words)
        return got

    def _quantity_possible(self, low: str, words: frozenset, parse_ok: bool | None) -> tuple[bool, bool]:
        """Does quantity() do something (a parsed quantity or a "free": its two loops)?  And the
        parse gate's answer (``parse_ok`` if known, else asked here)."""
        if parse_ok is None:
            parse_ok = self._parse_gate(low, words)
        if parse_ok:  # (may_claim is the one that is usually False)
            return True, parse_ok
        free = self.lex.free_runs
        return bool((not free or not free.isdisjoint(words)) and self._FREE.search(low)), parse_ok

    # suitability ------------------------------------------------------------
    def suitability(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        done = set()
        for m in lex.activity_any.finditer(low):
            a, b = m.start(), m.end()
            act = next((k for k, r in lex.activities.items() if r.fullmatch(m.group())), None)
            if act is None or act in done:
                continue
            mcs = sv.main_clause_start(a)
            near = low[max(0, a - 70):a]
            rel = _WHO_WANTS_END.search(near)
            if rel:
                rel_at = max(0, a - 70) + rel.start()
                before = low[:rel_at]
                cue = None
                for c in self._SUITABILITY_CUE.finditer(before):
                    cue = c
                if cue is not None:
                    cs = sv.main_clause_start(cue.start())
                    polarity = -1 if (lex.unsuitable.fullmatch(cue.group()) or
                                      lex.negator.search(low[cs:cue.start()])) else 1
                    cop = _COPULA_WORD.search(low[cs:cue.start()])
                    subj_hi = cs + cop.start() if cop else cue.start()
                    subj, resolved, s0 = self.treatment_subject(sv, cs, subj_hi)
                    if subj:
                        done.add(act)
                        yield self.claim(sv, "suitability", act, subj, subj, s0, sv.hard_end(b),
                                         polarity=polarity, subject_resolved=resolved)
                    continue
                after = _SHOULD_NOT_CHOOSE.search(low, b)
                if after:
                    end = sv.hard_end(after.end())
                    subj, resolved = self.res.resolve(sv, low[after.end():end], after.end())
                    if subj:
                        done.add(act)
                        yield self.claim(sv, "suitability", act, subj, subj, mcs, end, polarity=-1,
                                         subject_resolved=resolved)
                continue
            cv = self._KEEP_OR_ENABLE_END.search(low[max(0, a - 40):a])
            if not cv:
                continue
            v_at = max(0, a - 40) + cv.start()
            cs = sv.clause_start(v_at)
            if _SUBORDINATOR_END.search(low[max(0, cs - 9):cs]):
                continue  # inside a relative or conditional clause
            stop = _SPACES.sub(" ", cv.group(1)) in lex.stop_verbs
            if stop:
                if not _OBLIGATION_END.search(low[max(0, v_at - 30):v_at]):
                    continue
                polarity = -1
            else:
                polarity = -1 if self.negated(sv, v_at, cs) else 1
            mcs = sv.main_clause_start(v_at)
            subj, resolved, s0 = self.treatment_subject(sv, mcs, v_at)
            if not subj:
                continue
            done.add(act)
            yield self.claim(sv, "suitability", act, subj, subj, s0, sv.hard_end(b), polarity=polarity,
                             subject_resolved=resolved)

    # recommendation ---------------------------------------------------------
    def recommendation(self, sv: "SentView") -> Iterator[Claim]:
        low = sv.low
        for m in _RECOMMENDED_FOR.finditer(low):
            if _RELATIVE_OR_IF.search(low[sv.main_clause_start(m.start()):m.start()]):
                continue
            cs = sv.main_clause_start(m.start())
            cop = _COPULA_END.search(low[cs:m.start()])
            if not cop:
                continue
            subj, resolved, s0 = self.subject(sv, cs, cs + cop.start())
            if not subj or self.res.is_person(subj):
                continue
            tgt, end = self.target(sv, m.end())
            pol = -1 if self.negated(sv, m.start(), cs + cop.start()) else 1
            yield self.claim(sv, "recommendation", "recommended", subj, subj | tgt, s0, end, polarity=pol,
                             subject_resolved=resolved, hedged=sv.hedged(cs, m.start()))
        for m in _RECOMMENDS_SOMETHING_FOR.finditer(low):
            subj, resolved = self.res.resolve(sv, m.group("obj"), m.start("obj"))
            if not subj or self.res.is_person(subj):
                continue
            tgt, end = self.target(sv, m.end())
            cs = sv.main_clause_start(m.start())
            yield self.claim(sv, "recommendation", "recommended", subj, subj | tgt, cs, end,
                             polarity=-1 if m.group("neg") else 1, subject_resolved=resolved,
                             hedged=sv.hedged(cs, m.start()))

    # requirement ------------------------------------------------------------
    _REQ_NEG_VP = re.compile(
        r"\b(?:(?:do|does|did|will)\s+not\s+(?:need|have)\s+to|(?:don't|doesn't|didn't|won't)\s+(?:need|have)\s+to|"
        r"(?:there\s+is\s+|there's\s+|with\s+)?no\s+need\s+to|(?:is|are)\s+not\s+(?:required|necessary)\s+to|"
        r"(?:do|does)\s+not\s+need|(?:don't|doesn't)\s+need|(?:do|does)\s+not\s+require|(?:don't|doesn't)\s+require)\s+"
    )
    _REQ_NP = re.compile(r"\b(?:is|are)\s+(?P<neg>not\s+)?(?:always\s+)?(?:required|needed|necessary)\b(?!\s+to\b)")

    def requirement(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        used: list[tuple[int, int]] = []

        def person_subject(lo, hi):
            phrase = low[lo:hi]
            m = _OPENERS.match(phrase)
            if m:
                lo += m.end()
                phrase = phrase[m.end():]
            if _PEOPLE_Q.match(phrase):
                return None, False, lo  # "most people need..." is a frequency claim
            words, resolved = self.res.resolve(sv, phrase, lo)
            if not words or self.res.is_person(words) or phrase.strip() in ("there", "it", ""):
                return READER, False, lo
            return words, resolved, lo

        def emit(pol, vp_lo, subj_hi, trig_lo):
            end = sv.hard_end(vp_lo)
            vp = low[vp_lo:end]
            scope = lex.content(vp)
            if not scope:
                return None
            head = next((lex.norm(w) for w in WORD.findall(vp) if lex.norm(w) in scope), None)
            if head is None:
                return None
            mcs = sv.main_clause_start(trig_lo)
            subj, resolved, s0 = person_subject(mcs, subj_hi)
            if subj is None:
                return None
            hedged = bool(_REQUIREMENT_HEDGE.search(low[mcs:vp_lo]))
            used.append((trig_lo, end))
            return self.claim(sv, "requirement", head, subj, (subj - READER) | scope, s0, end, polarity=pol,
                              subject_resolved=resolved, hedged=hedged, universal=bool(_UNIVERSAL.search(vp)))

        # (each scan below is skipped when the text lacks a word every match holds: the same
        # matches, fewer passes over the sentence)
        if (("not" in low or "n't" in low or ("no" in low and "need" in low))
                and not _REQ_NEG_RUNS.isdisjoint(sv.words)):
            for m in self._REQ_NEG_VP.finditer(low):
                c = emit(-1, m.end(), m.start(), m.start())
                if c:
                    yield c
        for m in self._REQ_POS_VP.finditer(low):
            if any(s <= m.start() < e for s, e in used):
                continue
            if lex.negator.search(low[max(0, m.start() - 12):m.start()]):
                continue
            cs = sv.clause_start(m.start())
            if _SUBORDINATOR_OR_UNLESS_END.search(low[max(0, cs - 9):cs]):
                continue
            c = emit(1, m.end(), m.start(), m.start())
            if c:
                yield c
        for m in (self._REQ_NP.finditer(low) if "required" in low or "needed" in low or "necessary" in low else ()):
            if any(s <= m.start() < e for s, e in used):
                continue
            cs = sv.main_clause_start(m.start())
            np = low[cs:m.start()]
            np_words = lex.content(np)
            if not np_words or _PEOPLE_Q.match(np):
                continue
            if _ALWAYS.search(m.group()):
                continue  # "not always needed" is a hedge, not a denial
            tail, end = self.target(sv, m.end())
            words = self.res.words(_LEADING_DETERMINER.sub("", np))
            head = next((lex.norm(w) for w in WORD.findall(np) if lex.norm(w) in words), None)
            if head is None:
                continue
            used.append((cs, end))
            yield self.claim(sv, "requirement", head, READER, words | tail, cs, end,
                             polarity=-1 if m.group("neg") else 1, hedged=sv.hedged(cs, m.start()))
        if self._NEEDLESS is not None and any(map(low.__contains__, lex.needless_nouns)):
            for m in self._NEEDLESS.finditer(low):
                if any(s <= m.start() < e for s, e in used):
                    continue
                noun = lex.norm(m.group("a") or m.group("b"))
                cs = sv.main_clause_start(m.start())
                yield self.claim(sv, "requirement", noun, READER, frozenset({noun}), cs, sv.hard_end(m.end()),
                                 polarity=-1, hedged=False)

    # coverage ---------------------------------------------------------------
    def _share_of(self, text: str) -> tuple[float, float] | None:
        best = None
        for m in self.lex.quantifier.finditer(text):
            best = self.lex.quantifiers.get(_SPACES.sub(" ", m.group()))
        return best

    def _payer(self, text: str) -> str | None:
        for key, r in self.lex.payers.items():
            if r.search(text):
                return key
        return None

    def coverage(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        for m in lex.coverage_verbs.finditer(low):
            cs = sv.main_clause_start(m.start())
            before = low[cs:m.start()]
            if _PARTIAL_OR_MODAL.search(before):
                hedged = True
            else:
                hedged = False
            if _PARTIAL.search(before + low[m.end():m.end() + 20]):
                continue
            passive = _PASSIVE_END.search(before)
            if m.group().startswith("covered") or m.group().startswith("paid"):
                if not passive:
                    continue
                subj, resolved, s0 = self.subject(sv, cs, cs + passive.start())
                by = _BY_PAYER.match(low[m.end():])
                payer_text = by.group(1) if by else ""
                payer = self._payer(payer_text) if by else "insurance"
                share = self._share_of(payer_text + " " + low[cs + passive.start():m.start()])
                end = sv.hard_end(m.end())
            else:
                pm = self._PAYER_END.search(before)
                if not pm:
                    continue
                payer = self._payer(pm.group("p"))
                share = self._share_of((pm.group("q") or "") + " " + (pm.group("adv") or ""))
                obj_end = sv.clause_end(m.end())
                obj = _OBJECT_BREAK.split(" " + low[m.end():obj_end] + " ")[0]
                subj, resolved = self.res.resolve(sv, obj.strip(), m.end())
                s0 = cs
                end = sv.hard_end(m.end())
            if not subj or payer is None or self.res.is_person(subj):
                continue
            if share is None:
                share = (0.95, 1.0)
            neg = self.negated(sv, m.start(), cs)
            if neg:
                share = (1.0 - share[1], 1.0 - share[0])
            yield self.claim(sv, "coverage", "cover:" + payer, subj, subj, s0, end, polarity=-1 if neg else 1,
                             share=share, subject_resolved=resolved, hedged=hedged)

    # affordability, effectiveness, safety --------------------------------------
    def polar(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        seen: set[str] = set()
        words = sv.words
        for frame, (pos_rx, neg_rx) in lex.polar.items():
            pos_runs, neg_runs = lex.polar_runs[frame]
            for sign, r, runs in ((1, pos_rx, pos_runs), (-1, neg_rx, neg_runs)):
                if runs and runs.isdisjoint(words):
                    continue  # r cannot match
                for m in r.finditer(low):
                    if (frame, m.start()) in seen:
                        continue
                    word = m.group()
                    cs = sv.main_clause_start(m.start())
                    before = low[cs:m.start()]
                    after = low[m.end():m.end() + 30]
                    if _THAN_START.match(after) or _DEGREE_WORD_END.search(before) and "too" not in word:
                        continue
                    verb_form = word.split()[0] in ("work", "works", "help", "helps")
                    if verb_form:
                        aux = _VERB_AUX_END.search(before)
                        subj_hi = cs + aux.start()
                        prev = WORD.findall(low[cs:subj_hi])
                        if not prev or prev[-1] in lex.stop and prev[-1] not in ("it", "they", "this"):
                            continue
                        if word.startswith("help") and _HELPS_SOMEONE_START.match(after):
                            continue  # "helps you find...": not an effect on a condition
                    else:
                        cop = _COPULA_END.search(before)
                        if not cop:
                            continue
                        subj_hi = cs + cop.start()
                    # "is a dangerous condition": a class, not a claim about the subject
                    nxt = WORD.findall(after)
                    if nxt and not verb_form and nxt[0] not in lex.stop and not _PREP_START.match(after) \
                            and lex.norm(nxt[0]) not in _CLASS_NOUNS and nxt[0] not in ("to",):
                        continue
                    subj, resolved, s0 = self.subject(sv, cs, subj_hi)
                    if not subj or self.res.is_person(subj):
                        continue
                    tpos = m.end()
                    if nxt and lex.norm(nxt[0]) in _CLASS_NOUNS:
                        tpos = low.find(nxt[0], m.end()) + len(nxt[0])
                    tgt, end = self.target(sv, tpos)
                    neg = self.negated(sv, m.start(), subj_hi)
                    if _NOT_ONLY_END.search(before):
                        continue
                    polarity = -sign if neg else sign
                    hedged = bool(_POLAR_HEDGE.search(low[cs:m.start()])) or bool(
                        _SOME_PEOPLE.search(low[m.end():end]))
                    seen.add((frame, m.start()))
                    yield self.claim(sv, frame, frame, subj, subj | tgt, s0, end, polarity=polarity,
                                     subject_resolved=resolved, hedged=hedged,
                                     universal=bool(_UNIVERSAL.search(low[subj_hi:end])))

    # frequency and universality --------------------------------------------------
    def frequency(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        people = lex.person_words
        mcs = sv.main_clause_start(len(low))
        # (a) a quantifier opens the main clause: "Most people with X recover"
        for start in {0, mcs}:
            seg = low[start:]
            o = _OPENERS.match(seg)
            off = start + (o.end() if o else 0)
            m = _FREQ_Q.match(low[off:])
            if not m:
                continue
            if _FREQ_NOT_Q.match(low[off:]):
                continue
            q = _SPACES.sub(" ", m.group("q"))
            share = lex.quantifiers.get(q)
            if share is None:
                continue
            rest_lo = off + m.end()
            end = sv.hard_end(rest_lo)
            rest = low[rest_lo:end]
            if lex.quantifier.search(rest) and _FREQUENCY_ADVERB.search(rest):
                continue
            if _MAY_OR_CAN.search(rest):
                hedged = True
            else:
                hedged = False
            scope = lex.content(rest, drop=people)
            if len(scope) < 2:
                continue
            if lex.negator.search(rest):
                share = (1.0 - share[1], 1.0 - share[0])
            yield self.claim(sv, "frequency", "share", scope, scope, off, end, share=share, hedged=hedged,
                             keys=(("frequency", "share", tuple(sorted(scope))),))
        # (b) "X is rare / common" (and (c) below: each match is a whole run of sv.words, so a
        # sentence without one of the words is not scanned)
        words = sv.words
        for m in (() if _RARE_RUNS.isdisjoint(words) else _FREQ_RARE.finditer(low)):
            cs = sv.main_clause_start(m.start())
            cop = _COPULA_END.search(low[cs:m.start()])
            if not cop:
                continue
            subj, resolved, s0 = self.subject(sv, cs, cs + cop.start())
            if not subj:
                continue
            tgt, end = self.target(sv, m.end())
            share = lex.quantifiers.get(m.group("w"))
            if share is None:
                continue
            if lex.negator.search(low[cs + cop.start():m.start()]):
                continue  # "not common" is not "rare"
            scope = (subj | tgt) - {"people"}
            yield self.claim(sv, "frequency", "share", scope, scope, s0, end, share=share, subject_resolved=resolved,
                             hedged=sv.hedged(cs, m.start()), keys=(("frequency", "share", tuple(sorted(scope))),))
        # (c) an adverb of frequency after the subject: "Symptoms always return"
        for m in (() if _ADV_RUNS.isdisjoint(words) else _FREQ_ADV.finditer(low)):
            cs = sv.main_clause_start(m.start())
            before = low[cs:m.start()]
            if not before.strip() or _PEOPLE_Q.match(before) or _NEGATOR_OR_CLAUSE_WORD.search(before):
                continue
            if _ADVICE_WORD.search(before) or _YOU_OR_WE_START.match(before):
                continue  # advice, not a claim about how often
            subj, resolved, s0 = self.subject(sv, cs, m.start())
            if not subj or len(WORD.findall(before)) > 8:
                continue
            end = sv.hard_end(m.end())
            share = lex.quantifiers.get(_SPACES.sub(" ", m.group("w")))
            if share is None:
                continue
            scope = (subj | lex.content(low[m.end():end], drop=people))
            if lex.negator.search(low[m.end():end]):
                continue
            yield self.claim(sv, "frequency", "share", scope, scope, s0, end, share=share, subject_resolved=resolved,
                             keys=(("frequency", "share", tuple(sorted(scope))),))

    # quantities ------------------------------------------------------------------
    def quantity(self, sv: "SentView") -> Iterator[Claim]:
        low, lex = sv.low, self.lex
        people = lex.person_words
        # Most sentences with a number or a unit word have no measure verb before it (see
        # QuantityParser.may_claim): they are not parsed.
        parsed = self._quantities(sv) if self._parse_ok(sv) else ()
        for q in parsed:
            if q.bound:
                continue
            cs = sv.main_clause_start(q.start)
            before = low[cs:q.start]
            measure = q.measure
            if measure == "volume":
                continue
            if measure == "percent":
                # A share is comparable only with the same share of the same thing: the whole
                # sentence but the number must say the same ("10% of people get a rash").
                if not (_OF_START.match(low[q.end:]) or _PEOPLE_NOUN_START.match(low[q.end:])):
                    continue
                if len(parsed) > 1:
                    continue
                end = len(low.rstrip(" .!?\n"))
                scope = lex.content(low[:q.start] + " " + low[q.end:], drop=people)
                if len(scope) < 1 or _CHANGE_WORD.search(low[cs:end]):
                    continue
                yield self.claim(sv, "quantity", "percent", scope, scope, 0, end, value=(q.lo, q.hi),
                                 approx=q.approx, hedged=bool(_MAY.search(low[cs:end])), qty=q,
                                 keys=(("quantity", "percent", tuple(sorted(scope))),))
                continue
            if measure == "volume":
                continue
            key = "dose" if measure == "dose" else measure
            vr = self._VERB_BEFORE.get(key)
            if vr is None:
                continue
            vm = vr.search(before)
            if not vm:
                continue
            subj_phrase = before[:vm.start()]
            if key == "dose" and not _DOSE_WORD.search(subj_phrase):
                continue
            if not subj_phrase.strip() or _PRONOUN_ONLY.match(subj_phrase):
                continue
            if key == "duration" and q.per:
                continue
            subj, resolved, s0 = self.subject(sv, cs, cs + vm.start())
            if not subj or self.res.is_person(subj) or _PEOPLE_Q.match(subj_phrase):
                continue
            core = subj - lex.unit_nouns or subj
            end = sv.hard_end(q.end)
            tail = low[q.end:end]
            if _OF_FOR_TO_PER_START.match(tail) and key in ("duration",):
                continue  # "takes 2 weeks of treatment to...": not the subject's own length
            hedged = bool(_MAY_OR_CAN.search(low[cs:q.start]))
            yield self.claim(sv, "quantity", f"{measure}/{q.per}", core, core, s0, end, value=(q.lo, q.hi),
                             approx=q.approx, subject_resolved=resolved, hedged=hedged, qty=q)
        # "free": a cost of zero (no scan without a run every match holds: _quantity_possible)
        free = lex.free_runs
        for m in (self._FREE.finditer(low) if not free or not free.isdisjoint(sv.words) else ()):
            cs = sv.main_clause_start(m.start())
            if lex.negator.search(low[cs:m.end()]):
                continue
            subj, resolved, s0 = self.subject(sv, cs, m.start())
            if not subj or self.res.is_person(subj):
                continue
            core = subj - lex.unit_nouns or subj
            end = sv.hard_end(m.end())
            q = Quantity("cost", 0.0, 0.0, m.start(), m.end())
            yield self.claim(sv, "quantity", "cost/", core, core, s0, end, value=(0.0, 0.0), subject_resolved=resolved,
                             qty=q)
