from __future__ import annotations

from storyline.models import EventMention
from storyline.stages.key_timeline import (
    DocInfo,
    act_weight,
    choose_count,
    independent_sources,
    is_debris,
    key_timeline,
    rank_days,
    story_centroid,
    trim,
    unglue,
)


def _m(doc: str, date: str, text: str, start: int = 0, planned: bool = False) -> EventMention:
    return EventMention(doc, date, planned, start, start + len(text), text, start, start + 3, "x", "DCT")


BLAST = "An explosion on the drilling rig killed eleven workers in the Gulf of Mexico."
BLAST2 = "The explosion on the drilling rig killed eleven workers and injured others."
OPED = "Columnist Jane Roe argues that the president was too slow to respond to the explosion on the rig."
PROTEST = "Fishermen protested outside the company headquarters in Houston against the spill."
OTHER = "The company announced that the well was capped after months of leaking oil."


def _docs(n: int, published: str = "2010-04-21", outlet: str = "bbc") -> dict[str, DocInfo]:
    return {f"d{i}": DocInfo(published, outlet, None) for i in range(1, n + 1)}


def test_copies_of_one_report_count_once() -> None:
    report = {"d1": "wire-1", "d2": "wire-1", "d3": None}
    assert independent_sources(["d1", "d2", "d3"], report.get) == 2
    assert independent_sources([], report.get) == 0


def test_count_rule_grows_with_the_story_within_bounds() -> None:
    assert choose_count(0) == 5
    assert choose_count(100) == 20
    assert choose_count(10_000) == 40


def test_debris_is_never_an_event_sentence() -> None:
    assert is_debris("Wed Apr 15, 2009 5:56 am EDT HONG KONG (Reuters) - Officials said on Wednesday.")
    assert is_debris("Oil spill | World news | Latest headlines | Home")
    assert is_debris("BP shares fall")
    assert is_debris("A boy wears a mask inside a bus in Bogota May 4, 2009.")
    assert is_debris("At 23:28 29th Apr 2009, reader wrote: It is at times like this that we need news.")
    assert is_debris("* Consulting firm found that drug companies would need four years to meet demand.")
    assert is_debris("The company is not responsible for the content in this press release.")
    assert not is_debris(BLAST)


def test_opinion_and_speech_weigh_less_than_the_act() -> None:
    assert act_weight(OPED) < act_weight(BLAST)
    assert act_weight("We must act now, the minister said of the spill in the gulf.") < act_weight(BLAST)


def test_days_ranked_by_independent_reports_with_copies_once() -> None:
    mentions = [_m("d1", "2010-04-20", BLAST), _m("d2", "2010-04-20", BLAST2), _m("d3", "2010-04-20", BLAST),
                _m("d4", "2010-05-02", PROTEST), _m("d5", "2010-05-02", PROTEST), _m("d6", "2010-05-02", PROTEST),
                _m("d7", "2010-05-02", PROTEST)]
    docs = {m.document: DocInfo(m.date, "bbc", None) for m in mentions}
    ranked = rank_days(mentions, docs)
    assert [d for d, _, _ in ranked] == ["2010-05-02", "2010-04-20"]
    # Four copies of one wire story are one source: the blast, told by three, wins.
    copies = {k: DocInfo(v.published, v.outlet, "wire" if k in {"d4", "d5", "d6", "d7"} else None)
              for k, v in docs.items()}
    ranked = rank_days(mentions, copies)
    assert [d for d, _, n in ranked] == ["2010-04-20", "2010-05-02"]
    assert [n for _, _, n in ranked] == [3, 1]


def test_a_day_with_two_happenings_has_two_entries_and_the_act_is_chosen() -> None:
    mentions = [_m("d1", "2010-04-20", OPED), _m("d2", "2010-04-20", BLAST), _m("d3", "2010-04-20", BLAST2),
                _m("d4", "2010-04-20", PROTEST), _m("d5", "2010-04-20", OTHER, planned=True)]
    days = key_timeline(mentions, _docs(5), dates=1, per_date=2)
    assert len(days) == 1
    texts = [e.text for e in days[0].entries]
    assert texts[0] in (BLAST, BLAST2)
    assert len(texts) == 2 and texts[1] != OPED and texts[1] not in (BLAST, BLAST2)
    first = days[0].entries[0]
    assert {s.document for s in first.sources} >= {"d2", "d3"}
    assert first.independent >= 2 and first.outlets == ("bbc",)


