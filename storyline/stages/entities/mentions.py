"""Per document: named, role-noun and pronoun mentions with what the text says about them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Mention
from storyline.nlp import doc_text

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token
from storyline.stages.entities.tokens import hyphen_tokens, indexes_of_lowers, proper_noun_indexes
from storyline.stages.entities.words import (
    BULLETS,
    BYLINE,
    CREDIT,
    FUNCTION_WORDS,
    GENDERED_ROLES,
    HONORIFICS,
    NAME_LABELS,
    NOT_NAME_POS,
    OUTLET_NOUNS,
    PAREN_ACRONYM,
    PLACE_NOUNS,
    PORTFOLIO_TITLES,
    ROLE_HEADS,
    SEPARATORS,
    SPEECH_VERBS,
    STATED_ALIAS,
    STATED_CUES,
    TITLE_WORDS,
    TRAILING_TITLES,
    _acronym_fits,
    acronym,
)


@dataclass(frozen=True, slots=True)
class NamedMention:
    """A cleaned named mention with what the document says about it."""

    mention: Mention
    sentence: int
    role: str = ""
    """Role description attached to the name (`Russian Deputy Foreign Minister`)."""
    origin: str = "ner"
    """`ner`; `compound` (`Abe-Putin`) and each `part` of it; `stated` alias; `candidate`
    (a proper noun the NER missed, or a name in a headline). Parts and candidates only
    join existing entities; a compound is kept only when its parts are not all known."""
    subject: bool = False
    gender: str = ""
    votes: tuple[tuple[str, int], ...] = ()
    """Type evidence: the NER label and context (roles, place nouns, outlet nouns)."""
    portfolio: bool = False
    """An ORG right before `Minister`/`Secretary` ("Transport Minister"): a portfolio in
    a title. A name used only so is not an entity."""


@dataclass(frozen=True, slots=True)
class RoleMention:
    """A definite role noun phrase that may stand for a named person (`the president`)."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    """Lowercased modifiers and head, without the determiner (`russian`, `leader`)."""
    sentence: int
    subject: bool = False


@dataclass(frozen=True, slots=True)
class PronounMention:
    """A subject `he`/`she` that may be a quote's speaker."""

    start: int
    end: int
    text: str
    gender: str
    sentence: int


@dataclass(frozen=True)
class DocMentions:
    """Everything the cast needs from one parsed document, without spaCy objects."""

    document: str
    names: tuple[NamedMention, ...] = ()
    roles: tuple[RoleMention, ...] = ()
    pronouns: tuple[PronounMention, ...] = ()
    equivalences: tuple[tuple[int, int], ...] = ()
    """Pairs of indexes into `names` the text states are the same referent."""
    sentences: tuple[tuple[int, int], ...] = ()




def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _in_junk_segment(doc: Doc, text: str, span: Span) -> bool:
    """Bylines, photo credits, bullet fragments and menu labels, where names are debris."""
    # `text` is passed in: Doc.text rebuilds the string on every access.
    ls, le = _line_bounds(text, span.start_char)
    line = text[ls:le].strip()
    words = line.split()
    if line and line[0] in BULLETS and len(words) <= 6:
        return True
    if BYLINE.match(line) and len(words) <= 15:
        return True
    # A button label repeated in two cases ("print PRINT").
    if len(words) <= 3 and span.text.isupper() and span.text.lower() in line:
        return True
    # A credit in parentheses: "(Photo by X via AP)", "(Japanese original by X and Y)".
    open_ = text.rfind("(", ls, span.start_char)
    if open_ >= 0 and text.rfind(")", open_, span.start_char) < 0:
        close = text.find(")", span.end_char, le)
        if close >= 0:
            inner = doc.char_span(open_ + 1, close, alignment_mode="expand")
            if (inner is not None and len(inner) <= 25 and CREDIT.search(inner.text)
                    and not any(t.pos_ in ("VERB", "AUX") and t.tag_ != "VBN" for t in inner)):
                return True
    return False


def _is_title_token(tok: Token) -> bool:
    low = tok.lower_.rstrip(".")
    return low in TITLE_WORDS or low in HONORIFICS


