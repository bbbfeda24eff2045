"""contradiction: claim frames, subject resolution, negation scope, hedges,
exceptions, time frames, unit conversion, evidence, threshold, linear cost."""
from __future__ import annotations

import pytest

RULE = "contradiction"


def one(lint, text):
    found = lint(text, RULE)
    assert len(found) == 1, [f.message for f in found]
    return found[0]


# -- the examples -------------------------------------------------------------
@pytest.mark.parametrize(
    "earlier, later",
    [
        ("Most clients keep working full time while they attend the program.",
         "The program is not suitable for anyone who needs to keep working."),
        ("Sessions last about three hours.", "Each session lasts 45 minutes."),
        ("Most insurance plans cover the program.", "Insurance rarely covers this kind of program."),
    ],
)
def test_reports_the_later_sentence_with_the_earlier_as_related(lint, earlier, later):
    text = f"{earlier} Family members may join the weekly group.\n\n{later}"
    f = one(lint, text)
    assert f.line == 3 and later.startswith(f.text)
    assert len(f.related) == 1 and f.related[0].line == 1
    assert earlier.startswith(f.related[0].text) or f.related[0].text in earlier
    assert "(line 1)" in f.message and "(line 3)" in f.message
    assert f.severity == "warning"


@pytest.mark.parametrize(
    "text",
    [
        "Do not stop taking your medicine without talking to your doctor. Take your medicine at the same time every day.",
        "Exercise is not a cure for depression, but it can help. Regular exercise can improve mood.",
    ],
)
def test_negation_alone_is_not_a_contradiction(lint, text):
    assert lint(text, RULE) == []


# -- frames -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        # suitability, with a pronoun and few shared words
        "Outpatient detox takes place at a clinic. It allows you to continue working during withdrawal. "
        "Outpatient detox is unsuitable for people who have to keep a job.",
        # recommendation
        "Tai chi is recommended for older adults with arthritis. Tai chi is not recommended for older adults who have arthritis.",
        # requirement: a general denial contradicts a specific requirement
        "Patients must fast for eight hours before the test. There is no need to fast before this test.",
        "A prescription is required for this medicine. You can buy this medicine without a prescription.",
        # affordability, free vs a price
        "The clinic's counseling services are affordable. Counseling at the clinic is expensive.",
        "The support group is free. Each support group meeting costs $20.",
        # coverage through a synonym
        "Medicare covers cardiac rehabilitation. Cardiac rehab is not covered by Medicare.",
        # effectiveness through an acronym the article defines
        "Cognitive behavioral therapy (CBT) is effective for insomnia. CBT does not work for insomnia.",
        # safety through a definite description
        "Colonoscopy is the most common test for colon cancer. The procedure is risky. Colonoscopy is a safe procedure.",
        # frequency
        "Most people with panic disorder recover with treatment. Few people with panic disorder recover with treatment.",
        "Relapse is common in the first year. Relapse is rare in the first year.",
        # quantities with conversion
        "The program runs for 12 weeks. The program lasts six months.",
        "The group meets three times a week. The group meets once a week.",
        "About 1 in 10 people get a rash. About 40% of people get a rash.",
        "Screening for colon cancer starts at age 45. Screening for colon cancer starts at age 50.",
        # paraphrases within the frames' word lists
        "You'll be able to keep your job while in the program. "
        "The program isn't right for people who need to keep working.",
        "Intensive outpatient programs (IOPs) let people live at home. "
        "IOPs are not suitable for people who want to live at home.",
        "The treatment is covered by most insurers. Most insurers won't pay for the treatment.",
        "Each appointment takes 30 minutes. Appointments take about an hour.",
        "The exam is quick and painless, and it is safe. The exam is dangerous.",
        "- Sessions last 2 hours.\n- Each session lasts 30 minutes.",
    ],
)
def test_frames_fire(lint, text):
    assert len(lint(text, RULE)) == 1


