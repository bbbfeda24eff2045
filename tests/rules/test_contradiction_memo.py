"""contradiction: the claim memo (a sentence text's claims replayed from templates) gives
exactly the claims and findings that extracting every sentence gives."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from conftest import fresh_rules

RULE = "contradiction"
ROOT = Path(__file__).resolve().parents[2]

# Sentences whose claims depend on other sentences (pronouns, definite descriptions, people
# as subjects, acronyms) mixed with sentences whose claims depend on their text alone.
EXTRA = [
    "Patient education is effective.",
    "Family therapy is effective.",
    "Parent training is safe.",
    "It is effective.",
    "It is not effective.",
    "It is affordable.",
    "It is expensive.",
    "They are safe for children.",
    "The program is affordable.",
    "The program is expensive.",
    "This treatment is safe.",
    "This treatment is dangerous.",
    "This type of treatment is not recommended for older adults.",
    "Such programs are recommended for older adults.",
    "Our intensive outpatient program lets you keep working.",
    "Intensive outpatient programs (IOPs) meet three evenings a week.",
    "Cognitive behavioral therapy (CBT) is effective for insomnia.",
    "CBT is effective for insomnia.",
    "CBT is not effective for insomnia.",
    "IOPs let you keep working.",
    "IOPs are not suitable for people who need to keep working.",
    "Most clients keep working full time while they attend the program.",
    "Sessions last about three hours.",
    "Each session lasts 45 minutes.",
    "Family doctors are expensive.",
    "A family therapist is affordable.",
    "Home care is free.",
    "Home care costs $40 a visit.",
    "You must fast for eight hours before the test.",
    "You do not need to fast before the test.",
    "Most insurance plans cover physical therapy.",
    "Insurance rarely covers physical therapy.",
    "Side effects are rare.",
    "Side effects are common.",
    "Nurses and patients are safe.",
    "The patient program is safe.",
    "The test is quick, and it is safe.",
    "Myth: the vaccine is dangerous.",
    "Is the vaccine safe?",
]


def _pool() -> list[str]:
    items = yaml.safe_load((ROOT / "eval" / "contradiction_suite.yaml").read_text(encoding="utf-8"))["items"]
    return sorted({s for it in items for s in it["sentences"]}) + EXTRA


def _rules():
    """Two fresh rule instances: one replays from the claim memo, one extracts every sentence."""
    linter, config, memo, plain = fresh_rules(RULE)
    plain.memo_claims = False
    return linter, config, memo, plain


def _ctx(linter, config, text):
    from healthlint.documents import parse_document
    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext

    d = parse_document("a.txt", text, "text")
    return CheckContext(doc=linter.nlp(make_doc(linter.nlp, d.text, d.block_starts)), document=d, config=config)


def _plain(claims):
    if claims is None:
        return None
    cs, bounds = claims
    return [(c.frame, c.predicate, c.subject, c.scope, c.sent, c.start, c.end, c.polarity, c.modality, c.hedged,
             c.share, c.value, c.approx, c.subject_resolved, c.keys, c.qty.as_tuple() if c.qty else None,
             c.universal, c.exception, c.times) for c in cs], bounds


def _findings(rule, ctx):
    return [(f.start, f.end, f.message, f.related) for f in rule.check(ctx) or ()]


def _documents(seed: int, n: int) -> list[str]:
    rnd = random.Random(seed)
    pool = _pool()
    hot = rnd.sample(pool, 40)  # drawn often: sentences repeat across and within documents
    docs = []
    for _ in range(n):
        sents = [rnd.choice(hot if rnd.random() < 0.6 else pool) for _ in range(rnd.randint(2, 10))]
        docs.append(rnd.choice([" ", "\n\n", " ", "\n"]).join(sents))
    return docs


def _differences(docs, linter, config, memo, plain):
    bad = []
    for text in docs:
        a, b = _ctx(linter, config, text), _ctx(linter, config, text)
        if _plain(memo.claims(a)) != _plain(plain.claims(b)):
            bad.append(("claims", text))
        a, b = _ctx(linter, config, text), _ctx(linter, config, text)
        if _findings(memo, a) != _findings(plain, b):
            bad.append(("findings", text))
    return bad


def test_claims_with_the_memo_equal_claims_without_it(monkeypatch):
    """Random articles made of labelled-suite sentences and context-dependent ones (pronouns,
    definite descriptions, acronyms, people), the same sentences in different places."""
    from healthlint.claims.subjects import Resolver

    replays = {"n": 0}
    real = Resolver.replay_heads

    def counting(self, heads):
        replays["n"] += 1
        return real(self, heads)

    monkeypatch.setattr(Resolver, "replay_heads", counting)
    linter, config, memo, plain = _rules()
    docs = _documents(1, 400)
    assert _differences(docs, linter, config, memo, plain) == []
    # the memo was used: it holds texts, some with claims, and replayed heads
    assert len(memo._claim_memo) > 50 and any(t for _, t in memo._claim_memo.values())
    assert replays["n"] > 0 and not plain._claim_memo


def test_the_differential_test_sees_a_memo_that_ignores_context(monkeypatch):
    """The comparison above can fail: a memo that also keeps the claims of sentences whose
    extraction read other sentences (a pronoun's antecedent...) gives other claims."""
    from healthlint.claims.subjects import Resolver

    real = Resolver.recorded
    monkeypatch.setattr(Resolver, "recorded", lambda self: (False, real(self)[1]))
    linter, config, memo, plain = _rules()
    assert _differences(_documents(1, 400), linter, config, memo, plain)


def test_the_differential_test_sees_a_memo_that_does_not_replay_heads(monkeypatch):
    """...and a memo that skips the heads a replayed sentence's extraction wrote."""
    from healthlint.claims.subjects import Resolver

    monkeypatch.setattr(Resolver, "replay_heads", lambda self, heads: None)
    linter, config, memo, plain = _rules()
    assert _differences(_documents(1, 400), linter, config, memo, plain)


def test_a_replayed_sentence_writes_the_heads_later_sentences_read(monkeypatch):
    """"Family therapy is effective." resolves its subject with the head "therapy" (not
    people), which a later "It ..." reads through is_person: replayed from the memo in a
    second article, the sentence must write that head again."""
    from healthlint.claims.subjects import Resolver

    first = "Family therapy is effective. Yoga is helpful."
    second = "Family therapy is effective. It is not effective."
    linter, config, memo, plain = _rules()
    for text in (first, second):
        assert _plain(memo.claims(_ctx(linter, config, text))) == _plain(plain.claims(_ctx(linter, config, text)))
    got = memo.claims(_ctx(linter, config, second))
    assert [c.frame for c in got[0]] == ["effectiveness", "effectiveness"]
    assert len(_findings(memo, _ctx(linter, config, second))) == 1
    # without the replayed heads the pronoun finds no subject (its antecedent looks like people)
    monkeypatch.setattr(Resolver, "replay_heads", lambda self, heads: None)
    broken = memo.claims(_ctx(linter, config, second))
    assert broken is None or len(broken[0]) < 2


@pytest.mark.parametrize("text, other", [
    ("Family therapy is effective. It is affordable.", "Yoga is helpful. It is expensive. It is affordable."),
    ("The program is affordable.", "Our intensive outpatient program costs $900. The program is affordable."),
])
def test_sentences_that_read_context_are_not_memoised(text, other):
    """A pronoun or a definite description makes the extraction read other sentences: its
    text gets no memo entry."""
    linter, config, memo, plain = _rules()
    memo.claims(_ctx(linter, config, text))
    memo.claims(_ctx(linter, config, other))
    assert "It is affordable." not in memo._claim_memo and "The program is affordable." not in memo._claim_memo


def test_no_memo_in_an_article_that_defines_acronyms():
    linter, config, memo, plain = _rules()
    text = "Cognitive behavioral therapy (CBT) is effective for insomnia. CBT is not effective for insomnia."
    memo.claims(_ctx(linter, config, text))
    assert memo._claim_memo == {}
    memo.claims(_ctx(linter, config, "CBT is effective for insomnia. CBT is not effective for insomnia."))
    assert "CBT is effective for insomnia." in memo._claim_memo
