"""contradiction: a sentence text seen for the first time is ruled out by the frames' guards
before its view is built (Extractor.names_of on sentence_low and runs_of), and the parse
gate skips its "1 in 10" scan when the text has no run "in" or "of": the same frames, the
same claims and the same findings as building every view first and scanning every text."""
from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from test_contradiction_memo import _ctx, _findings, _plain, _pool

RULE = "contradiction"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# Sentences with numbers and no frame's words (the texts the shortcut is for), numbers with
# measure verbs, shares, "in"/"of" and prices, mixed with the suite's sentences.
NUMBERS = [
    "Call 404-689-3924 to book an appointment.",
    "Our team in Westbury sees more than 41,911 patients with eczema each year.",
    "In a 2014 study of 22,602 women, 59.3% reported fewer symptoms after 4 weeks.",
    "The condition was first described in 1841 by a doctor in Westbury.",
    "Between 2003 and 2022, the number of people over 65 diagnosed with eczema rose by 89%.",
    "About 1 in 10 people get a rash.",
    "One out of 5 adults has it.",
    "The clinic is open from 10 a.m. to 4 p.m. on weekdays.",
    "A 23-week course costs $878.33 at the pharmacy.",
    "The usual adult dose is 10 mg, taken with food.",
    "Sessions last 3 hours (in 2 parts).",
    "Room 12 of 40 \u201cis\u201d on floor 3.",
    "Page 7 of the leaflet, in 2019.",
    "Most people recover within 8 weeks.",
    "It costs $40 a visit.",
    "10% of people get a rash.",
    "Open 24/7 in 3 towns.",
]


def _rules():
    from conftest import fresh_rules

    linter, config, fast, slow = fresh_rules(RULE)
    slow.guards_before_view = False
    return linter, config, fast, slow


def _fixture_sentences() -> list[str]:
    out = []
    for p in sorted(FIXTURES.rglob("*.txt")):
        out += [s for s in re.split(r"(?<=[.!?])\s+|\n\n", p.read_text(encoding="utf-8")) if s.strip()]
    return out