@pytest.mark.parametrize(
    "text",
    [
        # agreeing after conversion
        "The program costs $10,000. Payment plans spread the program's cost of ten thousand dollars over a year.",
        "Sessions last 90 minutes. Each session lasts an hour and a half.",
        "About 1 in 10 people get a rash. About 10% of people get a rash.",
        "The infusion takes 2 hours. The infusion takes 120 minutes.",
        # a negated antonym agrees
        "The surgery is not risky for most patients. It is generally a safe procedure.",
        "Few people need surgery for a herniated disc. Most people do not need surgery for a herniated disc.",
        # negation in a relative clause or a purpose clause
        "The program is designed for people who cannot stop working. It lets clients keep their jobs.",
        "Take the medicine with food so that it does not upset your stomach. The medicine is effective.",
        # hedges against a majority
        "Most insurance plans cover the program. Some plans do not cover the program.",
        "Ibuprofen is usually safe. Taking too much ibuprofen can be dangerous.",
        # explicit exceptions and conditions
        "You do not need a referral to join. If your plan is an HMO, you need a referral to join.",
        "The vaccine is safe. It is not safe for people with a weakened immune system, unless their doctor approves.",
        # different time frames
        "In the first week, sessions last three hours. After that, each session lasts 45 minutes.",
        "In 2010, the program cost $5,000. Today the program costs $8,000.",
        # different subjects, targets, groups and payers
        "The day program is covered by most insurance plans. The residential program is rarely covered by insurance.",
        "Antibiotics are effective against bacterial infections. Antibiotics do not work against viruses.",
        "The drug is safe for adults. It is not safe for children under 2.",
        "The dose for children is 5 mg. The dose for adults is 10 mg.",
        "Medicare does not cover hearing aids. Some Medicaid plans cover hearing aids.",
        "You do not need to fast before the blood count test. You need to fast before the cholesterol test.",
        # quotations, beliefs and myths are not the article's claims
        'One client told us, "The program is not affordable for me." Most clients find the program affordable.',
        "Many people believe that therapy does not work. Therapy is effective for most people.",
        "Myth: therapy does not work for older adults. Fact: therapy is effective for older adults.",
        # a bound is not a value
        "Take 500 mg twice a day. Do not take more than 1,000 mg a day.",
        # "not for everyone" denies "all", not the claim
        "Statins are effective at lowering cholesterol. Statins are not effective for everyone.",
        # a narrower "free", and other things of the same kind
        "The program is free for veterans. The program costs $200.",
        "Our program is affordable. Other programs are expensive.",
        "The first session is free. Sessions cost $50 after that.",
        "Medicare Part B covers the shot. Medicare Part D does not cover the shot.",
        # a question asks, it does not claim
        "Is the program expensive? The program is affordable for most families.",
        # rates and shares of different places, forms or subsets
        "The disorder is estimated to affect 1 in 27,000 people in Japan. "
        "It is rarer in Europe, where it is thought to affect 1 in 50,000 people.",
        "The severe form occurs in about 1 in 100,000 newborns. The mild form occurs in about 1 in 500,000 newborns.",
        "In about 25% of cases, the syndrome is inherited. In about 2% of cases, the syndrome is caused by a translocation.",
        # implicit subjects in sections about different tests
        "The first scan is done in a radiology center; anesthesia is not needed. "
        + " ".join(f"Step {i} is explained by the nurse." for i in range(10))
        + " The second procedure is done by a surgeon; anesthesia is needed.",
    ],
)
def test_stays_silent(lint, text):
    assert lint(text, RULE) == [], [f.message for f in lint(text, RULE)]


def test_message_names_both_claims_and_lines(lint):
    f = one(lint, "Sessions last about three hours.\nThere is a short break.\nEach session lasts 45 minutes.")
    assert '"sessions last about three hours" (line 1)' in f.message
    assert '"each session lasts 45 minutes" (line 3)' in f.message
    assert f.suggestion


def test_one_finding_per_later_sentence(lint):
    text = ("Sessions last about three hours. Sessions last two hours. Each session lasts 45 minutes.")
    found = lint(text, RULE)
    later = [f.text for f in found]
    assert len(later) == len(set(later))


def test_implicit_subjects_are_compared_only_nearby(lint):
    filler = " ".join(f"Step {i} is described in the booklet." for i in range(12))
    text = f"Anesthesia is not needed. {filler} Anesthesia is needed."
    assert lint(text, RULE) == []
    assert len(lint("Anesthesia is not needed. The scan is quick. Anesthesia is needed.", RULE)) == 1


# -- configuration ------------------------------------------------------------------------
def test_threshold_is_configurable(lint, tmp_path):
    text = "Sessions last about three hours. Each session lasts 45 minutes."
    assert len(lint(text, RULE)) == 1
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  contradiction:\n    threshold: 0.95\n")
    assert lint(text, RULE, config=str(cfg)) == []


