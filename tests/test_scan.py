"""healthlint.scan: scans started from literal text find what finditer finds."""
from __future__ import annotations

import random
import re

from healthlint.scan import Needles, matches_from, occurrences


def test_occurrences_are_sorted_and_include_overlaps():
    assert occurrences("aaaa per Per", ["aa", "per", "Per"]) == [0, 1, 2, 5, 9]
    assert occurrences("", ["x"]) == [] and occurrences("abc", []) == []


def test_needles_find_every_occurrence_of_each_string_as_occurrences_does():
    strings = ["ab", "aba", "bab", "b", "abab", "c", "ca"]
    needles = Needles(strings)
    assert needles.base == ["b", "c"]  # every other string holds one of them
    rng = random.Random(4)
    for _ in range(2000):
        text = "".join(rng.choice("abc ") for _ in range(rng.randint(0, 30)))
        found = needles.find(text)
        assert found == {s: occurrences(text, [s]) for s in strings}, text


def test_matches_from_the_openers_equal_finditer():
    rng = random.Random(4)
    rx = re.compile(r"(?:\$|per)\s?\d+(?:\.\d+)?(?:\s?(?:per|a)\s\w+)?")
    pieces = ["$", "per", " ", "5", "12.5", "a", "day", "per", "x", "$$"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 20)))
        got = [m.span() for m in matches_from(rx, text, occurrences(text, ["$", "per"]))]
        assert got == [m.span() for m in rx.finditer(text)], text


def test_phrase_groups_share_one_pass_and_get_what_their_own_matcher_finds():
    from spacy.matcher import PhraseMatcher

    from healthlint.nlp import get_pipeline, make_doc
    from healthlint.rules import CheckContext
    from healthlint.scan import PhraseGroup

    nlp = get_pipeline(None)
    lists = {
        "g1": {"x": ["a", "an"], "y": ["in are", "in"]},
        "g2": {"z": ["most people", "people", "a"]},
    }
    groups, own = {}, {}
    for g, labels in lists.items():
        groups[g] = PhraseGroup(nlp)
        own[g] = PhraseMatcher(nlp.vocab, attr="LOWER")
        for label, phrases in labels.items():
            groups[g].add(label, list(nlp.tokenizer.pipe(phrases)))
            own[g].add(label, list(nlp.tokenizer.pipe(phrases)))
    again = PhraseGroup(nlp)  # the same list again: no new phrases in the matcher
    shared = groups["g1"].shared
    n_keys = len(shared.keys)
    again.add("x", list(nlp.tokenizer.pipe(["a", "an"])))
    assert again.shared is shared and len(shared.keys) == n_keys
    text = "Most people in are sure: an apple a day. People in Are, A people."
    doc = nlp(make_doc(nlp, text))
    ctx = CheckContext(doc=doc, document=None, config=None)
    for g, group in groups.items():
        got = [(group.labels[k], s, e) for k, s, e in group(ctx)]
        want = [(nlp.vocab.strings[k], s, e) for k, s, e in own[g](doc)]
        assert got == want and got, g
    assert [(again.labels[k], s, e) for k, s, e in again(ctx)] == [
        (l, s, e) for l, s, e in [(groups["g1"].labels[k], s, e) for k, s, e in groups["g1"](ctx)] if l == "x"]


def test_required_chars_are_the_top_level_literals_every_match_consumes():
    from healthlint.scan import rarest, required_chars

    assert required_chars(r"https?://\S+") == "http://"  # the optional "s" is not required
    assert required_chars(r"(?:a|b)\[\d+\]") == "[]"  # nothing inside a group or branch
    assert required_chars(r"(?i)\[(?:city|state)\]") == "[]"  # no letters under IGNORECASE
    assert required_chars(r"(?i)PMID") == "" and required_chars("(") == ""  # unreadable: nothing
    assert rarest("http://") == "/" and rarest("") == ""


def test_a_scan_without_its_rarest_required_character_finds_nothing_as_finditer():
    from healthlint.scan import AnchoredScan

    rng = random.Random(5)
    for pattern in (r"https?://\S+", r"\[\d+(?:\s*[,-]\s*\d+)*\]", r"PMID:?\s*\d+", r"10\.\d{4,9}/\S+"):
        scan = AnchoredScan(pattern)
        assert scan.gate
        pieces = ["http", "s", "://", "x", " ", "[", "]", "12", ",", "PMID", ":", "10.", "1234", "/", "ab"]
        for _ in range(2000):
            text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
            assert scan.starts(text) == [m.start() for m in re.finditer(pattern, text)], (pattern, text)