def _strip_span(span: Span) -> tuple[Span, list[Token]]:
    """Drop articles, bullets, possessives, prefixes like `post-` and leading titles."""
    doc = span.doc
    s, e = span.start, span.end
    while s < e and (doc[s].pos_ == "DET" or doc[s].is_punct or doc[s].text in BULLETS
                     or doc[s].text.lower() == "the" or not any(c.isalnum() for c in doc[s].text)):
        s += 1
    if span.label_ == "PERSON":
        # Title-case text drags verbs and adverbs into names ("Having Jackman").
        while s < e - 1 and (doc[s].pos_ in NOT_NAME_POS or doc[s].is_lower):
            s += 1
    # "post-World War II", "anti-Putin": a lowercase prefix glued by a hyphen.
    if s + 2 < e and doc[s].is_lower and doc[s + 1].text == "-" and not doc[s].whitespace_:
        s += 2
    title: list[Token] = []
    if span.label_ == "PERSON":
        while s < e - 1 and (_is_title_token(doc[s]) or doc[s].ent_type_ == "NORP"
                             or doc[s].text == "."):
            title.append(doc[s])
            s += 1
    while e > s and (doc[e - 1].is_punct or doc[e - 1].lower_ in ("'s", "’s", "'", "’")
                     or not any(c.isalnum() for c in doc[e - 1].text)):
        e -= 1
    # "Portland Trailblazers Coach", "Philadelphia Homicide Capt.": a title after a name.
    while (e - s > 1 and span.label_ in ("ORG", "PERSON")
           and doc[e - 1].lower_.rstrip(".") in TRAILING_TITLES):
        e -= 1
    return doc[s:e], title