def test_synonyms_are_configurable(lint, tmp_path):
    text = "Medicare covers physio. Physiotherapy is not covered by Medicare."
    assert lint(text, RULE) == []
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  contradiction:\n    extend-synonyms: {physio: physiotherapy}\n")
    assert len(lint(text, RULE, config=str(cfg))) == 1


# -- the parts -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lexicon():
    from healthlint.claims.lexicon import Lexicon
    from healthlint.config import default_config

    cfg = default_config()
    return Lexicon(cfg.rules[RULE].options, cfg.cues, set(), {})


@pytest.mark.parametrize(
    "text, measure, lo, hi",
    [
        ("sessions last about three hours", "duration", 180, 180),
        ("each session lasts 45 minutes", "duration", 45, 45),
        ("an hour and a half", "duration", 90, 90),
        ("8 to 12 weeks", "duration", 8 * 10080, 12 * 10080),
        ("the program costs $10,000", "cost", 10000, 10000),
        ("ten thousand dollars", "cost", 10000, 10000),
        ("about 1 in 10 people", "percent", 10, 10),
        ("three times a week", "frequency", 3, 3),
        ("twice a day", "frequency", 14, 14),
        ("at age 45", "age", 45, 45),
        # the shapes parse() gates on cheap tests ('%'/'percent' or not; 'day'/'week'/'month')
        ("10% of people", "percent", 10, 10),
        ("ten percent of adults", "percent", 10, 10),
        ("take it every other day", "frequency", 3.5, 3.5),
        ("3 times per month", "frequency", 3 * 12 / 52.18, 3 * 12 / 52.18),
        ("weekly sessions", "frequency", 1, 1),
        ("it helps to practise each day", "frequency", 7, 7),
    ],
)
def test_quantities_convert_to_base_units(lexicon, text, measure, lo, hi):
    from healthlint.claims.quantities import QuantityParser

    [q] = [q for q in QuantityParser(lexicon).parse(text) if q.measure == measure]
    assert (q.lo, q.hi) == pytest.approx((lo, hi), rel=1e-3)


def test_bounds_and_approximations_are_marked(lexicon):
    from healthlint.claims.quantities import QuantityParser, conflict

    qp = QuantityParser(lexicon)
    [bound] = qp.parse("up to 3 hours")
    assert bound.bound
    [a] = qp.parse("about 60 minutes")
    [b] = qp.parse("70 minutes")
    assert a.approx and not conflict(a, b, 0.1, 0.3)
    [c] = qp.parse("45 minutes")
    [d] = qp.parse("3 hours")
    assert conflict(c, d, 0.1, 0.3)


def test_acronyms_the_article_defines():
    from healthlint.claims.subjects import find_acronyms

    got = find_acronyms("Intensive outpatient programs (IOPs) and cognitive behavioral therapy (CBT) help.")
    assert got["iop"] == "intensive outpatient program"
    assert got["cbt"] == "cognitive behavioral therapy"


def test_parse_decides_subject_and_negation_when_a_model_is_used():
    """The --model path: a dependency parse (built by hand here) sets subject and negation scope."""
    import spacy
    from spacy.tokens import Doc

    from healthlint.claims.lexicon import Lexicon
    from healthlint.claims.scope import SentView, parsed_negation
    from healthlint.claims.subjects import parsed_subject
    from healthlint.config import default_config

    words = ["The", "program", "that", "is", "not", "cheap", "is", "effective", "."]
    heads = [1, 7, 5, 5, 5, 1, 7, 7, 7]
    deps = ["det", "nsubj", "nsubj", "cop", "neg", "relcl", "cop", "ROOT", "punct"]
    doc = Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)
    assert doc.has_annotation("DEP")
    cfg = default_config()
    lex = Lexicon(cfg.rules[RULE].options, cfg.cues, set(), {})
    span = doc[:]
    sv = SentView(0, 0, doc.text, lex, span=span, parsed=True)
    at_effective = doc.text.index("effective")
    at_cheap = doc.text.index("cheap")
    assert parsed_subject(sv, at_effective) == "The program that is not cheap"
    assert parsed_negation(sv, at_cheap) is True
    # the negation inside the relative clause does not reach the main claim
    assert parsed_negation(sv, at_effective) is False
    # without a parse, the model-free path decides
    plain = SentView(0, 0, doc.text, lex, span=span, parsed=False)
    assert parsed_negation(plain, at_cheap) is None and parsed_subject(plain, at_effective) is None