def _random_sentences(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    vocab = ["3", "10", "2019", "41,911", "$5", "10%", "%", "1", "in", "of", "out", "one", "is", "are", "lasts",
             "costs", "takes", "about", "for", "hours", "a", "week", "day", "every", "once", "free", "most",
             "people", "patients", "it", "safe", "must", "recommended", "insurance", "covers", "rare", "always",
             "keep", "working", "not", "without", "percent", "ten", "at", "from", "by", "Myth:", "believe", "(",
             ")", '"', "\u201c", "\u201d", "\u2019", ",", ";", ".", "?", "-", "\n", "inch", "often", "into", "ofthe",
             "in3", "\u00e9", "\u0663", "mg", "dose", "half", "an", "hour", "age", "years", "old", "Call", "Room"]
    out = []
    for _ in range(n):
        words = [rnd.choice(vocab) for _ in range(rnd.randint(1, 14))]
        out.append(" ".join(words) + rnd.choice(["", ".", ".", "?", " ."]))
    return out


@pytest.fixture(scope="module")
def extractor():
    from healthlint.claims.extraction import Extractor
    from healthlint.claims.lexicon import Lexicon
    from healthlint.claims.quantities import QuantityParser
    from healthlint.claims.subjects import Resolver
    from healthlint.config import default_config

    cfg = default_config()
    lex = Lexicon(cfg.rules[RULE].options, cfg.cues, set(), {})
    return Extractor(lex, QuantityParser(lex), Resolver(lex, "", {}, lambda i: None))


def test_names_of_without_a_view_equals_the_views_frame_names(extractor):
    """names_of(sentence_low(t), runs_of(low)) gives the frames (and the parse gate's answer)
    a SentView of ``t`` gives, and SentView.read builds the view SentView(...) is once they are
    computed (same low, runs, frames, entry), on fixture, suite and random sentences."""
    from healthlint.claims.scope import SentView, runs_of, sentence_low

    lex = extractor.lex
    texts = _fixture_sentences() + _pool() + NUMBERS + _random_sentences(21, 6000)
    none = some = 0
    for t in texts:
        plain = SentView(3, 17, t, lex)
        want = extractor.frame_names(plain)
        low = sentence_low(t)
        assert low == plain.low, t
        words = runs_of(low)
        assert words == plain.words, t
        names, ok = extractor.names_of(low, words)
        assert names == want, t
        assert ok == plain.__dict__.get("parse_ok"), t
        if names:
            some += 1
            read = SentView.read(3, 17, t, lex, low, words, names, ok)
            assert read.entry() == plain.entry(), t
            assert extractor.reads(read) == extractor.reads(plain), t
            assert [c.template(17) for c in extractor.extract(read)] == [
                c.template(17) for c in extractor.extract(SentView(3, 17, t, lex))], t
        else:
            none += 1
    assert none > 1000 and some > 1000  # both ways taken


def test_parse_gate_with_the_runs_equals_the_gate_without_them(extractor):
    """QuantityParser.may_claim(low, tail, runs) (no "1 in 10" scan without a run "in" or "of")
    answers what may_claim(low, tail) answers, on random text of digits, "in", "of" and words
    that hold them ("inch", "into", "ofthe", "in3")."""
    from healthlint.claims.extraction import _PERCENT_TAIL
    from healthlint.claims.scope import runs_of, sentence_low

    qp = extractor.qp
    rnd = random.Random(22)
    toks = ["1", "10", "one", "in", "of", "out", "inch", "into", "ofthe", "in3", "3in", "\u0663", "percent", "%",
            "people", "lasts", "is", "about", "$5", " ", "\n", "\t", "-", "x", "(", ")", "1in", "of10"]
    skipped = admitted = 0
    for _ in range(20000):
        text = "".join(rnd.choice(toks) + rnd.choice(["", " ", " ", "\n"]) for _ in range(rnd.randint(1, 9)))
        low = sentence_low(text)
        runs = runs_of(low)
        for tail in (_PERCENT_TAIL, None):
            want = qp.may_claim(low, tail)
            assert qp.may_claim(low, tail, runs) == want, text
            admitted += want
        skipped += "in" not in runs and "of" not in runs
    assert skipped > 1000 and admitted > 1000


def _documents(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    pool = _pool() + NUMBERS
    hot = rnd.sample(pool, 40)
    docs = []
    for _ in range(n):
        sents = [rnd.choice(hot if rnd.random() < 0.6 else pool) for _ in range(rnd.randint(2, 10))]
        docs.append(rnd.choice([" ", "\n\n", " ", "\n"]).join(sents))
    return docs


def test_claims_and_findings_equal_building_every_view_first():
    """Random articles of suite sentences (pronouns, descriptions, acronyms, people) and
    number sentences, repeated within and across articles: the same claims and findings with
    the guards tested before the view as with every view built first."""
    linter, config, fast, slow = _rules()
    docs = _documents(23, 400)
    found = 0
    for text in docs:
        a, b = _ctx(linter, config, text), _ctx(linter, config, text)
        assert _plain(fast.claims(a)) == _plain(slow.claims(b)), text
        a, b = _ctx(linter, config, text), _ctx(linter, config, text)
        got = _findings(fast, a)
        assert got == _findings(slow, b), text
        found += len(got)
    assert found > 5
    # the same texts were ruled out both ways (no frame reads them, or they assert nothing)
    assert fast._quiet_texts == slow._quiet_texts and len(fast._quiet_texts) > 10
    assert set(NUMBERS[:5]) <= fast._quiet_texts


def test_the_differential_test_sees_guards_that_rule_out_too_much():
    """The comparison above can fail: the shortcut reading a text with the wrong runs (none)
    rules out sentences some frame reads, and gives other claims."""
    from healthlint.claims.scope import sentence_low

    linter, config, fast, slow = _rules()
    fast._low_runs = (sentence_low, lambda low: frozenset())
    differ = 0
    for text in _documents(23, 400):
        a, b = _ctx(linter, config, text), _ctx(linter, config, text)
        differ += _plain(fast.claims(a)) != _plain(slow.claims(b))
    assert differ > 10
