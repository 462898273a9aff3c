"""The cast: named, role-noun and pronoun mentions per document, linked across a story.

Two levels so a pipeline can stream documents: `document_mentions` reads one parsed
spaCy Doc and keeps only compact, picklable facts (`DocMentions`); `build_cast` links the
facts of every document of a story into entities (`Cast`), then resolves role nouns
("the president") and speaker pronouns ("he") within each document.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storyline.models import Entity, EntityMention, Mention
from storyline.unionfind import UnionFind as _UnionFind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

STAGE_NAME = "storyline.entities.v2"

NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW", "WORK_OF_ART"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})

# Honorifics say "a person" (and sometimes a gender) but are not a role worth keeping.
HONORIFICS = {
    "mr": "m", "mister": "m", "sir": "m", "lord": "m", "mrs": "f", "ms": "f", "miss": "f",
    "madam": "f", "dame": "f", "lady": "f", "dr": "", "prof": "", "professor": "",
}
# Role nouns that say a gender ("chairman" does not: it is used for women too).
GENDERED_ROLES = {
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "actress": "f",
    "businesswoman": "f", "queen": "f", "princess": "f", "empress": "f", "duchess": "f",
    "spokesman": "m", "congressman": "m", "businessman": "m", "king": "m", "prince": "m",
    "emperor": "m", "duke": "m",
}
# Words that head a role description and, with "the", can stand for a named person.
ROLE_HEADS = frozenset({
    "president", "minister", "premier", "chancellor", "leader", "secretary", "ambassador",
    "spokesman", "spokeswoman", "spokesperson", "governor", "mayor", "senator", "congressman",
    "congresswoman", "king", "queen", "prince", "princess", "emperor", "empress", "pope",
    "general", "commander", "chief", "director", "chairman", "chairwoman", "ceo", "envoy",
    "prosecutor", "judge", "coach", "manager", "actor", "actress", "singer", "rapper",
    "representative", "diplomat", "official", "sheriff", "lawyer", "attorney",
    "owner", "founder", "captain", "officer", "justice", "treasurer", "commissioner",
})
# Words that may sit inside a title before a name ("Deputy Foreign Minister").
TITLE_WORDS = ROLE_HEADS | frozenset({
    "prime", "foreign", "deputy", "vice", "defense", "defence", "finance", "interior",
    "trade", "economy", "state", "senior", "former", "acting", "executive", "assistant",
    "general", "chief", "gen", "col", "lt", "capt", "sgt", "adm", "maj", "rev", "sen", "rep",
    "gov", "pres", "colonel", "admiral", "major", "reverend", "lieutenant", "sergeant",
    "crown", "supreme", "special", "top", "new", "then", "first", "lady", "party", "head",
})
# "the Russian leader": heads of state and government, whatever their title.
LEADER_TITLES = ("president", "prime minister", "premier", "chancellor", "king", "queen",
                 "emperor", "leader", "supreme leader")
RANK_WORDS = frozenset({"deputy", "vice", "assistant", "former", "acting", "under"})
# Modifiers of a role noun that do not narrow who it is.
LOOSE_MODIFIERS = frozenset({"senior", "top", "new", "then", "current", "longtime", "veteran"})
INSTITUTION_NOUNS = frozenset({
    "center", "clinic", "hospital", "university", "college", "school", "foundation",
    "institute", "company", "corporation", "corp", "inc", "ltd", "group", "recovery", "arena",
    "stadium", "hotel", "bank", "church", "store", "stores", "treatment", "centre",
})
TRAILING_TITLES = frozenset({
    "coach", "capt", "captain", "chairman", "chairwoman", "ceo", "president", "spokesman",
    "spokeswoman", "spokesperson", "director", "minister", "secretary", "governor", "mayor",
    "manager", "commissioner", "sheriff", "lt", "sgt", "det", "detective",
})
PLACE_NOUNS = frozenset({
    "island", "islands", "islet", "islets", "river", "city", "province", "prefecture",
    "region", "peninsula", "county", "district", "valley", "mountains", "sea", "strait",
    "bay", "lake", "airport", "village", "town",
})
PORTFOLIO_TITLES = frozenset({"minister", "secretary"})
OUTLET_NOUNS = frozenset({"agency", "newspaper", "daily", "magazine", "broadcaster", "tv"})
SPEECH_VERBS = frozenset({"say", "tell", "add", "state", "announce", "claim", "note", "insist"})
STATED_ALIAS = re.compile(r"\b(?:also |otherwise |better |formerly )?(?:known|referred to) as\b"
                          r"|\balso called\b|\bformerly called\b")
PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Z&]{1,7})\)")
CREDIT = re.compile(r"\b(?:by|photo|photos|photograph|pool|via|credit|file|reporting|editing)\b",
                    re.IGNORECASE)
BYLINE = re.compile(r"^\W*(?:by|photo(?:s|graph)? by|reporting by|written by|editing by)\s",
                    re.IGNORECASE)
BULLETS = "•·▪●◦*-–—►>|"
SEPARATORS = frozenset({"-", "–", "—", "|", ":"})
NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "SCONJ", "CCONJ", "PRON", "PART", "INTJ"})
FUNCTION_WORDS = frozenset({"of", "the", "and", "for", "de", "&", "on", "in", "a", "an"})
FIRST_NAME_FAMILIES = {
    # Name families that transliteration rules alone do not bring together.
    "muhamad": "muhamad", "mohamed": "muhamad", "mohamad": "muhamad", "muhamed": "muhamad",
    "mohamud": "muhamad", "yosef": "josef", "iosif": "josef", "yusuf": "josef",
    "aleksandr": "alexander", "alexandr": "alexander", "aleksander": "alexander",
}


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class RoleMention:
    """A definite role noun phrase that may stand for a named person (`the president`)."""

    start: int
    end: int
    text: str
    words: tuple[str, ...]
    """Lowercased modifiers and head, without the determiner (`russian`, `leader`)."""
    sentence: int
    subject: bool = False


@dataclass(frozen=True)
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


# ---------------------------------------------------------------- normalisation


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def normalize_name_token(word: str) -> str:
    """Fold a name word so transliteration variants agree (Sergey/Sergei, Aleksey/Alexei)."""
    w = re.sub(r"[^a-z]", "", _fold(word))
    if not w:
        return w
    w = w.replace("ks", "x").replace("ph", "f").replace("kh", "h")
    if w.startswith("ye") and len(w) > 4:
        w = "e" + w[2:]
    w = re.sub(r"(.)\1+", r"\1", w)
    w = re.sub(r"(?:iy|yi|ii|ie|y)$", "i", w)
    w = re.sub(r"tre$", "ter", w)
    w = re.sub(r"andr$", "ander", w)
    return FIRST_NAME_FAMILIES.get(w, w)


def name_key(text: str) -> str:
    """A matching key for a surface form: folded, without articles, possessives or dots."""
    t = re.sub(r"[’']s?$", "", text.strip())
    t = re.sub(r"^(?:the|The)\s+", "", t)
    # "G-20" and "G20", "U.S." and "US" share a key.
    t = re.sub(r"(?<=[A-Za-z])-(?=\d)", "", t)
    words = re.findall(r"[\w&]+", _fold(t).replace(".", ""))
    # "Arcade Joseph Comeaux Jr" is "Arcade Joseph Comeaux" for matching.
    if len(words) > 2 and words[-1] in ("jr", "sr", "ii", "iii", "iv"):
        words = words[:-1]
    return " ".join(normalize_name_token(w) if w.isalpha() else w for w in words)


def acronym(text: str) -> str:
    """Initials of the capitalised words (`Liberal Democratic Party` -> `LDP`)."""
    words = [w for w in re.findall(r"[\w&]+", text) if w.lower() not in FUNCTION_WORDS]
    if len(words) < 2:
        return ""
    return "".join(w[0].upper() for w in words if w[0].isupper())


# ---------------------------------------------------------------- per document


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


def document_mentions(doc: Doc, document: str) -> DocMentions:
    """Collect the named, role-noun and pronoun mentions of one parsed document."""
    text = doc.text
    sents = list(doc.sents)
    sent_of = {}
    for i, s in enumerate(sents):
        for t in s:
            sent_of[t.i] = i
    names: list[NamedMention] = []
    taken: set[int] = set()

    def add(nm: NamedMention, span: Span) -> int:
        names.append(nm)
        taken.update(range(span.start, span.end))
        return len(names) - 1

    headlines = _title_case_lines(text)
    pieces: list[Span] = []
    for ent in doc.ents:
        if ent.label_ not in NAME_LABELS or _in_junk_segment(doc, text, ent):
            continue
        for piece in _split_separators(ent):
            piece.label_ = ent.label_
            pieces.append(piece)
    for ent in pieces:
        clean, title = _strip_span(ent)
        if not len(clean):
            continue
        if any(a <= clean.start_char < b for a, b in headlines):
            # Headline case fools the NER: such names only join entities found elsewhere.
            if not _junk_text(clean):
                votes = _votes(ent, clean, "", "", title)
                add(_name_mention(clean, ent.label_, sent_of[clean.start], origin="candidate",
                                  votes=tuple(sorted(votes.items()))), clean)
            continue
        parts = _hyphen_parts(clean)
        if parts:
            votes = _votes(ent, clean, "", "", title)
            add(_name_mention(clean, ent.label_, sent_of[clean.start], origin="compound",
                              votes=tuple(sorted(votes.items()))), clean)
            for p in parts:
                if not _junk_text(p):
                    names.append(_name_mention(p, "", sent_of[p.start], origin="part"))
            continue
        if _junk_text(clean):
            continue
        left = _left_title(doc, clean.start) if ent.label_ in ("PERSON", "") else []
        if ent.label_ != "PERSON" and clean.start == ent.start and not title:
            left = [t for t in _left_title(doc, clean.start)]
            left = left if any(t.lower_ in ROLE_HEADS for t in left) else []
        role = _role_text(left + title) or _appos_role(clean.root)
        gender = ""
        for t in (title or left[-1:]):
            gender = HONORIFICS.get(t.lower_.rstrip("."), gender)
        if not gender:
            gender = next((GENDERED_ROLES[w] for w in re.findall(r"[a-z]+", role.lower())
                           if w in GENDERED_ROLES), "")
        label = ent.label_
        votes = _votes(ent, clean, role, gender, title + left)
        nxt = doc[clean.end] if clean.end < len(doc) else None
        portfolio = (label == "ORG" and nxt is not None and nxt.is_title
                     and nxt.lower_ in PORTFOLIO_TITLES)
        add(_name_mention(clean, label, sent_of[clean.start], role=role,
                          subject=_is_subject(clean.root), gender=gender,
                          votes=tuple(sorted(votes.items())), portfolio=portfolio), clean)

    # Proper nouns the NER missed: kept only if they match an entity found elsewhere.
    i = 0
    while i < len(doc):
        t = doc[i]
        if t.i in taken or t.pos_ != "PROPN" or not t.is_title or _is_title_token(t):
            i += 1
            continue
        j = i
        while j < len(doc) and j not in taken and doc[j].pos_ == "PROPN" and doc[j].is_title:
            j += 1
        span = doc[i:j]
        if not _in_junk_segment(doc, text, span):
            add(_name_mention(span, "", sent_of[i], origin="candidate",
                              subject=_is_subject(span.root)), span)
        i = j

    # Hyphenated proper-noun compounds outside any entity ("a Kono-Lavrov meeting").
    for t in doc:
        if (t.text == "-" and 0 < t.i < len(doc) - 1 and not t.whitespace_
                and not doc[t.i - 1].whitespace_):
            a, b = doc[t.i - 1], doc[t.i + 1]
            for tok in (a, b):
                if tok.i not in taken and tok.is_title and tok.pos_ == "PROPN":
                    one = doc[tok.i:tok.i + 1]
                    add(_name_mention(one, "", sent_of[tok.i], origin="part"), one)

    equivalences = _stated_aliases(doc, text, names, sent_of, add)
    names_sorted = sorted(range(len(names)), key=lambda k: names[k].mention.start)
    remap = {old: new for new, old in enumerate(names_sorted)}
    ordered = tuple(names[k] for k in names_sorted)
    eq = tuple(sorted({(min(remap[a], remap[b]), max(remap[a], remap[b]))
                       for a, b in equivalences if a != b}))

    roles: list[RoleMention] = []
    pronouns: list[PronounMention] = []
    for t in doc:
        low = t.lower_
        if low in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
            pronouns.append(PronounMention(t.idx, t.idx + len(t), t.text,
                                           "m" if low == "he" else "f", sent_of[t.i]))
        elif (low in ROLE_HEADS and t.tag_ in ("NN", "NNP") and t.i not in taken
              and not (t.i + 1 < len(doc) and doc[t.i + 1].ent_type_ == "PERSON")):
            det = [c for c in t.children if c.dep_ == "det"]
            if not det or det[0].lower_ != "the":
                continue
            mods = [c for c in t.lefts if c.dep_ in ("amod", "compound", "nmod") and c.i > det[0].i]
            first = min([det[0].i] + [m.i for m in mods])
            words = tuple(x.lower_ for x in doc[det[0].i + 1:t.i + 1] if not x.is_punct)
            span = doc[first:t.i + 1]
            roles.append(RoleMention(span.start_char, span.end_char, span.text, words,
                                     sent_of[t.i], subject=_is_subject(t)))
    return DocMentions(
        document=document,
        names=ordered,
        roles=tuple(roles),
        pronouns=tuple(pronouns),
        equivalences=eq,
        sentences=tuple((s.start_char, s.end_char) for s in sents),
    )


def _stated_aliases(doc: Doc, text: str, names: list[NamedMention], sent_of: dict[int, int],
                    add: object) -> list[tuple[int, int]]:
    """Equivalences the text states: `known as X in A and Y in B`, `Long Name (LN)`."""
    pairs: list[tuple[int, int]] = []

    def mention_at(s: int, e: int, label: str) -> int | None:
        for k, nm in enumerate(names):
            m = nm.mention
            if m.start < e and s < m.end and nm.origin != "part":
                return k
        span = doc.char_span(s, e, alignment_mode="contract")
        if span is None or not len(span):
            return None
        return add(_name_mention(span, label, sent_of[span.start], origin="stated"), span)  # type: ignore[operator, no-any-return]

    for sent in doc.sents:
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
                before = text[max(0, s - 4):s].strip().lower()
                if before in ("in", "by", "to", "at", "for", "from"):
                    continue
                found = mention_at(s, s + len(nm_match.group(1)), "")
                if found is not None:
                    group.append(found)
            # "Chechnya, also known as Ichkeria": the name right before joins them.
            prefix = st[:m.start()].rstrip(" ,")
            for k, nm in enumerate(names):
                if nm.mention.end == off + len(prefix) and nm.origin != "part":
                    group.append(k)
            pairs.extend((group[0], g) for g in group[1:])
        for m in PAREN_ACRONYM.finditer(st):
            s = sent.start_char + m.start(1)
            acr = m.group(1)
            long_k = None
            for k, nm in enumerate(names):
                gap = text[nm.mention.end:s - 1]
                if (gap.strip() == "" and nm.mention.end <= s and acronym(nm.mention.text)
                        and _acronym_fits(acr, nm.mention.text)):
                    long_k = k
            if long_k is None:
                continue
            short_k = mention_at(s, s + len(acr), names[long_k].mention.label)
            if short_k is not None:
                pairs.append((long_k, short_k))
    return pairs


def _acronym_fits(acr: str, long: str) -> bool:
    caps = acronym(long)
    if caps == acr:
        return True
    # Letters in order, starting with the first initial ("NATO" in North Atlantic Treaty Org.).
    it = iter(long.upper())
    return bool(caps) and acr[0] == caps[0] and all(c in it for c in acr)


# ---------------------------------------------------------------- across the story


@dataclass
class Cast:
    """Entities of a story and every span linked to them."""

    entities: list[Entity] = field(default_factory=list)
    mentions: list[EntityMention] = field(default_factory=list)
    _by_doc: dict[str, list[EntityMention]] = field(default_factory=dict, repr=False)
    _types: dict[str, str] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._types = {e.id: e.type for e in self.entities}
        self._by_doc = defaultdict(list)
        for m in self.mentions:
            self._by_doc[m.document].append(m)

    def resolve(self, document: str, start: int, end: int) -> str | None:
        """Entity id of the span at these offsets (name, role noun or pronoun), if unambiguous."""
        inside: set[str] = set()
        around: set[str] = set()
        for m in self._by_doc.get(document, ()):
            if m.start == start and m.end == end:
                return m.entity
            if m.start >= start and m.end <= end:
                inside.add(m.entity)
            elif m.start <= start and m.end >= end:
                around.add(m.entity)
        found = inside or around
        if len(found) > 1:
            # "Russian President Vladimir Putin" holds a NORP and a person: the speaker
            # is the person.
            people = {e for e in found if self._types.get(e) == "PERSON"}
            found = people or found
        return next(iter(found)) if len(found) == 1 else None

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id."""
        return next((e for e in self.entities if e.id == entity_id), None)


