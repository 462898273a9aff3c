"""TimeML reading and writing: offsets, round trip, annotation of TBAQ files."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from storyline.models import Timex
from storyline.timeml import annotate_dir, read_timeml, render_timeml, write_timeml

SAMPLE = """<?xml version="1.0" ?>
<TimeML>
<DOCID>sample_1</DOCID>
<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" functionInDocument="CREATION_TIME">08/07/98</TIMEX3></DCT>
<TEXT>
Officials <EVENT eid="e1" class="REPORTING">said</EVENT> <TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> that talks &amp; trade
<SIGNAL sid="s1">after</SIGNAL> <TIMEX3 tid="t2" type="DURATION" value="P3D">three days</TIMEX3> went on.\r
</TEXT>
<TLINK lid="l1" relType="BEFORE" eventInstanceID="ei1" relatedToTime="t1"/>
</TimeML>
"""


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    path = tmp_path / "sample.tml"
    path.write_bytes(SAMPLE.encode("utf-8"))
    return path


def test_read_sample(sample: Path) -> None:
    doc = read_timeml(sample)
    assert doc.docid == "sample_1"
    assert doc.dct == dt.date(1998, 8, 7)
    assert "<" not in doc.text and "&amp;" in doc.text and "\r" in doc.text
    spans = doc.gold_spans()
    assert [doc.text[s:e] for s, e, _, _ in spans] == ["Thursday", "three days"]
    assert [(k, v) for _, _, k, v in spans] == [("DATE", "1998-08-06"), ("DURATION", "P3D")]


def test_write_keeps_everything_but_timex(sample: Path, tmp_path: Path) -> None:
    doc = read_timeml(sample)
    start = doc.text.index("three days")
    out = tmp_path / "out" / "sample.tml"
    write_timeml(
        sample, [Timex(start, start + 10, "three days", "DURATION", "P3D", rule="test")], out
    )
    written = out.read_bytes().decode("utf-8")
    assert '<TIMEX3 tid="t1" type="DURATION" value="P3D">three days</TIMEX3>' in written
    assert "<EVENT" not in written.split("<TEXT>")[1].split("</TEXT>")[0]
    assert written.split("</TEXT>")[1] == SAMPLE.split("</TEXT>")[1]
    again = read_timeml(out)
    assert again.text == doc.text
    assert again.gold_spans() == [(start, start + 10, "DURATION", "P3D")]


def _strip_non_timex(source: str) -> str:
    head, rest = source.split("<TEXT>", 1)
    body, tail = rest.split("</TEXT>", 1)
    body = re.sub(r"</?(?!TIMEX3\b)[A-Za-z0-9_]+\b[^>]*>", "", body)
    body = re.sub(r"<TIMEX3\b[^>]*>", "<TIMEX3>", body)
    return head + "<TEXT>" + body + "</TEXT>" + tail


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["TimeBank/wsj_0006.tml", "TimeBank/APW19980219.0476.tml", "AQUAINT/APW19980807.0261.tml"],
)
def test_gold_round_trip(data_dir: Path, name: str) -> None:
    """Writing the gold TIMEX3 back reproduces the file's TEXT (other inline tags removed)."""
    path = data_dir / "tbaq" / name
    doc = read_timeml(path)
    assert doc.gold, "expected gold TIMEX3 in the file"
    gold = [Timex(g.start, g.end, doc.text[g.start : g.end], g.type, g.value) for g in doc.gold]
    rendered = render_timeml(path, gold)
    with open(path, encoding="utf-8", newline="") as handle:
        original = handle.read()
    assert _strip_non_timex(rendered) == _strip_non_timex(original)


@pytest.mark.shared
@pytest.mark.slow
def test_annotate_dir_on_tbaq_files(data_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ["wsj_0006.tml", "APW19980219.0476.tml", "wsj_0679.tml"]:
        (src / name).write_bytes((data_dir / "tbaq" / "TimeBank" / name).read_bytes())
    n = annotate_dir(src, tmp_path / "out")
    assert n == 3
    for name in ["wsj_0006.tml", "APW19980219.0476.tml", "wsj_0679.tml"]:
        original = read_timeml(src / name)
        tagged = read_timeml(tmp_path / "out" / name)
        assert tagged.text == original.text
        assert tagged.dct == original.dct
        assert tagged.gold, f"storyline found no expression in {name}"
        assert {(g.start, g.end) for g in tagged.gold} & {(g.start, g.end) for g in original.gold}
