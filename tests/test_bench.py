"""The benchmark: Reuters loader, corpus files storyline can ingest, and a tiny full run."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import itertools
import json
from pathlib import Path

import pytest

from storyline import bench
from storyline.eval.reuters import ReutersStory, iter_stories, parse_story, write_corpus
from storyline.models import RawDocument
from storyline.stages import read

SGML = """<REUTERS TOPICS="YES" LEWISSPLIT="TRAIN" CGISPLIT="TRAINING-SET" OLDID="1" NEWID="42">
<DATE> 3-MAR-1987 09:15:02.11</DATE>
<TOPICS><D>grain</D></TOPICS>
<TEXT>&#2;
<TITLE>WHEAT &lt;XYZ&gt; EXPORTS RISE</TITLE>
<DATELINE>    CHICAGO, March 3 - </DATELINE><BODY>Wheat exports rose
sharply last week, traders said.
&\\tThe Agriculture Department will report on Friday.
 Reuter
&#3;</BODY></TEXT>
</REUTERS>"""


def _story(sgml: str) -> ReutersStory | None:
    head, _, rest = sgml.partition(">")
    return parse_story(head.removeprefix("<REUTERS"), rest.rpartition("</REUTERS>")[0])


@pytest.mark.parametrize("sgml", [SGML])
def test_parse_story_decodes_entities_dates_and_paragraphs(sgml: str) -> None:
    story = _story(sgml)
    assert story is not None
    assert story.newid == 42
    assert story.date == dt.date(1987, 3, 3)
    assert story.title == "WHEAT <XYZ> EXPORTS RISE"
    assert story.dateline == "CHICAGO, March 3"
    assert story.body.split("\n\n") == [
        "Wheat exports rose\nsharply last week, traders said.",
        "The Agriculture Department will report on Friday.\n Reuter",
    ]
    assert "&" not in story.body and "\x03" not in story.body
    assert story.text().startswith("WHEAT <XYZ> EXPORTS RISE\n\nCHICAGO, March 3 - Wheat exports rose")


@pytest.mark.parametrize("drop", ["<BODY>", "<DATE>"])
def test_parse_story_needs_body_and_date(drop: str) -> None:
    assert _story(SGML.replace(drop, "<X>")) is None


@pytest.mark.parametrize("n", [3])
def test_write_corpus_is_read_like_user_files(tmp_path: Path, n: int) -> None:
    stories = [
        ReutersStory(newid=i, date=dt.date(1987, 3, i), title=f"TITLE {i}", dateline="LONDON, March 1",
                     body="Some words here.")
        for i in range(1, n + 1)
    ]
    files = write_corpus(stories, tmp_path)
    assert len(files) == n
    with (tmp_path / "manifest.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["published"] for r in rows] == ["1987-03-01", "1987-03-02", "1987-03-03"]
    raws = [r for r in read.iter_inputs([tmp_path], manifest=tmp_path / "manifest.csv")]
    assert all(isinstance(r, RawDocument) for r in raws)
    assert sorted((r.published, r.outlet) for r in raws if isinstance(r, RawDocument)) == [
        (dt.date(1987, 3, i), "Reuters") for i in range(1, n + 1)
    ]


@pytest.mark.shared
@pytest.mark.parametrize("n", [25])
def test_iter_stories_streams_dated_stories_with_bodies(data_dir: Path, n: int) -> None:
    tarball = data_dir / "newswire" / "reuters21578" / "reuters21578.tar.gz"
    stories = list(itertools.islice(iter_stories(tarball, min_words=50), n))
    assert len(stories) == n
    assert all(s.words >= 50 and s.title and s.date.year == 1987 for s in stories)
    assert [s.newid for s in stories] == sorted(s.newid for s in stories)
    assert all("&#" not in s.body and "&\\t" not in s.body for s in stories)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("docs", [8])
def test_bench_run_prints_every_figure(data_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       docs: int) -> None:
    tarball = data_dir / "newswire" / "reuters21578" / "reuters21578.tar.gz"
    assert bench.main(["--docs", str(docs), "--json", "--data", str(tarball), "--workdir", str(tmp_path),
                       "--workers-docs", str(docs)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["corpus"]["inputs"] == docs
    assert 0 < result["corpus"]["docs"] <= docs
    for side in ("spacy", "ours"):
        assert result[side]["docs"] == result["corpus"]["docs"]
        assert result[side]["words"] == result["corpus"]["words"] > 0
        assert result[side]["seconds"] > 0 and result[side]["words_per_s"] > 0
    assert result["ratio"] == pytest.approx(result["ours"]["words_per_s"] / result["spacy"]["words_per_s"])
    assert result["ratio_cpu"] > 0
    assert len(result["ours"]["runs_seconds"]) == len(result["spacy"]["runs_seconds"]) == result["repeat"] == 2
    assert result["ours"]["seconds"] == min(result["ours"]["runs_seconds"])
    assert result["stages"]["seconds"].keys() == result["stages"]["cpu_seconds"].keys()
    secs = result["stages"]["cpu_seconds"]
    for stage in ("ingest+clean (read, clean, store)", "parse (spaCy nlp.pipe)", "timex", "quotes",
                  "entities (per doc)", "events", "cast (story)", "timeline (story)", "summary (story)",
                  "export: write files"):
        assert secs[stage] >= 0, stage
    assert secs["parse (spaCy nlp.pipe)"] > 0
    assert result["stages"]["sentences"] > 0 and result["stages"]["timex_sentences_per_s"] > 0
    assert result["stages"]["timex_adversarial_worst_s"] >= 0
    assert result["stages"]["cast_quotes_pct_of_parse"] >= 0
    sizes = [m["inputs"] for m in result["memory"]]
    assert sizes == [docs // 2, docs]
    assert all(m["build_peak_rss_mb"] >= m["build_rss_after_model_load_mb"] > 0 for m in result["memory"])
    assert all(m["spacy_peak_rss_mb"] > 0 for m in result["memory"])
    assert result["memory_growth_mb_per_100_docs"] is not None
    table = bench.render(result)
    for label in ("spaCy nlp.pipe", "storyline.build", "ratio", "timex tagger alone", "slowest adversarial", "cast + quotes",
                  "peak RSS", "copies (MinHash + LSH)", "speed-up 2 workers / 1 worker"):
        assert label in table
    scale = result["scale"]
    assert scale["docs"] == docs and scale["dedup_cpu_s_per_1000"] > 0 and scale["stories_cpu_s_per_1000"] > 0
    assert [w["workers"] for w in scale["workers"]] == [1, 2]
    for w in scale["workers"]:
        assert w["docs"] == result["corpus"]["docs"] and len(w["worker_peak_rss_mb"]) == w["workers"]
        assert len(w["worker_cpu_seconds"]) == w["workers"] and all(c > 0 for c in w["worker_cpu_seconds"])
        assert w["client_cpu_seconds_by_step"]["story stages"] > 0
        assert sum(w["client_cpu_seconds_by_step"].values()) == pytest.approx(w["client_cpu_seconds"])
        assert len(w["load_averages_before"]) == len(w["load_averages_after"]) == 3
    assert scale["speedup"] > 0
    for acc in scale["cpu_account"]:
        assert 0 < acc["client_share"] < 1 and 1 < acc["amdahl_bound"] < 2


def test_long_corpus_takes_articles_in_turn_from_the_topics(tmp_path: Path) -> None:
    from storyline.bench import DEFAULT_TLS
    from storyline.bench_long import write_long_corpus

    path = write_long_corpus(DEFAULT_TLS, 12, tmp_path)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 12
    assert len({r["outlet"] for r in rows}) >= 5  # several topics, not the first one's articles
    assert all(r["text"] and dt.date.fromisoformat(r["published"]) for r in rows)
    assert " ," not in rows[0]["text"]  # detokenised like the tls harness
    topic = tmp_path / "tls" / "H1N1_bbc"
    topic.mkdir(parents=True)
    with gzip.open(topic / "articles.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "1", "time": "2009-04-27", "text": "A case is confirmed ."}) + "\n")
    (topic / "timelines.jsonl").write_text("[]\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="holds only 1 articles"):
        write_long_corpus(tmp_path / "tls", 2, tmp_path)


def test_the_cpu_account_bounds_the_speed_up_from_cpu_seconds() -> None:
    from storyline.bench_scale import cpu_account

    run = {"client_cpu_seconds": 20.0, "worker_cpu_seconds": [40.0, 40.0],
           "client_cpu_seconds_by_step": {"ingest": 4.0, "analyse (send, receive, store)": 6.0,
                                          "story stages": 2.0, "export (story data)": 7.0, "export (files)": 1.0}}
    acc = cpu_account(run)
    assert acc["client_share"] == pytest.approx(0.2)
    assert acc["amdahl_bound"] == pytest.approx(1 / (0.2 + 0.8 / 2))
    # 10 s alone at the end; one worker: 10 + max(80, 10); two: 10 + (80 + 10) / 2.
    assert acc["serial_cpu_seconds"] == pytest.approx(10.0)
    assert acc["two_core_estimate"] == pytest.approx(90 / 55)