def _type_of(votes: Counter[str]) -> str:
    if not votes:
        return "ORG"
    order = ["PERSON", "GPE", "LOC", "ORG", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
             "WORK_OF_ART"]
    return max(votes, key=lambda lab: (votes[lab], -order.index(lab) if lab in order else -99))


def _descriptor_base(key: str, known: dict[str, int]) -> int | None:
    """The known multi-word name this key ends with after one or two descriptor words."""
    words = key.split()
    for cut in (1, 2):
        # "Nostalgic Look at Bettie Page" is a headline, not a descriptor.
        if len(words) - cut >= 2 and not set(words[:cut]) & (FUNCTION_WORDS | {"at", "to"}):
            h = known.get(" ".join(words[cut:]))
            if h is not None:
                return h
    return None


def _given_names(key: str) -> set[str]:
    """Words before the surname of a plausible personal name; none for longer phrases."""
    given = set(key.split()[:-1])
    if len(given) > 3 or given & (FUNCTION_WORDS | {"at", "to"}):
        return set()
    return given


def _plain_aliases(aliases: Counter[str]) -> list[str]:
    """Aliases that are not a more frequent alias with a descriptor in front."""
    key_count: Counter[str] = Counter()
    for alias, n in aliases.items():
        key_count[name_key(alias)] += n
    key_list = list(key_count)
    key_index = {k: i for i, k in enumerate(key_list)}
    out = []
    for alias in aliases:
        key = name_key(alias)
        base = _descriptor_base(key, key_index)
        # "Comedian Ellen DeGeneres" gives way to the more frequent "Ellen DeGeneres";
        # "Wasilla Bible Church" does not give way to a stray "Bible Church".
        if base is None or key_count[key_list[base]] < key_count[key]:
            out.append(alias)
    return out


