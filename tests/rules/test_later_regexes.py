"""contradiction's rarely searched regexes (Lexicon, QuantityParser) are compiled on first use:
not at all for a text that never needs them, and then to the very patterns built before."""
from __future__ import annotations

import re

import pytest

from healthlint.claims.lexicon import Lexicon, LaterRegexes, phrases
from healthlint.claims.quantities import QuantityParser
from healthlint.config import default_config

LEX_LATER = {"exception", "time", "year", "hedge", "continue_verbs", "activities", "suitable", "unsuitable", "free",
             "payer_any"}
QP_LATER = {"money", "percent", "percent_sign", "one_in", "unit", "freq", "every", "age", "_verb_gate"}


def _fresh():
    cfg = default_config()
    lex = Lexicon(cfg.rules["contradiction"].options, cfg.cues, set(), {})
    return cfg.rules["contradiction"].options, lex, QuantityParser(lex)


def test_nothing_later_is_compiled_when_the_objects_are_made():
    _, lex, qp = _fresh()
    assert LEX_LATER <= set(lex._later) and not LEX_LATER & set(vars(lex))
    assert QP_LATER <= set(qp._later) and not QP_LATER & set(vars(qp))


def test_later_lexicon_regexes_are_the_patterns_of_the_word_lists():
    o, lex, _ = _fresh()
    lists = {"exception": o["exception_cues"], "time": o["time_cues"], "hedge": o["hedge_words"],
             "continue_verbs": o["continue_verbs"], "suitable": o["suitable_words"],
             "unsuitable": o["unsuitable_words"], "free": o["free_words"],
             "payer_any": [w for v in o["payers"].values() for w in v]}
    for name, words in lists.items():
        assert lex.source(name) == phrases(words)  # the text, before compiling
        rx = getattr(lex, name)
        assert rx == re.compile(phrases(words)) and getattr(lex, name) is rx and vars(lex)[name] is rx
        assert lex.source(name) == rx.pattern
    assert lex.year.pattern == r"\b(?:in|since|by|until|before|after)\s+(?:19|20)\d\d\b"
    assert lex.activities == {k: re.compile(phrases(v)) for k, v in o["activities"].items()}
    with pytest.raises(AttributeError):
        lex.no_such_pattern  # noqa: B018


def test_a_sentence_without_money_words_or_units_compiles_none_of_their_patterns():
    _, _, qp = _fresh()
    low = "we take a short walk and 10% of people enjoy it"
    got = qp.parse(low, frozenset(re.findall(r"[a-z0-9]+", low)))
    assert [q.measure for q in got] == ["percent"]
    assert not {"money", "percent", "unit", "freq", "every", "one_in"} & set(vars(qp))
    low = "the course costs 200 dollars and lasts 3 hours, 2 times a week"
    got = qp.parse(low, frozenset(re.findall(r"[a-z0-9]+", low)))
    assert {q.measure for q in got} == {"cost", "duration", "frequency"}
    assert {"money", "unit", "freq"} <= set(vars(qp))


def test_later_quantity_patterns_find_what_the_eagerly_compiled_ones_found():
    """Each later pattern, once compiled, is the regex of its stored text, and parse() gives the
    same quantities whether the patterns were compiled at once or on first use."""
    _, lex, lazy = _fresh()
    eager = QuantityParser(lex)
    for name in QP_LATER:
        getattr(eager, name)
    assert QP_LATER <= set(vars(eager))
    for name in QP_LATER:
        assert getattr(eager, name).pattern == lazy.source(name)
    for low in ["it costs $10,000 or ten thousand dollars a week", "about 1 in 10 people, or ten percent",
                "three times a week for 8 to 12 weeks", "at age 45 or from 50 to 60 years old", "every other day",
                "an hour and a half", "takes 30 minutes daily", "nothing to count here"]:
        words = frozenset(re.findall(r"[a-z0-9]+", low))
        assert [q.as_tuple() for q in lazy.parse(low, words)] == [q.as_tuple() for q in eager.parse(low, words)]


def test_a_later_attribute_is_compiled_once_and_then_read_from_the_instance():
    from healthlint.claims.lexicon import Later

    class Thing(LaterRegexes):
        x = Later()

    t = Thing()
    with pytest.raises(AttributeError):
        t.x  # noqa: B018 - nothing stored for it
    t.later("x", "a+b", re.IGNORECASE)
    assert "x" not in vars(t) and t.source("x") == "a+b"
    rx = t.x
    assert rx.flags & re.IGNORECASE and rx.search("xAAB").span() == (1, 4) and vars(t)["x"] is rx and t.x is rx
    assert not hasattr(t, "y")


def _reference_trie(words, flexible_spaces=True):
    """lexicon._trie as first written (one recursive call per character)."""
    tree: dict = {}
    for w in words:
        node = tree
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node):
        end = "" in node
        alts = []
        for ch in sorted(k for k in node if k):
            piece = r"\s+" if ch == " " and flexible_spaces else re.escape(ch)
            alts.append(piece + emit(node[ch]))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if end:
            return "(?:" + body + ")?"
        return body

    return emit(tree)


def test_trie_reads_runs_of_single_characters_in_a_loop_and_writes_the_same_regex():
    import random

    from healthlint.claims.lexicon import _trie

    o = default_config().rules["contradiction"].options
    lists = [[w.lower() for w in v] for v in o.values() if isinstance(v, list) and all(isinstance(w, str) for w in v)]
    rnd = random.Random(5)
    alphabet = ["a", "b", "ab", "s", " ", "-", ".", "'", "é", "$", "%", "1"]
    for _ in range(3000):
        lists.append(["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 6))) for _ in range(rnd.randint(0, 8))])
    for words in lists:
        for flexible in (True, False):
            assert _trie(words, flexible) == _reference_trie(words, flexible), words
