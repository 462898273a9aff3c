"""Across the story: the mentions of every document linked into entities (`Cast`)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from storyline.models import Entity, EntityMention, Mention
from storyline.stages.entities.mentions import (
    DocMentions,
    NamedMention,
    PronounMention,
    RoleMention,
)
from storyline.stages.entities.sieve import (
    Sieve,
    _descriptor_base,
    _type_of,
    run_sieve,
)
from storyline.stages.entities.words import (
    LEADER_TITLES,
    LOOSE_MODIFIERS,
    RANK_WORDS,
    _fold,
    name_key,
)


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


class StoredReader:
    """Reads stored cast inputs (`codec.to_json` of `DocMentions`) back for the story's cast, compactly.

    The cast holds the names of every document of a story at once, so each is kept
    small: the strings a story repeats (a name written the same way in many articles,
    labels, roles, origins, genders) and the type votes are shared between mentions
    (one pool per reader, dropped with it), and the sentence bounds, which the cast
    does not read, are left out. The result equals `codec.from_json(DocMentions, data)`
    but for `sentences`.
    """

    def __init__(self) -> None:
        self._strings: dict[str, str] = {}
        self._votes: dict[tuple[tuple[str, int], ...], tuple[tuple[str, int], ...]] = {}

    def _s(self, value: str) -> str:
        return self._strings.setdefault(value, value)

    def read(self, data: Mapping[str, Any]) -> DocMentions:
        """One document's `DocMentions` from its stored JSON, without its sentence bounds."""
        s = self._s
        names = []
        for n in data["names"]:
            m = n["mention"]
            votes = tuple((s(label), count) for label, count in n["votes"])
            names.append(NamedMention(
                Mention(m["start"], m["end"], s(m["text"]), s(m["label"])), n["sentence"], s(n["role"]),
                s(n["origin"]), n["subject"], s(n["gender"]), self._votes.setdefault(votes, votes), n["portfolio"],
            ))
        return DocMentions(
            document=data["document"],
            names=tuple(names),
            roles=tuple(RoleMention(r["start"], r["end"], r["text"], tuple(s(w) for w in r["words"]), r["sentence"],
                                    r["subject"]) for r in data["roles"]),
            pronouns=tuple(PronounMention(p["start"], p["end"], s(p["text"]), s(p["gender"]), p["sentence"])
                           for p in data["pronouns"]),
            equivalences=tuple((a, b) for a, b in data["equivalences"]),
        )


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
    sieve = run_sieve(items)
    found = _entities(sieve)
    mentions = [m for d, it in enumerate(items) for m in _linked_spans(sieve, found, d, it)]
    mentions.sort(key=lambda m: (m.document, m.start))
    return Cast(entities=found.entities, mentions=mentions)


@dataclass
class _Found:
    """Pass 5's entities, by cluster, with what role and pronoun resolution needs."""

    entities: list[Entity] = field(default_factory=list)
    ent_id: dict[int, str] = field(default_factory=dict)
    roles_of: dict[str, list[str]] = field(default_factory=dict)
    type_of: dict[str, str] = field(default_factory=dict)
    gender_of: dict[str, str] = field(default_factory=dict)


def _entities(s: Sieve) -> _Found:
    """Pass 5: entities, numbered by first appearance."""
    members_of: dict[int, list[int]] = defaultdict(list)
    for i, c in enumerate(s.cluster_of):
        if c is not None:
            members_of[c].append(i)
    order = sorted(members_of, key=lambda c: min(members_of[c]))
    found = _Found()
    for n, c in enumerate(order, start=1):
        eid = f"e{n}"
        found.ent_id[c] = eid
        entity, gender = _entity(s, eid, members_of[c])
        found.entities.append(entity)
        found.roles_of[eid] = list(entity.roles)
        found.type_of[eid] = entity.type
        found.gender_of[eid] = gender
    return found