def _first_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) == 1 and long.startswith(short)


def _role_matches(words: tuple[str, ...], roles: Iterable[str]) -> bool:
    head = words[-1]
    mods = [w for w in words[:-1] if w not in LOOSE_MODIFIERS and not w.endswith("'s")]
    for role in roles:
        low = _fold(role)
        rwords = set(re.findall(r"[a-z]+", low))
        if (rwords & RANK_WORDS) - set(words):
            continue
        if head == "leader":
            if not any(t in low for t in LEADER_TITLES):
                continue
        elif head not in rwords:
            continue
        if all(m in rwords or any(r.startswith(m[:5]) for r in rwords) for m in mods):
            return True
    return False


def build_cast(items: Sequence[DocMentions]) -> Cast:
    """Link the mentions of every document of a story into entities."""
    flat: list[tuple[int, NamedMention]] = [(d, nm) for d, it in enumerate(items) for nm in it.names]
    keys = [name_key(nm.mention.text) for _, nm in flat]
    # 0. A hyphenated compound stands for the people in it ("Abe-Putin") when each part
    # is a name the story uses alone; otherwise it is one name ("Coca-Cola", "Al-Qaeda").
    plain_keys = {k for (_, nm), k in zip(flat, keys, strict=True) if nm.origin == "ner"}
    plain_keys |= {k.rsplit(" ", 1)[-1] for k in plain_keys if " " in k}
    kept_compound: set[int] = set()
    dropped_part: set[int] = set()
    parts_in: dict[int, list[int]] = defaultdict(list)
    for j, (d, nm) in enumerate(flat):
        if nm.origin == "part":
            parts_in[d].append(j)
    for i, (d, nm) in enumerate(flat):
        if nm.origin != "compound":
            continue
        m = nm.mention
        part_ids = [j for j in parts_in[d]
                    if m.start <= flat[j][1].mention.start and flat[j][1].mention.end <= m.end]
        if not part_ids or not all(keys[j] in plain_keys for j in part_ids):
            kept_compound.add(i)
            dropped_part.update(part_ids)

    # 1. Surface groups: one key, whatever the NER label (labels are repaired by votes).
    # A name seen only as the portfolio of a title ("Transport Minister") is none.
    named_alone = {k for (_, nm), k in zip(flat, keys, strict=True) if not nm.portfolio}
    group_of_key: dict[str, int] = {}
    groups: list[list[int]] = []
    for i, ((_, nm), key) in enumerate(zip(flat, keys, strict=True)):
        if not key or nm.origin in ("part", "candidate") or key not in named_alone:
            continue
        if nm.origin == "compound" and i not in kept_compound:
            continue
        g = group_of_key.setdefault(key, len(groups))
        if g == len(groups):
            groups.append([])
        groups[g].append(i)
    n_groups = len(groups)
    uf = _UnionFind(n_groups)
    gvotes: list[Counter[str]] = []
    for members in groups:
        tally: Counter[str] = Counter()
        for i in members:
            tally.update(dict(flat[i][1].votes))
        gvotes.append(tally)
    gkeys = [keys[members[0]] for members in groups]

    # 2. Stated equivalences and acronyms.
    offset = 0
    index_of: dict[tuple[int, int], int] = {}
    for d, it in enumerate(items):
        for k in range(len(it.names)):
            index_of[(d, k)] = offset + k
        offset += len(it.names)
    for d, it in enumerate(items):
        for a, b in it.equivalences:
            ka, kb = keys[index_of[(d, a)]], keys[index_of[(d, b)]]
            if ka in group_of_key and kb in group_of_key:
                uf.union(group_of_key[ka], group_of_key[kb])
    expansions: dict[str, set[int]] = defaultdict(set)
    for g, members in enumerate(groups):
        text = flat[members[0]][1].mention.text
        acr = acronym(re.sub(r"^(?:the|The)\s+", "", text))
        if len(acr) >= 2 and _type_of(gvotes[g]) != "PERSON":
            expansions[acr].add(g)
    for g, members in enumerate(groups):
        text = flat[members[0]][1].mention.text.replace(".", "")
        if text.isupper() and text.isalpha() and 2 <= len(text) <= 8:
            options = expansions.get(text, set())
            same_type = {x for x in options if _type_of(gvotes[x]) == _type_of(gvotes[g])}
            # "AP": the Associated Press (ORG) rather than American Pie (WORK_OF_ART).
            targets = {uf.find(x) for x in (same_type or options)}
            if len(targets) == 1:
                uf.union(g, targets.pop())

    # A name ending with another whole multi-word name is that name with a descriptor
    # in front ("Comedian Ellen DeGeneres", "Malibu Promises Treatment Center").
    by_key = {k: g for g, k in enumerate(gkeys)}
    for g in range(n_groups):
        h = _descriptor_base(gkeys[g], by_key)
        if h is not None:
            uf.union(g, h)

    # A bare head word ("the Navy", "the Angels") is the one organisation whose
    # multi-word name ends with it, if only one does.
    org_like = ("ORG", "FAC")
    heads: dict[str, set[int]] = defaultdict(set)
    for g in range(n_groups):
        words = gkeys[g].split()
        if len(words) >= 2 and _type_of(gvotes[g]) in org_like:
            # The last word of "Bank of America" is another name, not the head.
            if "of" not in words:
                heads[words[-1]].add(g)
            # "the Academy" for "Academy of Motion Picture Arts and Sciences".
            if words[1] == "of":
                heads[words[0]].add(g)
    # "Betty Ford" and "Marfin" for "Betty Ford Center" and "Marfin Bank": a name plus
    # an institution noun is shortened to the name in the same story.
    for g in range(n_groups):
        words = gkeys[g].split()
        if len(words) >= 2 and _type_of(gvotes[g]) in org_like:
            cut = len(words)
            while cut > 1 and words[cut - 1] in INSTITUTION_NOUNS:
                cut -= 1
            if cut < len(words):
                heads[" ".join(words[:cut])].add(g)
    for g in range(n_groups):
        if _type_of(gvotes[g]) in ("GPE", "LOC", "NORP") or gkeys[g] not in heads:
            continue
        # A full personal name stays a person ("Walt Disney" is not the company).
        if " " in gkeys[g] and _type_of(gvotes[g]) in (*org_like, "PERSON"):
            continue
        targets = {uf.find(x) for x in heads[gkeys[g]]}
        if len(targets) == 1:
            uf.union(g, targets.pop())

    # 3. People: full names sharing a surname with compatible first names, then surnames.
    # The NER often types a person as ORG; a quarter of the votes is enough to count.
    is_person = [_type_of(v) == "PERSON" or 4 * v.get("PERSON", 0) >= sum(v.values())
                 for v in gvotes]
    full: dict[str, list[int]] = defaultdict(list)
    for g in range(n_groups):
        parts = gkeys[g].split()
        if is_person[g] and len(parts) >= 2:
            full[parts[-1]].append(g)
    for gs in full.values():
        named = [g for g in gs if len(gkeys[g].split()[0]) > 1]
        for g in gs:
            first = gkeys[g].split()[0]
            # Middle names and nicknames count: 'Luis Gerardo "Jerry" Ortiz' is Jerry Ortiz.
            matches = [h for h in named if h != g and (
                _first_compatible(first, gkeys[h].split()[0])
                or (len(first) > 1 and _given_names(gkeys[g]) & _given_names(gkeys[h])))]
            if len(first) == 1:
                if len({uf.find(h) for h in matches}) == 1:
                    uf.union(g, matches[0])
            else:
                for h in matches:
                    uf.union(g, h)
    surname_of: dict[str, set[int]] = defaultdict(set)
    for last, gs in full.items():
        surname_of[last] = {uf.find(g) for g in gs}
    for g in range(n_groups):
        key = gkeys[g]
        if " " in key or key not in surname_of:
            continue
        if gvotes[g].get("PERSON", 0) == 0 and any(gvotes[g].get(x, 0) for x in PLACE_LABELS):
            continue
        targets = {uf.find(x) for x in surname_of[key]}
        if len(targets) == 1:
            uf.union(g, targets.pop())

    # 4. Parts of compounds and missed proper nouns join an existing entity or vanish.
    cluster_of: list[int | None] = [None] * len(flat)
    for g, members in enumerate(groups):
        for i in members:
            cluster_of[i] = uf.find(g)
    def known(key: str) -> int | None:
        if key in group_of_key:
            return uf.find(group_of_key[key])
        if key in surname_of and len({uf.find(x) for x in surname_of[key]}) == 1:
            return uf.find(next(iter(surname_of[key])))
        return None

    # A headline run of words ("Thoughts on Why the Academy Picked Ellen DeGeneres")
    # yields the known names inside it, longest first, left to right.
    shortened: dict[int, Mention] = {}
    inner: dict[int, list[tuple[Mention, int]]] = defaultdict(list)
    for i, (_, nm) in enumerate(flat):
        if nm.origin not in ("part", "candidate") or i in dropped_part:
            continue
        cluster_of[i] = known(keys[i])
        if cluster_of[i] is not None or nm.origin != "candidate":
            continue
        m = nm.mention
        bounds = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.text)]
        a = 0
        while a < len(bounds):
            for b in range(len(bounds), a, -1):
                piece = m.text[bounds[a][0]:bounds[b - 1][1]]
                c = known(name_key(piece)) if piece[:1].isupper() else None
                if c is not None:
                    inner[i].append((Mention(m.start + bounds[a][0], m.start + bounds[b - 1][1],
                                             piece, m.label), c))
                    a = b - 1
                    break
            a += 1
        if inner[i]:
            shortened[i], cluster_of[i] = inner[i].pop(0)

    # 5. Entities, numbered by first appearance.
    members_of: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(cluster_of):
        if c is not None:
            members_of[c].append(i)
    order = sorted(members_of, key=lambda c: min(members_of[c]))
    ent_id: dict[int, str] = {}
    entities: list[Entity] = []
    roles_of: dict[str, list[str]] = {}
    type_of: dict[str, str] = {}
    gender_of: dict[str, str] = {}
    for n, c in enumerate(order, start=1):
        eid = f"e{n}"
        ent_id[c] = eid
        mem = members_of[c]
        votes: Counter[str] = Counter()
        aliases: Counter[str] = Counter()
        first_pos: dict[str, int] = {}
        roles: Counter[str] = Counter()
        genders: Counter[str] = Counter()
        for i in mem:
            nm = flat[i][1]
            votes.update(dict(nm.votes))
            surface = shortened.get(i, nm.mention).text
            aliases[surface] += 1
            first_pos.setdefault(surface, i)
            if nm.role:
                roles[nm.role] += 1
            if nm.gender:
                genders[nm.gender] += 1
        etype = _type_of(votes)
        # The fullest form, but not one that is a known name with a descriptor in front.
        plain = _plain_aliases(aliases)
        name = max(plain or list(aliases),
                   key=lambda a: (len(a.split()), aliases[a], -first_pos[a]))
        docs = list(dict.fromkeys(items[flat[i][0]].document for i in sorted(mem)))
        # One role however it is cased or its apostrophe written; its commonest form.
        by_role_key: dict[str, Counter[str]] = defaultdict(Counter)
        for r, n_r in roles.items():
            by_role_key[_fold(r).replace("’", "'")][r] += n_r
        role_list = [forms.most_common(1)[0][0] for forms in sorted(
            by_role_key.values(), key=lambda f: -sum(f.values()))]
        entities.append(Entity(
            id=eid, name=name, type=etype,
            aliases=tuple(sorted(aliases.items(), key=lambda kv: (-kv[1], first_pos[kv[0]]))),
            mentions=len(mem), documents=tuple(docs), roles=tuple(role_list),
        ))
        roles_of[eid] = role_list
        type_of[eid] = etype
        gender_of[eid] = genders.most_common(1)[0][0] if genders else ""

    # 6. Linked spans, then role nouns and pronouns within each document.
    mentions: list[EntityMention] = []
    for d, it in enumerate(items):
        base = index_of.get((d, 0), 0)
        linked: list[tuple[int, int, int, bool, str]] = []  # start, end, sentence, subject, id
        for k, nm in enumerate(it.names):
            c = cluster_of[base + k]
            if c is None:
                continue
            eid = ent_id[c]
            m = shortened.get(base + k, nm.mention)
            mentions.append(EntityMention(it.document, m.start, m.end, m.text, eid, "name"))
            linked.append((m.start, m.end, nm.sentence, nm.subject, eid))
            for m2, c2 in inner.get(base + k, ()):
                mentions.append(EntityMention(it.document, m2.start, m2.end, m2.text,
                                              ent_id[c2], "name"))
        events: list[tuple[int, str, object]] = [(r.start, "role", r) for r in it.roles]
        events += [(p.start, "pronoun", p) for p in it.pronouns]
        for _, _kind, obj in sorted(events, key=lambda x: x[0]):
            if isinstance(obj, RoleMention):
                eid_r = _resolve_role(obj, linked, roles_of, type_of)
                if eid_r:
                    mentions.append(EntityMention(it.document, obj.start, obj.end, obj.text,
                                                  eid_r, "role"))
                    linked.append((obj.start, obj.end, obj.sentence, obj.subject, eid_r))
            elif isinstance(obj, PronounMention):
                eid_p = _resolve_pronoun(obj, linked, type_of, gender_of)
                if eid_p:
                    mentions.append(EntityMention(it.document, obj.start, obj.end, obj.text,
                                                  eid_p, "pronoun"))
                    linked.append((obj.start, obj.end, obj.sentence, True, eid_p))
    mentions.sort(key=lambda m: (m.document, m.start))
    return Cast(entities=entities, mentions=mentions)


