"""The cast stage: per-document mentions (parsed) and story-level linking (hand-made)."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pytest

from storyline.models import Mention
from storyline.stages.entities import (
    Cast,
    DocMentions,
    NamedMention,
    PronounMention,
    RoleMention,
    acronym,
    build_cast,
    document_mentions,
    normalize_name_token,
)

if TYPE_CHECKING:
    from spacy.language import Language


# ---------------------------------------------------------------- hand-made documents


@dataclass(frozen=True)
class N:
    """A name to place in a hand-made document."""

    text: str
    label: str = "PERSON"
    sentence: int = 0
    role: str = ""
    subject: bool = False
    origin: str = "ner"
    gender: str = ""


def make_doc(
    document: str,
    names: list[N],
    roles: list[tuple[str, int, bool]] | None = None,
    pronouns: list[tuple[str, int]] | None = None,
    equivalences: tuple[tuple[int, int], ...] = (),
) -> DocMentions:
    """Lay names, then role nouns, then pronouns one after another in a virtual text."""
    pos = 0
    out: list[NamedMention] = []
    for n in names:
        votes: tuple[tuple[str, int], ...] = ((n.label, 1),) if n.label else ()
        if n.role:
            votes = tuple(sorted({**dict(votes), "PERSON": dict(votes).get("PERSON", 0) + 3}.items()))
        out.append(NamedMention(Mention(pos, pos + len(n.text), n.text, n.label), n.sentence,
                                role=n.role, origin=n.origin, subject=n.subject,
                                gender=n.gender, votes=votes))
        pos += len(n.text) + 1
    role_out = []
    for text, sent, subj in roles or []:
        words = tuple(text.lower().split()[1:])
        role_out.append(RoleMention(pos, pos + len(text), text, words, sent, subj))
        pos += len(text) + 1
    pron_out = []
    for text, sent in pronouns or []:
        pron_out.append(PronounMention(pos, pos + len(text), text,
                                       "m" if text.lower() == "he" else "f", sent))
        pos += len(text) + 1
    return DocMentions(document, tuple(out), tuple(role_out), tuple(pron_out), equivalences)


def entity_of(cast: Cast, alias: str) -> set[str]:
    return {e.id for e in cast.entities if any(a == alias for a, _ in e.aliases)}


@pytest.mark.parametrize(
    ("docs", "together", "apart"),
    [
        # Surname alone joins the full name used elsewhere in the story.
        ([[N("Angela Merkel")], [N("Merkel")]], [("Angela Merkel", "Merkel")], []),
        # Two people share a surname: the bare surname stays apart from both.
        ([[N("John Smith"), N("Jane Smith")], [N("Smith")]], [],
         [("John Smith", "Jane Smith"), ("Smith", "John Smith"), ("Smith", "Jane Smith")]),
        # Transliteration variants of first names.
        ([[N("Sergey Lavrov")], [N("Sergei Lavrov")]], [("Sergey Lavrov", "Sergei Lavrov")], []),
        ([[N("Aleksandr Lukashenko")], [N("Alexander Lukashenko")]],
         [("Aleksandr Lukashenko", "Alexander Lukashenko")], []),
        ([[N("Yury Ushakov"), N("Yuriy Ushakov")], [N("Yuri Ushakov")]],
         [("Yury Ushakov", "Yuri Ushakov"), ("Yuriy Ushakov", "Yuri Ushakov")], []),
        ([[N("Dmitry Peskov")], [N("Dmitri Peskov"), N("Peskov")]],
         [("Dmitry Peskov", "Dmitri Peskov"), ("Peskov", "Dmitry Peskov")], []),
        ([[N("Alexei Navalny")], [N("Aleksey Navalny")]], [("Alexei Navalny", "Aleksey Navalny")], []),
        # Different first names with one surname are different people.
        ([[N("Boris Johnson")], [N("Lyndon Johnson")]], [], [("Boris Johnson", "Lyndon Johnson")]),
        # An initial joins the one full first name it fits, not two.
        ([[N("J. Smith")], [N("John Smith")]], [("J. Smith", "John Smith")], []),
        ([[N("J. Smith")], [N("John Smith"), N("Jane Smith")]], [],
         [("J. Smith", "John Smith"), ("J. Smith", "Jane Smith")]),
        # Acronyms computed from the initials of the expansion.
        ([[N("Liberal Democratic Party", "ORG")], [N("LDP", "ORG")]],
         [("Liberal Democratic Party", "LDP")], []),
        ([[N("North Atlantic Treaty Organization", "ORG")], [N("NATO", "ORG")]],
         [("North Atlantic Treaty Organization", "NATO")], []),
        # An acronym with two possible expansions stays alone.
        ([[N("Liberal Democratic Party", "ORG"), N("Libyan Defence Party", "ORG")], [N("LDP", "ORG")]],
         [], [("LDP", "Liberal Democratic Party"), ("LDP", "Libyan Defence Party")]),
        # A surname that is only ever a place is not merged into a person.
        ([[N("Michael Jordan")], [N("Jordan", "GPE"), N("Jordan", "GPE")]], [],
         [("Jordan", "Michael Jordan")]),
        # Same key, different NER labels: one entity (labels are repaired by votes).
        ([[N("Lavrov", "ORG")], [N("Lavrov"), N("Sergey Lavrov")]], [("Lavrov", "Sergey Lavrov")], []),
    ],
)
def test_merging_rules(
    docs: list[list[N]], together: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    cast = build_cast([make_doc(f"d{i}", names) for i, names in enumerate(docs)])
    for a, b in together:
        assert entity_of(cast, a) == entity_of(cast, b) != set(), (a, b)
    for a, b in apart:
        assert entity_of(cast, a).isdisjoint(entity_of(cast, b)), (a, b)


def test_stated_equivalence_merges_two_names() -> None:
    doc = make_doc("d0", [N("Northern Territories", "LOC"), N("Southern Kurils", "ORG")],
                   equivalences=((0, 1),))
    other = make_doc("d1", [N("Southern Kurils", "LOC")])
    cast = build_cast([doc, other])
    assert len(cast.entities) == 1
    entity = cast.entities[0]
    assert entity.type == "LOC"
    assert dict(entity.aliases) == {"Northern Territories": 1, "Southern Kurils": 2}
    assert entity.documents == ("d0", "d1")


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        # Majority of labels wins across documents.
        ([N("Habomai", "PERSON"), N("Habomai", "LOC"), N("Habomai", "LOC")], "LOC"),
        ([N("Hokkaido", "ORG"), N("Hokkaido", "GPE"), N("Hokkaido", "GPE")], "GPE"),
        # A role seen with the name outweighs a stray label.
        ([N("Kono", "ORG"), N("Kono", "ORG"), N("Taro Kono", "ORG", role="Foreign Minister")],
         "PERSON"),
    ],
)
def test_type_repair(names: list[N], expected: str) -> None:
    cast = build_cast([make_doc(f"d{i}", [n]) for i, n in enumerate(names)])
    assert [e.type for e in cast.entities] == [expected]


def test_canonical_name_aliases_ids_and_roles() -> None:
    docs = [
        make_doc("a", [N("Tokyo", "GPE"), N("Putin"), N("Putin")]),
        make_doc("b", [N("Vladimir Putin", role="Russian President"), N("Putin")]),
    ]
    cast = build_cast(docs)
    assert [(e.id, e.name) for e in cast.entities] == [("e1", "Tokyo"), ("e2", "Vladimir Putin")]
    putin = cast.entities[1]
    assert putin.aliases == (("Putin", 3), ("Vladimir Putin", 1))
    assert putin.mentions == 4 and putin.documents == ("a", "b")
    assert putin.roles == ("Russian President",)
    # Deterministic and picklable: a pipeline may store and re-run it.
    assert build_cast(pickle.loads(pickle.dumps(docs))).entities == cast.entities


@pytest.mark.parametrize(
    ("origin", "text", "kept"),
    [("part", "Abe", True), ("part", "Russo", False), ("candidate", "Abe", True),
     ("candidate", "Smith", False)],
)
def test_parts_and_candidates_only_join_existing_entities(origin: str, text: str, kept: bool) -> None:
    cast = build_cast([
        make_doc("a", [N("Shinzo Abe")]),
        make_doc("b", [N(text, "", origin=origin)]),
    ])
    assert len(cast.entities) == 1
    linked = [m for m in cast.mentions if m.document == "b"]
    assert bool(linked) is kept
    if kept:
        assert linked[0].entity == cast.entities[0].id


def _story_with_leaders() -> list[N]:
    return [
        N("Joe Biden", sentence=0, role="U.S. President", subject=True),
        N("Emmanuel Macron", sentence=0, role="French President"),
        N("Shinzo Abe", sentence=1, role="Japanese Prime Minister", subject=True),
    ]


@pytest.mark.parametrize(
    ("role", "sentence", "expected"),
    [
        ("the prime minister", 2, "Shinzo Abe"),
        ("the French president", 4, "Emmanuel Macron"),
        ("the Japanese leader", 4, "Shinzo Abe"),
        # Two presidents mentioned long before: ambiguous.
        ("the president", 4, None),
        # Nobody holds the role.
        ("the chancellor", 2, None),
        # A deputy is not the minister.
        ("the deputy prime minister", 2, None),
    ],
)
def test_role_nouns(role: str, sentence: int, expected: str | None) -> None:
    doc = make_doc("d", _story_with_leaders(), roles=[(role, sentence, True)])
    cast = build_cast([doc])
    r = doc.roles[0]
    got = cast.resolve("d", r.start, r.end)
    want = entity_of(cast, expected).pop() if expected else None
    assert got == want


def test_role_roles_come_from_the_whole_story() -> None:
    # The role is stated in another document; here only the bare surname appears.
    story = [
        make_doc("a", [N("Vladimir Putin", role="Russian President")]),
        make_doc("b", [N("Putin", subject=True)], roles=[("the Russian leader", 1, True)]),
    ]
    cast = build_cast(story)
    r = story[1].roles[0]
    assert cast.resolve("b", r.start, r.end) == entity_of(cast, "Putin").pop()


@pytest.mark.parametrize(
    ("names", "pronoun", "expected"),
    [
        # One person subject in the previous sentence.
        ([N("Shinzo Abe", sentence=0, subject=True), N("Russia", "GPE", sentence=0)],
         ("he", 1), "Shinzo Abe"),
        # The subject, not the object, of the same sentence before the pronoun.
        ([N("Abe", sentence=1, subject=True), N("Putin", sentence=1)], ("he", 1), "Abe"),
        # Two subjects: ambiguous.
        ([N("Taro Kono", sentence=0, subject=True), N("Sergey Lavrov", sentence=0, subject=True)],
         ("he", 1), None),
        # Gender clash: "she" cannot be a man called Mr.
        ([N("John Smith", sentence=0, subject=True, gender="m")], ("she", 1), None),
        # Nobody recent.
        ([N("Shinzo Abe", sentence=0, subject=True)], ("he", 5), None),
    ],
)
def test_pronouns(names: list[N], pronoun: tuple[str, int], expected: str | None) -> None:
    doc = make_doc("d", names, pronouns=[pronoun])
    cast = build_cast([doc])
    p = doc.pronouns[0]
    want = entity_of(cast, expected).pop() if expected else None
    assert cast.resolve("d", p.start, p.end) == want
    kinds = {m.kind for m in cast.mentions if m.start == p.start}
    assert kinds == ({"pronoun"} if expected else set())


def test_resolve_spans_around_and_inside_names() -> None:
    doc = make_doc("d", [N("Vladimir Putin"), N("Shinzo Abe")])
    cast = build_cast([doc])
    putin, abe = (m.mention for m in doc.names)
    assert cast.resolve("d", putin.start, putin.end) == entity_of(cast, "Vladimir Putin").pop()
    # A speaker span with the title before the name.
    assert cast.resolve("d", max(0, putin.start - 0), putin.end) is not None
    assert cast.resolve("d", putin.start + 2, putin.end - 2) == entity_of(cast, "Vladimir Putin").pop()
    # Two people in one span, or nothing at all: no answer.
    assert cast.resolve("d", putin.start, abe.end) is None
    assert cast.resolve("other", putin.start, putin.end) is None


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("Sergey", "Sergei", True), ("Yury", "Yuriy", True), ("Aleksandr", "Alexander", True),
     ("Dmitry", "Dmitri", True), ("Phillip", "Filip", True), ("Maria", "Mario", False),
     ("Boris", "Doris", False)],
)
def test_normalize_name_token(a: str, b: str, same: bool) -> None:
    assert (normalize_name_token(a) == normalize_name_token(b)) is same


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Liberal Democratic Party", "LDP"), ("Bank of Japan", "BJ"), ("World Health Organization", "WHO"),
     ("Putin", "")],
)
def test_acronym(text: str, expected: str) -> None:
    assert acronym(text) == expected


# ---------------------------------------------------------------- parsed documents


def names_of(nlp: Language, text: str) -> DocMentions:
    return document_mentions(nlp(text), "t")


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Prime Minister Shinzo Abe met reporters in Tokyo on Monday.", "Shinzo Abe", "Prime Minister"),
        ("Russian Deputy Foreign Minister Igor Morgulov summoned the ambassador on Wednesday.",
         "Igor Morgulov", "Russian Deputy Foreign Minister"),
        ("The talks were led by Takeo Mori, a senior Japanese deputy foreign minister, in Moscow.",
         "Takeo Mori", "senior Japanese deputy foreign minister"),
        ("Mr. John Smith said the plan would fail.", "John Smith", ""),
    ],
)
def test_titles_are_stripped_and_kept_as_roles(nlp: Language, text: str, name: str, role: str) -> None:
    dm = names_of(nlp, text)
    found = [n for n in dm.names if n.mention.text == name]
    assert found, [n.mention.text for n in dm.names]
    assert found[0].role == role
    m = found[0].mention
    assert text[m.start:m.end] == m.text


def test_honorific_gives_gender(nlp: Language) -> None:
    dm = names_of(nlp, "Mrs. Jane Porter said she would run again.")
    porter = [n for n in dm.names if n.mention.text == "Jane Porter"]
    assert porter and porter[0].gender == "f"


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("By John Smith\n\nThe government announced new taxes on Monday in London.", "John Smith"),
        ("Officials met in Paris. (Photo by Anna Kowalski via AP)", "Anna Kowalski"),
        ("• Reuters\n\nThe government announced new taxes on Monday.", "Reuters"),
        ("Nonetheless, the government announced new taxes.", "Nonetheless"),
    ],
)
def test_false_entities_are_removed(nlp: Language, text: str, absent: str) -> None:
    dm = names_of(nlp, text)
    assert all(absent not in n.mention.text for n in dm.names)


def test_possessives_and_articles_are_removed(nlp: Language) -> None:
    dm = names_of(nlp, "The United States' allies and Merkel's government met the United Nations.")
    texts = {n.mention.text for n in dm.names}
    assert "Merkel" in texts
    assert all(not t.startswith("the ") and not t.endswith("'s") for t in texts)


def test_stated_alternative_names(nlp: Language) -> None:
    text = ("The islands, known as the Northern Territories in Japan and the Southern Kurils "
            "in Russia, were seized by the Soviet Union in 1945.")
    dm = names_of(nlp, text)
    pairs = {frozenset((dm.names[a].mention.text, dm.names[b].mention.text))
             for a, b in dm.equivalences}
    assert frozenset(("Northern Territories", "Southern Kurils")) in pairs
    assert all("Japan" not in p and "Russia" not in p for p in pairs)


def test_parenthetical_acronym(nlp: Language) -> None:
    dm = names_of(nlp, "The ruling Liberal Democratic Party (LDP) won the election in Japan.")
    pairs = {frozenset((dm.names[a].mention.text, dm.names[b].mention.text))
             for a, b in dm.equivalences}
    assert frozenset(("Liberal Democratic Party", "LDP")) in pairs


def test_hyphenated_compound_mentions_both_people(nlp: Language) -> None:
    text = ("Prime Minister Shinzo Abe met President Vladimir Putin. "
            "The Abe-Putin summit lasted three hours.")
    cast = build_cast([names_of(nlp, text)])
    at = text.index("Abe-Putin")
    abe, putin = entity_of(cast, "Shinzo Abe"), entity_of(cast, "Vladimir Putin")
    assert cast.resolve("t", at, at + 3) in abe
    assert cast.resolve("t", at + 4, at + 9) in putin
    assert not entity_of(cast, "Abe-Putin")


def test_role_noun_and_pronoun_in_parsed_text(nlp: Language) -> None:
    text = ("Russian President Vladimir Putin met Japanese Prime Minister Shinzo Abe in Moscow. "
            "The Russian leader said talks would continue. "
            "Abe thanked the president. He said a treaty was possible.")
    cast = build_cast([names_of(nlp, text)])
    putin = entity_of(cast, "Vladimir Putin").pop()
    abe = entity_of(cast, "Shinzo Abe").pop()
    leader = text.index("The Russian leader")
    assert cast.resolve("t", leader, leader + len("The Russian leader")) == putin
    pres = text.index("the president")
    assert cast.resolve("t", pres, pres + len("the president")) == putin
    he = text.index("He said")
    assert cast.resolve("t", he, he + 2) == abe


@pytest.mark.parametrize(
    ("docs", "together", "apart"),
    [
        # A nickname or middle name shared with a shorter full name.
        ([[N('Luis Gerardo "Jerry" Ortiz')], [N("Jerry Ortiz"), N("Ortiz")]],
         [('Luis Gerardo "Jerry" Ortiz', "Jerry Ortiz"), ("Ortiz", "Jerry Ortiz")], []),
        # A descriptor in front of a whole known name.
        ([[N("Comedian Ellen DeGeneres")], [N("Ellen DeGeneres"), N("DeGeneres")]],
         [("Comedian Ellen DeGeneres", "Ellen DeGeneres"), ("DeGeneres", "Ellen DeGeneres")], []),
        # A bare organisation head word, only when one organisation ends with it.
        ([[N("Indian Navy", "ORG")], [N("Navy", "ORG")]], [("Navy", "Indian Navy")], []),
        ([[N("Indian Navy", "ORG"), N("Royal Navy", "ORG")], [N("Navy", "ORG")]], [],
         [("Navy", "Indian Navy"), ("Navy", "Royal Navy")]),
        # British and American spellings of one place.
        ([[N("Promises Treatment Centre", "ORG")], [N("Promises Treatment Center", "ORG")]],
         [("Promises Treatment Centre", "Promises Treatment Center")], []),
        # Generational suffixes do not hide the surname.
        ([[N("Arcade Joseph Comeaux Jr")], [N("Comeaux")]], [("Comeaux", "Arcade Joseph Comeaux Jr")], []),
    ],
)
def test_more_merging_rules(
    docs: list[list[N]], together: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    test_merging_rules(docs, together, apart)


def test_headline_names_only_join_known_entities(nlp: Language) -> None:
    text = ("Lindsay Lohan Checks Into Rehab Clinic\n"
            "Actress Lindsay Lohan has entered a clinic in California, her lawyer said on Monday.")
    cast = build_cast([names_of(nlp, text)])
    lohan = entity_of(cast, "Lindsay Lohan")
    assert len(lohan) == 1
    assert cast.resolve("t", 0, len("Lindsay Lohan")) == next(iter(lohan))
    assert all("Checks" not in a for e in cast.entities for a, _ in e.aliases)


def test_names_do_not_run_across_lines_or_commas(nlp: Language) -> None:
    text = "He signed with Mark Teixeira\nBoston Red Sox fans were angry, Teixeira said."
    dm = names_of(nlp, text)
    assert all("\n" not in n.mention.text and "," not in n.mention.text for n in dm.names)


@pytest.mark.parametrize(
    ("docs", "together", "apart"),
    [
        ([[N("Academy of Motion Picture Arts and Sciences", "ORG")], [N("Academy", "ORG")]],
         [("Academy", "Academy of Motion Picture Arts and Sciences")], []),
        ([[N("Marfin Bank", "ORG")], [N("Marfin", "PERSON")]], [("Marfin", "Marfin Bank")], []),
        # A city is not its police department; a full personal name is not a company.
        ([[N("Staunton Police Department", "ORG")], [N("Staunton", "GPE"), N("Staunton", "GPE")]],
         [], [("Staunton", "Staunton Police Department")]),
        ([[N("Walt Disney Company", "ORG")], [N("Walt Disney", "PERSON")]], [],
         [("Walt Disney", "Walt Disney Company")]),
        # A headline-like phrase is not a descriptor of the name it ends with.
        ([[N("Nostalgic Look at Bettie Page")], [N("Bettie Page")]], [],
         [("Nostalgic Look at Bettie Page", "Bettie Page")]),
    ],
)
def test_institution_rules(
    docs: list[list[N]], together: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    test_merging_rules(docs, together, apart)


def test_canonical_name_skips_descriptor_forms() -> None:
    cast = build_cast([make_doc("a", [N("Comedian Ellen DeGeneres"), N("Ellen DeGeneres")])])
    assert [e.name for e in cast.entities] == ["Ellen DeGeneres"]


@pytest.mark.parametrize(
    ("text", "present", "absent"),
    [
        ("Shinzo Abe and Vladimir Putin met in Singapore on Wednesday.",
         {"Shinzo Abe", "Vladimir Putin"}, {"Shinzo Abe and Vladimir Putin"}),
        ("The Portland Trailblazers Coach said the team would rebuild.",
         {"Portland Trailblazers"}, {"Portland Trailblazers Coach"}),
    ],
)
def test_span_repairs(nlp: Language, text: str, present: set[str], absent: set[str]) -> None:
    texts = {n.mention.text for n in names_of(nlp, text).names}
    assert present <= texts and not absent & texts, texts


@pytest.mark.parametrize(
    ("text", "whole", "kept"),
    [
        ("Shinzo Abe met Vladimir Putin. The Abe-Putin summit ended.", "Abe-Putin", False),
        ("Coca-Cola said sales rose. The Coca-Cola Company is based in Atlanta.", "Coca-Cola", True),
    ],
)
def test_hyphen_compounds(nlp: Language, text: str, whole: str, kept: bool) -> None:
    cast = build_cast([names_of(nlp, text)])
    at = text.index(whole)
    compound_linked = any(m.start == at and m.end == at + len(whole) for m in cast.mentions)
    assert compound_linked is kept


@pytest.mark.parametrize(
    ("docs", "together", "apart"),
    [
        # The last word of "X of Y" is another name, not the organisation's head word.
        ([[N("Bank of Lisbon", "ORG")], [N("Lisbon", "ORG")]], [],
         [("Lisbon", "Bank of Lisbon")]),
        # A head word with no "of" still stands for its one organisation.
        ([[N("Royal Navy", "ORG")], [N("Navy", "ORG")]], [("Navy", "Royal Navy")], []),
    ],
)
def test_head_word_rules(
    docs: list[list[N]], together: list[tuple[str, str]], apart: list[tuple[str, str]]
) -> None:
    test_merging_rules(docs, together, apart)


def test_portfolio_of_a_title_is_no_entity() -> None:
    portfolio = NamedMention(Mention(0, 6, "Health", "ORG"), 0, votes=(("ORG", 1),), portfolio=True)
    person = NamedMention(Mention(16, 27, "Mara Koenig", "PERSON"), 0, votes=(("PERSON", 4),),
                          role="Health Minister")
    cast = build_cast([DocMentions("d0", (portfolio, person))])
    assert [e.name for e in cast.entities] == ["Mara Koenig"]
    # The same word named on its own elsewhere is an entity after all.
    alone = NamedMention(Mention(0, 6, "Health", "ORG"), 0, votes=(("ORG", 1),))
    cast = build_cast([DocMentions("d0", (portfolio, person)), DocMentions("d1", (alone,))])
    assert {e.name for e in cast.entities} == {"Mara Koenig", "Health"}


def test_roles_are_kept_as_written_and_counted_once() -> None:
    names = [NamedMention(Mention(i * 20, i * 20 + 11, "Ivo Marsden", "PERSON"), i,
                          role=role, votes=(("PERSON", 4),))
             for i, role in enumerate(["union's chairman", "union’s chairman", "Union's Chairman"])]
    cast = build_cast([DocMentions("d0", tuple(names))])
    assert cast.entities[0].roles == ("union's chairman",)


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("Health Minister Mara Koenig said the clinics would reopen.", "Mara Koenig",
         "Health Minister"),
        ("Ivo Marsden, the union's chairman, said the strike would go on.", "Ivo Marsden",
         "union's chairman"),
    ],
)
def test_roles_keep_portfolio_and_spelling(nlp: Language, text: str, name: str, role: str) -> None:
    test_titles_are_stripped_and_kept_as_roles(nlp, text, name, role)


def test_dateline_makes_a_place(nlp: Language) -> None:
    text = "VARDELL, May 4 (Tidewire) - Ferry services from Vardell resumed on Sunday."
    cast = build_cast([names_of(nlp, text)])
    vardell = [e for e in cast.entities if e.name.lower() == "vardell"]
    assert vardell and vardell[0].type == "GPE", [(e.name, e.type) for e in cast.entities]


@pytest.mark.parametrize(
    ("text", "name", "gender"),
    [
        ("Company spokeswoman Dana Ilves said the plant would close.", "Dana Ilves", "f"),
        ("Dana Ilves, a spokesman for the ministry, said the plant would close.", "Dana Ilves", "m"),
        ("Chairman Dana Ilves said the plant would close.", "Dana Ilves", ""),
    ],
)
def test_gendered_role_gives_gender(nlp: Language, text: str, name: str, gender: str) -> None:
    found = [n for n in names_of(nlp, text).names if n.mention.text == name]
    assert found and found[0].gender == gender, [(n.mention.text, n.role) for n in found]


@pytest.mark.parametrize("text", [
    "Prime Minister Shinzo Abe met Vladimir Putin in Moscow. Abe said the talks, which Putin called "
    "useful, would go on. The prime minister left on Friday; he will return. Putin's aide, Yuri "
    "Ushakov, known as Ushakov, spoke to the Russian news agency TASS (Telegraph Agency of Russia).",
])
def test_stored_reader_gives_the_stored_mentions_back_without_sentence_bounds(nlp: Language, text: str) -> None:
    import dataclasses
    import json

    from storyline.codec import from_json, to_json
    from storyline.stages.entities import DocMentions, StoredReader, document_mentions

    made = document_mentions(nlp(text), "d1")
    stored = json.loads(json.dumps(to_json(made)))
    read = StoredReader().read(stored)
    assert made.names and made.sentences and read.sentences == ()
    assert read == dataclasses.replace(from_json(DocMentions, stored), sentences=()) == dataclasses.replace(made, sentences=())
    # One string for one name however often the story writes it.
    putins = [n.mention.text for n in read.names if n.mention.text == "Putin"]
    assert len(putins) >= 2 and all(p is putins[0] for p in putins)
    assert pickle.loads(pickle.dumps(read)) == read