def test_far_dates_need_strong_evidence_and_the_span_restricts() -> None:
    mentions = [_m("d1", "1439-04-20", BLAST), _m("d2", "2010-04-20", BLAST), _m("d3", "2010-05-01", PROTEST)]
    docs = _docs(3)
    assert [d.date for d in key_timeline(mentions, docs, dates=5)] == ["2010-04-20", "2010-05-01"]
    assert [d.date for d in key_timeline(mentions, docs, dates=5, start="2010-05-01", end="2010-05-31")] == [
        "2010-05-01"]
    many = [_m(f"d{i}", "2009-01-01", BLAST) for i in range(1, 6)]
    assert "2009-01-01" in [d.date for d in key_timeline(many + mentions, _docs(5), dates=5)]


def test_leads_are_candidates_but_never_choose_a_day() -> None:
    mentions = [_m("d1", "2010-04-20", OPED), _m("d2", "2010-04-20", BLAST2)]
    # The lead of an article published the next morning tells the day before.
    lead = _m("d3", "2010-04-21", BLAST, start=0)
    asked: list[set[str]] = []

    def leads(days: set[str]) -> list[EventMention]:
        asked.append(days)
        return [lead, _m("d3", "2010-06-01", PROTEST)]

    days = key_timeline(mentions, _docs(3), dates=3, per_date=1, leads=leads)
    assert [d.date for d in days] == ["2010-04-20"]
    assert asked == [{"2010-04-20", "2010-04-21"}]
    assert days[0].entries[0].text in (BLAST, BLAST2)
    assert "d3" in {s.document for s in days[0].entries[0].sources}


def test_a_sentence_is_shown_on_one_day_only() -> None:
    # One lead is a candidate for its publication day and the day before; both days are key.
    mentions = [_m("d1", "2010-04-20", BLAST2), _m("d2", "2010-04-21", PROTEST), _m("d4", "2010-04-21", PROTEST)]
    lead = _m("d3", "2010-04-21", BLAST, start=0)
    days = key_timeline(mentions, _docs(4), dates=2, per_date=2, leads=lambda days: [lead])
    assert [d.date for d in days] == ["2010-04-20", "2010-04-21"]
    shown = [e.text for d in days for e in d.entries]
    assert len(shown) == len(set(shown))
    assert BLAST in shown
    # The same holds when the page glued a byline to the lead: what is shown is compared.
    text = "By Jane Roe Political correspondent " + BLAST
    glued = EventMention("d3", "2010-04-21", False, 0, len(text), text, 0, 0, "", "DCT")
    days = key_timeline(mentions, _docs(4), dates=2, per_date=2, leads=lambda days: [glued])
    shown = [e.text for d in days for e in d.entries]
    assert len(shown) == len(set(shown)) and BLAST in shown


def test_the_sentence_most_reports_tell_beats_an_aside() -> None:
    aside = "Shares in the company fell sharply in London as traders sold stock."
    mentions = [_m("d1", "2010-04-20", aside), _m("d2", "2010-04-20", BLAST), _m("d3", "2010-04-20", BLAST2),
                _m("d4", "2010-04-20", "The drilling rig burned after the explosion and eleven workers died.")]
    days = key_timeline(mentions, _docs(4), dates=1, per_date=1)
    assert days[0].entries[0].text in (BLAST, BLAST2)


def test_a_headline_glued_to_a_sentence_is_cut_but_names_are_kept() -> None:
    glued = "Louisiana feels the effects of the oil spill A sheen of oil is nearing the beaches of Florida on Friday."
    at = 100 + glued.index("Friday")
    cut = unglue(EventMention("d1", "2010-04-23", False, 100, 100 + len(glued), glued, at, at + 6, "Friday", None))
    assert cut.text == "A sheen of oil is nearing the beaches of Florida on Friday."
    assert cut.start == 100 + glued.index("A sheen") and cut.end == 100 + len(glued)
    # A lead (dated by its publication day, no expression) is cut too.
    lead = EventMention("d1", "2010-04-23", False, 0, len(glued), glued, 0, 0, "", "DCT")
    assert unglue(lead).text.startswith("A sheen")
    for head, rest in (("HOW THE OIL SPILL SPREAD ", "Oil drifted east along the coast of the gulf."),
                       ("Obama meets the chiefs of BP ", "BP executives met the president at the White House.")):
        text = head + rest
        assert unglue(EventMention("d1", "2010-04-23", False, 0, len(text), text, 0, 0, "", "DCT")).text == rest
    for kept in ("The number of cases of the new Influenza A (H1N1) flu has risen to 10,243 worldwide.",
                 "He read the report in The Times on Monday and said it was wrong."):
        assert unglue(_m("d1", "2010-04-20", kept)).text == kept
    # The expression that dates the sentence is in the head: nothing is cut.
    head = "Oil first reached the coast on 20 April A sheen of oil is nearing the beaches of Florida."
    at = head.index("20 April")
    dated = EventMention("d1", "2010-04-20", False, 0, len(head), head, at, at + 8, "20 April", None)
    assert unglue(dated).text == head