def _resolve_role(r: RoleMention, linked: list[tuple[int, int, int, bool, str]],
                  roles_of: dict[str, list[str]], type_of: dict[str, str]) -> str | None:
    """The person this document mentioned with a matching role; the latest if several."""
    before = [x for x in linked if x[1] <= r.start and type_of.get(x[4]) == "PERSON"]
    cands = {x[4] for x in before if _role_matches(r.words, roles_of.get(x[4], ()))}
    if len(cands) == 1:
        return cands.pop()
    if len(cands) > 1:
        # Several people hold the role: only the latest one, if it is in this or the
        # previous sentence and the others are not, is a safe reading.
        recent = {x[4] for x in before if x[4] in cands and x[2] >= r.sentence - 1}
        return recent.pop() if len(recent) == 1 else None
    return None


def _resolve_pronoun(p: PronounMention, linked: list[tuple[int, int, int, bool, str]],
                     type_of: dict[str, str], gender_of: dict[str, str]) -> str | None:
    """The one person subject of this sentence (before `he`) or else of the previous one."""
    def ok(eid: str) -> bool:
        return type_of.get(eid) == "PERSON" and gender_of.get(eid, "") in ("", p.gender)

    for sent in (p.sentence, p.sentence - 1):
        window = [x for x in linked if x[2] == sent and x[1] <= p.start and ok(x[4])]
        subjects = {x[4] for x in window if x[3]}
        if len(subjects) == 1:
            return subjects.pop()
        if len(subjects) > 1:
            return None
        if {x[4] for x in window} and sent == p.sentence - 1:
            anyone = {x[4] for x in window}
            return anyone.pop() if len(anyone) == 1 else None
    return None