def _split_separators(span: Span) -> list[Span]:
    """`Tonys , Jackman`, `Esther Williams - Esther Williams`: one name per piece."""
    doc = span.doc
    pieces: list[Span] = []
    start = span.start
    for t in span:
        spaced_dash = t.text in SEPARATORS and t.i > 0 and doc[t.i - 1].whitespace_ and t.whitespace_
        # One PERSON span for two people: "Abe and Putin".
        joined = span.label_ == "PERSON" and t.lower_ in ("and", "&")
        if t.text in (",", ";") or spaced_dash or t.is_space or joined:
            pieces.append(doc[start:t.i])
            start = t.i + 1
        elif "\n" in t.whitespace_ and t.i + 1 < span.end:
            # A name never runs across a line break ("Teixeira\nBoston").
            pieces.append(doc[start:t.i + 1])
            start = t.i + 1
    pieces.append(doc[start:span.end])
    return [p for p in pieces if len(p)]


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Lines written in headline case, where the NER runs words into names."""
    out = []
    pos = 0
    for line in text.split("\n"):
        words = [w for w in re.findall(r"[A-Za-z]+", line) if len(w) >= 4]
        # Every longer word capitalised, names or not: "Lohan Checks Into Rehab".
        if len(words) >= 3 and all(w[0].isupper() for w in words):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _left_title(doc: Doc, start: int) -> list[Token]:
    """Title words written right before a name (`Russian Deputy Foreign Minister`)."""
    toks: list[Token] = []
    i = start - 1
    sent_start = doc[start].sent.start
    while i >= sent_start:
        t = doc[i]
        low = t.lower_.rstrip(".")
        if (low in TITLE_WORDS or low in HONORIFICS or t.ent_type_ == "NORP"
                or (low == "of" and toks and i > sent_start and _is_title_token(doc[i - 1]))
                or (t.is_title and t.pos_ == "PROPN" and toks and t.ent_type_ in ("", "ORG"))):
            toks.insert(0, t)
            i -= 1
            continue
        break
    # A capitalised word right before a role head is its portfolio or employer
    # ("Transport Minister", "Labour leader") and stays in the title.
    while toks and (toks[0].lower_ == "of" or not (
            _is_title_token(toks[0]) or toks[0].ent_type_ == "NORP"
            or (len(toks) > 1 and toks[0].is_title and toks[1].lower_ in ROLE_HEADS))):
        toks.pop(0)
    return toks


def _tokens_text(tokens: Sequence[Token]) -> str:
    """The words as written: `union's chairman`, not `union 's chairman`."""
    return "".join(t.text_with_ws for t in tokens).strip()


def _role_text(tokens: Iterable[Token]) -> str:
    words = [t for t in tokens if t.lower_.rstrip(".") not in HONORIFICS]
    if not any(t.lower_ in ROLE_HEADS for t in words):
        return ""
    return _tokens_text(words)


def _appos_role(root: Token) -> str:
    """Role from an apposition: `Takeo Mori, a senior ... minister` or `the minister, X`."""
    for child in root.children:
        if child.dep_ == "appos" and child.lower_ in ROLE_HEADS:
            toks = [t for t in child.subtree if t.i <= child.i and t.pos_ not in ("DET", "PUNCT")]
            return _tokens_text(toks)
    head = root.head
    if root.dep_ == "appos" and head.lower_ in ROLE_HEADS and head.i < root.i:
        toks = [t for t in head.subtree if t.i <= head.i and t.pos_ not in ("DET", "PUNCT")]
        return _tokens_text(toks)
    return ""


def _is_subject(tok: Token) -> bool:
    t = tok
    # Walk up compounds, appositions and conjunctions to the clause argument.
    while t.dep_ in ("compound", "appos", "conj", "flat") and t.head is not t:
        t = t.head
    return t.dep_ in ("nsubj", "nsubjpass")


def _votes(span: Span, clean: Span, role: str, gender: str, title: list[Token]) -> dict[str, int]:
    doc = span.doc
    votes: Counter[str] = Counter()
    if span.label_:
        votes[span.label_] += 1
    if role or gender or any(t.lower_.rstrip(".") in HONORIFICS for t in title):
        votes["PERSON"] += 3
    nxt = doc[clean.end] if clean.end < len(doc) else None
    # A dateline ("KERRHAVEN, March 3 -", "TOKYO (AP) --") names the place of filing.
    before = doc[clean.start - 1] if clean.start > 0 else None
    line_start = before is None or "\n" in before.whitespace_ or (
        before.is_space and "\n" in before.text)
    if (line_start and clean.text.isupper() and nxt is not None
            and nxt.text in (",", "(", "-", "--", "—", "–")):
        votes["GPE"] += 3
    if nxt is not None:
        if nxt.lower_ in PLACE_NOUNS:
            votes["LOC"] += 2
        if nxt.lower_ in OUTLET_NOUNS or (nxt.lower_ == "news" and clean.end + 1 < len(doc)
                                          and doc[clean.end + 1].lower_ in OUTLET_NOUNS):
            votes["ORG"] += 3
    # A name alone in parentheses after a caption or name is a credit: an outlet.
    if (clean.start > 0 and nxt is not None and doc[clean.start - 1].text == "("
            and nxt.text == ")"):
        votes["ORG"] += 2
    root = clean.root
    if root.dep_ in ("nsubj",) and root.head.lemma_ in SPEECH_VERBS:
        votes["PERSON"] += 1
    for other in list(root.conjuncts):
        if other.ent_type_ in NAME_LABELS and other.ent_type_ != span.label_:
            votes[other.ent_type_] += 1
    return dict(votes)


def _name_mention(span: Span, label: str, sentence: int, **kw: object) -> NamedMention:
    m = Mention(span.start_char, span.end_char, span.text, label)
    return NamedMention(m, sentence, **kw)  # type: ignore[arg-type]


def _junk_text(clean: Span) -> bool:
    text = clean.text
    if len(text) < 2 or not any(c.isalpha() for c in text) or text.islower():
        return True
    if not any(c.isupper() for c in text):
        return True
    # A span cut after "of" ("Group of" for "Group of 20") is an NER truncation.
    if clean[-1].is_lower and clean[-1].lower_ in FUNCTION_WORDS:
        return True
    if len(clean) == 1:
        t = clean[0]
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") or t.is_stop:
            return True
    return False


def _hyphen_parts(span: Span) -> list[Span]:
    """`Abe-Putin` -> [`Abe`, `Putin`]: capitalised words glued by hyphens, else []."""
    toks = list(span)
    if not any(t.text == "-" for t in toks):
        return []
    parts: list[Span] = []
    start = span.start
    for t in toks:
        if t.text == "-":
            if t.i == start or t.whitespace_ or span.doc[t.i - 1].whitespace_:
                return []
            parts.append(span.doc[start:t.i])
            start = t.i + 1
    parts.append(span.doc[start:span.end])
    if all(p.text[:1].isupper() and len(p.text) >= 2 and any(c.isalpha() for c in p.text)
           for p in parts if len(p)):
        return [p for p in parts if len(p)]
    return []


@dataclass
class _Collector:
    """Named mentions of one document while they are collected, and the tokens they take."""

    doc: Doc
    text: str
    """`doc.text`, read once: Doc.text rebuilds the string on every access."""
    sent_of: dict[int, int]
    names: list[NamedMention] = field(default_factory=list)
    taken: set[int] = field(default_factory=set)

    def add(self, nm: NamedMention, span: Span) -> int:
        self.names.append(nm)
        self.taken.update(range(span.start, span.end))
        return len(self.names) - 1

    def mention_at(self, s: int, e: int, label: str) -> int | None:
        """The mention overlapping these offsets, else a new `stated` one there."""
        for k, nm in enumerate(self.names):
            m = nm.mention
            if m.start < e and s < m.end and nm.origin != "part":
                return k
        span = self.doc.char_span(s, e, alignment_mode="contract")
        if span is None or not len(span):
            return None
        return self.add(_name_mention(span, label, self.sent_of[span.start], origin="stated"), span)


def document_mentions(doc: Doc, document: str) -> DocMentions:
    """Collect the named, role-noun and pronoun mentions of one parsed document."""
    text = doc_text(doc)
    sents = list(doc.sents)
    sent_of: dict[int, int] = {}
    for i, s in enumerate(sents):
        sent_of.update(dict.fromkeys(range(s.start, s.end), i))
    col = _Collector(doc, text, sent_of)
    headlines = _title_case_lines(text)
    for ent in _entity_pieces(doc, text):
        _add_entity(col, ent, headlines)
    _add_missed_proper_nouns(col)
    _add_hyphen_compounds(col)
    equivalences = _stated_aliases(col, sents)
    names, eq = _in_text_order(col.names, equivalences)
    roles, pronouns = _roles_and_pronouns(col)
    return DocMentions(
        document=document,
        names=names,
        roles=tuple(roles),
        pronouns=tuple(pronouns),
        equivalences=eq,
        sentences=tuple((s.start_char, s.end_char) for s in sents),
    )


def _entity_pieces(doc: Doc, text: str) -> list[Span]:
    """The NER's name spans outside debris, split where one span holds several names."""
    pieces: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or _in_junk_segment(doc, text, ent):
            continue
        for piece in _split_separators(ent):
            piece.label_ = ent.label_
            pieces.append(piece)
    return pieces


