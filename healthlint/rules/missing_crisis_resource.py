"""## missing-crisis-resource

**What it does**
Finds articles that bring up suicide, suicidal thoughts, self-harm, people
hurting themselves on purpose, or overdose, and give no crisis line for the
configured locale (`locale:`, default `en-US`).  It reports the first
sentence that brings the topic up; the suggestion names the resource to add,
with its contact details for the locale.

Which resources satisfy which topic (kinds in the locale data):

* suicide, suicidal thoughts, self-harm: a suicide crisis line (988 Suicide &
  Crisis Lifeline in the US and Canada, Samaritans 116 123 in the UK and
  Ireland, Lifeline 13 11 14 in Australia, 1737 in New Zealand...), a crisis
  text line, a youth or Indigenous helpline.  An emergency number alone is
  not enough: safe-messaging guidance asks for a crisis line.
* overdose: any of those, or the emergency number (911, 999, 000...), a
  poison line (US Poison Help 1-800-222-1222), or a substance-use helpline
  (SAMHSA's National Helpline 1-800-662-4357).

A resource counts when the article names it ("Samaritans", "988 Suicide &
Crisis Lifeline", "988lifeline.org") or gives its number with a call / text /
dial / helpline cue within a few words ("call or text 988").  A bare number
is not a helpline: "the study enrolled 988 patients" does not count.  The old
US Lifeline number (1-800-273-8255) still routes and counts, but is reported
(severity info) with the current number to give instead.

Not triggers: biology and idioms ("suicide gene", "cell suicide", "suicide
inhibitor", "political suicide"); "hurt themselves" without a sign of intent
("may fall and hurt themselves"; "thoughts of hurting themselves" and "hurt
themselves on purpose" do trigger); "unintentional self-injury" and the
clinical "self-injurious behavior" / "self-mutilation" of phenotype lists
(involuntary, in genetic syndromes); words in the reference list.  Everything
else about suicide triggers, including "suicide" in a list of causes of death:
safe-messaging guidelines ask for a crisis line whenever suicide comes up.

"Overdose" triggers when the article mentions it at least twice, or in a
sentence about drug or alcohol use, the reader ("you"), children, or deaths.
So a dosing leaflet ("taking more than the recommended dose can cause an
overdose") triggers: a reader who fears an overdose needs the poison line or
the emergency number, and in the US naming Poison Help (Poison Control,
1-800-222-1222) or "call 911" satisfies the rule.  A single clinical aside
("...can follow a stroke, an infection or a medication overdose given in
hospital") does not.

**Why it matters**
Reading about suicide can raise the risk for vulnerable readers; telling them
where to get help right away lowers it.  Every safe-messaging guideline asks
for a crisis resource whenever suicide, self-harm or overdose comes up.

**Example**
```text
Depression can bring thoughts of suicide.
```

**Use instead**
```text
Depression can bring thoughts of suicide. If you are thinking about suicide,
call or text 988 (988 Suicide & Crisis Lifeline) at any time.
```

**Options** (`rules.yaml`, section `missing-crisis-resource`)
- `suicide_triggers`, `overdose_triggers`: phrases that bring the topic up.
- `self_harm_phrases` + `intent_cues`, `intent_after`: "hurt themselves" and
  the like count only with an intent cue shortly before or after.
- `not_triggers`: senses that are not about people (a trigger inside one is ignored).
- `overdose_min_mentions`, `overdose_context_cues`: when "overdose" counts (above).
- `accept_kinds`: per topic (`suicide_self_harm`, `overdose`), the resource
  kinds that satisfy it; `suggest_kinds`: the kinds named in the suggestion.
- `number_cues`, `cue_window_words`: a number counts only with a cue this close.
- The resources themselves live in the top-level `locales:` section, per
  locale a `crisis_resources:` list (name, contact, kind, `names` and
  `numbers` detection regexes, source, verified date).  **Numbers change**
  (the US moved to 988 in July 2022, Canada in November 2023): re-verify every
  entry against the service's own site before each release and update
  `verified`.

**Default severity** error: a missing crisis line is a reader-safety gap,
not a style matter.

**References**
Recommendations for Reporting on Suicide (reportingonsuicide.org); WHO/IASP
"Preventing suicide: a resource for media professionals" (2023 update);
Samaritans media guidelines (2020); Mindframe; #chatsafe.
"""
from __future__ import annotations

import re
from typing import Any

from ..cues import in_reference_list
from ..scan import Later, LaterRegexes, PhraseGroup
from .base import Rule