# -- cost --------------------------------------------------------------------------------
def test_comparisons_are_bounded_per_bucket(monkeypatch, lint):
    """No all-pairs comparison: each claim meets at most max_compare earlier claims per bucket."""
    import healthlint.claims.compare as compare

    calls = {"n": 0}
    real = compare.score

    def counting(a, b, o):
        calls["n"] += 1
        return real(a, b, o)

    monkeypatch.setattr(compare, "score", counting)
    n = 400
    text = " ".join("Sessions last about three hours." for _ in range(n))
    lint(text, RULE)
    assert 0 < calls["n"] <= n * 30


def test_overlong_sentences_are_not_read(lint, tmp_path):
    """A table or list run together into one 'sentence' is skipped (it would cost quadratic time)."""
    filler = " ".join(["and the clinic has a garden"] * 60)
    text = f"Sessions last about three hours. Each session lasts 45 minutes {filler}."
    assert len(text.split(".")[1]) > 1500
    assert lint(text, RULE) == []
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text("rules:\n  contradiction:\n    max_sentence_chars: 5000\n")
    assert len(lint(text, RULE, config=str(cfg))) == 1


def test_sentence_runs_match_the_run_pattern(lexicon):
    """SentView.words (bytes.translate + split) is the set of lexicon.RUN matches, on any text."""
    import random

    from healthlint.claims.lexicon import RUN
    from healthlint.claims.scope import SentView

    rnd = random.Random(7)
    alphabet = "abyz0189 .,-'’\n\t\u00e9\u00a0$%_ZÀ漢\ud800"
    for _ in range(3000):
        low = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 30)))
        sv = SentView.__new__(SentView)
        sv.__dict__["low"] = low
        assert sv.words == frozenset(RUN.findall(low)), low


def test_a_repeated_sentence_is_read_from_its_entry(lexicon):
    """SentView.from_entry(SentView.entry()) gives the view the same text would give."""
    from healthlint.claims.quantities import QuantityParser
    from healthlint.claims.scope import SentView

    text = 'Most sessions (the "short" ones) last about 45 minutes, except in 2010. Then it is free.'
    first = SentView(3, 100, text, lexicon)
    qp = QuantityParser(lexicon)
    first.__dict__["quantities"] = qp.parse(first.low)
    first.__dict__["frame_names"] = ("frequency", "quantity")
    _ = first.words, first.asserts, first.exception, first.times
    again = SentView.from_entry(8, 500, text, lexicon, first.entry())
    fresh = SentView(8, 500, text, lexicon)
    assert (again.index, again.start, again.low) == (8, 500, fresh.low)
    assert (again.words, again.asserts, again.exception, again.times) == (
        fresh.words, fresh.asserts, fresh.exception, fresh.times)
    assert again.__dict__["quantities"] == qp.parse(fresh.low)
    assert again.__dict__["frame_names"] == ("frequency", "quantity")


def test_literal_trie_matches_like_the_plain_alternation():
    """quantities._literal_trie(words) finds what "|".join(re.escape(w)) of the words longest
    first finds (same spans, same backtracking into a shorter word), on random text."""
    import random
    import re

    from healthlint.claims.quantities import _literal_trie

    rnd = random.Random(11)
    pool = ["a", "an", "and", "one", "once", "six", "sixty", "seven", "s", "hour", "hours", "hr", "h", "$", "a.b",
            "x y", ""]
    for _ in range(300):
        words = sorted(rnd.sample(pool, rnd.randint(1, len(pool))), key=len, reverse=True)
        plain = "|".join(re.escape(w) for w in words)
        trie = _literal_trie(words)
        for tail in (r"\b", r"\s+days?", ""):  # what follows decides which word the match keeps
            a, b = re.compile(f"(?:{plain}){tail}"), re.compile(f"(?:{trie}){tail}")
            for _ in range(20):
                text = "".join(rnd.choice(["a", "n", "d", "o", "ne", "ce", "six", "ty", " ", "s", "hour", "$", ".",
                                           "x y", " day", "b"]) for _ in range(rnd.randint(0, 12)))
                assert [m.span() for m in a.finditer(text)] == [m.span() for m in b.finditer(text)], (words, text)