def _add_entity(col: _Collector, ent: Span, headlines: list[tuple[int, int]]) -> None:
    """One NER name: a candidate in a headline, a compound with its parts, or a name."""
    clean, title = _strip_span(ent)
    if not len(clean):
        return
    if any(a <= clean.start_char < b for a, b in headlines):
        # Headline case fools the NER: such names only join entities found elsewhere.
        if not _junk_text(clean):
            votes = _votes(ent, clean, "", "", title)
            col.add(_name_mention(clean, ent.label_, col.sent_of[clean.start], origin="candidate",
                                  votes=tuple(sorted(votes.items()))), clean)
        return
    parts = _hyphen_parts(clean)
    if parts:
        votes = _votes(ent, clean, "", "", title)
        col.add(_name_mention(clean, ent.label_, col.sent_of[clean.start], origin="compound",
                              votes=tuple(sorted(votes.items()))), clean)
        for p in parts:
            if not _junk_text(p):
                col.names.append(_name_mention(p, "", col.sent_of[p.start], origin="part"))
        return
    if _junk_text(clean):
        return
    col.add(_described_name(col, ent, clean, title), clean)


def _described_name(col: _Collector, ent: Span, clean: Span, title: list[Token]) -> NamedMention:
    """A name with its role, gender, type votes and whether it is a portfolio."""
    doc = col.doc
    left = _left_title(doc, clean.start) if ent.label_ in ("PERSON", "") else []
    if ent.label_ != "PERSON" and clean.start == ent.start and not title:
        left = [t for t in _left_title(doc, clean.start)]
        left = left if any(t.lower_ in ROLE_HEADS for t in left) else []
    role = _role_text(left + title) or _appos_role(clean.root)
    gender = _gender(role, title or left[-1:])
    label = ent.label_
    votes = _votes(ent, clean, role, gender, title + left)
    nxt = doc[clean.end] if clean.end < len(doc) else None
    portfolio = (label == "ORG" and nxt is not None and nxt.is_title
                 and nxt.lower_ in PORTFOLIO_TITLES)
    return _name_mention(clean, label, col.sent_of[clean.start], role=role,
                         subject=_is_subject(clean.root), gender=gender,
                         votes=tuple(sorted(votes.items())), portfolio=portfolio)


