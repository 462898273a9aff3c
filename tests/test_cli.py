"""The CLI: exit codes, one-line errors, JSON on stdout only, incremental ingest and analysis."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from storyline.cli import main

pytestmark = pytest.mark.slow

ARTICLE_A = """Harbour talks resume

By Jane Roe

The city council and the ferry operators met on Monday to resume talks over the harbour fees, officials said, after a week in which services were cut by half.

"We are close to an agreement that works for everyone," council leader Maria Olsen said after the meeting on Monday.

The two sides will meet again on Friday, according to the council.
"""

ARTICLE_B = """Ferry deal reached

The ferry operators and the city council reached a deal on harbour fees on Friday, ending a dispute that had halved services for two weeks.

Olsen said the agreement would "protect jobs and keep fares stable" for the rest of the year.
"""


def _runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="cp1252")
    return folder


def test_build_prints_timeline_and_writes_exports(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _runner().invoke(
        main, ["build", str(corpus), "--date", "2025-03-03", "--db", str(tmp_path / "s.db"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "2025-03-03" in result.stdout
    for name in ("story.json", "story.md", "story.html"):
        assert (out / name).stat().st_size > 0
    html = (out / "story.html").read_text()
    assert "<script" not in html and "http" not in html.split("<body>")[1].split("Sources")[0]


def test_json_output_is_clean_on_stdout(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = _runner().invoke(main, ["build", str(corpus), "--date", "2025-03-03", "--db", db, "--out", str(tmp_path / "o"), "--json"])
    assert r.exit_code == 0
    data = json.loads(r.stdout)
    assert {"documents", "entities", "quotes", "events", "timeline", "summary"} <= set(data)
    for cmd in (["timeline"], ["cast"], ["quotes"], ["search", "harbour"], ["settings"]):
        r = _runner().invoke(main, [*cmd, "--json", *(["--db", db] if cmd != ["settings"] else [])])
        assert r.exit_code == 0, (cmd, r.output)
        json.loads(r.stdout)


def test_quotes_by_speaker(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    _runner().invoke(main, ["build", str(corpus), "--date", "2025-03-03", "--db", db, "--out", str(tmp_path / "o")])
    r = _runner().invoke(main, ["quotes", "--speaker", "Olsen", "--json", "--db", db])
    quotes = json.loads(r.stdout)
    assert quotes and all("Olsen" in (q["speaker_name"] or "") for q in quotes)
    texts = " ".join(q["text"] for q in quotes)
    assert "close to an agreement" in texts


def test_ingest_twice_is_a_no_op_and_a_changed_file_is_a_new_version(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r1 = _runner().invoke(main, ["ingest", str(corpus), "--db", db])
    assert r1.exit_code == 0 and "2 added" in r1.stderr
    r2 = _runner().invoke(main, ["ingest", str(corpus), "--db", db])
    assert "0 added" in r2.stderr and "2 unchanged" in r2.stderr
    r3 = _runner().invoke(main, ["analyze", "--db", db])
    assert "2 analysed" in r3.stderr
    (corpus / "a.txt").write_text(ARTICLE_A.replace("half", "a third"), encoding="utf-8")
    r4 = _runner().invoke(main, ["ingest", str(corpus), "--db", db])
    assert "1 new versions" in r4.stderr or "1 new version" in r4.stderr
    r5 = _runner().invoke(main, ["analyze", "--db", db])
    assert "1 analysed" in r5.stderr
    r6 = _runner().invoke(main, ["export", "--format", "json", "--out", str(tmp_path / "x.json"), "--db", db])
    assert r6.exit_code == 0
    docs = json.loads((tmp_path / "x.json").read_text())["documents"]
    assert len(docs) == 2
    assert any("a third" in d["text"] and d["version"] == 2 for d in docs)


def test_bad_inputs_are_named_and_the_run_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(ARTICLE_A, encoding="utf-8")
    (folder / "empty.txt").write_text("   \n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (folder / "utf16.txt").write_text(ARTICLE_B, encoding="utf-16")
    (folder / "records.jsonl").write_text(
        json.dumps({"text": ARTICLE_B.replace("Ferry", "Bus"), "title": "Bus deal"}) + "\n{broken json\n",
        encoding="utf-8",
    )
    (folder / "page.html").write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    db = tmp_path / "s.db"
    r = _runner().invoke(main, ["build", str(folder), "--date", "2025-03-03", "--db", str(db), "--out", str(tmp_path / "o")])
    assert r.exit_code == 3, r.output
    warnings = [line for line in r.stderr.splitlines() if line.startswith("warning:")]
    named = " ".join(warnings)
    for item in ("empty.txt", "binary.txt", "records.jsonl:2", "page.html"):
        assert item in named, (item, warnings)
    assert "Traceback" not in r.output
    data = json.loads((tmp_path / "o" / "story.json").read_text())
    titles = {d["title"] for d in data["documents"]}
    assert len(data["documents"]) == 3, titles  # good.txt, utf16.txt, the good JSONL record
    assert "Bus deal" in titles
    assert len(data["failures"]) == len(warnings)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["timeline", "--db", "{tmp}/missing.db"], "Error: {tmp}/missing.db: no such database"),
        (["build", "{tmp}", "--set", "summary.sentence=2", "--db", "{tmp}/s.db"], "Error: --set summary.sentence=2: unknown setting 'summary.sentence'"),
        (["build", "{tmp}", "--date", "2025-13-01"], "is not a date in YYYY-MM-DD form"),
    ],
)
def test_errors_are_one_line(args: list[str], message: str, tmp_path: Path) -> None:
    r = _runner().invoke(main, [a.replace("{tmp}", str(tmp_path)) for a in args])
    assert r.exit_code in (1, 2)
    assert message.replace("{tmp}", str(tmp_path)) in r.stderr
    assert "Traceback" not in r.output


def test_not_a_database_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"garbage" * 1000)
    r = _runner().invoke(main, ["timeline", "--db", str(bad)])
    assert r.exit_code == 1
    assert r.stderr.startswith(f"Error: {bad}: cannot open as a storyline database")
    assert bad.read_bytes() == b"garbage" * 1000  # never overwritten


def test_date_line_gives_an_inferred_date_with_bounds(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Published: 4 March 2025\n\n" + ARTICLE_A, encoding="utf-8")
    (folder / "b.txt").write_text(ARTICLE_B, encoding="utf-8")
    r = _runner().invoke(main, ["build", str(folder), "--db", str(tmp_path / "s.db"), "--out", str(tmp_path / "o"), "--json"])
    docs = {Path(d["path"]).name: d for d in json.loads(r.stdout)["documents"]}
    assert docs["a.txt"]["published"] == "2025-03-04"
    assert docs["a.txt"]["published_inferred"] is True
    assert docs["a.txt"]["published_bounds"] == ["2025-03-04", "2025-03-04"]
    # Nothing in b.txt fixes a year: no date is guessed.
    assert docs["b.txt"]["published"] is None or docs["b.txt"]["published_inferred"] is True


@pytest.mark.parametrize("fmt", ["markdown", "html", "timeml"])
def test_export_formats(fmt: str, corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    _runner().invoke(main, ["ingest", str(corpus), "--date", "2025-03-03", "--db", db])
    _runner().invoke(main, ["analyze", "--db", db])
    out = tmp_path / ("tml" if fmt == "timeml" else f"story.{fmt}")
    r = _runner().invoke(main, ["export", "--format", fmt, "--out", str(out), "--db", db])
    assert r.exit_code == 0, r.output
    if fmt == "timeml":
        files = sorted(out.glob("*.tml"))
        assert len(files) == 2
        assert any('value="2025-03-03"' in f.read_text() for f in files)
    else:
        assert "harbour" in out.read_text().lower()


def test_timeline_key_dates_all_and_bounds(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    r = _runner().invoke(main, ["build", str(corpus), "--date", "2025-03-05", "--db", db, "--out", str(tmp_path / "o")])
    assert r.exit_code == 0, r.output
    full = json.loads(_runner().invoke(main, ["timeline", "--all", "--json", "--db", db]).stdout)["timeline"]
    key = json.loads(_runner().invoke(main, ["timeline", "--json", "--dates", "1", "--per-date", "1", "--db", db]).stdout)
    assert list(key) == ["timeline"] and len(key["timeline"]) == 1
    day = key["timeline"][0]
    assert day["date"] in {d["date"] for d in full}
    assert len(day["entries"]) == 1 and day["entries"][0]["text"] and day["entries"][0]["sources"]
    assert day["sources"] >= 1
    # A story this small keeps every dated day (at least five key dates), in date order.
    days = sorted(d["date"] for d in full if len(d["date"]) == 10)
    every = json.loads(_runner().invoke(main, ["timeline", "--json", "--db", db]).stdout)["timeline"]
    assert [d["date"] for d in every] == days and "2025-03-03" in days
    later = json.loads(_runner().invoke(main, ["timeline", "--json", "--from", "2025-03-04", "--db", db]).stdout)
    assert [d["date"] for d in later["timeline"]] == [d for d in days if d >= "2025-03-04"]
    text = _runner().invoke(main, ["timeline", "--db", db]).stdout
    assert text.startswith(f"{days[0]}  (") and "independent source" in text
    bad = _runner().invoke(main, ["timeline", "--from", "2025-03-09", "--to", "2025-03-01", "--db", db])
    assert bad.exit_code == 2
    md = (tmp_path / "o" / "story.md").read_text()
    assert md.index("## Key timeline") < md.index("## Full timeline")
