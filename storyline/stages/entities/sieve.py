"""The multi-pass sieve that links named mentions across a story into clusters.

Each pass merges clusters on one kind of evidence, surest first (as in the Stanford
multi-pass sieve): 0. hyphenated compounds, 1. surface groups (one key), 2. stated
equivalences, acronyms, descriptors and head words, 3. people by full name, then by
surname, 4. parts of compounds and missed proper nouns join a known cluster or vanish.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from storyline.models import Mention
from storyline.stages.entities.mentions import DocMentions, NamedMention
from storyline.stages.entities.words import (
    FUNCTION_WORDS,
    INSTITUTION_NOUNS,
    PLACE_LABELS,
    acronym,
    name_key,
)
from storyline.unionfind import UnionFind

_ORG_LIKE = ("ORG", "FAC")


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


def _first_compatible(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) == 1 and long.startswith(short)


@dataclass
class Sieve:
    """The named mentions of a story (`flat`, indexed by `i`) and their clusters.

    Passes 0-3 merge surface groups (indexed by `g`) in a union-find; pass 4 sets
    `cluster_of` for every mention, with the names found inside headline runs.
    """

    items: Sequence[DocMentions]
    flat: list[tuple[int, NamedMention]]
    keys: list[str]
    starts: list[int]
    """Where each document's names begin in `flat`: name `k` of document `d` is `starts[d] + k`."""
    dropped_part: set[int]
    groups: list[list[int]]
    group_of_key: dict[str, int]
    uf: UnionFind
    gvotes: list[Counter[str]]
    gkeys: list[str]
    surname_of: dict[str, set[int]] = field(default_factory=dict)
    cluster_of: list[int | None] = field(default_factory=list)
    shortened: dict[int, Mention] = field(default_factory=dict)
    """Headline runs cut to the known name they hold."""
    inner: dict[int, list[tuple[Mention, int]]] = field(default_factory=dict)
    """Further known names inside a headline run, with their clusters."""

    def index(self, d: int, k: int) -> int:
        """The position in `flat` of name `k` of document `d`."""
        return self.starts[d] + k

    @property
    def n_groups(self) -> int:
        return len(self.groups)

    def known(self, key: str) -> int | None:
        """The cluster a key names, by its surface group or as an unambiguous surname."""
        if key in self.group_of_key:
            return self.uf.find(self.group_of_key[key])
        if key in self.surname_of and len({self.uf.find(x) for x in self.surname_of[key]}) == 1:
            return self.uf.find(next(iter(self.surname_of[key])))
        return None


def run_sieve(items: Sequence[DocMentions]) -> Sieve:
    """Every pass, in order, over the mentions of a story."""
    sieve = _surface_groups(items)
    passes: tuple[Callable[[Sieve], None], ...] = (
        _stated_equivalences, _acronyms, _descriptor_names, _head_words, _people,
        _parts_and_candidates,
    )
    for link in passes:
        link(sieve)
    return sieve


def _compounds(flat: list[tuple[int, NamedMention]], keys: list[str]) -> tuple[set[int], set[int]]:
    """Pass 0: (compounds kept as one name, parts dropped because of it).

    A hyphenated compound stands for the people in it ("Abe-Putin") when each part is a
    name the story uses alone; otherwise it is one name ("Coca-Cola", "Al-Qaeda").
    """
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
    return kept_compound, dropped_part


def _surface_groups(items: Sequence[DocMentions]) -> Sieve:
    """Passes 0 and 1: surface groups, one key whatever the NER label (labels are
    repaired by votes). A name seen only as the portfolio of a title ("Transport
    Minister") is none."""
    flat: list[tuple[int, NamedMention]] = [(d, nm) for d, it in enumerate(items) for nm in it.names]
    # One string per distinct key: a story writes the same names in many articles.
    pool: dict[str, str] = {}
    keys = [pool.setdefault(k, k) for k in (name_key(nm.mention.text) for _, nm in flat)]
    del pool
    kept_compound, dropped_part = _compounds(flat, keys)
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
    gvotes: list[Counter[str]] = []
    for members in groups:
        tally: Counter[str] = Counter()
        for i in members:
            tally.update(dict(flat[i][1].votes))
        gvotes.append(tally)
    starts: list[int] = []
    offset = 0
    for it in items:
        starts.append(offset)
        offset += len(it.names)
    return Sieve(
        items=items, flat=flat, keys=keys, starts=starts, dropped_part=dropped_part,
        groups=groups, group_of_key=group_of_key, uf=UnionFind(len(groups)), gvotes=gvotes,
        gkeys=[keys[members[0]] for members in groups],
    )


