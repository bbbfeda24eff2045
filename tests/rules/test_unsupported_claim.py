"""unsupported-claim: red-flag phrases, claims of proof and total safety, cure
promises and boosted efficacy, each with the excuses its kind allows."""
from __future__ import annotations

import pytest

RULE = "unsupported-claim"


def texts(lint, text: str) -> list[str]:
    return [f.text for f in lint(text, RULE)]


# -- what it reports ------------------------------------------------------------
@pytest.mark.parametrize(
    "sentence, evidence",
    [
        ("Our program is remarkably effective at keeping people sober.", "remarkably effective"),
        ("This approach is incredibly effective for anxiety.", "incredibly effective"),
        ("Our therapy always works.", "always works"),
        ("Our 12-step method works for everyone.", "works for everyone"),
        ("This tea is a miracle cure for migraines.", "miracle cure"),
        ("Results are guaranteed.", "guaranteed"),
        ("The patch is 100% effective.", "100% effective"),
        ("Our detox is clinically proven.", "clinically proven"),
        ("The vaccine has no side effects.", "no side effects"),
        ("Our herbal tea cures anxiety.", "cures"),
        ("Scientists have made a breakthrough in addiction treatment.", "breakthrough"),
    ],
)
def test_reports_certain_claims(lint, sentence, evidence):
    assert texts(lint, sentence) == [evidence]


def test_finding_says_what_to_write_instead_and_is_a_warning(lint):
    [f] = lint("Our program is remarkably effective at keeping people sober.", RULE)
    assert f.severity == "warning"
    assert f.message == "boosted efficacy 'remarkably effective' with no evidence"
    assert "quantify with a source" in f.suggestion


def test_a_hedge_is_no_evidence_for_a_red_flag(lint):
    assert texts(lint, "This extract may be a miracle for nerve pain.") == ["miracle"]
    assert texts(lint, "This research could lead to a cure.") == ["cure"]


def test_a_citation_does_not_excuse_hype_words(lint):
    assert texts(lint, "The new drug is a miracle, according to the CDC.") == ["miracle"]


# -- negation, questions, mentions, doubt ------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "There is no cure for type 1 diabetes, but insulin keeps people well.",
        "There is no known cure for the condition.",
        "Acupuncture is not a miracle.",
        "No single treatment works for everyone.",
        "No drug has been found to be completely effective against the parasite.",
        "A cure has not yet been found.",
        "Medication does not always work the first time.",
        "There is no guarantee that treatment will work.",
        "Treatment cannot cure the condition.",
        "Medicines can control cholesterol, but they dont cure it.",
    ],
)
def test_negated_claims_are_not_reported(lint, sentence):
    assert texts(lint, sentence) == []


def test_questions_mentions_and_warnings_are_not_claims(lint):
    assert texts(lint, "Can hepatitis C be cured?") == []
    assert texts(lint, 'Avoid words like "miracle" and "guaranteed" in your copy.') == []
    assert texts(lint, "Beware of supplements sold as a cure for cancer.") == []


# -- what each kind lets excuse it ----------------------------------------------------
@pytest.mark.parametrize(
    "sentence",
    [
        "Hepatitis C can be cured with antiviral medicines in most people.",
        "Treatment can cure many early-stage cancers.",
        "Testicular cancer can usually be cured.",
        "Melanoma that has spread is harder to cure.",
        "The goal of this research is to find ways to prevent and ultimately cure these disorders.",
        "When the cancer grows, treatment is given to cure it.",
    ],
)
def test_qualified_clinical_cure_statements_are_not_reported(lint, sentence):
    assert texts(lint, sentence) == []


def test_a_bare_can_cure_is_still_a_promise(lint):
    assert texts(lint, "Our supplement can cure arthritis.") == ["cure"]


def test_a_citation_backs_a_proof_claim_in_the_same_or_next_sentence(lint):
    assert texts(lint, "The patch is clinically proven. A 2021 trial found that 60% of users quit [1].") == []
    assert texts(lint, "The patch is clinically proven. It comes in three strengths.") == ["clinically proven"]


def test_a_qualifier_excuses_a_safety_claim_but_not_a_red_flag(lint):
    assert texts(lint, "Most people have no side effects from the vaccine.") == []
    assert texts(lint, "Most clients call our program a miracle.") == ["miracle"]