def test_quantity_parser_matches_with_factored_word_lists(lexicon):
    """The parser's patterns built with _literal_trie give the quantities the plain word
    alternations gave, on phrases made of number words, units and digits."""
    import random
    import re

    from healthlint.claims import quantities as Q

    new = Q.QuantityParser(lexicon)
    plain = Q._literal_trie
    try:
        Q._literal_trie = lambda words: "|".join(re.escape(w) for w in words)
        old = Q.QuantityParser(lexicon)
    finally:
        Q._literal_trie = plain
    rnd = random.Random(5)
    toks = list(lexicon.number_words) + list(lexicon.units) + ["1", "12", "3.5", "1,000", "$", "-", "to", "or",
                                                                "and", "half", "per", "day", "in", "of", "out",
                                                                "every", "at", "age", "lasts", "costs", "is"]
    for _ in range(4000):
        sep = rnd.choice([" ", "", "-"])
        low = sep.join(rnd.choice(toks) for _ in range(rnd.randint(1, 10)))
        assert [q.as_tuple() for q in new.parse(low)] == [q.as_tuple() for q in old.parse(low)], low
        assert new.may_claim(low) == old.may_claim(low), low


def test_money_pattern_without_dollars_matches_like_the_full_one(lexicon):
    """QuantityParser.money_sign (used when the text lacks "dollars") finds what money finds."""
    import random

    from healthlint.claims.quantities import QuantityParser

    qp = QuantityParser(lexicon)
    rnd = random.Random(3)
    toks = ["$", "$ ", "10", "1,500", "2.5", "k", " thousand", " million", " to ", "-", "or", " a ", " per ",
            "week", "session", "dollar", "ten", " us ", "x", " "]
    for _ in range(5000):
        low = "".join(rnd.choice(toks) for _ in range(rnd.randint(1, 12)))
        if "dollars" in low:
            continue
        full = [(m.span(), m.groupdict()) for m in qp.money.finditer(low)]
        assert [(m.span(), m.groupdict()) for m in qp.money_sign.finditer(low)] == full, low


def test_percent_pattern_without_shares_matches_like_the_full_one(lexicon):
    """QuantityParser.percent_only (used when the text has "%" but neither "percent" nor a
    "1 in 10", see _IN_DIGIT) finds what percent_sign finds, groups included."""
    import random

    from healthlint.claims.quantities import _IN_DIGIT, QuantityParser

    qp = QuantityParser(lexicon)
    rnd = random.Random(9)
    toks = ["1", "12", "1,000", "1,00", "3.5", ".", "%", " %", "-", " to ", "\u2013", "a", "_", "x", " ", "in", " in ",
            "one", "of", "\u00e9", "\u0663"]
    tried = 0
    for _ in range(20000):
        low = "".join(rnd.choice(toks) for _ in range(rnd.randint(1, 10)))
        if _IN_DIGIT.search(low):
            continue
        tried += 1
        full = [(m.span(), m.groupdict()) for m in qp.percent_sign.finditer(low)]
        assert [(m.span(), m.groupdict()) for m in qp.percent_only.finditer(low)] == full, low
    assert tried > 10000


def test_guard_union_rules_out_only_sentences_no_word_guard_passes(lexicon):
    """_frame_names' first test (the union of the word guards' runs) gives the frames the
    guards one by one give, on every fixture sentence and on random ones."""
    import random
    import re
    from pathlib import Path

    from healthlint.claims.extraction import Extractor
    from healthlint.claims.quantities import QuantityParser
    from healthlint.claims.scope import SentView

    qp = QuantityParser(lexicon)
    fast, slow = Extractor(lexicon, qp, None), Extractor(lexicon, qp, None)
    assert fast._GUARD_RUNS
    slow._GUARD_RUNS = None
    sentences = []
    for p in sorted(Path(__file__).resolve().parents[1].joinpath("fixtures").rglob("*.txt")):
        sentences += re.split(r"(?<=[.!?])\s+|\n\n", p.read_text(encoding="utf-8"))
    rnd = random.Random(4)
    vocab = ["most", "people", "it", "is", "safe", "free", "costs", "$5", "10%", "lasts", "3", "hours", "must",
             "recommended", "for", "insurance", "covers", "rare", "always", "keep", "working", "the", "program",
             "not", "without", "a", "prescription", "once", "a", "week", "day", "one", "in", "10", "(", ")", '"']
    sentences += [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 14))) for _ in range(3000)]
    shortcut = 0
    for i, text in enumerate(sentences):
        a, b = SentView(i, 0, text, lexicon), SentView(i, 0, text, lexicon)
        assert fast._frame_names(a) == slow._frame_names(b), text
        shortcut += fast._GUARD_RUNS.isdisjoint(a.words)
    assert shortcut > 100  # the shortcut was taken


