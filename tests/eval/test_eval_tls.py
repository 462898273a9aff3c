from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main
from storyline.errors import InputError
from storyline.eval.tls import (
    Tally,
    detokenize,
    gold_timelines,
    score,
    tokenize,
    topics_in,
    write_inputs,
)

GOLD = [["2010-04-20", ["An explosion aboard the rig kills 11 workers .", "The rig burns ."]],
        ["2010-04-22", ["The rig sinks -LRB- in 5,000 feet of water -RRB- ."]],
        ["2010-07-15", ["BP says the leak is stopped with a cap ."]]]


def _topic(tmp_path: Path) -> Path:
    topic = tmp_path / "bpoil_bbc"
    topic.mkdir()
    with gzip.open(topic / "articles.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "1", "time": "2010-04-21", "text": "BP 's rig , `` Deepwater '' , exploded . \nIt burns ."}) + "\n")
    (topic / "timelines.jsonl").write_text(json.dumps(GOLD) + "\n", encoding="utf-8")
    return topic


def test_detokenize_undoes_treebank_tokens_line_by_line() -> None:
    assert detokenize("BP 's rig , `` Deepwater '' , exploded . \nIt -LRB- the rig -RRB- burns .") == (
        'BP\'s rig, "Deepwater", exploded.\nIt (the rig) burns.')
    assert tokenize("BP's rig exploded.") == "BP 's rig exploded ."


def test_gold_l_k_span_and_inputs(tmp_path: Path) -> None:
    topic = _topic(tmp_path)
    gold = gold_timelines(topic)[0]
    assert (gold.length, gold.per_date, gold.span) == (3, 1, ("2010-04-20", "2010-07-15"))
    assert gold.days["2010-04-22"] == ["The rig sinks (in 5,000 feet of water)."]
    rows = [json.loads(x) for x in write_inputs(topic, tmp_path).read_text().splitlines()]
    assert rows == [{"id": "1", "text": 'BP\'s rig, "Deepwater", exploded.\nIt burns.', "outlet": "bbc",
                     "published": "2010-04-21"}]
    assert "published" not in json.loads((write_inputs(topic, tmp_path, with_dates=False)).read_text())


def test_the_gold_scores_one_and_a_wrong_day_less(tmp_path: Path) -> None:
    gold = gold_timelines(_topic(tmp_path))[0]
    perfect, shifted = Tally(), Tally()
    score(gold.days, gold, perfect)
    score({"2010-04-21" if d == "2010-04-20" else d: s for d, s in gold.days.items()}, gold, shifted)
    got = perfect.scores()
    assert got["date_f1"] == 1.0 and got["align_m1_r1"] == 1.0 and got["concat_r2"] == 1.0
    worse = shifted.scores()
    assert worse["date_f1"] < 1.0 and 0 < worse["align_m1_r1"] < 1.0
    empty = Tally()
    score({}, gold, empty)
    assert empty.scores()["align_m1_r1"] == 0.0


def test_a_folder_without_topics_is_one_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        topics_in(tmp_path)
    _topic(tmp_path)
    with pytest.raises(InputError, match="no topic H1N1_bbc"):
        topics_in(tmp_path, ["H1N1_bbc"])
    r = CliRunner().invoke(main, ["eval", "tls", str(tmp_path / "bpoil_bbc"), "--cache", str(tmp_path / "c")])
    assert r.exit_code == 1 and r.output.startswith("Error: ")


def test_an_undated_build_starts_over_when_the_stages_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import storyline
    from storyline import registry
    from storyline.eval import tls

    topic = _topic(tmp_path)
    analysed: list[int] = []

    def analyze(store: object, **kw: object) -> None:
        # Stand-in for the analysis: it infers a date and records the stages that ran.
        conn = store.conn  # type: ignore[attr-defined]
        analysed.append(conn.execute("SELECT count(*) FROM documents WHERE published IS NOT NULL").fetchone()[0])
        conn.execute("UPDATE documents SET published = '2010-04-22', published_inferred = 1, analyzed_with = ?",
                     (registry.analysis_version(),))
        conn.commit()

    monkeypatch.setattr(storyline, "analyze", analyze)
    db = tls.build_topic(topic, tmp_path / "cache", with_dates=False)
    tls.build_topic(topic, tmp_path / "cache", with_dates=False)  # up to date: kept
    with storyline.connect(db) as store:
        store.conn.execute("UPDATE documents SET analyzed_with = 'storyline.dct.v1'")
        store.conn.commit()
    tls.build_topic(topic, tmp_path / "cache", with_dates=False)  # out of date: built again
    # The third analysis saw no stored date: the one inferred earlier was not kept as given.
    assert analysed == [0, 1, 0]