def _gender(role: str, title: list[Token]) -> str:
    """The gender an honorific or a gendered role noun says, else ""."""
    gender = ""
    for t in title:
        gender = HONORIFICS.get(t.lower_.rstrip("."), gender)
    if not gender:
        gender = next((GENDERED_ROLES[w] for w in re.findall(r"[a-z]+", role.lower())
                       if w in GENDERED_ROLES), "")
    return gender


def _add_missed_proper_nouns(col: _Collector) -> None:
    """Proper nouns the NER missed: kept only if they match an entity found elsewhere."""
    doc = col.doc
    nxt = 0
    for i in proper_noun_indexes(doc):  # only a proper noun can open a run
        if i < nxt:
            continue  # inside the run just taken
        t = doc[i]
        if t.i in col.taken or not t.is_title or _is_title_token(t):
            continue
        j = i
        while j < len(doc) and j not in col.taken and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        span = doc[i:j]
        if not _in_junk_segment(doc, col.text, span):
            col.add(_name_mention(span, "", col.sent_of[i], origin="candidate",
                                  subject=_is_subject(span.root)), span)
        nxt = j


def _add_hyphen_compounds(col: _Collector) -> None:
    """Hyphenated proper-noun compounds outside any entity ("a Kono-Lavrov meeting")."""
    doc = col.doc
    for t in hyphen_tokens(doc, col.text):
        if (0 < t.i < len(doc) - 1 and not t.whitespace_
                and not doc[t.i - 1].whitespace_):
            a, b = doc[t.i - 1], doc[t.i + 1]
            for tok in (a, b):
                if tok.i not in col.taken and tok.is_title and tok.pos_ == "PROPN":
                    one = doc[tok.i:tok.i + 1]
                    col.add(_name_mention(one, "", col.sent_of[tok.i], origin="part"), one)


def _in_text_order(
    names: list[NamedMention], equivalences: list[tuple[int, int]]
) -> tuple[tuple[NamedMention, ...], tuple[tuple[int, int], ...]]:
    """The names sorted by offset, with the equivalences renumbered to match."""
    names_sorted = sorted(range(len(names)), key=lambda k: names[k].mention.start)
    remap = {old: new for new, old in enumerate(names_sorted)}
    ordered = tuple(names[k] for k in names_sorted)
    eq = tuple(sorted({(min(remap[a], remap[b]), max(remap[a], remap[b]))
                       for a, b in equivalences if a != b}))
    return ordered, eq


def _roles_and_pronouns(col: _Collector) -> tuple[list[RoleMention], list[PronounMention]]:
    """Definite role nouns ("the president") and subject `he`/`she`."""
    doc = col.doc
    roles: list[RoleMention] = []
    pronouns: list[PronounMention] = []
    # Only a pronoun or a role head can be either; each is checked as before.
    for i in indexes_of_lowers(doc, ("he", "she", *ROLE_HEADS)):
        t = doc[i]
        low = t.lower_
        if low in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
            pronouns.append(PronounMention(t.idx, t.idx + len(t), t.text,
                                           "m" if low == "he" else "f", col.sent_of[t.i]))
        elif (low in ROLE_HEADS and t.tag_ in ("NN", "NNP") and t.i not in col.taken
              and not (t.i + 1 < len(doc) and doc[t.i + 1].ent_type_ == "PERSON")):
            role = _role_mention(col, t)
            if role is not None:
                roles.append(role)
    return roles, pronouns