SUICIDE = "suicide_self_harm"
OVERDOSE = "overdose"
_TOPIC_WORDS = {SUICIDE: "suicide or self-harm", OVERDOSE: "overdose"}


def _phrase_pattern(items: list[str]) -> tuple[str, int]:
    """A case-insensitive pattern (and its flags) for the phrases, on word boundaries, any run
    of spaces or hyphens between their words."""
    items = sorted({i.strip() for i in items if i and i.strip()}, key=len, reverse=True)
    if not items:
        return r"(?!x)x", 0
    parts = [r"[\s-]+".join(re.escape(w) for w in re.split(r"[\s-]+", i)) for i in items]
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE


class _Resource:
    def __init__(self, data: dict[str, Any]):
        self.name = str(data.get("name", ""))
        self.contact = str(data.get("contact", ""))
        self.kind = str(data.get("kind", ""))
        self.prefer = data.get("prefer")
        self.names = [re.compile(p, re.IGNORECASE) for p in data.get("names") or ()]
        self.numbers = [re.compile(p, re.IGNORECASE) for p in data.get("numbers") or ()]

    def label(self) -> str:
        return f"{self.name} ({self.contact})" if self.contact else self.name


class MissingCrisisResource(LaterRegexes, Rule):
    id = "missing-crisis-resource"
    summary = "Suicide, self-harm or overdose comes up and no crisis line for the locale is given."
    category = "safety"
    guideline = "Recommendations for Reporting on Suicide; WHO/IASP 2023"
    fixable = False
    document_level = True

    # Read only for an article where a topic's phrase is found (most have none): compiled
    # then, from escaped words (LaterRegexes).
    intent_before = Later()
    intent_after = Later()
    overdose_cues = Later()
    cue_rx = Later()

    def setup(self, nlp) -> None:
        o = self.options
        # Found in the PhraseMatcher pass shared with other rules (one per document); the
        # labels of one span may come in another order than from a matcher of its own,
        # which changes nothing below (each topic is kept on its own).
        self.matcher = PhraseGroup(nlp)
        self.matcher.add(SUICIDE, list(nlp.tokenizer.pipe(o.get("suicide_triggers", []))))
        self.matcher.add(OVERDOSE, list(nlp.tokenizer.pipe(o.get("overdose_triggers", []))))
        self.matcher.add("self_harm", list(nlp.tokenizer.pipe(o.get("self_harm_phrases", []))))
        self.matcher.add("not", list(nlp.tokenizer.pipe(o.get("not_triggers", []))))
        self.later("intent_before", r"(?:" + _phrase_pattern(o.get("intent_cues", []))[0] + r")(?:\W+\w+){0,2}\W*$",
                   re.IGNORECASE)
        self.later("intent_after", r"^\W*(?:" + _phrase_pattern(o.get("intent_after", []))[0] + ")", re.IGNORECASE)
        self.overdose_min = int(o.get("overdose_min_mentions", 2))
        self.later("overdose_cues", *_phrase_pattern(o.get("overdose_context_cues", [])))
        self.later("cue_rx", *_phrase_pattern(o.get("number_cues", [])))
        self.window = int(o.get("cue_window_words", 6))
        self.accept = {k: set(v) for k, v in o.get("accept_kinds", {}).items()}
        self.suggest = {k: list(v) for k, v in o.get("suggest_kinds", {}).items()}
        self._resources: dict[str, tuple[list[_Resource], bool]] = {}

    # -- locale data -------------------------------------------------------
    def resources(self, config) -> tuple[list[_Resource], bool]:
        """The locale's resources, and whether the locale has its own list."""
        loc = config.locale
        got = self._resources.get(loc)
        if got is None:
            own = (config.locales.get(loc) or {}).get("crisis_resources")
            if own:
                got = ([_Resource(r) for r in own], True)
            else:  # no data for this locale: any locale's resources are accepted
                got = ([_Resource(r) for data in config.locales.values()
                        for r in (data or {}).get("crisis_resources") or ()], False)
            self._resources[loc] = got
        return got

    def _cued(self, text: str, start: int, end: int) -> bool:
        """Is there a call/text/dial cue within ``window`` words of text[start:end]?"""
        before = text[max(0, start - 15 * self.window):start]
        after = text[end:end + 15 * self.window]
        before_words = re.findall(r"[\w'&]+", before)[-self.window:]
        after_words = re.findall(r"[\w'&]+", after)[:self.window]
        near = " ".join(before_words) + " | " + " ".join(after_words)
        return bool(self.cue_rx.search(near))

    def found_resources(self, ctx, resources: list[_Resource]) -> list[tuple[_Resource, int, int]]:
        text = ctx.text
        out = []
        for res in resources:
            hit = None
            for rx in res.names:
                m = rx.search(text)
                if m and (hit is None or m.start() < hit[0]):
                    hit = (m.start(), m.end())
            for rx in res.numbers:
                for m in rx.finditer(text):
                    if self._cued(text, m.start(), m.end()):
                        if hit is None or m.start() < hit[0]:
                            hit = (m.start(), m.end())
                        break
            if hit:
                out.append((res, *hit))
        return out

    # -- triggers ----------------------------------------------------------
    def triggers(self, ctx) -> dict[str, tuple[int, int]]:
        """The first trigger of each topic, as character ranges."""
        doc, text = ctx.doc, ctx.text
        matches = self.matcher(ctx)
        label = self.matcher.labels
        blocked: set[int] = set()
        for mid, s, e in matches:
            if label[mid] == "not":
                blocked.update(range(s, e))
        first: dict[str, tuple[int, int]] = {}
        overdoses: list[tuple[int, int, int]] = []  # (start, end, token index)
        for mid, s, e in sorted(matches, key=lambda m: (m[1], -m[2])):
            topic = label[mid]
            # A not-trigger ("suicide gene", "cell suicide") covers it.
            if topic == "not" or all(i in blocked for i in range(s, e)):
                continue
            span = doc[s:e]
            cs, ce = span.start_char, span.end_char
            if in_reference_list(ctx, cs):
                continue
            if topic == OVERDOSE:
                overdoses.append((cs, ce, s))
                continue
            if topic in first:
                continue
            if topic == "self_harm":
                sent = ctx.sentence(ctx.sentence_index(s)) if ctx.sentence_bounds else span
                lo = max(sent.start_char, cs - 80)
                if not (self.intent_before.search(text[lo:cs]) or self.intent_after.search(text[ce:ce + 40])):
                    continue
                topic = SUICIDE
                if topic in first:
                    continue
            first[topic] = (cs, ce)
        # "Overdose" as the article's topic (mentioned often enough), or in a sentence about drug
        # use, the reader, children or deaths; not a single clinical aside ("iatrogenic overdose").
        if overdoses:
            if len(overdoses) >= self.overdose_min:
                first[OVERDOSE] = overdoses[0][:2]
            else:
                for cs, ce, s in overdoses:
                    sent = ctx.sentence(ctx.sentence_index(s)) if ctx.sentence_bounds else doc[s:s + 1]
                    if self.overdose_cues.search(sent.text):
                        first[OVERDOSE] = (cs, ce)
                        break
        return first

    def check(self, ctx):
        first = self.triggers(ctx)
        if not first:
            return
        resources, own = self.resources(ctx.config)
        found = self.found_resources(ctx, resources)
        kinds = {res.kind for res, _, _ in found}
        missing = {topic: span for topic, span in first.items() if not (kinds & self.accept.get(topic, set()))}
        loc = ctx.locale
        for res, s, e in found:
            if res.prefer and any(res.kind in self.accept.get(t, set()) for t in first):
                yield self.finding(
                    s, e,
                    f"outdated crisis line: the {res.name} still routes calls, but it is not the number to give now",
                    suggestion=f"Give {res.prefer} instead.",
                    severity="info",
                )
        if not missing:
            return
        order = sorted(missing, key=lambda t: missing[t])
        topic = order[0]
        s, e = missing[topic]
        evidence = ctx.text[s:e]
        if own:
            need = " or ".join(_TOPIC_WORDS[t] for t in order)
            message = f"'{evidence}' comes up, but nowhere does the article give a crisis line for {need} ({loc})"
            names: list[str] = []
            for t in order:
                for kind in self.suggest.get(t, []):
                    res = next((r for r in resources if r.kind == kind), None)
                    if res and res.label() not in names:
                        names.append(res.label())
            suggestion = ("Add " + "; ".join(names) + ", near the first mention or at the end of the article."
                          if names else "Add a crisis line for your readers' country.")
        else:
            message = f"'{evidence}' comes up, but nowhere does the article give a crisis line (none configured for {loc})"
            suggestion = ("Add a crisis line for your readers' country (findahelpline.com lists them), "
                          f"and add `crisis_resources` for {loc} under `locales:` in the configuration.")
        related = [missing[t] for t in order[1:]]
        yield self.finding(s, e, message, suggestion=suggestion, related=related)


RULE = MissingCrisisResource