def _stated_equivalences(s: Sieve) -> None:
    """Pass 2a: what the text states is one referent (`known as`, `Long Name (LN)`)."""
    for d, it in enumerate(s.items):
        for a, b in it.equivalences:
            ka, kb = s.keys[s.index(d, a)], s.keys[s.index(d, b)]
            if ka in s.group_of_key and kb in s.group_of_key:
                s.uf.union(s.group_of_key[ka], s.group_of_key[kb])


def _acronyms(s: Sieve) -> None:
    """Pass 2b: an all-capitals name joins the one group whose initials it is."""
    expansions: dict[str, set[int]] = defaultdict(set)
    for g, members in enumerate(s.groups):
        text = s.flat[members[0]][1].mention.text
        acr = acronym(re.sub(r"^(?:the|The)\s+", "", text))
        if len(acr) >= 2 and _type_of(s.gvotes[g]) != "PERSON":
            expansions[acr].add(g)
    for g, members in enumerate(s.groups):
        text = s.flat[members[0]][1].mention.text.replace(".", "")
        if text.isupper() and text.isalpha() and 2 <= len(text) <= 8:
            options = expansions.get(text, set())
            same_type = {x for x in options if _type_of(s.gvotes[x]) == _type_of(s.gvotes[g])}
            # "AP": the Associated Press (ORG) rather than American Pie (WORK_OF_ART).
            targets = {s.uf.find(x) for x in (same_type or options)}
            if len(targets) == 1:
                s.uf.union(g, targets.pop())


def _descriptor_names(s: Sieve) -> None:
    """Pass 2c: a name ending with another whole multi-word name is that name with a
    descriptor in front ("Comedian Ellen DeGeneres", "Malibu Promises Treatment Center")."""
    by_key = {k: g for g, k in enumerate(s.gkeys)}
    for g in range(s.n_groups):
        h = _descriptor_base(s.gkeys[g], by_key)
        if h is not None:
            s.uf.union(g, h)


def _org_heads(s: Sieve) -> dict[str, set[int]]:
    """Short forms of organisation names: their head word, or the name without its
    institution noun, each with the groups it may stand for."""
    heads: dict[str, set[int]] = defaultdict(set)
    for g in range(s.n_groups):
        words = s.gkeys[g].split()
        if len(words) >= 2 and _type_of(s.gvotes[g]) in _ORG_LIKE:
            # The last word of "Bank of America" is another name, not the head.
            if "of" not in words:
                heads[words[-1]].add(g)
            # "the Academy" for "Academy of Motion Picture Arts and Sciences".
            if words[1] == "of":
                heads[words[0]].add(g)
    # "Betty Ford" and "Marfin" for "Betty Ford Center" and "Marfin Bank": a name plus
    # an institution noun is shortened to the name in the same story.
    for g in range(s.n_groups):
        words = s.gkeys[g].split()
        if len(words) >= 2 and _type_of(s.gvotes[g]) in _ORG_LIKE:
            cut = len(words)
            while cut > 1 and words[cut - 1] in INSTITUTION_NOUNS:
                cut -= 1
            if cut < len(words):
                heads[" ".join(words[:cut])].add(g)
    return heads


def _head_words(s: Sieve) -> None:
    """Pass 2d: a bare head word ("the Navy", "the Angels") is the one organisation
    whose multi-word name ends with it, if only one does."""
    heads = _org_heads(s)
    for g in range(s.n_groups):
        if _type_of(s.gvotes[g]) in ("GPE", "LOC", "NORP") or s.gkeys[g] not in heads:
            continue
        # A full personal name stays a person ("Walt Disney" is not the company).
        if " " in s.gkeys[g] and _type_of(s.gvotes[g]) in (*_ORG_LIKE, "PERSON"):
            continue
        targets = {s.uf.find(x) for x in heads[s.gkeys[g]]}
        if len(targets) == 1:
            s.uf.union(g, targets.pop())


