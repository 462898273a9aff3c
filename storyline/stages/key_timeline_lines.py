"""The line a key timeline shows for a chosen sentence (`storyline.key_timeline`).

A chosen sentence is shown without a headline or caption the page glued to it
(`unglue`), without an opening adverbial of relative time or a connective, and without
a closing attribution when it quotes no one (`trim`). The choice is made on the whole
sentence; these only shape the line.
"""

from __future__ import annotations

import re
from dataclasses import replace

from storyline import lexicon
from storyline.models import EventMention

# Words that open sentences: one of them capitalised after a word with no full stop
# marks a headline or caption run into the sentence that follows.
_OPENERS = frozenset(
    ["The", "A", "An", "This", "These", "Those", "It", "Its", "He", "She", "They", "There", "His", "Her", "Their", "More", "Another", "Some", "One", "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten"]
)
# Words after which a capitalised "The" or "A" is part of a name ("in The Times", "Plan A").
_GLUE_AFTER = frozenset(["a", "an", "the", "of", "in", "on", "at", "by", "for", "from", "to", "with", "and", "or", "but", "said", "says", "told", "plan", "type"])
_QUOTE = re.compile(r"[\"“”]")
_WEEKDAY = f"(?:{'|'.join(d.title() for d in lexicon.weekday_names())})"
# An opening adverbial that places the act relative to the article (wrong under a
# timeline's date) or links it to the sentence before: "Yesterday, ...", "On Thursday
# night ...", "Meanwhile, ...", "Earlier today, ...".
_LEAD_CLAUSE = re.compile(
    rf"^(?:(?:Earlier |Late |Early |Later )?(?:yesterday|today|tonight|this (?:morning|afternoon|evening|week)|"
    rf"last (?:night|week)|on {_WEEKDAY}(?: (?:morning|afternoon|evening|night))?|{_WEEKDAY}(?: (?:morning|afternoon|evening|night))?)"
    rf"|Meanwhile|However|Earlier|Separately|In addition|Also|But|And|So)\s*,?\s+(?=[A-Za-z\"“])",
    re.IGNORECASE,
)
# A closing attribution of what the sentence reports: "..., officials said.", "...,
# he told reporters on Thursday."
_SAID = re.compile(
    rf",\s+(?:[\w.'’-]+\s+){{0,5}}?(?:said|says|told reporters|announced|added|reported)"
    rf"(?:\s+(?:on\s+{_WEEKDAY}|{_WEEKDAY}|today|yesterday|tonight|in a statement))?\s*\.$"
)


def unglue(m: EventMention) -> EventMention:
    """The mention without a headline or caption the page glued to its sentence.

    Pages run a headline or photo caption into the first sentence with no full stop
    ("...effects of the oil spill A sheen of oil is nearing..."): where a word is
    followed by a capitalised word that opens sentences (an article, a pronoun, a
    number word) and what follows is a sentence of its own, the head is cut, unless
    the expression that dates the sentence is in it.
    """
    text = m.text
    words = text.split()  # the `\S+` runs of the text; their offsets only when a head is cut
    cut_word = 0
    for i in range(3, len(words) - 5):  # a head of 3 words or more, a sentence of 6 or more
        word = words[i]
        if not word[:1].isupper():
            continue  # every kind of glue below needs a capitalised word here
        prev, after = words[i - 1], words[i + 1]
        glued = (
            # "... effects of the oil spill A sheen of oil ..."; but "Influenza A (H1N1)",
            # "in The Times": "A" opens a sentence before a common word, never after "in".
            word in _OPENERS and prev[-1:].isalnum() and not prev[-1:].isupper()
            and prev.lower() not in _GLUE_AFTER
            and (word != "A" or after[:1].islower() or after[:1].isdigit())
        ) or (
            # A headline in capitals: "HOW SWINE FLU OUTBREAK EMERGED Flu viruses mutate ..."
            all(w.isalpha() and w.isupper() and len(w) > 1 for w in words[i - 3:i])
            and word[:1].isupper() and word[1:].islower()
        ) or (
            # A headline ending on the name the sentence opens with: "... and BP BP executives met ..."
            word == prev and word[:1].isupper()
        )
        if glued:
            cut_word = i
    cut = [w.start() for w in re.finditer(r"\S+", text)][cut_word] if cut_word else 0
    if not cut or (m.timex_text and m.start + cut > m.timex_start):
        return m
    return replace(m, text=text[cut:], start=m.start + cut)


def trim(text: str) -> str:
    """A chosen sentence as a timeline line: without an opening adverbial of relative
    time or a connective ("Yesterday, ...", "Meanwhile, ...") and without a closing
    attribution of a sentence that quotes no one ("..., officials said."); the rest of
    the sentence is kept whole."""
    if (lead := _LEAD_CLAUSE.match(text)) and len(text) - lead.end() > 30:
        rest = text[lead.end():]
        text = rest[:1].upper() + rest[1:]
    if not _QUOTE.search(text) and (said := _SAID.search(text)) and len(text[:said.start()].split()) >= 8:
        text = text[:said.start()] + "."
    return text