def test_a_dropped_group_leaves_the_shared_matcher():
    import gc

    from healthlint.nlp import get_pipeline, make_doc
    from healthlint.rules import CheckContext
    from healthlint.scan import PhraseGroup

    nlp = get_pipeline(None)
    keep = PhraseGroup(nlp)
    keep.add("w", list(nlp.tokenizer.pipe(["zorbly"])))
    gone = PhraseGroup(nlp)
    gone.add("w", list(nlp.tokenizer.pipe(["zorbly"])))  # the same list: shared
    gone.add("v", list(nlp.tokenizer.pipe(["quuxish"])))  # its own list
    shared = keep.shared
    n_patterns = len(shared.matcher)
    del gone
    gc.collect()
    assert len(shared.matcher) == n_patterns - 1  # "quuxish" left, "zorbly" kept for `keep`
    doc = nlp(make_doc(nlp, "A zorbly and quuxish day."))
    ctx = CheckContext(doc=doc, document=None, config=None)
    assert [(keep.labels[k], s, e) for k, s, e in keep(ctx)] == [("w", 1, 2)]


def test_keyed_by_shared_part_puts_every_string_under_one_key_it_holds():
    from healthlint.scan import keyed_by_shared_part

    items = ["written by", "edited by", "reviewed by", "author", "", "by"]
    groups = keyed_by_shared_part(items, 3)
    placed = [s for _, members in groups for s, _ in members]
    assert sorted(placed) == sorted(s for s in items if s)  # each non-empty string exactly once
    for key, members in groups:
        for s, at in members:
            assert s[at:at + len(key)] == key
    assert groups[0][0] == " by"  # held by the most strings (3), then the longest
    # a preferred part takes its strings first, whatever the counts
    pref = keyed_by_shared_part(["a study", "the study", "a trial"], 4, preferred=["trial"])
    assert pref[0] == ("trial", [("a trial", 2)])
    # parts are never shorter than min_len unless the string is
    assert all(len(k) >= 4 for k, _ in keyed_by_shared_part(["a study", "the study", "x"], 4) if k != "x")


def test_match_starts_includes_overlapping_matches():
    import re

    from healthlint.scan import match_starts

    assert match_starts(re.compile("aa"), "aaaa") == [0, 1, 2]
    assert [m.start() for m in re.finditer("aa", "aaaa")] == [0, 2]  # what finditer would miss
    assert match_starts(re.compile("x"), "abc") == []


def test_a_phrase_in_several_lists_gets_the_same_kind_whatever_was_checked_before(tmp_path):
    """Shared-matcher keys depend on what was added before in the process; ties between the
    lists of one rule follow the rule's own list order instead (found in review)."""
    import healthlint

    config = tmp_path / "tied" / ".healthlint.yaml"
    config.parent.mkdir()
    config.write_text(
        "rules:\n  unsupported-claim:\n"
        "    red_flags: [miracle, wonderpill]\n"
        "    cure_words: [cure, wonderpill]\n"
        "    safety_claims: [wonderpill, totally safe]\n",
        encoding="utf-8",
    )
    other = tmp_path / "other" / ".healthlint.yaml"
    other.parent.mkdir()
    other.write_text("rules:\n  unsupported-claim:\n    cure_words: [cure, remedy for all]\n", encoding="utf-8")
    text = "This wonderpill works for everyone who tries it.\n"

    def kinds(cfg):
        return [f["message"].split(" ")[0] for f in healthlint.check_text(text, path="x.md", config=str(cfg),
                                                                         select=["unsupported-claim"])]

    first = kinds(config)
    for cfg in (other, config, other, config):
        got = kinds(cfg)
        if cfg == config:
            assert got == first
    assert first == ["red-flag"]  # red_flags is the first of the rule's lists that holds the phrase


def test_tied_matches_come_in_each_groups_own_list_order():
    """A span held by several lists: each group gets the matches in the order it added
    its lists, not in the matcher's (key-dependent) order."""
    import itertools
    from types import SimpleNamespace

    import spacy

    from healthlint.scan import SharedPhrases

    nlp = spacy.blank("en")
    shared = SharedPhrases(nlp.vocab, "LOWER")
    phrase = list(nlp.tokenizer.pipe(["wonder pill"]))
    orders = list(itertools.permutations(["red_flags", "cure_words", "safety_claims"]))
    groups = []
    for order in orders:
        g = shared.new_group()
        keys = {label: shared.add(g, label, phrase) for label in order}
        groups.append((g, order, {k: label for label, k in keys.items()}))
    ctx = SimpleNamespace(doc=nlp("A wonder pill, they say."), cache={})
    for g, order, label_of in groups:
        got = shared.matches(ctx, g)
        assert [(s, e) for _, s, e in got] == [(1, 3)] * 3
        assert tuple(label_of[k] for k, _, _ in got) == order