def test_a_hedge_excuses_boosted_efficacy(lint):
    assert texts(lint, "Therapy can be incredibly effective.") == []


def test_advice_is_not_boosted_efficacy(lint):
    assert texts(lint, "Always work with your doctor. You should always work closely with your nurse.") == []


# -- clinical terms ------------------------------------------------------------------
def test_clinical_terms_with_red_flag_words_are_not_reported(lint):
    text = (
        "Breakthrough bleeding is common in the first months on the pill. "
        "Breakthrough pain flares up between doses. "
        "The FDA gave the drug breakthrough therapy designation. "
        "Processed and cured meats raise the risk of bowel cancer."
    )
    assert texts(lint, text) == []


def test_options_come_from_rules_yaml(tmp_path, lint):
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  unsupported-claim:\n    extend-red_flags: ["instant detox"]\n')
    findings = lint("Try our instant detox today.", RULE, config=str(cfg))
    assert [f.text for f in findings] == ["instant detox"]


def test_a_qualifier_inside_the_claim_does_not_excuse_it(lint):
    assert texts(lint, "Our detox program is 100% safe and risk-free.") == ["100% safe", "risk-free"]


def test_a_booster_that_is_also_a_red_flag_is_both(tmp_path, lint):
    """A word on both lists is found as a red flag and as a booster (its own group in the shared pass)."""
    text = "This tea is incredibly effective."
    assert texts(lint, text) == ["incredibly effective"]
    cfg = tmp_path / ".healthlint.yaml"
    cfg.write_text('rules:\n  unsupported-claim:\n    extend-red_flags: ["incredibly"]\n')
    findings = lint(text, RULE, config=str(cfg))
    assert [f.text for f in findings] == ["incredibly effective"]  # the longer claim wins, as before
    from conftest import get_linter

    linter = get_linter([RULE], str(cfg))
    rule = next(r for r in linter.rules_for(linter.resolver.for_file("<text>")) if r.id == RULE)
    # Boosters and claim phrases are separate groups of one matcher pass per document.
    assert rule.booster_anchor.shared is rule.phrases.shared
    assert set(rule.booster_anchor.labels.values()) == {"booster"}


@pytest.mark.parametrize("gap", [0, 1, 2])
def test_boosted_ends_are_the_matcher_matches_at_the_booster(gap):
    """_boosted_ends reads the Matcher's patterns token by token: on random token runs (boosters,
    efficacy words, punctuation, spaces, line breaks that start sentences) it gives the ends of
    exactly the matches the Matcher finds starting at each booster in its window."""
    import random

    from conftest import get_linter

    linter = get_linter([RULE])
    rule = next(r for r in linter.rules_for(linter.resolver.for_file("<text>")) if r.id == RULE)
    rule.gap = gap
    from spacy.matcher import Matcher

    boosters, efficacy = sorted(rule.booster_words), sorted(rule.efficacy_words)
    matcher = Matcher(linter.nlp.vocab)  # the patterns the rule ran before, as the reference
    pattern_gap = {"IS_PUNCT": False, "IS_SPACE": False, "IS_SENT_START": False}
    matcher.add("boosted", [
        [{"LOWER": {"IN": boosters}}] + [dict(pattern_gap) for _ in range(n)]
        + [{"LOWER": {"IN": efficacy}, "IS_SENT_START": False}]
        for n in range(gap + 1)
    ])
    from spacy.tokens import Doc

    words = ["Remarkably", "incredibly", "EXTREMELY", "effective", "Works", "helped", "very", "the", ",", ".",
             "-", "\n", "\n\n", "it", "cure", "work"]
    rnd = random.Random(5)
    checked = 0
    for k in range(600):
        if k % 2:  # the pipeline's own sentences
            doc = linter.nlp(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 14))))
        else:  # any sentence starts (True, False or unset) on any token
            toks = [rnd.choice(words) for _ in range(rnd.randint(1, 14))]
            doc = Doc(linter.nlp.vocab, words=toks, spaces=[rnd.random() < 0.8 for _ in toks],
                      sent_starts=[rnd.choice([True, False, None]) for _ in toks])
        text = doc.text
        for start in range(len(doc)):
            if doc[start].lower_ not in rule.booster_words:
                continue
            stop = min(len(doc), start + 1 + gap + 1)
            window = doc[start:stop]
            want = sorted(m.end for m in matcher(window, as_spans=True) if m.start == start)
            assert rule._boosted_ends(doc, start, stop) == want, (text, start)
            checked += 1
    assert checked > 300


