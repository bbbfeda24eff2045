"""What a claim is about, resolved within the article.

Model-free: the subject is the noun phrase before the claim's verb, in the
main clause.  It is normalised to a set of content words and resolved:

* acronyms defined in the article ("intensive outpatient programs (IOPs)")
  and synonyms from ``rules.yaml`` ("rehab", "CBT") expand to the full name;
* a definite description ("the program", "this type of treatment", "such
  programs") takes the most recent fuller mention with the same head noun
  ("our intensive outpatient program"), else, for a generic treatment noun,
  the subject of a recent sentence about a thing;
* a pronoun ("it", "they", "this") takes the subject of the previous sentence;
* people ("you", "most clients") are not what a treatment claim is about:
  the treatment named in the sentence, or the recent topic, is.

With a trained pipeline (``--model``), the parse's nominal subject is used
instead of the words before the verb (:func:`parsed_subject`).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .lexicon import WORD
from .scope import parsed_token_at

if TYPE_CHECKING:
    from .lexicon import Lexicon
    from .scope import SentView

_DETERMINERS = re.compile(
                          r"^(?:(?:the|this|that|these|those|such|a|an|our|your|their|its|his|her|each|every|any|some|most|many|all|"
                          r"few|several|both|either|no|one|kind|type|types|kinds|sort|sorts|form|forms|of|certain|other|same)\s+)+"
)
_DEFINITE = re.compile(r"^(?:the|this|that|these|those|such)\s")
_PRONOUN = {"it", "they", "this", "these", "that", "those", "he", "she", "them", "which"}
_TRAIL = re.compile(
                    r"(?:\s+(?:is|are|was|were|be|been|being|can|cannot|can't|may|might|could|will|would|should|must|do|does|did|"
                    r"don't|doesn't|not|n't|usually|generally|typically|often|also|very|always|never|rarely|seldom|quite|still|"
                    r"only|really|almost|sometimes|has|have|had|then|now|therefore|however))+$"
)
_WORDS_BEFORE = re.compile(r"((?:[A-Za-z][\w-]*\s+){1,7})$")
_PAREN_ACR = re.compile(r"\(([A-Z]{2,6})s?\)")
_SMALL = {"and", "of", "the", "for", "in", "with", "to", "a", "on"}
# Patterns the resolver uses, compiled once.
_PARENTHESIS = re.compile(r"\([^)]*\)")
_OPENING_WORD = re.compile(r"\s*(?:in|for|with|after|before|during|at|if|when|although|while|because|since|like|as|unlike|"
                           r"however|today|now|also|by|on|from|to|of|overall|still|yet|in\s+fact)\b")
_OTHER_KIND = re.compile(r"(?:(?:the|some|many|most|all|any)\s+)?(?:other|another|different|alternative)\b")
_GERUND_START = re.compile(r"\s*[a-z]+ing\b")
_HEAD_BREAK = re.compile(r"\s(?:for|with|in|of|who|that|which|under|over|at|on|from|during|after|before|to)\s")


def find_acronyms(text: str) -> dict[str, str]:
    """Acronyms the article defines: "cognitive behavioral therapy (CBT)" -> {"cbt": "cognitive behavioral therapy"}."""
    found: dict[str, str] = {}
    for p in _PAREN_ACR.finditer(text):
        m = _WORDS_BEFORE.search(text[max(0, p.start() - 90):p.start()])
        if m is None:
            continue
        words = m.group(1).split()
        acr = p.group(1)
        letters = acr.lower()
        # Match initials from the end, skipping small words.
        picked: list[str] = []
        i = len(words) - 1
        j = len(letters) - 1
        while i >= 0 and j >= 0:
            w = words[i].lower()
            parts = [p for p in w.split("-") if p]
            if w in _SMALL and picked:
                picked.append(w)
                i -= 1
                continue
            if parts and parts[0][0] == letters[j]:
                # hyphenated words may carry two letters ("home-based" -> hb)
                if len(parts) > 1 and j >= 1 and parts[1][0] == letters[j] and parts[0][0] == letters[j - 1]:
                    j -= 1
                picked.append(w)
                j -= 1
                i -= 1
                continue
            break
        if j < 0 and picked:
            found[acr.lower()] = " ".join(reversed(picked)).rstrip("s") if picked[0].endswith("s") else " ".join(reversed(picked))
    return found


class Resolver:
    """Resolves subject phrases for one document."""

    def __init__(self, lex: "Lexicon", text: str, views: dict[int, "SentView"], get_view):
        self.lex = lex
        self.text = text
        self.acronyms = find_acronyms(text)
        self.get_view = get_view  # index -> SentView (built lazily)
        self._subjects: dict[int, frozenset | None] = {}
        self._heads: dict[frozenset, str] = {}  # a resolved phrase's head word
        self._words: dict[str, frozenset] = {}  # words()'s memo
        # While one sentence's extraction is recorded (record()): the _heads it wrote, and
        # whether it read the document's context (see record()).
        self._log: dict[frozenset, str] | None = None
        self.context = False

    # -- recording what one extraction depends on ----------------------------
    def record(self) -> None:
        """Start recording one sentence's extraction (the claim memo of the contradiction rule).

        Until ``recorded()``, ``context`` becomes True when an answer depends on more than
        the sentence's text and the lexicon: a pronoun or definite description resolved
        through other sentences or the text before (sentence_subject, recent_thing,
        antecedent), or is_person() reading a head that this extraction did not write (one
        an earlier sentence wrote, or its absence).  The heads it writes are logged: a
        replay of the extraction must write them too (later is_person calls read them).
        Acronyms the article defines are not tracked: with any, the memo is not used.
        """
        self._log = {}
        self.context = False

    def recorded(self) -> tuple[bool, dict[frozenset, str]]:
        """Stop recording: (did the extraction read context, the heads it wrote in order)."""
        log, self._log = self._log, None
        return self.context, log

    def replay_heads(self, heads: tuple) -> None:
        """Write the heads a recorded extraction wrote (``((words tuple, head), ...)``)."""
        store = self._heads
        for words, head in heads:
            store[frozenset(words)] = head

    # -- normalising ---------------------------------------------------------
    def words(self, phrase: str) -> frozenset:
        """The phrase's content words, acronyms the article defines expanded (memoised per document)."""
        got = self._words.get(phrase)
        if got is None:
            content = self.lex.content
            acronyms = self.acronyms
            out = set()
            for w in WORD.findall(phrase.lower()):
                full = (acronyms.get(w.rstrip("s")) or acronyms.get(w)) if acronyms else None
                out |= content(full or w)
            got = self._words[phrase] = frozenset(out)
        return got

    def is_person(self, words: frozenset) -> bool:
        """Does the phrase name people ("most clients", "a physical therapist", "people with asthma")?"""
        log = self._log
        if log is not None and words not in log:
            self.context = True  # a head from another sentence (or none yet) decides
        head = self._heads.get(words)
        if head is not None:
            return head in self.lex.person_words or self.lex.norm(head) in self.lex.person_words or head in {
                "child", "children", "adult", "adults", "parent", "family", "client", "patient"}
        return any(w in self.lex.person_words or self.lex.norm(w) in self.lex.person_words
                   or w in {"child", "adult", "parent", "family", "client", "patient"} for w in words)

    def cut_at_verb(self, phrase: str) -> str:
        """The subject phrase up to its first verb ("home-based rehabilitation lets you" -> "home-based rehabilitation")."""
        words = phrase.split()
        for k, w in enumerate(words):
            if k and (w in self.lex.common_verbs or w in {"lets", "allows", "means", "helps", "gives"}):
                return " ".join(words[:k])
        return phrase

    # -- the subject of a sentence (for pronouns) --------------------------
    def sentence_subject(self, index: int) -> frozenset | None:
        self.context = True
        if index in self._subjects:
            return self._subjects[index]
        sv = self.get_view(index)
        got = None
        if sv is not None and sv.text.rstrip()[-1:] in ".!?;:" and not _GERUND_START.match(sv.low):
            # (a heading or a gerund phrase names a section, not the thing a later "it" means)
            low = sv.low
            start = 0
            if _OPENING_WORD.match(low):
                comma = low.find(",", 0, 80)
                if comma != -1:
                    start = comma + 1
            words = []
            for m in WORD.finditer(low, start):
                w = m.group()
                if w in {"is", "are", "was", "were", "can", "may", "will", "must", "should", "has", "have",
                         "does", "do", "might", "could"} or w in self.lex.common_verbs or w in {
                             "at", "in", "on", "for", "with", "to", "by", "from", "during", "after", "before"}:
                    break
                words.append(w)
                if len(words) > 6:
                    words = []
                    break
            phrase = _DETERMINERS.sub("", " ".join(words))
            got = self.words(phrase) or None
            if got and (set(got) <= _PRONOUN or self.is_person(got)):
                got = None
        self._subjects[index] = got
        return got

    def recent_thing(self, index: int, back: int = 3) -> frozenset | None:
        self.context = True
        for i in range(index - 1, max(-1, index - 1 - back), -1):
            s = self.sentence_subject(i)
            if s and not (len(s) == 1 and next(iter(s)) in self.lex.treatment_heads):
                return s
        return None

    def antecedent(self, head: str, before: int) -> frozenset | None:
        """The most recent fuller mention "<modifiers> head" before offset ``before``."""
        self.context = True
        lo = max(0, before - 4000)
        window = self.text[lo:before].lower()
        pat = re.compile(r"((?:[a-z][\w-]*\s+){1,3})" + re.escape(head) + r"s?\b")
        best = None
        for m in pat.finditer(window):
            mods = [w for w in m.group(1).split() if w not in self.lex.stop and self.lex.norm(w) not in self.lex.stop]
            # keep only the words right before the head (stop at the first non-content word)
            tail = []
            for w in reversed(m.group(1).split()):
                if w in self.lex.stop or self.lex.norm(w) in self.lex.stop or w in self.lex.common_verbs:
                    break
                tail.append(w)
            if tail and mods:
                best = tail
        if best:
            return self.words(" ".join(reversed(best)) + " " + head)
        return None

    # -- resolving a phrase -------------------------------------------------
    def resolve(self, sv: "SentView", phrase: str, at: int) -> tuple[frozenset, bool]:
        """Content words of the subject ``phrase`` found at offset ``at`` in the sentence."""
        phrase = phrase.strip().lower()
        phrase = _PARENTHESIS.sub(" ", phrase)
        phrase = _TRAIL.sub("", phrase).strip()
        definite = bool(_DEFINITE.match(phrase + " "))
        other = bool(_OTHER_KIND.match(phrase))
        bare = _DETERMINERS.sub("", phrase + " ").strip()
        toks = bare.split()
        if not toks:
            return frozenset(), False
        if len(toks) == 1 and toks[0] in _PRONOUN:
            self.context = True
            if at > 0:
                # "The exam is quick, and it is safe": a pronoun in a later clause means this sentence's subject.
                own = self.sentence_subject(sv.index)
                if own:
                    return own, True
            prev = self.recent_thing(sv.index, back=2)
            return (prev, True) if prev else (frozenset(), True)
        words = self.words(bare)
        if other and words:
            words = words | {"<other>"}  # "other programs" are not "our program"
        head_part = _HEAD_BREAK.split(" " + bare + " ")[0].split()
        if head_part and words:
            self._heads[words] = head_part[-1]
            if self._log is not None:
                self._log[words] = head_part[-1]
        if definite and len(words) == 1:
            head = next(iter(words))
            if head in self.lex.treatment_heads:
                self.context = True  # the text before decides (antecedent, recent_thing)
                seen_before = re.search(r"\b" + re.escape(toks[-1].rstrip("s")) + r"s?\b",
                                        self.text[max(0, sv.start - 4000):sv.start].lower())
                ante = self.antecedent(toks[-1].rstrip("s") if toks[-1].endswith("s") else toks[-1], sv.start + at)
                if ante and ante != words:
                    return ante, True
                if not seen_before:
                    # "This type of treatment" with no earlier "treatment": the recent topic.
                    prev = self.recent_thing(sv.index)
                    if prev and head not in prev:
                        return prev, True
        return words, False


def parsed_subject(sv: "SentView", pos: int) -> str | None:
    """With a dependency parse: the text of the nominal subject governing the word at ``pos``."""
    target = parsed_token_at(sv, pos)
    if target is None:
        return None
    node = target
    for _ in range(4):
        for c in node.children:
            if c.dep_ in ("nsubj", "nsubjpass"):
                sub = list(c.subtree)
                return sv.text[sub[0].idx - sv.start: sub[-1].idx - sv.start + len(sub[-1].text)]
        if node.head is node:
            break
        node = node.head
    return None