def test_dealt_matches_are_the_plain_dealing_on_random_lists():
    """matches() deals by a plan (one slot per list used by one group, _order_ties only for groups
    with a phrase in two of their lists): the same lists, in the same order, as dealing every match
    to every group using its list and ordering the ties of every group, on random lists and docs."""
    import random
    from types import SimpleNamespace

    import spacy

    from healthlint.scan import SharedPhrases, _order_ties

    nlp = spacy.blank("en")
    words = ["a", "an", "pill", "cure", "wonder", "miracle", "in", "are", "People", "most"]
    rnd = random.Random(9)
    tied_seen = set()
    for trial in range(40):
        shared = SharedPhrases(nlp.vocab, "LOWER")
        groups = {}
        for _ in range(rnd.randint(1, 4)):
            g = shared.new_group()
            for label in rnd.sample(["red", "cure", "safe", "x"], rnd.randint(1, 3)):
                phrases = sorted({" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 2)))
                                  for _ in range(rnd.randint(1, 3))})
                if rnd.random() < 0.3 and groups:  # a list another group already has: a shared key
                    label, phrases = rnd.choice([lp for lists in groups.values() for lp in lists])
                shared.add(g, label, list(nlp.tokenizer.pipe(phrases)))
                groups.setdefault(g, []).append((label, phrases))
        for _ in range(5):
            doc = nlp(" ".join(rnd.choice(words) for _ in range(rnd.randint(1, 15))))
            ctx = SimpleNamespace(doc=doc, cache={})
            every = shared.matcher(doc)
            for g in groups:
                want = [m for m in every if g in shared.groups[m[0]]]
                _order_ties(want, shared.ranks.get(g, {}))
                assert shared.matches(ctx, g) == want, (trial, g)
        live, _, _, ties = shared._plan()
        for g in live:
            keys = [k for k, users in shared.groups.items() if g in users]
            phrase_sets = [shared.values[k] for k in keys]
            overlap = any(a & b for i, a in enumerate(phrase_sets) for b in phrase_sets[i + 1:])
            assert (g in ties) == overlap
            tied_seen.add(overlap)
    assert tied_seen == {True, False}


def test_run_start_is_the_run_read_on_the_reversed_text():
    """_run_start (a window of the text reversed at a time, not before a floor) gives the start of
    the run of class characters ending at k as the class matched on the whole reversed text,
    or the floor when the run reaches past it; runs from none to far wider than the windows."""
    import random
    import re

    from healthlint.scan import _run_start

    back = re.compile(r"[a-z \-]*")
    rng = random.Random(8)
    for _ in range(3000):
        n = rng.choice([rng.randint(0, 80), rng.randint(0, 2000)])
        dots = rng.choice([0.0, 0.001, 0.02, 0.3])
        text = "".join("." if rng.random() < dots else rng.choice("ab -") for _ in range(n))
        k = rng.randint(0, n)
        floor = rng.randint(0, k)
        rev = text[::-1]
        want = max(floor, k - (back.match(rev, n - k).end() - (n - k)))
        assert _run_start(back.match, text, k, floor) == want, (n, k, floor)


def test_anchored_scan_with_long_runs_before_the_anchor_finds_the_starts_finditer_finds():
    """Long stretches of words and spaces before each anchor (the runs _run_start walks back
    over in windows): the starts are those of finditer."""
    import random
    import re

    from healthlint.scan import AnchoredScan

    patterns = [r"(?:[Aa]|[Tt]he|[Oo]ne)\s+(?:[a-z-]+\s+){0,2}(?:study|trial)\s+(?:\w+\s+){0,3}?found\b",
                r"[a-z]+\s*(?:foo|bar)\d", r"(?:[Aa]|[Tt]he)(?!x)\s+(?:[a-z]+\s+)?(?:study|trial)"]
    scans = [AnchoredScan(p) for p in patterns]
    assert all(s.plan is not None for s in scans)
    # The parts before the anchor searched as a regex of their own; not with a look-ahead in them.
    assert scans[0].prefix is not None and scans[1].prefix is not None and scans[2].prefix is None
    words = "a the one The data big long-term study trial found foo bar7 x y".split()
    rng = random.Random(9)
    found = 0
    for _ in range(400):
        text = "".join(rng.choice(words) + rng.choice([" ", "  ", "\n"]) + ("." if rng.random() < 0.01 else "")
                       for _ in range(rng.randint(0, 300)))
        for pattern, scan in zip(patterns, scans):
            want = [m.start() for m in re.finditer(pattern, text)]
            assert scan.starts(text) == want, pattern
            found += len(want)
    assert found > 500