def _people(s: Sieve) -> None:
    """Pass 3: full names sharing a surname with compatible first names, then surnames.

    The NER often types a person as ORG; a quarter of the votes is enough to count.
    """
    is_person = [_type_of(v) == "PERSON" or 4 * v.get("PERSON", 0) >= sum(v.values())
                 for v in s.gvotes]
    full: dict[str, list[int]] = defaultdict(list)
    for g in range(s.n_groups):
        parts = s.gkeys[g].split()
        if is_person[g] and len(parts) >= 2:
            full[parts[-1]].append(g)
    for gs in full.values():
        _join_full_names(s, gs)
    s.surname_of = {last: {s.uf.find(g) for g in gs} for last, gs in full.items()}
    _join_surnames(s)


def _join_full_names(s: Sieve, gs: list[int]) -> None:
    """Full names with one surname whose first names are compatible."""
    named = [g for g in gs if len(s.gkeys[g].split()[0]) > 1]
    for g in gs:
        first = s.gkeys[g].split()[0]
        # Middle names and nicknames count: 'Luis Gerardo "Jerry" Ortiz' is Jerry Ortiz.
        matches = [h for h in named if h != g and (
            _first_compatible(first, s.gkeys[h].split()[0])
            or (len(first) > 1 and _given_names(s.gkeys[g]) & _given_names(s.gkeys[h])))]
        if len(first) == 1:
            if len({s.uf.find(h) for h in matches}) == 1:
                s.uf.union(g, matches[0])
        else:
            for h in matches:
                s.uf.union(g, h)


def _join_surnames(s: Sieve) -> None:
    """A surname alone joins the one person of that surname, unless it votes as a place."""
    for g in range(s.n_groups):
        key = s.gkeys[g]
        if " " in key or key not in s.surname_of:
            continue
        if s.gvotes[g].get("PERSON", 0) == 0 and any(s.gvotes[g].get(x, 0) for x in PLACE_LABELS):
            continue
        targets = {s.uf.find(x) for x in s.surname_of[key]}
        if len(targets) == 1:
            s.uf.union(g, targets.pop())


def _parts_and_candidates(s: Sieve) -> None:
    """Pass 4: parts of compounds and missed proper nouns join an existing entity or
    vanish; a headline run of words yields the known names inside it."""
    s.cluster_of = [None] * len(s.flat)
    for g, members in enumerate(s.groups):
        for i in members:
            s.cluster_of[i] = s.uf.find(g)
    for i, (_, nm) in enumerate(s.flat):
        if nm.origin not in ("part", "candidate") or i in s.dropped_part:
            continue
        s.cluster_of[i] = s.known(s.keys[i])
        if s.cluster_of[i] is not None or nm.origin != "candidate":
            continue
        found = _known_names_inside(s, nm.mention)
        if found:
            s.shortened[i], s.cluster_of[i] = found.pop(0)
            s.inner[i] = found


def _known_names_inside(s: Sieve, m: Mention) -> list[tuple[Mention, int]]:
    """The known names inside a headline run ("Thoughts on Why the Academy Picked Ellen
    DeGeneres"), longest first, left to right, with their clusters."""
    found: list[tuple[Mention, int]] = []
    bounds = [(w.start(), w.end()) for w in re.finditer(r"\S+", m.text)]
    a = 0
    while a < len(bounds):
        for b in range(len(bounds), a, -1):
            piece = m.text[bounds[a][0]:bounds[b - 1][1]]
            c = s.known(name_key(piece)) if piece[:1].isupper() else None
            if c is not None:
                found.append((Mention(m.start + bounds[a][0], m.start + bounds[b - 1][1],
                                      piece, m.label), c))
                a = b - 1
                break
        a += 1
    return found