def _role_mention(col: _Collector, t: Token) -> RoleMention | None:
    """The role noun phrase headed by `t` if it opens with "the"."""
    doc = col.doc
    det = [c for c in t.children if c.dep_ == "det"]
    if not det or det[0].lower_ != "the":
        return None
    mods = [c for c in t.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i > det[0].i]
    first = min([det[0].i] + [m.i for m in mods])
    words = tuple(x.lower_ for x in doc[det[0].i + 1:t.i + 1] if not x.is_punct)
    span = doc[first:t.i + 1]
    return RoleMention(span.start_char, span.end_char, span.text, words,
                       col.sent_of[t.i], subject=_is_subject(t))


def _stated_aliases(col: _Collector, sents: Sequence[Span]) -> list[tuple[int, int]]:
    """Equivalences the text states: `known as X in A and Y in B`, `Long Name (LN)`."""
    pairs: list[tuple[int, int]] = []
    text = col.text
    # Each pattern needs a phrase or a mark no sentence without it holds: only the
    # sentences that hold it are read (a sentence's text is built from its tokens).
    for sent in sents:
        piece = text[sent.start_char:sent.end_char]
        if any(cue in piece for cue in STATED_CUES):
            pairs.extend(_known_as(col, sent))
        if "(" in piece:
            pairs.extend(_acronym_in_parentheses(col, sent))
    return pairs


def _known_as(col: _Collector, sent: Span) -> list[tuple[int, int]]:
    """`X, also known as Y in A and Z in B`: the names after the phrase and the one before."""
    pairs: list[tuple[int, int]] = []
    st = sent.text
    for m in STATED_ALIAS.finditer(st):
        clause_end = len(st)
        for stop in (",", ";", ")", "—", " -- "):
            k = st.find(stop, m.end())
            if k >= 0:
                clause_end = min(clause_end, k)
        group: list[int] = []
        off = sent.start_char
        for nm_match in re.finditer(r"(?:(?<=\s)|^)((?:[A-Z][\w’'.-]*)(?:\s+(?:of\s+)?[A-Z][\w’'.-]*)*)",
                                    st[m.end():clause_end]):
            s = off + m.end() + nm_match.start(1)
            before = col.text[max(0, s - 4):s].strip().lower()
            if before in ("in", "by", "to", "at", "for", "from"):
                continue
            found = col.mention_at(s, s + len(nm_match.group(1)), "")
            if found is not None:
                group.append(found)
        # "Chechnya, also known as Ichkeria": the name right before joins them.
        prefix = st[:m.start()].rstrip(" ,")
        for k, nm in enumerate(col.names):
            if nm.mention.end == off + len(prefix) and nm.origin != "part":
                group.append(k)
        pairs.extend((group[0], g) for g in group[1:])
    return pairs


def _acronym_in_parentheses(col: _Collector, sent: Span) -> list[tuple[int, int]]:
    """`Long Name (LN)`: the acronym right after the name it abbreviates."""
    pairs: list[tuple[int, int]] = []
    text = col.text
    for m in PAREN_ACRONYM.finditer(sent.text):
        s = sent.start_char + m.start(1)
        acr = m.group(1)
        long_k = None
        for k, nm in enumerate(col.names):
            gap = text[nm.mention.end:s - 1]
            if (gap.strip() == "" and nm.mention.end <= s and acronym(nm.mention.text)
                    and _acronym_fits(acr, nm.mention.text)):
                long_k = k
        if long_k is None:
            continue
        short_k = col.mention_at(s, s + len(acr), col.names[long_k].mention.label)
        if short_k is not None:
            pairs.append((long_k, short_k))
    return pairs
