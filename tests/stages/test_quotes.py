"""Quote extraction and speaker attribution on hand-written sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from storyline.models import Quote
from storyline.stages.quotes import STAGE_NAME, extract_quotes

if TYPE_CHECKING:
    from spacy.language import Language


def _quotes(nlp: Language, text: str, kind: str | None = None) -> list[Quote]:
    found = extract_quotes(nlp(text))
    return [q for q in found if kind is None or q.kind == kind]


def _one(nlp: Language, text: str, quoted: str, kind: str = "direct") -> Quote:
    hits = [q for q in _quotes(nlp, text, kind) if quoted in q.text]
    assert hits, f"no {kind} quote containing {quoted!r} in {_quotes(nlp, text)!r}"
    return hits[0]


def _last(name: str | None) -> str:
    assert name is not None
    return name.split()[-1].lower()


def test_stage_name() -> None:
    assert STAGE_NAME == "storyline.quotes.v3"


# (text, words inside the quote, expected speaker's last word, speaker kind)
DIRECT_CASES = [
    ('"We will win this race," Smith said on Tuesday.', "We will win this race", "smith", "name"),
    ("“We will win this race,” Smith said on Tuesday.", "We will win this race", "smith", "name"),
    ("“We will win this race,” said Senator Jane Smith.", "We will win this race", "smith", "name"),
    ("Smith said on Tuesday: “We will win this race.”", "We will win this race", "smith", "name"),
    (
        'He told reporters: "The talks were useful and frank."',
        "The talks were useful",
        "he",
        "pronoun",
    ),
    (
        "«We will win the race in the end», said Pierre Dupont.",
        "We will win the race",
        "dupont",
        "name",
    ),
    (
        "“It was a ‘very big’ mistake to sign the deal,” the president said.",
        "‘very big’ mistake",
        "president",
        "role",
    ),
    (
        "“The deal is dead,” a senior government official told reporters.",
        "The deal is dead",
        "official",
        "anonymous",
    ),
    (
        "“The summit will go ahead,” said people familiar with the matter.",
        "The summit will go ahead",
        "people",
        "anonymous",
    ),
    (
        "Maria Lopez, speaking through an interpreter, said she “will never give up the fight.”",
        "will never give up",
        "lopez",
        "name",
    ),
    (
        "“Prices will keep rising for a while,” warned the central bank governor Ann Clark.",
        "Prices will keep rising",
        "clark",
        "name",
    ),
    (
        "“Are you serious about this plan?” the reporter asked.",
        "Are you serious",
        "reporter",
        "role",
    ),
    (
        "“Go back to your seat and wait,” Jones barked at the man.",
        "Go back to your seat",
        "jones",
        "name",
    ),
    (
        "Continued Brown: “So I think it is a very real problem for all of us.”",
        "very real problem",
        "brown",
        "name",
    ),
]


@pytest.mark.parametrize(("text", "quoted", "speaker", "kind"), DIRECT_CASES)
def test_direct_quote_and_speaker(
    nlp: Language, text: str, quoted: str, speaker: str, kind: str
) -> None:
    q = _one(nlp, text, quoted)
    assert q.speaker_name is not None
    # A name or role by its last word; an anonymous source keeps its whole description.
    assert speaker in q.speaker_name.lower().split()
    assert q.speaker_kind == kind
    assert q.cue is not None


@pytest.mark.parametrize(
    ("text", "anonymous"),
    [
        (
            "But an individual close to the prime minister's office said that "
            '"at least one more summit is necessary."',
            "an individual close to the prime minister's office",
        ),
        (
            "“The numbers do not add up,” a person familiar with the negotiations said.",
            "a person familiar with the negotiations",
        ),
    ],
)
def test_anonymous_speaker_keeps_description(nlp: Language, text: str, anonymous: str) -> None:
    q = _quotes(nlp, text, "direct")[0]
    assert q.speaker_kind == "anonymous"
    assert q.speaker_name == anonymous


@pytest.mark.parametrize(
    ("text", "first", "second", "speaker"),
    [
        (
            "“We would like to talk,” Abe said, “and we will see what happens next.”",
            "We would like",
            "and we will see",
            "abe",
        ),
        (
            '"This is the end," she said, "of a long and painful chapter."',
            "This is the end",
            "of a long",
            "she",
        ),
        (
            "“We have done our part,” Garcia said. “Now it is their turn to act.”",
            "We have done",
            "Now it is",
            "garcia",
        ),
    ],
)
def test_split_quote_is_one_quote_with_pieces(
    nlp: Language, text: str, first: str, second: str, speaker: str
) -> None:
    direct = _quotes(nlp, text, "direct")
    assert len(direct) == 1
    q = direct[0]
    assert len(q.pieces) == 2
    assert q.text == " ... ".join(text[a:b] for a, b in q.pieces)
    assert first in q.text and second in q.text
    assert _last(q.speaker_name) == speaker


def test_multi_paragraph_quote_continues(nlp: Language) -> None:
    text = (
        "“The first thing we must do is to stop the bleeding in the budget,” the mayor said.\n\n"
        "“The second thing is to rebuild trust with the people of this city.\n\n"
        "“And the third is to keep our promises.”\n\n"
        "The council meets again next week."
    )
    direct = _quotes(nlp, text, "direct")
    assert len(direct) == 1
    q = direct[0]
    assert len(q.pieces) == 3
    assert "rebuild trust" in q.text and "keep our promises" in q.text
    assert q.speaker_name == "the mayor"
    assert "council meets" not in q.text


def test_nested_single_quotes_stay_inside(nlp: Language) -> None:
    text = "“He told me, ‘Do not worry about it,’ and then he left,” Kim said."
    direct = _quotes(nlp, text, "direct")
    assert len(direct) == 1
    assert "‘Do not worry about it,’" in direct[0].text
    assert _last(direct[0].speaker_name) == "kim"


def test_partial_quotes_in_reported_speech(nlp: Language) -> None:
    text = (
        "Putin said more details on what he called a “new mechanism” for resolving the "
        "issue “will be provided later,” according to Russia's Tass news agency."
    )
    direct = {q.text: q for q in _quotes(nlp, text, "direct")}
    assert "new mechanism" in direct
    later = direct["will be provided later,"]
    assert later.speaker_name == "Putin"
    assert later.channel == "Tass"


@pytest.mark.parametrize(
    ("text", "fragment", "kind"),
    [
        ("Japan seeks “historic” year in treaty talks", "historic", "scare"),
        (
            "They named them their “special representatives” to carry out talks.",
            "special representatives",
            "scare",
        ),
        ("The show aired on “Good Morning America” on Monday.", "Good Morning America", "scare"),
        (
            "Lavrov also said it is “unacceptable” for Japan to call the islands by that name.",
            "unacceptable",
            "direct",
        ),
        ("The senator called the plan “a disaster” in a speech.", "a disaster", "direct"),
        ("“Never,” Obama replied.", "Never", "direct"),
    ],
)
def test_scare_versus_partial_quote(nlp: Language, text: str, fragment: str, kind: str) -> None:
    hits = [q for q in _quotes(nlp, text) if q.text.rstrip(",.") == fragment]
    assert hits, _quotes(nlp, text)
    assert hits[0].kind == kind
    if kind == "scare":
        assert hits[0].speaker_name is None


def test_according_to_is_the_speaker_without_other_cue(nlp: Language) -> None:
    text = "The leaders tapped two deputies to carry out talks, “as soon as possible,” according to Mr. Tanaka."
    q = _one(nlp, text, "as soon as possible")
    assert _last(q.speaker_name) == "tanaka"
    assert q.cue == "according to"


def test_outlet_alone_is_the_speaker(nlp: Language) -> None:
    q = _one(
        nlp, "\u201cThe talks have failed,\u201d Tass reported on Sunday.", "The talks have failed"
    )
    assert q.speaker_name == "Tass"
    assert q.channel is None


def test_quoted_by_as_saying_keeps_channel(nlp: Language) -> None:
    text = "Putin was quoted by Tass as saying Abe will visit Russia early next year."
    q = _one(nlp, text, "Abe will visit Russia", kind="indirect")
    assert q.speaker_name == "Putin"
    assert q.channel == "Tass"
    assert q.cue is not None and q.cue.startswith("quoted")


@pytest.mark.parametrize(
    ("text", "clause", "speaker"),
    [
        (
            "Lavrov told reporters after the meeting that it would be difficult to make progress.",
            "it would be difficult to make progress",
            "Lavrov",
        ),
        (
            "The minister said the talks had been useful.",
            "the talks had been useful",
            "The minister",
        ),
        (
            "Abe told Putin that he hopes the situation will calm down.",
            "he hopes the situation will calm down",
            "Abe",
        ),
    ],
)
def test_indirect_speech(nlp: Language, text: str, clause: str, speaker: str) -> None:
    q = _one(nlp, text, clause, kind="indirect")
    assert q.text == clause
    assert q.speaker_name == speaker


def test_no_indirect_from_non_speakers(nlp: Language) -> None:
    text = "His focus on the accord indicates he may prioritize the handover of two islands."
    assert _quotes(nlp, text, "indirect") == []


def test_unattributed_quote_carries_adjacent_speaker(nlp: Language) -> None:
    text = "“We lost,” Lee said.\n\n“We will be back next year.”\n\nThe team flew home on Sunday."
    q = _one(nlp, text, "We will be back")
    assert _last(q.speaker_name) == "lee"


def test_quote_without_attribution_has_no_speaker(nlp: Language) -> None:
    text = (
        "The weather was cold.\n\n“What a day this has been for everyone involved.”\n\nThe sun set."
    )
    q = _one(nlp, text, "What a day")
    assert q.speaker_name is None and q.speaker_start is None


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        # Two apostrophes as quote marks (archive and wire copy).
        (
            "''We are in a bubble,'' Mr. Trump said recently in New York.",
            "We are in a bubble,",
            "trump",
        ),
        # A curly quote closed by a straight mark.
        (
            '\u201cI fundamentally disagree," said retired Gen. Mick Bednarek.',
            "I fundamentally disagree,",
            "bednarek",
        ),
        # Curly marks nested in a straight-quoted span.
        (
            '"He said \u201cno\u201d to me twice," Smith said.',
            "He said \u201cno\u201d to me twice,",
            "smith",
        ),
        # An idiom that attributes without a speech verb.
        (
            'As The Post\'s Dana Milbank puts it, "Senate Republicans are unmoved."',
            "Senate Republicans are unmoved.",
            "milbank",
        ),
        # A digest line: name, colon, quote.
        (
            "RED STATES - Jeffrey M. Jones: \u201cGallup finds that 20 states lean Republican.\u201d",
            "Gallup finds",
            "jones",
        ),
        # A fact-check credit on the line after the quote.
        (
            '"Boeing and GE pay zero taxes."\n\n- Bernie Sanders.\n\nThat is not so.',
            "Boeing and GE",
            "sanders",
        ),
        # An age used as the role after an inverted verb.
        (
            "The former model spoke for ten minutes. \u201cMy husband has always been a leader,"
            "\u201d said the 46-year-old. \u201cHe will work for you.\u201d",
            "My husband has always been a leader,",
            "46-year-old",
        ),
        # A closing mark glued to the speaker's name: the name alone is the speaker.
        (
            "\u201cI think the plan has been a failure from the start,\u201dWarren said. "
            "\u201cIt must end.\u201d",
            "I think the plan",
            "warren",
        ),
        # A perfect tense after a name.
        (
            "\u201cShe still has the best friends she had in school,\u201d Bill Clinton has said "
            "while campaigning for his wife.",
            "She still has",
            "clinton",
        ),
        # A colon after a person's name, in a clause without a speech verb.
        (
            "The timing of the surge does not surprise Republican pollster Daron Shaw: "
            "\u201cLesser-known candidates who win early contests have seen the biggest boost.\u201d",
            "Lesser-known candidates",
            "shaw",
        ),
        # A passive speech verb: its agent speaks.
        (
            "Sanders was asked by host Bill Maher, who supports him, "
            "\u201cNow, you famously said you were tired of hearing about the emails.\u201d",
            "Now, you famously said",
            "maher",
        ),
        # A day after the verb is not the speaker.
        (
            'A White House official said Wednesday, "Certainly there are talks."',
            "Certainly there are talks.",
            "official",
        ),
    ],
)
def test_attribution_styles(nlp: Language, text: str, quoted: str, speaker: str) -> None:
    direct = [q for q in _quotes(nlp, text, "direct") if q.text.startswith(quoted)]
    assert direct, _quotes(nlp, text)
    assert direct[0].speaker_name is not None
    assert direct[0].speaker_name.split()[-1].lower() == speaker


def test_glued_closing_mark_is_not_part_of_the_speaker(nlp: Language) -> None:
    text = "\u201cI think the plan has been a failure from the start,\u201dWarren said."
    q = _one(nlp, text, "I think the plan")
    assert q.speaker_name == "Warren"


def test_quote_paragraph_takes_the_speaker_of_the_next_quote_paragraph(nlp: Language) -> None:
    text = (
        "Ms. Lane is hopeful about the vote.\n\n"
        "\u201cNot only can we win the vote, we will win it by a lot.\u201d\n\n"
        "\u201cVoters know what is at stake this time,\u201d Lane said."
    )
    q = _one(nlp, text, "Not only can we win")
    assert q.speaker_name == "Lane"
    # A paragraph with words of its own besides the quote keeps no borrowed speaker.
    text = (
        "Ms. Lane is hopeful. Critics disagree: \u201cNot only can they lose, they will.\u201d\n\n"
        "\u201cVoters know what is at stake this time,\u201d Lane said."
    )
    q = _one(nlp, text, "Not only can they lose")
    assert q.speaker_name != "Lane"


def test_subject_of_the_next_paragraph_is_not_taken(nlp: Language) -> None:
    text = (
        "One wrote, \u201cShe waddles up there. Never, never Hillary.\u201d\n\n"
        "Another commenter said, \u201cWe all know how she feels about the police.\u201d"
    )
    q = _one(nlp, text, "We all know")
    assert q.speaker_name == "Another commenter"
    assert q.speaker_kind == "anonymous"


def test_markup_attributes_are_not_quotes(nlp: Language) -> None:
    text = 'The post <tweet author="SomeUser" id="1234">was deleted</tweet> later, officials said.'
    assert _quotes(nlp, text, "direct") == []


ROUND_TRIP = [case[0] for case in DIRECT_CASES] + [
    "“We would like to talk,” Abe said, “and we will see what happens next.”",
    "“One.\n\n“Two,” he said.",
    'Unbalanced "quote that never ends\n\nNext paragraph.',
]


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_offsets_round_trip(nlp: Language, text: str) -> None:
    doc = nlp(text)
    for q in extract_quotes(doc):
        assert 0 <= q.start < q.end <= len(text)
        assert q.pieces, q
        assert q.pieces[0][0] == q.start and q.pieces[-1][1] == q.end
        assert q.text == " ... ".join(text[a:b] for a, b in q.pieces)
        for a, b in q.pieces:
            assert text[a:b] == text[a:b].strip()
            assert text[a:b][:1] not in '“”"«»'
        if q.speaker_start is not None and q.speaker_end is not None:
            assert text[q.speaker_start : q.speaker_end] == q.speaker_name
        if (
            q.cue_start is not None
            and q.cue_end is not None
            and q.cue is not None
            and "..." not in q.cue
        ):
            assert text[q.cue_start : q.cue_end] == q.cue


_ALPHABET = st.sampled_from(
    list("ab cd.,:;!?\n")
    + ["\n\n", '"', "“", "”", "‘", "’", "'", "«", "»", "„", " said ", " He ", " Smith "]
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_never_raises_on_random_quote_marks(nlp: Language, text: str) -> None:
    for q in extract_quotes(nlp(text)):
        assert 0 <= q.start <= q.end <= len(text)
        assert q.kind in ("direct", "indirect", "scare")


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        # A period inside a party label is no sentence end: the attribution follows it.
        (
            "\u201cHe said \u2018we are not done yet,\u2019\u201d Rep. Tom Hale (R-Ky.) recalled.",
            "He said",
            "hale",
        ),
    ],
)
def test_attribution_read_past_abbreviations(
    nlp: Language, text: str, quoted: str, speaker: str
) -> None:
    q = _one(nlp, text, quoted)
    assert _last(q.speaker_name) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ms. Ortiz said the strike would go on but added, \u201cNobody here wants it to last.\u201d",
            "ortiz",
        ),
        (
            "The coach wrote that the players were tired, saying, \u201cThey gave everything they had.\u201d",
            "coach",
        ),
    ],
)
def test_participle_after_reported_clause_takes_the_reporter(
    nlp: Language, text: str, speaker: str
) -> None:
    # The parser hangs "adding"/"but added" on the reported clause; its subject is
    # not the one who adds.
    direct = _quotes(nlp, text, "direct")
    assert len(direct) == 1
    assert _last(direct[0].speaker_name) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # Who put out the statement speaks, not the day next to "saying".
        (
            "The governor issued a statement Monday saying, \u201cThe bridge will reopen "
            "when it is safe and not a day sooner.\u201d",
            "governor",
        ),
        (
            "The singer canceled the tour in May. At the time, she released a statement "
            "saying, \u201cI need to rest and be with my family for a while.\u201d",
            "she",
        ),
        # With nobody issuing it, the thing that says it is the source.
        (
            "The clip ends with a narrator saying: \u201cVote for a change this time.\u201d",
            "narrator",
        ),
    ],
)
def test_participle_on_a_noun(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


@pytest.mark.parametrize(
    ("text", "quoted", "speaker"),
    [
        # "“...,” his aide said" right after a quote attributes it, whatever verb of
        # the clause before governs it in the parse.
        (
            "Mr. Hale also praised his rival's ''steady hand'' - ''a hand we will need,'' "
            "his aide said - and called for calm.",
            "a hand we will need",
            "aide",
        ),
        # A speech verb between a clause's verb and the quote introduces the quote.
        (
            "The mayor won an endorsement from Paul Greer, who declared at the rally, "
            "\u201cThis city needs a fighter.\u201d",
            "This city needs",
            "greer",
        ),
    ],
)
def test_nearest_cue_wins(nlp: Language, text: str, quoted: str, speaker: str) -> None:
    q = _one(nlp, text, quoted)
    assert _last(q.speaker_name) == speaker


def test_partial_quote_after_an_attribution_stays_apart(nlp: Language) -> None:
    # The second quote follows a word, not the attribution's comma: it is a partial
    # quote of another clause, not the second piece of the first quote.
    text = (
        "Her allies are hitting back, calling the governor a liar - ''He has never told "
        "the truth,'' one flyer declared - or branding him a ''fraud.''"
    )
    first = _one(nlp, text, "He has never told the truth")
    assert "fraud" not in first.text
    assert len(first.pieces) == 1


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Gun owners should stay calm," opined the Daily Ledger.', "ledger"),
        ("Ms. Ruiz interjected, \u201cLet him finish, please.\u201d", "ruiz"),
        ("As the band sang in 1979, \u201cWe are the champions of the night.\u201d", "band"),
    ],
)
def test_more_speech_verbs(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


def test_read_is_a_cue_only_when_finite(nlp: Language) -> None:
    # "a note to read" is not the verb that reports the quote.
    text = (
        "The judge then turned to me. \u201cMr. Cole, are you ready?\u201d I had brought "
        "a short statement to read, but I put it aside."
    )
    q = _one(nlp, text, "are you ready")
    assert q.cue != "read"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The mayor's spokeswoman, Dana Pike, responded in a statement. "
            "\u201cWe will review the report and act on it.\u201d",
            "spokeswoman",
        ),
        (
            'Professor Ian Mole of Leeds agreed. "Nobody expected the vote to be this close."',
            "mole",
        ),
        ("Ms. Pike said the report was flawed. \u201cWe will review it anyway.\u201d", "pike"),
    ],
)
def test_attribution_in_the_sentence_before(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


def test_sentence_before_in_another_paragraph_is_not_the_attribution(nlp: Language) -> None:
    text = "Ms. Pike said the report was flawed.\n\n\u201cWe will review it anyway.\u201d"
    q = _one(nlp, text, "We will review")
    assert q.speaker_name is None


def test_of_two_subjects_the_nearer_speaks(nlp: Language) -> None:
    text = (
        "A debate between those who want less tax and those who want more "
        "('' We cannot afford it,'' Ms. Gray wrote last week) has split the party."
    )
    q = _one(nlp, text, "We cannot afford it")
    assert q.speaker_name == "Gray"


def test_next_sentence_reporting_something_else_is_not_the_attribution(nlp: Language) -> None:
    # A quote that ends its sentence is followed by a new one; "Ms. Cruz said she
    # disagreed" reports her own words, not the quote before it.
    text = (
        "Mr. Lowe was blunt about the deal: \u201cThe plan is dead and everyone knows "
        "it.\u201d Ms. Cruz said she disagreed with him."
    )
    q = _one(nlp, text, "The plan is dead")
    assert q.speaker_name == "Lowe"


def test_bare_attribution_after_a_full_stop_still_counts(nlp: Language) -> None:
    q = _one(nlp, "\u201cWe will win this seat in the fall.\u201d Hale said.", "We will win")
    assert q.speaker_name == "Hale"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "When the senator mocked the plan, Ms. Vega shot back, "
            "\u201cAt least we have a plan for the city.\u201d",
            "vega",
        ),
        (
            "Mr. Lund was talking when his wife cut in: "
            "\u201cHe never sleeps before midnight, ever.\u201d",
            "wife",
        ),
    ],
)
def test_phrasal_speech_verbs(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


def test_who_is_called_something_is_not_the_speaker(nlp: Language) -> None:
    text = (
        "He is a real asset. And Skelly called Braynard "
        "\u201ca smart guy who knows the data better than anyone.\u201d"
    )
    q = _one(nlp, text, "a smart guy")
    assert q.speaker_name != "Braynard"


def test_speech_verb_parsed_as_dep_takes_the_subject_above(nlp: Language) -> None:
    # A hand-built parse as the small model gives it for "X, exasperated, responded:":
    # the speech verb hangs as `dep` on the participle that holds the subject.
    from spacy.tokens import Doc

    words = ["Lee", ",", "exasperated", ",", "responded", ":", "\u201c", "Why", "does", "it"]
    words += ["matter", "now", "?", "\u201d"]
    doc = Doc(
        nlp.vocab,
        words=words,
        spaces=[False, True, False, True, False, True, False, True, True, True]
        + [True, False, False, False],
        heads=[2, 0, 2, 2, 2, 4, 4, 10, 10, 10, 4, 10, 4, 4],
        deps=["nsubj", "punct", "ROOT", "punct", "dep", "punct", "punct", "advmod", "aux"]
        + ["nsubj", "ccomp", "advmod", "punct", "punct"],
        pos=["PROPN", "PUNCT", "VERB", "PUNCT", "VERB", "PUNCT", "PUNCT", "ADV", "AUX", "PRON"]
        + ["VERB", "ADV", "PUNCT", "PUNCT"],
        tags=["NNP", ",", "VBD", ",", "VBD", ":", "``", "WRB", "VBZ", "PRP", "VB", "RB", "."]
        + ["''"],
        lemmas=["Lee", ",", "exasperate", ",", "respond", ":", "\u201c", "why", "do", "it"]
        + ["matter", "now", "?", "\u201d"],
    )
    [q] = extract_quotes(doc)
    assert q.speaker_name == "Lee"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "His office quickly blasted out an email to donors stating, "
            "\u201cThe senator will not be silenced by these attacks.\u201d",
            "office",
        ),
        (
            "The team sent a text message to fans saying: "
            "\u201cThank you for a season we will never forget.\u201d",
            "team",
        ),
    ],
)
def test_recipients_of_a_message_are_not_its_speaker(
    nlp: Language, text: str, speaker: str
) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


def test_new_sentence_after_a_question_is_not_its_attribution(nlp: Language) -> None:
    # “...?” He shrugged: a capitalised pronoun opens a new sentence; the attribution
    # of a question has it in lower case (“...?” he asked).
    text = (
        "The reporter pressed the mayor. \u201cIs that really the plan for the city?\u201d "
        "He shrugged and walked off."
    )
    assert _one(nlp, text, "Is that really").speaker_name is None
    asked = _one(nlp, "\u201cIs that really the plan for the city?\u201d he asked.", "Is that")
    assert asked.speaker_name == "he"


def test_put_it_aside_is_not_as_x_put_it(nlp: Language) -> None:
    text = (
        "The judge looked up. \u201cAre you ready to proceed, Mr. Cole?\u201d "
        "I had brought a statement, but I put it aside."
    )
    q = _one(nlp, text, "Are you ready")
    assert q.cue != "put"
    idiom = _one(
        nlp, "As the mayor put it, \u201cWe are out of money and out of time.\u201d", "We are"
    )
    assert _last(idiom.speaker_name) == "mayor"


def test_dash_name_colon_credit_wins_over_the_clause(nlp: Language) -> None:
    # Digest style: "<summary> - Name: “quote”" credits Name, even after a speech verb.
    text = (
        "Analysts agree the turnout fell - Maria Lopez: "
        "\u201cYoung voters stayed home this time, and it showed.\u201d"
    )
    assert _one(nlp, text, "Young voters").speaker_name == "Maria Lopez"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Support for the mayor grew after her call for "
            "\u201ca fair wage for every single worker in the city.\u201d",
            "her",
        ),
        (
            "From the senator's Facebook post: "
            '"We must move on and unite behind one candidate now."',
            "senator",
        ),
    ],
)
def test_possessor_of_a_speech_noun_speaks(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Ms. Diaz thanked the council for \u201cstanding up when it really counted for us.\u201d",
            "diaz",
        ),
        (
            "The union cited \u201cunsafe wiring and broken heaters in every classroom\u201d "
            "in its complaint.",
            "union",
        ),
        # An inverted subject that is a common noun, after the quote.
        (
            "\u201cShame on the whole council!\u201d blared the front page of the Daily Ledger.",
            "page",
        ),
    ],
)
def test_thank_cite_blare(nlp: Language, text: str, speaker: str) -> None:
    q = _one(nlp, text, "")
    assert _last(q.speaker_name) == speaker


def test_new_sentence_after_a_question_does_not_override_the_colon_cue(nlp: Language) -> None:
    text = (
        "The minister finally answered: \u201cWhy does it matter now, at this point?\u201d "
        "Her critics cited it as proof."
    )
    assert _last(_one(nlp, text, "Why does it matter").speaker_name) == "minister"


def test_speech_noun_must_introduce_the_quote(nlp: Language) -> None:
    # "his rival's comments about the new budget as “...”": the noun is not what
    # introduces the quote (words other than "for"/"of" stand between them).
    text = "Mr. Lee dismissed his rival's comments about the new budget as \u201cpure fiction from start to end.\u201d"
    assert _one(nlp, text, "pure fiction").speaker_name != "his rival"


def test_object_of_a_later_verb_is_no_inverted_speaker(nlp: Language) -> None:
    # Only right after the quote is a noun after the verb its inverted subject.
    text = (
        "Ms. Park supports \u201cfair pay raises,\u201d opposes \u201carbitrary pay freezes\u201d "
        "and recalled the long freeze on federal pay: \u201cI saw how hard it was for families.\u201d"
    )
    found = _quotes(nlp, text, "direct")
    assert found
    for q in found:
        assert q.speaker_name is None or "freeze" not in q.speaker_name


def test_relative_clause_subject_hung_elsewhere_by_the_parser(nlp: Language) -> None:
    text = (
        "Although there is no deal with the union's team, a city official who spoke "
        'anonymously to discuss the talks said Monday, "Certainly there are talks between '
        'the two sides."'
    )
    assert _last(_one(nlp, text, "Certainly there are").speaker_name) == "official"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('"Friend, let me be blunt. We can still win this race," the email read.', "email"),
        (
            "Right after the vote, the mayor issued a statement, "
            "\u201cTonight the city chose to move forward together.\u201d",
            "mayor",
        ),
    ],
)
def test_documents_and_statements_as_sources(nlp: Language, text: str, speaker: str) -> None:
    assert _last(_one(nlp, text, "").speaker_name) == speaker


def test_continued_is_a_speech_verb(nlp: Language) -> None:
    # A hand-built parse in which the quote is a sentence of its own, not the verb's
    # complement: only the cue before it can attribute it.
    from spacy.tokens import Doc

    doc = Doc(
        nlp.vocab,
        words=["Ray", "continued", ",", "\u201c", "We", "lost", "the", "vote", ".", "\u201d"],
        spaces=[True, False, True, False, True, True, True, False, False, False],
        heads=[1, 1, 1, 5, 5, 5, 7, 5, 5, 5],
        deps=["nsubj", "ROOT", "punct", "punct", "nsubj", "ROOT", "det", "dobj", "punct", "punct"],
        pos=["PROPN", "VERB", "PUNCT", "PUNCT", "PRON", "VERB", "DET", "NOUN", "PUNCT", "PUNCT"],
        tags=["NNP", "VBD", ",", "``", "PRP", "VBD", "DT", "NN", ".", "''"],
        lemmas=["Ray", "continue", ",", "\u201c", "we", "lose", "the", "vote", ".", "\u201d"],
    )
    [q] = extract_quotes(doc)
    assert q.speaker_name == "Ray"


def test_continue_with_an_object_is_no_speech_verb(nlp: Language) -> None:
    text = (
        "Ms. Ode said the talks would stall, but she hoped to continue the work "
        "based on the \u201cgood faith and patience\u201d of both parties."
    )
    q = _one(nlp, text, "good faith")
    assert q.cue != "continue"


def test_and_i_quote_is_the_writers_aside(nlp: Language) -> None:
    text = (
        'No wonder the mayor said, and I quote, "We love the folks who never read the fine print."'
    )
    assert _last(_one(nlp, text, "We love the folks").speaker_name) == "mayor"