def _reference_check(rule, ctx):
    """check() as it was before the claim's sentence came from the sentence table and the
    cheap excuses moved first: a Span per claim's sentence, the excuses in their old order."""
    import bisect

    from healthlint.cues import has_citation_near, in_reference_list, is_mention
    from healthlint.rules.unsupported_claim import _CITATION_OK, _HEDGE_OK, _QUALIFIER_OK

    doc = ctx.doc
    spans = rule._candidates(ctx)
    n_sents = len(ctx.sentence_bounds)
    claims = sorted((s, e) for s, e, _ in spans)
    claim_starts = [c[0] for c in claims]
    out = []
    for span_start, span_end, kind in spans:
        first, last = doc[span_start], doc[span_end - 1]
        start, end = first.idx, last.idx + len(last)
        if in_reference_list(ctx, start) or is_mention(ctx, start, end):
            continue
        si = ctx.sentence_at(start)
        sent = ctx.sentence(si) if si < n_sents else doc[span_start:span_end].sent
        if not (sent.start <= span_start < sent.end):
            sent = doc[span_start:span_end].sent
        if rule._short_quote(ctx, start, end, sent.start_char):
            continue
        if ctx.text[sent.start_char:sent.end_char].rstrip().endswith("?"):
            continue
        if kind in _CITATION_OK and has_citation_near(ctx, si, rule.cite_window):
            continue
        cues = [(rule.cue_label[key], s, e) for key, s, e in rule.cues(sent)]
        if any(label == "doubt" for label, _, _ in cues):
            continue
        lo, hi = rule._clause(doc, (sent.start, sent.end), span_start, span_end,
                              ctx.lower[sent.start_char:sent.end_char])
        if rule._negated(doc, span_start, span_end, lo, hi):
            continue
        near = claims[bisect.bisect_left(claim_starts, lo):bisect.bisect_left(claim_starts, hi)]
        in_clause = {label for label, s, e in cues
                     if s >= lo and e <= hi and not any(s < ce and cs < e for cs, ce in near)}
        if kind == "cure_words" and rule._purpose(doc, span_start, lo):
            continue
        if kind in _QUALIFIER_OK and "qualifier" in in_clause:
            continue
        if kind in _HEDGE_OK and "hedge" in in_clause:
            continue
        out.append((start, end))
    return out


def test_check_finds_what_the_span_per_claim_order_found():
    """The claim's sentence from the sentence table and the cheap excuses first give the same
    findings as a Span per claim and the old order, on random articles of claims, citations,
    questions, quotations, mentions, negations and a reference list."""
    import random

    from conftest import get_linter

    from healthlint.nlp import make_doc
    from healthlint.rules import CheckContext

    linter = get_linter([RULE])
    config = linter.resolver.for_file("<text>")
    rule = next(r for r in linter.rules_for(config) if r.id == RULE)
    pieces = [
        "This miracle cure works.", "It is clinically proven", "and has no side effects.",
        "Can it be cured?", "Avoid words like 'miracle' here.", "There is no cure yet.",
        "According to the CDC (2021), it cures most cases.", "The treatment is remarkably effective;",
        "it may be a breakthrough", "but it is hard to cure.", "Beware of products sold as a cure.",
        "\n\nReferences\n\n", "Smith J. A guaranteed cure. 2020.", "\n", "“cure”", "It is completely safe:",
        "Studies [1] show it is risk-free.", "No drug is 100% effective.", "A cure has not been found.",
    ]
    rnd = random.Random(11)
    reported = 0
    for _ in range(250):
        text = " ".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 12)))
        doc = linter.nlp(make_doc(linter.nlp, text))
        want = _reference_check(rule, CheckContext(doc=doc, document=None, config=config))
        got = [(f.start, f.end) for f in rule.check(CheckContext(doc=doc, document=None, config=config)) or ()]
        assert got == want, text
        reported += len(got)
    assert reported > 100