def test_parse_with_the_sentence_runs_gives_the_same_quantities(lexicon):
    """QuantityParser.parse(low, runs) (the unit scan skipped when no unit is a run of the text)
    gives what parse(low) gives."""
    import random

    from healthlint.claims.quantities import QuantityParser
    from healthlint.claims.scope import SentView

    qp = QuantityParser(lexicon)
    assert qp._unit_runs
    rnd = random.Random(6)
    toks = ["3", "10", "half", "an", "hour", "hours", "-", "day", "days", "mg", "10mg", "a", "week", "lasts", "of",
            "_", "x", "\u00e9", "(", ")", "per", "two", "weeks-long", " "]
    for _ in range(5000):
        text = " ".join(rnd.choice(toks) for _ in range(rnd.randint(1, 10)))
        sv = SentView(0, 0, text, lexicon)
        got = [q.as_tuple() for q in qp.parse(sv.low, sv.words)]
        assert got == [q.as_tuple() for q in qp.parse(sv.low)], text


def test_narrowed_percent_gate_gives_the_same_quantity_claims(lexicon, monkeypatch):
    """Extractor._parse_ok with _PERCENT_TAIL (a "%" or "percent" admits a sentence only when
    "of ..." or a people noun follows it) gives the quantity claims of the plain gate
    (QuantityParser.may_claim without it), on fixture and random sentences, and rejects some."""
    import random
    import re
    from pathlib import Path

    from healthlint.claims import extraction
    from healthlint.claims.quantities import QuantityParser
    from healthlint.claims.scope import SentView
    from healthlint.claims.subjects import Resolver

    qp = QuantityParser(lexicon)
    ex = extraction.Extractor(lexicon, qp, Resolver(lexicon, "", {}, lambda i: None))
    sentences = []
    for p in sorted(Path(__file__).resolve().parents[1].joinpath("fixtures").rglob("*.txt")):
        sentences += re.split(r"(?<=[.!?])\s+|\n\n", p.read_text(encoding="utf-8"))
    rnd = random.Random(12)
    vocab = ["10%", "10", "%", " %", "percent", "ten", "of", "people", "patients", "women", "in", "1", "out", "adults",
             "the", "rose", "by", "up", "to", "costs", "$40", "lasts", "3", "hours", "a", "week", "about", "is", "are",
             "(", ")", '"', ",", "cases", "men", "children", "ofthe", "people-first", "percentage", "%of"]
    sentences += [" ".join(rnd.choice(vocab) for _ in range(rnd.randint(1, 12))) for _ in range(6000)]

    def claims(text):
        sv = SentView(0, 0, text, lexicon)
        return [(c.predicate, c.subject, c.start, c.end, c.value, c.hedged, c.keys) for c in ex.quantity(sv)], \
            sv.__dict__.get("parse_ok")

    narrowed = [claims(t) for t in sentences]
    monkeypatch.setattr(extraction, "_PERCENT_TAIL", None)
    plain = [claims(t) for t in sentences]
    assert [c for c, _ in narrowed] == [c for c, _ in plain]
    assert sum(1 for c, _ in narrowed if any(k[0] == "percent" for k in c)) > 100  # shares that claim
    assert sum(1 for (_, a), (_, b) in zip(narrowed, plain) if b and not a) > 300  # the gate rejects some


def test_verb_gate_searched_after_a_separator_agrees_with_the_look_behind_gate(lexicon):
    """QuantityParser._verb_gate_sep in " " + text finds a match exactly when _verb_gate finds one
    in the text (may_claim uses only whether there is one), on random text of measure verbs,
    amount words, quantity starts and word characters around them."""
    import random

    from healthlint.claims.quantities import QuantityParser

    qp = QuantityParser(lexicon)
    assert qp._verb_gate_sep is not None
    rnd = random.Random(13)
    toks = ["lasts", "costs", "is", "are", "takes", "about", "for", "3", "$", "every", "at", "once", "ten", "hours",
            "x", "-", "_", "é", "\u0663", " ", "\n", ".", "(", "a", "half", "thislasts", "is-", "-is", "usually"]
    hits = 0
    for _ in range(20000):
        low = "".join(rnd.choice(toks) + rnd.choice(["", " ", " ", "\n"]) for _ in range(rnd.randint(1, 8)))
        want = qp._verb_gate.search(low) is not None
        assert (qp._verb_gate_sep.search(" " + low) is not None) == want, low
        hits += want
    assert hits > 1000
