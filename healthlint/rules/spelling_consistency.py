"""## spelling-consistency

**What it does**
Finds an article that spells the same word both the US and the UK way:
"program" and "programme", "behavior" and "behavioural", "pediatric" and
"paediatrician".  Inflected forms count as the same word (a form whose US
spelling starts with another entry's US spelling joins that entry's family:
"behaviors" and "behavioral" belong to "behavior").

Which spelling wins:

1. a locale set in the project configuration (`locale: en-GB` in
   `.healthlint.yaml`): its spelling (`locales: <locale>: spelling:` in
   `rules.yaml`), and every form of the other kind is flagged;
2. otherwise the article's majority for that word; on a tie, the majority
   over all the article's US and UK forms; if that ties too, the form the
   article used first.  The later-used form is flagged.

Capitalised words inside names ("Centers for Disease Control", "World Health
Organization" mid-sentence), quotations, reference lists and the `exceptions`
phrases are not counted: UK English spells software "program" ("computer
program").  Only words the article uses both ways are reported; an article
written wholly in one variant is left alone.

**Why it matters**
Mixed spelling reads as careless copy-and-paste from several sources and
undermines trust in the page; health publishers' style guides ask for one
variant throughout.

**Example**
    The programme runs for 12 weeks. Each program session lasts an hour.

**Use instead**
    The programme runs for 12 weeks. Each programme session lasts an hour.

A fix (`--fix`) replaces the word with the preferred spelling, keeping its
case, when the locale decided or the majority is clear (at least
`majority_for_fix` times the other form's count).

**Options**
- `pairs`: US form -> UK form, every inflection listed (programs: programmes).
- `exceptions`: phrases whose words are not counted ("computer program").
- `majority_for_fix`: how many times more frequent the majority form must be
  for a fix when no locale is configured (default 2).

**Default severity**
info: a house-style issue, not a safety or accuracy problem.

**References**
NHS digital service manual, content style guide (UK spelling throughout);
AP Stylebook and AMA Manual of Style (US spelling); the general editorial rule
of one spelling variant per document (Oxford/Chicago style consistency).
"""
from __future__ import annotations

from .base import Rule
from ..cues import in_quotes, in_reference_list
from ..scan import PhraseGroup
from ..fixes import match_case



_NAME_LINKS = {"for", "of", "on", "and"}


class SpellingConsistency(Rule):
    id = "spelling-consistency"
    summary = "The same word spelled both the US and the UK way in one article."
    category = "language"
    guideline = "NHS content style guide; AP/AMA style (one spelling variant)"
    fixable = True

    def setup(self, nlp):
        from spacy.matcher import PhraseMatcher

        pairs = {us.lower(): uk.lower() for us, uk in (self.options.get("pairs") or {}).items()}
        us_forms = sorted(pairs, key=len)
        # form -> (family, variant, the other variant's form)
        self.forms: dict[str, tuple[str, str, str]] = {}
        for us in us_forms:
            family = next(f for f in us_forms if us.startswith(f))
            self.forms[us] = (family, "us", pairs[us])
            self.forms.setdefault(pairs[us], (family, "uk", us))
        # Found in the PhraseMatcher pass shared with other rules (one per document).  Each
        # one-word form is a list of its own, so a match says which form it is (no Token read).
        self.matcher = PhraseGroup(nlp)
        self._form_of_key: dict[int, str] | None = None
        if self.forms:
            docs = {f: nlp.make_doc(f) for f in self.forms}
            if all(len(d) == 1 for d in docs.values()):
                self._form_of_key = {self.matcher.add(f, [d]): f for f, d in docs.items()}
            else:
                self.matcher.add("FORM", list(docs.values()))
        self.exceptions = PhraseMatcher(nlp.vocab, attr="LOWER")
        exc = [e for e in self.options.get("exceptions") or () if e.strip()]
        if exc:
            self.exceptions.add("EXC", [nlp.make_doc(e) for e in exc])
        self.ratio = float(self.options.get("majority_for_fix", 2.0))

    @staticmethod
    def _in_name(doc, tok) -> bool:
        """A capitalised word that belongs to a name rather than to running prose."""
        if not tok.text[:1].isupper():
            return False
        if not tok.is_sent_start and tok.i > 0 and not doc[tok.i - 1].is_punct:
            return True  # capitalised mid-sentence
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is None:
            return False
        if nxt.is_alpha and nxt.text[:1].isupper():
            return True  # "Centers Disease..." / "Behaviour Therapy"
        after = doc[tok.i + 2] if tok.i + 2 < len(doc) else None
        return nxt.lower_ in _NAME_LINKS and after is not None and after.text[:1].isupper()

    def check(self, ctx):
        doc = ctx.doc
        matches = self.matcher(ctx)
        if not matches:
            return
        # Findings need a family written both ways; the checks below only drop words, so an
        # article without such a family (nearly all) needs none of them.
        seen: dict[str, str] = {}
        form_of_key = self._form_of_key
        for key, s, _e in matches:
            # A one-word form's match is that word (its lower-case form is the form).
            form = self.forms.get(form_of_key[key] if form_of_key is not None else doc[s].lower_)
            if form is None or seen.setdefault(form[0], form[1]) != form[1]:
                break
        else:
            return
        excluded = set()
        for _, s, e in self.exceptions(doc):
            excluded.update(range(s, e))
        families: dict[str, list] = {}
        totals = {"us": 0, "uk": 0}
        for _, s, _e in matches:
            tok = doc[s]
            if s in excluded or self._in_name(doc, tok):
                continue
            if in_quotes(ctx, tok.idx, tok.idx + len(tok)) or in_reference_list(ctx, tok.idx):
                continue
            family, variant, other = self.forms[tok.lower_]
            families.setdefault(family, []).append((tok, variant, other))
            totals[variant] += 1

        spelling = None
        if ctx.config.locale_explicit:
            spelling = (ctx.config.locales.get(ctx.locale) or {}).get("spelling")
        for family, occ in families.items():
            count = {"us": 0, "uk": 0}
            for _, variant, _ in occ:
                count[variant] += 1
            if not count["us"] or not count["uk"]:
                continue
            if spelling in ("us", "uk"):
                preferred, fixable = spelling, True
                why = f"the configured locale {ctx.locale} uses {spelling.upper()} spelling"
            elif count["us"] != count["uk"]:
                preferred = "us" if count["us"] > count["uk"] else "uk"
                minority = count["uk" if preferred == "us" else "us"]
                fixable = count[preferred] >= self.ratio * minority
                why = f"the article uses it {count[preferred]} times against {minority}"
            elif totals["us"] != totals["uk"]:
                preferred = "us" if totals["us"] > totals["uk"] else "uk"
                fixable = False
                why = f"most of the article's spellings are {preferred.upper()}"
            else:
                preferred, fixable = occ[0][1], False
                why = "the article uses it first"
            anchor = next(t for t, v, _ in occ if v == preferred)
            anchor_range = (anchor.idx, anchor.idx + len(anchor))
            for tok, variant, other in occ:
                if variant == preferred:
                    continue
                start, end = tok.idx, tok.idx + len(tok)
                repl = match_case(tok.text, other)
                fix = None
                if fixable:
                    from ..findings import Edit

                    fix = [Edit(start, end, repl)]
                yield self.finding(
                    start,
                    end,
                    f"{variant.upper()} spelling '{tok.text}' in an article that also writes '{anchor.text}'",
                    suggestion=f"Write '{repl}': {why}.",
                    related=[anchor_range],
                    fix=fix,
                )


RULE = SpellingConsistency