def _entity(s: Sieve, eid: str, mem: list[int]) -> tuple[Entity, str]:
    """The entity of one cluster's mentions, and its gender ("" if none is said)."""
    votes: Counter[str] = Counter()
    aliases: Counter[str] = Counter()
    first_pos: dict[str, int] = {}
    roles: Counter[str] = Counter()
    genders: Counter[str] = Counter()
    for i in mem:
        nm = s.flat[i][1]
        votes.update(dict(nm.votes))
        surface = s.shortened.get(i, nm.mention).text
        aliases[surface] += 1
        first_pos.setdefault(surface, i)
        if nm.role:
            roles[nm.role] += 1
        if nm.gender:
            genders[nm.gender] += 1
    # The fullest form, but not one that is a known name with a descriptor in front.
    plain = _plain_aliases(aliases)
    name = max(plain or list(aliases),
               key=lambda a: (len(a.split()), aliases[a], -first_pos[a]))
    docs = list(dict.fromkeys(s.items[s.flat[i][0]].document for i in sorted(mem)))
    entity = Entity(
        id=eid, name=name, type=_type_of(votes),
        aliases=tuple(sorted(aliases.items(), key=lambda kv: (-kv[1], first_pos[kv[0]]))),
        mentions=len(mem), documents=tuple(docs), roles=tuple(_role_forms(roles)),
    )
    return entity, genders.most_common(1)[0][0] if genders else ""


def _role_forms(roles: Counter[str]) -> list[str]:
    """One role however it is cased or its apostrophe written; its commonest form."""
    by_role_key: dict[str, Counter[str]] = defaultdict(Counter)
    for r, n_r in roles.items():
        by_role_key[_fold(r).replace("’", "'")][r] += n_r
    return [forms.most_common(1)[0][0] for forms in sorted(
        by_role_key.values(), key=lambda f: -sum(f.values()))]


_Linked = list[tuple[int, int, int, bool, str]]
"""Linked spans of a document: start, end, sentence, subject, entity id."""


def _linked_spans(s: Sieve, found: _Found, d: int, it: DocMentions) -> list[EntityMention]:
    """Pass 6: the linked names of one document, then its role nouns and pronouns."""
    mentions: list[EntityMention] = []
    base = s.index(d, 0)
    linked: _Linked = []
    for k, nm in enumerate(it.names):
        c = s.cluster_of[base + k]
        if c is None:
            continue
        eid = found.ent_id[c]
        m = s.shortened.get(base + k, nm.mention)
        mentions.append(EntityMention(it.document, m.start, m.end, m.text, eid, "name"))
        linked.append((m.start, m.end, nm.sentence, nm.subject, eid))
        for m2, c2 in s.inner.get(base + k, ()):
            mentions.append(EntityMention(it.document, m2.start, m2.end, m2.text,
                                          found.ent_id[c2], "name"))
    mentions.extend(_references(found, it, linked))
    return mentions


def _references(found: _Found, it: DocMentions, linked: _Linked) -> list[EntityMention]:
    """Role nouns and pronouns of a document resolved, in text order, to linked people."""
    mentions: list[EntityMention] = []
    events: list[tuple[int, str, object]] = [(r.start, "role", r) for r in it.roles]
    events += [(p.start, "pronoun", p) for p in it.pronouns]
    for _, _kind, obj in sorted(events, key=lambda x: x[0]):
        if isinstance(obj, RoleMention):
            eid_r = _resolve_role(obj, linked, found.roles_of, found.type_of)
            if eid_r:
                mentions.append(EntityMention(it.document, obj.start, obj.end, obj.text,
                                              eid_r, "role"))
                linked.append((obj.start, obj.end, obj.sentence, obj.subject, eid_r))
        elif isinstance(obj, PronounMention):
            eid_p = _resolve_pronoun(obj, linked, found.type_of, found.gender_of)
            if eid_p:
                mentions.append(EntityMention(it.document, obj.start, obj.end, obj.text,
                                              eid_p, "pronoun"))
                linked.append((obj.start, obj.end, obj.sentence, True, eid_p))
    return mentions


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