def test_the_story_centroid_does_not_depend_on_the_order_of_mentions() -> None:
    mentions = [_m(f"d{i}", "2010-04-20", t) for i, t in
                enumerate([BLAST, BLAST2, OPED, PROTEST, OTHER] * 3)]
    assert story_centroid(mentions) == story_centroid(list(reversed(mentions)))


def test_background_and_sentences_that_lean_on_the_one_before_weigh_less() -> None:
    # Nothing done, only how things are: background to the story.
    assert act_weight("There are many different types of swine flu and most of them infect only pigs.") < act_weight(
        "Two more people in London were diagnosed with swine flu at the weekend.")
    # "It" needs the sentence before; an opening subordinate clause puts the act second.
    assert act_weight("It killed eleven workers on the drilling rig in the Gulf of Mexico.") < act_weight(BLAST)
    assert act_weight("After the rig burned for two days, the crews stopped fighting the fire.") < act_weight(
        "The crews stopped fighting the fire after the rig burned for two days.")
    # A sentence of a quotation that runs over several sentences opens on its quotation mark only.
    assert act_weight('"The explosion on the drilling rig killed eleven workers in the gulf.') < act_weight(BLAST)


def test_the_line_shown_drops_relative_time_connectives_and_closing_attribution() -> None:
    assert trim("Yesterday, people in Mexico City were ordered not to kiss or shake hands.") == (
        "People in Mexico City were ordered not to kiss or shake hands.")
    assert trim("Meanwhile, the Coast Guard set fire to patches of spilled oil off Louisiana.") == (
        "The Coast Guard set fire to patches of spilled oil off Louisiana.")
    assert trim("The well is leaking 5,000 barrels of oil a day into the gulf, a Coast Guard official said on Thursday.") == (
        "The well is leaking 5,000 barrels of oil a day into the gulf.")
    # Kept: a quotation keeps its speaker, a short clause keeps its subject, a plain sentence is whole.
    quoted = 'The spill is "a catastrophe for the whole coast and all its fishermen", the governor said.'
    assert trim(quoted) == quoted
    assert trim("Oil leaked, officials said.") == "Oil leaked, officials said."
    assert trim(BLAST) == BLAST


def test_the_key_timeline_shows_the_trimmed_line() -> None:
    said = "An explosion on the drilling rig killed eleven workers in the Gulf of Mexico, officials said."
    mentions = [_m("d1", "2010-04-20", said), _m("d2", "2010-04-20", said), _m("d3", "2010-04-20", PROTEST)]
    days = key_timeline(mentions, _docs(3), dates=1, per_date=1)
    assert [e.text for e in days[0].entries] == [BLAST]
    assert {s.document for s in days[0].entries[0].sources} == {"d1", "d2"}


def test_the_navigation_prefilter_answers_as_the_regex_does() -> None:
    from storyline.stages.key_timeline import _NAV, _navigation

    texts = [
        "Officials met on Monday to discuss the strike and its end.",
        "Home | World | Business and the rest of the menu here.",
        "Click HERE to read the full report on the talks today.",
        "READ MORE: the strike and what it means for the port.",
        "Photograph : Reuters staff at the harbour on Monday.",
        "The photo shows the ships in the harbour on Monday.",
        "See also the earlier report on the harbour strike.",
        "Follow the latest news on the strike at the port.",
        "Share this story with a friend who works at the port.",
        "Ratio 3:2 was agreed by the union and the employers.",
        "Menu » World » Europe, and the port of Rotterdam today.",
        "Clıck here to see the list of ships in the harbour.",
        "Klick here • for more on the strike at the harbour.",
        "Seaside reading: more notes on the strike at the port.",
    ]
    for text in texts:
        assert _navigation(text) == (_NAV.search(text) is not None), text
    assert sum(_navigation(t) for t in texts) >= 8
