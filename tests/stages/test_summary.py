from __future__ import annotations

from collections.abc import Iterator

from storyline.stages.summary import summarize

DOCS = {
    "d1": [
        "Japan and Russia agreed to accelerate peace treaty talks at a summit in Singapore.",
        "The talks concern four islands seized by the Soviet Union after the war.",
        "The weather in the capital was mild on the day of the meeting, officials noted.",
    ],
    "d2": [
        "Japan and Russia agreed to speed up peace treaty talks during the Singapore summit.",
        "Foreign ministers will lead the peace treaty negotiations between Japan and Russia.",
        "A local bakery reported record sales of bread and pastries this week.",
    ],
}


def rows() -> Iterator[tuple[str, int, int, int, str]]:
    for doc, sents in DOCS.items():
        pos = 0
        for i, s in enumerate(sents):
            yield doc, i, pos, pos + len(s), s
            pos += len(s) + 1


def test_summary_picks_central_sentences_and_cites_near_duplicates() -> None:
    out = summarize(rows, 2)
    assert len(out) == 2
    texts = [s.text for s in out]
    assert not any("bakery" in t for t in texts)
    # The two near-identical lead sentences become one summary line citing both documents.
    lead = next(s for s in out if "Singapore" in s.text)
    assert {src.document for src in lead.sources} == {"d1", "d2"}
    for s in out:
        src = s.sources[0]
        doc_sents = DOCS[src.document]
        full = " ".join(doc_sents)
        assert full[src.start : src.end] == s.text


def test_summary_of_nothing_is_empty() -> None:
    assert summarize(lambda: iter(()), 5) == []


def test_sentences_of_one_timeline_event_are_one_summary_line() -> None:
    # d1's lead and d2's second sentence word one meeting differently: cosine alone
    # keeps both; the timeline event they share makes the second a citation.
    d1_lead = ("d1", 0)
    d2_ministers = ("d2", len(DOCS["d2"][0]) + 1)
    plain = summarize(rows, 2)
    assert len({s.text for s in plain}) == 2
    merged = summarize(rows, 2, events={d1_lead: "ev1", d2_ministers: "ev1"})
    texts = [s.text for s in merged]
    assert (DOCS["d1"][0] in texts) != (DOCS["d2"][1] in texts)  # exactly one of the two
    for s in merged:
        if s.text in (DOCS["d1"][0], DOCS["d2"][1]):
            assert {src.document for src in s.sources} == {"d1", "d2"}


def test_summary_is_in_date_order() -> None:
    out = summarize(rows, 2, published={"d1": "2020-05-02", "d2": "2020-05-01"})
    dates = [{"d1": "2020-05-02", "d2": "2020-05-01"}[s.sources[0].document] for s in out]
    assert dates == sorted(dates)
